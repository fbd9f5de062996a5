"""A person's own notifications and what they chose to receive by email: reading them,
marking them read, and the preference per kind (email as it happens, the daily digest,
or the app only). Each person reaches their own and nobody else's."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tortoise.transactions import in_transaction

from governance import clock
from governance.enums import CHOOSABLE_KINDS, NotificationKind
from governance.errors import BadInput
from governance.guards import signed_in
from governance.models import Notification, NotificationPreference
from permissions import Viewer

MAX_IDS = 500


@dataclass(frozen=True)
class Preference:
    """Email as it happens when `email` and not `digest`; `digest` (with or without
    `email`): gathered into the daily email; neither: in the app only."""

    kind: NotificationKind
    email: bool = True  # no row: email as it happens
    digest: bool = False


async def unread_count(viewer: Viewer) -> int:
    if viewer.person_id is None:
        return 0
    return await Notification.filter(person_id=viewer.person_id, read_at__isnull=True).count()


async def mark_read(viewer: Viewer, ids: Iterable[int] | None = None) -> int:
    """Mark the viewer's own unread notifications read (all of them, or those among
    `ids`: another person's ids are not theirs and are left alone). How many were."""
    person_id = signed_in(viewer)
    unread = Notification.filter(person_id=person_id, read_at__isnull=True)
    if ids is not None:
        wanted = sorted(set(ids))
        if len(wanted) > MAX_IDS:
            raise BadInput(
                "Mark at most %(most)s notifications at once, or all with none.", most=MAX_IDS
            )
        unread = unread.filter(id__in=wanted)
    return await unread.update(read_at=clock.now())


async def preferences(viewer: Viewer) -> list[Preference]:
    """One per kind, in the order of the kinds; defaults where none was chosen."""
    person_id = signed_in(viewer)
    chosen = {
        row.kind: Preference(row.kind, row.email, row.digest)
        for row in await NotificationPreference.filter(person_id=person_id)
    }
    return [chosen.get(kind, Preference(kind)) for kind in CHOOSABLE_KINDS]


async def set_preferences(viewer: Viewer, chosen: Iterable[Preference]) -> list[Preference]:
    """Set the viewer's choice for each kind given (the others stay as they were)."""
    person_id = signed_in(viewer)
    by_kind = {p.kind: p for p in chosen}
    fixed = sorted(kind.value for kind in by_kind if kind not in CHOOSABLE_KINDS)
    if fixed:
        raise BadInput(
            "%(kinds)s is told in the app only: there is nothing to choose.",
            kinds=", ".join(fixed),
        )
    async with in_transaction():
        for preference in by_kind.values():
            await NotificationPreference.update_or_create(
                person_id=person_id,
                kind=preference.kind,
                defaults={"email": preference.email, "digest": preference.digest},
            )
    return await preferences(viewer)
