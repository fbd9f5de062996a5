"""What every service does first: who is asking, does the item exist for them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar, cast

from tortoise.models import Model
from tortoise.queryset import QuerySet

from governance.enums import Classification
from governance.errors import Forbidden, NotFound, Phrase, Unauthenticated
from governance.models import AccessGrant
from permissions.viewer import Viewer

M = TypeVar("M", bound=Model)


def signed_in(viewer: Viewer) -> int:
    """The acting person's id; UNAUTHENTICATED for the anonymous public, FORBIDDEN for
    the platform itself (permissions.SYSTEM), which is no person."""
    if viewer.person_id is None:
        if viewer.is_system:
            raise Forbidden("The platform acts as no person; someone must sign in to do this.")
        raise Unauthenticated()
    return viewer.person_id


def acting(viewer: Viewer) -> int | None:
    """Who the audit trail names as the actor: the person, or nobody (NULL) for the
    platform itself; UNAUTHENTICATED for the anonymous public. For the platform admin's
    work, which the platform may do (permissions.SYSTEM)."""
    return None if viewer.is_system else signed_in(viewer)


async def found(queryset: QuerySet[M], item_id: int, what: str, *, lock: bool = False) -> M:
    """The item, if the viewer may see it. Absent and invisible answer alike."""
    query = queryset.filter(id=item_id)
    if lock:
        query = query.select_for_update()
    item = await query.first()
    if item is None:
        raise NotFound("No %(what)s with that id.", what=Phrase(what))
    return item


def described(kind: str, title: str, classification: Classification, where: str) -> str:
    """An audit summary that quotes a title only when the item is not confidential."""
    if classification in (Classification.PUBLIC, Classification.INTERNAL):
        return f"{kind} “{title}” ({where})"
    return f"a {classification.value} {kind} ({where})"


async def carry_names(
    sources: Iterable[tuple[str, int]], subject_type: str, subject_id: int
) -> None:
    """Name on a new RESTRICTED item everyone named on the items it came from."""
    people: set[int] = set()
    for kind, item_id in sources:
        named = AccessGrant.filter(subject_type=kind, subject_id=item_id)
        people.update(cast(list[int], await named.values_list("person_id", flat=True)))
    already = set(
        await AccessGrant.filter(subject_type=subject_type, subject_id=subject_id).values_list(
            "person_id", flat=True
        )
    )
    await AccessGrant.bulk_create(
        [
            AccessGrant(subject_type=subject_type, subject_id=subject_id, person_id=person)
            for person in sorted(people - already)
        ]
    )


async def name_creator(
    viewer: Viewer, subject_type: str, subject_id: int, classification: Classification
) -> None:
    """Whoever creates a RESTRICTED item is named on it."""
    if classification == Classification.RESTRICTED and viewer.person_id is not None:
        await AccessGrant.create(
            subject_type=subject_type, subject_id=subject_id, person_id=viewer.person_id
        )
