"""The public feeds: Atom of published updates at /feeds/updates.atom, iCalendar of a body's
PUBLIC meetings at /feeds/<body-slug>.ics."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

from governance.enums import Classification, MeetingStatus, UpdateStatus
from governance.models import Meeting, Update
from tests.workflows.helpers import gid, ok, soon
from tests.workflows.helpers import workflow_world as build

C = Classification
ATOM = "{http://www.w3.org/2005/Atom}"


async def atom(client) -> ET.Element:
    response = await client.get("/feeds/updates.atom")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)  # noqa: S314 (our own server's output)


def entries(feed: ET.Element) -> list[dict[str, str]]:
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "summary": entry.findtext(f"{ATOM}summary"),
            "content": entry.findtext(f"{ATOM}content"),
            "published": entry.findtext(f"{ATOM}published"),
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


async def test_the_atom_feed_carries_published_updates_only_newest_first(client):
    world = await build()
    now = datetime.now(UTC)
    for offset, (title, status, urgent) in enumerate([
        ("Still a draft", UpdateStatus.DRAFT, False),
        ("In review", UpdateStatus.IN_REVIEW, False),
        ("Approved, not yet out", UpdateStatus.APPROVED, False),
        ("Withdrawn notice", UpdateStatus.RETRACTED, False),
        ("Boil water in ward 4 & 5 <now>", UpdateStatus.PUBLISHED, True),
    ], start=1):  # fmt: skip
        moment = now + timedelta(minutes=offset)
        await Update.create(
            title=title, summary="Residents: take care." if urgent else None,
            body="Boil **all** water.", status=status, urgent=urgent,
            author_id=world.people["comms"].id, listed_at=moment,
            published_at=moment if status in (UpdateStatus.PUBLISHED, UpdateStatus.RETRACTED) else None,
        )  # fmt: skip
    feed = await atom(client)
    shown = entries(feed)
    assert [e["title"] for e in shown] == [
        "URGENT: Boil water in ward 4 & 5 <now>",  # urgent flagged; escaped in the XML
        "Water programme launched",
    ]
    assert shown[0]["summary"] == "Residents: take care."
    assert "<strong>all</strong>" in shown[0]["content"]
    assert feed.findtext(f"{ATOM}updated") == shown[0]["published"]


async def test_publishing_and_retracting_through_the_api_moves_the_feed(client):
    world = await build()
    comms, comms2 = world.tokens["comms"], world.tokens["comms2"]
    drafted = await ok(
        client,
        'mutation { draftUpdate(input: {title: "Dam levels restored", body: "Good news."}) { id } }',
        token=comms,
    )
    update = drafted["draftUpdate"]["id"]
    for mutation, token in (("submitUpdate", comms), ("approveUpdate", comms2)):
        await ok(client, f"mutation($id: ID!) {{ {mutation}(updateId: $id) {{ id }} }}",
                 {"id": update}, token=token)  # fmt: skip
    assert "Dam levels restored" not in [e["title"] for e in entries(await atom(client))]
    await ok(client, "mutation($id: ID!) { publishUpdate(updateId: $id) { id } }", {"id": update},
             token=comms)  # fmt: skip
    assert entries(await atom(client))[0]["title"] == "Dam levels restored"
    await ok(
        client,
        'mutation($id: ID!) { retractUpdate(updateId: $id, reason: "Premature") { id } }',
        {"id": update},
        token=comms2,
    )
    assert "Dam levels restored" not in [e["title"] for e in entries(await atom(client))]


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


async def test_the_calendar_lists_a_bodys_public_meetings_only(client):
    world = await build()
    sc = world.bodies["sc"]
    scheduled = await ok(
        client,
        "mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id } }",
        {"i": {"bodyId": gid("Committee", sc.id), "startsAt": soon(10),
               "endsAt": (datetime.now(UTC) + timedelta(days=10, hours=2)).isoformat(),
               "title": "Open budget hearing; water, roads and a very long title that must be folded",
               "location": "Thabazimbi town hall, Room 1", "classification": "PUBLIC"}},
        token=world.tokens["secretary"],
    )  # fmt: skip
    assert scheduled["scheduleMeeting"]["id"]
    await Meeting.create(
        body_id=sc.id, title="Cancelled public meeting", classification=C.PUBLIC,
        starts_at=datetime.now(UTC) + timedelta(days=20), status=MeetingStatus.CANCELLED,
    )  # fmt: skip
    response = await client.get(f"/feeds/{sc.slug}.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    raw = response.text
    assert raw.endswith("\r\n")
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))
    lines = unfold(raw)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-2] == "END:VCALENDAR"
    summaries = [line.removeprefix("SUMMARY:") for line in lines if line.startswith("SUMMARY:")]
    assert summaries == [
        "PUBLIC meeting",
        "Open budget hearing\\; water\\, roads and a very long title that must be folded",
        "Cancelled public meeting",
    ]
    for level in (C.INTERNAL, C.CONFIDENTIAL, C.RESTRICTED):
        assert f"{level.value} meeting" not in raw
    assert "LOCATION:Thabazimbi town hall\\, Room 1" in lines
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 3
    assert [line for line in lines if line.startswith("STATUS:")] == [
        "STATUS:CONFIRMED",
        "STATUS:CONFIRMED",
        "STATUS:CANCELLED",
    ]
    uids = [line for line in lines if line.startswith("UID:")]
    assert len(set(uids)) == 3
    assert sum(line.startswith("DTSTART:") for line in lines) == 3
    assert sum(line.startswith("DTEND:") for line in lines) == 1


async def test_the_calendar_of_an_unknown_body_is_not_found(client):
    await build()
    response = await client.get("/feeds/no-such-body.ics")
    assert response.status_code == 404
    # Another body's calendar holds none of the steering committee's meetings.
    empty = await client.get("/feeds/partnership-advisory-board.ics")
    assert empty.status_code == 200
    assert "BEGIN:VEVENT" not in empty.text
