"""Meetings: scheduling, the agenda, attendance, and minutes with optimistic concurrency."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import cast

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from governance import audit, clock, notifications, tell, validation
from governance import minutes as minutes_book
from governance.enums import AttendanceStatus, Classification, MeetingStatus
from governance.errors import N_, BadInput, NotFound, Phrase
from governance.frozen import keep_open
from governance.guards import described, found, name_creator, signed_in
from governance.lifecycles import MEETING, MINUTES
from governance.models import (
    AgendaItem,
    Attendance,
    Body,
    Meeting,
    Membership,
    Minutes,
    Person,
)
from governance.models.bodies import in_force_on
from governance.webhooks import WebhookEvent, emit
from permissions import Viewer, require, visible


async def schedule_meeting(
    viewer: Viewer,
    *,
    body_id: int,
    title: str,
    starts_at: datetime,
    ends_at: datetime | None,
    location: str | None,
    classification: Classification,
) -> Meeting:
    actor = signed_in(viewer)
    title = validation.text(title, "title", validation.TITLE)
    location = validation.optional_text(location, "location", validation.TITLE)
    validation.aware(starts_at, "startsAt")
    if ends_at is not None:
        validation.aware(ends_at, "endsAt")
    validation.ordered(starts_at, ends_at, N_("Meeting times"))
    body = await Body.get_or_none(id=body_id)
    if body is None:
        raise NotFound("No body with that id.")
    await require(
        viewer,
        "schedule",
        "meeting",
        on=body,
        message=Phrase(
            "Only the chair or secretary of %(body)s schedules its meetings.", body=body.name
        ),
    )
    async with in_transaction():
        meeting = await Meeting.create(
            body_id=body.id,
            title=title,
            starts_at=starts_at,
            ends_at=ends_at,
            location=location,
            classification=classification,
        )
        await name_creator(viewer, "meeting", meeting.id, classification)
        await audit.record(
            actor,
            "meeting.schedule",
            "Scheduled " + described("meeting", title, classification, body.name),
            "meeting",
            meeting.id,
        )
        await emit(WebhookEvent.MEETING_SCHEDULED, "meeting", meeting.id)
        told = await tell.meeting_scheduled(meeting)
    await notifications.announce(told)
    return meeting


async def set_meeting_status(viewer: Viewer, *, meeting_id: int, status: MeetingStatus) -> Meeting:
    """Open, adjourn, resume, cancel or reinstate a meeting (the chair or secretary)."""
    actor = signed_in(viewer)
    meeting = await _managed_meeting(viewer, meeting_id)
    async with in_transaction():
        await MEETING.move(meeting, to=status)
        await audit.record(
            actor,
            "meeting.status",
            f"Meeting {meeting.id}: {meeting.status.value} → {status.value}",
            "meeting",
            meeting.id,
        )
    return await Meeting.get(id=meeting.id)


async def _managed_meeting(viewer: Viewer, meeting_id: int, action: str = "manage") -> Meeting:
    meeting = await found(visible(viewer, Meeting), meeting_id, "meeting")
    await require(
        viewer,
        action,
        meeting,
        message=N_("Only the body's chair or secretary manages this meeting."),
    )
    return meeting


async def add_agenda_item(
    viewer: Viewer,
    *,
    meeting_id: int,
    title: str,
    description: str | None,
    classification: Classification,
) -> AgendaItem:
    actor = signed_in(viewer)
    title = validation.text(title, "title", validation.TITLE)
    description = validation.optional_text(
        description, "description", validation.LONG_TEXT, multiline=True
    )
    meeting = await _managed_meeting(viewer, meeting_id)
    async with in_transaction():
        # Lock the meeting so two additions never draw the same position.
        await keep_open(meeting.id)
        last = await AgendaItem.filter(meeting_id=meeting.id).order_by("-position").first()
        item = await AgendaItem.create(
            meeting_id=meeting.id,
            position=last.position + 1 if last else 1,
            title=title,
            description=description,
            classification=classification,
        )
        await name_creator(viewer, "agenda_item", item.id, classification)
        await audit.record(
            actor,
            "agenda.add",
            "Added " + described("agenda item", title, classification, f"meeting {meeting.id}"),
            "agenda_item",
            item.id,
        )
    return item


async def record_attendance(
    viewer: Viewer, *, meeting_id: int, entries: Iterable[tuple[int, AttendanceStatus]]
) -> Meeting:
    actor = signed_in(viewer)
    entries = list(entries)
    if not entries:
        raise BadInput("entries must name at least one person.")
    if len(entries) > 500:
        raise BadInput("entries may name at most 500 people at once.")
    by_person = dict(entries)
    if len(by_person) != len(entries):
        raise BadInput("entries name the same person twice.")
    meeting = await _managed_meeting(viewer, meeting_id)
    known = set(await Person.filter(id__in=list(by_person)).values_list("id", flat=True))
    if unknown := set(by_person) - known:
        raise NotFound("No person with id %(id)s.", id=sorted(unknown)[0])
    async with in_transaction():
        await keep_open(meeting.id)
        existing = {
            row.person_id: row
            for row in await Attendance.filter(meeting_id=meeting.id, person_id__in=list(by_person))
        }
        for person_id, status in by_person.items():
            row = existing.get(person_id)
            if row is None:
                await Attendance.create(meeting_id=meeting.id, person_id=person_id, status=status)
            elif row.status != status:
                row.status = status
                await row.save(update_fields=["status"])
        await audit.record(
            actor,
            "attendance.record",
            f"Recorded attendance of {len(by_person)} people at meeting {meeting.id}",
            "meeting",
            meeting.id,
        )
    return meeting


async def mark_the_rest_present(viewer: Viewer, *, meeting_id: int) -> Meeting:
    """ "All present": every member of the body on the meeting's day whose attendance is
    not recorded yet is recorded present, in one write; apologies and absences already
    recorded stay as they are."""
    meeting = await _managed_meeting(viewer, meeting_id)
    members = Membership.filter(
        in_force_on(meeting.starts_at.date()), body_id=meeting.body_id
    ).values_list("person_id", flat=True)
    marked = Attendance.filter(meeting_id=meeting.id).values_list("person_id", flat=True)
    rest = sorted(cast(set[int], set(await members)) - cast(set[int], set(await marked)))
    if not rest:
        raise BadInput("Every member's attendance is recorded already.")
    entries = [(person_id, AttendanceStatus.PRESENT) for person_id in rest]
    return await record_attendance(viewer, meeting_id=meeting.id, entries=entries)


# ------------------------------------------------------------------ minutes


async def save_minutes(
    viewer: Viewer, *, meeting_id: int, content: str, expected_version: int | None
) -> Minutes:
    """Save the general part as a new version (governance.minutes: a stale
    `expected_version` is a CONFLICT; circulated minutes become a draft again)."""
    saved = await minutes_book.save_minutes(
        viewer, meeting_id=meeting_id, content=content, expected_version=expected_version
    )
    return saved.minutes


async def _minutes_of(viewer: Viewer, meeting_id: int) -> tuple[Meeting, Minutes]:
    meeting = await found(visible(viewer, Meeting), meeting_id, "meeting")
    minutes = await Minutes.get_or_none(meeting_id=meeting.id)
    if minutes is None:
        raise NotFound("This meeting has no minutes yet.")
    return meeting, minutes


async def circulate_minutes(viewer: Viewer, *, meeting_id: int) -> Minutes:
    actor = signed_in(viewer)
    meeting, minutes = await _minutes_of(viewer, meeting_id)
    await require(
        viewer,
        "circulate",
        "minutes",
        on=meeting,
        message=N_("Only the chair or secretary circulates the minutes."),
    )
    async with in_transaction():
        # The meeting first, as every write to its record: a save of the minutes locks it
        # first too, so the two queue instead of deadlocking on PostgreSQL.
        await Meeting.filter(id=meeting.id).update(status=F("status"))
        await MINUTES.move(minutes, "circulate", circulated_at=clock.now())
        await audit.record(
            actor,
            "minutes.circulate",
            f"Circulated the minutes of meeting {meeting.id}",
            "minutes",
            minutes.id,
        )
        told = await tell.minutes_circulated(meeting)
    await notifications.announce(told)
    return await Minutes.get(id=minutes.id)


async def approve_minutes(viewer: Viewer, *, meeting_id: int) -> Minutes:
    actor = signed_in(viewer)
    meeting, minutes = await _minutes_of(viewer, meeting_id)
    await require(
        viewer,
        "approve",
        "minutes",
        on=meeting,
        message=N_("Only the chair approves the minutes."),
    )
    async with in_transaction():
        # The meeting first, as every write to its record (governance.frozen): an agenda or
        # attendance change under way commits before the minutes that freeze it are approved.
        await Meeting.filter(id=meeting.id).update(status=F("status"))
        await MINUTES.move(minutes, "approve", approved_at=clock.now(), approved_by_id=actor)
        await audit.record(
            actor,
            "minutes.approve",
            f"Approved the minutes of meeting {meeting.id}",
            "minutes",
            minutes.id,
        )
        await emit(WebhookEvent.MINUTES_APPROVED, "minutes", minutes.id)
        told = await tell.minutes_approved(meeting)
    await notifications.announce(told)
    return await Minutes.get(id=minutes.id)
