"""Meetings: the list, scheduling, and the meeting page (agenda, attendance, minutes, motions)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from starlette.responses import Response

from governance import meetings, validation, voting_rules
from governance import minutes as minutes_book
from governance.enums import AttendanceStatus, Classification, MeetingStatus, MemberRole
from governance.frozen import frozen
from governance.guards import found
from governance.lifecycles import MEETING, MEETING_CORRECTIONS, MINUTES
from governance.models import (
    AgendaItem,
    Attendance,
    Body,
    Decision,
    Meeting,
    Membership,
    Minutes,
    Motion,
    Person,
)
from governance.models.bodies import in_force_on
from permissions import visible
from schema.keyset import Order
from server import i18n
from server.admin import documents, forms
from server.admin.dashboard import bodies_by_id
from server.admin.pages import Admin
from server.admin.paging import page_of
from server.i18n import gettext as _
from server.labels import label

ROLE_ORDER = list(MemberRole)
PAGE = "admin/meeting.html"


async def index(admin: Admin, typed: Any = None, confirm_past: bool = False) -> Response:
    params = admin.request.query_params
    bodies = await bodies_by_id()
    queryset = visible(admin.viewer, Meeting)
    body_id = validation.row_id(params.get("body"))
    if body_id is not None:
        queryset = queryset.filter(body_id=body_id)
    when = params.get("when", "upcoming")
    now = datetime.now(UTC)
    # The next meetings soonest first; past (or all) meetings latest first.
    order = Order("starts_at", descending=when != "upcoming")
    if when == "upcoming":
        queryset = queryset.filter(starts_at__gte=now)
    elif when == "past":
        queryset = queryset.filter(starts_at__lt=now)
    queryset, search = await admin.searched(queryset)
    page = await page_of(
        admin,
        queryset,
        order,
        route="meetings",
        scope="meetings:latest" if order.descending else "meetings:upcoming",
    )
    schedulable = await admin.allowed("schedule", "meeting", on=list(bodies.values()))
    return admin.render(
        "admin/meetings.html",
        {
            "section": "meetings",
            "meetings": page.rows,
            "page": page,
            "bodies": bodies,
            "schedulable": sorted(schedulable, key=lambda b: b.name),
            "filters": {"body": body_id, "when": when, "q": search},
            "typed": typed or {},
            "confirm_past": confirm_past,
        },
        fragment="schedule" if confirm_past else "results",
    )


async def schedule(admin: Admin) -> Response:
    form = await admin.form()
    body = await Body.get_or_none(id=forms.number(form, "body_id", _("the body")))
    # Entered on the body's clocks; an unknown body is refused below, by schedule_meeting.
    zone = body.time_zone if body is not None else "UTC"
    starts_at = forms.moment(form, "starts_at", _("the start"), zone)
    # Only someone who may schedule there is asked to confirm (the others are refused below).
    confirmed = forms.text(form, "confirm_past") == form.get("starts_at")
    may = body is not None and await admin.can("schedule", "meeting", on=body)
    if starts_at < datetime.now(UTC) and not confirmed and may:
        # A date in the past is usually a slip: the form again, as typed, asking to confirm
        # that start (a second submit); the API takes it as it is (a meeting entered late).
        admin.notice = _(
            "This meeting starts in the past (%(start)s). If it really took place then, "
            "confirm below; otherwise correct the start."
        ) % {"start": i18n.moment_in(starts_at, zone)}
        response = await index(admin, typed=form, confirm_past=True)
        response.status_code = 409
        return response
    meeting = await meetings.schedule_meeting(
        admin.viewer,
        body_id=forms.number(form, "body_id", _("the body")),
        title=forms.text(form, "title"),
        starts_at=starts_at,
        ends_at=forms.optional_moment(form, "ends_at", _("the end"), zone),
        location=forms.optional(form, "location"),
        classification=forms.choice(form, "classification", Classification),
    )
    return admin.go(admin.url("meeting", meeting_id=meeting.id))


# ------------------------------------------------------------------ the meeting page


# The page in parts: each htmx change gathers only the part it redraws (a minutes save,
# every second or so while typing, needs neither the roll nor the motions).


async def _base(admin: Admin, meeting_id: int) -> dict[str, Any]:
    meeting = await found(visible(admin.viewer, Meeting), meeting_id, "meeting")
    on_minutes = await admin.may("minutes", "save", "circulate", "approve", on=meeting)
    manage = await admin.can("manage", meeting)
    # Approved minutes freeze the agenda and attendance: no button or form for them.
    is_frozen = manage and await frozen(meeting.id)
    corrections = MEETING_CORRECTIONS.actions(meeting)
    return {
        "section": "meetings",
        "meeting": meeting,
        "body": await Body.get(id=meeting.body_id),
        "moves": MEETING.moves(meeting),
        "frozen": is_frozen,
        "may": {
            "manage": manage,
            "keep_record": manage and not is_frozen,  # agenda and attendance
            "correct": manage and not is_frozen and "correct" in corrections,
            "remove_items": manage and not is_frozen and "remove_item" in corrections,
            **on_minutes,  # save, circulate, approve
            "propose": await admin.can("propose", "motion", on=meeting),
            "name": meeting.classification == Classification.RESTRICTED
            and await admin.can("manage", "access_grant", on=meeting),
        },
    }


async def _agenda(admin: Admin, meeting: Meeting) -> dict[str, Any]:
    items = visible(admin.viewer, AgendaItem).filter(meeting_id=meeting.id)
    # Items under a motion (any, as governance.meeting_corrections counts) stay on the agenda.
    held = Motion.filter(meeting_id=meeting.id, agenda_item_id__not_isnull=True)
    return {
        "agenda": await items.order_by("position"),
        "with_motions": set(await held.values_list("agenda_item_id", flat=True)),
    }


async def _minutes(admin: Admin, meeting: Meeting) -> dict[str, Any]:
    minutes = await visible(admin.viewer, Minutes).filter(meeting_id=meeting.id).first()
    return {
        "minutes": minutes,
        "minutes_moves": MINUTES.actions(minutes) if minutes else frozenset(),
        # One per agenda item the person sees (the editor's areas, the text as read).
        "sections": await minutes_book.sections_for(admin.viewer, meeting, minutes),
    }


async def _attendance(meeting: Meeting, body: Body) -> dict[str, Any]:
    members = await Membership.filter(
        in_force_on(meeting.starts_at.date()), body_id=meeting.body_id
    )
    marks = {a.person_id: a.status for a in await Attendance.filter(meeting_id=meeting.id)}
    people = {
        p.id: p for p in await Person.filter(id__in={m.person_id for m in members} | set(marks))
    }
    roll = sorted(
        members, key=lambda m: (ROLE_ORDER.index(m.role), people[m.person_id].name.lower())
    )
    member_ids = {m.person_id for m in members}
    voters = [m for m in roll if voting_rules.votes(m.role, m.voting_rights)]
    present = (await voting_rules.rolls([meeting]))[meeting.id]
    return {
        "roll": roll,
        "guests": sorted((pid for pid in marks if pid not in member_ids), key=str),
        "people": people,
        "marks": marks,
        "present": present.present,
        "quorum_met": present.meets(body.quorum),
        "voters": voters,
        # Only members with voting rights move or second a motion (governance.ballots).
        "proposers": [(m.person_id, people[m.person_id].name) for m in voters],
    }


async def _motions(admin: Admin, meeting: Meeting) -> dict[str, Any]:
    motions = await visible(admin.viewer, Motion).filter(meeting_id=meeting.id).order_by("id")
    decided = visible(admin.viewer, Decision).filter(motion_id__in=[m.id for m in motions])
    return {"motions": motions, "decisions": {d.motion_id: d for d in await decided}}


async def meeting_context(admin: Admin, meeting_id: int, *parts: str) -> dict[str, Any]:
    """The meeting page's values: all of them, or only the named parts."""
    context = await _base(admin, meeting_id)
    meeting = context["meeting"]
    wanted = set(parts) or {"agenda", "minutes", "attendance", "motions", "documents"}
    if "agenda" in wanted:
        context.update(await _agenda(admin, meeting))
    if "minutes" in wanted:
        context.update(await _minutes(admin, meeting))
    if "attendance" in wanted:
        context.update(await _attendance(meeting, context["body"]))
    if "motions" in wanted:
        context.update(await _motions(admin, meeting))
    if "documents" in wanted:
        context["documents_card"] = await documents.card(admin, "meeting", meeting)
    return context


async def show(admin: Admin) -> Response:
    return admin.render(PAGE, await meeting_context(admin, admin.path_id("meeting_id")))


async def set_status(admin: Admin) -> Response:
    """Open, adjourn, resume, cancel or reinstate the meeting."""
    meeting_id = admin.path_id("meeting_id")
    form = await admin.form()
    meeting = await meetings.set_meeting_status(
        admin.viewer, meeting_id=meeting_id, status=forms.choice(form, "status", MeetingStatus)
    )
    return await admin.done(
        PAGE,
        lambda: meeting_context(admin, meeting_id, "status"),
        fragment="status",
        redirect=admin.url("meeting", meeting_id=meeting_id),
        message=_("The meeting is now %(status)s.") % {"status": label(meeting.status).lower()},
    )


async def add_agenda_item(admin: Admin) -> Response:
    meeting_id = admin.path_id("meeting_id")
    form = await admin.form()
    item = await meetings.add_agenda_item(
        admin.viewer,
        meeting_id=meeting_id,
        title=forms.text(form, "title"),
        description=forms.optional(form, "description"),
        classification=forms.choice(form, "classification", Classification),
    )

    async def added() -> dict[str, Any]:
        context = await meeting_context(admin, meeting_id, "agenda")
        # The panel stays open for the next item; the motion form offers this one at once.
        context.update(added=True, refresh_motion_choice=True)
        return context

    return await admin.done(
        PAGE,
        added,
        fragment="agenda",
        redirect=admin.url("meeting", meeting_id=meeting_id),
        message=_("Added item %(position)s to the agenda.") % {"position": item.position},
    )


async def record_attendance(admin: Admin) -> Response:
    """One click per member: this person is present, sent apologies, or is absent."""
    meeting_id = admin.path_id("meeting_id")
    form = await admin.form()
    person_id = forms.number(form, "person_id", _("a person"))
    status = forms.choice(form, "status", AttendanceStatus)
    await meetings.record_attendance(
        admin.viewer, meeting_id=meeting_id, entries=[(person_id, status)]
    )
    return await admin.done(
        PAGE,
        lambda: meeting_context(admin, meeting_id, "attendance"),
        fragment="attendance",
        redirect=admin.url("meeting", meeting_id=meeting_id) + "#attendance",
    )


async def circulate_minutes(admin: Admin) -> Response:
    meeting_id = admin.path_id("meeting_id")
    await meetings.circulate_minutes(admin.viewer, meeting_id=meeting_id)
    return await admin.done(
        PAGE,
        lambda: meeting_context(admin, meeting_id, "minutes"),
        fragment="minutes",
        redirect=admin.url("meeting", meeting_id=meeting_id) + "#minutes",
        message=_("The minutes are circulated to the members."),
    )


async def approve_minutes(admin: Admin) -> Response:
    meeting_id = admin.path_id("meeting_id")
    await meetings.approve_minutes(admin.viewer, meeting_id=meeting_id)
    return await admin.done(
        PAGE,
        lambda: meeting_context(admin, meeting_id, "minutes"),
        fragment="minutes",
        redirect=admin.url("meeting", meeting_id=meeting_id) + "#minutes",
        message=_("The minutes are approved; they can no longer change."),
    )
