"""Correcting what was entered about a meeting: its particulars, and its agenda.

Each correction is the body's chair or secretary's (as scheduling is), one transaction with
its audit event, and respects what the meeting's state allows: particulars while the meeting
is SCHEDULED or IN_PROGRESS, an item off the agenda only while SCHEDULED, and nothing on the
agenda once the minutes are approved (governance.frozen).

Agenda positions are 1, 2, 3... with no gaps, over all the meeting's items. A viewer who
may not see some items moves an item among those they see: `position` counts their items,
as `AgendaItem.position` does for them, and the hidden items keep their places among the rest.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any, cast

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from governance import audit, validation
from governance.enums import Classification
from governance.errors import N_, BadInput, InvalidTransition
from governance.frozen import keep_open
from governance.guards import described, found, name_creator, signed_in
from governance.lifecycles import MEETING_CORRECTIONS
from governance.meetings import _managed_meeting
from governance.models import AccessGrant, AgendaItem, Meeting, Motion
from permissions import Viewer, visible


class Unchanged(Enum):
    """A field the correction leaves as it is (not given), as opposed to one it clears."""

    UNCHANGED = "unchanged"


UNCHANGED = Unchanged.UNCHANGED
WORDS = {"title": "title", "starts_at": "start", "ends_at": "end", "location": "location"}


async def update_meeting(
    viewer: Viewer,
    *,
    meeting_id: int,
    title: str | Unchanged = UNCHANGED,
    starts_at: datetime | Unchanged = UNCHANGED,
    ends_at: datetime | Unchanged | None = UNCHANGED,
    location: str | Unchanged | None = UNCHANGED,
) -> Meeting:
    """Reschedule, retitle or relocate a meeting that is SCHEDULED or IN_PROGRESS.
    A date in the past is accepted (a meeting entered after it was held)."""
    actor = signed_in(viewer)
    changes: dict[str, Any] = {}
    if not isinstance(title, Unchanged):
        changes["title"] = validation.text(title, "title", validation.TITLE)
    if not isinstance(starts_at, Unchanged):
        changes["starts_at"] = validation.aware(starts_at, "startsAt")
    if not isinstance(ends_at, Unchanged):
        changes["ends_at"] = ends_at and validation.aware(ends_at, "endsAt")
    if not isinstance(location, Unchanged):
        changes["location"] = validation.optional_text(location, "location", validation.TITLE)
    if not changes:
        raise BadInput("Give at least one of title, startsAt, endsAt or location to change.")
    meeting = await _managed_meeting(viewer, meeting_id)
    validation.ordered(
        changes.get("starts_at", meeting.starts_at),
        changes.get("ends_at", meeting.ends_at),
        N_("Meeting times"),
    )
    MEETING_CORRECTIONS.check(meeting, "correct")
    async with in_transaction():
        # Approved minutes fix when and where the meeting was, as they fix its agenda.
        await keep_open(meeting.id)  # the meeting's lock first (governance.frozen)
        await MEETING_CORRECTIONS.move(meeting, "correct", **changes)
        fields = ", ".join(WORDS[name] for name in changes)
        await audit.record(
            actor,
            "meeting.update",
            f"Corrected the {fields} of "
            + described("meeting", meeting.title, meeting.classification, f"meeting {meeting.id}"),
            "meeting",
            meeting.id,
        )
    return await Meeting.get(id=meeting.id)


async def _agenda_item(viewer: Viewer, agenda_item_id: int) -> tuple[AgendaItem, Meeting]:
    item = await found(visible(viewer, AgendaItem), agenda_item_id, "agenda item")
    return item, await _managed_meeting(viewer, item.meeting_id)


async def update_agenda_item(
    viewer: Viewer,
    *,
    agenda_item_id: int,
    title: str | Unchanged = UNCHANGED,
    description: str | Unchanged | None = UNCHANGED,
    classification: Classification | Unchanged = UNCHANGED,
) -> AgendaItem:
    """Retitle, redescribe or reclassify an item, until the meeting's minutes are approved."""
    actor = signed_in(viewer)
    changes: dict[str, Any] = {}
    if not isinstance(title, Unchanged):
        changes["title"] = validation.text(title, "title", validation.TITLE)
    if not isinstance(description, Unchanged):
        changes["description"] = validation.optional_text(
            description, "description", validation.LONG_TEXT, multiline=True
        )
    if not isinstance(classification, Unchanged):
        changes["classification"] = classification
    if not changes:
        raise BadInput("Give at least one of title, description or classification to change.")
    item, meeting = await _agenda_item(viewer, agenda_item_id)
    async with in_transaction():
        await keep_open(meeting.id)  # locks the meeting: the agenda's writers queue there
        await AgendaItem.filter(id=item.id).update(**changes)
        if changes.get("classification") == Classification.RESTRICTED:
            # Whoever makes an item RESTRICTED keeps seeing it, as its creator would.
            named = AccessGrant.filter(
                subject_type="agenda_item", subject_id=item.id, person_id=actor
            )
            if not await named.exists():
                await name_creator(viewer, "agenda_item", item.id, Classification.RESTRICTED)
        level = changes.get("classification", item.classification)
        await audit.record(
            actor,
            "agenda.update",
            "Corrected "
            + described(
                "agenda item", changes.get("title", item.title), level, f"meeting {meeting.id}"
            ),
            "agenda_item",
            item.id,
        )
    return await AgendaItem.get(id=item.id)


async def _renumber(meeting_id: int, order: list[int]) -> None:
    """Give the items `order` positions 1, 2, 3...: each moved item first to a negative
    position, then all of them at once to their own (the meeting's positions are unique,
    and PostgreSQL checks that row by row within a statement)."""
    rows = AgendaItem.filter(meeting_id=meeting_id).values_list("id", "position")
    current = dict(cast(list[tuple[int, int]], await rows))
    moved = [(n, item_id) for n, item_id in enumerate(order, start=1) if current[item_id] != n]
    for n, item_id in moved:
        await AgendaItem.filter(id=item_id).update(position=-n)
    if moved:
        await AgendaItem.filter(meeting_id=meeting_id, position__lt=0).update(
            position=F("position") * -1
        )


async def _agenda_order(meeting_id: int) -> list[int]:
    rows = AgendaItem.filter(meeting_id=meeting_id).order_by("position")
    return cast(list[int], await rows.values_list("id", flat=True))


async def move_agenda_item(viewer: Viewer, *, agenda_item_id: int, position: int) -> Meeting:
    """Put an item at `position` (1 is first) among the items the viewer sees."""
    actor = signed_in(viewer)
    item, meeting = await _agenda_item(viewer, agenda_item_id)
    async with in_transaction():
        await keep_open(meeting.id)  # locks the meeting: the agenda's writers queue there
        seen = visible(viewer, AgendaItem).filter(meeting_id=meeting.id).order_by("position")
        ids = cast(list[int], await seen.values_list("id", flat=True))
        others = [i for i in ids if i != item.id]
        if not 1 <= position <= len(others) + 1:
            raise BadInput("position must be between 1 and %(last)s.", last=len(others) + 1)
        order = [i for i in await _agenda_order(meeting.id) if i != item.id]
        # Just before the item the viewer sees at that place now, or after their last.
        if position <= len(others):
            at = order.index(others[position - 1])
        else:
            at = order.index(others[-1]) + 1 if others else len(order)
        order.insert(at, item.id)
        await _renumber(meeting.id, order)
        await audit.record(
            actor,
            "agenda.move",
            "Moved "
            + described("agenda item", item.title, item.classification, f"meeting {meeting.id}")
            + f" to place {position}",
            "agenda_item",
            item.id,
        )
    return await Meeting.get(id=meeting.id)


async def remove_agenda_item(viewer: Viewer, *, agenda_item_id: int) -> Meeting:
    """Take an item off the agenda of a SCHEDULED meeting, if no motion was put under it."""
    actor = signed_in(viewer)
    item, meeting = await _agenda_item(viewer, agenda_item_id)
    MEETING_CORRECTIONS.check(meeting, "remove_item")
    async with in_transaction():
        await keep_open(meeting.id)  # the meeting's lock first (governance.frozen)
        await MEETING_CORRECTIONS.move(meeting, "remove_item")
        # Any motion, seen or not: the record of a motion keeps its item.
        if await Motion.filter(agenda_item_id=item.id).exists():
            raise InvalidTransition(
                "This agenda item has motions; only an item without motions can be removed."
            )
        await AccessGrant.filter(subject_type="agenda_item", subject_id=item.id).delete()
        await AgendaItem.filter(id=item.id).delete()
        await _renumber(meeting.id, await _agenda_order(meeting.id))
        await audit.record(
            actor,
            "agenda.remove",
            "Removed "
            + described("agenda item", item.title, item.classification, f"meeting {meeting.id}"),
            "meeting",
            meeting.id,
        )
    return await Meeting.get(id=meeting.id)
