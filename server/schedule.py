"""The worker's daily jobs: the reminders (governance.reminders) and the digest
(governance.digests), at the worker's first pass of each day (UTC), and at its start.

Both jobs read what was already done from the database (the reminders written, the
digest items enqueued), so a restart on the same day repeats nothing. Several workers
on PostgreSQL run them one at a time: each run holds a transaction-scoped advisory
lock, so the second worker reads what the first wrote and finds nothing left to do.
SQLite runs one worker (server.worker.SingleWorker).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass

from tortoise import connections
from tortoise.transactions import in_transaction

from governance import clock, digests, notifications, reminders

log = logging.getLogger(__name__)

CHECK_SECONDS = 60.0  # how often the worker looks whether a new day has begun
LOCK_KEY = 0x1D4BA_0014  # pg_advisory_xact_lock's key for the daily jobs


@dataclass(frozen=True)
class DailyRun:
    reminders: int
    digests: int


async def run_daily() -> DailyRun:
    """Today's reminders and digests, once whoever runs it and however often."""
    async with in_transaction() as connection:
        if connections.get("default").capabilities.dialect == "postgres":
            await connection.execute_query("SELECT pg_advisory_xact_lock($1)", [LOCK_KEY])
        reminded = await reminders.send_due(clock.today())
        digested = await digests.enqueue_due(clock.now())
    await notifications.announce(reminded)  # to live subscribers, once committed
    return DailyRun(len(reminded), digested)


async def daily(stop: asyncio.Event) -> None:
    """Run the daily jobs at start, then at the first check of each new day, until `stop`."""
    done_on = None
    while not stop.is_set():
        today = clock.today()
        if today != done_on:
            try:
                result = await run_daily()
                done_on = today
                log.info("daily jobs: %s reminders, %s digests", result.reminders, result.digests)
            except Exception:  # the database gone for a moment: the next check tries again
                log.exception("the daily jobs failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=CHECK_SECONDS)
