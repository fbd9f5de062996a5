"""Partnership agreements: parties, focus areas, commitments, and the status lifecycle."""

from __future__ import annotations

import re
from typing import Any

from starlette.responses import Response

from governance import agreements, languages
from governance.enums import (
    AgreementStatus,
    Classification,
    CommitmentStatus,
    PartyRole,
)
from governance.errors import BadInput
from governance.guards import found
from governance.lifecycles import AGREEMENT
from governance.models import (
    Agreement,
    AgreementParty,
    Body,
    Commitment,
    Decision,
    FocusArea,
    Organization,
)
from permissions import visible
from schema.keyset import Order
from server.admin import documents, forms
from server.admin.dashboard import bodies_by_id
from server.admin.pages import Admin
from server.admin.paging import page_of
from server.i18n import gettext as _
from server.labels import label

PAGE = "admin/agreement.html"
PARTY_ROWS = 4  # party lines on the creation form


async def _creatable(admin: Admin, bodies: dict[int, Body]) -> list[Body]:
    committees = [b for b in bodies.values() if not b.is_advisory]
    return sorted(await admin.allowed("manage", "agreement", on=committees), key=lambda b: b.name)


async def index(admin: Admin) -> Response:
    params = admin.request.query_params
    bodies = await bodies_by_id()
    queryset = visible(admin.viewer, Agreement)
    status = params.get("status", "")
    if status in AgreementStatus.__members__:
        queryset = queryset.filter(status=status)
    queryset, search = await admin.searched(queryset)
    page = await page_of(admin, queryset, Order("reference"), route="agreements")
    return admin.render(
        "admin/agreements.html",
        {
            "section": "agreements",
            "agreements": page.rows,
            "page": page,
            "bodies": bodies,
            "creatable": await _creatable(admin, bodies),
            # A platform admin may also create one that no committee governs.
            "may_manage_any": await admin.can("manage", "agreement"),
            "organizations": await Organization.all().order_by("name"),
            "focus_areas": await FocusArea.all().order_by("name"),
            "party_rows": range(PARTY_ROWS),
            "filters": {"status": status, "q": search},
        },
        fragment="results",
    )


async def create(admin: Admin) -> Response:
    form = await admin.form()
    parties = []
    for row in range(PARTY_ROWS):
        organization = forms.optional_number(form, f"party_{row}", _("a party"))
        if organization is not None:
            role = forms.choice(form, f"role_{row}", PartyRole, _("each party's role"))
            parties.append((organization, role))
    governing = forms.optional_number(form, "governing_body_id", _("the governing committee"))
    agreement = await agreements.create_agreement(
        admin.viewer,
        reference=forms.text(form, "reference"),
        title=forms.text(form, "title"),
        summary=forms.optional(form, "summary"),
        classification=forms.choice(form, "classification", Classification),
        governing_body_id=governing,
        focus_area_ids=forms.numbers(form, "focus_area_ids"),
        parties=parties,
        effective_from=forms.optional_day(form, "effective_from", _("the start")),
        expires_on=forms.optional_day(form, "expires_on", _("the end")),
    )
    return admin.go(admin.url("agreement", agreement_id=agreement.id))


async def agreement_context(admin: Admin, agreement_id: int) -> dict[str, Any]:
    viewer = admin.viewer
    agreement = await found(visible(viewer, Agreement), agreement_id, "agreement")
    parties = await AgreementParty.filter(agreement_id=agreement.id).order_by("id")
    commitments = await visible(viewer, Commitment).filter(agreement_id=agreement.id).order_by("id")
    named = {p.organization_id for p in parties} | {c.party_id for c in commitments}
    organizations = {o.id: o for o in await Organization.filter(id__in=named)}
    reportable = {c.id for c in await admin.allowed("update_status", commitments)}
    manage = await admin.can("manage", agreement)
    return {
        "section": "agreements",
        "agreement": agreement,
        "governing_body": await Body.get_or_none(id=agreement.governing_body_id)
        if agreement.governing_body_id
        else None,
        "parties": parties,
        "organizations": organizations,
        "party_choices": [
            (p.organization_id, organizations[p.organization_id].name) for p in parties
        ],
        "documents_card": await documents.card(admin, "agreement", agreement),
        "focus_areas": await agreement.focus_areas.all().order_by("name"),
        "commitments": commitments,
        "decisions": await visible(viewer, Decision)
        .filter(agreement_id=agreement.id)
        .order_by("decided_on"),
        "moves": sorted(AGREEMENT.moves(agreement), key=lambda move: str(move.to))
        if manage
        else [],
        "may": {
            "manage": manage,
            # Per commitment, as update_commitment_status asks it.
            "report": {c.id: c.id in reportable for c in commitments},
            "name": agreement.classification == Classification.RESTRICTED
            and await admin.can("manage", "access_grant", on=agreement),
        },
    }


async def show(admin: Admin) -> Response:
    return admin.render(PAGE, await agreement_context(admin, admin.path_id("agreement_id")))


async def transition(admin: Admin) -> Response:
    agreement_id = admin.path_id("agreement_id")
    form = await admin.form()
    agreement = await agreements.transition_agreement(
        admin.viewer,
        agreement_id=agreement_id,
        status=forms.choice(form, "status", AgreementStatus),
    )
    return await admin.done(
        PAGE,
        lambda: agreement_context(admin, agreement_id),
        fragment="content",
        redirect=admin.url("agreement", agreement_id=agreement_id),
        message=_("%(reference)s is now %(status)s.")
        % {"reference": agreement.reference, "status": label(agreement.status).lower()},
    )


# English grouping, 1,250,000.50: the only commas an English form accepts. A lone decimal
# comma (1250,50) is refused there rather than read as 125050; a French form reads the comma
# as the decimal point (1 250,50) and has no grouping comma to confuse it with.
GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
DECIMAL_COMMA = re.compile(r"-?[0-9]+(?:,[0-9]+)?")


def _amount(form: Any) -> str | None:
    """The amount as typed, in major units (rand, francs), spaces (any kind) and grouping
    removed, as the reader's language writes it; governance.agreements reads it strictly,
    in the currency's minor digits."""
    value = "".join(forms.text(form, "amount").split())
    if "," in value:
        if languages.current() == "fr":
            if not DECIMAL_COMMA.fullmatch(value):
                raise BadInput("Enter the amount with a comma for decimals, such as 1 250,50.")
            return value.replace(",", ".")
        if not GROUPED.fullmatch(value):
            raise BadInput("Enter the amount with a point for decimals, such as 1250.50.")
        value = value.replace(",", "")
    return value or None


async def add_commitment(admin: Admin) -> Response:
    agreement_id = admin.path_id("agreement_id")
    form = await admin.form()
    await agreements.add_commitment(
        admin.viewer,
        agreement_id=agreement_id,
        party_id=forms.number(form, "party_id", _("the committed party")),
        description=forms.text(form, "description"),
        due_date=forms.optional_day(form, "due_date", _("the due date")),
        amount_minor=None,
        amount=_amount(form),
        currency=forms.optional(form, "currency"),
    )
    return await admin.done(
        PAGE,
        lambda: agreement_context(admin, agreement_id),
        fragment="content",
        redirect=admin.url("agreement", agreement_id=agreement_id),
        message=_("Commitment added."),
    )


async def commitment_status(admin: Admin) -> Response:
    form = await admin.form()
    commitment = await agreements.update_commitment_status(
        admin.viewer,
        commitment_id=admin.path_id("commitment_id"),
        status=forms.choice(form, "status", CommitmentStatus),
    )
    return await admin.done(
        PAGE,
        lambda: agreement_context(admin, commitment.agreement_id),
        fragment="content",
        redirect=admin.url("agreement", agreement_id=commitment.agreement_id),
        message=_("The commitment is now %(status)s.")
        % {"status": label(commitment.status).lower()},
    )


async def commitment_page(admin: Admin) -> Response:
    """Where a refused commitment report lands: its agreement's page."""
    commitment = await found(
        visible(admin.viewer, Commitment), admin.path_id("commitment_id"), "commitment"
    )
    return admin.render(PAGE, await agreement_context(admin, commitment.agreement_id))
