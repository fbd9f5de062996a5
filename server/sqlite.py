"""Tortoise's SQLite backend, with write transactions that wait their turn and reads
that do not wait for them.

server.database names this module as the engine of every sqlite:// connection.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any, cast

import aiosqlite
from tortoise.backends.base.client import TransactionContext
from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
    translate_exceptions,
)
from tortoise.exceptions import TransactionManagementError

# Read-only connections beside the one that writes. SQLite runs a statement with Python's
# GIL released, so two readers use both cores of a small server.
READ_CONNECTIONS = 2


async def _execute_counting_direct_changes(
    client: SqliteClient, query: str, values: list | None
) -> tuple[int, Sequence[dict]]:
    """Tortoise's execute_query, but a write's count is the rows the statement itself
    changed (the cursor's rowcount, SQLite's changes()), not the connection's total_changes,
    which also counts what triggers wrote: the record version's triggers (governance.counts)
    would make every conditional UPDATE look as if it had changed two rows."""
    query = query.replace("\x00", "'||CHAR(0)||'")  # as Tortoise's own client does
    async with client.acquire_connection() as connection:
        client.log.debug("%s: %s", query, values)
        async with connection.execute(query, values) as cursor:
            rows = await cursor.fetchall()
            changed = max(cursor.rowcount, 0)  # -1 for a SELECT
        return changed or len(rows), cast(Sequence[dict], rows)


class ImmediateTransaction(SqliteTransactionWrapper):
    """A transaction that takes SQLite's write lock when it begins.

    Tortoise begins with a plain (deferred) BEGIN: the transaction reads under a shared
    lock and asks for the write lock at its first write. When another process (the CLI
    beside the server) holds that lock then, SQLite answers "database is locked" at once
    and never consults busy_timeout (what the transaction read may be stale by the time
    the lock is free, and two upgrading readers would wait on each other).
    BEGIN IMMEDIATE asks for the write lock first, where busy_timeout does apply: the
    transaction waits its turn instead of failing. The server writes on one connection per
    process, so this only queues it behind other processes.
    """

    async def begin(self) -> None:
        try:
            await self._connection.commit()
            await self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise TransactionManagementError(exc) from exc

    @translate_exceptions
    async def execute_query(
        self, query: str, values: list | None = None
    ) -> tuple[int, Sequence[dict]]:
        return await _execute_counting_direct_changes(self, query, values)


class ImmediateSqliteClient(SqliteClient):
    """Tortoise's SQLite client, whose transactions begin IMMEDIATE (see above), and whose
    reads outside a transaction go to read-only connections of their own.

    Tortoise runs every statement on one connection behind one lock, and a transaction
    holds that lock from BEGIN to COMMIT: every read of every other request queued behind
    each write. In WAL mode (Tortoise's default journal) readers never block the writer
    nor wait for it, so a SELECT outside a transaction runs on a reader and sees what was
    committed when it starts. Inside `in_transaction()` Tortoise hands out the
    transaction's own client (ImmediateTransaction, on the write connection), so a
    mutation still reads its own uncommitted writes. Everything but a plain SELECT
    (writes, PRAGMA, EXPLAIN, scripts) stays on the write connection; the readers are
    opened with `query_only`, so a write sent to one by mistake fails instead of writing.

    Statements outside a transaction stay in autocommit: a single write statement takes
    the write lock as it starts, where busy_timeout applies, and reads take none.
    Savepoints (a transaction inside one) are unchanged: the outer one holds the lock.
    An in-memory database has one connection only (another would be another database).
    """

    def __init__(self, file_path: str, **kwargs: Any) -> None:
        super().__init__(file_path, **kwargs)
        self._readers: asyncio.Queue[aiosqlite.Connection] | None = None
        self._opened: list[aiosqlite.Connection] = []
        self._opening = asyncio.Lock()
        self.separate_reads = ":memory:" not in file_path and "mode=memory" not in file_path

    def _in_transaction(self) -> TransactionContext:
        return SqliteTransactionContext(ImmediateTransaction(self), self._lock)

    async def _open_readers(self) -> asyncio.Queue[aiosqlite.Connection]:
        async with self._opening:
            if self._readers is None:
                async with self.acquire_connection():  # the writer first: it sets WAL
                    pass
                readers: asyncio.Queue[aiosqlite.Connection] = asyncio.Queue()
                for _ in range(READ_CONNECTIONS):
                    reader = await aiosqlite.connect(self.filename, isolation_level=None)
                    reader._conn.row_factory = sqlite3.Row
                    self._opened.append(reader)
                    busy = self.pragmas.get("busy_timeout")
                    if busy is not None:
                        await reader.execute(f"PRAGMA busy_timeout={int(busy)}")
                    await reader.execute("PRAGMA query_only=ON")
                    readers.put_nowait(reader)
                self._readers = readers
            return self._readers

    @asynccontextmanager
    async def _reader(self) -> AsyncIterator[aiosqlite.Connection]:
        readers = self._readers or await self._open_readers()
        reader = await readers.get()
        try:
            yield reader
        finally:
            readers.put_nowait(reader)

    def _reads(self, query: str) -> bool:
        return self.separate_reads and query.lstrip()[:6].upper() == "SELECT"

    @translate_exceptions
    async def execute_query(
        self, query: str, values: list | None = None
    ) -> tuple[int, Sequence[dict]]:
        if not self._reads(query):
            return await _execute_counting_direct_changes(self, query, values)
        query = query.replace("\x00", "'||CHAR(0)||'")  # as Tortoise's own client does
        async with self._reader() as reader:
            self.log.debug("%s: %s", query, values)
            rows = list(await reader.execute_fetchall(query, values))
            return len(rows), cast(Sequence[dict], rows)  # sqlite3.Row, as Tortoise's own

    @translate_exceptions
    async def execute_query_dict(self, query: str, values: list | None = None) -> list[dict]:
        if not self._reads(query):
            return await super().execute_query_dict(query, values)
        query = query.replace("\x00", "'||CHAR(0)||'")
        async with self._reader() as reader:
            self.log.debug("%s: %s", query, values)
            return list(map(dict, await reader.execute_fetchall(query, values)))

    async def close(self) -> None:
        opened, self._opened, self._readers = self._opened, [], None
        for reader in opened:
            await reader.close()
        await super().close()


# Tortoise loads a backend as a module holding `client_class`. It also picks the migrations'
# schema editor by the client's module name, hence "sqlite" in this module's.
client_class = ImmediateSqliteClient
