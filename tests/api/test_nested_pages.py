"""Nested connections are cut in SQL: a page reads at most first + 1 rows per parent,
counts only when totalCount is asked, and pages, orders and hides as it always did."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from tortoise.connection import get_connection

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
from permissions import kinds
from permissions.viewer import Viewer
from schema import nested_pages
from tests.api.test_sql_statements import counting_statements
from tests.graphql import gql

PUBLIC = Classification.PUBLIC
CONFIDENTIAL = Classification.CONFIDENTIAL
DAY = date(2026, 3, 1)
NOON = datetime(2026, 3, 1, 12, tzinfo=UTC)

DECISIONS = """query($first: Int, $after: String) { committees(first: 10) { edges { node { name
    decisions(first: $first, after: $after) {
      pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { reference } } } } } } }"""
DECISIONS_COUNTED = DECISIONS.replace("pageInfo {", "totalCount pageInfo {")


@contextmanager
def rows_fetched() -> Iterator[list[tuple[str, int]]]:
    """Each statement sent, with the number of rows it brought back."""
    connection = get_connection("default")
    fetched: list[tuple[str, int]] = []
    names = ("execute_query", "execute_query_dict")
    for name in names:
        original = getattr(connection, name)

        async def counted(query: str, values: Any = None, _run: Any = original) -> Any:
            result = await _run(query, values)
            rows = result[1] if isinstance(result, tuple) else result
            fetched.append((query, len(rows)))
            return result

        setattr(connection, name, counted)
    try:
        yield fetched
    finally:
        for name in names:
            delattr(connection, name)


async def _committee(number: int) -> Body:
    return await Body.create(
        name=f"Committee {number}",
        slug=f"committee-{number}",
        kind=BodyKind.STEERING_COMMITTEE,
        quorum=1,
        prefix=f"C{number}",
    )


async def _decisions(body: Body, count: int, level: Classification = PUBLIC, start: int = 0):
    """`count` decisions, two a day (the id breaks the tie), newest last."""
    await Decision.bulk_create(
        [
            Decision(
                reference=f"{body.prefix}-{n:03d}",
                committee_id=body.id,
                title=f"Decision {n}",
                text="Resolved.",
                decided_on=DAY + timedelta(days=n // 2),
                classification=level,
                recorded_classification=level,
            )
            for n in range(start, start + count)
        ]
    )


async def _member_of(*bodies: Body) -> str:
    person = await Person.create(name="Member", email="member@example.org")
    for body in bodies:
        await Membership.create(
            person_id=person.id,
            body_id=body.id,
            role=MemberRole.MEMBER,
            voting_rights=True,
            start_date=DAY - timedelta(days=365),
        )
    return (await mint_token(person, actor_id=None)).token


def _references(result: Any) -> dict[str, list[str]]:
    return {
        e["node"]["name"]: [d["node"]["reference"] for d in e["node"]["decisions"]["edges"]]
        for e in result.data["committees"]["edges"]
    }


async def test_a_nested_page_reads_at_most_first_plus_one_rows_per_parent(client):
    for number in range(3):
        await _decisions(await _committee(number), 40)
    with rows_fetched() as fetched:
        result = await gql(client, DECISIONS, {"first": 3})
    assert result.ok, result.errors
    pages = _references(result)
    assert pages == {f"Committee {n}": [f"C{n}-039", f"C{n}-038", f"C{n}-037"] for n in range(3)}
    # 3 committees, 40 decisions each: no statement brings back more than 3 x (3 + 1) rows
    # (cut in Python, the first one brought back all 120).
    assert max(rows for _, rows in fetched) <= 3 * (3 + 1), fetched
    assert sum(rows for _, rows in fetched) <= 3 + 3 * (3 + 1) + 3 * 3 + 5, fetched


async def test_parents_beyond_one_statements_limits_go_in_chunks_with_the_same_pages(
    client, monkeypatch
):
    for number in range(5):
        await _decisions(await _committee(number), 4)
    whole = await gql(client, DECISIONS_COUNTED, {"first": 2})
    # SQLite's 500 terms a compound SELECT, PostgreSQL's 5,000 ids an array: as if 2.
    monkeypatch.setattr(nested_pages, "SQLITE_TERMS", 2)
    monkeypatch.setattr(nested_pages, "POSTGRES_CHUNK", 2)
    with counting_statements() as statements:
        chunked = await gql(client, DECISIONS_COUNTED, {"first": 2})
    assert chunked.ok, chunked.errors
    assert chunked.data == whole.data
    assert _references(chunked) == {f"Committee {n}": [f"C{n}-003", f"C{n}-002"] for n in range(5)}
    cuts = [s for s in statements if '"parent"' in s]  # the statements cutting the pages
    assert len(cuts) == 3, statements  # 5 committees, 2 by 2


async def test_has_next_page_is_exact_at_the_edges_of_each_list(client):
    short, exact, longer = await _committee(1), await _committee(2), await _committee(3)
    await _decisions(short, 2)
    await _decisions(exact, 3)
    await _decisions(longer, 4)
    result = await gql(client, DECISIONS, {"first": 3})
    pages = {
        e["node"]["name"]: e["node"]["decisions"]["pageInfo"]["hasNextPage"]
        for e in result.data["committees"]["edges"]
    }
    assert pages == {"Committee 1": False, "Committee 2": False, "Committee 3": True}
    empty = await gql(client, DECISIONS, {"first": 0})
    assert all(
        e["node"]["decisions"]["edges"] == [] and e["node"]["decisions"]["pageInfo"]["hasNextPage"]
        for e in empty.data["committees"]["edges"]
    )


async def test_no_count_is_sent_unless_total_count_is_asked(client):
    for number in range(3):
        await _decisions(await _committee(number), 5)
    with counting_statements() as statements:
        result = await gql(client, DECISIONS, {"first": 2})
    assert result.ok, result.errors
    assert not [s for s in statements if "COUNT(" in s.upper()], statements

    with counting_statements() as statements:
        counted = await gql(client, DECISIONS_COUNTED, {"first": 2})
    assert counted.ok, counted.errors
    # One GROUP BY for the three committees, not one COUNT each.
    assert len([s for s in statements if "COUNT(" in s.upper()]) == 1, statements


async def test_total_count_is_exact_per_parent_and_counts_only_what_the_viewer_sees(client):
    open_, closed = await _committee(1), await _committee(2)
    await _decisions(open_, 4)
    await _decisions(closed, 3)
    await _decisions(closed, 2, CONFIDENTIAL, start=10)  # the newest two: confidential
    member = await _member_of(closed)

    def totals(result: Any) -> dict[str, Any]:
        return {
            e["node"]["name"]: (
                e["node"]["decisions"]["totalCount"],
                [d["node"]["reference"] for d in e["node"]["decisions"]["edges"]],
            )
            for e in result.data["committees"]["edges"]
        }

    # Denied: anonymous readers neither see the confidential decisions nor count them.
    anonymous = await gql(client, DECISIONS_COUNTED, {"first": 2})
    assert totals(anonymous) == {
        "Committee 1": (4, ["C1-003", "C1-002"]),
        "Committee 2": (3, ["C2-002", "C2-001"]),
    }
    # Allowed: the committee's member sees and counts them, first as they are newest.
    seen = await gql(client, DECISIONS_COUNTED, {"first": 2}, token=member)
    assert totals(seen) == {
        "Committee 1": (4, ["C1-003", "C1-002"]),
        "Committee 2": (5, ["C2-011", "C2-010"]),
    }


async def test_after_continues_each_parents_list_after_the_cursor(client):
    body = await _committee(1)
    await _decisions(body, 7)  # two a day: ties on the date are broken by the id
    query = """query($after: String) { body(slug: "committee-1") { ... on Committee {
        decisions(first: 3, after: $after) { totalCount
          pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { reference } } } } } }"""
    seen, after, previous = [], None, []
    while True:
        page = (await gql(client, query, {"after": after})).data["body"]["decisions"]
        assert page["totalCount"] == 7
        previous.append(page["pageInfo"]["hasPreviousPage"])
        seen += [e["node"]["reference"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [f"C1-{n:03d}" for n in range(6, -1, -1)]
    assert previous == [False, True, True]


async def test_a_cursor_continues_every_parent_after_the_same_position(client):
    one, two = await _committee(1), await _committee(2)
    await _decisions(one, 6)
    await _decisions(two, 6)
    first = await gql(client, DECISIONS, {"first": 2})
    cursor = first.data["committees"]["edges"][0]["node"]["decisions"]["pageInfo"]["endCursor"]
    # Committee 1's page ended at C1-004 (decided on day 2, the older id of that day):
    # each list goes on after (day 2, that id) in its own order.
    second = await gql(client, DECISIONS, {"first": 2, "after": cursor})
    assert _references(second) == {
        "Committee 1": ["C1-003", "C1-002"],
        "Committee 2": ["C2-003", "C2-002"],
    }


async def test_organization_agreements_page_through_the_parties(client):
    body = await _committee(1)
    towns = [
        await Organization.create(name=f"Town {n}", kind=OrganizationKind.MUNICIPALITY)
        for n in range(2)
    ]
    for n in range(4):
        agreement = await Agreement.create(
            reference=f"AGR-{n}",
            title=f"Agreement {n}",
            classification=CONFIDENTIAL if n == 3 else PUBLIC,
            governing_body_id=body.id,
            status=AgreementStatus.ACTIVE,
        )
        for town in towns[: 1 + n % 2]:  # town 0 in all four, town 1 in AGR-1 and AGR-3
            await AgreementParty.create(
                agreement_id=agreement.id, organization_id=town.id, role=PartyRole.FUNDER
            )
    query = """{ organizations(first: 5) { edges { node { name agreements(first: 2) {
        totalCount pageInfo { hasNextPage } edges { node { reference } } } } } } }"""
    result = await gql(client, query)
    pages = {
        e["node"]["name"]: (
            e["node"]["agreements"]["totalCount"],
            e["node"]["agreements"]["pageInfo"]["hasNextPage"],
            [a["node"]["reference"] for a in e["node"]["agreements"]["edges"]],
        )
        for e in result.data["organizations"]["edges"]
    }
    assert pages == {"Town 0": (3, True, ["AGR-0", "AGR-1"]), "Town 1": (1, False, ["AGR-1"])}


async def _meeting_with_motions(body: Body, level: Classification) -> list[Motion]:
    meeting = await Meeting.create(
        body_id=body.id,
        title=f"{level} meeting",
        classification=level,
        starts_at=datetime(2026, 3, 1, 9, tzinfo=UTC),
    )
    voters = [
        await Person.create(name=f"Voter {n} {level}", email=f"v{n}-{level}@example.org")
        for n in range(2)
    ]
    motions = []
    for secret in (False, True):
        motion = await Motion.create(
            meeting_id=meeting.id,
            title=f"{'Secret' if secret else 'Open'} {level} motion",
            text="Adopt.",
            classification=level,
            voting_rule=VotingRule.SIMPLE_MAJORITY,
            status=MotionStatus.OPEN,
            secret_ballot=secret,
            eligible_count=2,
        )
        await Vote.bulk_create(
            [
                Vote(motion_id=motion.id, voter_id=v.id, choice=VoteChoice.FOR, cast_at=NOON)
                for v in voters
            ]
        )
        motions.append(motion)
    return motions


VOTES = """{ body(slug: "committee-1") { meetings(first: 5) { edges { node {
    motions { title votes { voter { name } } } } } } } }"""


async def test_ballots_show_for_open_votes_on_motions_the_viewer_sees(client):
    body = await _committee(1)
    await _meeting_with_motions(body, PUBLIC)
    await _meeting_with_motions(body, CONFIDENTIAL)
    member = await _member_of(body)

    def ballots(result: Any) -> dict[str, int]:
        return {
            motion["title"]: len(motion["votes"])
            for meeting in result.data["body"]["meetings"]["edges"]
            for motion in meeting["node"]["motions"]
        }

    # Denied: a confidential motion's ballots, and a secret ballot's, to an outsider.
    assert ballots(await gql(client, VOTES)) == {
        "Open PUBLIC motion": 2,
        "Secret PUBLIC motion": 0,
    }
    # Allowed: the member sees the confidential motion's open ballots; secret stay secret.
    assert ballots(await gql(client, VOTES, token=member)) == {
        "Open PUBLIC motion": 2,
        "Secret PUBLIC motion": 0,
        "Open CONFIDENTIAL motion": 2,
        "Secret CONFIDENTIAL motion": 0,
    }


async def test_reading_the_ballots_of_some_motions_does_not_list_every_motion():
    connection = get_connection("default")
    if connection.capabilities.dialect != "sqlite":
        pytest.skip("the plan is read with SQLite's EXPLAIN QUERY PLAN")
    motions = await _meeting_with_motions(await _committee(1), PUBLIC)
    viewer = Viewer(person_id=None)
    query = kinds.VOTE.visible(viewer).filter(motion_id__in=[m.id for m in motions])
    query._choose_db_if_not_chosen()
    query._make_query()
    sql, params = query.query.get_parameterized_sql()
    _, plan = await connection.execute_query(f"EXPLAIN QUERY PLAN {sql}", params)
    steps = [row[3] for row in plan]
    # The motions are looked up by primary key, ballot by ballot: never scanned whole.
    assert not [s for s in steps if s.startswith("SCAN motion")], steps
    assert any(s.startswith("SEARCH motion USING INTEGER PRIMARY KEY") for s in steps), steps
