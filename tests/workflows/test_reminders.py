"""Reminders on a schedule (issue 14): an action item's owners are told 3 days before it
is due and the day after, a plan's secretary and monitors 7 days before its period ends,
each once: the daily job run again the same day, after a restart, or by two workers at
once writes nothing more (server.schedule, governance.reminders)."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, time, timedelta

from governance import clock
from governance.enums import ActionPlanStatus, ActionStatus, Classification, MemberRole
from governance.enums import NotificationKind as K
from governance.models import ActionItem, ActionPlan, Membership, Notification
from server import schedule
from tests.world import TODAY, build_world, owned_action_item, plan_at, reported

DUE = TODAY + timedelta(days=40)  # far from the world's own items (due 3 days ago)


def at(day_offset: int, hour: int = 6) -> datetime:
    return datetime.combine(DUE + timedelta(days=day_offset), time(hour), UTC)


async def run_on(moment: datetime) -> None:
    with clock.set_to(moment):
        await schedule.run_daily()


async def told(kind: K) -> Counter[tuple[int, int]]:
    """(recipient, subject) -> how many notifications of `kind`."""
    rows = await Notification.filter(kind=kind).values_list("person_id", "subject_id")
    return Counter(rows)


async def test_an_action_item_is_reminded_3_days_before_and_the_day_after_once_each():
    w = await build_world()
    mine = await owned_action_item(w, Classification.CONFIDENTIAL, "member", due_date=DUE)
    theirs = await ActionItem.create(
        committee_id=w.bodies["sc"].id, title="Municipal action", due_date=DUE,
        classification=Classification.PUBLIC, owner_organization_id=w.orgs["municipality"].id,
    )  # fmt: skip
    member, participant = w.people["member"].id, w.people["participant"].id

    await run_on(at(-4))
    assert await told(K.ACTION_ITEM_DUE) == Counter()  # not yet
    await run_on(at(-3))
    await run_on(at(-3, hour=18))  # the worker restarted the same day
    await run_on(at(-2))
    await run_on(at(0))
    assert await told(K.ACTION_ITEM_DUE) == Counter(
        {(member, mine.id): 1, (participant, theirs.id): 1}
    )
    title = await Notification.get(kind=K.ACTION_ITEM_DUE, subject_id=mine.id).values("title")
    assert title == {"title": f"Action item due on {DUE.isoformat()}: CONFIDENTIAL action"}

    assert await told(K.ACTION_ITEM_OVERDUE) == Counter()  # due today is not overdue
    await ActionItem.filter(id=theirs.id).update(status=ActionStatus.DONE)
    await run_on(at(1))
    await run_on(at(1, hour=20))
    await run_on(at(2))
    assert await told(K.ACTION_ITEM_OVERDUE) == Counter({(member, mine.id): 1})  # done: not


async def test_a_worker_down_on_the_day_catches_up_but_old_items_are_not_announced():
    w = await build_world()
    late = await owned_action_item(w, Classification.PUBLIC, "member", due_date=DUE)
    await run_on(at(-1))  # down three days before: the reminder comes late, once
    await run_on(at(5))  # down the day after: overdue told within the week
    assert await told(K.ACTION_ITEM_DUE) == Counter({(w.people["member"].id, late.id): 1})
    assert await told(K.ACTION_ITEM_OVERDUE) == Counter({(w.people["member"].id, late.id): 1})
    # The world's items, overdue for 43 days on that day, were never announced.
    assert await Notification.filter(subject_id__not=late.id).count() == 0


async def test_a_progress_report_due_tells_the_secretary_and_the_monitors_once():
    w = await build_world()
    await Membership.create(
        person_id=w.people["participant"].id, body_id=w.bodies["ou"].id, role=MemberRole.MEMBER,
        voting_rights=True, start_date=TODAY - timedelta(days=30),
    )  # fmt: skip
    plan = await plan_at(w, Classification.PUBLIC, period_end=DUE, status=ActionPlanStatus.ADOPTED)
    done = await plan_at(w, Classification.PUBLIC, period_end=DUE, status=ActionPlanStatus.ADOPTED)
    await reported(done)
    await run_on(at(-8))
    assert await told(K.PROGRESS_REPORT_DUE) == Counter()
    await run_on(at(-7))
    await run_on(at(-6))
    secretary, monitor = w.people["secretary"].id, w.people["participant"].id
    assert await told(K.PROGRESS_REPORT_DUE) == Counter(
        {(secretary, plan.id): 1, (monitor, plan.id): 1}
    )
    assert await ActionPlan.filter(id=plan.id).exists()


async def test_two_workers_running_the_daily_jobs_at_once_remind_once():
    w = await build_world()
    items = [
        await owned_action_item(
            w, Classification.PUBLIC, "member", title=f"Action {n}", due_date=DUE
        )
        for n in range(20)
    ]
    with clock.set_to(at(-3)):
        await asyncio.gather(schedule.run_daily(), schedule.run_daily())
    reminded = await told(K.ACTION_ITEM_DUE)
    assert reminded == Counter({(w.people["member"].id, item.id): 1 for item in items})
