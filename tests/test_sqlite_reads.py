"""Reads don't queue behind writes, and a write reads what it just wrote.

On SQLite every statement used to wait on the one connection while any transaction
held it (server/sqlite.py): a list page waited for someone else's vote to commit.
Reads outside a transaction now run on read-only connections of their own; inside a
transaction they stay on the writer's, where the transaction's own rows are.
PostgreSQL's pool already behaves so: the same tests run on both.
"""

from __future__ import annotations

import asyncio
import sqlite3

import pytest
from tortoise import connections
from tortoise.exceptions import OperationalError
from tortoise.transactions import in_transaction

from governance.models import Person
from server.sqlite import ImmediateSqliteClient
from tests.graphql import gql
from tests.world import build_world

WAIT = 5.0  # seconds: far longer than a read takes, far shorter than a hung test


async def test_a_read_completes_while_a_write_transaction_holds_the_lock():
    await Person.create(name="Before", email="before@example.org")
    wrote, done = asyncio.Event(), asyncio.Event()

    async def writer() -> None:
        async with in_transaction():
            await Person.create(name="Uncommitted", email="uncommitted@example.org")
            wrote.set()
            await done.wait()  # holds the write transaction open until the read is back

    task = asyncio.create_task(writer())
    try:
        await asyncio.wait_for(wrote.wait(), WAIT)
        # Answered at once, from what was committed: not the open transaction's row.
        names = await asyncio.wait_for(Person.all().values_list("name", flat=True), WAIT)
        assert names == ["Before"]
    finally:
        done.set()
        await task
    # Committed now, and read at once.
    assert await Person.all().order_by("id").values_list("name", flat=True) == [
        "Before",
        "Uncommitted",
    ]


async def test_a_transaction_reads_its_own_writes():
    async with in_transaction():
        person = await Person.create(name="Fresh", email="fresh@example.org")
        assert await Person.filter(id=person.id).values_list("name", flat=True) == ["Fresh"]
        await Person.filter(id=person.id).update(name="Renamed")
        assert (await Person.get(id=person.id)).name == "Renamed"
    assert (await Person.get(id=person.id)).name == "Renamed"


async def test_a_mutation_reads_what_it_just_wrote(client):
    world = await build_world()
    token = world.tokens["secretary"]
    body = world.gid("Committee", world.bodies["sc"].id)
    created = await gql(
        client,
        """mutation($b: ID!) { scheduleMeeting(input: {bodyId: $b, title: "Budget review",
             startsAt: "2031-05-04T09:00:00+00:00", classification: PUBLIC}) { id title } }""",
        {"b": body},
        token=token,
    )
    assert created.ok, created.body
    meeting = created.data["scheduleMeeting"]
    assert meeting["title"] == "Budget review"
    # The next request, on a reader, sees it committed.
    read = await gql(
        client, "query($id: ID!) { node(id: $id) { ... on Meeting { title } } }",
        {"id": meeting["id"]}, token=token,
    )  # fmt: skip
    assert read.data == {"node": {"title": "Budget review"}}


async def test_the_readers_refuse_to_write():
    connection = connections.get("default")
    if not isinstance(connection, ImmediateSqliteClient):
        pytest.skip("SQLite's own connections")
    await Person.create(name="Someone", email="someone@example.org")
    async with connection._reader() as reader:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            await reader.execute("DELETE FROM person")
    assert await Person.all().count() == 1
    # Errors on a reader are Tortoise's, as on the writer.
    with pytest.raises(OperationalError, match="no such table"):
        await connection.execute_query("SELECT * FROM no_such_table")
