"""Constituency voting in the admin: the membership form sets a seat's constituency and the
body's member list shows it; the motion form asks for each constituency's agreement; the
ballot screen has one row per constituency, with no count while a secret ballot is open."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from governance.enums import (
    AttendanceStatus,
    Classification,
    MotionOutcome,
    MotionStatus,
    VoteChoice,
)
from governance.models import Attendance, EligibleVoter, Membership, Motion, Vote
from tests.world import motion_at

HTMX = {"HX-Request": "true"}


def rows(html: str) -> dict[str, list[str]]:
    """The constituency table's rows: name -> its cells."""
    table = html.split('class="constituencies"', 1)[1].split("</table>", 1)[0]
    found = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        name = re.search(r'<th scope="row">(.*?)</th>', row)
        if name:
            cells = re.findall(r"<td>(.*?)</td>", row, re.S)
            found[name.group(1)] = [re.sub(r"<[^>]+>", "", c).strip() for c in cells]
    return found


async def test_the_admin_sets_a_seat_s_constituency_and_the_member_list_shows_it(
    setting, signed_in
):
    body_id = setting.body("sc")
    participant = setting.person("participant")
    admin = await signed_in("admin")
    page = await admin.get(f"/admin/bodies/{body_id}")
    assert 'name="constituency"' in page.text
    too_long = await admin.post(
        f"/admin/bodies/{body_id}/members",
        {"person_id": participant, "role": "MEMBER", "voting_rights": "on",
         "start_date": "2026-01-05", "constituency": "x" * 101},
        headers=HTMX,
    )  # fmt: skip
    assert "at most 100 characters" in too_long.text
    assert not await Membership.exists(body_id=body_id, person_id=participant)
    added = await admin.post(
        f"/admin/bodies/{body_id}/members",
        {"person_id": participant, "role": "MEMBER", "voting_rights": "on",
         "start_date": "2026-01-05", "constituency": "  Municipalities "},
        headers=HTMX,
    )  # fmt: skip
    assert added.status_code == 200, added.text
    seat = await Membership.get(body_id=body_id, person_id=participant)
    assert seat.constituency == "Municipalities"
    listed = await admin.get(f"/admin/bodies/{body_id}")
    assert "· Municipalities" in listed.text
    # The body's constituencies are offered as the form is typed in.
    assert '<option value="Municipalities"></option>' in listed.text


async def test_the_motion_form_asks_for_each_constituency(setting, signed_in):
    meeting = setting.world.meetings[Classification.INTERNAL]
    secretary = await signed_in("secretary")
    form = await secretary.get(f"/admin/meetings/{meeting.id}")
    assert 'name="require_each_constituency"' in form.text
    proposed = await secretary.post(
        f"/admin/meetings/{meeting.id}/motions",
        {"title": "Co-fund the water plans", "text": "Each partner co-funds.",
         "voting_rule": "SIMPLE_MAJORITY", "classification": "INTERNAL",
         "require_each_constituency": "on"},
    )  # fmt: skip
    assert proposed.status_code in (200, 303), proposed.text
    motion = await Motion.get(title="Co-fund the water plans")
    assert motion.require_each_constituency is True


async def _constituency_ballot(setting, *, secret: bool) -> Motion:
    world = setting.world
    body = world.bodies["sc"]
    for role, seat in (("chair", "Government"), ("member", "Industry")):
        await Membership.filter(body_id=body.id, person_id=world.people[role].id).update(
            constituency=seat
        )
    motion = await motion_at(
        world, world.meetings[Classification.INTERNAL], Classification.INTERNAL,
        status=MotionStatus.OPEN, secret_ballot=secret,
    )  # fmt: skip
    await Motion.filter(id=motion.id).update(require_each_constituency=True)
    for role, seat in (("chair", "Government"), ("member", "Industry")):
        await EligibleVoter.filter(motion_id=motion.id, person_id=world.people[role].id).update(
            constituency=seat
        )
    await Attendance.bulk_create(
        [
            Attendance(meeting_id=motion.meeting_id, person_id=world.people[role].id,
                       status=AttendanceStatus.PRESENT)
            for role in ("chair", "member")
        ]
    )  # fmt: skip
    await Vote.create(
        motion_id=motion.id, voter_id=world.people["member"].id, choice=VoteChoice.ABSTAIN,
        cast_at=datetime.now(UTC),
    )  # fmt: skip
    return motion


async def test_an_open_secret_ballot_shows_each_constituency_s_eligible_only(setting, signed_in):
    motion = await _constituency_ballot(setting, secret=True)
    page = await (await signed_in("secretary")).get(f"/admin/motions/{motion.id}")
    assert rows(page.text) == {
        "Government": ["—", "—", "—", "1", "—"],
        "Industry": ["—", "—", "—", "1", "—"],
    }
    assert "counts revealed when voting closes" in page.text


async def test_the_ballot_screen_has_a_row_per_constituency_and_records_who_blocked(
    setting, signed_in
):
    motion = await _constituency_ballot(setting, secret=False)
    chair = await signed_in("chair")
    await chair.post(f"/admin/motions/{motion.id}/vote", {"choice": "FOR"}, headers=HTMX)
    secretary = await signed_in("secretary")
    open_page = await secretary.get(f"/admin/motions/{motion.id}")
    assert rows(open_page.text) == {
        "Government": ["1", "0", "0", "1", "—"],
        "Industry": ["0", "0", "1", "1", "—"],
    }
    closed = await secretary.post(f"/admin/motions/{motion.id}/close", headers=HTMX)
    assert closed.status_code == 200, closed.text
    assert rows(closed.text) == {
        "Government": ["1", "0", "0", "1", "Yes"],
        "Industry": ["0", "0", "1", "1", "No"],
    }
    # The rule held over all votes (1 for, 0 against); Industry gave no FOR.
    assert "Voting closed: rejected." in closed.text
    assert (await Motion.get(id=motion.id)).outcome == MotionOutcome.REJECTED
