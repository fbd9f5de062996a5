"""An update's language and its translations (issue 15).

An update is written in one language, a BCP 47 tag (en, fr, pt-BR). A translation points
at its original; the original and its translations are one group, keyed by the original's
id, with at most one member in each language (a retracted one gives its language back).
A translation of a translation points at the original instead: groups stay one level deep.

Each member is an update like any other: drafted, reviewed, approved and published on its
own. Who sees which member is visibility's (permissions.visible) alone; the helpers here
only narrow querysets the caller has already filtered, so a hidden member never shows.
"""

from __future__ import annotations

import re

from babel import Locale, UnknownLocaleError
from tortoise.expressions import Q, Subquery
from tortoise.functions import Min
from tortoise.queryset import QuerySet

from governance.enums import UpdateStatus
from governance.errors import N_, BadInput, Conflict
from governance.guards import found
from governance.languages import DEFAULT as DEFAULT  # an update's language unless told
from governance.models import Update
from permissions import Viewer, visible

MAX_TAG = 16  # Update.language's column
_TAG = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{1,8}){0,3}$")
BAD_TAG = N_("Give the language as a BCP 47 tag, such as en, fr or pt-BR.")
TAKEN = N_("This update already has a version in that language (%(language)s): edit that one.")


def language_tag(value: str | None) -> str:
    """A BCP 47 tag, bounded and written the usual way: the language in lower case, a
    script in title case (Latn), a region in upper case (BR, 419)."""
    tag = (value or "").strip().replace("_", "-").lower()
    if len(tag) > MAX_TAG or not _TAG.match(tag):
        raise BadInput(BAD_TAG)
    language, *rest = tag.split("-")
    parts = [language]
    for part in rest:
        if len(part) == 4 and part.isalpha():
            part = part.title()
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            part = part.upper()
        parts.append(part)
    return "-".join(parts)


def language_name(tag: str, in_language: str) -> str:
    """The language's own name in another (fr in en: French), else the tag itself."""
    try:
        name = Locale.parse(tag, sep="-").get_display_name(in_language)
    except (ValueError, UnknownLocaleError):
        return tag
    return name or tag


async def original_of(viewer: Viewer, update_id: int) -> Update:
    """The original a new translation of `update_id` points at, locked for this transaction
    (its group's writers queue on it), when the viewer may see both: NOT_FOUND otherwise,
    as for an absent update."""
    named = await found(visible(viewer, Update), update_id, "update")
    if named.translation_of_id is None:
        return await found(visible(viewer, Update), named.id, "update", lock=True)
    return await found(visible(viewer, Update), named.translation_of_id, "update", lock=True)


def group_of(update: Update) -> int:
    """The group's key: the original's id."""
    return update.translation_of_id or update.id


def members(queryset: QuerySet[Update], group: int) -> QuerySet[Update]:
    """The members of a group among `queryset` (the caller's visible updates)."""
    return queryset.filter(Q(id=group) | Q(translation_of_id=group))


async def check_language_free(group: int, language: str, *, besides: int | None = None) -> None:
    """Refuse a second member in one language; call inside the writing transaction, after
    locking the original (the group's one row every writer to it locks)."""
    taken = members(Update.all(), group).filter(language=language)
    taken = taken.exclude(status=UpdateStatus.RETRACTED)
    if besides is not None:
        taken = taken.exclude(id=besides)
    if await taken.exists():
        raise Conflict(TAKEN, language=language)


def one_per_group(queryset: QuerySet[Update], language: str) -> QuerySet[Update]:
    """Each group once among `queryset` (the viewer's visible updates): its member in
    `language` when one is there, else the original, else (the original hidden) its first
    translation there. One statement with sub-selects over the same visible rows, so a
    keyset page of it is exact and nothing hidden decides what shows."""
    spoken = queryset.filter(language=language)
    spoken_originals = Subquery(spoken.filter(translation_of_id__isnull=True).values("id"))
    spoken_groups = Subquery(
        spoken.filter(translation_of_id__isnull=False).values("translation_of_id")
    )
    first_translations = Subquery(
        queryset.filter(translation_of_id__isnull=False)
        .annotate(first=Min("id"))
        .group_by("translation_of_id")
        .values("first")
    )
    originals = Subquery(queryset.filter(translation_of_id__isnull=True).values("id"))
    # Each test is guarded by whether the row is an original, so no NULL reaches an IN.
    original = Q(translation_of_id__isnull=True)
    translation = Q(translation_of_id__isnull=False)
    in_spoken_group = (
        Q(original, Q(id__in=spoken_originals) | Q(id__in=spoken_groups))
        | Q(translation, Q(translation_of_id__in=spoken_originals))
        | Q(translation, Q(translation_of_id__in=spoken_groups))
    )
    first_shown = original | Q(
        translation, id__in=first_translations, translation_of_id__not_in=originals
    )
    return queryset.filter(Q(language=language) | Q(first_shown, ~in_spoken_group))
