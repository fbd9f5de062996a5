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


async def _reminded_since(
    kind: NotificationKind, subject_type: str, since: dict[int, date]
) -> set[int]:
    """Of the subjects in `since` (id → the day its reminder fell due), those already
    reminded of on or after that day: one statement for the whole list."""
    if not since:
        return set()
    rows = await Notification.filter(
        kind=kind,
        subject_type=subject_type,
        subject_id__in=list(since),
        created_at__gte=_day_start(min(since.values())),
    ).values_list("subject_id", "created_at")
    return {subject_id for subject_id, at in rows if at >= _day_start(since[subject_id])}


async def action_items_due(today: date) -> list[Notification]:
    """ACTION_ITEM_DUE for unfinished items due within DUE_BEFORE_DAYS, once each."""
    items = await (
        ActionItem.filter(due_date__gte=today, due_date__lte=today + timedelta(DUE_BEFORE_DAYS))
        .exclude(status__in=FINISHED)
        .order_by("due_date", "id")
    )
    kind = NotificationKind.ACTION_ITEM_DUE
    since = {i.id: i.due_date - timedelta(DUE_BEFORE_DAYS) for i in items if i.due_date}
    done = await _reminded_since(kind, "action_item", since)
    told: list[Notification] = []
    for item in items:
        if item.id not in done:
            told += await tell.action_item(item, kind)
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
    kind = NotificationKind.ACTION_ITEM_OVERDUE
    since = {i.id: i.due_date + timedelta(1) for i in items if i.due_date}
    done = await _reminded_since(kind, "action_item", since)
    told: list[Notification] = []
    for item in items:
        if item.id not in done:
            told += await tell.action_item(item, kind)
    return told


async def progress_reports_due(today: date) -> list[Notification]:
    """PROGRESS_REPORT_DUE for running plans ending within REPORT_DUE_DAYS, unreported."""
    plans = await awaiting_report(ActionPlan.filter(period_end__gte=today)).order_by(
        "period_end", "id"
    )
    since = {plan.id: plan.period_end - timedelta(REPORT_DUE_DAYS) for plan in plans}
    done = await _reminded_since(NotificationKind.PROGRESS_REPORT_DUE, "action_plan", since)
    told: list[Notification] = []
    for plan in plans:
        if plan.id not in done:
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
