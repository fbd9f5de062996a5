"""No N+1: a nested list costs the same number of SQL statements for 10 rows as for 200."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from governance.access import mint_token
from governance.enums import (
    AgreementStatus,
    BodyKind,
    Classification,
    MemberRole,
    MotionStatus,
    OrganizationKind,
    PartyRole,
    VoteChoice,
    VotingRule,
)
from governance.models import (
    Agreement,
    AgreementParty,
    Body,
    Decision,
    Meeting,
    Membership,
    Motion,
    Organization,
    Person,
    Vote,
)
from server.app import create_app
from server.settings import Settings
from tests.graphql import gql

CONFIDENTIAL = Classification.CONFIDENTIAL


@pytest.fixture
def app(settings: Settings) -> Any:
    """These queries read 100 by 100 rows on purpose, to count statements: far above the
    query budget, which is tested on its own (tests/api/test_query_cost.py)."""
    return create_app(replace(settings, query_budget=10**12), manage_database=False)


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith(("Created connection", "Closed connection")):
            self.statements.append(message)


@contextmanager
def counting_statements() -> Iterator[list[str]]:
    logger = logging.getLogger("tortoise.db_client")
    handler, level = _Counter(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler.statements
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


async def _viewer_on(bodies: list[Body]) -> str:
    viewer = await Person.create(name="Reader", email="reader@example.org")
    today = datetime.now(UTC).date()
    await Membership.bulk_create(
        [
            Membership(
                person_id=viewer.id,
                body_id=b.id,
                role=MemberRole.MEMBER,
                voting_rights=True,
                start_date=today - timedelta(days=30),
            )
            for b in bodies
        ]
    )
    return (await mint_token(viewer, actor_id=None)).token


async def ten_committees_and_three_voters() -> tuple[list[Body], list[Person]]:
    """The committees and voters the lists of these tests are spread over."""
    bodies = [
        await Body.create(
            name=f"Committee {i:03d}",
            slug=f"committee-{i:03d}",
            kind=BodyKind.STEERING_COMMITTEE,
            quorum=1,
            prefix="SC",
        )
        for i in range(10)
    ]
    voters = [await Person.create(name=f"Voter {i}", email=f"v{i}@example.org") for i in range(3)]
    return bodies, voters


async def committees_with_meetings(rows: int) -> str:
    """`rows` CONFIDENTIAL meetings over 10 committees, each with a motion and 3 votes."""
    bodies, voters = await ten_committees_and_three_voters()
    start = datetime.now(UTC)
    for i in range(rows):
        meeting = await Meeting.create(
            body_id=bodies[i % 10].id,
            title=f"Meeting {i}",
            classification=CONFIDENTIAL,
            starts_at=start + timedelta(days=i),
        )
        motion = await Motion.create(
            meeting_id=meeting.id,
            title=f"Motion {i}",
            text="Adopt.",
            classification=CONFIDENTIAL,
            voting_rule=VotingRule.SIMPLE_MAJORITY,
            status=MotionStatus.OPEN,
            eligible_count=3,
        )
        await Vote.bulk_create(
            [
                Vote(motion_id=motion.id, voter_id=v.id, choice=VoteChoice.FOR, cast_at=start)
                for v in voters
            ]
        )
    return await _viewer_on(bodies)


COMMITTEES_QUERY = """
{ committees(first: 100) { totalCount edges { node { name
    meetings(first: 100) { totalCount edges { node { title quorumPresent
      motions { title tally { cast for eligible present quorumMet }
        votes { choice voter { name } } decision { reference } } } } } } } } }
"""


async def test_committees_meetings_motions_votes_cost_the_same_at_10_and_200_rows(client):
    counts = {}
    for rows in (10, 200):
        from tests.conftest import empty_tables

        await empty_tables()
        token = await committees_with_meetings(rows)
        with counting_statements() as statements:
            result = await gql(client, COMMITTEES_QUERY, token=token)
        assert result.ok, result.errors
        meetings = [
            m for e in result.data["committees"]["edges"] for m in e["node"]["meetings"]["edges"]
        ]
        assert len(meetings) == rows
        assert all(len(m["node"]["motions"][0]["votes"]) == 3 for m in meetings)
        counts[rows] = len(statements)
    print(f"SQL statements by rows: {counts}")
    assert counts[10] == counts[200], counts
    assert counts[200] <= 20, counts


async def decisions_with_agreements(rows: int) -> str:
    body = await Body.create(
        name="Steering", slug="steering", kind=BodyKind.STEERING_COMMITTEE, quorum=1, prefix="SC"
    )
    orgs = [
        await Organization.create(name=f"Municipality {i}", kind=OrganizationKind.MUNICIPALITY)
        for i in range(4)
    ]
    today = datetime.now(UTC).date()
    for i in range(rows):
        agreement = await Agreement.create(
            reference=f"AGR-{i:04d}",
            title=f"Agreement {i}",
            classification=CONFIDENTIAL,
            governing_body_id=body.id,
            status=AgreementStatus.ACTIVE,
        )
        await AgreementParty.bulk_create(
            [
                AgreementParty(
                    agreement_id=agreement.id, organization_id=orgs[i % 4].id, role=PartyRole.FUNDER
                ),
                AgreementParty(
                    agreement_id=agreement.id,
                    organization_id=orgs[(i + 1) % 4].id,
                    role=PartyRole.BENEFICIARY,
                ),
            ]
        )
        await Decision.create(
            reference=f"SC-2026-{i:03d}",
            committee_id=body.id,
            title=f"Decision {i}",
            text="Done.",
            decided_on=today,
            classification=CONFIDENTIAL,
            recorded_classification=CONFIDENTIAL,
            agreement_id=agreement.id,
        )
    return await _viewer_on([body])


DECISIONS_QUERY = """
{ decisions(first: 100) { totalCount edges { node { reference textHtml
    committee { name }
    agreement { reference parties { role
      organization { name agreements(first: 5) { totalCount } } } }
    supersedes { reference } supersededBy { reference } actionItems { title } } } } }
"""


async def test_decisions_agreement_parties_organization_cost_the_same_at_10_and_200_rows(client):
    counts = {}
    for rows in (10, 200):
        from tests.conftest import empty_tables

        await empty_tables()
        token = await decisions_with_agreements(rows)
        with counting_statements() as statements:
            result = await gql(client, DECISIONS_QUERY, token=token)
        assert result.ok, result.errors
        assert result.data["decisions"]["totalCount"] == rows
        edges = result.data["decisions"]["edges"]
        assert len(edges) == min(rows, 100)
        assert all(len(e["node"]["agreement"]["parties"]) == 2 for e in edges)
        counts[rows] = len(statements)
    print(f"SQL statements by rows: {counts}")
    assert counts[10] == counts[200], counts
    assert counts[200] <= 20, counts
