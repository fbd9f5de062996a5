"""One set of minutes, four ways to read it (issue 13): the API, the admin's meeting page,
the minutes PDF and the public meeting page. Each reader finds the same sections in each,
numbered over the agenda items they may see, and nothing of the others: the public page
is the public copy of the approved minutes."""

from __future__ import annotations

import io
import re

import httpx
from pypdf import PdfReader

from governance.enums import Classification, MinutesStatus
from governance.models import AccessGrant, AgendaItem, Minutes, MinutesSection
from tests.admin.helpers import admin_world, sign_in
from tests.graphql import gid, gql

C = Classification
# (level, agenda item, its section's text): the meeting itself is PUBLIC.
ITEMS = [
    (C.PUBLIC, "Water losses in Thabazimbi", "Non-revenue water stands at 38 percent."),
    (C.CONFIDENTIAL, "Forensic audit findings", "The auditor named two contractors."),
    (C.PUBLIC, "Community water forum", "The forum meets monthly in Northam."),
    (C.RESTRICTED, "Settlement with the contractor", "An offer of R 2 million."),
]
GENERAL = "The chair opened the meeting at 10:00."
# What each reader sees: the numbered sections, in order.
SEES = {
    "anonymous": ["1. Water losses in Thabazimbi", "2. Community water forum"],
    "participant": ["1. Water losses in Thabazimbi", "2. Community water forum"],
    "member": [
        "1. Water losses in Thabazimbi",
        "2. Forensic audit findings",
        "3. Community water forum",
    ],
    "named": [
        "1. Water losses in Thabazimbi",
        "2. Community water forum",
        "3. Settlement with the contractor",
    ],
}


async def approved_minutes(world):
    meeting = world.meetings[C.PUBLIC]
    minutes = await Minutes.create(
        meeting_id=meeting.id, content=GENERAL, status=MinutesStatus.APPROVED, version=3
    )
    for position, (level, title, text) in enumerate(ITEMS, start=1):
        item = await AgendaItem.create(
            meeting_id=meeting.id, position=position, title=title, classification=level
        )
        await MinutesSection.create(minutes_id=minutes.id, agenda_item_id=item.id, content=text)
        if level == C.RESTRICTED:
            await AccessGrant.create(
                subject_type="agenda_item", subject_id=item.id, person_id=world.people["named"].id
            )
    return meeting


def check(channel: str, role: str, text: str) -> None:
    """`text` holds the reader's sections in order, and no other section's title or text."""
    text = " ".join(text.split())
    seen = SEES[role]
    positions = [text.find(section) for section in seen]
    assert all(p >= 0 for p in positions), (channel, role, seen, text[:2000])
    assert positions == sorted(positions), (channel, role)
    assert GENERAL in text, (channel, role)
    shown_titles = {s.split(". ", 1)[1] for s in seen}
    for _, title, body in ITEMS:
        if title not in shown_titles:
            assert title not in text and body not in text, (channel, role, title)
    for number in range(len(seen) + 1, len(ITEMS) + 1):
        assert not re.search(rf"\b{number}\. [A-Z]", text), (channel, role, number)


async def through_api(client, world, role) -> str:
    query = """query($id: ID!) { node(id: $id) { ... on Meeting {
      minutes { content sections { agendaItem { title } content } } } } }"""
    found = await gql(
        client, query, {"id": gid("Meeting", world.meetings[C.PUBLIC].id)},
        token=world.tokens.get(role),
    )  # fmt: skip
    minutes = found.data["node"]["minutes"]
    parts = [minutes["content"]]
    for number, section in enumerate(minutes["sections"], start=1):
        parts += [f"{number}. {section['agendaItem']['title']}", section["content"]]
    return "\n".join(parts)


async def through_pdf(http, world, role, token=None) -> str:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    path = f"/meetings/{gid('Meeting', world.meetings[C.PUBLIC].id)}/minutes.pdf"
    answer = await http.get(path, headers=headers)
    assert answer.status_code == 200, (role, answer.text)
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(answer.content)).pages)


def visible_text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").replace("&amp;", "&")


async def test_each_reader_reads_the_same_minutes_through_every_channel(app, client):
    setting = await admin_world()
    world = setting.world
    meeting = await approved_minutes(world)
    for role in SEES:
        check("api", role, await through_api(client, world, role))
        check("pdf", role, await through_pdf(client, world, role, world.tokens.get(role)))

    public = await client.get(f"/meetings/{gid('Meeting', meeting.id)}")
    assert public.status_code == 200
    check("public page", "anonymous", visible_text(public.text))

    for role in ("participant", "member", "named"):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            await sign_in(http, world.people[role].email)
            page = await http.get(f"/admin/meetings/{meeting.id}")
            assert page.status_code == 200
            # The admin's reading of the minutes (the editor's areas are for officers only).
            reading = page.text.split('class="prose minutes-whole"', 1)[1].split("</div>", 1)[0]
            check("admin", role, visible_text('class="x">' + reading))
            check("admin pdf", role, await through_pdf(http, world, role))


async def test_the_public_page_waits_for_approval(client):
    setting = await admin_world()
    meeting = await approved_minutes(setting.world)
    await Minutes.filter(meeting_id=meeting.id).update(status=MinutesStatus.CIRCULATED)
    page = await client.get(f"/meetings/{gid('Meeting', meeting.id)}")
    assert page.status_code == 200
    assert "published here once the committee has approved them" in page.text
    assert GENERAL not in page.text and "38 percent" not in page.text
    assert "Water losses in Thabazimbi" in page.text  # the public agenda
    assert "Forensic" not in page.text and "Settlement" not in page.text
    hidden = await client.get(f"/meetings/{gid('Meeting', setting.world.meetings[C.INTERNAL].id)}")
    absent = await client.get(f"/meetings/{gid('Meeting', 999_999)}")
    assert hidden.status_code == absent.status_code == 404
    assert hidden.text == absent.text
