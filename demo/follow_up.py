"""What follows from the meeting room, replayed: agreements (demo/partnerships.py);
decisions taken by resolution, cleared for release or revoked;
recommendations drafted, submitted and answered; action items assigned and reported on;
public updates drafted, approved by a second officer, published and retracted.
"""

from __future__ import annotations

from demo.bodies import secretary_of
from demo.meetings import MEETINGS
from demo.motions import MOTIONS
from demo.partnerships import plan_agreements
from demo.register import (
    ACTION_ITEMS,
    DECISIONS,
    RECOMMENDATIONS,
    UPDATE_LANGUAGES,
    UPDATE_TRANSLATIONS,
    UPDATES,
    DecisionSpec,
    RecommendationSpec,
    Resolution,
    UpdateTranslation,
)
from demo.replay import Replay
from governance import action_items, communications, decisions, recommendations
from governance.enums import (
    ActionStatus,
    Classification,
    ReleaseStatus,
    UpdateStatus,
)

COMMS, SECOND_OFFICER = "comms", "comms2"


def plan_follow_up(demo: Replay) -> None:
    plan_agreements(demo)
    for decision in DECISIONS:
        _plan_decision(demo, decision)
    for recommendation in RECOMMENDATIONS:
        _plan_recommendation(demo, recommendation)
    for row in ACTION_ITEMS:
        plan_action_item(demo, *row)
    drafted: dict[str, int] = {}  # each update's id, by its title
    for update in UPDATES:
        _plan_update(demo, drafted, *update)
    for translation in UPDATE_TRANSLATIONS:
        _plan_translation(demo, drafted, translation)


def _decided(spec: DecisionSpec) -> int:
    """The day the decision was taken: its resolution's, or its motion's meeting's."""
    if isinstance(spec.motion, Resolution):
        return spec.motion.day
    motion = next(m for m in MOTIONS if m.key == spec.motion)
    return next(m.day for m in MEETINGS if m.key == motion.meeting)


def _plan_decision(demo: Replay, spec: DecisionSpec) -> None:
    timeline = demo.timeline
    resolution = spec.motion if isinstance(spec.motion, Resolution) else None
    body = resolution.body if resolution else next(
        m.body for m in MEETINGS for motion in MOTIONS
        if motion.key == spec.motion and m.key == motion.meeting
    )  # fmt: skip
    secretary = secretary_of(body)
    day = _decided(spec)

    async def record() -> None:
        assert resolution is not None
        demo.decisions[spec.key] = await decisions.record_decision(
            await demo.viewer(secretary),
            committee_id=demo.bodies[resolution.body].id,
            title=resolution.title,
            text=resolution.text,
            decided_on=timeline.day(resolution.day),
            classification=resolution.classification,
        )

    async def clear() -> None:
        await decisions.set_release(
            await demo.viewer(secretary),
            decision_id=demo.decisions[spec.key].id,
            release=ReleaseStatus.CLEARED_FOR_RELEASE,
        )

    async def revoke(reason: str) -> None:
        await decisions.revoke_decision(
            await demo.viewer(secretary), decision_id=demo.decisions[spec.key].id, reason=reason
        )

    if resolution is not None:
        timeline.add(timeline.at(day, 7), record)
    if spec.cleared:
        timeline.add(timeline.at(day + 1, 9), clear)
    if spec.revoked:
        revoked_on, reason = spec.revoked
        timeline.add(timeline.at(revoked_on, 12), lambda: revoke(reason))


def _plan_recommendation(demo: Replay, spec: RecommendationSpec) -> None:
    timeline = demo.timeline
    board = secretary_of("pab")

    async def draft() -> None:
        demo.recommendations[spec.key] = await recommendations.draft_recommendation(
            await demo.viewer(spec.drafter),
            board_id=demo.bodies["pab"].id,
            addressed_to_id=demo.bodies[spec.to].id,
            title=spec.title,
            text=spec.text,
            rationale=spec.rationale,
            classification=spec.classification,
        )

    async def submit() -> None:
        await recommendations.submit_recommendation(
            await demo.viewer(board), recommendation_id=demo.recommendations[spec.key].id
        )

    async def respond(text: str, by: str, decision: str | None) -> None:
        await recommendations.respond_to_recommendation(
            await demo.viewer(by),
            recommendation_id=demo.recommendations[spec.key].id,
            status=spec.status,
            text=text,
            decision_id=demo.decision_id(decision),
        )

    timeline.add(timeline.at(spec.drafted, 10), draft)
    if spec.submitted is not None:
        timeline.add(timeline.at(spec.submitted, 10), submit)
    if spec.response is not None:
        text, by, day, decision = spec.response
        timeline.add(timeline.at(day, 11), lambda: respond(text, by, decision))


def plan_action_item(
    demo: Replay,
    committee: str,
    title: str,
    person: str | None,
    org: str | None,
    assigned: int,
    due: int,
    status: ActionStatus,
    classification: Classification,
    decision: str | None,
    plan: str | None = None,  # one of the committee's action plans (demo/results.py)
) -> None:
    timeline = demo.timeline
    secretary = secretary_of(committee)
    created: list[int] = []

    async def assign() -> None:
        item = await action_items.create_action_item(
            await demo.viewer(secretary),
            committee_id=demo.bodies[committee].id,
            title=title,
            owner_person_id=demo.person_id(person),
            owner_organization_id=demo.org_id(org),
            due_date=timeline.day(due),
            decision_id=demo.decision_id(decision),
            classification=classification,
            plan_id=demo.plans[plan].id if plan else None,
        )
        created.append(item.id)

    async def report() -> None:
        await action_items.update_action_item_status(
            await demo.viewer(person or secretary), action_item_id=created[0], status=status
        )

    timeline.add(timeline.at(assigned, 14), assign)
    if status != ActionStatus.OPEN:
        timeline.add(timeline.at(max(assigned + 1, min(due, -1)), 14), report)


def _plan_update(
    demo: Replay,
    drafted_ids: dict[str, int],
    title: str,
    summary: str | None,
    body: str,
    status: UpdateStatus,
    urgent: bool,
    linked: tuple[str, ...],
    drafted: int,
    published: int | None,
    retraction: tuple[int, str] | None,
    *,
    language: str | None = None,
    translation_of: str | None = None,  # the original's title
) -> None:
    timeline = demo.timeline
    drafts: list[int] = []

    async def draft() -> None:
        update = await communications.draft_update(
            await demo.viewer(COMMS),
            title=title,
            summary=summary,
            body=body,
            urgent=urgent,
            decision_ids=[demo.decisions[key].id for key in linked],
            language=language or UPDATE_LANGUAGES.get(title, "en"),
            translation_of_id=drafted_ids[translation_of] if translation_of else None,
        )
        drafts.append(update.id)
        drafted_ids[title] = update.id

    async def submit() -> None:
        await communications.submit_update(await demo.viewer(COMMS), update_id=drafts[0])

    async def approve() -> None:
        await communications.approve_update(await demo.viewer(SECOND_OFFICER), update_id=drafts[0])

    async def publish() -> None:
        await communications.publish_update(await demo.viewer(COMMS), update_id=drafts[0])

    async def retract(reason: str) -> None:
        await communications.retract_update(
            await demo.viewer(COMMS), update_id=drafts[0], reason=reason
        )

    timeline.add(timeline.at(drafted, 8), draft)
    if status != UpdateStatus.DRAFT:
        timeline.add(timeline.at(drafted, 9), submit)
    if status not in (UpdateStatus.DRAFT, UpdateStatus.IN_REVIEW):
        approved = (
            timeline.at(published, 9) if published is not None else timeline.at(drafted + 1, 10)
        )
        timeline.add(approved, approve)
    if published is not None:
        timeline.add(timeline.at(published, 10), publish)
    if retraction is not None:
        retracted, reason = retraction
        timeline.add(timeline.at(retracted, 9), lambda: retract(reason))


def _plan_translation(demo: Replay, drafted_ids: dict[str, int], spec: UpdateTranslation) -> None:
    """A translation of an update drafted before it: drafted, approved by the second officer
    and published like any update, reporting the same decisions as its original."""
    linked = next(row[5] for row in UPDATES if row[0] == spec.of)
    _plan_update(
        demo, drafted_ids, spec.title, spec.summary, spec.body, UpdateStatus.PUBLISHED, False,
        linked, spec.drafted, spec.published, None, language=spec.language, translation_of=spec.of,
    )  # fmt: skip
