"""The dashboard: what waits for the signed-in person, and nothing they may not see.

Times are on the person's own clocks, the zone named, when they chose a zone on their
profile; else each meeting's in its body's zone, as on the meeting's own page (where
times are entered, always in the body's zone).

The rules of what waits for whom are governance.waiting's; this page counts each kind
and lists the first few, two statements a kind whatever the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.responses import Response

from governance import waiting
from governance.models import Body, Meeting, Membership
from governance.models.bodies import in_force_on
from governance.waiting import AWAITING_RESPONSE, DUE_SOON_DAYS
from permissions import visible
from permissions.viewer import today
from server.admin.pages import Admin

__all__ = ["AWAITING_RESPONSE", "bodies_by_id", "show"]

FIRST = 5  # items listed per kind; the count is always the whole number

# The row each listed item shows with it (a motion's meeting), read in the same statement.
WITH = {"minutes": ("meeting",), "ballots": ("meeting",)}


@dataclass(frozen=True)
class Group:
    name: str
    count: int
    first: list[Any]

    @property
    def more(self) -> int:
        return self.count - len(self.first)


async def bodies_by_id() -> dict[int, Body]:
    """Bodies are public: every screen may name them."""
    return {body.id: body for body in await Body.all()}


async def _group(kind: waiting.Waiting) -> Group:
    listed = kind.rows().order_by(*kind.order).limit(FIRST)
    if kind.name in WITH:
        listed = listed.select_related(*WITH[kind.name])
    return Group(kind.name, await kind.rows().count(), list(await listed))


async def show(admin: Admin) -> Response:
    viewer = admin.viewer
    mine = sorted(viewer.relations_by_body)
    bodies = await bodies_by_id()
    memberships = await Membership.filter(in_force_on(today()), person_id=admin.person_id)
    recent = datetime.now(UTC) - timedelta(hours=12)
    meetings = visible(viewer, Meeting).filter(starts_at__gte=recent)
    if mine:
        meetings = meetings.filter(body_id__in=mine)
    groups = {kind.name: await _group(kind) for kind in waiting.waiting_for(viewer)}
    return admin.render(
        "admin/dashboard.html",
        {
            "section": "dashboard",
            "zone": admin.person.time_zone,
            "bodies": bodies,
            "memberships": sorted(memberships, key=lambda m: bodies[m.body_id].name),
            "meetings": await meetings.order_by("starts_at").limit(10),
            "waiting": groups,
            "waits": sum(group.count for group in groups.values()),
            # The communications team reviews updates: the group is theirs alone.
            "reviews_updates": await admin.can("approve", "update"),
            "due_soon_days": DUE_SOON_DAYS,
            "today": today(),
        },
    )
