"""Constituency voting (PRODUCT.md): a motion that requires each constituency is adopted only
if its rule holds over all votes and within each constituency on the roll. First the rule's
table (every rule by vote patterns), then the same ballots closed through the API, open and
secret, then the tally's shape and addMember's bounds."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from governance.enums import MotionOutcome, VoteChoice, VotingRule
from governance.models import Membership
from governance.voting_rules import Count, outcome, parts
from tests.graphql import gid
from tests.workflows.helpers import (
    ATTEND,
    CAST,
    OPEN,
    Panel,
    attendance,
    meeting_for,
    ok,
    panel,
    refused,
    workflow_world,
)

R = VotingRule
ADOPTED, REJECTED = MotionOutcome.ADOPTED, MotionOutcome.REJECTED
IND, GOV, MUN = "Industry", "Government", "Municipalities"

# The committee: two seats per constituency and one member without a constituency, who
# counts in the overall tally only.
SEATS: list[str | None] = [IND, IND, GOV, GOV, MUN, MUN, None]
F, A, X = "FOR", "AGAINST", "ABSTAIN"

# One vote per seat, in SEATS' order ("" = no vote).
PATTERNS: dict[str, list[str]] = {
    "all for": [F, F, F, F, F, F, F],
    # The overall rule holds under every rule; the municipalities give no FOR.
    "municipalities abstain": [F, F, F, F, X, X, F],
    # Every constituency agrees; the member without one votes against.
    "member without a constituency against": [F, F, F, F, F, F, A],
    # One FOR and one abstention in two constituencies: half of their eligible members.
    "half of two constituencies": [F, X, F, F, F, X, ""],
    "industry split": [F, A, F, F, F, F, F],
    "nobody votes": ["", "", "", "", "", "", ""],
}
ALL = {IND, GOV, MUN}

# rule, pattern, the outcome without constituencies, the outcome with, the constituencies
# within which the rule does not hold.
TABLE: list[tuple[VotingRule, str, MotionOutcome, MotionOutcome, set[str]]] = [
    (R.SIMPLE_MAJORITY, "all for", ADOPTED, ADOPTED, set()),
    (R.SIMPLE_MAJORITY, "municipalities abstain", ADOPTED, REJECTED, {MUN}),
    (R.SIMPLE_MAJORITY, "member without a constituency against", ADOPTED, ADOPTED, set()),
    (R.SIMPLE_MAJORITY, "half of two constituencies", ADOPTED, ADOPTED, set()),
    (R.SIMPLE_MAJORITY, "industry split", ADOPTED, REJECTED, {IND}),  # 1 for, 1 against
    (R.SIMPLE_MAJORITY, "nobody votes", REJECTED, REJECTED, ALL),
    (R.ABSOLUTE_MAJORITY, "all for", ADOPTED, ADOPTED, set()),
    (R.ABSOLUTE_MAJORITY, "municipalities abstain", ADOPTED, REJECTED, {MUN}),
    (R.ABSOLUTE_MAJORITY, "member without a constituency against", ADOPTED, ADOPTED, set()),
    # 4 of 7 overall, but 1 of 2 eligible is not more than half.
    (R.ABSOLUTE_MAJORITY, "half of two constituencies", ADOPTED, REJECTED, {IND, MUN}),
    (R.ABSOLUTE_MAJORITY, "industry split", ADOPTED, REJECTED, {IND}),
    (R.ABSOLUTE_MAJORITY, "nobody votes", REJECTED, REJECTED, ALL),
    (R.TWO_THIRDS, "all for", ADOPTED, ADOPTED, set()),
    (R.TWO_THIRDS, "municipalities abstain", ADOPTED, REJECTED, {MUN}),  # nothing cast
    (R.TWO_THIRDS, "member without a constituency against", ADOPTED, ADOPTED, set()),  # 6/7
    (R.TWO_THIRDS, "half of two constituencies", ADOPTED, ADOPTED, set()),
    (R.TWO_THIRDS, "industry split", ADOPTED, REJECTED, {IND}),
    (R.TWO_THIRDS, "nobody votes", REJECTED, REJECTED, ALL),
    (R.CONSENSUS, "all for", ADOPTED, ADOPTED, set()),
    (R.CONSENSUS, "municipalities abstain", ADOPTED, REJECTED, {MUN}),  # nobody for it
    # Every constituency agrees; the member without one still blocks a consensus overall.
    (R.CONSENSUS, "member without a constituency against", REJECTED, REJECTED, set()),
    (R.CONSENSUS, "half of two constituencies", ADOPTED, ADOPTED, set()),
    (R.CONSENSUS, "industry split", REJECTED, REJECTED, {IND}),
    (R.CONSENSUS, "nobody votes", REJECTED, REJECTED, ALL),
]


def _ballot(pattern: str) -> tuple[Count, dict[int, str | None], dict[int, VoteChoice]]:
    votes = PATTERNS[pattern]
    roll = dict(enumerate(SEATS))
    choices = {seat: VoteChoice(vote) for seat, vote in enumerate(votes) if vote}
    given = list(choices.values())
    return (
        Count(*(given.count(c) for c in (VoteChoice.FOR, VoteChoice.AGAINST, VoteChoice.ABSTAIN))),
        roll,
        choices,
    )


def test_every_rule_and_pattern_is_in_the_table():
    assert {(rule, pattern) for rule, pattern, *_ in TABLE} == {
        (rule, pattern) for rule in VotingRule for pattern in PATTERNS
    }


@pytest.mark.parametrize(("rule", "pattern", "overall", "expected", "blocked"), TABLE)
def test_constituency_outcomes(rule, pattern, overall, expected, blocked):
    count, roll, choices = _ballot(pattern)
    within = parts(roll, choices)
    # One part per constituency, by name; the member without one is in none.
    assert [p.name for p in within] == [GOV, IND, MUN]
    assert sum(p.eligible for p in within) == len(SEATS) - 1
    assert sum(p.count.cast for p in within) == count.cast - (PATTERNS[pattern][-1] != "")
    decide = {"eligible": len(SEATS), "present": 7, "quorum": 4}
    assert outcome(rule, count, **decide) == overall
    assert outcome(rule, count, **decide, within=within) == expected
    failing = {p.name for p in within if outcome(rule, p.count, eligible=p.eligible,
                                                 present=1, quorum=0) != ADOPTED}  # fmt: skip
    assert failing == blocked


@pytest.mark.parametrize("rule", list(VotingRule))
def test_the_quorum_is_unchanged(rule):
    count, roll, choices = _ballot("all for")
    within = parts(roll, choices)
    assert outcome(rule, count, eligible=7, present=3, quorum=4, within=within) == (
        MotionOutcome.NO_QUORUM
    )
    assert outcome(rule, count, eligible=7, present=4, quorum=4, within=within) == ADOPTED


# ------------------------------------------------------------------ through the API

TALLY = "tally { cast for against abstain eligible present quorumMet constituencies { " \
    "name for against abstain eligible passed } }"  # fmt: skip
CMOTION = f"id status outcome requireEachConstituency {TALLY} decision {{ id }}"
CLOSE = f"mutation($id: ID!) {{ closeVoting(motionId: $id) {{ {CMOTION} }} }}"
READ = f"query($id: ID!) {{ node(id: $id) {{ ... on Motion {{ {CMOTION} }} }} }}"
PROPOSE = f"""mutation($input: ProposeMotionInput!) {{ proposeMotion(input: $input) {{
  {CMOTION} }} }}"""


async def constituency_panel() -> Panel:
    """Seven voting members, their seats' constituencies as in SEATS (the chair first)."""
    made = await panel(len(SEATS), quorum=4, prefix="CV")
    for who, seat in zip(made.voters, SEATS, strict=True):
        await Membership.filter(body_id=made.body.id, person_id=who.id).update(constituency=seat)
    return made


async def propose(
    client: httpx.AsyncClient, made: Panel, meeting_id: str, rule: str, *, secret: bool,
    each: bool | None = True,
) -> dict[str, Any]:  # fmt: skip
    given: dict[str, Any] = {
        "meetingId": meeting_id,
        "title": "Co-fund the municipal water plans",
        "text": "Each municipality co-funds 10% of its water plan.",
        "votingRule": rule,
        "secretBallot": secret,
        "classification": "PUBLIC",
    }
    if each is not None:
        given["requireEachConstituency"] = each
    data = await ok(client, PROPOSE, {"input": given}, token=made.token(made.secretary))
    return data["proposeMotion"]


async def opened_ballot(client: httpx.AsyncClient, made: Panel, rule: str, *, secret: bool) -> str:
    meeting_id = await meeting_for(client, made)
    entries = attendance(*[(who, "PRESENT") for who in made.voters])
    await ok(client, ATTEND, {"m": meeting_id, "e": entries}, token=made.token(made.secretary))
    motion = await propose(client, made, meeting_id, rule, secret=secret)
    await ok(client, OPEN, {"id": motion["id"]}, token=made.token(made.chair))
    return motion["id"]


async def read(client: httpx.AsyncClient, made: Panel, motion_id: str) -> dict[str, Any]:
    return (await ok(client, READ, {"id": motion_id}, token=made.token(made.chair)))["node"]


@pytest.mark.parametrize(("rule", "pattern", "overall", "expected", "blocked"), TABLE)
async def test_closing_a_constituency_ballot_through_the_api(
    client, rule, pattern, overall, expected, blocked
):
    made = await constituency_panel()
    secret = TABLE.index((rule, pattern, overall, expected, blocked)) % 2 == 1
    motion_id = await opened_ballot(client, made, rule.value, secret=secret)
    for who, vote in zip(made.voters, PATTERNS[pattern], strict=True):
        if vote:
            await ok(client, CAST, {"id": motion_id, "c": vote}, token=made.token(who))
    closed = (await ok(client, CLOSE, {"id": motion_id}, token=made.token(made.secretary)))[
        "closeVoting"
    ]
    assert closed["outcome"] == expected.value
    assert (closed["decision"] is not None) == (expected == ADOPTED)
    votes = PATTERNS[pattern]
    rows = []
    for name in (GOV, IND, MUN):
        mine = [v for v, seat in zip(votes, SEATS, strict=True) if seat == name]
        rows.append(
            {
                "name": name,
                "for": mine.count(F),
                "against": mine.count(A),
                "abstain": mine.count(X),
                "eligible": 2,
                "passed": name not in blocked,
            }
        )
    assert closed["tally"]["constituencies"] == rows
    assert closed["tally"]["eligible"] == 7  # the member without a constituency counts here
    assert closed["tally"]["cast"] == len([v for v in votes if v])


async def test_the_tally_of_an_open_ballot_shows_counts_and_no_verdict(client):
    made = await constituency_panel()
    motion_id = await opened_ballot(client, made, "SIMPLE_MAJORITY", secret=False)
    await ok(client, CAST, {"id": motion_id, "c": "AGAINST"}, token=made.token(made.voters[4]))
    tally = (await read(client, made, motion_id))["tally"]
    assert tally["constituencies"] == [
        {"name": GOV, "for": 0, "against": 0, "abstain": 0, "eligible": 2, "passed": None},
        {"name": IND, "for": 0, "against": 0, "abstain": 0, "eligible": 2, "passed": None},
        {"name": MUN, "for": 0, "against": 1, "abstain": 0, "eligible": 2, "passed": None},
    ]


async def test_the_tally_of_an_open_secret_ballot_gives_only_eligible(client):
    made = await constituency_panel()
    motion_id = await opened_ballot(client, made, "SIMPLE_MAJORITY", secret=True)
    await ok(client, CAST, {"id": motion_id, "c": "AGAINST"}, token=made.token(made.voters[4]))
    tally = (await read(client, made, motion_id))["tally"]
    assert tally["constituencies"] == [
        {"name": name, "for": None, "against": None, "abstain": None, "eligible": 2,
         "passed": None}
        for name in (GOV, IND, MUN)
    ]  # fmt: skip
    assert tally["for"] is None and tally["cast"] == 1


async def test_the_constituencies_are_frozen_with_the_roll(client):
    """Before voting opens the tally reads the live roll; once open, the roll frozen then:
    a constituency renamed or a seat added later changes nothing on that motion."""
    made = await constituency_panel()
    meeting_id = await meeting_for(client, made)
    motion = await propose(client, made, meeting_id, "SIMPLE_MAJORITY", secret=False)
    assert motion["requireEachConstituency"] is True
    assert [(c["name"], c["eligible"]) for c in motion["tally"]["constituencies"]] == [
        (GOV, 2), (IND, 2), (MUN, 2)
    ]  # fmt: skip
    await ok(client, OPEN, {"id": motion["id"]}, token=made.token(made.chair))
    await Membership.filter(body_id=made.body.id, constituency=MUN).update(constituency="Civil")
    tally = (await read(client, made, motion["id"]))["tally"]
    assert [(c["name"], c["eligible"]) for c in tally["constituencies"]] == [
        (GOV, 2), (IND, 2), (MUN, 2)
    ]  # fmt: skip


async def test_a_motion_that_does_not_require_each_has_no_constituencies(client):
    made = await constituency_panel()
    meeting_id = await meeting_for(client, made)
    entries = attendance(*[(who, "PRESENT") for who in made.voters])
    await ok(client, ATTEND, {"m": meeting_id, "e": entries}, token=made.token(made.secretary))
    default = await propose(client, made, meeting_id, "SIMPLE_MAJORITY", secret=False, each=None)
    assert default["requireEachConstituency"] is False
    assert default["tally"]["constituencies"] == []
    await ok(client, OPEN, {"id": default["id"]}, token=made.token(made.chair))
    for who, vote in zip(made.voters, PATTERNS["municipalities abstain"], strict=True):
        await ok(client, CAST, {"id": default["id"], "c": vote}, token=made.token(who))
    closed = (await ok(client, CLOSE, {"id": default["id"]}, token=made.token(made.secretary)))[
        "closeVoting"
    ]
    assert closed["outcome"] == "ADOPTED"  # the municipalities' abstention blocks nothing here
    assert closed["tally"]["constituencies"] == []


# ------------------------------------------------------------------ addMember

ADD = """mutation($b: ID!, $p: ID!, $c: String) { addMember(input: {bodyId: $b, personId: $p,
  role: MEMBER, votingRights: true, startDate: "2026-01-05", constituency: $c}) {
  constituency person { id } } }"""
MEMBERS = """query($slug: String!) { body(slug: $slug) { members(activeOn: "2026-02-01") {
  constituency person { id } } } }"""


async def test_add_member_sets_a_trimmed_bounded_constituency(client):
    world = await workflow_world()
    body = world.bodies["sc"]
    committee = gid("Committee", body.id)
    admin = world.tokens["admin"]
    newcomer = gid("Person", world.people["participant"].id)
    # Only the platform admin manages memberships.
    denied = await refused(client, ADD, {"b": committee, "p": newcomer, "c": "Industry"},
                           token=world.tokens["chair"])  # fmt: skip
    assert denied == "FORBIDDEN"
    # Bounded: 100 characters at most, one line; BAD_USER_INPUT, nothing written.
    for bad in ("x" * 101, "Industry\nGovernment"):
        code = await refused(client, ADD, {"b": committee, "p": newcomer, "c": bad}, token=admin)
        assert code == "BAD_USER_INPUT"
    assert not await Membership.exists(body_id=body.id, person_id=world.people["participant"].id)

    added = await ok(client, ADD, {"b": committee, "p": newcomer, "c": "  Industry \t"},
                     token=admin)  # fmt: skip
    assert added["addMember"]["constituency"] == "Industry"
    members = await ok(client, MEMBERS, {"slug": body.slug}, token=admin)
    seats = {m["person"]["id"]: m["constituency"] for m in members["body"]["members"]}
    assert seats[newcomer] == "Industry"

    # Blank is none; the longest name fits.
    other = gid("Person", world.people["party"].id)
    blank = await ok(client, ADD, {"b": committee, "p": other, "c": "   "}, token=admin)
    assert blank["addMember"]["constituency"] is None
    third = gid("Person", world.people["comms"].id)
    longest = await ok(client, ADD, {"b": committee, "p": third, "c": "y" * 100}, token=admin)
    assert longest["addMember"]["constituency"] == "y" * 100


async def test_closing_reports_the_blocking_constituency_in_the_audit_trail(client):
    from governance.models import AuditEvent

    made = await constituency_panel()
    motion_id = await opened_ballot(client, made, "SIMPLE_MAJORITY", secret=False)
    for who, vote in zip(made.voters, PATTERNS["municipalities abstain"], strict=True):
        await ok(client, CAST, {"id": motion_id, "c": vote}, token=made.token(who))
    await ok(client, CLOSE, {"id": motion_id}, token=made.token(made.secretary))
    event = await AuditEvent.filter(action="motion.close").order_by("-seq").first()
    assert event is not None
    assert event.summary.endswith("REJECTED (5 for, 0 against, 2 abstaining); not carried "
                                  "within Municipalities")  # fmt: skip
