"""Results: indicators and their measurements, action plans and their progress reports
(PRODUCT.md, "Indicators and action plans"). The queries and mutations: schema.results_api.

An indicator's status and progress are governance.indicators' `assessments`, a plan's
completion governance.action_plans' `completions`: each asked once for all the items a
request shows (a loader), never recomputed here."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import strawberry
from strawberry.dataloader import DataLoader

from governance import markdown
from governance import models as m
from governance.action_plans import completions
from governance.indicators import Assessment, assessments, latest_measurements
from permissions import kinds
from schema.action_items import ActionItem
from schema.agreements import Agreement, FocusArea
from schema.attachments import Document, documents_of
from schema.bodies import Committee
from schema.context import Info
from schema.decisions import Decision
from schema.enums import (
    ActionPlanStatus,
    Classification,
    IndicatorDirection,
    IndicatorFrequency,
    IndicatorStatus,
)
from schema.loaders import Loaders
from schema.node import Backed, Node, row_of
from schema.pagination import Connection, Order, connection, page_size
from schema.people import Person

INDICATOR_ORDER = Order.of(kinds.INDICATOR)
MEASUREMENT_ORDER = Order.of(kinds.MEASUREMENT)
ACTION_PLAN_ORDER = Order.of(kinds.ACTION_PLAN)
PROGRESS_REPORT_ORDER = Order.of(kinds.PROGRESS_REPORT)

# ------------------------------------------------------------------ batched rules


def assessment_loader(loaders: Loaders) -> DataLoader[m.Indicator, Assessment]:
    """Each indicator's status and progress (governance.indicators.assessments): two
    statements for every indicator the request shows. A row is keyed by its id."""

    async def load(indicators: list[m.Indicator]) -> list[Assessment]:
        found = await assessments(indicators)
        return [found[indicator.id] for indicator in indicators]

    return loaders._loader(("assessments",), load)


def latest_loader(loaders: Loaders) -> DataLoader[int, m.Measurement | None]:
    """Each indicator's latest measurement (governance.indicators), two statements for all.
    Whoever sees an indicator sees its measurements (permissions.kinds.MEASUREMENT)."""

    async def load(indicator_ids: list[int]) -> list[m.Measurement | None]:
        found = await latest_measurements(indicator_ids)
        return [found.get(key) for key in indicator_ids]

    return loaders._loader(("latest_measurement",), load)


def completion_loader(loaders: Loaders) -> DataLoader[int, float]:
    """Each plan's completion (governance.action_plans.completions): one statement."""

    async def load(plan_ids: list[int]) -> list[float]:
        found = await completions(loaders.viewer, plan_ids)
        return [found[key] for key in plan_ids]

    return loaders._loader(("completions",), load)


def prime_assessments(loaders: Loaders, found: dict[int, Assessment], rows: Sequence[Any]) -> None:
    """Assessments already made for a list (the status filter): not asked again."""
    loader = assessment_loader(loaders)
    for row in rows:
        loader.prime(row, found[row.id])


# ------------------------------------------------------------------ indicators


@strawberry.type
class Measurement(Backed[m.Measurement], Node):
    _model = m.Measurement
    period_start: date
    period_end: date
    value: float
    note: str | None
    source: str | None = strawberry.field(
        description="Where the figure comes from, e.g. the municipality's billing system."
    )
    recorded_at: datetime
    indicator_id: strawberry.Private[int]
    recorded_by_id: strawberry.Private[int | None]

    @strawberry.field
    async def indicator(self, info: Info) -> Indicator:
        return await info.context.loaders.required(Indicator).load(self.indicator_id)

    @strawberry.field
    async def recorded_by(self, info: Info) -> Person | None:
        who = self.recorded_by_id
        return None if who is None else await info.context.loaders.one(Person).load(who)


@strawberry.type
class Indicator(Backed[m.Indicator], Node):
    _model = m.Indicator
    code: str = strawberry.field(description="Unique, e.g. MCPP-KPI-004.")
    name: str
    description: str | None
    unit: str = strawberry.field(description="e.g. %, households, ZAR, days.")
    direction: IndicatorDirection
    frequency: IndicatorFrequency
    baseline: float | None
    baseline_date: date | None
    target: float
    target_date: date | None
    classification: Classification
    body_id: strawberry.Private[int]
    agreement_id: strawberry.Private[int | None]
    focus_area_id: strawberry.Private[int | None]

    @strawberry.field(description="The committee that reports on it.")
    async def body(self, info: Info) -> Committee:
        return await info.context.loaders.required(Committee).load(self.body_id)

    @strawberry.field
    async def agreement(self, info: Info) -> Agreement | None:
        agreement = self.agreement_id
        return (
            None if agreement is None else await info.context.loaders.one(Agreement).load(agreement)
        )

    @strawberry.field
    async def focus_area(self, info: Info) -> FocusArea | None:
        area = self.focus_area_id
        return None if area is None else await info.context.loaders.one(FocusArea).load(area)

    @strawberry.field(description="Oldest first.")
    async def measurements(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Measurement]:
        return await info.context.loaders.connection(
            Measurement, "indicator_id", self.id, MEASUREMENT_ORDER, first, after
        )

    @strawberry.field
    async def latest(self, info: Info) -> Measurement | None:
        row = await latest_loader(info.context.loaders).load(self.id)
        return None if row is None else Measurement.of(row)

    @strawberry.field(
        description="(latest - baseline) / (target - baseline); null when any of them is "
        "missing or target = baseline."
    )
    async def progress(self, info: Info) -> float | None:
        assessed = await assessment_loader(info.context.loaders).load(row_of(self))
        return assessed.progress

    @strawberry.field
    async def status(self, info: Info) -> IndicatorStatus:
        assessed = await assessment_loader(info.context.loaders).load(row_of(self))
        return assessed.status


# ------------------------------------------------------------------ action plans


@strawberry.type
class ProgressReport(Backed[m.ProgressReport], Node):
    _model = m.ProgressReport
    period_end: date
    summary: str
    obstacles: str | None
    submitted_at: datetime
    plan_id: strawberry.Private[int]
    submitted_by_id: strawberry.Private[int | None]

    @strawberry.field(description="The summary rendered as sanitised HTML.")
    def summary_html(self) -> str:
        return markdown.render(self.summary)

    @strawberry.field
    async def plan(self, info: Info) -> ActionPlan:
        return await info.context.loaders.required(ActionPlan).load(self.plan_id)

    @strawberry.field
    async def author(self, info: Info) -> Person | None:
        who = self.submitted_by_id
        return None if who is None else await info.context.loaders.one(Person).load(who)


@strawberry.type
class ActionPlan(Backed[m.ActionPlan], Node):
    _model = m.ActionPlan
    reference: str = strawberry.field(description="Unique, never reused, e.g. CF-AP-2026-001.")
    title: str
    period_start: date
    period_end: date
    status: ActionPlanStatus
    classification: Classification
    body_id: strawberry.Private[int]
    monitored_by_id: strawberry.Private[int | None]
    decision_id: strawberry.Private[int | None]
    previous_id: strawberry.Private[int | None]

    @strawberry.field(description="The committee that adopted it.")
    async def body(self, info: Info) -> Committee:
        return await info.context.loaders.required(Committee).load(self.body_id)

    @strawberry.field(description="The committee that monitors it (e.g. a monitoring committee).")
    async def monitored_by(self, info: Info) -> Committee | None:
        body = self.monitored_by_id
        return None if body is None else await info.context.loaders.one(Committee).load(body)

    @strawberry.field
    async def decision(self, info: Info) -> Decision | None:
        decision = self.decision_id
        return None if decision is None else await info.context.loaders.one(Decision).load(decision)

    @strawberry.field
    async def actions(self, info: Info) -> list[ActionItem]:
        return await info.context.loaders.many(ActionItem, "plan_id").load(self.id)

    @strawberry.field
    async def indicators(self, info: Info) -> list[Indicator]:
        loader = info.context.loaders.linked(
            Indicator, m.ActionPlan, "indicators", INDICATOR_ORDER.sql()
        )
        return await loader.load(self.id)

    @strawberry.field
    async def reports(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[ProgressReport]:
        return await info.context.loaders.connection(
            ProgressReport, "plan_id", self.id, PROGRESS_REPORT_ORDER, first, after
        )

    @strawberry.field(
        description="Share of its actions that are DONE, from 0 to 1 (cancelled ones left "
        "out); 0 without actions."
    )
    async def completion(self, info: Info) -> float:
        return await completion_loader(info.context.loaders).load(self.id)

    @strawberry.field(description="The plan this one rolled over from.")
    async def previous(self, info: Info) -> ActionPlan | None:
        plan = self.previous_id
        return None if plan is None else await info.context.loaders.one(ActionPlan).load(plan)

    @strawberry.field(description="Its documents, newest first.")
    async def documents(self, info: Info) -> list[Document]:
        return await documents_of(info, "action_plan_id", self.id)


async def plans_of(
    info: Info, body_id: int, first: int | None, after: str | None, **filters: Any
) -> Connection[ActionPlan]:
    """A committee's plans: those it adopted and those it monitors, as one keyset list.

    Each of the two lists is a nested page of its own (batched over every committee shown:
    schema.loaders), cut after the cursor at `first` rows; the first `first` rows of their
    union are among those, so merging the two pages in the list's order gives the page of
    the union, and it has more when either has or the merge overflows. A plan is never
    both adopted and monitored by one committee (governance.action_plans), so the totals
    add up."""
    loaders = info.context.loaders
    order = ACTION_PLAN_ORDER
    merged: dict[int, Any] = {}
    more = False
    for by in ("body_id", "monitored_by_id"):
        page = await loaders.page(ActionPlan, by, order, first, after, **filters).load(body_id)
        merged.update((row.id, row) for row in page.rows)
        more = more or page.has_next
    size = page_size(first)
    rows = sorted(merged.values(), key=order.key, reverse=order.descending)

    async def total(loaders: Loaders, fresh: bool) -> int:
        counts = [
            await loaders.total(ActionPlan, by, fresh=fresh, **filters).load(body_id)
            for by in ("body_id", "monitored_by_id")
        ]
        return sum(counts)

    return connection(
        rows[:size],
        order,
        has_next=more or len(rows) > size,
        has_previous=after is not None,
        total=total,
    )
