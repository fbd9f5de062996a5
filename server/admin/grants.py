"""The people named on a RESTRICTED item: listed, added and removed by the owning body's chair."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from governance import access
from governance.errors import NotFound
from governance.models import AccessGrant, Person
from server.admin import forms
from server.admin.pages import Admin

PAGE = "admin/grants.html"
# Where each kind of item lives in the admin, to link back to it.
ITEM_PAGES = {
    "meeting": "/admin/meetings/{}",
    "motion": "/admin/motions/{}",
    "decision": "/admin/decisions/{}",
    "agreement": "/admin/agreements/{}",
    "recommendation": "/admin/recommendations/{}",
    "action_item": "/admin/action-items#item-{}",
}


def _url(kind: str, item_id: int) -> str:
    return f"/admin/grants/{kind}/{item_id}"


async def grants_context(admin: Admin, kind: str, item_id: int) -> dict[str, Any]:
    if kind not in access.GRANTABLE:
        raise NotFound("Nothing of that kind has named people.")
    # The same lookup grant_access and revoke_access make: seen (else 404), the
    # owning body's chair or an admin (else 403), and RESTRICTED.
    item = await access.grantable_item(admin.viewer, kind, item_id)
    named = await AccessGrant.filter(subject_type=kind, subject_id=item_id).order_by("id")
    people = {p.id: p for p in await Person.all().order_by("name")}
    back = ITEM_PAGES.get(kind)
    return {
        "kind": kind,
        "kind_label": kind.replace("_", " "),
        "item": item,
        "item_name": " ".join(
            str(part)
            for part in (getattr(item, "reference", None), getattr(item, "title", None))
            if part
        ),
        "back": back.format(item_id) if back else None,
        "named": [people[g.person_id] for g in named if g.person_id in people],
        "candidates": [p for p in people.values() if p.id not in {g.person_id for g in named}],
    }


async def show(admin: Admin) -> Response:
    kind, item_id = admin.request.path_params["kind"], admin.path_id("item_id")
    return admin.render(PAGE, await grants_context(admin, kind, item_id))


async def grant(admin: Admin) -> Response:
    kind, item_id = admin.request.path_params["kind"], admin.path_id("item_id")
    if kind not in access.GRANTABLE:
        raise NotFound("Nothing of that kind has named people.")
    form = await admin.form()
    person_id = forms.number(form, "person_id", "a person")
    await access.grant_access(
        admin.viewer, subject_type=kind, subject_id=item_id, person_id=person_id
    )
    return await admin.done(
        PAGE,
        lambda: grants_context(admin, kind, item_id),
        fragment="content",
        redirect=_url(kind, item_id),
        message="Named on this item.",
    )


async def revoke(admin: Admin) -> Response:
    kind, item_id = admin.request.path_params["kind"], admin.path_id("item_id")
    if kind not in access.GRANTABLE:
        raise NotFound("Nothing of that kind has named people.")
    form = await admin.form()
    person_id = forms.number(form, "person_id", "a person")
    await access.revoke_access(
        admin.viewer, subject_type=kind, subject_id=item_id, person_id=person_id
    )
    return await admin.done(
        PAGE,
        lambda: grants_context(admin, kind, item_id),
        fragment="content",
        redirect=_url(kind, item_id),
        message="No longer named on this item.",
    )
