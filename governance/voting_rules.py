"""How a closed ballot is decided: the contract's VotingRule, exactly."""

from __future__ import annotations

from dataclasses import dataclass

from governance.enums import MotionOutcome, VoteChoice, VotingRule


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


def outcome(
    rule: VotingRule, count: Count, *, eligible: int, present: int, quorum: int
) -> MotionOutcome:
    if present < quorum:
        return MotionOutcome.NO_QUORUM
    return MotionOutcome.ADOPTED if adopted(rule, count, eligible) else MotionOutcome.REJECTED
