"""Correcting a meeting and its agenda (updateMeeting, updateAgendaItem, moveAgendaItem,
removeAgendaItem), and approved minutes freezing the agenda and attendance: who may, in
which state, and the audit event each correction leaves."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime, timedelta

from governance import meeting_corrections, meetings
from governance.enums import AttendanceStatus, Classification, MeetingStatus, MinutesStatus
from governance.errors import InvalidTransition
from governance.models import AgendaItem, AuditEvent, Meeting, Minutes
from tests.graphql import gid, gql
from tests.workflows.helpers import ok, refused, viewer
from tests.workflows.helpers import workflow_world as build
from tests.world import agenda_item_at, motion_at

C = Classification
UPDATE_MEETING = """mutation($m: ID!, $input: UpdateMeetingInput!) {
  updateMeeting(meetingId: $m, input: $input) { id title startsAt endsAt location status }
}"""
UPDATE_ITEM = """mutation($a: ID!, $input: UpdateAgendaItemInput!) {
  updateAgendaItem(agendaItemId: $a, input: $input) { id title description classification position }
}"""
MOVE_ITEM = """mutation($a: ID!, $p: Int!) {
  moveAgendaItem(agendaItemId: $a, position: $p) { id agenda { id title position } }
}"""
REMOVE_ITEM = """mutation($a: ID!) {
  removeAgendaItem(agendaItemId: $a) { id agenda { id title position } }
}"""
ADD_ITEM = """mutation($m: ID!) {
  addAgendaItem(meetingId: $m, input: {title: "Late item", classification: PUBLIC}) { id }
}"""
ATTEND = """mutation($m: ID!, $p: ID!) {
  recordAttendance(meetingId: $m, entries: [{personId: $p, status: PRESENT}]) { id }
}"""


def when(days: int, hours: int = 0) -> str:
    moment = datetime.now(UTC).replace(microsecond=0) + timedelta(days=days, hours=hours)
    return moment.isoformat()


async def audited(action: str, subject_type: str, subject_id: int) -> list[str]:
    events = AuditEvent.filter(action=action, subject_type=subject_type, subject_id=subject_id)
    return [e.summary for e in await events]


async def agenda_of(world, level: C = C.PUBLIC, titles=("First", "Second", "Third")):
    meeting = world.meetings[level]
    return meeting, [await agenda_item_at(world, meeting, level, title) for title in titles]


async def approve(meeting: Meeting) -> None:
    await Minutes.create(
        meeting_id=meeting.id, content="Approved.", status=MinutesStatus.APPROVED, version=1
    )


# ------------------------------------------------------------------ updateMeeting


async def test_the_secretary_reschedules_retitles_and_relocates_a_meeting(client):
    world = await build()
    meeting = world.meetings[C.PUBLIC]
    starts, ends = when(3), when(3, 2)
    variables = {
        "m": gid("Meeting", meeting.id),
        "input": {
            "title": "Quarterly meeting (moved)",
            "startsAt": starts,
            "endsAt": ends,
            "location": "Tubatse civic centre",
        },
    }
    assert await refused(client, UPDATE_MEETING, variables, token=world.tokens["member"]) == (
        "FORBIDDEN"
    )
    data = await ok(client, UPDATE_MEETING, variables, token=world.tokens["secretary"])
    corrected = data["updateMeeting"]
    assert corrected["title"] == "Quarterly meeting (moved)"
    assert corrected["location"] == "Tubatse civic centre"
    assert datetime.fromisoformat(corrected["startsAt"]) == datetime.fromisoformat(starts)
    assert datetime.fromisoformat(corrected["endsAt"]) == datetime.fromisoformat(ends)
    assert await audited("meeting.update", "meeting", meeting.id) == [
        "Corrected the title, start, end, location of meeting “PUBLIC meeting” "
        f"(meeting {meeting.id})"
    ]

    # Fields left out stay; null clears what may be empty.
    cleared = {"m": gid("Meeting", meeting.id), "input": {"location": None}}
    data = await ok(client, UPDATE_MEETING, cleared, token=world.tokens["chair"])
    assert data["updateMeeting"]["location"] is None
    assert data["updateMeeting"]["title"] == "Quarterly meeting (moved)"


async def test_a_meeting_time_can_be_put_in_the_past_through_the_api(client):
    world = await build()
    variables = {"m": gid("Meeting", world.meetings[C.PUBLIC].id), "input": {"startsAt": when(-2)}}
    data = await ok(client, UPDATE_MEETING, variables, token=world.tokens["secretary"])
    assert datetime.fromisoformat(data["updateMeeting"]["startsAt"]) < datetime.now(UTC)


async def test_a_meeting_correction_must_make_sense(client):
    world = await build()
    meeting = gid("Meeting", world.meetings[C.PUBLIC].id)
    for bad in (
        {"startsAt": when(3), "endsAt": when(2)},  # ends before it starts
        {"title": "   "},
        {},
        {"startsAt": "2026-05-01T09:00:00"},  # no time zone
    ):
        variables = {"m": meeting, "input": bad}
        assert await refused(
            client, UPDATE_MEETING, variables, token=world.tokens["secretary"]
        ) in ("BAD_USER_INPUT", "BAD_REQUEST"), bad
    assert (await Meeting.get(id=world.meetings[C.PUBLIC].id)).title == "PUBLIC meeting"


async def test_a_hidden_meeting_is_not_found_and_a_held_one_is_no_longer_corrected(client):
    world = await build()
    hidden = {"m": gid("Meeting", world.meetings[C.CONFIDENTIAL].id), "input": {"title": "X"}}
    assert await refused(client, UPDATE_MEETING, hidden, token=world.tokens["participant"]) == (
        "NOT_FOUND"
    )
    meeting = world.meetings[C.PUBLIC]
    variables = {"m": gid("Meeting", meeting.id), "input": {"title": "Renamed"}}
    for status in (MeetingStatus.ADJOURNED, MeetingStatus.CANCELLED):
        await Meeting.filter(id=meeting.id).update(status=status)
        result = await refused(client, UPDATE_MEETING, variables, token=world.tokens["secretary"])
        assert result == "INVALID_TRANSITION"
    await Meeting.filter(id=meeting.id).update(status=MeetingStatus.IN_PROGRESS)
    data = await ok(client, UPDATE_MEETING, variables, token=world.tokens["secretary"])
    assert data["updateMeeting"]["title"] == "Renamed"


# ------------------------------------------------------------------ updateAgendaItem


async def test_the_secretary_corrects_an_agenda_item(client):
    world = await build()
    _, (first, *_) = await agenda_of(world)
    variables = {
        "a": gid("AgendaItem", first.id),
        "input": {"title": "Opening and apologies", "description": "Chair's welcome."},
    }
    assert await refused(client, UPDATE_ITEM, variables, token=world.tokens["member"]) == (
        "FORBIDDEN"
    )
    data = await ok(client, UPDATE_ITEM, variables, token=world.tokens["secretary"])
    assert data["updateAgendaItem"] == {
        "id": gid("AgendaItem", first.id),
        "title": "Opening and apologies",
        "description": "Chair's welcome.",
        "classification": "PUBLIC",
        "position": 1,
    }
    assert len(await audited("agenda.update", "agenda_item", first.id)) == 1


async def test_a_hidden_agenda_item_is_not_found(client):
    world = await build()
    _, (confidential,) = await agenda_of(world, C.CONFIDENTIAL, ("Closed item",))
    variables = {"a": gid("AgendaItem", confidential.id), "input": {"title": "X"}}
    assert await refused(client, UPDATE_ITEM, variables, token=world.tokens["participant"]) == (
        "NOT_FOUND"
    )
    # A RESTRICTED item the secretary is not named on: not theirs to see, nor to correct.
    meeting = world.meetings[C.PUBLIC]
    restricted = await agenda_item_at(world, meeting, C.RESTRICTED, "Named people only")
    variables = {"a": gid("AgendaItem", restricted.id), "input": {"title": "X"}}
    assert await refused(client, UPDATE_ITEM, variables, token=world.tokens["secretary"]) == (
        "NOT_FOUND"
    )
    assert (await AgendaItem.get(id=restricted.id)).title == "Named people only"


async def test_agenda_items_are_corrected_until_the_minutes_are_approved(client):
    world = await build()
    meeting, (first, *_) = await agenda_of(world)
    await Meeting.filter(id=meeting.id).update(status=MeetingStatus.ADJOURNED)
    variables = {"a": gid("AgendaItem", first.id), "input": {"title": "Corrected after"}}
    await ok(client, UPDATE_ITEM, variables, token=world.tokens["secretary"])
    await approve(meeting)
    result = await refused(client, UPDATE_ITEM, variables, token=world.tokens["secretary"])
    assert result == "INVALID_TRANSITION"
    assert (await AgendaItem.get(id=first.id)).title == "Corrected after"


# ------------------------------------------------------------------ moveAgendaItem


async def test_the_secretary_reorders_the_agenda_without_gaps(client):
    world = await build()
    meeting, (first, _, third) = await agenda_of(world)
    variables = {"a": gid("AgendaItem", third.id), "p": 1}
    assert await refused(client, MOVE_ITEM, variables, token=world.tokens["member"]) == (
        "FORBIDDEN"
    )
    data = await ok(client, MOVE_ITEM, variables, token=world.tokens["secretary"])
    assert [(i["title"], i["position"]) for i in data["moveAgendaItem"]["agenda"]] == [
        ("Third", 1),
        ("First", 2),
        ("Second", 3),
    ]
    stored = await AgendaItem.filter(meeting_id=meeting.id).order_by("position")
    assert [(i.title, i.position) for i in stored] == [("Third", 1), ("First", 2), ("Second", 3)]
    assert len(await audited("agenda.move", "agenda_item", third.id)) == 1

    down = {"a": gid("AgendaItem", third.id), "p": 3}
    data = await ok(client, MOVE_ITEM, down, token=world.tokens["chair"])
    assert [i["title"] for i in data["moveAgendaItem"]["agenda"]] == ["First", "Second", "Third"]
    for position in (0, 4, -1):
        out = {"a": gid("AgendaItem", first.id), "p": position}
        code = await refused(client, MOVE_ITEM, out, token=world.tokens["secretary"])
        assert code == "BAD_USER_INPUT"


async def test_a_move_counts_the_items_the_viewer_sees_and_keeps_hidden_ones_in_place(client):
    world = await build()
    meeting = world.meetings[C.PUBLIC]
    first = await agenda_item_at(world, meeting, C.PUBLIC, "First")
    hidden = await agenda_item_at(world, meeting, C.RESTRICTED, "Hidden")
    second = await agenda_item_at(world, meeting, C.PUBLIC, "Second")
    third = await agenda_item_at(world, meeting, C.PUBLIC, "Third")
    variables = {"a": gid("AgendaItem", third.id), "p": 2}
    data = await ok(client, MOVE_ITEM, variables, token=world.tokens["secretary"])
    assert [(i["title"], i["position"]) for i in data["moveAgendaItem"]["agenda"]] == [
        ("First", 1),
        ("Third", 2),
        ("Second", 3),
    ]
    stored = await AgendaItem.filter(meeting_id=meeting.id).order_by("position")
    assert [(i.id, i.position) for i in stored] == [
        (first.id, 1),
        (hidden.id, 2),
        (third.id, 3),
        (second.id, 4),
    ]
    secret = {"a": gid("AgendaItem", hidden.id), "p": 1}
    assert await refused(client, MOVE_ITEM, secret, token=world.tokens["secretary"]) == (
        "NOT_FOUND"
    )


async def test_an_approved_agenda_no_longer_moves(client):
    world = await build()
    meeting, (first, *_) = await agenda_of(world)
    await approve(meeting)
    variables = {"a": gid("AgendaItem", first.id), "p": 2}
    assert await refused(client, MOVE_ITEM, variables, token=world.tokens["secretary"]) == (
        "INVALID_TRANSITION"
    )
    assert (await AgendaItem.get(id=first.id)).position == 1


# ------------------------------------------------------------------ removeAgendaItem


async def test_the_secretary_removes_an_item_and_the_rest_close_up(client):
    world = await build()
    meeting, (_, second, _) = await agenda_of(world)
    variables = {"a": gid("AgendaItem", second.id)}
    assert await refused(client, REMOVE_ITEM, variables, token=world.tokens["member"]) == (
        "FORBIDDEN"
    )
    data = await ok(client, REMOVE_ITEM, variables, token=world.tokens["secretary"])
    assert [(i["title"], i["position"]) for i in data["removeAgendaItem"]["agenda"]] == [
        ("First", 1),
        ("Third", 2),
    ]
    assert not await AgendaItem.filter(id=second.id).exists()
    assert await audited("agenda.remove", "meeting", meeting.id) == [
        f"Removed agenda item “Second” (meeting {meeting.id})"
    ]
    assert await refused(client, REMOVE_ITEM, variables, token=world.tokens["secretary"]) == (
        "NOT_FOUND"
    )


async def test_an_item_with_motions_or_of_a_meeting_under_way_stays(client):
    world = await build()
    meeting, (first, second, _) = await agenda_of(world)
    await motion_at(world, meeting, C.PUBLIC, agenda_item=first)
    with_motion = {"a": gid("AgendaItem", first.id)}
    assert await refused(client, REMOVE_ITEM, with_motion, token=world.tokens["secretary"]) == (
        "INVALID_TRANSITION"
    )
    await Meeting.filter(id=meeting.id).update(status=MeetingStatus.IN_PROGRESS)
    under_way = {"a": gid("AgendaItem", second.id)}
    assert await refused(client, REMOVE_ITEM, under_way, token=world.tokens["secretary"]) == (
        "INVALID_TRANSITION"
    )
    assert await AgendaItem.filter(meeting_id=meeting.id).count() == 3
    _, (hidden,) = await agenda_of(world, C.CONFIDENTIAL, ("Closed item",))
    variables = {"a": gid("AgendaItem", hidden.id)}
    assert await refused(client, REMOVE_ITEM, variables, token=world.tokens["participant"]) == (
        "NOT_FOUND"
    )


# ------------------------------------------------------------------ the freeze


async def test_approved_minutes_freeze_the_agenda_and_the_attendance(client):
    world = await build()
    meeting = world.meetings[C.PUBLIC]
    m = gid("Meeting", meeting.id)
    person = gid("Person", world.people["member"].id)
    secretary = world.tokens["secretary"]
    await ok(client, ATTEND, {"m": m, "p": person}, token=secretary)
    await ok(client, ADD_ITEM, {"m": m}, token=secretary)
    await approve(meeting)
    for query, variables in ((ATTEND, {"m": m, "p": person}), (ADD_ITEM, {"m": m})):
        result = await gql(client, query, variables, token=secretary)
        assert result.only_code() == "INVALID_TRANSITION"
        assert "APPROVED" in result.errors[0]["message"]
        assert "frozen" in result.errors[0]["message"]
    retimed = {"m": m, "input": {"startsAt": when(5)}}
    assert await refused(client, UPDATE_MEETING, retimed, token=secretary) == ("INVALID_TRANSITION")
    assert await AgendaItem.filter(meeting_id=meeting.id).count() == 1


# ------------------------------------------------------------------ races


async def test_moves_and_attendance_racing_an_approval_never_land_after_it():
    """On PostgreSQL these truly run at once: each write either commits before the approval
    (its audit event comes first) or is refused, and the agenda stays numbered 1..n."""
    world = await build()
    meeting, items = await agenda_of(world, titles=("A", "B", "C", "D"))
    await Minutes.create(
        meeting_id=meeting.id, content="Ready.", status=MinutesStatus.CIRCULATED, version=1
    )
    secretary, chair = await viewer(world.people["secretary"]), await viewer(world.people["chair"])
    calls = [
        meeting_corrections.move_agenda_item(
            secretary, agenda_item_id=random.choice(items).id, position=random.randint(1, 4)
        )
        for _ in range(6)
    ] + [
        meetings.record_attendance(
            secretary,
            meeting_id=meeting.id,
            entries=[(world.people[role].id, AttendanceStatus.PRESENT)],
        )
        for role in ("chair", "member", "observer")
    ]
    calls.append(meetings.approve_minutes(chair, meeting_id=meeting.id))
    random.shuffle(calls)
    results = await asyncio.gather(*calls, return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException) and not isinstance(result, InvalidTransition):
            raise result
    events = await AuditEvent.filter(
        action__in=["agenda.move", "attendance.record", "minutes.approve"]
    ).order_by("seq")
    actions = [e.action for e in events]
    assert actions[-1] == "minutes.approve", actions
    refused = sum(isinstance(r, InvalidTransition) for r in results)
    assert len(actions) - 1 + refused == len(calls) - 1
    positions = await AgendaItem.filter(meeting_id=meeting.id).values_list("position", flat=True)
    assert sorted(positions) == [1, 2, 3, 4]
