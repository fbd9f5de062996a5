"""The decisions register: filter, search, record, supersede, revoke, clear for release."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from governance import decisions, validation
from governance.enums import Classification, DecisionStatus, ReleaseStatus
from governance.guards import found
from governance.lifecycles import DECISION, RELEASE
from governance.models import Agreement, Body, Decision, Motion, Recommendation
from permissions import visible
from permissions.viewer import today
from schema.keyset import Order
from server.admin import documents, forms
from server.admin.dashboard import bodies_by_id
from server.admin.pages import Admin
from server.admin.paging import page_of
from server.i18n import gettext as _

PAGE = "admin/decision.html"


async def _recordable(admin: Admin, bodies: dict[int, Body]) -> list[Body]:
    committees = [b for b in bodies.values() if not b.is_advisory]
    return sorted(await admin.allowed("record", "decision", on=committees), key=lambda b: b.name)


async def index(admin: Admin) -> Response:
    params = admin.request.query_params
    bodies = await bodies_by_id()
    queryset = visible(admin.viewer, Decision)
    committee = validation.row_id(params.get("committee"))
    if committee is not None:
        queryset = queryset.filter(committee_id=committee)
    status = params.get("status", "")
    if status in DecisionStatus.__members__:
        queryset = queryset.filter(status=status)
    release = params.get("release", "")
    if release in ReleaseStatus.__members__:
        queryset = queryset.filter(release=release)
    queryset, search = await admin.searched(queryset)
    order = Order("decided_on", descending=True)
    page = await page_of(admin, queryset, order, route="decisions")
    return admin.render(
        "admin/decisions.html",
        {
            "section": "decisions",
            "decisions": page.rows,
            "page": page,
            "bodies": bodies,
            "committees": sorted(
                (b for b in bodies.values() if not b.is_advisory), key=lambda b: b.name
            ),
            "recordable": await _recordable(admin, bodies),
            "filters": {"committee": committee, "status": status, "release": release, "q": search},
            "today": today(),
        },
        fragment="results",
    )


async def record(admin: Admin) -> Response:
    """A decision taken without a ballot: by consensus or round-robin resolution."""
    form = await admin.form()
    decision = await decisions.record_decision(
        admin.viewer,
        committee_id=forms.number(form, "committee_id", _("the committee")),
        title=forms.text(form, "title"),
        text=forms.text(form, "text"),
        decided_on=forms.day(form, "decided_on", _("the day decided")),
        classification=forms.choice(form, "classification", Classification),
    )
    return admin.go(admin.url("decision", decision_id=decision.id))


async def decision_context(admin: Admin, decision_id: int) -> dict[str, Any]:
    viewer = admin.viewer
    decision = await found(visible(viewer, Decision), decision_id, "decision")
    decisions_seen = visible(viewer, Decision)
    committee = await Body.get(id=decision.committee_id)
    moves = DECISION.actions(decision) | RELEASE.actions(decision)
    may = await admin.may(decision, "revoke", "release")
    return {
        "section": "decisions",
        "decision": decision,
        "committee": committee,
        # Linked decisions only where the viewer may see them.
        "supersedes": await decisions_seen.filter(id=decision.supersedes_id).first()
        if decision.supersedes_id
        else None,
        "superseded_by": await decisions_seen.filter(supersedes_id=decision.id).first(),
        "motion": await visible(viewer, Motion).filter(id=decision.motion_id).first()
        if decision.motion_id
        else None,
        "agreement": await visible(viewer, Agreement).filter(id=decision.agreement_id).first()
        if decision.agreement_id
        else None,
        "recommendation": await visible(viewer, Recommendation)
        .filter(id=decision.recommendation_id)
        .first()
        if decision.recommendation_id
        else None,
        "documents_card": await documents.card(admin, "decision", decision),
        "today": today(),
        "may": {
            "revoke": "revoke" in moves and may["revoke"],
            "clear_release": "clear" in moves and may["release"],
            "withhold_release": "withhold" in moves and may["release"],
            # A new decision of the committee, as record_decision asks it.
            "supersede": "supersede" in moves
            and await admin.can("record", "decision", on=committee),
            "name": decision.classification == Classification.RESTRICTED
            and await admin.can("manage", "access_grant", on=decision),
        },
    }


async def show(admin: Admin) -> Response:
    return admin.render(PAGE, await decision_context(admin, admin.path_id("decision_id")))


async def supersede(admin: Admin) -> Response:
    """A change to a decision is a new decision that supersedes it: the text never changes."""
    old = await found(visible(admin.viewer, Decision), admin.path_id("decision_id"), "decision")
    form = await admin.form()
    decision = await decisions.record_decision(
        admin.viewer,
        committee_id=old.committee_id,
        title=forms.text(form, "title"),
        text=forms.text(form, "text"),
        decided_on=forms.day(form, "decided_on", _("the day decided")),
        classification=forms.choice(form, "classification", Classification),
        supersedes_id=old.id,
    )
    return admin.go(admin.url("decision", decision_id=decision.id))


async def revoke(admin: Admin) -> Response:
    decision_id = admin.path_id("decision_id")
    form = await admin.form()
    decision = await decisions.revoke_decision(
        admin.viewer, decision_id=decision_id, reason=forms.text(form, "reason")
    )
    return await admin.done(
        PAGE,
        lambda: decision_context(admin, decision_id),
        fragment="content",
        redirect=admin.url("decision", decision_id=decision_id),
        message=_("%(reference)s is revoked.") % {"reference": decision.reference},
    )


async def set_release(admin: Admin) -> Response:
    decision_id = admin.path_id("decision_id")
    form = await admin.form()
    decision = await decisions.set_release(
        admin.viewer,
        decision_id=decision_id,
        release=forms.choice(form, "release", ReleaseStatus, _("the release")),
    )
    cleared = decision.release == ReleaseStatus.CLEARED_FOR_RELEASE
    return await admin.done(
        PAGE,
        lambda: decision_context(admin, decision_id),
        fragment="content",
        redirect=admin.url("decision", decision_id=decision_id),
        message=(
            _("%(reference)s is cleared for release: it is now public.")
            if cleared
            else _("%(reference)s is withheld from release.")
        )
        % {"reference": decision.reference},
    )
