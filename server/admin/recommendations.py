"""Recommendations: the committee's inbox and response form; the board's drafts and submissions."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from governance import recommendations
from governance.enums import BodyKind, Classification, RecommendationStatus
from governance.guards import found
from governance.lifecycles import RECOMMENDATION
from governance.models import Body, Decision, Person, Recommendation
from permissions import visible
from schema.keyset import Order
from server.admin import documents, forms
from server.admin.dashboard import AWAITING_RESPONSE, bodies_by_id
from server.admin.pages import Admin
from server.admin.paging import page_of
from server.i18n import gettext as _
from server.labels import label

PAGE = "admin/recommendation.html"


async def index(admin: Admin) -> Response:
    viewer = admin.viewer
    bodies = await bodies_by_id()
    mine = sorted(viewer.relations_by_body)
    seen = visible(viewer, Recommendation)
    boards = [b for b in bodies.values() if b.is_advisory]
    draftable = await admin.allowed("draft", "recommendation", on=boards)
    page = await page_of(admin, seen, Order("created_at", descending=True), route="recommendations")
    return admin.render(
        "admin/recommendations.html",
        {
            "section": "recommendations",
            "bodies": bodies,
            "inbox": await seen.filter(
                addressed_to_id__in=mine, status__in=AWAITING_RESPONSE
            ).order_by("submitted_at"),
            "from_my_boards": await seen.filter(board_id__in=mine).order_by("-created_at"),
            "all": page.rows,
            "page": page,
            "draftable": sorted(draftable, key=lambda b: b.name),
            "committees": sorted(
                (b for b in bodies.values() if not b.is_advisory), key=lambda b: b.name
            ),
        },
    )


async def draft(admin: Admin) -> Response:
    form = await admin.form()
    recommendation = await recommendations.draft_recommendation(
        admin.viewer,
        board_id=forms.number(form, "board_id", _("the advisory board")),
        addressed_to_id=forms.number(form, "addressed_to_id", _("the committee addressed")),
        title=forms.text(form, "title"),
        text=forms.text(form, "text"),
        rationale=forms.optional(form, "rationale"),
        classification=forms.choice(form, "classification", Classification),
    )
    return admin.go(admin.url("recommendation", recommendation_id=recommendation.id))


async def recommendation_context(admin: Admin, recommendation_id: int) -> dict[str, Any]:
    viewer = admin.viewer
    rec = await found(visible(viewer, Recommendation), recommendation_id, "recommendation")
    may = await admin.may(rec, "edit", "submit", "withdraw", "respond")
    moves = RECOMMENDATION.moves(rec)
    answers = (
        sorted(m.to for m in moves if m.action == "respond" and m.to) if may["respond"] else []
    )
    actions = RECOMMENDATION.actions(rec)
    editable = "edit" in actions and may["edit"]
    return {
        "section": "recommendations",
        "rec": rec,
        "board": await Body.get(id=rec.board_id),
        "committee": await Body.get(id=rec.addressed_to_id),
        "responder": await Person.get_or_none(id=rec.responded_by_id)
        if rec.responded_by_id
        else None,
        "response_decision": await visible(viewer, Decision)
        .filter(id=rec.response_decision_id)
        .first()
        if rec.response_decision_id
        else None,
        "drafter": await Person.get_or_none(id=rec.drafted_by_id) if rec.drafted_by_id else None,
        # The committees a draft may be addressed to, for its edit form.
        "committees": await Body.exclude(kind=BodyKind.ADVISORY_BOARD).order_by("name")
        if editable
        else [],
        "answers": answers,
        "documents_card": await documents.card(admin, "recommendation", rec),
        # Decisions the response may cite: the addressed committee's, that the viewer sees.
        "citable": await visible(viewer, Decision)
        .filter(committee_id=rec.addressed_to_id)
        .order_by("-decided_on")
        .limit(100)
        if answers
        else [],
        "may": {
            "edit": editable,
            "submit": "submit" in actions and may["submit"],
            "withdraw": "withdraw" in actions and may["withdraw"],
            "name": rec.classification == Classification.RESTRICTED
            and await admin.can("manage", "access_grant", on=rec),
        },
    }


async def show(admin: Admin) -> Response:
    context = await recommendation_context(admin, admin.path_id("recommendation_id"))
    return admin.render(PAGE, context)


async def _changed(admin: Admin, recommendation_id: int, message: str) -> Response:
    return await admin.done(
        PAGE,
        lambda: recommendation_context(admin, recommendation_id),
        fragment="content",
        redirect=admin.url("recommendation", recommendation_id=recommendation_id),
        message=message,
    )


async def edit(admin: Admin) -> Response:
    recommendation_id = admin.path_id("recommendation_id")
    form = await admin.form()
    rec = await recommendations.edit_recommendation(
        admin.viewer,
        recommendation_id=recommendation_id,
        title=forms.text(form, "title"),
        text=forms.text(form, "text"),
        rationale=forms.optional(form, "rationale"),
        addressed_to_id=forms.number(form, "addressed_to_id", _("the committee addressed")),
    )
    return await _changed(
        admin,
        recommendation_id,
        _("The draft %(reference)s is saved.") % {"reference": rec.reference},
    )


async def submit(admin: Admin) -> Response:
    recommendation_id = admin.path_id("recommendation_id")
    rec = await recommendations.submit_recommendation(
        admin.viewer, recommendation_id=recommendation_id
    )
    return await _changed(
        admin, recommendation_id, _("%(reference)s is submitted.") % {"reference": rec.reference}
    )


async def withdraw(admin: Admin) -> Response:
    recommendation_id = admin.path_id("recommendation_id")
    rec = await recommendations.withdraw_recommendation(
        admin.viewer, recommendation_id=recommendation_id
    )
    return await _changed(
        admin, recommendation_id, _("%(reference)s is withdrawn.") % {"reference": rec.reference}
    )


async def respond(admin: Admin) -> Response:
    recommendation_id = admin.path_id("recommendation_id")
    form = await admin.form()
    rec = await recommendations.respond_to_recommendation(
        admin.viewer,
        recommendation_id=recommendation_id,
        status=forms.choice(form, "status", RecommendationStatus, _("the response")),
        text=forms.text(form, "text"),
        decision_id=forms.optional_number(form, "decision_id", _("a decision")),
    )
    message = _("Responded: %(reference)s is now %(status)s.") % {
        "reference": rec.reference,
        "status": label(rec.status).lower(),
    }
    return await _changed(admin, recommendation_id, message)
