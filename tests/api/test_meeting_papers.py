"""The meeting pack and the minutes as PDF (issue 13), read back as text: each reader's
paper holds what they may see of the meeting and nothing else, not even a gap."""

from __future__ import annotations

import asyncio
import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from pypdf import PdfReader

from governance.enums import Classification, MinutesStatus
from governance.models import AccessGrant, AgendaItem, Document, Minutes, MinutesSection
from server import pdfs
from tests.graphql import gid
from tests.world import build_world

C = Classification


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


async def a_meeting_with_papers(world, status=MinutesStatus.DRAFT):
    """The INTERNAL meeting: three agenda items, one each INTERNAL, CONFIDENTIAL and
    RESTRICTED (the named person is named on it), minuted, with two papers."""
    meeting = world.meetings[C.INTERNAL]
    minutes = await Minutes.create(
        meeting_id=meeting.id, content="Quorum present. Chair Person presided.", status=status
    )
    for position, (level, title, text) in enumerate(
        [
            (C.INTERNAL, "Water losses in Thabazimbi", "Non-revenue water at 38 percent."),
            (C.CONFIDENTIAL, "Forensic audit findings", "The auditor named two contractors."),
            (C.RESTRICTED, "Settlement with the contractor", "Offer of R 2 million."),
        ],
        start=1,
    ):
        item = await AgendaItem.create(
            meeting_id=meeting.id, position=position, title=title, classification=level
        )
        await MinutesSection.create(minutes_id=minutes.id, agenda_item_id=item.id, content=text)
        if level == C.RESTRICTED:
            await AccessGrant.create(
                subject_type="agenda_item", subject_id=item.id, person_id=world.people["named"].id
            )
    for level, title in [(C.INTERNAL, "Water balance 2025"), (C.CONFIDENTIAL, "Audit report")]:
        await Document.create(
            title=title, filename=f"{title}.pdf", content_type="application/pdf", size=2048,
            sha256="0" * 64, classification=level, body_id=meeting.body_id, meeting_id=meeting.id,
        )  # fmt: skip
    return meeting


async def paper(client, world, meeting, which, role):
    token = world.tokens.get(role)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return await client.get(f"/meetings/{gid('Meeting', meeting.id)}/{which}.pdf", headers=headers)


async def test_each_reader_gets_the_agenda_pack_of_what_they_may_see(client):
    world = await build_world()
    meeting = await a_meeting_with_papers(world)
    hidden = await paper(client, world, meeting, "agenda", "anonymous")
    absent = await client.get(f"/meetings/{gid('Meeting', 999_999)}/agenda.pdf")
    assert (
        (hidden.status_code, hidden.text)
        == (absent.status_code, absent.text)
        == (
            404,
            "No such meeting.",
        )
    )

    outsider = await paper(client, world, meeting, "agenda", "participant")
    assert outsider.status_code == 200
    assert outsider.headers["content-type"] == "application/pdf"
    assert outsider.headers["cache-control"] == "private, no-store"
    text = text_of(outsider.content)
    assert "MCPP Steering Committee" in text  # the header
    assert "Page 1 of 1" in text
    assert "Water losses in Thabazimbi" in text and "Water balance 2025" in text
    for secret in ("Forensic", "Settlement", "Audit report", "2."):
        assert secret not in text, secret

    member = text_of((await paper(client, world, meeting, "agenda", "member")).content)
    assert "Forensic audit findings" in member and "Audit report" in member
    assert "Settlement" not in member
    named = text_of((await paper(client, world, meeting, "agenda", "named")).content)
    assert "Settlement with the contractor" in named


async def test_the_minutes_read_as_each_reader_may_and_say_draft_until_approved(client):
    world = await build_world()
    meeting = await a_meeting_with_papers(world)
    outsider = text_of((await paper(client, world, meeting, "minutes", "participant")).content)
    assert "Quorum present" in outsider
    assert "1. Water losses in Thabazimbi" in outsider
    assert "Non-revenue water at 38 percent" in outsider
    for secret in ("auditor", "Forensic", "R 2 million", "2. ", "3. "):
        assert secret not in outsider, secret
    assert "DRAFT" in outsider

    member = text_of((await paper(client, world, meeting, "minutes", "member")).content)
    assert "2. Forensic audit findings" in member and "The auditor named" in member
    assert "R 2 million" not in member

    await Minutes.filter(meeting_id=meeting.id).update(status=MinutesStatus.APPROVED)
    approved = text_of((await paper(client, world, meeting, "minutes", "member")).content)
    assert "DRAFT" not in approved and "· Approved" in approved  # its status, in words


async def test_a_paper_fetches_nothing_a_minute_links_to(client):
    """An image in the minutes must not make the server call an address: the sanitiser
    drops it from the markdown, and the renderer would fetch nothing even if it came."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        world = await build_world()
        meeting = world.meetings[C.PUBLIC]
        port = server.server_address[1]
        await Minutes.create(
            meeting_id=meeting.id,
            content=f"See ![the map](http://127.0.0.1:{port}/internal-map.png) for the sites.",
        )
        got = await paper(client, world, meeting, "minutes", "chair")
        assert got.status_code == 200
        assert "for the sites" in text_of(got.content)
        # Past the sanitiser (were it ever to let one through): still nothing fetched.
        image = f'<img src="http://127.0.0.1:{port}/x.png"><p>Kept as text.</p>'
        assert "Kept as text." in text_of(await asyncio.to_thread(pdfs.render, image))
    finally:
        server.shutdown()
        server.server_close()
    assert hits == []
