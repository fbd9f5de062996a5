"""The queries and mutations of results (the types: schema.results); each mutation is one
service of governance.results or governance.action_plans."""

from __future__ import annotations

from datetime import date

import strawberry
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from governance import action_plans, results
from governance import models as m
from governance.indicators import assessments
from schema import ids
from schema.context import Info
from schema.enums import (
    ActionPlanStatus,
    Classification,
    IndicatorDirection,
    IndicatorFrequency,
    IndicatorStatus,
)
from schema.keyset import decode_cursor
from schema.pagination import Connection, connection, page_size, paginate
from schema.results import (
    ACTION_PLAN_ORDER,
    INDICATOR_ORDER,
    ActionPlan,
    Indicator,
    Measurement,
    ProgressReport,
    prime_assessments,
)


@strawberry.input
class CreateIndicatorInput:
    body_id: strawberry.ID
    code: str
    name: str
    description: str | None = None
    unit: str
    direction: IndicatorDirection
    frequency: IndicatorFrequency
    baseline: float | None = None
    baseline_date: date | None = None
    target: float
    target_date: date | None = None
    classification: Classification
    agreement_id: strawberry.ID | None = None
    focus_area_id: strawberry.ID | None = None


@strawberry.input
class RecordMeasurementInput:
    indicator_id: strawberry.ID
    period_start: date
    period_end: date
    value: float
    note: str | None = None
    source: str | None = None


@strawberry.input
class CreateActionPlanInput:
    body_id: strawberry.ID
    title: str
    monitored_by_id: strawberry.ID | None = None
    period_start: date
    period_end: date
    classification: Classification
    decision_id: strawberry.ID | None = None
    indicator_ids: list[strawberry.ID] | None = None


@strawberry.input
class SubmitProgressReportInput:
    plan_id: strawberry.ID
    period_end: date
    summary: str
    obstacles: str | None = None


async def _by_status(
    info: Info,
    queryset: QuerySet[m.Indicator],
    status: IndicatorStatus,
    first: int | None,
    after: str | None,
) -> Connection[Indicator]:
    """The status is the rule's (governance.indicators), not a column: every indicator the
    other filters leave is read in the list's order and assessed together, then the page
    is cut from those of the status. Three statements however long the list, a fourth
    for the ids after the cursor (asked of the database, whose collation orders the
    codes). The assessments made here answer the page's status and progress."""
    size = page_size(first)
    cursor = decode_cursor(after, INDICATOR_ORDER)
    rows = await queryset.order_by(*INDICATOR_ORDER.sql())
    found = await assessments(rows)
    prime_assessments(info.context.loaders, found, rows)
    matching = [row for row in rows if found[row.id].status == status]
    if cursor is not None:
        later = set(
            await queryset.filter(INDICATOR_ORDER.after(cursor)).values_list("id", flat=True)
        )
        matching_after = [row for row in matching if row.id in later]
    else:
        matching_after = matching
    return connection(
        matching_after[:size],
        INDICATOR_ORDER,
        has_next=len(matching_after) > size,
        has_previous=cursor is not None,
        total=len(matching),
    )


@strawberry.type
class ResultsQuery:
    @strawberry.field
    async def indicators(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        body_id: strawberry.ID | None = None,
        agreement_id: strawberry.ID | None = None,
        status: IndicatorStatus | None = None,
    ) -> Connection[Indicator]:
        queryset = info.context.loaders.visible(Indicator)
        if body_id is not None:
            queryset = queryset.filter(body_id=ids.require(body_id, "bodyId", "Committee"))
        if agreement_id is not None:
            queryset = queryset.filter(
                agreement_id=ids.require(agreement_id, "agreementId", "Agreement")
            )
        if status is not None:
            return await _by_status(info, queryset, status, first, after)
        return await paginate(queryset, INDICATOR_ORDER, first, after)

    @strawberry.field
    async def indicator(self, info: Info, code: str) -> Indicator | None:
        if len(code) > 64:
            return None
        return await info.context.loaders.one(Indicator, by="code").load(code)

    @strawberry.field(description="bodyId: the plans that committee adopted or monitors.")
    async def action_plans(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        body_id: strawberry.ID | None = None,
        status: ActionPlanStatus | None = None,
    ) -> Connection[ActionPlan]:
        queryset = info.context.loaders.visible(ActionPlan)
        if body_id is not None:
            body = ids.require(body_id, "bodyId", "Committee")
            queryset = queryset.filter(Q(body_id=body) | Q(monitored_by_id=body))
        if status is not None:
            queryset = queryset.filter(status=status)
        return await paginate(queryset, ACTION_PLAN_ORDER, first, after)

    @strawberry.field
    async def action_plan(self, info: Info, reference: str) -> ActionPlan | None:
        if len(reference) > 32:
            return None
        return await info.context.loaders.one(ActionPlan, by="reference").load(reference)


@strawberry.type
class ResultsMutation:
    @strawberry.mutation
    async def create_indicator(self, info: Info, input: CreateIndicatorInput) -> Indicator:
        indicator = await results.create_indicator(
            info.context.viewer,
            body_id=ids.require(input.body_id, "bodyId", *ids.BODY),
            code=input.code,
            name=input.name,
            description=input.description,
            unit=input.unit,
            direction=input.direction,
            frequency=input.frequency,
            baseline=input.baseline,
            baseline_date=input.baseline_date,
            target=input.target,
            target_date=input.target_date,
            classification=input.classification,
            agreement_id=ids.parse(input.agreement_id, "agreementId", "Agreement"),
            focus_area_id=ids.parse(input.focus_area_id, "focusAreaId", "FocusArea"),
        )
        return Indicator.of(indicator)

    @strawberry.mutation(
        description="The body's chair or secretary, or people of an organization party to "
        "the indicator's agreement."
    )
    async def record_measurement(self, info: Info, input: RecordMeasurementInput) -> Measurement:
        measurement = await results.record_measurement(
            info.context.viewer,
            indicator_id=ids.require(input.indicator_id, "indicatorId", "Indicator"),
            period_start=input.period_start,
            period_end=input.period_end,
            value=input.value,
            note=input.note,
            source=input.source,
        )
        return Measurement.of(measurement)

    @strawberry.mutation
    async def create_action_plan(self, info: Info, input: CreateActionPlanInput) -> ActionPlan:
        plan = await action_plans.create_action_plan(
            info.context.viewer,
            body_id=ids.require(input.body_id, "bodyId", *ids.BODY),
            title=input.title,
            period_start=input.period_start,
            period_end=input.period_end,
            classification=input.classification,
            monitored_by_id=ids.parse(input.monitored_by_id, "monitoredById", *ids.BODY),
            decision_id=ids.parse(input.decision_id, "decisionId", "Decision"),
            indicator_ids=ids.parse_many(input.indicator_ids, "indicatorIds", "Indicator"),
        )
        return ActionPlan.of(plan)

    @strawberry.mutation
    async def transition_action_plan(
        self, info: Info, plan_id: strawberry.ID, status: ActionPlanStatus
    ) -> ActionPlan:
        plan = await action_plans.transition_action_plan(
            info.context.viewer, plan_id=ids.require(plan_id, "planId", "ActionPlan"), status=status
        )
        return ActionPlan.of(plan)

    @strawberry.mutation(
        description="The adopting body's chair or secretary, or a member of the monitoring "
        "committee."
    )
    async def submit_progress_report(
        self, info: Info, input: SubmitProgressReportInput
    ) -> ProgressReport:
        report = await action_plans.submit_progress_report(
            info.context.viewer,
            plan_id=ids.require(input.plan_id, "planId", "ActionPlan"),
            period_end=input.period_end,
            summary=input.summary,
            obstacles=input.obstacles,
        )
        return ProgressReport.of(report)

    @strawberry.mutation(
        description="Closes the plan and opens the next one, carrying over the actions not "
        "DONE or CANCELLED."
    )
    async def roll_over_action_plan(
        self, info: Info, plan_id: strawberry.ID, period_end: date
    ) -> ActionPlan:
        plan = await action_plans.roll_over_action_plan(
            info.context.viewer,
            plan_id=ids.require(plan_id, "planId", "ActionPlan"),
            period_end=period_end,
        )
        return ActionPlan.of(plan)
