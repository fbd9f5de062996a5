"""Approved minutes freeze the meeting's record: its agenda and attendance no longer change.

The one statement of the rule (PRODUCT.md, "Trust": minutes). Every write to a meeting's
agenda or attendance calls `keep_open` inside its transaction; the admin asks `frozen`
before it draws a button or a form for one, so what the page offers and what the service
allows never disagree.

Concurrency: `keep_open` locks the meeting's row first (a no-op conditional UPDATE), as
every write to a meeting's record does first, the approval of its minutes included: so the
approval and a write to the agenda or attendance queue on that row. Either the write
commits before the approval, or it runs after and reads APPROVED and is refused; never a
change after approval. (The row is the first lock each of them takes: on PostgreSQL each
write statement also moves the one-row record version, so a transaction that took another
row first could wait for one that holds the version while waiting for that row.)
"""

from __future__ import annotations

from tortoise.expressions import F

from governance.enums import MinutesStatus
from governance.errors import N_, InvalidTransition
from governance.models import Meeting, Minutes

FROZEN = N_(
    "The minutes of this meeting are APPROVED: its agenda and attendance are frozen and "
    "can no longer change."
)


async def frozen(meeting_id: int) -> bool:
    """Whether the meeting's minutes are approved (and so its agenda and attendance fixed)."""
    return await Minutes.filter(meeting_id=meeting_id, status=MinutesStatus.APPROVED).exists()


async def keep_open(meeting_id: int) -> None:
    """First in a write's transaction: lock the meeting (until the write commits, its minutes
    are not approved), then INVALID_TRANSITION if they are approved already."""
    await Meeting.filter(id=meeting_id).update(status=F("status"))
    if await frozen(meeting_id):
        raise InvalidTransition(FROZEN)
