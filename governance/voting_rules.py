"""Who votes, who counts as present, and how a ballot is decided: the one home of the roll,
the quorum and the contract's VotingRule, read by the services, the API and the admin alike.

The roll of a meeting is the members of its body with voting rights (an observer never has
them) whose membership is in force on the meeting's date. When voting on a motion opens, the
roll is frozen for that motion (its EligibleVoter rows, eligible_count and the body's quorum at
that moment): a member added or ended afterwards neither votes nor counts. Presence counts
against the same frozen roll: a motion's `present` is the members of its frozen roll recorded
PRESENT at the meeting, so it can never exceed `eligible`, and at close that figure is frozen
as well (present_count). Before voting opens (a draft motion, a meeting's quorumPresent) the
live roll on the meeting's date is used. The quorum is met when present >= quorum.

Constituency voting: a motion that requires each constituency is adopted only if its rule
holds over all votes and also within each constituency with members on the roll (that
constituency's votes and, for ABSOLUTE_MAJORITY, its eligible members); the quorum is
unchanged. A voter's constituency is the one on their membership when voting opened, frozen
with the roll (EligibleVoter.constituency). Members without a constituency count in the
overall tally only: they belong to no constituency's part.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from tortoise.expressions import F, Q

from governance.enums import (
    AttendanceStatus,
    MemberRole,
    MotionOutcome,
    MotionStatus,
    VoteChoice,
    VotingRule,
)
from governance.models import Attendance, EligibleVoter, Meeting, Membership, Motion
from governance.models.bodies import in_force, in_force_on

# A membership that carries a vote (the policy's "voting_member" relation).
VOTING = Q(voting_rights=True) & ~Q(role=MemberRole.OBSERVER)


def votes(role: MemberRole, voting_rights: bool) -> bool:
    """The same rule as VOTING, for a membership already read."""
    return voting_rights and role != MemberRole.OBSERVER


def quorum_met(present: int, quorum: int) -> bool:
    return present >= quorum


@dataclass(frozen=True)
class Count:
    for_: int = 0
    against: int = 0
    abstain: int = 0

    @property
    def cast(self) -> int:
        return self.for_ + self.against + self.abstain

    @classmethod
    def of(cls, choices: dict[VoteChoice, int]) -> Count:
        return cls(
            choices.get(VoteChoice.FOR, 0),
            choices.get(VoteChoice.AGAINST, 0),
            choices.get(VoteChoice.ABSTAIN, 0),
        )


def adopted(rule: VotingRule, count: Count, eligible: int) -> bool:
    if rule == VotingRule.SIMPLE_MAJORITY:
        # More FOR than AGAINST among votes cast.
        return count.for_ > count.against
    if rule == VotingRule.ABSOLUTE_MAJORITY:
        # FOR from more than half of all members with voting rights.
        return 2 * count.for_ > eligible
    if rule == VotingRule.TWO_THIRDS:
        # FOR from at least two thirds of votes cast; abstentions are not cast.
        cast = count.for_ + count.against
        return cast > 0 and 3 * count.for_ >= 2 * cast
    if rule == VotingRule.CONSENSUS:
        # No AGAINST, and at least one FOR.
        return count.against == 0 and count.for_ >= 1
    raise ValueError(f"Unknown voting rule {rule}")


@dataclass(frozen=True)
class Part:
    """One constituency's share of a ballot: its members' votes and its members on the roll."""

    name: str
    count: Count
    eligible: int


def parts(roll: Mapping[int, str | None], choices: Mapping[int, VoteChoice]) -> list[Part]:
    """One part per constituency with members on the roll (person id -> constituency), by
    name. A member without a constituency is in no part: they count in the overall tally
    only. A vote from outside the roll counts nowhere here (the roll decides who votes)."""
    members: Counter[str] = Counter()
    given: dict[str, Counter[VoteChoice]] = defaultdict(Counter)
    for person_id, name in roll.items():
        if name is None:
            continue
        members[name] += 1
        if person_id in choices:
            given[name][choices[person_id]] += 1
    return [Part(name, Count.of(given[name]), members[name]) for name in sorted(members)]


def outcome(
    rule: VotingRule,
    count: Count,
    *,
    eligible: int,
    present: int,
    quorum: int,
    within: Iterable[Part] = (),
) -> MotionOutcome:
    """The ballot's outcome: the quorum, then the rule over all votes and, for a motion that
    requires each constituency, within each of its parts (`within`, empty otherwise)."""
    if not quorum_met(present, quorum):
        return MotionOutcome.NO_QUORUM
    carried = adopted(rule, count, eligible) and all(
        adopted(rule, part.count, part.eligible) for part in within
    )
    return MotionOutcome.ADOPTED if carried else MotionOutcome.REJECTED


@dataclass(frozen=True)
class Roll:
    """Members with voting rights, and how many of them were recorded present."""

    eligible: int
    present: int

    def meets(self, quorum: int) -> bool:
        return quorum_met(self.present, quorum)


EMPTY = Roll(0, 0)


async def voting_roll(meeting: Meeting) -> list[int]:
    """Who votes at this meeting, were voting opened now."""
    return sorted(await roll_constituencies(meeting))


async def roll_constituencies(meeting: Meeting) -> dict[int, str | None]:
    """Who votes at this meeting, were voting opened now, with their seat's constituency
    (a person holds one membership of a body on a day: administration.add_member)."""
    voters = await Membership.filter(
        VOTING, in_force_on(meeting.starts_at.date()), body_id=meeting.body_id
    ).values_list("person_id", "constituency")
    return {person_id: constituency for person_id, constituency in voters}


async def rolls(meetings: Iterable[Meeting]) -> dict[int, Roll]:
    """The live roll of each meeting, in two statements whatever the number of meetings."""
    meetings = list(meetings)
    present: dict[int, set[int]] = defaultdict(set)
    for meeting_id, person_id in await Attendance.filter(
        meeting_id__in=sorted({meeting.id for meeting in meetings}),
        status=AttendanceStatus.PRESENT,
    ).values_list("meeting_id", "person_id"):
        present[meeting_id].add(person_id)
    voters: dict[int, list[tuple[int, date, date | None]]] = defaultdict(list)
    for body_id, person_id, start, end in await Membership.filter(
        VOTING, body_id__in=sorted({meeting.body_id for meeting in meetings})
    ).values_list("body_id", "person_id", "start_date", "end_date"):
        voters[body_id].append((person_id, start, end))
    result = {}
    for meeting in meetings:
        day = meeting.starts_at.date()
        eligible = {p for p, start, end in voters[meeting.body_id] if in_force(start, end, day)}
        result[meeting.id] = Roll(len(eligible), len(eligible & present[meeting.id]))
    return result


def frozen(motion: Motion) -> bool:
    """Voting opened on this motion, freezing its roll (open_voting records eligible_count)."""
    return motion.eligible_count is not None


async def motion_rolls(motions: Iterable[Motion]) -> dict[int, Roll]:
    """Each motion's roll: the frozen one once voting opened (present: the members of the
    frozen roll recorded present), else its meeting's live roll. One statement for motions
    whose voting opened, three for drafts, whatever their number."""
    motions = list(motions)
    present: Counter[int] = Counter()
    opened = sorted({motion.id for motion in motions if frozen(motion)})
    if opened:
        # The frozen roll joined to the meeting's attendance: each row one voter present.
        # (Filtering on motion__id makes the ORM join the motion the F() expression names.)
        present.update(
            motion_id
            for motion_id, _ in await EligibleVoter.filter(
                motion__id__in=opened,
                person__attendance__status=AttendanceStatus.PRESENT,
                person__attendance__meeting_id=F("motion__meeting_id"),
            ).values_list("motion_id", "person_id")
        )
    drafts = {motion.meeting_id for motion in motions if not frozen(motion)}
    live = await rolls(await Meeting.filter(id__in=sorted(drafts))) if drafts else {}
    return {
        motion.id: (
            Roll(motion.eligible_count or 0, present[motion.id])
            if frozen(motion)
            else live.get(motion.meeting_id, EMPTY)
        )
        for motion in motions
    }


@dataclass(frozen=True)
class ConstituencyTally:
    name: str
    for_: int | None  # None while a secret ballot is open
    against: int | None
    abstain: int | None
    eligible: int
    passed: bool | None  # the rule within this constituency; None until the ballot closes


@dataclass(frozen=True)
class Tally:
    cast: int
    for_: int | None  # None while a secret ballot is open: no running count
    against: int | None
    abstain: int | None
    eligible: int
    present: int
    quorum: int
    quorum_met: bool
    constituencies: tuple[ConstituencyTally, ...] = ()


def sealed(motion: Motion) -> bool:
    """A secret ballot shows no count of choices until it closes."""
    return motion.secret_ballot and motion.status != MotionStatus.CLOSED


def tally(
    motion: Motion, count: Count, roll: Roll, body_quorum: int, within: Iterable[Part] = ()
) -> Tally:
    """The tally as everyone may see it, given the motion's roll (motion_rolls) and, for a
    motion that requires each constituency, its parts (governance.constituencies). A closed
    ballot reads what the rule saw (frozen); an open one, the frozen roll's presence now."""
    closed = motion.status == MotionStatus.CLOSED and motion.present_count is not None
    present = motion.present_count if closed and motion.present_count is not None else roll.present
    eligible = motion.eligible_count if motion.eligible_count is not None else roll.eligible
    quorum = motion.quorum_required if motion.quorum_required is not None else body_quorum
    hidden = sealed(motion)
    return Tally(
        cast=count.cast,
        for_=None if hidden else count.for_,
        against=None if hidden else count.against,
        abstain=None if hidden else count.abstain,
        eligible=eligible,
        present=present,
        quorum=quorum,
        quorum_met=quorum_met(present, quorum),
        constituencies=constituency_tallies(motion, within),
    )


def constituency_tallies(motion: Motion, within: Iterable[Part]) -> tuple[ConstituencyTally, ...]:
    """Each constituency's line of the tally, as everyone may see it: no counts while a
    secret ballot is open, and whether the rule holds within it once the ballot closed."""
    hidden = sealed(motion)
    closed = motion.status == MotionStatus.CLOSED
    return tuple(
        ConstituencyTally(
            name=part.name,
            for_=None if hidden else part.count.for_,
            against=None if hidden else part.count.against,
            abstain=None if hidden else part.count.abstain,
            eligible=part.eligible,
            passed=adopted(motion.voting_rule, part.count, part.eligible) if closed else None,
        )
        for part in within
    )
