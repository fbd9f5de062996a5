"""A meeting's papers as PDF: the meeting pack (`/meetings/<id>/agenda.pdf`: the agenda
and its attached papers) and the minutes (`/meetings/<id>/minutes.pdf`), where <id> is
the meeting's GraphQL id (PRODUCT.md, "Minutes, the public copy, exports").

Each holds only what the requester may see, read through the same visibility layer and
drawn from the same templates as the admin's meeting page (the minutes are the admin's
`_minutes_whole.html`); with the API's credentials (a token, or the admin's session);
404 alike for a hidden meeting and an absent one. WeasyPrint renders in a thread (it is
CPU-bound), and fetches nothing: a URL in the minutes' markdown stays text on paper
rather than a request from the server (no SSRF through an image).
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from jinja2 import Environment
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from governance import languages
from governance import minutes as minutes_book
from governance.enums import Classification, MinutesStatus
from governance.models import AgendaItem, Body, Document, Meeting, Minutes, Person
from governance.zones import local
from permissions import Viewer, visible
from schema import ids
from server import auth, i18n


def install(env: Environment) -> None:
    env.filters["css_string"] = css_string
    env.filters["filesize"] = filesize
    env.globals["paper_path"] = paper_path


def paper_path(meeting_id: int, which: str) -> str:
    """Where a meeting's paper is, by the meeting's GraphQL id (what an API client holds)."""
    return f"/meetings/{ids.encode('Meeting', meeting_id)}/{which}.pdf"


def css_string(value: str) -> str:
    """Text safe inside a CSS string in double quotes (the page header's content)."""
    return re.sub(r'[\\"\n\r\f<>&]', lambda m: f"\\{ord(m.group()):x} ", str(value))


def filesize(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def not_found() -> Response:
    return PlainTextResponse(
        "No such meeting.", status_code=404, headers={"Cache-Control": "no-store"}
    )


async def agenda_pdf(request: Request) -> Response:
    return await _paper(request, "agenda")


async def minutes_pdf(request: Request) -> Response:
    return await _paper(request, "minutes")


async def _paper(request: Request, which: str) -> Response:
    who = await auth.requester(request)
    if isinstance(who, Response):  # a bad token: 401 (or 429), never read as the public
        return who
    decoded = ids.decode(request.path_params["meeting_id"])
    if decoded is None or decoded[0] != "Meeting":
        return not_found()
    meeting = await visible(who.viewer, Meeting).filter(id=decoded[1]).first()
    if meeting is None:
        return not_found()
    # The requester's language: their own when a token names them, else the request's.
    own: str | None = None
    if who.viewer.person_id is not None:
        found = await Person.filter(id=who.viewer.person_id).values_list("language", flat=True)
        own = str(found[0]) if found and found[0] else None
    with i18n.speaking(own or languages.current()):
        context = await paper_context(who.viewer, meeting, which)
        html = request.app.state.templates.get_template(f"pdf/{which}.html").render(context)
    pdf = await asyncio.to_thread(render, html)
    name = f"{slug(meeting.title)}-{which}.pdf"
    public = meeting.classification == Classification.PUBLIC and who.viewer.is_anonymous
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{name}"',
            "Cache-Control": "public, max-age=60" if public else "private, no-store",
            "Vary": "Authorization, Cookie, Accept-Language",
        },
    )


async def paper_context(viewer: Viewer, meeting: Meeting, which: str) -> dict[str, Any]:
    """What the requester may see of the meeting, for one paper."""
    body = await Body.get(id=meeting.body_id)
    minutes = await visible(viewer, Minutes).filter(meeting_id=meeting.id).first()
    approved = minutes is not None and minutes.status == MinutesStatus.APPROVED
    context: dict[str, Any] = {
        "meeting": meeting,
        "body": body,
        "minutes": minutes,
        "draft": not approved,
        # The one style of a day and of a moment (server.i18n), in the reader's language,
        # on the body's clocks with the zone named, as the admin and the portal show it.
        "day": i18n.date_format(local(meeting.starts_at, body.time_zone)),
        "starts": i18n.moment_in(meeting.starts_at, body.time_zone),
    }
    if which == "agenda":
        items = visible(viewer, AgendaItem).filter(meeting_id=meeting.id).order_by("position")
        papers = visible(viewer, Document).filter(meeting_id=meeting.id).order_by("title", "id")
        context.update(agenda=await items, documents=await papers)
    else:
        context.update(
            whole_content=minutes.content if minutes else "",
            whole_sections=await minutes_book.sections_for(viewer, meeting, minutes),
        )
    return context


def render(html: str) -> bytes:
    from weasyprint import HTML, URLFetcher  # slow to import: only when a paper is asked for

    # No protocol allowed: nothing is fetched, from the network or the disk.
    nothing = URLFetcher(allowed_protocols=frozenset(), allow_redirects=False)
    return HTML(string=html, url_fetcher=nothing).write_pdf()


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "meeting"
