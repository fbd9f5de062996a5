"""Motions and ballots: the motion lifecycle, who may propose, open, vote, record and close,
one ballot per member, the frozen roll, secret ballots, and the decision an adopted motion
records."""

from __future__ import annotations

from datetime import timedelta

import pytest

from governance.access import mint_token
from governance.enums import BodyKind, Classification, MemberRole
from governance.models import AgendaItem, AuditEvent, Decision, Membership, Motion, Person, Vote
from schema import ids
from tests.graphql import codes, gid, gql
from tests.workflows.helpers import (
    ATTEND,
    CAST,
    CLOSE,
    MOTION_QUERY,
    OPEN,
    PROPOSE,
    RECORD,
    WITHDRAW,
    attendance,
    ok,
    panel,
    refused,
    run_ballot,
)
from tests.workflows.helpers import workflow_world as build
from tests.world import TODAY

C = Classification


def propose_input(world, level=C.PUBLIC, **overrides):
    return {
        "input": {
            "meetingId": gid("Meeting", world.meetings[level].id),
            "title": "Approve the infrastructure lifecycle plan",
            "text": "The committee approves the plan.",
            "votingRule": "SIMPLE_MAJORITY",
            "secretBallot": False,
            "classification": level.value,
            **overrides,
        }
    }


async def motion(client, world, level=C.PUBLIC, *, role="secretary", **overrides) -> str:
    data = await ok(
        client, PROPOSE, propose_input(world, level, **overrides), token=world.tokens[role]
    )
    return data["proposeMotion"]["id"]


async def quorate(client, world, level=C.PUBLIC):
    """Chair and member (the committee's two voters) recorded present."""
    entries = attendance((world.people["chair"], "PRESENT"), (world.people["member"], "PRESENT"))
    await ok(
        client,
        ATTEND,
        {"m": gid("Meeting", world.meetings[level].id), "e": entries},
        token=world.tokens["secretary"],
    )


# ------------------------------------------------------------------ lifecycle


async def test_motion_lifecycle_draft_open_withdrawn(client):
    world = await build()
    chair = world.tokens["chair"]
    await quorate(client, world)

    # DRAFT: may open or withdraw; may not be closed or voted on.
    draft = await motion(client, world)
    shown = (await ok(client, MOTION_QUERY, {"id": draft}, token=chair))["node"]
    assert (shown["status"], shown["outcome"]) == ("DRAFT", None)
    assert await refused(client, CLOSE, {"id": draft}, token=chair) == "INVALID_TRANSITION"
    vote = {"id": draft, "c": "FOR"}
    assert await refused(client, CAST, vote, token=world.tokens["member"]) == "INVALID_TRANSITION"
    record = {"id": draft, "p": gid("Person", world.people["member"].id), "c": "FOR"}
    assert await refused(client, RECORD, record, token=chair) == "INVALID_TRANSITION"
    assert await Vote.all().count() == 0

    # DRAFT → OPEN; OPEN may not be opened again.
    opened = (await ok(client, OPEN, {"id": draft}, token=chair))["openVoting"]
    assert opened["status"] == "OPEN"
    assert opened["tally"] == {
        "cast": 0, "for": 0, "against": 0, "abstain": 0,
        "eligible": 2, "present": 2, "quorumMet": True,
    }  # fmt: skip
    assert await refused(client, OPEN, {"id": draft}, token=chair) == "INVALID_TRANSITION"

    # DRAFT → WITHDRAWN, and OPEN → WITHDRAWN; a withdrawn motion is finished.
    withdrawn_draft = await motion(client, world)
    data = await ok(client, WITHDRAW, {"id": withdrawn_draft}, token=world.tokens["secretary"])
    assert data["withdrawMotion"]["status"] == "WITHDRAWN"
    await ok(client, CAST, vote, token=world.tokens["member"])
    data = await ok(client, WITHDRAW, {"id": draft}, token=chair)
    assert (data["withdrawMotion"]["status"], data["withdrawMotion"]["outcome"]) == (
        "WITHDRAWN",
        None,
    )
    assert data["withdrawMotion"]["decision"] is None
    for gone in (withdrawn_draft, draft):
        for query in (OPEN, CLOSE, WITHDRAW):
            assert await refused(client, query, {"id": gone}, token=chair) == "INVALID_TRANSITION"
        cast = {"id": gone, "c": "AGAINST"}
        assert await refused(client, CAST, cast, token=world.tokens["member"]) == (
            "INVALID_TRANSITION"
        )
        record = {"id": gone, "p": gid("Person", world.people["member"].id), "c": "AGAINST"}
        assert await refused(client, RECORD, record, token=chair) == "INVALID_TRANSITION"
    assert [v.choice.value for v in await Vote.all()] == ["FOR"]
    assert await Decision.filter(motion_id__isnull=False).count() == 0


async def test_motion_lifecycle_open_to_closed(client):
    world = await build()
    chair = world.tokens["chair"]
    await quorate(client, world)
    motion_id = await motion(client, world)
    await ok(client, OPEN, {"id": motion_id}, token=chair)
    vote = {"id": motion_id, "c": "FOR"}
    await ok(client, CAST, vote, token=world.tokens["member"])
    closed = (await ok(client, CLOSE, {"id": motion_id}, token=chair))["closeVoting"]
    assert (closed["status"], closed["outcome"]) == ("CLOSED", "ADOPTED")
    # A CLOSED motion can be neither reopened, closed again, withdrawn nor voted on.
    for query in (OPEN, CLOSE, WITHDRAW):
        assert await refused(client, query, {"id": motion_id}, token=chair) == (
            "INVALID_TRANSITION"
        )
    late = {"id": motion_id, "c": "AGAINST"}
    assert await refused(client, CAST, late, token=world.tokens["chair"]) == "INVALID_TRANSITION"
    record = {"id": motion_id, "p": gid("Person", world.people["chair"].id), "c": "AGAINST"}
    assert await refused(client, RECORD, record, token=chair) == "INVALID_TRANSITION"
    assert await Vote.all().count() == 1
    assert await Decision.filter(motion_id__isnull=False).count() == 1


# ------------------------------------------------------------------ write rules


async def test_who_may_propose_a_motion(client):
    world = await build()
    confidential = propose_input(world, C.CONFIDENTIAL)
    assert await codes(
        client,
        world,
        PROPOSE,
        confidential,
        ["anonymous", "participant", "party", "admin", "board_chair", "former", "observer"],
    ) == {
        "anonymous": "UNAUTHENTICATED",
        "participant": "NOT_FOUND",
        "party": "NOT_FOUND",
        "admin": "NOT_FOUND",
        "board_chair": "NOT_FOUND",
        "former": "NOT_FOUND",  # no longer a member: the confidential meeting is gone
        "observer": "FORBIDDEN",  # a member without a vote
    }
    for role in ("member", "chair", "secretary"):
        data = await ok(client, PROPOSE, confidential, token=world.tokens[role])
        assert data["proposeMotion"]["status"] == "DRAFT"
    internal = propose_input(world, C.INTERNAL)
    assert await refused(client, PROPOSE, internal, token=world.tokens["participant"]) == (
        "FORBIDDEN"
    )
    # A motion belongs to an item of its own meeting's agenda.
    item = await AgendaItem.create(
        meeting_id=world.meetings[C.INTERNAL].id, position=1, title="Budget",
        classification=C.INTERNAL,
    )  # fmt: skip
    elsewhere = propose_input(world, C.CONFIDENTIAL, agendaItemId=gid("AgendaItem", item.id))
    assert await refused(client, PROPOSE, elsewhere, token=world.tokens["chair"]) == (
        "BAD_USER_INPUT"
    )
    # The seconder is someone other than the proposer.
    member = gid("Person", world.people["member"].id)
    same = propose_input(world, C.CONFIDENTIAL, proposerId=member, seconderId=member)
    assert await refused(client, PROPOSE, same, token=world.tokens["chair"]) == "BAD_USER_INPUT"


async def test_proposer_and_seconder_are_members_with_voting_rights(client):
    world = await build()
    person = {role: gid("Person", world.people[role].id) for role in world.people}
    for role in ("observer", "secretary", "participant", "former", "advisor"):
        as_proposer = propose_input(world, proposerId=person[role])
        as_seconder = propose_input(world, proposerId=person["member"], seconderId=person[role])
        for named in (as_proposer, as_seconder):
            assert await refused(client, PROPOSE, named, token=world.tokens["secretary"]) == (
                "BAD_USER_INPUT"
            ), role
    moved = propose_input(world, proposerId=person["member"], seconderId=person["chair"])
    data = await ok(client, PROPOSE, moved, token=world.tokens["secretary"])
    motion = await Motion.get(id=ids.require(data["proposeMotion"]["id"], "id", "Motion"))
    assert (motion.proposer_id, motion.seconder_id) == (
        world.people["member"].id,
        world.people["chair"].id,
    )
    # The secretary, who has no vote, tables a motion without being named its proposer.
    tabled = await ok(client, PROPOSE, propose_input(world), token=world.tokens["secretary"])
    motion = await Motion.get(id=ids.require(tabled["proposeMotion"]["id"], "id", "Motion"))
    assert motion.proposer_id is None


async def test_only_chair_or_secretary_opens_closes_and_withdraws(client):
    world = await build()
    roles = ["anonymous", "participant", "admin", "member", "observer"]
    expected = {
        "anonymous": "UNAUTHENTICATED",
        "participant": "NOT_FOUND",
        "admin": "NOT_FOUND",
        "member": "FORBIDDEN",
        "observer": "FORBIDDEN",
    }
    motion_id = await motion(client, world, C.CONFIDENTIAL)
    assert await codes(client, world, OPEN, {"id": motion_id}, roles) == expected
    assert await codes(client, world, WITHDRAW, {"id": motion_id}, roles) == expected
    await ok(client, OPEN, {"id": motion_id}, token=world.tokens["secretary"])
    assert await codes(client, world, CLOSE, {"id": motion_id}, roles) == expected
    assert await codes(client, world, WITHDRAW, {"id": motion_id}, roles) == expected
    await ok(client, WITHDRAW, {"id": motion_id}, token=world.tokens["chair"])

    # On a motion every signed-in person sees, the participant is FORBIDDEN.
    internal = await motion(client, world, C.INTERNAL)
    assert await refused(client, OPEN, {"id": internal}, token=world.tokens["participant"]) == (
        "FORBIDDEN"
    )


@pytest.mark.parametrize("role", ["chair", "secretary"])
async def test_the_chair_or_secretary_closes_voting(client, role):
    world = await build()
    motion_id = await motion(client, world, C.CONFIDENTIAL)
    await ok(client, OPEN, {"id": motion_id}, token=world.tokens["chair"])
    closed = (await ok(client, CLOSE, {"id": motion_id}, token=world.tokens[role]))["closeVoting"]
    assert closed["status"] == "CLOSED"
    assert closed["outcome"] == "NO_QUORUM"  # nobody was recorded present


async def test_who_may_cast_a_vote(client):
    world = await build()
    motion_id = await motion(client, world, C.CONFIDENTIAL)
    await ok(client, OPEN, {"id": motion_id}, token=world.tokens["chair"])
    vote = {"id": motion_id, "c": "FOR"}
    assert await codes(
        client,
        world,
        CAST,
        vote,
        ["anonymous", "participant", "admin", "former", "secretary", "observer"],
    ) == {
        "anonymous": "UNAUTHENTICATED",
        "participant": "NOT_FOUND",
        "admin": "NOT_FOUND",
        "former": "NOT_FOUND",
        "secretary": "FORBIDDEN",  # the secretary has no vote
        "observer": "FORBIDDEN",
    }
    for role in ("member", "chair"):
        data = await ok(client, CAST, vote, token=world.tokens[role])
        assert data["castVote"]["status"] == "OPEN"
    assert await Vote.all().count() == 2

    # Where the motion is public, those without a vote are FORBIDDEN.
    public = await motion(client, world, C.PUBLIC)
    await ok(client, OPEN, {"id": public}, token=world.tokens["chair"])
    assert await codes(
        client, world, CAST, {"id": public, "c": "AGAINST"}, ["participant", "former", "admin"]
    ) == {"participant": "FORBIDDEN", "former": "FORBIDDEN", "admin": "FORBIDDEN"}


async def test_secretary_records_a_vote_given_in_the_room(client):
    world = await build()
    motion_id = await motion(client, world, C.CONFIDENTIAL)
    await ok(client, OPEN, {"id": motion_id}, token=world.tokens["chair"])
    member = gid("Person", world.people["member"].id)
    record = {"id": motion_id, "p": member, "c": "AGAINST"}
    assert await codes(
        client, world, RECORD, record, ["anonymous", "participant", "member", "observer"]
    ) == {
        "anonymous": "UNAUTHENTICATED",
        "participant": "NOT_FOUND",
        "member": "FORBIDDEN",
        "observer": "FORBIDDEN",
    }
    data = (await ok(client, RECORD, record, token=world.tokens["secretary"]))["recordVote"]
    assert data["votes"] == [
        {
            "voter": {"id": member},
            "choice": "AGAINST",
            "recordedBy": {"id": gid("Person", world.people["secretary"].id)},
        }
    ]
    # The member changes their mind and votes for themself: it replaces the recorded vote.
    data = (await ok(client, CAST, {"id": motion_id, "c": "FOR"}, token=world.tokens["member"]))[
        "castVote"
    ]
    assert data["votes"] == [{"voter": {"id": member}, "choice": "FOR", "recordedBy": None}]
    assert data["tally"]["cast"] == 1

    # Nobody records a vote for someone who has none on this motion.
    for who in ("observer", "secretary", "participant", "former"):
        other = {**record, "p": gid("Person", world.people[who].id)}
        code = await refused(client, RECORD, other, token=world.tokens["chair"])
        assert code == "BAD_USER_INPUT", who
    nobody = {**record, "p": gid("Person", 999_999)}
    assert await refused(client, RECORD, nobody, token=world.tokens["chair"]) == "NOT_FOUND"
    assert await Vote.all().count() == 1


# ------------------------------------------------------------------ ballots


async def test_a_repeat_vote_replaces_the_earlier_one(client):
    world = await build()
    await quorate(client, world)
    motion_id = await motion(client, world)
    await ok(client, OPEN, {"id": motion_id}, token=world.tokens["chair"])
    member = world.tokens["member"]
    for choice in ("FOR", "AGAINST", "ABSTAIN", "AGAINST"):
        data = (await ok(client, CAST, {"id": motion_id, "c": choice}, token=member))["castVote"]
    assert data["tally"] == {
        "cast": 1, "for": 0, "against": 1, "abstain": 0,
        "eligible": 2, "present": 2, "quorumMet": True,
    }  # fmt: skip
    assert [v["choice"] for v in data["votes"]] == ["AGAINST"]
    await ok(client, CAST, {"id": motion_id, "c": "FOR"}, token=world.tokens["chair"])
    closed = (await ok(client, CLOSE, {"id": motion_id}, token=world.tokens["chair"]))[
        "closeVoting"
    ]
    # One FOR, one AGAINST: a tie is not a simple majority.
    assert closed["outcome"] == "REJECTED"
    assert closed["tally"]["cast"] == 2
    assert closed["decision"] is None


@pytest.mark.parametrize("secret", [False, True], ids=["open", "secret"])
async def test_a_members_own_vote_is_never_replaced_by_anyone_else(client, secret):
    """A ballot is the voter's: the chair or secretary records a vote only for a member who
    has not voted themself, and never overwrites one the member cast."""
    world = await build()
    await quorate(client, world)
    motion_id = await motion(client, world, secretBallot=secret)
    await ok(client, OPEN, {"id": motion_id}, token=world.tokens["chair"])
    member = gid("Person", world.people["member"].id)
    await ok(client, CAST, {"id": motion_id, "c": "AGAINST"}, token=world.tokens["member"])

    for officer in ("secretary", "chair"):
        overwrite = {"id": motion_id, "p": member, "c": "FOR"}
        assert await refused(client, RECORD, overwrite, token=world.tokens[officer]) == "FORBIDDEN"
    vote = await Vote.get(motion_id=ids.require(motion_id, "id", "Motion"))
    assert (vote.choice, vote.recorded_by_id) == ("AGAINST", None)

    # The member's own vote still replaces their own, and one recorded for them.
    await ok(client, CAST, {"id": motion_id, "c": "ABSTAIN"}, token=world.tokens["member"])
    assert (await Vote.get(id=vote.id)).choice == "ABSTAIN"


async def test_recording_a_vote_names_the_member_on_an_open_ballot_only(client):
    world = await build()
    await quorate(client, world)
    summaries = {}
    for secret in (False, True):
        motion_id = await motion(client, world, secretBallot=secret)
        await ok(client, OPEN, {"id": motion_id}, token=world.tokens["chair"])
        record = {"id": motion_id, "p": gid("Person", world.people["member"].id), "c": "FOR"}
        await ok(client, RECORD, record, token=world.tokens["secretary"])
        event = await AuditEvent.filter(action="vote.record").order_by("-seq").first()
        assert event is not None and event.actor_id == world.people["secretary"].id
        summaries[secret] = event.summary
    name = world.people["member"].name
    assert name in summaries[False] and "FOR" in summaries[False]
    assert name not in summaries[True] and "FOR" not in summaries[True]


async def joins_after_voting_opened(world) -> Person:
    """A new voting member of the steering committee, in force since yesterday."""
    newcomer = await Person.create(name="New Member", email="new@example.org")
    await Membership.create(
        person_id=newcomer.id, body_id=world.bodies["sc"].id, role=MemberRole.MEMBER,
        voting_rights=True, start_date=TODAY - timedelta(days=1),
    )  # fmt: skip
    return newcomer


async def test_the_roll_is_frozen_when_voting_opens(client):
    world = await build()
    await quorate(client, world)
    motion_id = await motion(client, world, votingRule="ABSOLUTE_MAJORITY")
    await ok(client, OPEN, {"id": motion_id}, token=world.tokens["chair"])
    # A new voting member joins the committee after voting opened: no vote on this motion.
    newcomer = await joins_after_voting_opened(world)
    token = (await mint_token(newcomer, actor_id=None)).token
    assert await refused(client, CAST, {"id": motion_id, "c": "FOR"}, token=token) == "FORBIDDEN"
    record = {"id": motion_id, "p": gid("Person", newcomer.id), "c": "FOR"}
    assert await refused(client, RECORD, record, token=world.tokens["secretary"]) == (
        "BAD_USER_INPUT"
    )
    await ok(client, CAST, {"id": motion_id, "c": "FOR"}, token=world.tokens["member"])
    await ok(client, CAST, {"id": motion_id, "c": "FOR"}, token=world.tokens["chair"])
    closed = (await ok(client, CLOSE, {"id": motion_id}, token=world.tokens["chair"]))[
        "closeVoting"
    ]
    # Two FOR out of the two eligible when voting opened: an absolute majority.
    assert closed["tally"]["eligible"] == 2
    assert closed["outcome"] == "ADOPTED"


async def test_presence_counts_against_the_roll_frozen_when_voting_opened(client):
    """The steering committee's quorum is two. Only the chair is present when voting opens;
    a member who joins afterwards and is recorded present has no vote on the motion, so
    does not make it quorate either (governance.voting_rules)."""
    world = await build()
    meeting = gid("Meeting", world.meetings[C.PUBLIC].id)
    present = attendance((world.people["chair"], "PRESENT"))
    await ok(client, ATTEND, {"m": meeting, "e": present}, token=world.tokens["secretary"])
    motion_id = await motion(client, world)
    await ok(client, OPEN, {"id": motion_id}, token=world.tokens["chair"])
    newcomer = await joins_after_voting_opened(world)
    late = attendance((newcomer, "PRESENT"))
    await ok(client, ATTEND, {"m": meeting, "e": late}, token=world.tokens["secretary"])
    await ok(client, CAST, {"id": motion_id, "c": "FOR"}, token=world.tokens["chair"])
    shown = await ok(client, MOTION_QUERY, {"id": motion_id}, token=world.tokens["chair"])
    assert shown["node"]["tally"] == {
        "cast": 1, "for": 1, "against": 0, "abstain": 0,
        "eligible": 2, "present": 1, "quorumMet": False,
    }  # fmt: skip
    closed = (await ok(client, CLOSE, {"id": motion_id}, token=world.tokens["chair"]))[
        "closeVoting"
    ]
    assert closed["outcome"] == "NO_QUORUM"
    assert (closed["tally"]["present"], closed["tally"]["eligible"]) == (1, 2)
    # The meeting itself counts everyone with a vote today: two of them are present.
    data = await ok(
        client, "query($id: ID!) { node(id: $id) { ... on Meeting { quorumPresent } } }",
        {"id": meeting}, token=world.tokens["chair"],
    )  # fmt: skip
    assert data["node"]["quorumPresent"] is True


async def test_a_secret_ballot_reveals_no_choice_and_no_running_count(client):
    world = await build()
    await quorate(client, world)
    motion_id = await motion(client, world, secretBallot=True)
    await ok(client, OPEN, {"id": motion_id}, token=world.tokens["chair"])
    cast = await ok(client, CAST, {"id": motion_id, "c": "AGAINST"}, token=world.tokens["member"])
    sealed = {"for": None, "against": None, "abstain": None}
    assert cast["castVote"]["votes"] == []
    assert {k: cast["castVote"]["tally"][k] for k in sealed} == sealed
    recorded = await ok(
        client,
        RECORD,
        {"id": motion_id, "p": gid("Person", world.people["chair"].id), "c": "FOR"},
        token=world.tokens["secretary"],
    )
    assert recorded["recordVote"]["votes"] == []
    for role in ("chair", "secretary", "member", "participant", "anonymous"):
        shown = (await ok(client, MOTION_QUERY, {"id": motion_id}, token=world.tokens[role]))[
            "node"
        ]
        assert shown["votes"] == [], role
        assert shown["tally"]["cast"] == 2
        assert {k: shown["tally"][k] for k in sealed} == sealed, role

    closed = (await ok(client, CLOSE, {"id": motion_id}, token=world.tokens["chair"]))[
        "closeVoting"
    ]
    # After closing, the totals are known; who voted how never is.
    assert closed["tally"]["for"] == 1
    assert closed["tally"]["against"] == 1
    assert closed["votes"] == []
    assert closed["outcome"] == "REJECTED"

    # Nor does the audit trail say how anyone voted (an admin reads it; the motion is public).
    events = await ok(
        client,
        "query($s: ID!) { auditEvents(subjectId: $s, first: 100) { edges { node { action summary } } } }",
        {"s": motion_id},
        token=world.tokens["admin"],
    )
    votes = [
        e["node"]["summary"]
        for e in events["auditEvents"]["edges"]
        if e["node"]["action"].startswith("vote.")
    ]
    assert len(votes) == 2
    for summary in votes:
        assert not any(word in summary.upper() for word in ("FOR ", "AGAINST", "ABSTAIN")), summary


async def test_an_open_ballot_shows_each_vote_and_the_running_tally(client):
    world = await build()
    await quorate(client, world)
    motion_id = await motion(client, world)
    await ok(client, OPEN, {"id": motion_id}, token=world.tokens["chair"])
    await ok(client, CAST, {"id": motion_id, "c": "ABSTAIN"}, token=world.tokens["member"])
    shown = (await ok(client, MOTION_QUERY, {"id": motion_id}, token=world.tokens["anonymous"]))[
        "node"
    ]
    assert shown["tally"]["abstain"] == 1
    assert shown["votes"] == [
        {"voter": {"id": gid("Person", world.people["member"].id)}, "choice": "ABSTAIN",
         "recordedBy": None}
    ]  # fmt: skip


# ------------------------------------------------------------------ outcome and decision


async def test_an_adopted_motion_records_a_decision_in_the_register(client):
    world = await build()
    await quorate(client, world, C.CONFIDENTIAL)
    motion_id = await motion(client, world, C.CONFIDENTIAL, votingRule="CONSENSUS")
    await ok(client, OPEN, {"id": motion_id}, token=world.tokens["chair"])
    await ok(client, CAST, {"id": motion_id, "c": "FOR"}, token=world.tokens["member"])
    await ok(client, CAST, {"id": motion_id, "c": "ABSTAIN"}, token=world.tokens["chair"])
    closed = (await ok(client, CLOSE, {"id": motion_id}, token=world.tokens["secretary"]))[
        "closeVoting"
    ]
    assert closed["outcome"] == "ADOPTED"
    decision = closed["decision"]
    assert decision["reference"] == f"SC-{TODAY.year}-005"  # after the register's 001..004
    assert decision["status"] == "IN_FORCE"
    assert decision["classification"] == "CONFIDENTIAL"
    assert decision["committee"]["id"] == gid("Committee", world.bodies["sc"].id)
    shown = await ok(
        client,
        "query($r: String!) { decision(reference: $r) { title release motion { id } } }",
        {"r": decision["reference"]},
        token=world.tokens["member"],
    )
    assert shown["decision"] == {
        "title": "Approve the infrastructure lifecycle plan",
        "release": "NOT_FOR_RELEASE",
        "motion": {"id": motion_id},
    }
    # Those outside the committee learn nothing of it.
    hidden = await gql(
        client,
        "query($r: String!) { decision(reference: $r) { id } }",
        {"r": decision["reference"]},
        token=world.tokens["participant"],
    )
    assert hidden.data == {"decision": None}


@pytest.mark.parametrize(
    ("present", "choices", "outcome"),
    [
        (["chair", "member"], ["AGAINST", "AGAINST"], "REJECTED"),
        (["chair"], ["FOR", "FOR"], "NO_QUORUM"),
    ],
)
async def test_rejected_or_inquorate_motions_record_no_decision(client, present, choices, outcome):
    world = await build()
    entries = attendance(*[(world.people[p], "PRESENT") for p in present])
    meeting = gid("Meeting", world.meetings[C.PUBLIC].id)
    await ok(client, ATTEND, {"m": meeting, "e": entries}, token=world.tokens["secretary"])
    motion_id = await motion(client, world)
    await ok(client, OPEN, {"id": motion_id}, token=world.tokens["chair"])
    for role, choice in zip(("chair", "member"), choices, strict=True):
        await ok(client, CAST, {"id": motion_id, "c": choice}, token=world.tokens[role])
    closed = (await ok(client, CLOSE, {"id": motion_id}, token=world.tokens["chair"]))[
        "closeVoting"
    ]
    assert closed["outcome"] == outcome
    assert closed["decision"] is None
    assert await Decision.filter(motion_id__isnull=False).count() == 0


async def test_an_advisory_boards_adopted_motion_is_a_position_not_a_decision(client):
    board = await panel(3, quorum=2, prefix="AB", kind=BodyKind.ADVISORY_BOARD)
    closed = await run_ballot(client, board, "SIMPLE_MAJORITY", ["FOR", "FOR", "AGAINST"])
    assert closed["outcome"] == "ADOPTED"
    assert closed["decision"] is None
    assert await Decision.all().count() == 0
