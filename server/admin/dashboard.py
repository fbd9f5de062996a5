"""The dashboard: what needs the signed-in person's attention, and nothing they may not see."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from starlette.responses import Response
from tortoise.expressions import Q

from governance import action_items
from governance.enums import MotionStatus, RecommendationStatus, UpdateStatus
from governance.models import ActionItem, Body, Meeting, Membership, Motion, Recommendation, Update
from governance.models.bodies import in_force_on
from permissions import holding, visible
from permissions.viewer import today
from server.admin.pages import Admin

AWAITING_RESPONSE = (RecommendationStatus.SUBMITTED, RecommendationStatus.UNDER_REVIEW)


async def bodies_by_id() -> dict[int, Body]:
    """Bodies are public: every screen may name them."""
    return {body.id: body for body in await Body.all()}


async def show(admin: Admin) -> Response:
    viewer = admin.viewer
    mine = sorted(viewer.relations_by_body)
    bodies = await bodies_by_id()
    memberships = await Membership.filter(in_force_on(today()), person_id=admin.person_id)
    recent = datetime.now(UTC) - timedelta(hours=12)
    meetings = visible(viewer, Meeting).filter(starts_at__gte=recent)
    if mine:
        meetings = meetings.filter(body_id__in=mine)
    ballots = await visible(viewer, Motion).filter(status=MotionStatus.OPEN).order_by("opened_at")
    owned = holding(viewer, "owner", ActionItem)
    overdue = (
        visible(viewer, ActionItem)
        .filter(action_items.overdue())
        .filter(Q(committee_id__in=mine) | owned if mine else owned)
        .order_by("due_date")
    )
    awaiting_approval = []
    may_approve = await admin.can("approve", "update")
    if may_approve:
        awaiting_approval = await visible(viewer, Update).filter(status=UpdateStatus.IN_REVIEW)
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
                for m in await visible(viewer, Meeting).filter(
                    id__in=[b.meeting_id for b in ballots]
                )
            },
            "recommendations": await visible(viewer, Recommendation)
            .filter(addressed_to_id__in=mine, status__in=AWAITING_RESPONSE)
            .order_by("submitted_at"),
            "updates": awaiting_approval,
            "may_approve": may_approve,
            "overdue": await overdue.limit(20),
            "today": today(),
        },
    )
