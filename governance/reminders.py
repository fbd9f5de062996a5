"""Reminders the worker sends on a schedule (PRODUCT.md, "Notifications and webhooks"):

    ACTION_ITEM_DUE       3 days before an unfinished action item is due
    ACTION_ITEM_OVERDUE   the day after it was due, still unfinished
    PROGRESS_REPORT_DUE   7 days before a running plan's period ends, no report yet
                          (governance.waiting.awaiting_report says which plans)

Each reminder is a notification like any other, told by governance.tell with the
recipients of governance.recipients (visibility, the email per preference). What was already sent is read from the notifications
themselves: an item is reminded of once per due date (a reminder written since the
day the reminder fell due means done), so running the job twice in a day, after a
restart, or on several workers (server.schedule serialises them) writes nothing new.
A worker that was down on the day catches up later, within the window: an item that
came due while it was down still gets its reminder, but items overdue for longer than
OVERDUE_CATCH_UP_DAYS (last year's, at a first start) are not announced.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from governance import tell
from governance.action_items import FINISHED
from governance.enums import NotificationKind
from governance.models import ActionItem, ActionPlan, Notification
from governance.waiting import REPORT_DUE_DAYS, awaiting_report

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


async def action_items_due(today: date) -> list[Notification]:
    """ACTION_ITEM_DUE for unfinished items due within DUE_BEFORE_DAYS; how many items."""
    items = await (
        ActionItem.filter(due_date__gte=today, due_date__lte=today + timedelta(DUE_BEFORE_DAYS))
        .exclude(status__in=FINISHED)
        .order_by("due_date", "id")
    )
    told: list[Notification] = []
    for item in items:
        assert item.due_date is not None
        since = item.due_date - timedelta(DUE_BEFORE_DAYS)
        if await _reminded(NotificationKind.ACTION_ITEM_DUE, "action_item", item.id, since):
            continue
        told += await tell.action_item(item, NotificationKind.ACTION_ITEM_DUE)
    return told


async def action_items_overdue(today: date) -> list[Notification]:
    """ACTION_ITEM_OVERDUE for unfinished items past due (from the day after), once."""
    items = await (
        ActionItem.filter(
            due_date__lt=today, due_date__gte=today - timedelta(OVERDUE_CATCH_UP_DAYS + 1)
        )
        .exclude(status__in=FINISHED)
        .order_by("due_date", "id")
    )
    told: list[Notification] = []
    for item in items:
        assert item.due_date is not None
        since = item.due_date + timedelta(1)
        if await _reminded(NotificationKind.ACTION_ITEM_OVERDUE, "action_item", item.id, since):
            continue
        told += await tell.action_item(item, NotificationKind.ACTION_ITEM_OVERDUE)
    return told


async def progress_reports_due(today: date) -> list[Notification]:
    """PROGRESS_REPORT_DUE for running plans ending within REPORT_DUE_DAYS, unreported."""
    plans = await awaiting_report(ActionPlan.filter(period_end__gte=today)).order_by(
        "period_end", "id"
    )
    told: list[Notification] = []
    for plan in plans:
        since = plan.period_end - timedelta(REPORT_DUE_DAYS)
        if await _reminded(NotificationKind.PROGRESS_REPORT_DUE, "action_plan", plan.id, since):
            continue
        told += await tell.progress_report_due(plan)
    return told


async def send_due(today: date) -> list[Notification]:
    """Every reminder due on `today`; call inside server.schedule's exclusive transaction,
    then `notifications.announce` what it returns once that has committed."""
    return (
        await action_items_due(today)
        + await action_items_overdue(today)
        + await progress_reports_due(today)
    )
