"""The dashboard: what needs the signed-in person's attention, and nothing they may not see."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from starlette.responses import Response
from tortoise.expressions import Q

from governance import action_items
from governance.enums import MotionStatus, RecommendationStatus, UpdateStatus
from governance.models import Body, Membership
from permissions import visibility
from permissions.viewer import active_on, today
from server.admin.pages import Admin

AWAITING_RESPONSE = (RecommendationStatus.SUBMITTED, RecommendationStatus.UNDER_REVIEW)


async def bodies_by_id() -> dict[int, Body]:
    """Bodies are public: every screen may name them."""
    return {body.id: body for body in await Body.all()}


async def show(admin: Admin) -> Response:
    viewer = admin.viewer
    mine = sorted(viewer.relations_by_body)
    bodies = await bodies_by_id()
    memberships = await Membership.filter(active_on(today()), person_id=admin.person_id)
    recent = datetime.now(UTC) - timedelta(hours=12)
    meetings = visibility.meetings(viewer).filter(starts_at__gte=recent)
    if mine:
        meetings = meetings.filter(body_id__in=mine)
    ballots = (
        await visibility.motions(viewer).filter(status=MotionStatus.OPEN).order_by("opened_at")
    )
    owned = Q(owner_person_id=admin.person_id)
    if viewer.organization_id is not None:
        owned |= Q(owner_organization_id=viewer.organization_id)
    overdue = (
        visibility.action_items(viewer)
        .filter(action_items.overdue())
        .filter(Q(committee_id__in=mine) | owned if mine else owned)
        .order_by("due_date")
    )
    awaiting_approval = []
    if admin.can("approve", "update"):
        awaiting_approval = await visibility.updates(viewer).filter(status=UpdateStatus.IN_REVIEW)
    return admin.render(
        "admin/dashboard.html",
        {
            "section": "dashboard",
            "bodies": bodies,
            "memberships": sorted(memberships, key=lambda m: bodies[m.body_id].name),
            "meetings": await meetings.order_by("starts_at").limit(10),
            "ballots": ballots,
            "ballot_meetings": {
                m.id: m
                for m in await visibility.meetings(viewer).filter(
                    id__in=[b.meeting_id for b in ballots]
                )
            },
            "recommendations": await visibility.recommendations(viewer)
            .filter(addressed_to_id__in=mine, status__in=AWAITING_RESPONSE)
            .order_by("submitted_at"),
            "updates": awaiting_approval,
            "overdue": await overdue.limit(20),
            "today": today(),
        },
    )
