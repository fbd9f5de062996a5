"""The portal's body and meeting pages, read as the anonymous public reads them
(permissions.ANONYMOUS) through the same visibility layer as the API. The meeting page
holds the public copy of the approved minutes (PRODUCT.md, "Minutes, the public copy,
exports"); times are the body's, its zone named ("Time zones")."""

from __future__ import annotations

from starlette.requests import Request
from tortoise.expressions import Subquery

from governance import clock
from governance import minutes as minutes_book
from governance.enums import MemberRole, MinutesStatus
from governance.errors import NotFound
from governance.models import Agreement, Body, Decision, Meeting, Membership, Minutes, Motion
from governance.models.bodies import in_force_on
from permissions import ANONYMOUS, visible
from schema import ids
from server.portal.register import body_named
from server.portal.rendering import Shown, dated, in_zone, page, papers

PAST_MEETINGS = 20
BODY_DECISIONS = 10
# Officers first, then members and observers, each by name.
ROLE_ORDER = list(MemberRole)


@page
async def body_page(request: Request) -> Shown:
    """A body: its mandate, the members sitting today (name, role, organization represented),
    its public meetings to come and past, its latest public decisions, the agreements it
    governs, and its calendar."""
    body = await body_named(request.path_params["slug"])
    seats = (
        await visible(ANONYMOUS, Membership)
        .filter(in_force_on(clock.today()), body_id=body.id)
        .select_related("person", "organization")
    )
    seats.sort(key=lambda m: (ROLE_ORDER.index(m.role), m.person.name, m.id))
    meetings = visible(ANONYMOUS, Meeting).filter(body_id=body.id)
    now = clock.now()
    upcoming = await meetings.filter(starts_at__gte=now).order_by("starts_at", "id")
    past = (
        await meetings.filter(starts_at__lt=now).order_by("-starts_at", "-id").limit(PAST_MEETINGS)
    )
    decisions = (
        await visible(ANONYMOUS, Decision)
        .filter(committee_id=body.id)
        .order_by("-decided_on", "-id")
        .limit(BODY_DECISIONS + 1)
    )
    agreements = (
        await visible(ANONYMOUS, Agreement).filter(governing_body_id=body.id).order_by("reference")
    )
    return Shown(
        "public/body.html",
        {
            "body": body,
            "seats": seats,
            "upcoming": dated(upcoming, body.time_zone),
            "past": dated(past, body.time_zone),
            "decisions": decisions[:BODY_DECISIONS],
            "more_decisions": len(decisions) > BODY_DECISIONS,
            "agreements": agreements,
        },
    )


@page
async def meeting_page(request: Request) -> Shown:
    """A PUBLIC meeting: its public agenda items, its public papers, the public decisions
    taken at it and, once approved, the public copy of its minutes: the sections of the
    public agenda items and nothing of the others (no title, no placeholder, no gap in the
    numbering)."""
    decoded = ids.decode(request.path_params["meeting_id"])
    if decoded is None or decoded[0] != "Meeting":
        raise NotFound("meeting")
    meeting = await visible(ANONYMOUS, Meeting).filter(id=decoded[1]).select_related("body").first()
    if meeting is None:
        raise NotFound("meeting")
    body: Body = meeting.body
    minutes = await (
        visible(ANONYMOUS, Minutes)
        .filter(meeting_id=meeting.id, status=MinutesStatus.APPROVED)
        .first()
    )
    sections = await minutes_book.sections_for(ANONYMOUS, meeting, minutes)
    motions = visible(ANONYMOUS, Motion)
    decisions = (
        await visible(ANONYMOUS, Decision)
        # Through a motion the public sees: a decision released from a closed session
        # must not tell where its hidden motion was moved.
        .filter(motion_id__in=Subquery(motions.filter(meeting_id=meeting.id).values("id")))
        .order_by("reference")
    )
    return Shown(
        "public/meeting.html",
        {
            "meeting": meeting,
            "body": body,
            "starts": in_zone(meeting.starts_at, body.time_zone),
            "ends": in_zone(meeting.ends_at, body.time_zone) if meeting.ends_at else None,
            # The public agenda: the items the public sees, numbered as the minutes are.
            "agenda": [section.agenda_item for section in sections],
            "documents": await papers(meeting_id=meeting.id),
            "decisions": decisions,
            "minutes": minutes,
            "whole_content": minutes.content if minutes else "",
            "whole_sections": sections if minutes else [],
        },
    )
