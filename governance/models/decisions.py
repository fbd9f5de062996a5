"""The decisions register, its reference counters, and the action items decisions create."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from governance.enums import ActionStatus, Classification, DecisionStatus, ReleaseStatus
from governance.models.bodies import Body
from governance.models.people import Organization, Person

if TYPE_CHECKING:
    from governance.models.agreements import Agreement
    from governance.models.recommendations import Recommendation
    from governance.models.results import ActionPlan
    from governance.models.votes import Motion


class ReferenceCounter(Model):
    # The last number handed out per scope and year; numbers are never reused.

    id = fields.IntField(primary_key=True)
    scope = fields.CharField(max_length=64)
    year = fields.IntField()
    last_number = fields.IntField(default=0)

    class Meta:
        table = "reference_counter"
        unique_together = (("scope", "year"),)


class Decision(Model):
    id = fields.IntField(primary_key=True)
    reference = fields.CharField(max_length=32, unique=True)
    committee: fields.ForeignKeyRelation[Body] = fields.ForeignKeyField(
        "models.Body", related_name="decisions", on_delete=fields.RESTRICT
    )
    committee_id: int
    motion: fields.OneToOneNullableRelation[Motion] = fields.OneToOneField(
        "models.Motion", related_name="decision", null=True, on_delete=fields.RESTRICT
    )
    motion_id: int | None
    title = fields.CharField(max_length=300)
    text = fields.TextField()
    decided_on = fields.DateField(db_index=True)
    # What readers are filtered on: PUBLIC once cleared for release, else as recorded.
    classification = fields.CharEnumField(Classification, max_length=16)
    recorded_classification = fields.CharEnumField(Classification, max_length=16)
    status = fields.CharEnumField(DecisionStatus, max_length=16, default=DecisionStatus.IN_FORCE)
    release = fields.CharEnumField(
        ReleaseStatus, max_length=24, default=ReleaseStatus.NOT_FOR_RELEASE
    )
    supersedes: fields.OneToOneNullableRelation[Decision] = fields.OneToOneField(
        "models.Decision", related_name="superseded_by", null=True, on_delete=fields.RESTRICT
    )
    supersedes_id: int | None
    agreement: fields.ForeignKeyNullableRelation[Agreement] = fields.ForeignKeyField(
        "models.Agreement", related_name="decisions", null=True, on_delete=fields.RESTRICT
    )
    agreement_id: int | None
    recommendation: fields.ForeignKeyNullableRelation[Recommendation] = fields.ForeignKeyField(
        "models.Recommendation", related_name="decisions", null=True, on_delete=fields.RESTRICT
    )
    recommendation_id: int | None
    revoked_reason = fields.TextField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "decision"
        # Each list's order (newest first, then id) behind its filters: the register, by
        # committee (also the committee's nested list), by agreement. Not by
        # classification first: see tests/test_query_plans.py.
        indexes = (
            ("decided_on", "id"),
            ("committee_id", "decided_on", "id"),
            ("agreement_id", "decided_on", "id"),
        )


class ActionItem(Model):
    id = fields.IntField(primary_key=True)
    committee: fields.ForeignKeyRelation[Body] = fields.ForeignKeyField(
        "models.Body", related_name="action_items", on_delete=fields.RESTRICT
    )
    committee_id: int
    title = fields.CharField(max_length=300)
    owner_person: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="action_items", null=True, on_delete=fields.RESTRICT
    )
    owner_person_id: int | None
    owner_organization: fields.ForeignKeyNullableRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="action_items", null=True, on_delete=fields.RESTRICT
    )
    owner_organization_id: int | None
    due_date = fields.DateField(null=True, db_index=True)
    status = fields.CharEnumField(ActionStatus, max_length=16, default=ActionStatus.OPEN)
    decision: fields.ForeignKeyNullableRelation[Decision] = fields.ForeignKeyField(
        "models.Decision", related_name="action_items", null=True, on_delete=fields.RESTRICT
    )
    decision_id: int | None
    # The action plan it is an action of; a roll-over moves it on unless DONE or CANCELLED.
    plan: fields.ForeignKeyNullableRelation[ActionPlan] = fields.ForeignKeyField(
        "models.ActionPlan", related_name="actions", null=True, on_delete=fields.RESTRICT
    )
    plan_id: int | None
    classification = fields.CharEnumField(Classification, max_length=16)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "action_item"
        # The API lists by id, the admin by due date; by committee (nested), by decision,
        # by owner (the owner's own items).
        indexes = (
            ("committee_id", "id"),
            ("decision_id", "id"),
            ("plan_id", "id"),
            ("owner_person_id", "id"),
            ("owner_organization_id", "id"),
            ("due_date", "id"),
        )
