"""Live notifications across workers on PostgreSQL: NOTIFY out, LISTEN in.

SQLite serves from one process, where governance.events delivers directly. On
PostgreSQL each worker keeps one connection that LISTENs on a channel and hands
what it hears to its own subscribers; a committed change is sent as a NOTIFY on
the same connection, so every worker (the sender's included) hears it once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

import asyncpg

from governance import events

CHANNEL = "indaba_events"
log = logging.getLogger("indaba.notifications")


class PostgresRelay:
    def __init__(self, database_url: str) -> None:
        self.dsn = database_url.replace("postgres://", "postgresql://", 1)
        self.connection: asyncpg.Connection | None = None
        self.lock = asyncio.Lock()  # one statement at a time on the connection

    async def start(self) -> None:
        self.connection = await asyncpg.connect(self.dsn)
        await self.connection.add_listener(CHANNEL, self._heard)
        events.install_relay(self.send)

    async def stop(self) -> None:
        events.install_relay(None)
        if self.connection is not None:
            await self.connection.close()
            self.connection = None

    async def send(self, pairs: Sequence[tuple[str, int]]) -> None:
        if self.connection is None:
            for topic, item_id in pairs:
                events.deliver(topic, item_id)
            return
        payloads = [f"{topic}|{item_id}" for topic, item_id in pairs]
        async with self.lock:
            # One statement for all of them: a NOTIFY per payload, sent as it commits.
            await self.connection.execute(
                "SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload",
                CHANNEL,
                payloads,
            )

    def _heard(self, _connection: Any, _pid: int, _channel: str, payload: str) -> None:
        topic, _, item_id = payload.rpartition("|")
        if topic and item_id.isdigit():
            events.deliver(topic, int(item_id))
        else:
            log.warning("Ignored a malformed notification: %r", payload[:100])
