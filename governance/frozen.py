"""Approved minutes freeze the meeting's record: its agenda and attendance no longer change.

The one statement of the rule (PRODUCT.md, "Trust": minutes). Every write to a meeting's
agenda or attendance calls `keep_open` inside its transaction; the admin asks `frozen`
before it draws a button or a form for one, so what the page offers and what the service
allows never disagree.

Concurrency: `keep_open` first locks the meeting's minutes while they are not approved
(a no-op conditional UPDATE), then looks again. An approval of those minutes is itself a
conditional UPDATE of that row, so it waits for the write to commit: either the write
lands before the approval, or it reads APPROVED and is refused. Never a change after.
"""

from __future__ import annotations

from tortoise.expressions import F

from governance.enums import MinutesStatus
from governance.errors import InvalidTransition
from governance.models import Minutes

FROZEN = (
    "The minutes of this meeting are APPROVED: its agenda and attendance are frozen and "
    "can no longer change."
)
_OPEN = [status for status in MinutesStatus if status != MinutesStatus.APPROVED]


async def frozen(meeting_id: int) -> bool:
    """Whether the meeting's minutes are approved (and so its agenda and attendance fixed)."""
    return await Minutes.filter(meeting_id=meeting_id, status=MinutesStatus.APPROVED).exists()


async def keep_open(meeting_id: int) -> None:
    """Inside a write's transaction: INVALID_TRANSITION once the minutes are approved, and
    until the write commits, no approval of them."""
    await Minutes.filter(meeting_id=meeting_id, status__in=_OPEN).update(status=F("status"))
    if await frozen(meeting_id):
        raise InvalidTransition(FROZEN)
