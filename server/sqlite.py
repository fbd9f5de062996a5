"""Tortoise's SQLite backend, with write transactions that wait their turn.

server.database names this module as the engine of every sqlite:// connection.
"""

from __future__ import annotations

import sqlite3

from tortoise.backends.base.client import TransactionContext
from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
)
from tortoise.exceptions import TransactionManagementError


class ImmediateTransaction(SqliteTransactionWrapper):
    """A transaction that takes SQLite's write lock when it begins.

    Tortoise begins with a plain (deferred) BEGIN: the transaction reads under a shared
    lock and asks for the write lock at its first write. When another process (the CLI
    beside the server) holds that lock then, SQLite answers "database is locked" at once
    and never consults busy_timeout (what the transaction read may be stale by the time
    the lock is free, and two upgrading readers would wait on each other).
    BEGIN IMMEDIATE asks for the write lock first, where busy_timeout does apply: the
    transaction waits its turn instead of failing. The server runs one connection per
    process, so this only queues it behind other processes.
    """

    async def begin(self) -> None:
        try:
            await self._connection.commit()
            await self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise TransactionManagementError(exc) from exc


class ImmediateSqliteClient(SqliteClient):
    """Tortoise's SQLite client, whose transactions begin IMMEDIATE (see above).

    Statements outside a transaction stay in autocommit: a single write statement takes
    the write lock as it starts, where busy_timeout applies, and reads take none.
    Savepoints (a transaction inside one) are unchanged: the outer one holds the lock.
    """

    def _in_transaction(self) -> TransactionContext:
        return SqliteTransactionContext(ImmediateTransaction(self), self._lock)


# Tortoise loads a backend as a module holding `client_class`. It also picks the migrations'
# schema editor by the client's module name, hence "sqlite" in this module's.
client_class = ImmediateSqliteClient
