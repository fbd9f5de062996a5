"""Meetings, agenda items, attendance and minutes."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from governance import markdown, meetings
from governance import models as m
from permissions import kinds
from schema import ids
from schema.attachments import Document, documents_of
from schema.bodies import MEETING_ORDER, Body, _meetings_filters
from schema.context import Info
from schema.enums import AttendanceStatus, Classification, MeetingStatus, MinutesStatus
from schema.loaders import roll_loader
from schema.node import Backed, Node, Rows, row_of
from schema.pagination import Connection, Order, paginate
from schema.people import Person

if TYPE_CHECKING:
    from schema.minutes import MinutesSection
    from schema.votes import Motion

MotionRef = Annotated["Motion", strawberry.lazy("schema.votes")]
SectionRef = Annotated["MinutesSection", strawberry.lazy("schema.minutes")]


AGENDA_ORDER = tuple(Order.of(kinds.AGENDA_ITEM).sql())


@strawberry.type
class AgendaItem(Backed[m.AgendaItem], Node):
    _model = m.AgendaItem
    title: str
    description: str | None
    classification: Classification = strawberry.field(
        description="A closed-session item is CONFIDENTIAL or RESTRICTED even in an open meeting."
    )
    meeting_id: strawberry.Private[int]

    @strawberry.field(
        description="Its place on the agenda, counted over the items this viewer may see."
    )
    async def position(self, info: Info) -> int:
        # The same batched load as Meeting.agenda: no statement of its own in a list.
        agenda = await info.context.loaders.many(AgendaItem, "meeting_id", AGENDA_ORDER).load(
            self.meeting_id
        )
        return next(n for n, item in enumerate(agenda, start=1) if item.id == self.id)

    @strawberry.field
    async def motions(self, info: Info) -> list[MotionRef]:
        from schema.votes import Motion

        return await info.context.loaders.many(Motion, "agenda_item_id").load(self.id)


@strawberry.type
class Attendance(Rows[m.Attendance]):
    _model = m.Attendance
    status: AttendanceStatus
    person_id: strawberry.Private[int]

    @strawberry.field
    async def person(self, info: Info) -> Person:
        return await info.context.loaders.required(Person).load(self.person_id)


@strawberry.type
class Minutes(Backed[m.Minutes], Node):
    _model = m.Minutes
    status: MinutesStatus
    content: str
    version: int
    approved_at: datetime | None
    meeting_id: strawberry.Private[int]
    approved_by_id: strawberry.Private[int | None]

    @strawberry.field
    def content_html(self) -> str:
        return markdown.render(self.content)

    @strawberry.field
    async def meeting(self, info: Info) -> Meeting:
        return await info.context.loaders.required(Meeting).load(self.meeting_id)

    @strawberry.field(
        description="One section per agenda item the viewer may see; sections of items "
        "they may not see are absent."
    )
    async def sections(self, info: Info) -> list[SectionRef]:
        from schema.minutes import sections_of

        return await sections_of(info, row_of(self))

    @strawberry.field
    async def approved_by(self, info: Info) -> Person | None:
        approver = self.approved_by_id
        return None if approver is None else await info.context.loaders.one(Person).load(approver)


@strawberry.type
class Meeting(Backed[m.Meeting], Node):
    _model = m.Meeting
    title: str
    starts_at: datetime
    ends_at: datetime | None
    location: str | None
    status: MeetingStatus
    classification: Classification
    body_id: strawberry.Private[int]

    @strawberry.field
    async def body(self, info: Info) -> Body:
        return await info.context.loaders.required(Body).load(self.body_id)

    @strawberry.field
    async def agenda(self, info: Info) -> list[AgendaItem]:
        return await info.context.loaders.many(AgendaItem, "meeting_id", AGENDA_ORDER).load(self.id)

    @strawberry.field
    async def attendance(self, info: Info) -> list[Attendance]:
        return await info.context.loaders.many(Attendance, "meeting_id").load(self.id)

    @strawberry.field(
        description="Voting members present, and whether that meets the body's quorum."
    )
    async def quorum_present(self, info: Info) -> bool:
        roll = await roll_loader(info.context.loaders).load(row_of(self))
        body = await info.context.loaders.required(Body).load(self.body_id)
        return roll.meets(body.quorum)

    @strawberry.field
    async def minutes(self, info: Info) -> Minutes | None:
        return await info.context.loaders.one(Minutes, by="meeting_id").load(self.id)

    @strawberry.field
    async def motions(self, info: Info) -> list[MotionRef]:
        from schema.votes import Motion

        return await info.context.loaders.many(Motion, "meeting_id").load(self.id)

    @strawberry.field(description="Its documents, newest first.")
    async def documents(self, info: Info) -> list[Document]:
        return await documents_of(info, "meeting_id", self.id)


@strawberry.input
class ScheduleMeetingInput:
    body_id: strawberry.ID
    title: str
    starts_at: datetime
    ends_at: datetime | None = None
    location: str | None = None
    classification: Classification


@strawberry.input
class AgendaItemInput:
    title: str
    description: str | None = None
    classification: Classification


@strawberry.input
class AttendanceInput:
    person_id: strawberry.ID
    status: AttendanceStatus


@strawberry.type
class MeetingsQuery:
    @strawberry.field
    async def meetings(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        body_id: strawberry.ID | None = None,
        from_: Annotated[datetime | None, strawberry.argument(name="from")] = None,
        to: datetime | None = None,
    ) -> Connection[Meeting]:
        queryset = info.context.loaders.visible(Meeting).filter(**_meetings_filters(from_, to))
        if body_id is not None:
            queryset = queryset.filter(body_id=ids.require(body_id, "bodyId", *ids.BODY))
        return await paginate(queryset, MEETING_ORDER, first, after)


def _meeting_id(value: strawberry.ID) -> int:
    return ids.require(value, "meetingId", "Meeting")


@strawberry.type
class MeetingsMutation:
    @strawberry.mutation
    async def schedule_meeting(self, info: Info, input: ScheduleMeetingInput) -> Meeting:
        meeting = await meetings.schedule_meeting(
            info.context.viewer,
            body_id=ids.require(input.body_id, "bodyId", *ids.BODY),
            title=input.title,
            starts_at=input.starts_at,
            ends_at=input.ends_at,
            location=input.location,
            classification=input.classification,
        )
        return Meeting.of(meeting)

    @strawberry.mutation
    async def add_agenda_item(
        self, info: Info, meeting_id: strawberry.ID, input: AgendaItemInput
    ) -> AgendaItem:
        agenda_item = await meetings.add_agenda_item(
            info.context.viewer,
            meeting_id=_meeting_id(meeting_id),
            title=input.title,
            description=input.description,
            classification=input.classification,
        )
        return AgendaItem.of(agenda_item)

    @strawberry.mutation
    async def record_attendance(
        self, info: Info, meeting_id: strawberry.ID, entries: list[AttendanceInput]
    ) -> Meeting:
        meeting = await meetings.record_attendance(
            info.context.viewer,
            meeting_id=_meeting_id(meeting_id),
            entries=[(ids.require(e.person_id, "personId", "Person"), e.status) for e in entries],
        )
        return Meeting.of(meeting)

    @strawberry.mutation
    async def save_minutes(
        self,
        info: Info,
        meeting_id: strawberry.ID,
        content: str,
        expected_version: int | None = None,
    ) -> Minutes:
        minutes = await meetings.save_minutes(
            info.context.viewer,
            meeting_id=_meeting_id(meeting_id),
            content=content,
            expected_version=expected_version,
        )
        return Minutes.of(minutes)

    @strawberry.mutation
    async def circulate_minutes(self, info: Info, meeting_id: strawberry.ID) -> Minutes:
        minutes = await meetings.circulate_minutes(
            info.context.viewer, meeting_id=_meeting_id(meeting_id)
        )
        return Minutes.of(minutes)

    @strawberry.mutation(
        description="Open, adjourn, resume, cancel or reinstate a meeting (its body's chair or "
        "secretary): SCHEDULED → IN_PROGRESS ⇄ ADJOURNED, SCHEDULED ⇄ CANCELLED."
    )
    async def set_meeting_status(
        self, info: Info, meeting_id: strawberry.ID, status: MeetingStatus
    ) -> Meeting:
        meeting = await meetings.set_meeting_status(
            info.context.viewer, meeting_id=_meeting_id(meeting_id), status=status
        )
        return Meeting.of(meeting)

    @strawberry.mutation
    async def approve_minutes(self, info: Info, meeting_id: strawberry.ID) -> Minutes:
        minutes = await meetings.approve_minutes(
            info.context.viewer, meeting_id=_meeting_id(meeting_id)
        )
        return Minutes.of(minutes)
