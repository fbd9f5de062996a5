"""Motions and ballots: propose, open, cast, record, close, withdraw.

Every state change is a move of the motion's lifecycle (governance.lifecycle), done first
in its transaction: its conditional UPDATE takes the row's lock, so a cast and a close (or
two closes) are serialised and exactly one close ever records a decision.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from governance import audit, clock, events, notifications, tell, validation
from governance.constituencies import constituency_parts
from governance.decisions import register, superseded, visible_links
from governance.enums import (
    Classification,
    MotionOutcome,
    VoteChoice,
    VotingRule,
)
from governance.errors import N_, BadInput, Forbidden, NotFound
from governance.guards import described, found, name_creator, signed_in
from governance.lifecycles import MOTION
from governance.models import (
    AgendaItem,
    Body,
    EligibleVoter,
    Meeting,
    Motion,
    Person,
    Vote,
)
from governance.voting_rules import (
    Count,
    Part,
    adopted,
    motion_rolls,
    outcome,
    roll_constituencies,
    voting_roll,
)
from permissions import Viewer, require, visible


async def propose_motion(
    viewer: Viewer,
    *,
    meeting_id: int,
    agenda_item_id: int | None,
    title: str,
    text: str,
    proposer_id: int | None,
    seconder_id: int | None,
    voting_rule: VotingRule,
    secret_ballot: bool,
    classification: Classification,
    require_each_constituency: bool = False,
) -> Motion:
    actor = signed_in(viewer)
    title = validation.text(title, "title", validation.TITLE)
    text = validation.text(text, "text", validation.LONG_TEXT, multiline=True)
    meeting = await found(visible(viewer, Meeting), meeting_id, "meeting")
    if agenda_item_id is not None:
        item = await found(visible(viewer, AgendaItem), agenda_item_id, "agenda item")
        if item.meeting_id != meeting.id:
            raise BadInput("That agenda item belongs to another meeting.")
    await require(
        viewer,
        "propose",
        "motion",
        on=meeting,
        message=N_("Only a voting member, the chair or the secretary proposes motions."),
    )
    voters = set(await voting_roll(meeting))
    if proposer_id is None:
        # A voting member moves their own motion; the chair or secretary without a vote
        # tables it for the meeting, with no proposer named.
        proposer_id = actor if actor in voters else None
    if seconder_id is not None and seconder_id == proposer_id:
        raise BadInput("The seconder must be someone other than the proposer.")
    named = {p for p in (proposer_id, seconder_id) if p is not None}
    if len(await Person.filter(id__in=list(named))) != len(named):
        raise NotFound("No person with that id.")
    for refusal, person in (
        (N_("The proposer must be a member of the body with voting rights."), proposer_id),
        (N_("The seconder must be a member of the body with voting rights."), seconder_id),
    ):
        if person is not None and person not in voters:
            raise BadInput(refusal)
    async with in_transaction():
        motion = await Motion.create(
            meeting_id=meeting.id,
            agenda_item_id=agenda_item_id,
            title=title,
            text=text,
            proposer_id=proposer_id,
            seconder_id=seconder_id,
            voting_rule=voting_rule,
            secret_ballot=secret_ballot,
            classification=classification,
            require_each_constituency=require_each_constituency,
        )
        await name_creator(viewer, "motion", motion.id, classification)
        await audit.record(
            actor,
            "motion.propose",
            "Proposed " + described("motion", title, classification, f"meeting {meeting.id}"),
            "motion",
            motion.id,
        )
    return motion


# A vote its voter cast, which an officer may not change: open ballot, secret ballot.
OWN_VOTE = (
    N_("This member has cast their own vote; only they can change it."),
    N_("This member has voted; only they can change their ballot."),
)
# Who may open, close, withdraw a motion or record a vote on it, in each action's words.
OFFICERS_ONLY = {
    "open": N_("Only the chair or secretary may open on this motion."),
    "record_vote": N_("Only the chair or secretary may record vote on this motion."),
    "close": N_("Only the chair or secretary may close on this motion."),
    "withdraw": N_("Only the chair or secretary may withdraw on this motion."),
}


async def _chaired_motion(viewer: Viewer, motion_id: int, action: str) -> tuple[Motion, Meeting]:
    motion = await found(visible(viewer, Motion), motion_id, "motion")
    meeting = await Meeting.get(id=motion.meeting_id)
    await require(
        viewer,
        action,
        motion,
        message=OFFICERS_ONLY[action],
    )
    return motion, meeting


async def open_voting(viewer: Viewer, *, motion_id: int) -> Motion:
    actor = signed_in(viewer)
    motion, meeting = await _chaired_motion(viewer, motion_id, "open")
    body = await Body.get(id=meeting.body_id)
    async with in_transaction():
        # The roll, with each voter's constituency, frozen as voting opens.
        voters = await roll_constituencies(meeting)
        await MOTION.move(
            motion,
            "open",
            opened_at=clock.now(),
            eligible_count=len(voters),
            quorum_required=body.quorum,
        )
        await EligibleVoter.bulk_create(
            [
                EligibleVoter(motion_id=motion.id, person_id=person_id, constituency=name)
                for person_id, name in sorted(voters.items())
            ]
        )
        await audit.record(
            actor,
            "motion.open",
            f"Opened voting on motion {motion.id} ({len(voters)} eligible)",
            "motion",
            motion.id,
        )
        told = await tell.ballot_opened(motion)
    await events.publish(events.tally_topic(motion.id), motion.id)
    await notifications.announce(told)
    return await Motion.get(id=motion.id)


async def _ballot(
    viewer: Viewer,
    motion: Motion,
    voter: Person,
    choice: VoteChoice,
    recorded_by: int | None,
) -> None:
    """One ballot per member and motion; a repeat replaces it. Inside a transaction.

    A ballot is the voter's: a vote the member cast themself is never replaced by a
    vote recorded for them (the secretary records only for members who have not voted),
    while the member's own vote replaces one recorded for them."""
    voter_id = voter.id
    # Lock the motion and confirm the ballot is open, before anything is read.
    await MOTION.move(motion, "vote")
    existing = await Vote.filter(motion_id=motion.id, voter_id=voter_id).first()
    if recorded_by is not None and existing is not None and cast_by_voter(existing):
        raise Forbidden(OWN_VOTE[motion.secret_ballot])
    now = clock.now()
    changes: dict[str, Any] = {"choice": choice, "cast_at": now, "recorded_by_id": recorded_by}
    if not await Vote.filter(motion_id=motion.id, voter_id=voter_id).update(**changes):
        try:
            async with in_transaction():  # a savepoint: a racing insert loses cleanly
                await Vote.create(motion_id=motion.id, voter_id=voter_id, **changes)
        except IntegrityError:
            await Vote.filter(motion_id=motion.id, voter_id=voter_id).update(**changes)
    if motion.secret_ballot:
        # Who voted, with the final totals, can tell how (a unanimous ballot): a member's
        # own secret ballot is recorded without its actor, a recorded one without the voter.
        actor, summary = (
            (viewer.person_id, f"Recorded a ballot given in the room on motion {motion.id}")
            if recorded_by is not None
            else (None, f"A secret ballot was cast on motion {motion.id}")
        )
    elif recorded_by is not None:
        actor, summary = (
            viewer.person_id,
            f"Recorded a {choice.value} vote for {voter.name} on motion {motion.id}",
        )
    else:
        actor, summary = viewer.person_id, f"Recorded a {choice.value} vote on motion {motion.id}"
    await audit.record(
        actor, "vote.record" if recorded_by else "vote.cast", summary, "motion", motion.id
    )


def cast_by_voter(vote: Vote) -> bool:
    """The member cast it themself: nobody else may replace it."""
    return vote.recorded_by_id is None


async def _eligible(motion: Motion, person_id: int) -> bool:
    return await EligibleVoter.exists(motion_id=motion.id, person_id=person_id)


async def cast_vote(viewer: Viewer, *, motion_id: int, choice: VoteChoice) -> Motion:
    actor = signed_in(viewer)
    motion = await found(visible(viewer, Motion), motion_id, "motion")
    MOTION.check(motion, "vote")
    # The roll frozen when voting opened decides who votes (permissions.kinds, MOTION).
    await require(
        viewer,
        "vote",
        motion,
        message=N_("Only members with voting rights on the meeting's date vote on this motion."),
    )
    async with in_transaction():
        await _ballot(viewer, motion, await Person.get(id=actor), choice, recorded_by=None)
    await events.publish(events.tally_topic(motion.id), motion.id)
    return await Motion.get(id=motion.id)


async def record_vote(
    viewer: Viewer, *, motion_id: int, person_id: int, choice: VoteChoice
) -> Motion:
    actor = signed_in(viewer)
    motion, _ = await _chaired_motion(viewer, motion_id, "record_vote")
    MOTION.check(motion, "vote")
    person = await Person.get_or_none(id=person_id)
    if person is None:
        raise NotFound("No person with that id.")
    if not await _eligible(motion, person_id):
        raise BadInput("%(name)s has no vote on this motion.", name=person.name)
    async with in_transaction():
        await _ballot(viewer, motion, person, choice, recorded_by=actor)
    await events.publish(events.tally_topic(motion.id), motion.id)
    return await Motion.get(id=motion.id)


async def count_votes(motion_id: int) -> Count:
    choices = await Vote.filter(motion_id=motion_id).values_list("choice", flat=True)
    return Count.of(Counter(VoteChoice(str(choice)) for choice in choices))


async def close_voting(
    viewer: Viewer,
    *,
    motion_id: int,
    agreement_id: int | None = None,
    recommendation_id: int | None = None,
    supersedes_id: int | None = None,
) -> Motion:
    """Close, count, decide; record the decision in the same transaction when adopted.

    Whoever closes may say what that decision names, as when recording one directly
    (decisions.record_decision): an agreement, a recommendation, a decision it supersedes
    (the API and the admin name none; the demo's history does)."""
    actor = signed_in(viewer)
    motion, meeting = await _chaired_motion(viewer, motion_id, "close")
    await visible_links(
        viewer,
        agreement_id=agreement_id,
        recommendation_id=recommendation_id,
        supersedes_id=supersedes_id,
    )
    async with in_transaction():
        # The first close wins the row; a racing second close finds it CLOSED.
        await MOTION.move(motion, "close", closed_at=clock.now())
        count = await count_votes(motion.id)
        present = (await motion_rolls([motion]))[motion.id].present
        # Empty unless the motion requires each constituency to agree as well.
        within = (await constituency_parts([motion])).get(motion.id, [])
        result = outcome(
            motion.voting_rule,
            count,
            eligible=motion.eligible_count or 0,
            present=present,
            quorum=motion.quorum_required or 0,
            within=within,
        )
        await Motion.filter(id=motion.id).update(outcome=result, present_count=present)
        await audit.record(
            actor,
            "motion.close",
            f"Closed voting on motion {motion.id}: {result.value} "
            f"({count.for_} for, {count.against} against, {count.abstain} abstaining)"
            + _blocked(motion.voting_rule, within),
            "motion",
            motion.id,
        )
        body = await Body.get(id=meeting.body_id)
        # An advisory board's adopted motion stands as its position; only committees decide.
        if result == MotionOutcome.ADOPTED and not body.is_advisory:
            await register(
                viewer,
                body=body,
                title=motion.title,
                text=motion.text,
                decided_on=clock.today(),
                classification=await _decision_classification(motion, meeting),
                motion_id=motion.id,
                agreement_id=agreement_id,
                recommendation_id=recommendation_id,
                supersedes=await superseded(viewer, body, supersedes_id),
                named_from=[("motion", motion.id), ("meeting", meeting.id)]
                + ([("agenda_item", motion.agenda_item_id)] if motion.agenda_item_id else []),
            )
    await events.publish(events.tally_topic(motion.id), motion.id)
    return await Motion.get(id=motion.id)


def _blocked(rule: VotingRule, within: list[Part]) -> str:
    """The constituencies within which the rule did not hold, for the close's audit line."""
    names = [part.name for part in within if not adopted(rule, part.count, part.eligible)]
    return f"; not carried within {', '.join(names)}" if names else ""


async def _decision_classification(motion: Motion, meeting: Meeting) -> Classification:
    """A decision is as closed as the session it was taken in: the strictest of the
    motion's, its agenda item's and its meeting's classification."""
    levels = [motion.classification, meeting.classification]
    if motion.agenda_item_id is not None:
        item = await AgendaItem.get(id=motion.agenda_item_id)
        levels.append(item.classification)
    return Classification.strictest(*levels)


async def withdraw_motion(viewer: Viewer, *, motion_id: int) -> Motion:
    actor = signed_in(viewer)
    motion, _ = await _chaired_motion(viewer, motion_id, "withdraw")
    async with in_transaction():
        await MOTION.move(motion, "withdraw", closed_at=clock.now())
        await audit.record(
            actor, "motion.withdraw", f"Withdrew motion {motion.id}", "motion", motion.id
        )
    await events.publish(events.tally_topic(motion.id), motion.id)
    return await Motion.get(id=motion.id)
