"""The dashboard's "Waiting for me": each kind lists, for the person it waits for, what they
may see, with the exact count; for anyone else, nothing. The statements it costs do not
grow with what waits."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from governance.enums import (
    ActionPlanStatus,
    ActionStatus,
    Classification,
    MemberRole,
    MinutesStatus,
    MotionStatus,
    RecommendationStatus,
    UpdateStatus,
    VoteChoice,
)
from governance.models import (
    ActionItem,
    ActionPlan,
    Membership,
    Minutes,
    Person,
    ProgressReport,
    Recommendation,
    Update,
    Vote,
)
from tests.admin.helpers import PASSWORD_HASH, sign_in
from tests.api.test_sql_statements import counting_statements
from tests.world import day, meeting_at, motion_at, owned_action_item

CONF = Classification.CONFIDENTIAL
RESTRICTED = Classification.RESTRICTED


def group(page: str, name: str) -> tuple[int, str]:
    """A group's count and its HTML (absent groups: none, "")."""
    found = re.search(
        rf'<section class="card" id="waiting-{name}".*?<span class="count">(\d+)</span>(.*?)</section>',
        page,
        re.S,
    )
    if not found:
        return -1, ""
    return int(found.group(1)), found.group(2)


async def dashboard(signed_in, role: str) -> str:
    person = await signed_in(role)
    page = await person.get("/admin/")
    assert page.status_code == 200, page.text
    return page.text


async def circulated_minutes(world, title: str, level: Classification = CONF) -> int:
    meeting = await meeting_at(world, level, title)
    await Minutes.create(
        meeting_id=meeting.id, content="Minutes.", version=2, status=MinutesStatus.CIRCULATED,
        circulated_at=datetime.now(UTC),
    )  # fmt: skip
    return meeting.id


async def test_minutes_wait_for_the_chair_alone(setting, signed_in):
    circulated = setting.ids["circulated_meeting"]
    # Denied: the secretary circulates minutes but does not approve them; a member neither.
    for role in ("secretary", "member"):
        count, html = group(await dashboard(signed_in, role), "minutes")
        assert (count, "Second confidential meeting" in html) == (0, False), role
    # The chair: the circulated minutes (not the draft ones), linked to their meeting.
    count, html = group(await dashboard(signed_in, "chair"), "minutes")
    assert count == 1
    assert f'href="/admin/meetings/{circulated}#minutes">Second confidential meeting' in html
    assert "CONFIDENTIAL meeting" not in html  # its minutes are a draft
    # Approved minutes wait no more.
    await Minutes.filter(meeting_id=circulated).update(status=MinutesStatus.APPROVED)
    assert group(await dashboard(signed_in, "chair"), "minutes")[0] == 0


async def test_the_minutes_count_stays_exact_past_the_first_few(setting, signed_in):
    world = setting.world
    for number in range(7):
        await circulated_minutes(world, f"Meeting {number}", RESTRICTED if number % 2 else CONF)
    count, html = group(await dashboard(signed_in, "chair"), "minutes")
    assert count == 8
    assert html.count("<li>") == 5 and "and 3 more" in html


async def test_an_open_ballot_waits_for_a_voter_on_its_roll_until_they_vote(setting, signed_in):
    world = setting.world
    motion = setting.ids["open_motion"]
    link = f'href="/admin/motions/{motion}">Open motion</a>'
    # Denied: the secretary and the observer have no vote; a draft motion is not a ballot.
    for role in ("secretary", "observer"):
        count, html = group(await dashboard(signed_in, role), "ballots")
        assert (count, link in html) == (0, False), role
    count, html = group(await dashboard(signed_in, "member"), "ballots")
    assert count == 1 and link in html and "Draft motion" not in html
    # A RESTRICTED ballot the member is on the roll of but may not see does not show.
    hidden = await motion_at(world, world.meetings[CONF], RESTRICTED, "Hidden ballot", status=MotionStatus.OPEN)  # fmt: skip
    count, html = group(await dashboard(signed_in, "member"), "ballots")
    assert count == 1 and "Hidden ballot" not in html
    # The chair, on both rolls and seeing both: two; once they vote on one, one.
    count, html = group(await dashboard(signed_in, "chair"), "ballots")
    assert count == 2 and "Hidden ballot" in html
    await Vote.create(
        motion_id=hidden.id, voter_id=world.people["chair"].id, choice=VoteChoice.FOR,
        cast_at=datetime.now(UTC),
    )  # fmt: skip
    count, html = group(await dashboard(signed_in, "chair"), "ballots")
    assert count == 1 and "Hidden ballot" not in html and link in html


async def test_an_update_in_review_waits_for_a_second_communications_officer(setting, signed_in):
    update = setting.ids["in_review_update"]
    link = f'href="/admin/updates/{update}">In review</a>'
    # Denied: its author (four eyes); someone outside the team has no such group at all.
    count, html = group(await dashboard(signed_in, "comms"), "updates")
    assert (count, link in html) == (0, False)
    assert group(await dashboard(signed_in, "chair"), "updates") == (-1, "")
    count, html = group(await dashboard(signed_in, "comms2"), "updates")
    assert count == 1 and link in html
    # Several, past the first few: the count is exact and the rest is one link away.
    comms = setting.world.people["comms"].id
    for number in range(6):
        await Update.create(
            title=f"Review me {number}", body="Text.", status=UpdateStatus.IN_REVIEW,
            author_id=comms, listed_at=datetime.now(UTC),
        )  # fmt: skip
    count, html = group(await dashboard(signed_in, "comms2"), "updates")
    assert count == 7 and html.count("<li>") == 5
    assert '<a href="/admin/updates#h-in_review">and 2 more</a>' in html


async def test_submitted_recommendations_wait_for_the_committee_s_chair_and_secretary(
    setting, signed_in
):
    world = setting.world
    restricted = world.recommendations[RESTRICTED]
    # Denied: a member of the committee does not respond; the board's chair submitted them.
    for role in ("member", "board_chair"):
        assert group(await dashboard(signed_in, role), "recommendations")[0] == 0, role
    # The chair: all four levels (a RESTRICTED one is the chair's to see).
    count, html = group(await dashboard(signed_in, "chair"), "recommendations")
    assert count == 4 and restricted.title in html
    assert "and " not in html  # four, all listed
    # The secretary may respond but may not see the RESTRICTED one: three, and not it.
    count, html = group(await dashboard(signed_in, "secretary"), "recommendations")
    assert count == 3 and restricted.title not in html
    # Answered ones wait no more; one under review still does.
    await Recommendation.filter(id=world.recommendations[Classification.PUBLIC].id).update(
        status=RecommendationStatus.ACCEPTED
    )
    await Recommendation.filter(id=world.recommendations[CONF].id).update(
        status=RecommendationStatus.UNDER_REVIEW
    )
    count, html = group(await dashboard(signed_in, "secretary"), "recommendations")
    assert count == 2 and "CONFIDENTIAL recommendation" in html
    assert "PUBLIC recommendation" not in html


async def test_action_items_wait_for_their_owners_overdue_or_due_soon(setting, signed_in):
    world = setting.world
    # The world's four items belong to the municipality, three days late: its people owe
    # them, whatever their classification. The committee's chair does not own them.
    count, html = group(await dashboard(signed_in, "chair"), "overdue")
    assert (count, "PUBLIC action" in html) == (0, False)
    count, html = group(await dashboard(signed_in, "participant"), "overdue")
    assert count == 4 and "RESTRICTED action" in html
    # Owned by a person: due within the week or today is "due soon"; later, done or
    # cancelled items are not waiting.
    for title, due, status in [
        ("Due today", 0, ActionStatus.OPEN),
        ("Due in seven days", 7, ActionStatus.IN_PROGRESS),
        ("Due in eight days", 8, ActionStatus.OPEN),
        ("Late and done", -2, ActionStatus.DONE),
        ("Late and cancelled", -2, ActionStatus.CANCELLED),
        ("Late and blocked", -1, ActionStatus.BLOCKED),
    ]:
        item = await owned_action_item(world, RESTRICTED, "advisor", title)
        await ActionItem.filter(id=item.id).update(due_date=day(due), status=status)
    page = await dashboard(signed_in, "advisor")
    count, html = group(page, "due-soon")
    assert count == 2 and "Due today" in html and "Due in seven days" in html
    assert "Due in eight days" not in html
    count, html = group(page, "overdue")
    assert count == 1 and "Late and blocked" in html and "Late and done" not in html
    # Someone else's items never show, even to someone who sees them.
    assert "Late and blocked" not in await dashboard(signed_in, "chair")


async def test_the_overdue_count_stays_exact_and_links_to_the_owner_s_list(setting, signed_in):
    world = setting.world
    for number in range(9):
        item = await owned_action_item(world, CONF, "participant", f"Late {number}")
        await ActionItem.filter(id=item.id).update(due_date=day(-10 - number))
    count, html = group(await dashboard(signed_in, "participant"), "overdue")
    assert count == 13 and html.count("<li>") == 5
    assert '<a href="/admin/action-items?mine=1">and 8 more</a>' in html
    # The oldest first: the latest of the nine, due 18 days ago, leads.
    assert html.index("Late 8") < html.index("Late 7")


async def test_the_dashboard_costs_the_same_statements_whatever_waits(setting, signed_in):
    world = setting.world
    chair = await signed_in("chair")

    async def statements() -> int:
        with counting_statements() as seen:
            page = await chair.get("/admin/")
        assert page.status_code == 200
        return len(seen)

    before = await statements()
    assert group((await chair.get("/admin/")).text, "ballots")[0] == 1
    # Twenty more of each kind that waits for the chair.
    meeting = world.meetings[CONF]
    for number in range(20):
        await circulated_minutes(world, f"Meeting {number}")
        await motion_at(world, meeting, CONF, f"Ballot {number}", status=MotionStatus.OPEN)
        await Recommendation.create(
            reference=f"PAB-R-2099-{number:03d}", board_id=world.bodies["pab"].id,
            addressed_to_id=world.bodies["sc"].id, title=f"Recommendation {number}",
            text="Text.", classification=CONF, status=RecommendationStatus.SUBMITTED,
            submitted_at=datetime.now(UTC),
        )  # fmt: skip
        for due in (-1 - number, number % 7):
            item = await owned_action_item(world, CONF, "chair", f"Item {number} {due}")
            await ActionItem.filter(id=item.id).update(due_date=day(due))
    page = (await chair.get("/admin/")).text
    assert [group(page, name)[0] for name in ("minutes", "ballots", "recommendations")] == [
        21,
        21,
        24,
    ]
    assert (group(page, "overdue")[0], group(page, "due-soon")[0]) == (20, 20)
    assert await statements() == before


async def test_the_total_says_how_much_waits(setting, signed_in):
    page = await dashboard(signed_in, "chair")
    # One circulated minutes, one ballot, four recommendations; no items of the chair's.
    assert re.search(r'id="waiting-count">6<', page)
    # Someone for whom nothing waits is told so.
    assert re.search(r'id="waiting-count">0<', await dashboard(signed_in, "observer"))


async def test_a_progress_report_falls_due_in_a_plan_s_last_week(setting, signed_in, browser):
    """The world's plan (adopted, CONFIDENTIAL, monitored by the operations unit) ends in
    two months: nothing is due. Within seven days of its end, or after it, a report is due
    from the adopting officers and the monitoring committee's members, until one covers
    a period ending on or after seven days before the plan's end."""
    plan = await ActionPlan.get(id=setting.ids["plan"])
    link = f'href="/admin/action-plans/{plan.id}#reports">{plan.reference}: {plan.title}</a>'
    assert group(await dashboard(signed_in, "secretary"), "reports")[0] == 0
    await ActionPlan.filter(id=plan.id).update(period_end=day(7))
    monitor = await Person.create(
        name="Monitor Person", email="monitor@example.org", password_hash=PASSWORD_HASH
    )
    await Membership.create(
        person_id=monitor.id, body_id=setting.body("ou"), role=MemberRole.MEMBER,
        voting_rights=True, start_date=day(-30),
    )  # fmt: skip
    # Denied: a member of the adopting committee reports nothing; a participant sees nothing.
    for role in ("member", "participant"):
        count, html = group(await dashboard(signed_in, role), "reports")
        assert (count, link in html) == (0, False), role
    for role in ("chair", "secretary"):
        count, html = group(await dashboard(signed_in, role), "reports")
        assert count == 1 and link in html and "ends " in html, role
    watcher = await sign_in(browser(), monitor.email)
    count, html = group((await watcher.get("/admin/")).text, "reports")
    assert count == 1 and link in html
    # An interim report, on a period ending more than seven days before the end, is not it.
    await ProgressReport.create(plan_id=plan.id, period_end=day(-1), summary="Interim.")
    assert group(await dashboard(signed_in, "secretary"), "reports")[0] == 1
    # Ended a month ago and still running: due, until the report on its last week comes
    # (a period ending eight days before its end is not that report; seven days is).
    await ProgressReport.all().delete()
    await ActionPlan.filter(id=plan.id).update(
        period_end=day(-30), status=ActionPlanStatus.IN_PROGRESS
    )
    await ProgressReport.create(plan_id=plan.id, period_end=day(-38), summary="Earlier.")
    count, html = group(await dashboard(signed_in, "secretary"), "reports")
    assert count == 1 and "ended " in html
    await ProgressReport.create(plan_id=plan.id, period_end=day(-37), summary="Final.")
    assert group(await dashboard(signed_in, "secretary"), "reports")[0] == 0


async def test_no_report_is_due_on_a_draft_a_completed_or_a_hidden_plan(setting, signed_in):
    await ActionPlan.filter(id=setting.ids["plan"]).update(period_end=day(-1))
    assert group(await dashboard(signed_in, "secretary"), "reports")[0] == 1
    for status in (ActionPlanStatus.DRAFT, ActionPlanStatus.COMPLETED, ActionPlanStatus.CLOSED):
        await ActionPlan.filter(id=setting.ids["plan"]).update(status=status)
        assert group(await dashboard(signed_in, "secretary"), "reports")[0] == 0, status
    # RESTRICTED: the chair's (and the named people's), never the secretary's.
    await ActionPlan.filter(id=setting.ids["plan"]).update(
        status=ActionPlanStatus.ADOPTED, classification=RESTRICTED
    )
    assert group(await dashboard(signed_in, "secretary"), "reports")[0] == 0
    assert group(await dashboard(signed_in, "chair"), "reports")[0] == 1


async def test_reports_due_cost_the_same_statements_however_many(setting, signed_in):
    chair = await signed_in("chair")

    async def statements() -> int:
        with counting_statements() as seen:
            page = await chair.get("/admin/")
        assert page.status_code == 200
        return len(seen)

    before = await statements()
    for number in range(12):
        await ActionPlan.create(
            reference=f"SC-AP-2099-{number:03d}", title=f"Plan {number}",
            body_id=setting.body("sc"), period_start=day(-90), period_end=day(number - 6),
            classification=CONF, status=ActionPlanStatus.IN_PROGRESS,
        )  # fmt: skip
    count, html = group((await chair.get("/admin/")).text, "reports")
    assert count == 12 and html.count("<li>") == 5 and "and 7 more" in html
    assert await statements() == before
