"""A meeting is opened, adjourned, resumed, cancelled or reinstated by its body's chair or secretary."""

from __future__ import annotations

import pytest

from governance.enums import Classification, MeetingStatus
from governance.models import Meeting
from tests.graphql import gql
from tests.world import build_world

SET = "mutation($m: ID!, $s: MeetingStatus!) { setMeetingStatus(meetingId: $m, status: $s) { status } }"
S = MeetingStatus
ALLOWED = {
    (S.SCHEDULED, S.IN_PROGRESS),
    (S.SCHEDULED, S.CANCELLED),
    (S.IN_PROGRESS, S.ADJOURNED),
    (S.ADJOURNED, S.IN_PROGRESS),
    (S.CANCELLED, S.SCHEDULED),
}


@pytest.mark.parametrize("start", list(S))
@pytest.mark.parametrize("target", list(S))
async def test_every_move_between_statuses(client, start, target):
    world = await build_world()
    meeting = world.meetings[Classification.PUBLIC]
    await Meeting.filter(id=meeting.id).update(status=start)
    result = await gql(
        client,
        SET,
        {"m": world.gid("Meeting", meeting.id), "s": target.value},
        token=world.tokens["secretary"],
    )
    if (start, target) in ALLOWED:
        assert result.ok, result.errors
        assert result.data["setMeetingStatus"]["status"] == target.value
    else:
        assert result.only_code() == "INVALID_TRANSITION"
        assert (await Meeting.get(id=meeting.id)).status == start


@pytest.mark.parametrize(
    ("role", "level", "code"),
    [
        ("anonymous", Classification.PUBLIC, "UNAUTHENTICATED"),
        ("member", Classification.PUBLIC, "FORBIDDEN"),
        ("participant", Classification.CONFIDENTIAL, "NOT_FOUND"),
        ("admin", Classification.PUBLIC, "FORBIDDEN"),
    ],
)
async def test_only_the_chair_or_secretary_moves_a_meeting(client, role, level, code):
    world = await build_world()
    meeting = world.meetings[level]
    result = await gql(
        client,
        SET,
        {"m": world.gid("Meeting", meeting.id), "s": "IN_PROGRESS"},
        token=world.tokens[role],
    )
    assert result.only_code() == code
    assert (await Meeting.get(id=meeting.id)).status == S.SCHEDULED
