"""Organizations, bodies and memberships: public records, kept by the platform admin."""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.responses import Response

from governance import administration, validation
from governance.enums import BodyKind, MemberRole, OrganizationKind
from governance.errors import NotFound
from governance.models import Body, Membership, Organization, Person
from permissions.viewer import today
from server.admin import forms
from server.admin.pages import Admin
from server.i18n import gettext as _

PAGE = "admin/body.html"
ROLE_ORDER = list(MemberRole)


async def _organizations_context(admin: Admin) -> dict[str, Any]:
    return {
        "section": "bodies",
        "organizations": await Organization.all().order_by("name"),
        "may_create": await admin.can("create", "organization"),
    }


async def organizations(admin: Admin) -> Response:
    return admin.render("admin/organizations.html", await _organizations_context(admin))


async def create_organization(admin: Admin) -> Response:
    form = await admin.form()
    organization = await administration.create_organization(
        admin.viewer,
        name=forms.text(form, "name"),
        kind=forms.choice(form, "kind", OrganizationKind, _("the kind of organization")),
    )
    return await admin.done(
        "admin/organizations.html",
        lambda: _organizations_context(admin),
        fragment="content",
        redirect=admin.url("organizations"),
        message=_("Added %(name)s.") % {"name": organization.name},
    )


async def index(admin: Admin) -> Response:
    may_create = await admin.can("create", "body")
    return admin.render(
        "admin/bodies.html",
        {
            "section": "bodies",
            "bodies": await Body.all().order_by("name"),
            "may_create": may_create,
            "time_zones": validation.time_zones() if may_create else (),
        },
    )


async def create(admin: Admin) -> Response:
    form = await admin.form()
    body = await administration.create_body(
        admin.viewer,
        name=forms.text(form, "name"),
        slug=forms.text(form, "slug"),
        kind=forms.choice(form, "kind", BodyKind, _("the kind of body")),
        quorum=forms.count(form, "quorum", _("the quorum")),
        mandate=forms.optional(form, "mandate"),
        prefix=forms.optional(form, "prefix"),
        time_zone=forms.optional(form, "time_zone") or "UTC",
    )
    return admin.go(admin.url("body", body_id=body.id))


async def body_context(admin: Admin, body_id: int) -> dict[str, Any]:
    body = await Body.get_or_none(id=body_id)
    if body is None:
        raise NotFound("No body with that id.")
    memberships = await Membership.filter(body_id=body.id)
    people = {p.id: p for p in await Person.filter(id__in=[m.person_id for m in memberships])}
    day = today()
    current = [m for m in memberships if m.active_on(day) or m.start_date > day]
    past = [m for m in memberships if m not in current]
    manage = await admin.can("manage", "membership")
    update = await admin.can("update", "body")
    return {
        "section": "bodies",
        "body": body,
        "current": sorted(
            current, key=lambda m: (ROLE_ORDER.index(m.role), people[m.person_id].name)
        ),
        "past": sorted(past, key=lambda m: m.end_date or date.min, reverse=True),
        "people": people,
        # Offered as the form types, so a body's constituencies keep one spelling.
        "constituencies": sorted({m.constituency for m in memberships if m.constituency}),
        "organizations": {o.id: o for o in await Organization.all().order_by("name")},
        "everyone": await Person.all().order_by("name") if manage else [],
        "today": day,
        "time_zones": validation.time_zones() if update else (),
        "may": {"manage": manage, "edit": update},
    }


async def show(admin: Admin) -> Response:
    return admin.render(PAGE, await body_context(admin, admin.path_id("body_id")))


async def update(admin: Admin) -> Response:
    body_id = admin.path_id("body_id")
    form = await admin.form()
    body = await administration.update_body(
        admin.viewer,
        body_id=body_id,
        name=forms.text(form, "name"),
        mandate=forms.text(form, "mandate"),
        quorum=forms.count(form, "quorum", _("the quorum")),
        time_zone=forms.text(form, "time_zone"),
    )
    return await admin.done(
        PAGE,
        lambda: body_context(admin, body_id),
        fragment="content",
        redirect=admin.url("body", body_id=body_id),
        message=_("%(name)s is saved.") % {"name": body.name},
    )


async def add_member(admin: Admin) -> Response:
    body_id = admin.path_id("body_id")
    form = await admin.form()
    membership = await administration.add_member(
        admin.viewer,
        body_id=body_id,
        person_id=forms.number(form, "person_id", _("a person")),
        role=forms.choice(form, "role", MemberRole, _("a role")),
        organization_id=forms.optional_number(form, "organization_id", _("an organization")),
        voting_rights=forms.checked(form, "voting_rights"),
        start_date=forms.day(form, "start_date", _("the start date")),
        constituency=forms.optional(form, "constituency"),
    )
    person = await Person.get(id=membership.person_id)
    return await admin.done(
        PAGE,
        lambda: body_context(admin, body_id),
        fragment="content",
        redirect=admin.url("body", body_id=body_id),
        message=_("%(name)s joined.") % {"name": person.name},
    )


async def end_member(admin: Admin) -> Response:
    body_id = admin.path_id("body_id")
    form = await admin.form()
    await administration.end_membership(
        admin.viewer,
        body_id=body_id,
        person_id=forms.number(form, "person_id", _("a person")),
        end_date=forms.day(form, "end_date", _("the end date")),
    )
    return await admin.done(
        PAGE,
        lambda: body_context(admin, body_id),
        fragment="content",
        redirect=admin.url("body", body_id=body_id),
        message=_("The membership ends on that date."),
    )
