"""Corrections to a meeting and its agenda (governance.meeting_corrections)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from governance import meeting_corrections as corrections
from governance.meeting_corrections import UNCHANGED
from schema import ids
from schema.context import Info
from schema.enums import Classification
from schema.meetings import AgendaItem, Meeting


@strawberry.input
class UpdateMeetingInput:
    title: str | None = strawberry.UNSET
    starts_at: datetime | None = strawberry.UNSET
    ends_at: datetime | None = strawberry.UNSET
    location: str | None = strawberry.UNSET


@strawberry.input
class UpdateAgendaItemInput:
    title: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    classification: Classification | None = strawberry.UNSET


def _kept(value: Any) -> Any:
    """A field left out changes nothing; so does null where the field cannot be cleared."""
    return UNCHANGED if value is strawberry.UNSET or value is None else value


def _given(value: Any) -> Any:
    """A field left out changes nothing; null clears it."""
    return UNCHANGED if value is strawberry.UNSET else value


def _agenda_item_id(value: strawberry.ID) -> int:
    return ids.require(value, "agendaItemId", "AgendaItem")


@strawberry.type
class MeetingCorrectionsMutation:
    @strawberry.mutation(description="While the meeting is SCHEDULED or IN_PROGRESS.")
    async def update_meeting(
        self, info: Info, meeting_id: strawberry.ID, input: UpdateMeetingInput
    ) -> Meeting:
        meeting = await corrections.update_meeting(
            info.context.viewer,
            meeting_id=ids.require(meeting_id, "meetingId", "Meeting"),
            title=_kept(input.title),
            starts_at=_kept(input.starts_at),
            ends_at=_given(input.ends_at),
            location=_given(input.location),
        )
        return Meeting.of(meeting)

    @strawberry.mutation(description="Until the meeting's minutes are APPROVED.")
    async def update_agenda_item(
        self, info: Info, agenda_item_id: strawberry.ID, input: UpdateAgendaItemInput
    ) -> AgendaItem:
        item = await corrections.update_agenda_item(
            info.context.viewer,
            agenda_item_id=_agenda_item_id(agenda_item_id),
            title=_kept(input.title),
            description=_given(input.description),
            classification=_kept(input.classification),
        )
        return AgendaItem.of(item)

    @strawberry.mutation
    async def move_agenda_item(
        self, info: Info, agenda_item_id: strawberry.ID, position: int
    ) -> Meeting:
        meeting = await corrections.move_agenda_item(
            info.context.viewer, agenda_item_id=_agenda_item_id(agenda_item_id), position=position
        )
        return Meeting.of(meeting)

    @strawberry.mutation(
        description="Only an item with no motions, while the meeting is SCHEDULED."
    )
    async def remove_agenda_item(self, info: Info, agenda_item_id: strawberry.ID) -> Meeting:
        meeting = await corrections.remove_agenda_item(
            info.context.viewer, agenda_item_id=_agenda_item_id(agenda_item_id)
        )
        return Meeting.of(meeting)
