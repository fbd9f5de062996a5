"""No N+1 in constituency voting: the tally of a list of motions, each with its
constituencies, costs the same number of SQL statements for 10 motions as for 200, and at
most four more than the same list without them (governance.constituencies)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from governance.enums import MemberRole, MotionStatus, VoteChoice, VotingRule
from governance.models import EligibleVoter, Meeting, Membership, Motion, Vote
from server.app import create_app
from server.settings import Settings
from tests.api.test_sql_statements import (
    CONFIDENTIAL,
    _viewer_on,
    counting_statements,
    ten_committees_and_three_voters,
)
from tests.graphql import gql

SEATS = ("Industry", "Government", "Municipalities")


@pytest.fixture
def app(settings: Settings) -> Any:
    """Far above the query budget on purpose, to count statements (as test_sql_statements)."""
    return create_app(replace(settings, query_budget=10**12), manage_database=False)


async def committees_with_constituency_motions(rows: int) -> str:
    """`rows` meetings over 10 committees, each with a motion requiring each constituency:
    every other motion open (its roll frozen, 3 votes), the others drafts (the live roll)."""
    bodies, voters = await ten_committees_and_three_voters()
    start = datetime.now(UTC)
    await Membership.bulk_create(
        [
            Membership(
                body_id=body.id,
                person_id=voter.id,
                role=MemberRole.MEMBER,
                voting_rights=True,
                start_date=start.date() - timedelta(days=30),
                constituency=seat,
            )
            for body in bodies
            for voter, seat in zip(voters, SEATS, strict=True)
        ]
    )
    for i in range(rows):
        meeting = await Meeting.create(
            body_id=bodies[i % 10].id,
            title=f"Meeting {i}",
            classification=CONFIDENTIAL,
            starts_at=start + timedelta(days=i),
        )
        opened = i % 2 == 0
        motion = await Motion.create(
            meeting_id=meeting.id,
            title=f"Motion {i}",
            text="Adopt.",
            classification=CONFIDENTIAL,
            voting_rule=VotingRule.SIMPLE_MAJORITY,
            require_each_constituency=True,
            status=MotionStatus.OPEN if opened else MotionStatus.DRAFT,
            eligible_count=3 if opened else None,
        )
        if opened:
            await EligibleVoter.bulk_create(
                [
                    EligibleVoter(motion_id=motion.id, person_id=v.id, constituency=seat)
                    for v, seat in zip(voters, SEATS, strict=True)
                ]
            )
            await Vote.bulk_create(
                [
                    Vote(motion_id=motion.id, voter_id=v.id, choice=VoteChoice.FOR, cast_at=start)
                    for v in voters
                ]
            )
    return await _viewer_on(bodies)


QUERY = """
{ committees(first: 100) { edges { node { name
    meetings(first: 100) { edges { node { title
      motions { title tally { cast for eligible present quorumMet %s } } } } } } } } }
"""
WITH = "constituencies { name for against abstain eligible passed }"


async def test_constituencies_of_a_list_of_motions_cost_the_same_at_10_and_200_rows(client):
    from tests.conftest import empty_tables

    counts: dict[tuple[int, bool], int] = {}
    for rows in (10, 200):
        await empty_tables()
        token = await committees_with_constituency_motions(rows)
        # A token's first use is recorded once (last used): not what is counted here.
        assert (await gql(client, QUERY % "", token=token)).ok
        for asked in (False, True):
            with counting_statements() as statements:
                result = await gql(client, QUERY % (WITH if asked else ""), token=token)
            assert result.ok, result.errors
            counts[rows, asked] = len(statements)
            if not asked:
                continue
            motions = [
                motion
                for committee in result.data["committees"]["edges"]
                for meeting in committee["node"]["meetings"]["edges"]
                for motion in meeting["node"]["motions"]
            ]
            assert len(motions) == rows
            # Each motion its three constituencies; the viewer's own seat has none.
            for motion in motions:
                tally = motion["tally"]
                opened = tally["cast"] == 3
                assert [(c["name"], c["eligible"], c["for"]) for c in tally["constituencies"]] == [
                    (seat, 1, 1 if opened else 0) for seat in sorted(SEATS)
                ]
    print(f"SQL statements by rows, without and with constituencies: {counts}")
    assert counts[10, True] == counts[200, True], counts
    assert counts[10, False] == counts[200, False], counts
    assert counts[200, True] - counts[200, False] <= 4, counts
