"""A committee's monitoring page: its indicators by status, its plans (adopted or
monitored) by completion, the overdue actions of those plans and the reports due on
them, each list in a fixed number of statements and only what the viewer may see."""

from __future__ import annotations

from starlette.responses import Response
from tortoise.expressions import Q, Subquery

from governance import action_plans, indicators
from governance.action_items import overdue
from governance.enums import ActionPlanStatus, IndicatorStatus
from governance.errors import NotFound
from governance.models import ActionItem, ActionPlan, Body, Indicator, Organization, Person
from governance.waiting import REPORT_DUE_DAYS, awaiting_report
from permissions import visible
from permissions.viewer import today
from server.admin.pages import Admin
from server.admin.results import sparklines

# Worst first: what needs the committee's attention leads.
STATUS_ORDER = (
    IndicatorStatus.OFF_TRACK,
    IndicatorStatus.AT_RISK,
    IndicatorStatus.ON_TRACK,
    IndicatorStatus.ACHIEVED,
    IndicatorStatus.NO_DATA,
)


async def show(admin: Admin) -> Response:
    viewer = admin.viewer
    body = await Body.get_or_none(id=admin.path_id("body_id"))
    if body is None:
        raise NotFound("No body with that id.")
    shown = list(await visible(viewer, Indicator).filter(body_id=body.id).order_by("code", "id"))
    assessed = await indicators.assessments(shown)
    trends = await sparklines(shown)
    by_status = {
        status: [i for i in shown if assessed[i.id].status == status] for status in STATUS_ORDER
    }
    theirs = Q(body_id=body.id) | Q(monitored_by_id=body.id)
    plans = list(
        await visible(viewer, ActionPlan)
        .filter(theirs)
        .exclude(status=ActionPlanStatus.CLOSED)
        .order_by("period_end", "id")
    )
    completion = await action_plans.completions(viewer, [p.id for p in plans])
    # A closed plan's actions were carried over or left behind with it: not followed here.
    plan_ids = (
        visible(viewer, ActionPlan)
        .filter(theirs)
        .exclude(status=ActionPlanStatus.CLOSED)
        .values("id")
    )
    late = list(
        await visible(viewer, ActionItem)
        .filter(plan_id__in=Subquery(plan_ids))
        .filter(overdue())
        .order_by("due_date", "id")
    )
    people = await Person.filter(id__in={a.owner_person_id for a in late})
    organizations = await Organization.filter(id__in={a.owner_organization_id for a in late})
    due = list(
        await awaiting_report(visible(viewer, ActionPlan).filter(theirs)).order_by(
            "period_end", "id"
        )
    )
    return admin.render(
        "admin/monitoring.html",
        {
            "section": "bodies",
            "body": body,
            "indicators": shown,
            "assessed": assessed,
            "sparklines": trends,
            "by_status": by_status,
            "plans": sorted(plans, key=lambda p: (completion[p.id], p.period_end, p.id)),
            "plan_refs": {p.id: p for p in plans},
            "completion": completion,
            "late": late,
            "people": {p.id: p for p in people},
            "organizations": {o.id: o for o in organizations},
            "due": due,
            "report_due_days": REPORT_DUE_DAYS,
            "today": today(),
        },
    )
