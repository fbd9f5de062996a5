"""Minutes: a general part and one section per agenda item, versioned as one text.

How the parts combine. `Minutes.content` is the general part (what `saveMinutes` saves:
attendance, opening, anything not tied to one item); each agenda item has a section of
its own (`saveMinutesSections`). A reader reads the general part first, then one section
per agenda item *they* may see, in agenda order, under the item's number and title. The
numbers are counted over the items that reader sees (as `AgendaItem.position` is), so an
item they may not see leaves no heading, no placeholder and no gap, and its text is never
read for them: the sections are filtered in SQL by the agenda item's visibility
(permissions.kinds.MINUTES_SECTION). `Minutes.contentHtml` stays the general part alone,
as before sections existed; `Minutes.sections` gives each section's own `contentHtml`;
the admin draws the whole (general part, then sections) from `sections_for`, through the
same markdown renderer and sanitiser (governance.markdown).

Versions. The general part and the sections share the minutes' one version: every save,
of either, is one compare-and-set on it (a stale `expectedVersion` is a CONFLICT, never
an overwrite), and writes a MinutesVersion holding the general part and every section
as they then are. Saving CIRCULATED minutes returns them to DRAFT (PRODUCT.md, "Trust":
they must be circulated again before approval); APPROVED minutes are frozen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from governance import audit, clock, validation
from governance.enums import MinutesStatus
from governance.errors import N_, BadInput, Conflict
from governance.guards import found, signed_in
from governance.lifecycles import MINUTES
from governance.models import AgendaItem, Meeting, Minutes, MinutesSection, MinutesVersion
from permissions import Viewer, require, visible

# An agenda has a few dozen items; a save names at most this many sections.
MAX_SECTIONS = 200


@dataclass(frozen=True)
class Saved:
    minutes: Minutes
    # They were CIRCULATED: the save returned them to DRAFT, to be circulated again.
    returned_to_draft: bool


@dataclass(frozen=True)
class Section:
    """One agenda item's minutes as a reader reads them: its number among the items
    they see, the item, and its text ("" while nothing is written)."""

    number: int
    agenda_item: AgendaItem
    content: str


def _text(content: str, what: str) -> str:
    if len(content) > validation.LONG_TEXT:
        raise BadInput(
            "%(field)s must be at most %(limit)s characters.",
            field=what,
            limit=validation.LONG_TEXT,
        )
    return content.replace("\r\n", "\n")


def bounded_count(count: int) -> None:
    if count > MAX_SECTIONS:
        raise BadInput(
            "sections may name at most %(most)s agenda items at once.", most=MAX_SECTIONS
        )


def bounded_sections(sections: Sequence[tuple[int, str]]) -> dict[int, str]:
    """Sections by agenda item id: at most MAX_SECTIONS, each bounded, none twice."""
    bounded_count(len(sections))
    texts: dict[int, str] = {}
    for index, (item_id, content) in enumerate(sections):
        if item_id in texts:
            raise BadInput("sections[%(index)s] names an agenda item already named.", index=index)
        texts[item_id] = _text(content, f"sections[{index}].content")
    return texts


async def _managed_minutes_meeting(viewer: Viewer, meeting_id: int) -> Meeting:
    """The meeting, if the viewer sees it (NOT_FOUND) and keeps its minutes (FORBIDDEN)."""
    meeting = await found(visible(viewer, Meeting), meeting_id, "meeting")
    await require(
        viewer,
        "manage",
        meeting,
        message=N_("Only the body's chair or secretary manages this meeting."),
    )
    await require(viewer, "save", "minutes", on=meeting)
    return meeting


async def _check_items(viewer: Viewer, meeting: Meeting, sections: Sequence[int]) -> None:
    """Every section names an item on this meeting's agenda that the viewer sees. An item
    of another meeting, a hidden one and no item at all are refused alike."""
    if not sections:
        return
    ids = list(sections)
    seen = set(
        await visible(viewer, AgendaItem)
        .filter(meeting_id=meeting.id, id__in=ids)
        .values_list("id", flat=True)
    )
    for index, item_id in enumerate(ids):
        if item_id not in seen:
            raise BadInput(
                "sections[%(index)s].agendaItemId is not an item on this meeting's agenda.",
                index=index,
            )


async def save_minutes(
    viewer: Viewer,
    *,
    meeting_id: int,
    expected_version: int | None,
    content: str | None = None,
    sections: Sequence[tuple[int, str]] = (),
) -> Saved:
    """Save the general part (`content`, unless None) and the sections named, as the next
    version, in one transaction."""
    actor = signed_in(viewer)
    if content is not None:
        content = _text(content, "content")
    texts = bounded_sections(sections)
    meeting = await _managed_minutes_meeting(viewer, meeting_id)
    await _check_items(viewer, meeting, list(texts))
    async with in_transaction():
        # Lock the meeting first: two first saves of its minutes queue here, and the
        # second finds the first's minutes (CONFLICT) instead of a duplicate-key error.
        await Meeting.filter(id=meeting.id).update(status=F("status"))
        minutes, was = await _next_version(meeting, content, expected_version)
        await _write_sections(minutes, texts)
        kept = dict(
            await MinutesSection.filter(minutes_id=minutes.id)
            .order_by("agenda_item_id")
            .values_list("agenda_item_id", "content")
        )
        await MinutesVersion.create(
            minutes_id=minutes.id,
            version=minutes.version,
            content=minutes.content,
            sections={str(item): text for item, text in kept.items()} or None,
            saved_by_id=actor,
            saved_at=clock.now(),
        )
        returned = was == MinutesStatus.CIRCULATED
        await audit.record(
            actor,
            "minutes.save",
            f"Saved version {minutes.version} of the minutes of meeting {meeting.id}"
            + (f" ({len(texts)} agenda item sections)" if texts else "")
            + ("; they were circulated and are a draft again" if returned else ""),
            "minutes",
            minutes.id,
        )
    return Saved(minutes, returned)


async def _next_version(
    meeting: Meeting, content: str | None, expected_version: int | None
) -> tuple[Minutes, MinutesStatus | None]:
    """The minutes at their next version (or their first), and the status they had."""
    minutes = await Minutes.get_or_none(meeting_id=meeting.id)
    if minutes is None:
        if expected_version not in (None, 0):
            raise Conflict("These minutes have not been saved yet: save without expectedVersion.")
        created = await Minutes.create(meeting_id=meeting.id, content=content or "", version=1)
        return created, None
    was = MINUTES.status(minutes)
    MINUTES.check(minutes, "edit")  # approved minutes are frozen
    if expected_version is None:
        raise Conflict(
            "Minutes already exist (version %(version)s): send expectedVersion "
            "so that nobody's changes are overwritten.",
            version=minutes.version,
        )
    changes = {} if content is None else {"content": content}
    # Compare-and-set: only the writer holding the current version wins. Any save leaves
    # them DRAFT: circulated minutes that change must be circulated again.
    updated = await Minutes.filter(
        id=minutes.id, version=expected_version, status__in=MINUTES.leaving("edit")
    ).update(
        **changes,
        status=MinutesStatus.DRAFT,
        circulated_at=None,
        version=F("version") + 1,
        updated_at=clock.now(),
    )
    if not updated:
        current = await Minutes.get(id=minutes.id)
        MINUTES.check(current, "edit")  # approved meanwhile: INVALID_TRANSITION
        raise Conflict(
            "Someone else saved these minutes meanwhile (now version %(version)s, "
            "you edited version %(edited)s); reload them and apply your changes.",
            version=current.version,
            edited=expected_version,
        )
    return await Minutes.get(id=minutes.id), was


async def _write_sections(minutes: Minutes, texts: Mapping[int, str]) -> None:
    if not texts:
        return
    existing = {
        row.agenda_item_id: row
        for row in await MinutesSection.filter(
            minutes_id=minutes.id, agenda_item_id__in=list(texts)
        )
    }
    for item_id, text in texts.items():
        row = existing.get(item_id)
        if row is None:
            await MinutesSection.create(minutes_id=minutes.id, agenda_item_id=item_id, content=text)
        elif row.content != text:
            row.content = text
            await row.save(update_fields=["content"])


# ------------------------------------------------------------------ reading


async def sections_for(viewer: Viewer, meeting: Meeting, minutes: Minutes | None) -> list[Section]:
    """A section per agenda item the viewer sees, in agenda order, numbered over those
    items; the texts read through the sections' own visibility filter."""
    items = await visible(viewer, AgendaItem).filter(meeting_id=meeting.id).order_by("position")
    texts: dict[int, str] = {}
    if minutes is not None:
        texts = dict(
            await visible(viewer, MinutesSection)
            .filter(minutes_id=minutes.id)
            .values_list("agenda_item_id", "content")
        )
    return [
        Section(number, item, texts.get(item.id, "")) for number, item in enumerate(items, start=1)
    ]


async def preview(
    viewer: Viewer, *, meeting_id: int, content: str, sections: Mapping[int, str]
) -> tuple[str, list[Section]]:
    """The minutes as they would read with the texts being typed: the general part and
    a section per agenda item the viewer sees (texts for other items are ignored). Only
    for those who keep the minutes, and only while they may still change."""
    signed_in(viewer)
    content = _text(content, "content")
    texts = bounded_sections(list(sections.items()))
    meeting = await _managed_minutes_meeting(viewer, meeting_id)
    minutes = await Minutes.get_or_none(meeting_id=meeting.id)
    if minutes is not None:
        MINUTES.check(minutes, "edit")  # approved minutes are frozen: nothing to preview
    shown = await sections_for(viewer, meeting, None)
    return content, [
        Section(s.number, s.agenda_item, texts.get(s.agenda_item.id, "")) for s in shown
    ]
