"""Minutes by agenda item: `Minutes.sections` and `saveMinutesSections` (governance.minutes
says how the general part and the sections combine)."""

from __future__ import annotations

from collections.abc import Sequence

import strawberry
from strawberry.dataloader import DataLoader

from governance import markdown
from governance import minutes as minutes_book
from governance import models as m
from permissions import kinds
from schema import ids
from schema.context import Info
from schema.loaders import Loaders, chunks
from schema.meetings import AGENDA_ORDER, AgendaItem, Minutes


@strawberry.type(description="The minutes of one agenda item.")
class MinutesSection:
    item: strawberry.Private[AgendaItem]  # a row (schema.node.Rows)
    content: str

    @strawberry.field
    def agenda_item(self) -> AgendaItem:
        return self.item

    @strawberry.field(description="The content rendered as sanitised HTML, as Minutes.contentHtml.")
    def content_html(self) -> str:
        return markdown.render(self.content)


@strawberry.input
class MinutesSectionInput:
    agenda_item_id: strawberry.ID
    content: str


def sections_loader(loaders: Loaders) -> DataLoader[m.Minutes, list[MinutesSection]]:
    """Each minutes' sections, for a whole list at once: the agenda items the viewer sees
    (the batch Meeting.agenda shares) and the texts of those minutes, read through the
    sections' visibility filter (an item the viewer may not see contributes nothing, in
    SQL). Two statements whatever the number of minutes."""

    async def load(rows: Sequence[m.Minutes]) -> list[list[MinutesSection]]:
        agenda = loaders.many(AgendaItem, "meeting_id", AGENDA_ORDER)
        items = await agenda.load_many([row.meeting_id for row in rows])
        texts: dict[tuple[int, int], str] = {}
        for chunk in chunks(sorted({row.id for row in rows})):
            found = (
                kinds.MINUTES_SECTION.visible(loaders.viewer)
                .filter(minutes_id__in=chunk)
                .values_list("minutes_id", "agenda_item_id", "content")
            )
            for minutes_id, item_id, content in await found:
                texts[(minutes_id, item_id)] = content
        return [
            [MinutesSection(item=item, content=texts.get((row.id, item.id), "")) for item in shown]
            for row, shown in zip(rows, items, strict=True)
        ]

    return loaders._loader(("minutes_sections",), load)


async def sections_of(info: Info, minutes: m.Minutes) -> list[MinutesSection]:
    return await sections_loader(info.context.loaders).load(minutes)


@strawberry.type
class MinutesMutation:
    @strawberry.mutation(
        description="Minutes by agenda item; saving CIRCULATED minutes returns them to DRAFT."
    )
    async def save_minutes_sections(
        self,
        info: Info,
        meeting_id: strawberry.ID,
        sections: list[MinutesSectionInput],
        expected_version: int | None = None,
    ) -> Minutes:
        minutes_book.bounded_count(len(sections))  # before decoding any id
        saved = await minutes_book.save_minutes(
            info.context.viewer,
            meeting_id=ids.require(meeting_id, "meetingId", "Meeting"),
            expected_version=expected_version,
            sections=[
                (ids.require(s.agenda_item_id, "agendaItemId", "AgendaItem"), s.content)
                for s in sections
            ],
        )
        return Minutes.of(saved.minutes)
