"""What waits for a person: the items on which they are the one to act next.

Each rule is a query, so the admin's dashboard lists and counts it in SQL and the
notifications (a later issue) can ask the same question of the same rule. A rule is
three things read from where they are stated once: the status the item waits in (the
lifecycle's table), who may act on it (the write table, `permissions.acting`) and what
the person may see (`permissions.visible`); nothing is fetched and then dropped.

    minutes to approve        CIRCULATED minutes, where the person may approve (the chair)
    ballots to cast           OPEN motions on whose frozen roll the person is, without
                              a vote of theirs
    updates to review         IN_REVIEW updates they may approve, not their own (four eyes)
    recommendations to answer SUBMITTED or UNDER_REVIEW, to a committee where they may
                              respond (its chair or secretary)
    action items overdue      owned by them (or their organization), past due, not finished
    action items due soon     the same, due today or within DUE_SOON_DAYS
    progress reports due      ADOPTED or IN_PROGRESS plans ending within REPORT_DUE_DAYS
                              (or ended), without a report for a period ending on or after
                              REPORT_DUE_DAYS before the plan's end, where the person may
                              report (the adopting committee's officers, or any member of
                              the monitoring committee)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from pypika_tortoise import SqlContext
from pypika_tortoise.terms import Criterion, Field
from tortoise.expressions import Q, ResolveContext, Subquery
from tortoise.query_utils import QueryModifier
from tortoise.queryset import QuerySet

from governance import clock
from governance.action_items import FINISHED, overdue
from governance.enums import ActionPlanStatus, RecommendationStatus
from governance.lifecycles import MINUTES, MOTION, UPDATE
from governance.models import (
    ActionItem,
    ActionPlan,
    Minutes,
    Motion,
    Recommendation,
    Update,
    Vote,
)
from permissions import Viewer, acting, holding, visible

# The committee's answer (accepted, partially accepted, rejected) is what a submitted
# recommendation waits for; UNDER_REVIEW says the committee has it in hand, not that it
# has answered. Implementing an accepted one is not an answer awaited.
AWAITING_RESPONSE = (RecommendationStatus.SUBMITTED, RecommendationStatus.UNDER_REVIEW)

# "Due soon": due today or in the next seven days (a week's notice: one meeting cycle of
# the MCPP's operations unit). ACTION_ITEM_DUE notifications come 3 days before.
DUE_SOON_DAYS = 7

# A plan's progress report falls due in the last week of its period, and a report on a
# period ending in that week (or later) is the one awaited; an earlier one was interim.
REPORT_DUE_DAYS = 7
# Reported on while being carried out; a draft is not yet a plan, a completed or closed
# one has had its last report asked for when it was still running.
REPORTED_WHILE = (ActionPlanStatus.ADOPTED, ActionPlanStatus.IN_PROGRESS)


Rule = Callable[[Viewer], QuerySet[Any]]


@dataclass(frozen=True)
class Waiting:
    """One kind of thing waiting for one person, and the order it comes in."""

    name: str
    rule: Rule
    order: tuple[str, ...]
    viewer: Viewer

    def rows(self) -> QuerySet[Any]:
        """The rows, as a query built afresh on each call: one for a count, another for a
        list (a Tortoise query built twice can lose its joins)."""
        return self.rule(self.viewer)


def minutes_to_approve(viewer: Viewer) -> QuerySet[Minutes]:
    return (
        visible(viewer, Minutes)
        .filter(status__in=MINUTES.leaving("approve"))
        .filter(acting(viewer, "approve", Minutes))
    )


def ballots_to_cast(viewer: Viewer) -> QuerySet[Motion]:
    """Open ballots the person is on the roll of (frozen when voting opened), not yet voted
    on by them (their own vote only: nobody's choice, nor others' votes, is read)."""
    if viewer.person_id is None:
        return Motion.filter(id__isnull=True)
    theirs = Vote.filter(voter_id=viewer.person_id).values("motion_id")
    return (
        visible(viewer, Motion)
        .filter(status__in=MOTION.leaving("vote"))
        .filter(acting(viewer, "vote", Motion))
        .exclude(id__in=Subquery(theirs))
    )


def updates_to_review(viewer: Viewer) -> QuerySet[Update]:
    """Approval is by someone other than the author (governance.communications)."""
    return (
        visible(viewer, Update)
        .filter(status__in=UPDATE.leaving("approve"))
        .filter(acting(viewer, "approve", Update))
        .filter(Q(author_id__isnull=True) | ~Q(author_id=viewer.person_id))
    )


def recommendations_to_answer(viewer: Viewer) -> QuerySet[Recommendation]:
    return (
        visible(viewer, Recommendation)
        .filter(status__in=AWAITING_RESPONSE)
        .filter(acting(viewer, "respond", Recommendation))
    )


def _owned_items(viewer: Viewer) -> QuerySet[ActionItem]:
    """Action items the person owns: as the person, or as one of the owner organization's
    people, who answer for it (PRODUCT.md's write table; the _DUE and _OVERDUE
    notifications go to them too)."""
    return visible(viewer, ActionItem).filter(holding(viewer, "owner", ActionItem))


def action_items_overdue(viewer: Viewer) -> QuerySet[ActionItem]:
    """Past due and neither DONE nor CANCELLED (governance.action_items says overdue)."""
    return _owned_items(viewer).filter(overdue())


def action_items_due_soon(viewer: Viewer) -> QuerySet[ActionItem]:
    """Not finished, due today or within DUE_SOON_DAYS (the day after, it is overdue)."""
    today = clock.today()
    return (
        _owned_items(viewer)
        .exclude(status__in=FINISHED)
        .filter(due_date__gte=today, due_date__lte=today + timedelta(days=DUE_SOON_DAYS))
    )


class _NoReportNearEnd(Q):
    """Plans without a progress report whose period ends REPORT_DUE_DAYS or fewer before
    the plan's own end: a correlated NOT EXISTS, its date arithmetic written per database
    (SQLite keeps dates as ISO text, PostgreSQL subtracts days from a date)."""

    def __bool__(self) -> bool:
        return True

    def __invert__(self) -> Q:
        raise NotImplementedError("the rule has no negation")

    def resolve(self, resolve_context: ResolveContext) -> QueryModifier:
        dialect = resolve_context.model._meta.db.capabilities.dialect
        return QueryModifier(where_criterion=_NotReported(resolve_context.table, dialect))


class _NotReported(Criterion):
    def __init__(self, table: Any, dialect: str) -> None:
        super().__init__()
        self.table = table
        self.dialect = dialect

    def get_sql(self, ctx: SqlContext) -> str:
        named = ctx.copy(with_namespace=True)
        plan_id, plan_end = (
            Field(column, table=self.table).get_sql(named) for column in ("id", "period_end")
        )
        if self.dialect == "postgres":
            cutoff = f"{plan_end} - {REPORT_DUE_DAYS}"
        else:
            cutoff = f"date({plan_end}, '-{REPORT_DUE_DAYS} days')"
        # Names and a constant of this module's, never from a request.
        return (
            'NOT EXISTS (SELECT 1 FROM "progress_report" "r" '  # noqa: S608
            f'WHERE "r"."plan_id" = {plan_id} AND "r"."period_end" >= {cutoff})'
        )


def progress_reports_due(viewer: Viewer) -> QuerySet[ActionPlan]:
    """Running plans near or past their end, not yet reported on for it, that the person
    may report on (submit_progress_report's two rights, as one filter)."""
    return awaiting_report(visible(viewer, ActionPlan)).filter(
        acting(viewer, "report", ActionPlan) | acting(viewer, "report_as_monitor", ActionPlan)
    )


def awaiting_report(plans: QuerySet[ActionPlan]) -> QuerySet[ActionPlan]:
    """Of `plans`, those whose progress report is due (whoever is to submit it): the
    admin's monitoring page asks it of a committee's plans."""
    soon = clock.today() + timedelta(days=REPORT_DUE_DAYS)
    return plans.filter(status__in=REPORTED_WHILE, period_end__lte=soon).filter(_NoReportNearEnd())


RULES: tuple[tuple[str, Rule, tuple[str, ...]], ...] = (
    # the oldest waiting first
    ("minutes", minutes_to_approve, ("circulated_at", "id")),
    ("ballots", ballots_to_cast, ("opened_at", "id")),
    ("updates", updates_to_review, ("listed_at", "id")),
    ("recommendations", recommendations_to_answer, ("submitted_at", "id")),
    ("overdue", action_items_overdue, ("due_date", "id")),
    ("due_soon", action_items_due_soon, ("due_date", "id")),
    ("reports", progress_reports_due, ("period_end", "id")),
)


def waiting_for(viewer: Viewer) -> list[Waiting]:
    """Everything that waits for the person, one query per kind (none run yet)."""
    return [Waiting(name, rule, order, viewer) for name, rule, order in RULES]
