"""Recommendations: drafted by an advisory board, answered by the committee addressed."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from governance import audit, clock, notifications, tell, validation
from governance.enums import Classification, RecommendationStatus
from governance.errors import N_, BadInput, NotFound, Phrase
from governance.guards import described, found, name_creator, signed_in
from governance.lifecycles import RECOMMENDATION
from governance.models import Body, Decision, Recommendation
from governance.references import recommendation_reference
from governance.webhooks import WebhookEvent, emit
from permissions import Viewer, require, visible


async def draft_recommendation(
    viewer: Viewer,
    *,
    board_id: int,
    addressed_to_id: int,
    title: str,
    text: str,
    rationale: str | None,
    classification: Classification,
) -> Recommendation:
    actor = signed_in(viewer)
    title = validation.text(title, "title", validation.TITLE)
    text = validation.text(text, "text", validation.LONG_TEXT, multiline=True)
    rationale = validation.optional_text(
        rationale, "rationale", validation.LONG_TEXT, multiline=True
    )
    board = await Body.get_or_none(id=board_id)
    addressed_to = await Body.get_or_none(id=addressed_to_id)
    if board is None:
        raise NotFound("No advisory board with that id.")
    if addressed_to is None:
        raise NotFound("No committee with that id.")
    if not board.is_advisory:
        raise BadInput("%(body)s is not an advisory board.", body=board.name)
    if addressed_to.is_advisory:
        raise BadInput("Recommendations are addressed to a committee, not another advisory board.")
    await require(
        viewer,
        "draft",
        "recommendation",
        on=board,
        message=Phrase("Only members of %(body)s draft its recommendations.", body=board.name),
    )
    async with in_transaction():
        drafted = clock.now()
        recommendation = await Recommendation.create(
            reference=await recommendation_reference(board.id, board.prefix, drafted.year),
            board_id=board.id,
            addressed_to_id=addressed_to.id,
            drafted_by_id=actor,
            title=title,
            text=text,
            rationale=rationale,
            classification=classification,
            created_at=drafted,  # the board lists its recommendations by when they were drafted
        )
        await name_creator(viewer, "recommendation", recommendation.id, classification)
        await audit.record(
            actor,
            "recommendation.draft",
            f"Drafted {recommendation.reference}: "
            + described("recommendation", title, classification, board.name),
            "recommendation",
            recommendation.id,
        )
    return recommendation


async def edit_recommendation(
    viewer: Viewer,
    *,
    recommendation_id: int,
    title: str,
    text: str,
    rationale: str | None,
    addressed_to_id: int,
) -> Recommendation:
    """Correct a draft: by whoever drafted it, or the board's chair or secretary. Its
    classification stays as drafted (who is named on it follows from that)."""
    actor = signed_in(viewer)
    title = validation.text(title, "title", validation.TITLE)
    text = validation.text(text, "text", validation.LONG_TEXT, multiline=True)
    rationale = validation.optional_text(
        rationale, "rationale", validation.LONG_TEXT, multiline=True
    )
    rec = await found(visible(viewer, Recommendation), recommendation_id, "recommendation")
    await require(
        viewer,
        "edit",
        rec,
        message=N_("Only whoever drafted it, or the board's chair or secretary, edits a draft."),
    )
    RECOMMENDATION.check(rec, "edit")
    addressed_to = await Body.get_or_none(id=addressed_to_id)
    if addressed_to is None:
        raise NotFound("No committee with that id.")
    if addressed_to.is_advisory:
        raise BadInput("Recommendations are addressed to a committee, not another advisory board.")
    async with in_transaction():
        await RECOMMENDATION.move(
            rec,
            "edit",
            title=title,
            text=text,
            rationale=rationale,
            addressed_to_id=addressed_to.id,
        )
        board = await Body.get(id=rec.board_id)
        await audit.record(
            actor,
            "recommendation.edit",
            f"Edited the draft {rec.reference}: "
            + described("recommendation", title, rec.classification, board.name),
            "recommendation",
            rec.id,
        )
    return await Recommendation.get(id=rec.id)


async def submit_recommendation(viewer: Viewer, *, recommendation_id: int) -> Recommendation:
    actor = signed_in(viewer)
    rec = await found(visible(viewer, Recommendation), recommendation_id, "recommendation")
    await require(
        viewer,
        "submit",
        rec,
        message=N_("Only the board's chair or secretary submits its recommendations."),
    )
    async with in_transaction():
        await RECOMMENDATION.move(rec, "submit", submitted_at=clock.now())
        await audit.record(
            actor, "recommendation.submit", f"Submitted {rec.reference}", "recommendation", rec.id
        )
        told = await tell.recommendation_submitted(rec)
    await notifications.announce(told)
    return await Recommendation.get(id=rec.id)


async def withdraw_recommendation(viewer: Viewer, *, recommendation_id: int) -> Recommendation:
    actor = signed_in(viewer)
    rec = await found(visible(viewer, Recommendation), recommendation_id, "recommendation")
    await require(
        viewer,
        "withdraw",
        rec,
        message=N_("Only the board's chair or secretary withdraws its recommendations."),
    )
    async with in_transaction():
        await RECOMMENDATION.move(rec, "withdraw")
        await audit.record(
            actor, "recommendation.withdraw", f"Withdrew {rec.reference}", "recommendation", rec.id
        )
    return await Recommendation.get(id=rec.id)


async def respond_to_recommendation(
    viewer: Viewer,
    *,
    recommendation_id: int,
    status: RecommendationStatus,
    text: str,
    decision_id: int | None,
) -> Recommendation:
    actor = signed_in(viewer)
    text = validation.text(text, "text", validation.LONG_TEXT, multiline=True)
    rec = await found(visible(viewer, Recommendation), recommendation_id, "recommendation")
    await require(
        viewer,
        "respond",
        rec,
        message=N_("Only the addressed committee's chair or secretary responds."),
    )
    RECOMMENDATION.check(rec, "respond", to=status)
    if decision_id is not None:
        decision = await found(visible(viewer, Decision), decision_id, "decision")
        if decision.committee_id != rec.addressed_to_id:
            raise BadInput("The decision must be one of the addressed committee's.")
    async with in_transaction():
        await RECOMMENDATION.move(
            rec,
            "respond",
            to=status,
            response_text=text,
            responded_at=clock.now(),
            responded_by_id=actor,
            # Implementing keeps the decision the committee responded with, unless a new one is named.
            response_decision_id=decision_id
            if decision_id is not None
            else rec.response_decision_id,
        )
        await audit.record(
            actor,
            "recommendation.respond",
            f"{rec.reference} is now {status.value}",
            "recommendation",
            rec.id,
        )
        await emit(WebhookEvent.RECOMMENDATION_ANSWERED, "recommendation", rec.id)
        told = await tell.recommendation_answered(rec)
    await notifications.announce(told)
    return await Recommendation.get(id=rec.id)
