"""Action items: what committees assigned, who owns them, and their progress."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from governance import action_items
from governance.enums import ActionStatus, Classification
from governance.lifecycles import ACTION_ITEM
from governance.models import ActionItem, Organization, Person
from permissions import holding, visible
from schema.keyset import Order
from server.admin import forms
from server.admin.dashboard import bodies_by_id
from server.admin.pages import Admin
from server.admin.paging import page_of
from server.i18n import gettext as _
from server.labels import label

PAGE = "admin/action_items.html"


async def items_context(admin: Admin) -> dict[str, Any]:
    viewer = admin.viewer
    params = admin.request.query_params
    bodies = await bodies_by_id()
    queryset = visible(viewer, ActionItem)
    mine = params.get("mine") == "1"
    if mine:
        queryset = queryset.filter(holding(viewer, "owner", ActionItem))
    if params.get("open", "1") == "1":
        queryset = queryset.exclude(status__in=action_items.FINISHED)
    # Soonest due first; items without a due date after all the dated ones.
    page = await page_of(admin, queryset, Order("due_date"), route="action_items", nulls_last=True)
    items = page.rows
    people = {p.id: p for p in await Person.filter(id__in={i.owner_person_id for i in items})}
    organizations = {o.id: o for o in await Organization.all().order_by("name")}
    # Items the lifecycle still lets move, asked as update_action_item_status asks it.
    unfinished = [item for item in items if "report" in ACTION_ITEM.actions(item)]
    reportable = await admin.allowed("update_status", unfinished)
    committees = await admin.allowed(
        "create", "action_item", on=[b for b in bodies.values() if not b.is_advisory]
    )
    return {
        "section": "action_items",
        "items": items,
        "page": page,
        "bodies": bodies,
        "people": people,
        "organizations": organizations,
        "reportable": {item.id for item in reportable},
        "overdue": {item.id for item in items if action_items.is_overdue(item)},
        "committees": sorted(committees, key=lambda b: b.name),
        "everyone": await Person.all().order_by("name") if committees else [],
        "filters": {"mine": mine, "open": params.get("open", "1") == "1"},
    }


async def index(admin: Admin) -> Response:
    return admin.render(PAGE, await items_context(admin))


async def create(admin: Admin) -> Response:
    form = await admin.form()
    item = await action_items.create_action_item(
        admin.viewer,
        committee_id=forms.number(form, "committee_id", _("the committee")),
        title=forms.text(form, "title"),
        owner_person_id=forms.optional_number(form, "owner_person_id", _("the owner")),
        owner_organization_id=forms.optional_number(form, "owner_organization_id", _("the owner")),
        due_date=forms.optional_day(form, "due_date", _("the due date")),
        decision_id=None,
        classification=forms.choice(form, "classification", Classification),
    )
    return await admin.done(
        PAGE,
        lambda: items_context(admin),
        fragment="content",
        redirect=admin.url("action_items") + f"#item-{item.id}",
        message=_("Action item assigned."),
    )


async def update_status(admin: Admin) -> Response:
    form = await admin.form()
    item = await action_items.update_action_item_status(
        admin.viewer,
        action_item_id=admin.path_id("item_id"),
        status=forms.choice(form, "status", ActionStatus),
    )
    return await admin.done(
        PAGE,
        lambda: items_context(admin),
        fragment="content",
        redirect=admin.url("action_items") + f"#item-{item.id}",
        message=_("“%(title)s” is now %(status)s.")
        % {"title": item.title, "status": label(item.status).lower()},
    )
