"""Keyset pagination: pages are stable while rows are inserted, never skip or repeat a row."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from governance.enums import BodyKind, Classification
from governance.models import Body, Decision, Meeting
from tests.graphql import gql

DECISIONS = """query($after: String) { decisions(first: 3, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { reference } } } }"""
MEETINGS = """query($slug: String!, $after: String) { body(slug: $slug) { meetings(first: 2, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { title } } } } }"""


async def _decision(body: Body, number: int, day: int) -> None:
    await Decision.create(
        reference=f"SC-2026-{number:03d}",
        committee_id=body.id,
        title=f"Decision {number}",
        text="Resolved.",
        decided_on=datetime(2026, 3, 1, tzinfo=UTC).date() + timedelta(days=day),
        classification=Classification.PUBLIC,
        recorded_classification=Classification.PUBLIC,
    )


async def test_the_register_pages_newest_first_and_an_insert_between_pages_moves_nothing(client):
    body = await Body.create(
        name="Steering", slug="steering", kind=BodyKind.STEERING_COMMITTEE, quorum=1, prefix="SC"
    )
    for number in range(1, 8):  # two decisions share a day: the id breaks the tie
        await _decision(body, number, day=number if number != 4 else 3)
    first = (await gql(client, DECISIONS)).data["decisions"]
    assert [e["node"]["reference"] for e in first["edges"]] == [
        "SC-2026-007",
        "SC-2026-006",
        "SC-2026-005",
    ]
    assert first["pageInfo"]["hasNextPage"] and not first["pageInfo"]["hasPreviousPage"]

    # A newer decision arrives while the reader is on page one: page two is unchanged.
    await _decision(body, 8, day=30)
    second = (await gql(client, DECISIONS, {"after": first["pageInfo"]["endCursor"]})).data[
        "decisions"
    ]
    assert [e["node"]["reference"] for e in second["edges"]] == [
        "SC-2026-004",
        "SC-2026-003",
        "SC-2026-002",
    ]
    assert second["pageInfo"]["hasPreviousPage"]
    third = (await gql(client, DECISIONS, {"after": second["pageInfo"]["endCursor"]})).data[
        "decisions"
    ]
    assert [e["node"]["reference"] for e in third["edges"]] == ["SC-2026-001"]
    assert not third["pageInfo"]["hasNextPage"]
    assert third["totalCount"] == 8


async def test_a_nested_list_pages_with_its_own_cursors(client):
    body = await Body.create(
        name="Steering", slug="steering", kind=BodyKind.STEERING_COMMITTEE, quorum=1, prefix="SC"
    )
    start = datetime(2026, 3, 1, 9, tzinfo=UTC)
    for number in range(5):
        await Meeting.create(
            body_id=body.id,
            title=f"Meeting {number}",
            starts_at=start + timedelta(days=number),
            classification=Classification.PUBLIC,
        )
    seen, after = [], None
    while True:
        page = (await gql(client, MEETINGS, {"slug": "steering", "after": after})).data["body"][
            "meetings"
        ]
        seen += [e["node"]["title"] for e in page["edges"]]
        assert page["totalCount"] == 5
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [f"Meeting {n}" for n in range(5)]
