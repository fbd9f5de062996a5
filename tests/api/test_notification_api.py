"""One's notifications through the API: only one's own, pages by keyset, marked read only
by their recipient, preferences per kind with their defaults (wave2.graphql)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tortoise.transactions import in_transaction

from governance import tell
from governance.enums import CHOOSABLE_KINDS, Classification
from governance.models import Meeting, Notification, NotificationPreference
from tests.graphql import gid, gql
from tests.world import build_world

LIST = """query($first: Int, $after: String, $unread: Boolean) { viewer {
  unreadNotifications
  notifications(first: $first, after: $after, unreadOnly: $unread) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id kind title subjectId createdAt readAt } }
  } } }"""
MARK = "mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }"
PREFS = "{ viewer { notificationPreferences { kind email digest } } }"
SET = """mutation($p: [NotificationPreferenceInput!]!) {
  setNotificationPreferences(preferences: $p) { kind email digest } }"""
NODE = "query($id: ID!) { node(id: $id) { id ... on Notification { title } } }"


async def _three_meetings(world) -> list[Meeting]:
    made = []
    for i in range(3):
        meeting = await Meeting.create(
            body_id=world.bodies["sc"].id, title=f"Meeting {i}",
            classification=Classification.CONFIDENTIAL,
            starts_at=datetime.now(UTC) + timedelta(days=i + 1),
        )  # fmt: skip
        async with in_transaction():
            await tell.meeting_scheduled(meeting)
        made.append(meeting)
    return made


async def test_a_person_lists_their_own_notifications_newest_first_by_pages(client):
    world = await build_world()
    meetings = await _three_meetings(world)
    # Denied: someone outside the body has none, the public none either.
    outsider = await gql(client, LIST, token=world.tokens["participant"])
    assert outsider.data["viewer"]["notifications"]["totalCount"] == 0
    assert outsider.data["viewer"]["unreadNotifications"] == 0
    public = await gql(client, LIST, token=None)
    assert public.data["viewer"]["notifications"]["edges"] == []
    # Allowed: the member reads theirs, two by two.
    first = (await gql(client, LIST, {"first": 2}, token=world.tokens["member"])).data["viewer"]
    page = first["notifications"]
    assert first["unreadNotifications"] == 3 and page["totalCount"] == 3
    assert [e["node"]["title"] for e in page["edges"]] == [
        "Meeting scheduled: Meeting 2",
        "Meeting scheduled: Meeting 1",
    ]
    node = page["edges"][0]["node"]
    assert node["kind"] == "MEETING_SCHEDULED" and node["readAt"] is None
    assert node["subjectId"] == gid("Meeting", meetings[2].id)
    assert page["pageInfo"]["hasNextPage"]
    rest = await gql(
        client, LIST, {"first": 2, "after": page["pageInfo"]["endCursor"]},
        token=world.tokens["member"],
    )  # fmt: skip
    rest_page = rest.data["viewer"]["notifications"]
    assert [e["node"]["title"] for e in rest_page["edges"]] == ["Meeting scheduled: Meeting 0"]
    assert not rest_page["pageInfo"]["hasNextPage"]


async def test_a_notification_is_a_node_only_to_its_recipient(client):
    world = await build_world()
    await _three_meetings(world)
    own = await Notification.filter(person_id=world.people["member"].id).first()
    notification_id = gid("Notification", own.id)
    for role in ("chair", "admin", "anonymous"):
        result = await gql(client, NODE, {"id": notification_id}, token=world.tokens[role])
        assert result.data["node"] is None, role
    mine = await gql(client, NODE, {"id": notification_id}, token=world.tokens["member"])
    assert mine.data["node"] == {"id": notification_id, "title": own.title}


async def test_only_ones_own_notifications_are_marked_read(client):
    world = await build_world()
    await _three_meetings(world)
    member, chair = world.people["member"].id, world.people["chair"].id
    chairs = [gid("Notification", n.id) for n in await Notification.filter(person_id=chair)]
    mine = [gid("Notification", n.id) for n in await Notification.filter(person_id=member)]
    # Denied: the public may not; another's ids mark nothing of theirs.
    anonymous = await gql(client, MARK, {"ids": mine}, token=None)
    assert anonymous.only_code() == "UNAUTHENTICATED"
    other = await gql(client, MARK, {"ids": chairs}, token=world.tokens["member"])
    assert other.data == {"markNotificationsRead": 0}
    assert await Notification.filter(person_id=chair, read_at__isnull=True).count() == 3
    # Allowed: one of one's own, then all the rest (ids null); again, nothing is left.
    one = await gql(client, MARK, {"ids": mine[:1]}, token=world.tokens["member"])
    assert one.data == {"markNotificationsRead": 1}
    unread = await gql(client, LIST, {"unread": True}, token=world.tokens["member"])
    assert unread.data["viewer"]["notifications"]["totalCount"] == 2
    assert unread.data["viewer"]["unreadNotifications"] == 2
    rest = await gql(client, MARK, {"ids": None}, token=world.tokens["member"])
    assert rest.data == {"markNotificationsRead": 2}
    again = await gql(client, MARK, {}, token=world.tokens["member"])
    assert again.data == {"markNotificationsRead": 0}
    read = await gql(client, LIST, token=world.tokens["member"])
    assert all(e["node"]["readAt"] for e in read.data["viewer"]["notifications"]["edges"])
    assert await Notification.filter(person_id=chair, read_at__isnull=True).count() == 3
    wrong = await gql(client, MARK, {"ids": [gid("Meeting", 1)]}, token=world.tokens["member"])
    assert wrong.only_code() == "BAD_USER_INPUT"


async def test_preferences_default_to_email_for_every_kind_and_are_ones_own(client):
    world = await build_world()
    defaults = await gql(client, PREFS, token=world.tokens["member"])
    assert defaults.data["viewer"]["notificationPreferences"] == [
        {"kind": kind.value, "email": True, "digest": False} for kind in CHOOSABLE_KINDS
    ]
    denied = await gql(client, SET, {"p": []}, token=None)
    assert denied.only_code() == "UNAUTHENTICATED"
    chosen = [
        {"kind": "BALLOT_OPENED", "email": False, "digest": False},
        {"kind": "MINUTES_CIRCULATED", "email": True, "digest": True},
    ]
    result = await gql(client, SET, {"p": chosen}, token=world.tokens["member"])
    by_kind = {p["kind"]: p for p in result.data["setNotificationPreferences"]}
    assert len(by_kind) == 13
    assert by_kind["BALLOT_OPENED"] == chosen[0]
    assert by_kind["MINUTES_CIRCULATED"] == chosen[1]
    assert by_kind["MEETING_SCHEDULED"] == {
        "kind": "MEETING_SCHEDULED", "email": True, "digest": False,
    }  # fmt: skip
    # Set again: changed, not doubled; nobody else's changed.
    await gql(client, SET, {"p": [{**chosen[0], "digest": True}]}, token=world.tokens["member"])
    rows = await NotificationPreference.filter(person_id=world.people["member"].id)
    assert {(r.kind.value, r.email, r.digest) for r in rows} == {
        ("BALLOT_OPENED", False, True), ("MINUTES_CIRCULATED", True, True),
    }  # fmt: skip
    assert await NotificationPreference.filter(person_id=world.people["chair"].id).count() == 0
