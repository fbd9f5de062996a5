"""totalCount kept while the record stands still (governance.counts): counted once, then
given again until any write to the record; never another viewer's, never a write that
rolled back."""

from __future__ import annotations

from typing import Any

from tortoise import Tortoise
from tortoise.connection import get_connection
from tortoise.transactions import in_transaction

from governance import counts
from governance.enums import Classification
from governance.models import Agreement, Decision, FocusArea
from permissions import ANONYMOUS, kinds
from schema.loaders import Loaders
from tests.api.test_nested_pages import _committee, _decisions, _member_of
from tests.api.test_sql_statements import counting_statements
from tests.graphql import gid, gql

TOTAL = "{ decisions(first: 1) { totalCount } }"
NESTED = "{ committees(first: 5) { edges { node { name decisions(first: 1) { totalCount } } } } }"

# Written on every request or by the platform's own bookkeeping: in no list, in no count.
UNTRACKED = {
    "audit_head",
    "casbin_rule",
    "rate_counter",
    "recovery_code",
    "reference_counter",
    "sign_in_throttle",
    "tortoise_migrations",
    # The worker's bookkeeping, written on every delivery: no list counts it.
    "outbox",
    # A person's own settings, read whole, never counted.
    "notification_preference",
    # A person's own webhooks and their attempts: listed whole (the last 20), never counted.
    "webhook",
    "webhook_delivery",
    # Emailed links to set a password (governance.account_links): credentials, not record.
    "account_link",
}


def _counts(statements: list[str]) -> list[str]:
    return [s for s in statements if "COUNT(" in s.upper()]


async def _total(client: Any, token: str | None = None) -> int:
    result = await gql(client, TOTAL, token=token)
    assert result.ok, result.errors
    return result.data["decisions"]["totalCount"]


async def test_a_count_asked_again_is_not_counted_again_while_nothing_changes(client):
    body = await _committee(1)
    await _decisions(body, 5)
    with counting_statements() as first:
        assert await _total(client) == 5
    assert len(_counts(first)) == 1, first
    with counting_statements() as again:
        assert await _total(client) == 5
    # The record's version is read instead of the COUNT: one statement for one.
    assert _counts(again) == [], again
    assert len(again) == len(first) - 1, again
    assert [s for s in again if "record_version" in s], again


async def test_nested_totals_are_kept_too(client):
    await _decisions(await _committee(1), 3)
    await _decisions(await _committee(2), 2)
    first = await gql(client, NESTED)
    with counting_statements() as again_statements:
        again = await gql(client, NESTED)
    assert again.data == first.data
    assert [e["node"]["decisions"]["totalCount"] for e in again.data["committees"]["edges"]] == [
        3,
        2,
    ]
    assert _counts(again_statements) == [], again_statements


async def test_every_kind_of_write_is_counted_on_the_very_next_request(client):
    body = await _committee(1)
    await _decisions(body, 3)
    assert await _total(client) == 3
    # Written straight to the database, as another worker or instance would.
    made = await Decision.create(
        reference="C1-900",
        committee_id=body.id,
        title="Water losses",
        text="Resolved.",
        decided_on="2024-05-01",
        classification=Classification.PUBLIC,
        recorded_classification=Classification.PUBLIC,
    )
    assert await _total(client) == 4
    await Decision.filter(id=made.id).update(classification=Classification.CONFIDENTIAL)
    assert await _total(client) == 3
    await Decision.filter(committee_id=body.id).delete()
    assert await _total(client) == 0


async def test_viewers_never_share_a_count(client):
    body = await _committee(1)
    await _decisions(body, 2)
    await _decisions(body, 3, Classification.CONFIDENTIAL, start=10)
    member = await _member_of(body)
    for _ in range(2):  # counted, then kept: each viewer's own
        # Denied: the public neither sees nor counts the confidential three.
        assert await _total(client) == 2
        # Allowed: the committee's member counts them.
        assert await _total(client, member) == 5


async def test_a_write_that_rolled_back_leaves_no_count_behind(client):
    body = await _committee(1)
    await _decisions(body, 2)
    assert await _total(client) == 2

    class RolledBack(Exception):
        pass

    try:
        async with in_transaction():
            await _decisions(body, 1, start=50)
            # Counted inside the transaction, through the kept counts, at its version.
            inside = await Loaders(ANONYMOUS).count(kinds.DECISION.visible(ANONYMOUS))
            assert inside == 3
            raise RolledBack
    except RolledBack:
        pass
    assert await _total(client) == 2
    # A later write never meets the rolled-back version again.
    await _decisions(body, 1, start=60)
    assert await _total(client) == 3


async def test_every_table_of_the_record_moves_the_version():
    tables = {model._meta.db_table for model in Tortoise.apps.get_models_iterable()}
    tables |= {"agreement_focus_area", "update_decision", "action_plan_indicator"}  # many-to-many
    # A new table is a decision: tracked (it is in a count) or named as bookkeeping.
    assert set(counts.TRACKED) == tables - UNTRACKED
    before = await counts.version()
    connection = get_connection("default")
    for table in counts.TRACKED:
        await connection.execute_query(f'DELETE FROM "{table}" WHERE 1 = 0')
    moved = await counts.version()
    if connection.capabilities.dialect == "postgres":
        # Statement triggers: even a statement that writes no row moves it.
        assert moved != before
    for table in counts.TRACKED:
        if connection.capabilities.dialect == "postgres":
            rows = await connection.execute_query_dict(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = $1::regclass AND tgname = $2",
                [f'"{table}"', f"{table}_moves_record_version"],
            )
            assert len(rows) == 1, table
        else:
            rows = await connection.execute_query_dict(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? "
                "AND name LIKE '%moves_record_version'",
                [table],
            )
            assert len(rows) == 3, table


async def test_a_count_through_a_join_is_kept_and_still_right(client):
    # A filter through a many-to-many join: the count's statement is read for its key and
    # then sent, each from a query built afresh (a Tortoise query built twice loses its
    # join: the fuzzer found "no such column" here).
    water = await FocusArea.create(name="Water")
    for n, areas in enumerate([[water], [water], []]):
        agreement = await Agreement.create(
            reference=f"AG-{n}", title=f"Agreement {n}", classification=Classification.PUBLIC
        )
        await agreement.focus_areas.add(*areas)
    query = """query($area: ID!) { agreements(focusAreaId: $area) { totalCount } }"""
    area = gid("FocusArea", water.id)
    for _ in range(2):  # counted, then kept
        result = await gql(client, query, {"area": area})
        assert result.ok, result.errors
        assert result.data["agreements"]["totalCount"] == 2
