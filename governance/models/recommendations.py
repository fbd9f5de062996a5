"""Recommendations from an advisory board to a committee, and the committee's response."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from governance.enums import Classification, RecommendationStatus
from governance.models.bodies import Body
from governance.models.people import Person


class Recommendation(Model):
    id = fields.IntField(primary_key=True)
    reference = fields.CharField(max_length=32, unique=True)
    board: fields.ForeignKeyRelation[Body] = fields.ForeignKeyField(
        "models.Body", related_name="recommendations", on_delete=fields.RESTRICT
    )
    board_id: int
    addressed_to: fields.ForeignKeyRelation[Body] = fields.ForeignKeyField(
        "models.Body", related_name="recommendations_received", on_delete=fields.RESTRICT
    )
    addressed_to_id: int
    # Who drafted it: with the board's chair and secretary, the one who may edit the draft.
    drafted_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person",
        related_name="drafted_recommendations",
        null=True,
        on_delete=fields.RESTRICT,
    )
    drafted_by_id: int | None
    title = fields.CharField(max_length=300)
    text = fields.TextField()
    rationale = fields.TextField(null=True)
    status = fields.CharEnumField(
        RecommendationStatus, max_length=24, default=RecommendationStatus.DRAFT
    )
    classification = fields.CharEnumField(Classification, max_length=16)
    submitted_at = fields.DatetimeField(null=True)
    response_text = fields.TextField(null=True)
    responded_at = fields.DatetimeField(null=True)
    responded_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person",
        related_name="recommendation_responses",
        null=True,
        on_delete=fields.RESTRICT,
    )
    responded_by_id: int | None
    # A plain column, not a foreign key: Decision already references Recommendation,
    # and a cycle of foreign keys cannot be created in one schema pass.
    response_decision_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "recommendation"
        # Newest first, then id: all, from a board, to a committee (both also nested).
        indexes = (
            ("created_at", "id"),
            ("board_id", "created_at", "id"),
            ("addressed_to_id", "created_at", "id"),
        )
