"""Reminders the worker sends on a schedule (PRODUCT.md, "Notifications and webhooks"):

    ACTION_ITEM_DUE       3 days before an unfinished action item is due
    ACTION_ITEM_OVERDUE   the day after it was due, still unfinished
    PROGRESS_REPORT_DUE   7 days before a running plan's period ends, no report yet
                          (governance.waiting.awaiting_report says which plans)

Each reminder is a notification like any other (`notifications.notify`: visibility,
the email per preference). What was already sent is read from the notifications
themselves: an item is reminded of once per due date (a reminder written since the
day the reminder fell due means done), so running the job twice in a day, after a
restart, or on several workers (server.schedule serialises them) writes nothing new.
A worker that was down on the day catches up later, within the window: an item that
came due while it was down still gets its reminder, but items overdue for longer than
OVERDUE_CATCH_UP_DAYS (last year's, at a first start) are not announced.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import cast

from governance import notifications
from governance.action_items import FINISHED
from governance.enums import MemberRole, NotificationKind
from governance.models import ActionItem, ActionPlan, Membership, Notification, Person
from governance.models.bodies import in_force_on
from governance.waiting import REPORT_DUE_DAYS, awaiting_report
from permissions import kinds

DUE_BEFORE_DAYS = 3
OVERDUE_CATCH_UP_DAYS = 7


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, UTC)


async def _reminded(
    kind: NotificationKind, subject_type: str, subject_id: int, since: date
) -> bool:
    return await Notification.filter(
        kind=kind,
        subject_type=subject_type,
        subject_id=subject_id,
        created_at__gte=_day_start(since),
    ).exists()


async def owners_of(item: ActionItem) -> list[int]:
    """The owner person, or the people of the owner organization (PRODUCT.md's table)."""
    if item.owner_person_id is not None:
        return [item.owner_person_id]
    if item.owner_organization_id is None:
        return []
    people = await Person.filter(
        organization_id=item.owner_organization_id, is_integration=False
    ).values_list("id", flat=True)
    return cast(list[int], people)


async def report_recipients(plan: ActionPlan, on: date) -> list[int]:
    """The adopting body's secretary and the monitoring committee's members, in office."""
    secretaries = Membership.filter(
        in_force_on(on), body_id=plan.body_id, role=MemberRole.SECRETARY
    )
    people = set(cast(list[int], await secretaries.values_list("person_id", flat=True)))
    if plan.monitored_by_id is not None:
        monitors = Membership.filter(in_force_on(on), body_id=plan.monitored_by_id)
        people |= set(cast(list[int], await monitors.values_list("person_id", flat=True)))
    return sorted(people)


async def action_items_due(today: date) -> int:
    """ACTION_ITEM_DUE for unfinished items due within DUE_BEFORE_DAYS; how many items."""
    items = await (
        ActionItem.filter(due_date__gte=today, due_date__lte=today + timedelta(DUE_BEFORE_DAYS))
        .exclude(status__in=FINISHED)
        .order_by("due_date", "id")
    )
    sent = 0
    for item in items:
        assert item.due_date is not None
        since = item.due_date - timedelta(DUE_BEFORE_DAYS)
        if await _reminded(NotificationKind.ACTION_ITEM_DUE, "action_item", item.id, since):
            continue
        await notifications.notify(
            NotificationKind.ACTION_ITEM_DUE,
            await owners_of(item),
            f"Action item due on {item.due_date.isoformat()}: {item.title}",
            subject_type="action_item",
            subject_id=item.id,
            visible=kinds.ACTION_ITEM.visible,
        )
        sent += 1
    return sent


async def action_items_overdue(today: date) -> int:
    """ACTION_ITEM_OVERDUE for unfinished items past due (from the day after), once."""
    items = await (
        ActionItem.filter(
            due_date__lt=today, due_date__gte=today - timedelta(OVERDUE_CATCH_UP_DAYS + 1)
        )
        .exclude(status__in=FINISHED)
        .order_by("due_date", "id")
    )
    sent = 0
    for item in items:
        assert item.due_date is not None
        since = item.due_date + timedelta(1)
        if await _reminded(NotificationKind.ACTION_ITEM_OVERDUE, "action_item", item.id, since):
            continue
        await notifications.notify(
            NotificationKind.ACTION_ITEM_OVERDUE,
            await owners_of(item),
            f"Action item overdue since {item.due_date.isoformat()}: {item.title}",
            subject_type="action_item",
            subject_id=item.id,
            visible=kinds.ACTION_ITEM.visible,
        )
        sent += 1
    return sent


async def progress_reports_due(today: date) -> int:
    """PROGRESS_REPORT_DUE for running plans ending within REPORT_DUE_DAYS, unreported."""
    plans = await awaiting_report(ActionPlan.filter(period_end__gte=today)).order_by(
        "period_end", "id"
    )
    sent = 0
    for plan in plans:
        since = plan.period_end - timedelta(REPORT_DUE_DAYS)
        if await _reminded(NotificationKind.PROGRESS_REPORT_DUE, "action_plan", plan.id, since):
            continue
        await notifications.notify(
            NotificationKind.PROGRESS_REPORT_DUE,
            await report_recipients(plan, today),
            f"Progress report due by {plan.period_end.isoformat()}: {plan.reference} {plan.title}",
            subject_type="action_plan",
            subject_id=plan.id,
            visible=kinds.ACTION_PLAN.visible,
        )
        sent += 1
    return sent


async def send_due(today: date) -> int:
    """Every reminder due on `today`; call inside server.schedule's exclusive transaction."""
    return (
        await action_items_due(today)
        + await action_items_overdue(today)
        + await progress_reports_due(today)
    )
