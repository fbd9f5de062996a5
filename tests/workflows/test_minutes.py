"""Meetings and minutes: scheduling, agenda, attendance driving quorum, minutes DRAFT →
CIRCULATED → APPROVED with optimistic concurrency, and who may do each."""

from __future__ import annotations

from governance.enums import Classification
from governance.models import Minutes, MinutesVersion
from tests.graphql import codes, gid
from tests.workflows.helpers import ATTEND, SCHEDULE, attendance, ok, refused, soon
from tests.workflows.helpers import workflow_world as build

C = Classification
SAVE = """mutation($m: ID!, $c: String!, $v: Int) {
  saveMinutes(meetingId: $m, content: $c, expectedVersion: $v) {
    id status content contentHtml version approvedAt approvedBy { id }
  }
}"""
CIRCULATE = "mutation($m: ID!) { circulateMinutes(meetingId: $m) { id status version } }"
APPROVE = """mutation($m: ID!) {
  approveMinutes(meetingId: $m) { id status version approvedAt approvedBy { id } }
}"""
AGENDA = """mutation($m: ID!, $t: String!, $c: Classification!) {
  addAgendaItem(meetingId: $m, input: {title: $t, classification: $c}) { id position title }
}"""
MEETING_MINUTES = """query($id: ID!) {
  node(id: $id) { ... on Meeting { minutes { status content version } quorumPresent } }
}"""


def mid(world, level: Classification) -> str:
    return gid("Meeting", world.meetings[level].id)


# ------------------------------------------------------------------ scheduling and agenda


async def test_chair_or_secretary_schedules_and_others_are_refused(client):
    world = await build()
    sc = gid("Committee", world.bodies["sc"].id)
    variables = {
        "input": {"bodyId": sc, "title": "Quarterly review", "startsAt": soon(3),
                  "location": "Pretoria", "classification": "INTERNAL"}
    }  # fmt: skip
    answers = await codes(
        client,
        world,
        SCHEDULE,
        variables,
        ["anonymous", "participant", "member", "observer", "board_chair", "admin", "chair"],
    )
    assert answers == {
        "anonymous": "UNAUTHENTICATED",
        "participant": "FORBIDDEN",
        "member": "FORBIDDEN",
        "observer": "FORBIDDEN",
        "board_chair": "FORBIDDEN",
        "admin": "FORBIDDEN",
        "chair": None,
    }
    data = await ok(client, SCHEDULE, variables, token=world.tokens["secretary"])
    assert data["scheduleMeeting"]["status"] == "SCHEDULED"
    assert data["scheduleMeeting"]["body"]["id"] == sc
    listed = await ok(
        client,
        "query($b: ID!) { meetings(bodyId: $b, first: 50) { edges { node { title } } } }",
        {"b": sc},
        token=world.tokens["participant"],
    )
    titles = [e["node"]["title"] for e in listed["meetings"]["edges"]]
    assert titles.count("Quarterly review") == 2  # the chair's and the secretary's

    missing = {**variables["input"], "bodyId": gid("Committee", 999_999)}
    assert (
        await refused(client, SCHEDULE, {"input": missing}, token=world.tokens["chair"])
        == "NOT_FOUND"
    )


async def test_agenda_items_are_numbered_in_order_and_only_managers_add_them(client):
    world = await build()
    meeting = mid(world, C.CONFIDENTIAL)
    first = await ok(
        client, AGENDA, {"m": meeting, "t": "Opening", "c": "PUBLIC"}, token=world.tokens["chair"]
    )
    second = await ok(
        client,
        AGENDA,
        {"m": meeting, "t": "Closed session", "c": "RESTRICTED"},
        token=world.tokens["secretary"],
    )
    assert first["addAgendaItem"]["position"] == 1
    assert second["addAgendaItem"]["position"] == 2
    variables = {"m": meeting, "t": "More", "c": "PUBLIC"}
    assert await codes(
        client, world, AGENDA, variables, ["anonymous", "participant", "member"]
    ) == {"anonymous": "UNAUTHENTICATED", "participant": "NOT_FOUND", "member": "FORBIDDEN"}


# ------------------------------------------------------------------ attendance and quorum


async def test_attendance_of_voting_members_drives_quorum_present(client):
    world = await build()  # steering committee quorum 2; chair and member vote
    meeting = mid(world, C.INTERNAL)
    people = world.people
    sec = world.tokens["secretary"]

    async def record(*entries):
        data = await ok(client, ATTEND, {"m": meeting, "e": attendance(*entries)}, token=sec)
        return data["recordAttendance"]

    # Present but without a vote, or no longer a member: none of them count.
    result = await record(
        (people["chair"], "PRESENT"),
        (people["secretary"], "PRESENT"),
        (people["observer"], "PRESENT"),
        (people["former"], "PRESENT"),
        (people["participant"], "PRESENT"),
    )
    assert result["quorumPresent"] is False
    assert len(result["attendance"]) == 5

    result = await record((people["member"], "PRESENT"))
    assert result["quorumPresent"] is True  # exactly the quorum

    result = await record((people["member"], "APOLOGIES"))
    assert result["quorumPresent"] is False
    statuses = {a["person"]["id"]: a["status"] for a in result["attendance"]}
    assert statuses[gid("Person", people["member"].id)] == "APOLOGIES"
    assert len(result["attendance"]) == len(statuses) == 6  # a re-record replaces the entry

    result = await record((people["member"], "ABSENT"), (people["chair"], "ABSENT"))
    assert result["quorumPresent"] is False


async def test_attendance_write_rules(client):
    world = await build()
    entries = attendance((world.people["member"], "PRESENT"))
    answers = await codes(
        client,
        world,
        ATTEND,
        {"m": mid(world, C.CONFIDENTIAL), "e": entries},
        ["anonymous", "participant", "party", "member", "observer", "admin", "chair"],
    )
    assert answers == {
        "anonymous": "UNAUTHENTICATED",
        "participant": "NOT_FOUND",
        "party": "NOT_FOUND",
        "member": "FORBIDDEN",
        "observer": "FORBIDDEN",
        "admin": "NOT_FOUND",
        "chair": None,
    }
    # Visible to every signed-in person, but only managed by the chair or secretary.
    internal = {"m": mid(world, C.INTERNAL), "e": entries}
    assert await refused(client, ATTEND, internal, token=world.tokens["participant"]) == (
        "FORBIDDEN"
    )
    # A RESTRICTED meeting: the named person sees it but does not manage it.
    restricted = {"m": mid(world, C.RESTRICTED), "e": entries}
    assert await refused(client, ATTEND, restricted, token=world.tokens["named"]) == "FORBIDDEN"
    assert await refused(client, ATTEND, restricted, token=world.tokens["member"]) == "NOT_FOUND"
    assert await refused(client, ATTEND, restricted, token=world.tokens["secretary"]) == (
        "NOT_FOUND"
    )
    await ok(client, ATTEND, restricted, token=world.tokens["chair"])


# ------------------------------------------------------------------ minutes


async def test_minutes_lifecycle_with_optimistic_concurrency(client):
    world = await build()
    meeting = mid(world, C.CONFIDENTIAL)
    sec, chair = world.tokens["secretary"], world.tokens["chair"]

    # Nothing saved yet: claiming to edit some version is a conflict.
    claimed = {"m": meeting, "c": "Draft.", "v": 3}
    assert await refused(client, SAVE, claimed, token=sec) == "CONFLICT"
    assert not await Minutes.exists(meeting_id=world.meetings[C.CONFIDENTIAL].id)
    first = (await ok(client, SAVE, {"m": meeting, "c": "# Minutes\n\nDraft one."}, token=sec))[
        "saveMinutes"
    ]
    assert (first["status"], first["version"]) == ("DRAFT", 1)
    assert "<h1>Minutes</h1>" in first["contentHtml"]

    # Saving over existing minutes without saying which version was edited: refused.
    assert await refused(client, SAVE, {"m": meeting, "c": "blind"}, token=chair) == "CONFLICT"

    second = (await ok(client, SAVE, {"m": meeting, "c": "Draft two.", "v": 1}, token=chair))[
        "saveMinutes"
    ]
    assert second["version"] == 2

    # The secretary still edits version 1: a conflict, never a silent overwrite.
    stale = {"m": meeting, "c": "Secretary's edit of version one.", "v": 1}
    assert await refused(client, SAVE, stale, token=sec) == "CONFLICT"
    future = {"m": meeting, "c": "From the future.", "v": 7}
    assert await refused(client, SAVE, future, token=sec) == "CONFLICT"
    shown = await ok(client, MEETING_MINUTES, {"id": meeting}, token=world.tokens["member"])
    assert shown["node"]["minutes"] == {"status": "DRAFT", "content": "Draft two.", "version": 2}

    # Every version is kept.
    minutes = await Minutes.get(meeting_id=world.meetings[C.CONFIDENTIAL].id)
    kept = await MinutesVersion.filter(minutes_id=minutes.id).order_by("version")
    assert [(v.version, v.content) for v in kept] == [
        (1, "# Minutes\n\nDraft one."),
        (2, "Draft two."),
    ]

    # Approving before circulation is out of order.
    assert await refused(client, APPROVE, {"m": meeting}, token=chair) == "INVALID_TRANSITION"

    circulated = (await ok(client, CIRCULATE, {"m": meeting}, token=sec))["circulateMinutes"]
    assert circulated["status"] == "CIRCULATED"
    assert await refused(client, CIRCULATE, {"m": meeting}, token=sec) == "INVALID_TRANSITION"

    approved = (await ok(client, APPROVE, {"m": meeting}, token=chair))["approveMinutes"]
    assert approved["status"] == "APPROVED"
    assert approved["approvedAt"]
    assert approved["approvedBy"]["id"] == gid("Person", world.people["chair"].id)

    # Approved minutes are frozen: no save (even with the right version), no re-circulation,
    # no second approval.
    frozen = {"m": meeting, "c": "Changed after approval.", "v": approved["version"]}
    assert await refused(client, SAVE, frozen, token=chair) == "INVALID_TRANSITION"
    assert await refused(client, SAVE, {**frozen, "v": None}, token=sec) == "INVALID_TRANSITION"
    assert await refused(client, CIRCULATE, {"m": meeting}, token=sec) == "INVALID_TRANSITION"
    assert await refused(client, APPROVE, {"m": meeting}, token=chair) == "INVALID_TRANSITION"
    shown = await ok(client, MEETING_MINUTES, {"id": meeting}, token=world.tokens["member"])
    assert shown["node"]["minutes"]["content"] == "Draft two."
    assert await MinutesVersion.filter(minutes_id=minutes.id).count() == 2


async def test_minutes_write_rules(client):
    world = await build()
    meeting = mid(world, C.CONFIDENTIAL)
    roles = ["anonymous", "participant", "party", "admin", "member", "observer"]
    save = {"m": meeting, "c": "Draft."}
    assert await codes(client, world, SAVE, save, roles) == {
        "anonymous": "UNAUTHENTICATED",
        "participant": "NOT_FOUND",
        "party": "NOT_FOUND",
        "admin": "NOT_FOUND",
        "member": "FORBIDDEN",
        "observer": "FORBIDDEN",
    }
    await ok(client, SAVE, save, token=world.tokens["secretary"])
    assert await codes(client, world, CIRCULATE, {"m": meeting}, roles) == {
        "anonymous": "UNAUTHENTICATED",
        "participant": "NOT_FOUND",
        "party": "NOT_FOUND",
        "admin": "NOT_FOUND",
        "member": "FORBIDDEN",
        "observer": "FORBIDDEN",
    }
    await ok(client, CIRCULATE, {"m": meeting}, token=world.tokens["chair"])
    # Approval is the chair's alone: the secretary who keeps the minutes may not.
    assert await codes(client, world, APPROVE, {"m": meeting}, [*roles, "secretary"]) == {
        "anonymous": "UNAUTHENTICATED",
        "participant": "NOT_FOUND",
        "party": "NOT_FOUND",
        "admin": "NOT_FOUND",
        "member": "FORBIDDEN",
        "observer": "FORBIDDEN",
        "secretary": "FORBIDDEN",
    }
    await ok(client, APPROVE, {"m": meeting}, token=world.tokens["chair"])
    # On a meeting every signed-in person sees, a participant is FORBIDDEN, not NOT_FOUND.
    internal = {"m": mid(world, C.INTERNAL), "c": "Draft."}
    assert await refused(client, SAVE, internal, token=world.tokens["participant"]) == "FORBIDDEN"
