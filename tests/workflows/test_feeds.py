"""The public feeds: Atom of published updates at /feeds/updates.atom, iCalendar of a body's
PUBLIC meetings at /feeds/<body-slug>.ics."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import httpx
import icalendar

from governance.enums import Classification, MeetingStatus, UpdateStatus
from governance.models import Meeting, Update
from server.app import create_app
from tests.graphql import gid
from tests.workflows.helpers import ok, soon
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


async def test_quotes_and_markup_in_titles_come_out_well_formed(client):
    world = await build()
    title = 'The "Ward 4 & 5" <pipeline> notice'
    await Update.create(
        title=title, summary='He said "boil" & <wait>', body='A [link](https://x.org/?a=1&b="2")',
        status=UpdateStatus.PUBLISHED, author_id=world.people["comms"].id,
        listed_at=datetime.now(UTC) + timedelta(minutes=5), published_at=datetime.now(UTC),
    )  # fmt: skip
    feed = await atom(client)  # parses: the feed is well-formed XML
    newest = entries(feed)[0]
    assert newest["title"] == title
    assert newest["summary"] == 'He said "boil" & <wait>'
    # The content is HTML carried as text: once the XML is read, the HTML is intact.
    assert 'href="https://x.org/?a=1&amp;b=%222%22"' in newest["content"]
    await Meeting.create(
        body_id=world.bodies["sc"].id, title='Hearing on "tariffs"; <roads> & water, part 2',
        location='Hall "B", Thabazimbi', classification=C.PUBLIC,
        starts_at=datetime.now(UTC) + timedelta(days=3),
    )  # fmt: skip
    response = await client.get(f"/feeds/{world.bodies['sc'].slug}.ics")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert 'Hearing on "tariffs"; <roads> & water, part 2' in events
    assert str(events['Hearing on "tariffs"; <roads> & water, part 2']["LOCATION"]) == (
        'Hall "B", Thabazimbi'
    )


async def test_calendar_uids_are_stable_and_name_neither_the_host_nor_the_row(client):
    world = await build()
    meeting = world.meetings[C.PUBLIC]
    path = f"/feeds/{world.bodies['sc'].slug}.ics"

    async def uids(host: str) -> list[str]:
        response = await client.get(path, headers={"Host": host})
        assert response.status_code == 200
        return [
            str(e["UID"]) for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT")
        ]

    seen = await uids("testserver")
    assert seen == await uids("localhost") == await uids("127.0.0.1:8000")
    assert len(seen) == 1
    assert "testserver" not in seen[0] and "localhost" not in seen[0]
    # Sequential row ids would show, by their gaps, how many meetings the public is not shown.
    assert f"-{meeting.id}@" not in seen[0]


async def test_links_follow_the_public_url_when_one_is_configured(settings):
    world = await build()
    public = replace(settings, public_url="https://indaba.example.org")
    transport = httpx.ASGITransport(app=create_app(public, manage_database=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as local:
        feed = await atom(local)
        calendar = await local.get(f"/feeds/{world.bodies['sc'].slug}.ics")
    assert feed.findtext(f"{ATOM}id") == "https://indaba.example.org/feeds/updates.atom"
    links = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert links and all(href.startswith("https://indaba.example.org/") for href in links)
    assert "localhost" not in ET.tostring(feed, encoding="unicode")
    events = icalendar.Calendar.from_ical(calendar.content).walk("VEVENT")
    assert [str(e["UID"]).endswith("@indaba.example.org") for e in events] == [True]
