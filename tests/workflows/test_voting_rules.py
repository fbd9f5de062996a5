"""Each VotingRule, exactly as the contract describes it, on ties, abstentions, no votes and
quorum edges: first the rule table itself, then whole ballots closed through the API."""

from __future__ import annotations

import pytest

from governance.enums import MotionOutcome, VotingRule
from governance.models import Membership, Person
from governance.voting_rules import Count, outcome
from tests.workflows.helpers import (
    ATTEND,
    CAST,
    CLOSE,
    OPEN,
    attendance,
    meeting_for,
    motion_for,
    ok,
    panel,
    run_ballot,
)

R = VotingRule
ADOPTED, REJECTED, NO_QUORUM = (
    MotionOutcome.ADOPTED,
    MotionOutcome.REJECTED,
    MotionOutcome.NO_QUORUM,
)

# rule, (for, against, abstain), eligible, expected — with a quorum that is met.
TABLE = [
    # SIMPLE_MAJORITY: more FOR than AGAINST among votes cast.
    (R.SIMPLE_MAJORITY, (1, 0, 0), 5, ADOPTED),
    (R.SIMPLE_MAJORITY, (3, 2, 0), 5, ADOPTED),
    (R.SIMPLE_MAJORITY, (2, 2, 0), 5, REJECTED),  # tie
    (R.SIMPLE_MAJORITY, (2, 2, 1), 5, REJECTED),  # tie with an abstention
    (R.SIMPLE_MAJORITY, (2, 3, 0), 5, REJECTED),
    (R.SIMPLE_MAJORITY, (1, 0, 4), 5, ADOPTED),  # abstentions do not count against
    (R.SIMPLE_MAJORITY, (0, 0, 5), 5, REJECTED),  # all abstain
    (R.SIMPLE_MAJORITY, (0, 0, 0), 5, REJECTED),  # no votes
    # ABSOLUTE_MAJORITY: FOR from more than half of all members with voting rights.
    (R.ABSOLUTE_MAJORITY, (3, 0, 0), 5, ADOPTED),
    (R.ABSOLUTE_MAJORITY, (3, 2, 0), 5, ADOPTED),
    (R.ABSOLUTE_MAJORITY, (3, 0, 0), 6, REJECTED),  # exactly half is not more than half
    (R.ABSOLUTE_MAJORITY, (4, 0, 0), 6, ADOPTED),
    (R.ABSOLUTE_MAJORITY, (3, 3, 0), 6, REJECTED),  # tie
    (R.ABSOLUTE_MAJORITY, (2, 0, 3), 5, REJECTED),  # abstentions are not FOR
    (R.ABSOLUTE_MAJORITY, (2, 0, 0), 5, REJECTED),  # a majority of those voting is not enough
    (R.ABSOLUTE_MAJORITY, (0, 0, 5), 5, REJECTED),
    (R.ABSOLUTE_MAJORITY, (0, 0, 0), 5, REJECTED),
    (R.ABSOLUTE_MAJORITY, (1, 0, 0), 1, ADOPTED),
    # TWO_THIRDS: FOR from at least two thirds of votes cast; abstentions are not cast.
    (R.TWO_THIRDS, (2, 1, 0), 5, ADOPTED),  # exactly two thirds
    (R.TWO_THIRDS, (6, 3, 0), 9, ADOPTED),
    (R.TWO_THIRDS, (5, 3, 0), 9, REJECTED),  # 62.5%
    (R.TWO_THIRDS, (3, 2, 0), 5, REJECTED),  # 60%
    (R.TWO_THIRDS, (1, 1, 0), 5, REJECTED),  # tie
    (R.TWO_THIRDS, (2, 1, 2), 5, ADOPTED),  # abstentions leave the two thirds intact
    (R.TWO_THIRDS, (2, 1, 10), 13, ADOPTED),
    (R.TWO_THIRDS, (1, 0, 4), 5, ADOPTED),
    (R.TWO_THIRDS, (0, 0, 5), 5, REJECTED),  # all abstain: nothing cast, nothing adopted
    (R.TWO_THIRDS, (0, 0, 0), 5, REJECTED),  # no votes
    # CONSENSUS: no AGAINST, and at least one FOR.
    (R.CONSENSUS, (1, 0, 0), 5, ADOPTED),
    (R.CONSENSUS, (1, 0, 4), 5, ADOPTED),  # abstentions do not block
    (R.CONSENSUS, (4, 1, 0), 5, REJECTED),  # one AGAINST blocks
    (R.CONSENSUS, (1, 1, 0), 5, REJECTED),  # tie
    (R.CONSENSUS, (0, 0, 5), 5, REJECTED),  # nobody for it
    (R.CONSENSUS, (0, 0, 0), 5, REJECTED),  # no votes
]


@pytest.mark.parametrize(("rule", "votes", "eligible", "expected"), TABLE)
def test_rule_table(rule, votes, eligible, expected):
    count = Count(*votes)
    assert outcome(rule, count, eligible=eligible, present=3, quorum=3) == expected


@pytest.mark.parametrize("rule", list(VotingRule))
def test_quorum_edges_come_before_any_rule(rule):
    unanimous = Count(5, 0, 0)
    # Exactly the quorum present: the rule decides.
    assert outcome(rule, unanimous, eligible=5, present=3, quorum=3) == ADOPTED
    # One short: NO_QUORUM, however the votes went.
    assert outcome(rule, unanimous, eligible=5, present=2, quorum=3) == NO_QUORUM
    assert outcome(rule, Count(0, 5, 0), eligible=5, present=2, quorum=3) == NO_QUORUM
    assert outcome(rule, Count(), eligible=5, present=0, quorum=1) == NO_QUORUM
    # A body without a quorum requirement decides with nobody recorded present.
    assert outcome(rule, unanimous, eligible=5, present=0, quorum=0) == ADOPTED


def test_cast_counts_every_ballot_including_abstentions():
    assert Count(2, 1, 3).cast == 6
    assert Count().cast == 0


# ------------------------------------------------------------------ through the API

E2E = [
    # rule, voters, quorum, present, choices (one per voter; "" = no vote), outcome
    ("SIMPLE_MAJORITY", 5, 3, 5, ["FOR", "FOR", "AGAINST", "AGAINST", "ABSTAIN"], "REJECTED"),
    ("SIMPLE_MAJORITY", 5, 3, 5, ["FOR", "ABSTAIN", "ABSTAIN", "ABSTAIN", "ABSTAIN"], "ADOPTED"),
    ("SIMPLE_MAJORITY", 5, 3, 3, ["", "", "", "", ""], "REJECTED"),
    ("ABSOLUTE_MAJORITY", 5, 3, 5, ["FOR", "FOR", "FOR", "", ""], "ADOPTED"),
    ("ABSOLUTE_MAJORITY", 6, 3, 6, ["FOR", "FOR", "FOR", "", "", ""], "REJECTED"),
    ("ABSOLUTE_MAJORITY", 5, 3, 5, ["FOR", "FOR", "ABSTAIN", "ABSTAIN", "ABSTAIN"], "REJECTED"),
    ("TWO_THIRDS", 5, 3, 5, ["FOR", "FOR", "AGAINST", "ABSTAIN", "ABSTAIN"], "ADOPTED"),
    ("TWO_THIRDS", 5, 3, 5, ["FOR", "FOR", "FOR", "AGAINST", "AGAINST"], "REJECTED"),
    ("TWO_THIRDS", 5, 3, 5, ["ABSTAIN"] * 5, "REJECTED"),
    ("CONSENSUS", 5, 3, 5, ["FOR", "FOR", "FOR", "FOR", "ABSTAIN"], "ADOPTED"),
    ("CONSENSUS", 5, 3, 5, ["FOR", "FOR", "FOR", "FOR", "AGAINST"], "REJECTED"),
    ("CONSENSUS", 5, 3, 5, ["", "", "", "", ""], "REJECTED"),
    # Quorum edges: exactly the quorum present, and one short (even unanimous).
    ("CONSENSUS", 5, 3, 3, ["FOR"] * 5, "ADOPTED"),
    ("CONSENSUS", 5, 3, 2, ["FOR"] * 5, "NO_QUORUM"),
    ("SIMPLE_MAJORITY", 5, 3, 2, ["", "", "", "", ""], "NO_QUORUM"),
]


@pytest.mark.parametrize(("rule", "voters", "quorum", "present", "choices", "expected"), E2E)
async def test_closing_a_ballot_applies_the_rule(
    client, rule, voters, quorum, present, choices, expected
):
    made = await panel(voters, quorum=quorum)
    closed = await run_ballot(client, made, rule, choices, present=present)
    assert closed["status"] == "CLOSED"
    assert closed["outcome"] == expected
    cast = [c for c in choices if c]
    assert closed["tally"] == {
        "cast": len(cast),
        "for": cast.count("FOR"),
        "against": cast.count("AGAINST"),
        "abstain": cast.count("ABSTAIN"),
        "eligible": voters,
        "present": present,
        "quorumMet": present >= quorum,
    }
    assert (closed["decision"] is not None) == (expected == "ADOPTED")


async def test_members_present_without_a_vote_do_not_make_the_quorum(client):
    made = await panel(3, quorum=2, observers=2)
    meeting_id = await meeting_for(client, made)
    silent = await Membership.filter(body_id=made.body.id, voting_rights=False).values_list(
        "person_id", flat=True
    )
    observers = await Person.filter(id__in=list(silent))
    assert len(observers) == 3  # the secretary and two observers
    entries = [(made.voters[0], "PRESENT"), *[(who, "PRESENT") for who in observers]]
    data = await ok(
        client,
        ATTEND,
        {"m": meeting_id, "e": attendance(*entries)},
        token=made.token(made.secretary),
    )
    assert data["recordAttendance"]["quorumPresent"] is False
    motion_id = await motion_for(client, made, meeting_id, "SIMPLE_MAJORITY")
    opened = (await ok(client, OPEN, {"id": motion_id}, token=made.token(made.chair)))["openVoting"]
    assert (opened["tally"]["present"], opened["tally"]["quorumMet"]) == (1, False)
    for who in made.voters:
        await ok(client, CAST, {"id": motion_id, "c": "FOR"}, token=made.token(who))
    closed = (await ok(client, CLOSE, {"id": motion_id}, token=made.token(made.chair)))[
        "closeVoting"
    ]
    assert closed["outcome"] == "NO_QUORUM"
    assert closed["tally"]["present"] == 1
    assert closed["decision"] is None
