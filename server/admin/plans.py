"""Action plans: the list, a plan's page (its actions, completion, indicators, progress
reports), and what is done to one: drawn up, moved along its lifecycle, given actions,
reported on, rolled over into the next period."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from starlette.responses import Response
from tortoise.expressions import Q

from governance import action_items, action_plans, indicators, validation
from governance.enums import ActionPlanStatus, Classification
from governance.guards import found
from governance.lifecycles import ACTION_PLAN
from governance.models import (
    ActionItem,
    ActionPlan,
    Body,
    Indicator,
    Organization,
    Person,
    ProgressReport,
)
from permissions import visible
from permissions.viewer import today
from schema.keyset import Order
from server import i18n
from server.admin import documents, forms
from server.admin.dashboard import bodies_by_id
from server.admin.pages import Admin
from server.admin.paging import page_of
from server.i18n import gettext as _
from server.labels import label

PAGE = "admin/action_plan.html"
LIST = "admin/action_plans.html"


async def index(admin: Admin) -> Response:
    viewer = admin.viewer
    params = admin.request.query_params
    bodies = await bodies_by_id()
    queryset = visible(viewer, ActionPlan)
    committee = validation.row_id(params.get("committee"))
    if committee is not None:  # adopted or monitored by it
        queryset = queryset.filter(Q(body_id=committee) | Q(monitored_by_id=committee))
    status = params.get("status", "")
    if status in ActionPlanStatus.__members__:
        queryset = queryset.filter(status=status)
    page = await page_of(
        admin, queryset, Order("period_start", descending=True), route="action_plans"
    )
    committees = sorted((b for b in bodies.values() if not b.is_advisory), key=lambda b: b.name)
    creatable = sorted(
        await admin.allowed("create", "action_plan", on=committees), key=lambda b: b.name
    )
    return admin.render(
        LIST,
        {
            "section": "action_plans",
            "plans": page.rows,
            "page": page,
            "completion": await action_plans.completions(admin.viewer, [p.id for p in page.rows]),
            "bodies": bodies,
            "committees": committees,
            "creatable": creatable,
            "indicators": await visible(viewer, Indicator).order_by("code") if creatable else [],
            "filters": {"committee": committee, "status": status},
            "today": today(),
        },
    )


async def create(admin: Admin) -> Response:
    form = await admin.form()
    plan = await action_plans.create_action_plan(
        admin.viewer,
        body_id=forms.number(form, "body_id", _("the adopting committee")),
        title=forms.text(form, "title"),
        period_start=forms.day(form, "period_start", _("the period's first day")),
        period_end=forms.day(form, "period_end", _("the period's last day")),
        classification=forms.choice(form, "classification", Classification),
        monitored_by_id=forms.optional_number(
            form, "monitored_by_id", _("the monitoring committee")
        ),
        indicator_ids=forms.numbers(form, "indicator_ids"),
    )
    return admin.go(admin.url("action_plan", plan_id=plan.id))


async def plan_context(admin: Admin, plan_id: int) -> dict[str, Any]:
    viewer = admin.viewer
    plan = await found(visible(viewer, ActionPlan), plan_id, "action plan")
    body = await Body.get(id=plan.body_id)
    monitor = await Body.get(id=plan.monitored_by_id) if plan.monitored_by_id else None
    actions = list(
        await visible(viewer, ActionItem)
        .filter(plan_id=plan.id)
        .order_by("due_date", "id")  # undated last on PostgreSQL, first on SQLite
    )
    shown = list(await visible(viewer, Indicator).filter(action_plans__id=plan.id).order_by("code"))
    reports = list(
        await visible(viewer, ProgressReport).filter(plan_id=plan.id).order_by("-period_end", "-id")
    )
    people = await Person.filter(
        id__in={a.owner_person_id for a in actions} | {r.submitted_by_id for r in reports}
    )
    organizations = await Organization.filter(id__in={a.owner_organization_id for a in actions})
    may = await admin.may(plan, "transition", "roll_over", "report", "report_as_monitor")
    moves = ACTION_PLAN.actions(plan)
    seen = visible(viewer, ActionPlan)
    add_action = await admin.can("create", "action_item", on=body)
    return {
        "section": "action_plans",
        "plan": plan,
        "body": body,
        "monitor": monitor,
        "actions": actions,
        "overdue": {a.id for a in actions if action_items.is_overdue(a)},
        "completion": (await action_plans.completions(viewer, [plan.id]))[plan.id],
        "indicators": shown,
        "documents_card": await documents.card(admin, "action_plan", plan),
        "assessed": await indicators.assessments(shown),
        "reports": reports,
        "people": {p.id: p for p in people},
        "organizations": {o.id: o for o in organizations},
        "previous": await seen.filter(id=plan.previous_id).first() if plan.previous_id else None,
        "next": await seen.filter(previous_id=plan.id).first(),
        "transitions": [
            move.to
            for move in ACTION_PLAN.moves(plan)
            if move.action == "transition" and move.to is not None
        ]
        if may["transition"]
        else [],
        "may": {
            "roll_over": may["roll_over"] and "roll_over" in moves,
            "report": (may["report"] or may["report_as_monitor"]) and "report" in moves,
            "add_action": add_action,
            "name": plan.classification == Classification.RESTRICTED
            and await admin.can("manage", "access_grant", on=plan),
        },
        "everyone": await Person.all().order_by("name") if add_action else [],
        "all_organizations": await Organization.all().order_by("name") if add_action else [],
        "next_start": plan.period_end + timedelta(days=1),  # as roll_over_action_plan starts it
        "today": today(),
    }


async def show(admin: Admin) -> Response:
    return admin.render(PAGE, await plan_context(admin, admin.path_id("plan_id")))


async def _done(admin: Admin, plan_id: int, message: str, anchor: str = "") -> Response:
    return await admin.done(
        PAGE,
        lambda: plan_context(admin, plan_id),
        fragment="content",
        redirect=admin.url("action_plan", plan_id=plan_id) + anchor,
        message=message,
    )


async def transition(admin: Admin) -> Response:
    plan_id = admin.path_id("plan_id")
    form = await admin.form()
    plan = await action_plans.transition_action_plan(
        admin.viewer,
        plan_id=plan_id,
        status=forms.choice(form, "status", ActionPlanStatus, _("the status")),
    )
    words = label(plan.status).lower()
    message = _("%(reference)s is now %(status)s.") % {"reference": plan.reference, "status": words}
    return await _done(admin, plan_id, message)


async def roll_over(admin: Admin) -> Response:
    """Closes this plan and opens the next, where the page goes."""
    form = await admin.form()
    following = await action_plans.roll_over_action_plan(
        admin.viewer,
        plan_id=admin.path_id("plan_id"),
        period_end=forms.day(form, "period_end", _("the new plan's last day")),
    )
    return admin.go(admin.url("action_plan", plan_id=following.id))


async def report(admin: Admin) -> Response:
    plan_id = admin.path_id("plan_id")
    form = await admin.form()
    submitted = await action_plans.submit_progress_report(
        admin.viewer,
        plan_id=plan_id,
        period_end=forms.day(form, "period_end", _("the end of the period reported on")),
        summary=forms.text(form, "summary"),
        obstacles=forms.optional(form, "obstacles"),
    )
    return await _done(
        admin,
        plan_id,
        _("Progress to %(day)s reported.") % {"day": i18n.date_format(submitted.period_end)},
        f"#report-{submitted.id}",
    )


async def add_action(admin: Admin) -> Response:
    plan_id = admin.path_id("plan_id")
    plan = await found(visible(admin.viewer, ActionPlan), plan_id, "action plan")
    form = await admin.form()
    item = await action_items.create_action_item(
        admin.viewer,
        committee_id=plan.body_id,
        title=forms.text(form, "title"),
        owner_person_id=forms.optional_number(form, "owner_person_id", _("the owner")),
        owner_organization_id=forms.optional_number(form, "owner_organization_id", _("the owner")),
        due_date=forms.optional_day(form, "due_date", _("the due date")),
        decision_id=None,
        classification=forms.choice(form, "classification", Classification),
        plan_id=plan.id,
    )
    message = _("“%(title)s” added to the plan.") % {"title": item.title}
    return await _done(admin, plan_id, message, f"#item-{item.id}")
