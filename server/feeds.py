"""Public feeds: an Atom feed of published updates, an iCalendar of a body's PUBLIC meetings.

Both are written by libraries that know their formats (feedgen on lxml, icalendar), never
by string building: a title holding `"`, `<` or `&`, or a `,` or `;` in a calendar, comes
out escaped however it is placed.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator
from icalendar import Calendar, Event
from starlette.requests import Request
from starlette.responses import Response

from governance import markdown
from governance.enums import MeetingStatus
from governance.models import Body, Meeting, Update
from governance.zones import local
from permissions import ANONYMOUS, visible
from schema import ids

FEED_SIZE = 50
# Characters XML 1.0 cannot carry at all (lxml refuses them): dropped rather than failing
# the whole feed over one update.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def base_url(request: Request) -> str:
    """INDABA_PUBLIC_URL when set (behind a proxy), else the address the request came to,
    whose host TrustedHostMiddleware has checked against INDABA_ALLOWED_HOSTS."""
    configured = request.app.state.settings.public_url
    return configured or str(request.base_url).rstrip("/")


def _xml(text: str) -> str:
    return _NOT_XML.sub("", text)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(microsecond=0)


async def updates_atom(request: Request) -> Response:
    """What the anonymous public may read: published updates, newest first. Each
    translation is an entry of its own, its link naming its language: a feed is fetched
    without the visitor's language, and a reader may follow several."""
    base = base_url(request)
    updates = await visible(ANONYMOUS, Update).order_by("-listed_at", "-id").limit(FEED_SIZE)
    newest = max((u.published_at for u in updates if u.published_at), default=None)
    feed = FeedGenerator()
    feed.id(f"{base}/feeds/updates.atom")
    feed.title("Indaba: partnership updates")
    feed.author({"name": "Indaba"})
    feed.generator("Indaba")  # not feedgen's name and version
    feed.link(href=f"{base}/feeds/updates.atom", rel="self", type="application/atom+xml")
    feed.link(href=f"{base}/", rel="alternate", type="text/html")
    feed.updated(_utc(newest or datetime.now(UTC)))
    for update in updates:
        _entry(feed, base, update)
    body = feed.atom_str(pretty=False, encoding="utf-8", xml_declaration=True)
    return Response(body, media_type="application/atom+xml; charset=utf-8")


def _entry(feed: FeedGenerator, base: str, update: Update) -> None:
    published = _utc(update.published_at or update.listed_at)
    entry = feed.add_entry(order="append")  # the query's order: newest first
    page = f"{base}/updates/{ids.encode('Update', update.id)}"
    entry.id(page)
    entry.title(_xml(("URGENT: " if update.urgent else "") + update.title))
    entry.published(published)
    entry.updated(published)
    entry.link(
        href=page,
        rel="alternate",
        type="text/html",
        hreflang=update.language,
    )
    if update.summary:
        entry.summary(_xml(update.summary))
    entry.content(_xml(markdown.render(update.body)), type="html")


def meeting_uid(request: Request, meeting_id: int) -> str:
    """Stable per meeting, whatever Host the request named: a keyed digest of the meeting's id
    (sequential ids would show, by their gaps, how many meetings the public may not see), at
    the host of INDABA_PUBLIC_URL, or at `indaba.invalid` when none is configured."""
    settings = request.app.state.settings
    digest = hmac.new(
        settings.secret_key.encode(), f"calendar-uid:meeting:{meeting_id}".encode(), hashlib.sha256
    ).hexdigest()[:32]
    domain = urlsplit(settings.public_url).hostname if settings.public_url else None
    return f"meeting-{digest}@{domain or 'indaba.invalid'}"


async def body_calendar(request: Request) -> Response:
    slug = request.path_params["slug"]
    body = await Body.get_or_none(slug=slug) if len(slug) <= 64 else None
    if body is None:
        return Response("No body with that name.", status_code=404, media_type="text/plain")
    # The public's meetings, through the one visibility layer (PUBLIC ones, today).
    meetings = await visible(ANONYMOUS, Meeting).filter(body_id=body.id).order_by("starts_at", "id")
    stamp = _utc(datetime.now(UTC))
    calendar = Calendar()
    calendar.add("prodid", "-//Indaba//Governance record//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", body.name)
    for meeting in meetings:
        event = Event()
        event.add("uid", meeting_uid(request, meeting.id))
        event.add("dtstamp", stamp)
        # On the body's clocks, with TZID (RFC 5545): a calendar app shows the meeting at
        # the hour the body announced, whatever zone the reader is in.
        event.add("dtstart", local(meeting.starts_at, body.time_zone))
        if meeting.ends_at:
            event.add("dtend", local(meeting.ends_at, body.time_zone))
        event.add("summary", meeting.title)
        if meeting.location:
            event.add("location", meeting.location)
        cancelled = meeting.status == MeetingStatus.CANCELLED
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        calendar.add_component(event)
    # The VTIMEZONE of each TZID used. A zone that is UTC all year (Africa/Bamako) is
    # written in UTC ("Z"), icalendar's choice: the same instant, and the same hour.
    calendar.add_missing_timezones()
    return Response(calendar.to_ical(), media_type="text/calendar; charset=utf-8")
