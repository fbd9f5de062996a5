"""Results: indicators with targets and their measurements; action plans adopted by a
committee, monitored by another, and the progress reports on them (PRODUCT.md,
"Indicators and action plans"). What an indicator's status is: governance.indicators."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from governance.enums import (
    ActionPlanStatus,
    Classification,
    IndicatorDirection,
    IndicatorFrequency,
)
from governance.models.bodies import Body
from governance.models.people import Person

if TYPE_CHECKING:
    from governance.models.agreements import Agreement, FocusArea
    from governance.models.decisions import ActionItem, Decision


class Indicator(Model):
    id = fields.IntField(primary_key=True)
    # Unique across the service (MCPP-KPI-004), whoever owns it.
    code = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=300)
    description = fields.TextField(null=True)
    unit = fields.CharField(max_length=64)
    direction = fields.CharEnumField(IndicatorDirection, max_length=16)
    frequency = fields.CharEnumField(IndicatorFrequency, max_length=16)
    baseline = fields.FloatField(null=True)
    baseline_date = fields.DateField(null=True)
    target = fields.FloatField()
    target_date = fields.DateField(null=True)
    # The committee that reports on it: its owning body.
    body: fields.ForeignKeyRelation[Body] = fields.ForeignKeyField(
        "models.Body", related_name="indicators", on_delete=fields.RESTRICT
    )
    body_id: int
    agreement: fields.ForeignKeyNullableRelation[Agreement] = fields.ForeignKeyField(
        "models.Agreement", related_name="indicators", null=True, on_delete=fields.RESTRICT
    )
    agreement_id: int | None
    focus_area: fields.ForeignKeyNullableRelation[FocusArea] = fields.ForeignKeyField(
        "models.FocusArea", related_name="indicators", null=True, on_delete=fields.RESTRICT
    )
    focus_area_id: int | None
    classification = fields.CharEnumField(Classification, max_length=16)
    created_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="indicators_created", null=True, on_delete=fields.RESTRICT
    )
    created_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    measurements: fields.ReverseRelation[Measurement]

    class Meta:
        table = "indicator"
        # Lists go by code: all, by committee (also nested), by agreement (nested).
        indexes = (("body_id", "code", "id"), ("agreement_id", "code", "id"))


class Measurement(Model):
    id = fields.IntField(primary_key=True)
    indicator: fields.ForeignKeyRelation[Indicator] = fields.ForeignKeyField(
        "models.Indicator", related_name="measurements", on_delete=fields.RESTRICT
    )
    indicator_id: int
    period_start = fields.DateField()
    period_end = fields.DateField()
    value = fields.FloatField()
    note = fields.TextField(null=True)
    source = fields.CharField(max_length=300, null=True)
    recorded_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="measurements_recorded", null=True, on_delete=fields.RESTRICT
    )
    recorded_by_id: int | None
    recorded_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "measurement"
        # One figure per indicator and period: a second one is CONFLICT, not a correction.
        unique_together = (("indicator", "period_start", "period_end"),)
        # Oldest first, and the latest (by period end) of each indicator.
        indexes = (("indicator_id", "period_end", "id"),)


class ActionPlan(Model):
    id = fields.IntField(primary_key=True)
    reference = fields.CharField(max_length=32, unique=True)
    title = fields.CharField(max_length=300)
    # The adopting committee (often a consultation framework) and, optionally, the one
    # that monitors it: the plan and its reports belong to both.
    body: fields.ForeignKeyRelation[Body] = fields.ForeignKeyField(
        "models.Body", related_name="action_plans", on_delete=fields.RESTRICT
    )
    body_id: int
    monitored_by: fields.ForeignKeyNullableRelation[Body] = fields.ForeignKeyField(
        "models.Body", related_name="action_plans_monitored", null=True, on_delete=fields.RESTRICT
    )
    monitored_by_id: int | None
    period_start = fields.DateField()
    period_end = fields.DateField()
    status = fields.CharEnumField(ActionPlanStatus, max_length=16, default=ActionPlanStatus.DRAFT)
    classification = fields.CharEnumField(Classification, max_length=16)
    decision: fields.ForeignKeyNullableRelation[Decision] = fields.ForeignKeyField(
        "models.Decision", related_name="action_plans", null=True, on_delete=fields.RESTRICT
    )
    decision_id: int | None
    previous: fields.OneToOneNullableRelation[ActionPlan] = fields.OneToOneField(
        "models.ActionPlan", related_name="next", null=True, on_delete=fields.RESTRICT
    )
    previous_id: int | None
    indicators: fields.ManyToManyRelation[Indicator] = fields.ManyToManyField(
        "models.Indicator", related_name="action_plans", through="action_plan_indicator"
    )
    created_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="action_plans_created", null=True, on_delete=fields.RESTRICT
    )
    created_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)

    actions: fields.ReverseRelation[ActionItem]

    class Meta:
        table = "action_plan"
        # Latest period first: all, by adopting committee, by monitoring committee.
        indexes = (
            ("period_start", "id"),
            ("body_id", "period_start", "id"),
            ("monitored_by_id", "period_start", "id"),
        )


class ProgressReport(Model):
    id = fields.IntField(primary_key=True)
    plan: fields.ForeignKeyRelation[ActionPlan] = fields.ForeignKeyField(
        "models.ActionPlan", related_name="reports", on_delete=fields.RESTRICT
    )
    plan_id: int
    period_end = fields.DateField()
    summary = fields.TextField()
    obstacles = fields.TextField(null=True)
    submitted_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="progress_reports", null=True, on_delete=fields.RESTRICT
    )
    submitted_by_id: int | None
    submitted_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "progress_report"
        indexes = (("plan_id", "period_end", "id"),)
