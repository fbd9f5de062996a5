"""Motions, their tally, and individual votes (never for a secret ballot)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from governance import ballots, voting_rules
from governance import models as m
from governance.enums import VoteChoice as VoteChoiceDomain
from governance.voting_rules import Count
from schema import ids
from schema.bodies import Body
from schema.context import Info
from schema.enums import (
    Classification,
    MotionOutcome,
    MotionStatus,
    VoteChoice,
    VotingRule,
)
from schema.loaders import constituency_loader, motion_roll_loader, tally_loader
from schema.meetings import AgendaItem, Meeting
from schema.node import Backed, Node, Rows, row_of
from schema.people import Person

if TYPE_CHECKING:
    from schema.decisions import Decision

DecisionRef = Annotated["Decision", strawberry.lazy("schema.decisions")]


@strawberry.type
class ConstituencyTally:
    name: str
    for_: int | None = strawberry.field(
        name="for", description="Null while a secret ballot is open."
    )
    against: int | None
    abstain: int | None
    eligible: int
    passed: bool | None = strawberry.field(
        description="Whether the motion's voting rule holds within this constituency "
        "(null until closed)."
    )


@strawberry.type
class Tally:
    cast: int = strawberry.field(description="Ballots cast so far.")
    for_: int | None = strawberry.field(
        name="for",
        description="Null while a secret ballot is open: no running count leaks before closing.",
    )
    against: int | None
    abstain: int | None
    eligible: int = strawberry.field(
        description="Members with voting rights on the body when voting opened."
    )
    present: int = strawberry.field(description="Voting members recorded present at the meeting.")
    quorum_met: bool
    motion: strawberry.Private[m.Motion]

    @strawberry.field(
        description="One entry per constituency with members having voting rights; empty when "
        "the motion does not require each."
    )
    async def constituencies(self, info: Info) -> list[ConstituencyTally]:
        # Read only when asked: batched over the list (governance.constituencies). Members
        # without a constituency are in none: they count in the overall tally only.
        motion = self.motion
        if not motion.require_each_constituency:
            return []
        within = await constituency_loader(info.context.loaders).load(motion)
        return [
            ConstituencyTally(
                name=line.name,
                for_=line.for_,
                against=line.against,
                abstain=line.abstain,
                eligible=line.eligible,
                passed=line.passed,
            )
            for line in voting_rules.constituency_tallies(motion, within)
        ]


@strawberry.type
class Vote(Rows[m.Vote]):
    _model = m.Vote
    choice: VoteChoice
    cast_at: datetime
    voter_id: strawberry.Private[int]
    recorded_by_id: strawberry.Private[int | None]

    @strawberry.field
    async def voter(self, info: Info) -> Person:
        return await info.context.loaders.required(Person).load(self.voter_id)

    @strawberry.field(description="Set when a secretary recorded the vote on the member's behalf.")
    async def recorded_by(self, info: Info) -> Person | None:
        recorder = self.recorded_by_id
        return None if recorder is None else await info.context.loaders.one(Person).load(recorder)


async def tally_of(info: Info, motion: m.Motion) -> Tally:
    """governance.voting_rules.tally, fed from this request's batched loaders."""
    loaders = info.context.loaders
    counts = await tally_loader(loaders).load(motion.id)
    roll = await motion_roll_loader(loaders).load(motion)
    quorum = 0
    if motion.quorum_required is None:
        meeting = await loaders.required(Meeting).load(motion.meeting_id)
        quorum = (await loaders.required(Body).load(meeting.body_id)).quorum
    count = Count.of({VoteChoiceDomain(choice): n for choice, n in counts.items()})
    seen = voting_rules.tally(motion, count, roll, quorum)
    return Tally(
        cast=seen.cast,
        for_=seen.for_,
        against=seen.against,
        abstain=seen.abstain,
        eligible=seen.eligible,
        present=seen.present,
        quorum_met=seen.quorum_met,
        motion=motion,
    )


@strawberry.type
class Motion(Backed[m.Motion], Node):
    _model = m.Motion
    title: str
    text: str
    voting_rule: VotingRule
    secret_ballot: bool
    require_each_constituency: bool = strawberry.field(
        description="Adopted only if the voting rule also holds within every constituency."
    )
    classification: Classification
    status: MotionStatus
    outcome: MotionOutcome | None
    meeting_id: strawberry.Private[int]
    agenda_item_id: strawberry.Private[int | None]
    proposer_id: strawberry.Private[int | None]
    seconder_id: strawberry.Private[int | None]

    @strawberry.field
    async def meeting(self, info: Info) -> Meeting:
        return await info.context.loaders.required(Meeting).load(self.meeting_id)

    @strawberry.field
    async def agenda_item(self, info: Info) -> AgendaItem | None:
        item = self.agenda_item_id
        return None if item is None else await info.context.loaders.one(AgendaItem).load(item)

    @strawberry.field
    async def proposer(self, info: Info) -> Person | None:
        who = self.proposer_id
        return None if who is None else await info.context.loaders.one(Person).load(who)

    @strawberry.field
    async def seconder(self, info: Info) -> Person | None:
        who = self.seconder_id
        return None if who is None else await info.context.loaders.one(Person).load(who)

    @strawberry.field
    async def tally(self, info: Info) -> Tally:
        return await tally_of(info, row_of(self))

    @strawberry.field(description="Individual votes; empty for a secret ballot.")
    async def votes(self, info: Info) -> list[Vote]:
        if self.secret_ballot:
            return []
        return await info.context.loaders.many(Vote, "motion_id", ("cast_at", "id")).load(self.id)

    @strawberry.field
    async def decision(self, info: Info) -> DecisionRef | None:
        from schema.decisions import Decision

        return await info.context.loaders.one(Decision, by="motion_id").load(self.id)


@strawberry.input
class ProposeMotionInput:
    meeting_id: strawberry.ID
    agenda_item_id: strawberry.ID | None = None
    title: str
    text: str
    proposer_id: strawberry.ID | None = None
    seconder_id: strawberry.ID | None = None
    voting_rule: VotingRule
    secret_ballot: bool
    classification: Classification
    require_each_constituency: bool | None = False


def _motion_id(value: strawberry.ID) -> int:
    return ids.require(value, "motionId", "Motion")


@strawberry.type
class VotesMutation:
    @strawberry.mutation
    async def propose_motion(self, info: Info, input: ProposeMotionInput) -> Motion:
        motion = await ballots.propose_motion(
            info.context.viewer,
            meeting_id=ids.require(input.meeting_id, "meetingId", "Meeting"),
            agenda_item_id=ids.parse(input.agenda_item_id, "agendaItemId", "AgendaItem"),
            title=input.title,
            text=input.text,
            proposer_id=ids.parse(input.proposer_id, "proposerId", "Person"),
            seconder_id=ids.parse(input.seconder_id, "seconderId", "Person"),
            voting_rule=input.voting_rule,
            secret_ballot=input.secret_ballot,
            classification=input.classification,
            require_each_constituency=bool(input.require_each_constituency),
        )
        return Motion.of(motion)

    @strawberry.mutation
    async def open_voting(self, info: Info, motion_id: strawberry.ID) -> Motion:
        motion = await ballots.open_voting(info.context.viewer, motion_id=_motion_id(motion_id))
        return Motion.of(motion)

    @strawberry.mutation(
        description="A member with voting rights votes for themself; a repeat vote before "
        "closing replaces the earlier one."
    )
    async def cast_vote(self, info: Info, motion_id: strawberry.ID, choice: VoteChoice) -> Motion:
        motion = await ballots.cast_vote(
            info.context.viewer, motion_id=_motion_id(motion_id), choice=choice
        )
        return Motion.of(motion)

    @strawberry.mutation(description="The secretary records a member's vote given in the room.")
    async def record_vote(
        self, info: Info, motion_id: strawberry.ID, person_id: strawberry.ID, choice: VoteChoice
    ) -> Motion:
        motion = await ballots.record_vote(
            info.context.viewer,
            motion_id=_motion_id(motion_id),
            person_id=ids.require(person_id, "personId", "Person"),
            choice=choice,
        )
        return Motion.of(motion)

    @strawberry.mutation(
        description="Closes the ballot, computes the outcome, and records the Decision when adopted."
    )
    async def close_voting(self, info: Info, motion_id: strawberry.ID) -> Motion:
        motion = await ballots.close_voting(info.context.viewer, motion_id=_motion_id(motion_id))
        return Motion.of(motion)

    @strawberry.mutation
    async def withdraw_motion(self, info: Info, motion_id: strawberry.ID) -> Motion:
        motion = await ballots.withdraw_motion(info.context.viewer, motion_id=_motion_id(motion_id))
        return Motion.of(motion)
