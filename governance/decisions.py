"""The decisions register: recording, superseding, revoking, clearing for release."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from tortoise.transactions import in_transaction

from governance import audit, clock, validation
from governance.enums import Classification, ReleaseStatus
from governance.errors import N_, BadInput, NotFound, Phrase
from governance.guards import carry_names, described, found, name_creator, signed_in
from governance.lifecycles import DECISION, RELEASE
from governance.models import Agreement, Body, Decision, Recommendation
from governance.references import decision_reference
from governance.webhooks import WebhookEvent, emit
from permissions import Viewer, require, visible


async def committee(body_id: int) -> Body:
    body = await Body.get_or_none(id=body_id)
    if body is None:
        raise NotFound("No committee with that id.")
    if body.is_advisory:
        raise BadInput(
            "%(body)s is an advisory board: it recommends, it does not decide.", body=body.name
        )
    return body


async def register(
    viewer: Viewer,
    *,
    body: Body,
    title: str,
    text: str,
    decided_on: date,
    classification: Classification,
    motion_id: int | None = None,
    agreement_id: int | None = None,
    recommendation_id: int | None = None,
    supersedes: Decision | None = None,
    named_from: Sequence[tuple[str, int]] = (),
) -> Decision:
    """Write a decision with the next reference. Call inside the caller's transaction.

    A RESTRICTED decision names its recorder, and the people named on the items it came
    from (`named_from`: the motion, its agenda item, its meeting)."""
    if supersedes is not None:
        # The move first: it locks the old decision, so of two decisions superseding it at
        # once, one wins and the other finds it no longer in force.
        await DECISION.move(supersedes, "supersede")

    decision = await Decision.create(
        reference=await decision_reference(body.id, body.prefix, decided_on.year),
        committee_id=body.id,
        motion_id=motion_id,
        title=title,
        text=text,
        decided_on=decided_on,
        classification=classification,
        recorded_classification=classification,
        agreement_id=agreement_id,
        recommendation_id=recommendation_id,
        supersedes_id=supersedes.id if supersedes else None,
        created_at=clock.now(),
    )
    await name_creator(viewer, "decision", decision.id, classification)
    if classification == Classification.RESTRICTED and named_from:
        await carry_names(named_from, "decision", decision.id)
    await audit.record(
        viewer.person_id,
        "decision.record",
        f"Recorded {decision.reference}: "
        + described("decision", title, classification, body.name)
        # Not the old reference: who may see the new decision may not see the old one.
        + (", superseding an earlier decision" if supersedes else ""),
        "decision",
        decision.id,
    )
    await emit(WebhookEvent.DECISION_RECORDED, "decision", decision.id)
    return decision


async def record_decision(
    viewer: Viewer,
    *,
    committee_id: int,
    title: str,
    text: str,
    decided_on: date,
    classification: Classification,
    agreement_id: int | None = None,
    recommendation_id: int | None = None,
    supersedes_id: int | None = None,
) -> Decision:
    signed_in(viewer)
    title = validation.text(title, "title", validation.TITLE)
    text = validation.text(text, "text", validation.LONG_TEXT, multiline=True)
    body = await committee(committee_id)
    # Everything named must be visible first (NOT_FOUND), then the right to act (FORBIDDEN).
    await visible_links(
        viewer,
        agreement_id=agreement_id,
        recommendation_id=recommendation_id,
        supersedes_id=supersedes_id,
    )
    await require(
        viewer,
        "record",
        "decision",
        on=body,
        message=Phrase(
            "Only the chair or secretary of %(body)s records its decisions.", body=body.name
        ),
    )
    async with in_transaction():
        return await register(
            viewer,
            body=body,
            title=title,
            text=text,
            decided_on=decided_on,
            classification=classification,
            agreement_id=agreement_id,
            recommendation_id=recommendation_id,
            supersedes=await superseded(viewer, body, supersedes_id),
        )


async def visible_links(
    viewer: Viewer,
    *,
    agreement_id: int | None,
    recommendation_id: int | None,
    supersedes_id: int | None,
) -> None:
    """What a decision names must be visible to whoever records it: NOT_FOUND otherwise."""
    if agreement_id is not None:
        await found(visible(viewer, Agreement), agreement_id, "agreement")
    if recommendation_id is not None:
        await found(visible(viewer, Recommendation), recommendation_id, "recommendation")
    if supersedes_id is not None:
        await found(visible(viewer, Decision), supersedes_id, "decision")


async def superseded(viewer: Viewer, body: Body, supersedes_id: int | None) -> Decision | None:
    """The decision a new one of `body` supersedes: of the same committee, in force. Inside
    the recording transaction (register() then takes it out of force, conditionally)."""
    if supersedes_id is None:
        return None
    supersedes = await found(visible(viewer, Decision), supersedes_id, "decision")
    if supersedes.committee_id != body.id:
        raise BadInput("A decision can only supersede a decision of the same committee.")
    DECISION.check(supersedes, "supersede")
    return supersedes


async def revoke_decision(viewer: Viewer, *, decision_id: int, reason: str) -> Decision:
    actor = signed_in(viewer)
    reason = validation.text(reason, "reason", validation.SHORT_TEXT, multiline=True)
    decision = await found(visible(viewer, Decision), decision_id, "decision")
    await require(
        viewer,
        "revoke",
        decision,
        message=N_("Only the committee's chair or secretary revokes its decisions."),
    )
    async with in_transaction():
        await DECISION.move(decision, "revoke", revoked_reason=reason, revoked_at=clock.now())
        await audit.record(
            actor, "decision.revoke", f"Revoked {decision.reference}", "decision", decision.id
        )
    return await Decision.get(id=decision.id)


async def set_release(viewer: Viewer, *, decision_id: int, release: ReleaseStatus) -> Decision:
    """Clearing a decision for release makes it PUBLIC; withholding restores its classification."""
    actor = signed_in(viewer)
    decision = await found(visible(viewer, Decision), decision_id, "decision")
    await require(
        viewer,
        "release",
        decision,
        message=N_("Only the committee's chair or secretary clears its decisions for release."),
    )
    if decision.release == release:
        return decision  # already so: nothing to move or record
    classification = (
        Classification.PUBLIC
        if release == ReleaseStatus.CLEARED_FOR_RELEASE
        else decision.recorded_classification
    )
    async with in_transaction():
        await RELEASE.move(decision, to=release, classification=classification)
        await audit.record(
            actor,
            "decision.release",
            f"{decision.reference} is now {release.value.replace('_', ' ').lower()}",
            "decision",
            decision.id,
        )
        if release == ReleaseStatus.CLEARED_FOR_RELEASE:
            await emit(WebhookEvent.DECISION_RELEASED, "decision", decision.id)
    return await Decision.get(id=decision.id)
