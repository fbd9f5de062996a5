"""The people named on a RESTRICTED item: listed, added and removed by the owning body's chair."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.responses import Response

from governance import access
from governance.errors import NotFound
from governance.models import AccessGrant, Person
from permissions import kinds
from permissions.kind import Kind
from server.admin import forms
from server.admin.pages import Admin
from server.i18n import gettext as _

PAGE = "admin/grants.html"


def _grantable(kind: str) -> Kind[Any]:
    declared = kinds.BY_NAME.get(kind)
    if declared is None or not declared.grantable:
        raise NotFound("Nothing of that kind has named people.")
    return declared


def item_page(admin: Admin, kind: Kind[Any], item_id: int) -> str | None:
    """Where the admin shows a row of this kind, as its declaration says (or nowhere)."""
    page = kind.page
    if page is None:
        return None
    params = {page.param: item_id} if page.param else {}
    url = admin.url(page.route, **params)
    return f"{url}#{page.anchor}-{item_id}" if page.anchor else url


async def grants_context(admin: Admin, kind: str, item_id: int) -> dict[str, Any]:
    declared = _grantable(kind)
    # The same lookup grant_access and revoke_access make: seen (else 404), the
    # owning body's chair or an admin (else 403), and RESTRICTED.
    item = await access.grantable_item(admin.viewer, kind, item_id)
    named = await AccessGrant.filter(subject_type=kind, subject_id=item_id).order_by("id")
    people = {p.id: p for p in await Person.all().order_by("name")}
    return {
        "kind": kind,
        "kind_label": declared.label,
        "item": item,
        "item_name": " ".join(
            str(part)
            for part in (getattr(item, "reference", None), getattr(item, "title", None))
            if part
        ),
        "back": item_page(admin, declared, item_id),
        "named": [people[g.person_id] for g in named if g.person_id in people],
        "candidates": [p for p in people.values() if p.id not in {g.person_id for g in named}],
    }


async def show(admin: Admin) -> Response:
    kind, item_id = admin.request.path_params["kind"], admin.path_id("item_id")
    return admin.render(PAGE, await grants_context(admin, kind, item_id))


async def _named(admin: Admin, change: Callable[..., Awaitable[object]], message: str) -> Response:
    """Name a person on the item, or stop naming them: the same form, either service."""
    kind, item_id = admin.request.path_params["kind"], admin.path_id("item_id")
    _grantable(kind)
    form = await admin.form()
    person_id = forms.number(form, "person_id", _("a person"))
    await change(admin.viewer, subject_type=kind, subject_id=item_id, person_id=person_id)
    return await admin.done(
        PAGE,
        lambda: grants_context(admin, kind, item_id),
        fragment="content",
        redirect=admin.url("grants", kind=kind, item_id=item_id),
        message=message,
    )


async def grant(admin: Admin) -> Response:
    return await _named(admin, access.grant_access, _("Named on this item."))


async def revoke(admin: Admin) -> Response:
    return await _named(admin, access.revoke_access, _("No longer named on this item."))
