"""Races, through the governance services: many casts, casts against a close, several closes,
many recordings of decisions, minutes saved at once. On SQLite the one connection serialises
the transactions in whatever order the event loop picks; on PostgreSQL
(INDABA_TEST_DATABASE_URL) they truly run at once. Either way no ballot may be lost or
doubled, no decision recorded twice, no reference reused."""

from __future__ import annotations

import asyncio
import random
import re
from datetime import UTC, datetime, timedelta

from governance import agreements, audit, ballots, decisions, meetings, recommendations
from governance.enums import (
    AgreementStatus,
    AttendanceStatus,
    Classification,
    DecisionStatus,
    MinutesStatus,
    VoteChoice,
    VotingRule,
)
from governance.errors import Conflict, DomainError, Forbidden, InvalidTransition
from governance.models import (
    Agreement,
    AuditEvent,
    Decision,
    Meeting,
    Minutes,
    MinutesVersion,
    Motion,
    Recommendation,
    Vote,
)
from tests.workflows.helpers import Panel, panel, viewer
from tests.workflows.helpers import workflow_world as build
from tests.world import TODAY

C = Classification
CHOICES = list(VoteChoice)


async def gather(*calls):
    """Run the calls at once, in a shuffled order; each one's result or exception."""
    calls = list(calls)
    order = list(range(len(calls)))
    random.shuffle(order)
    shuffled = await asyncio.gather(*(calls[i] for i in order), return_exceptions=True)
    results: list = [None] * len(calls)
    for position, index in enumerate(order):
        results[index] = shuffled[position]
    for result in results:
        # Only refusals a person would understand; never a crash (IntegrityError, deadlock…).
        if isinstance(result, BaseException) and not isinstance(result, DomainError):
            raise result
    return results


async def open_ballot(made: Panel, rule=VotingRule.SIMPLE_MAJORITY, *, present=None) -> Motion:
    meeting = await Meeting.create(
        body_id=made.body.id, title="Race meeting", classification=C.PUBLIC,
        starts_at=datetime.now(UTC) + timedelta(days=1),
    )  # fmt: skip
    secretary = await viewer(made.secretary)
    voters = made.voters if present is None else made.voters[:present]
    await meetings.record_attendance(
        secretary,
        meeting_id=meeting.id,
        entries=[(who.id, AttendanceStatus.PRESENT) for who in voters],
    )
    motion = await ballots.propose_motion(
        secretary, meeting_id=meeting.id, agenda_item_id=None, title="Race motion",
        text="Resolved.", proposer_id=None, seconder_id=None, voting_rule=rule,
        secret_ballot=False, classification=C.PUBLIC,
    )  # fmt: skip
    await ballots.open_voting(secretary, motion_id=motion.id)
    return motion


async def test_concurrent_casts_keep_one_ballot_per_member(client):
    made = await panel(12, quorum=1)
    motion = await open_ballot(made)
    viewers = {who.id: await viewer(who) for who in made.voters}
    secretary = await viewer(made.secretary)
    calls, last_choice = [], {}
    for who in made.voters:
        for choice in CHOICES:  # each member votes three times at once
            calls.append(ballots.cast_vote(viewers[who.id], motion_id=motion.id, choice=choice))
    for who in made.voters[:4]:  # and the secretary records some of them meanwhile
        calls.append(
            ballots.record_vote(
                secretary, motion_id=motion.id, person_id=who.id, choice=VoteChoice.AGAINST
            )
        )
    results = await gather(*calls)
    casts, records = results[:-4], results[-4:]
    assert not [r for r in casts if isinstance(r, BaseException)]
    # A recording that comes after the member's own vote is refused: the ballot is theirs.
    assert all(isinstance(r, Forbidden) for r in records if isinstance(r, BaseException))

    rows = await Vote.filter(motion_id=motion.id).values_list(
        "voter_id", "choice", "recorded_by_id"
    )
    voters = [voter for voter, _, _ in rows]
    assert sorted(voters) == sorted(who.id for who in made.voters)  # none lost, none doubled
    count = await ballots.count_votes(motion.id)
    assert count.cast == 12
    for voter, choice, _ in rows:
        last_choice[voter] = choice
    assert all(str(choice) in {c.value for c in CHOICES} for choice in last_choice.values())
    # Every member voted themself, so every ballot standing is their own.
    assert [recorded_by for _, _, recorded_by in rows] == [None] * 12
    assert (await audit.verify()).ok


async def test_a_members_first_ballots_racing_each_other_make_one_row(client):
    made = await panel(3, quorum=1)
    motion = await open_ballot(made)
    member = await viewer(made.voters[1])
    results = await gather(
        *(
            ballots.cast_vote(member, motion_id=motion.id, choice=random.choice(CHOICES))
            for _ in range(10)
        )
    )
    assert not [r for r in results if isinstance(r, BaseException)]
    assert await Vote.filter(motion_id=motion.id).count() == 1


async def test_casts_racing_a_close_are_counted_or_refused_never_lost(client):
    made = await panel(15, quorum=1)
    motion = await open_ballot(made, VotingRule.CONSENSUS)
    chair = await viewer(made.chair)
    casts = [
        ballots.cast_vote(await viewer(who), motion_id=motion.id, choice=VoteChoice.FOR)
        for who in made.voters
    ]
    results = await gather(*casts[:8], ballots.close_voting(chair, motion_id=motion.id), *casts[8:])
    close = results[8]
    cast_results = results[:8] + results[9:]
    assert isinstance(close, Motion)
    accepted = {
        who.id
        for who, result in zip(made.voters, cast_results, strict=True)
        if not isinstance(result, BaseException)
    }
    refused = [r for r in cast_results if isinstance(r, BaseException)]
    assert all(isinstance(r, InvalidTransition) for r in refused)
    stored = set(await Vote.filter(motion_id=motion.id).values_list("voter_id", flat=True))
    assert stored == accepted  # every accepted ballot is stored, no refused one is
    # …and the close counted exactly the stored ballots.
    event = await AuditEvent.get(action="motion.close", subject_id=motion.id)
    counted = int(re.search(r"\((\d+) for", event.summary).group(1))
    assert counted == len(stored)
    closed = await Motion.get(id=motion.id)
    assert closed.outcome.value == ("ADOPTED" if stored else "REJECTED")


async def test_racing_closes_record_one_decision(client):
    made = await panel(5, quorum=1, prefix="RC")
    motion = await open_ballot(made)
    for who in made.voters:
        await ballots.cast_vote(await viewer(who), motion_id=motion.id, choice=VoteChoice.FOR)
    chair, secretary = await viewer(made.chair), await viewer(made.secretary)
    results = await gather(
        *(ballots.close_voting(v, motion_id=motion.id) for v in [chair, secretary] * 4)
    )
    closed = [r for r in results if isinstance(r, Motion)]
    assert len(closed) == 1
    assert all(isinstance(r, InvalidTransition) for r in results if r not in closed)
    recorded = await Decision.filter(motion_id=motion.id)
    assert len(recorded) == 1
    assert recorded[0].reference == f"RC-{TODAY.year}-001"
    assert await AuditEvent.filter(action="motion.close").count() == 1
    assert await AuditEvent.filter(action="decision.record").count() == 1


async def test_concurrent_recordings_draw_distinct_consecutive_references(client):
    world = await build()
    chair = await viewer(world.people["chair"])
    secretary = await viewer(world.people["secretary"])
    made = await panel(2, quorum=1, prefix="NEW")  # a committee with no number drawn yet
    panel_chair = await viewer(made.chair)

    def record(who, body_id, n):
        return decisions.record_decision(
            who, committee_id=body_id, title=f"Decision {n}", text="Resolved.",
            decided_on=TODAY, classification=C.INTERNAL,
        )  # fmt: skip

    sc = world.bodies["sc"].id
    results = await gather(
        *(record(chair if n % 2 else secretary, sc, n) for n in range(20)),
        *(record(panel_chair, made.body.id, n) for n in range(10)),
    )
    assert not [r for r in results if isinstance(r, BaseException)]
    sc_refs = sorted(r.reference for r in results[:20])
    assert sc_refs == [f"SC-{TODAY.year}-{n:03d}" for n in range(5, 25)]
    new_refs = sorted(r.reference for r in results[20:])
    assert new_refs == [f"NEW-{TODAY.year}-{n:03d}" for n in range(1, 11)]
    references = await Decision.all().values_list("reference", flat=True)
    assert len(references) == len(set(references)) == 4 + 30
    assert (await audit.verify()).ok


async def test_racing_supersessions_leave_one_successor(client):
    world = await build()
    chair = await viewer(world.people["chair"])
    old = world.decisions[C.INTERNAL]
    results = await gather(
        *(
            decisions.record_decision(
                chair,
                committee_id=world.bodies["sc"].id,
                title=f"Amendment {n}",
                text="Amended.",
                decided_on=TODAY,
                classification=C.INTERNAL,
                supersedes_id=old.id,
            )
            for n in range(6)
        )
    )
    made = [r for r in results if isinstance(r, Decision)]
    assert len(made) == 1
    assert all(isinstance(r, InvalidTransition) for r in results if r not in made)
    assert (await Decision.get(id=old.id)).status == DecisionStatus.SUPERSEDED
    assert await Decision.filter(supersedes_id=old.id).count() == 1


async def test_first_saves_of_minutes_at_once_keep_one_winner(client):
    world = await build()
    meeting = world.meetings[C.INTERNAL]
    chair = await viewer(world.people["chair"])
    secretary = await viewer(world.people["secretary"])
    first = await gather(
        *(
            meetings.save_minutes(
                chair if n % 2 else secretary,
                meeting_id=meeting.id,
                content=f"Edit {n}",
                expected_version=None,
            )
            for n in range(6)
        )
    )
    winners = [r for r in first if isinstance(r, Minutes)]
    assert len(winners) == 1
    assert all(isinstance(r, Conflict) for r in first if r not in winners)
    assert await MinutesVersion.all().count() == 1


async def test_edits_of_one_version_at_once_keep_one_winner(client):
    world = await build()
    meeting = world.meetings[C.INTERNAL]
    chair = await viewer(world.people["chair"])
    secretary = await viewer(world.people["secretary"])
    await meetings.save_minutes(
        secretary, meeting_id=meeting.id, content="v1", expected_version=None
    )

    # Everybody edits version 1 at once: one becomes version 2, the others conflict.
    second = await gather(
        *(
            meetings.save_minutes(
                chair if n % 2 else secretary,
                meeting_id=meeting.id,
                content=f"Edit {n}",
                expected_version=1,
            )
            for n in range(6)
        )
    )
    winners = [r for r in second if isinstance(r, Minutes)]
    assert [w.version for w in winners] == [2]
    assert all(isinstance(r, Conflict) for r in second if r not in winners)
    minutes = await Minutes.get(meeting_id=meeting.id)
    assert (minutes.version, minutes.status) == (2, MinutesStatus.DRAFT)
    kept = await MinutesVersion.filter(minutes_id=minutes.id).order_by("version")
    assert [v.version for v in kept] == [1, 2]
    assert kept[1].content == minutes.content == winners[0].content


async def test_racing_agreement_moves_take_effect_once(client, monkeypatch):
    """Three officers read the agreement ACTIVE and move it at once. Exactly one move takes
    effect; the others are refused with the status it now has, even the termination that
    would have been allowed from SUSPENDED, because its officer saw ACTIVE.

    The three reads are held until all three are done: otherwise one request may read
    after another committed (a pool wait is enough on PostgreSQL), and then suspending and
    terminating one after the other are two legitimate moves, not a race."""
    world = await build()
    chair = await viewer(world.people["chair"])
    secretary = await viewer(world.people["secretary"])
    agreement = world.agreements[C.INTERNAL]
    all_read = asyncio.Barrier(3)
    require = agreements.require

    async def require_then_wait_for_the_others(*args, **kwargs):
        # After the read and the permission check, before the write's transaction (on
        # SQLite a transaction holds the one writer, so waiting inside it would deadlock).
        await require(*args, **kwargs)
        await all_read.wait()

    monkeypatch.setattr(agreements, "require", require_then_wait_for_the_others)
    results = await gather(
        agreements.transition_agreement(
            chair, agreement_id=agreement.id, status=AgreementStatus.SUSPENDED
        ),
        agreements.transition_agreement(
            secretary, agreement_id=agreement.id, status=AgreementStatus.TERMINATED
        ),
        agreements.transition_agreement(
            chair, agreement_id=agreement.id, status=AgreementStatus.EXPIRED
        ),
    )
    moved = [r for r in results if isinstance(r, Agreement)]
    assert len(moved) == 1
    refused = [r for r in results if r not in moved]
    assert all(isinstance(r, InvalidTransition) for r in refused)
    final = (await Agreement.get(id=agreement.id)).status
    assert final == moved[0].status
    # "…changed meanwhile (it is now SUSPENDED)…" or "…is TERMINATED; only an ACTIVE…"
    assert all(final.value in str(r) for r in refused)
    assert await AuditEvent.filter(action="agreement.transition").count() == 1


async def test_an_agreement_suspended_can_then_be_terminated(client):
    """The same two moves one after the other are both allowed: the second officer saw
    SUSPENDED."""
    world = await build()
    chair = await viewer(world.people["chair"])
    secretary = await viewer(world.people["secretary"])
    agreement = world.agreements[C.INTERNAL]
    await agreements.transition_agreement(
        chair, agreement_id=agreement.id, status=AgreementStatus.SUSPENDED
    )
    ended = await agreements.transition_agreement(
        secretary, agreement_id=agreement.id, status=AgreementStatus.TERMINATED
    )
    assert ended.status == AgreementStatus.TERMINATED
    assert await AuditEvent.filter(action="agreement.transition").count() == 2


async def test_concurrent_drafts_draw_distinct_recommendation_references(client):
    world = await build()
    advisor = await viewer(world.people["advisor"])
    board_chair = await viewer(world.people["board_chair"])
    results = await gather(
        *(
            recommendations.draft_recommendation(
                advisor if n % 2 else board_chair,
                board_id=world.bodies["pab"].id,
                addressed_to_id=world.bodies["sc"].id,
                title=f"Recommendation {n}",
                text="Do it.",
                rationale=None,
                classification=C.INTERNAL,
            )
            for n in range(12)
        )
    )
    references = sorted(r.reference for r in results)
    assert references == [f"PAB-R-{TODAY.year}-{n:03d}" for n in range(100, 112)]
    assert await Recommendation.all().count() == 5 + 12
