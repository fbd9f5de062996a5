"""The public portal's pages, read as the anonymous public reads (permissions.ANONYMOUS),
through the same visibility layer as the API. PRODUCT.md, "Language, time, the public
portal"; this module holds the meeting page, whose approved minutes are the public copy
(PRODUCT.md, "Minutes, the public copy, exports")."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from governance import minutes as minutes_book
from governance.enums import MinutesStatus
from governance.models import AgendaItem, Body, Document, Meeting, Minutes
from permissions import ANONYMOUS, visible
from schema import ids
from schema.attachments import download_path
from server.pdfs import local


def not_found(request: Request) -> Response:
    return request.app.state.templates.TemplateResponse(
        request, "public/not_found.html", {}, status_code=404
    )


async def meeting_page(request: Request) -> Response:
    """A PUBLIC meeting: its public agenda items, its public papers and, once approved, the
    public copy of its minutes: the sections of the public agenda items and nothing of
    the others (no title, no placeholder, no gap in the numbering)."""
    decoded = ids.decode(request.path_params["meeting_id"])
    if decoded is None or decoded[0] != "Meeting":
        return not_found(request)
    meeting = await visible(ANONYMOUS, Meeting).filter(id=decoded[1]).first()
    if meeting is None:
        return not_found(request)
    body = await Body.get(id=meeting.body_id)
    agenda = visible(ANONYMOUS, AgendaItem).filter(meeting_id=meeting.id).order_by("position")
    papers = visible(ANONYMOUS, Document).filter(meeting_id=meeting.id).order_by("title", "id")
    minutes = await (
        visible(ANONYMOUS, Minutes)
        .filter(meeting_id=meeting.id, status=MinutesStatus.APPROVED)
        .first()
    )
    context = {
        "meeting": meeting,
        "body": body,
        "starts": local(meeting.starts_at, body.time_zone).strftime("%d %B %Y, %H:%M %Z"),
        "agenda": await agenda,
        "documents": [(paper, download_path(paper)) for paper in await papers],
        "minutes": minutes,
        "whole_content": minutes.content if minutes else "",
        "whole_sections": (
            await minutes_book.sections_for(ANONYMOUS, meeting, minutes) if minutes else []
        ),
    }
    return request.app.state.templates.TemplateResponse(request, "public/meeting.html", context)
