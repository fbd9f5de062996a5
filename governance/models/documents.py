"""Documents attached to the record: the meeting pack, the signed agreement, the report
behind a decision (PRODUCT.md, "Documents"). The bytes live outside the database, named
by their SHA-256 (governance.files); a row is one upload, and two rows may share bytes."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from governance.enums import Classification
from governance.models.agreements import Agreement
from governance.models.bodies import Body
from governance.models.communications import Update
from governance.models.decisions import Decision
from governance.models.meetings import Meeting
from governance.models.people import Person
from governance.models.recommendations import Recommendation
from governance.models.results import ActionPlan

# What a document can be attached to: exactly one of these columns is set (the one
# service that creates documents, governance.documents, sets one), so each attachment
# is a real foreign key the visibility layer can join.
ATTACHMENTS = ("meeting", "agreement", "decision", "recommendation", "action_plan", "update")


class Document(Model):
    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=300)
    # As uploaded, cleaned to a safe file name (governance.files.safe_filename).
    filename = fields.CharField(max_length=255)
    # Decided from the bytes (governance.files.sniff), never from the name or the client.
    content_type = fields.CharField(max_length=128)
    size = fields.BigIntField()
    sha256 = fields.CharField(max_length=64, db_index=True)
    classification = fields.CharEnumField(Classification, max_length=16)
    # The owning bodies of what it is attached to, copied at upload (what a document is
    # attached to never changes body): its classification reads with them.
    body: fields.ForeignKeyNullableRelation[Body] = fields.ForeignKeyField(
        "models.Body", related_name="documents", null=True, on_delete=fields.RESTRICT
    )
    body_id: int | None
    other_body: fields.ForeignKeyNullableRelation[Body] = fields.ForeignKeyField(
        "models.Body", related_name="documents_also", null=True, on_delete=fields.RESTRICT
    )
    other_body_id: int | None
    meeting: fields.ForeignKeyNullableRelation[Meeting] = fields.ForeignKeyField(
        "models.Meeting", related_name="documents", null=True, on_delete=fields.RESTRICT
    )
    meeting_id: int | None
    agreement: fields.ForeignKeyNullableRelation[Agreement] = fields.ForeignKeyField(
        "models.Agreement", related_name="documents", null=True, on_delete=fields.RESTRICT
    )
    agreement_id: int | None
    decision: fields.ForeignKeyNullableRelation[Decision] = fields.ForeignKeyField(
        "models.Decision", related_name="documents", null=True, on_delete=fields.RESTRICT
    )
    decision_id: int | None
    recommendation: fields.ForeignKeyNullableRelation[Recommendation] = fields.ForeignKeyField(
        "models.Recommendation", related_name="documents", null=True, on_delete=fields.RESTRICT
    )
    recommendation_id: int | None
    action_plan: fields.ForeignKeyNullableRelation[ActionPlan] = fields.ForeignKeyField(
        "models.ActionPlan", related_name="documents", null=True, on_delete=fields.RESTRICT
    )
    action_plan_id: int | None
    update: fields.ForeignKeyNullableRelation[Update] = fields.ForeignKeyField(
        "models.Update", related_name="documents", null=True, on_delete=fields.RESTRICT
    )
    update_id: int | None
    # Text extracted from a PDF for search (bounded); null for other types or when the
    # PDF yields none (a scan).
    text = fields.TextField(null=True)
    uploaded_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="documents_uploaded", null=True, on_delete=fields.RESTRICT
    )
    uploaded_by_id: int | None
    uploaded_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "document"
        # Newest first, everywhere: all, and the documents of each thing.
        indexes = (
            ("uploaded_at", "id"),
            ("meeting_id", "uploaded_at", "id"),
            ("agreement_id", "uploaded_at", "id"),
            ("decision_id", "uploaded_at", "id"),
            ("recommendation_id", "uploaded_at", "id"),
            ("action_plan_id", "uploaded_at", "id"),
            ("update_id", "uploaded_at", "id"),
        )

    @property
    def attached(self) -> tuple[str, int]:
        """(kind, id) of what it is attached to."""
        for kind in ATTACHMENTS:
            value = getattr(self, f"{kind}_id")
            if value is not None:
                return kind, value
        raise ValueError(f"Document {self.id} is attached to nothing.")
