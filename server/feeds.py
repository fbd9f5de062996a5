"""Public feeds: an Atom feed of published updates, an iCalendar of a body's PUBLIC meetings."""

from __future__ import annotations

from datetime import UTC, datetime
from xml.sax.saxutils import escape

from starlette.requests import Request
from starlette.responses import Response

from governance import markdown
from governance.enums import Classification, MeetingStatus
from governance.models import Body, Meeting, Update
from permissions import ANONYMOUS, visibility

FEED_SIZE = 50


def base_url(request: Request) -> str:
    """INDABA_PUBLIC_URL when set (behind a proxy), else the address the request came to."""
    configured = request.app.state.settings.public_url
    return configured or str(request.base_url).rstrip("/")


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


async def updates_atom(request: Request) -> Response:
    """What the anonymous public may read: published updates, newest first."""
    base = base_url(request)
    updates = await visibility.updates(ANONYMOUS).order_by("-listed_at", "-id").limit(FEED_SIZE)
    newest = max((u.published_at for u in updates if u.published_at), default=None)
    entries = "".join(_entry(base, update) for update in updates)
    body = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<id>{escape(base)}/feeds/updates.atom</id>"
        "<title>Indaba: partnership updates</title>"
        f"<updated>{_iso(newest or datetime.now(UTC))}</updated>"
        f'<link rel="self" href="{escape(base)}/feeds/updates.atom"/>'
        f"{entries}</feed>"
    )
    return Response(body, media_type="application/atom+xml; charset=utf-8")


def _entry(base: str, update: Update) -> str:
    published = _iso(update.published_at or update.listed_at)
    title = ("URGENT: " if update.urgent else "") + update.title
    summary = f"<summary>{escape(update.summary)}</summary>" if update.summary else ""
    return (
        "<entry>"
        f"<id>{escape(base)}/updates/{update.id}</id>"
        f"<title>{escape(title)}</title>"
        f"<published>{published}</published><updated>{published}</updated>"
        f'<link rel="alternate" href="{escape(base)}/updates/{update.id}"/>'
        f"{summary}"
        f'<content type="html">{escape(markdown.render(update.body))}</content>'
        "</entry>"
    )


def _ical_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """RFC 5545: lines longer than 75 octets continue on a line starting with a space."""
    raw = line.encode()
    if len(raw) <= 75:
        return line
    parts, start = [], 0
    while start < len(raw):
        end = min(start + (75 if not parts else 74), len(raw))
        while end < len(raw) and (raw[end] & 0xC0) == 0x80:  # never split a UTF-8 character
            end -= 1
        parts.append(raw[start:end].decode())
        start = end
    return "\r\n ".join(parts)


def _ical_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


async def body_calendar(request: Request) -> Response:
    slug = request.path_params["slug"]
    body = await Body.get_or_none(slug=slug) if len(slug) <= 64 else None
    if body is None:
        return Response("No body with that name.", status_code=404, media_type="text/plain")
    host = base_url(request).split("://", 1)[-1].split("/", 1)[0]
    meetings = await Meeting.filter(body_id=body.id, classification=Classification.PUBLIC).order_by(
        "starts_at", "id"
    )
    stamp = _ical_time(datetime.now(UTC))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Indaba//Governance record//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_ical_text(body.name)}",
    ]
    for meeting in meetings:
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{meeting.id}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_ical_time(meeting.starts_at)}",
        ]
        if meeting.ends_at:
            lines.append(f"DTEND:{_ical_time(meeting.ends_at)}")
        lines.append(f"SUMMARY:{_ical_text(meeting.title)}")
        if meeting.location:
            lines.append(f"LOCATION:{_ical_text(meeting.location)}")
        status = "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED"
        lines += [f"STATUS:{status}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    text = "\r\n".join(_fold(line) for line in lines) + "\r\n"
    return Response(text, media_type="text/calendar; charset=utf-8")
