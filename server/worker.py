"""The worker: `python -m server worker` sends what the outbox holds (governance.outbox).

It claims due items in batches, hands each to its channel's sender, and records the
outcome: sent, retried after its backoff, or given up. Several workers share the work on
PostgreSQL (each claim is SKIP LOCKED); on SQLite one worker runs, and a second is
refused by a lock file beside the database (as `serve` refuses several web workers).

A sender answers with `Outcome`: done, or failed with a reason and whether a retry can
mend it (a receiver that is down, yes; an address that cannot exist, no).
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from governance import outbox
from governance.enums import OutboxChannel, OutboxStatus
from governance.models import OutboxItem

log = logging.getLogger(__name__)

IDLE_SECONDS = 1.0  # the wait when nothing is due: a commit reaches SMTP within about this
CONCURRENCY = 10  # items of one batch in flight at once


@dataclass(frozen=True)
class Outcome:
    ok: bool
    error: str = ""
    retry: bool = True


DONE = Outcome(True)
Sender = Callable[[OutboxItem], Awaitable[Outcome]]


async def run_once(senders: Mapping[OutboxChannel, Sender], batch: int = outbox.BATCH) -> int:
    """Claim one batch and send it; how many items were claimed."""
    items = await outbox.claim(batch)
    if not items:
        return 0
    gate = asyncio.Semaphore(CONCURRENCY)

    async def deliver(item: OutboxItem) -> None:
        async with gate:
            sender = senders.get(item.channel)
            if sender is None:
                outcome = Outcome(False, f"no sender for {item.channel.value}", retry=False)
            else:
                try:
                    outcome = await sender(item)
                except Exception as error:  # a sender's bug must not stop the others
                    log.exception("outbox item %s: sender failed", item.id)
                    outcome = Outcome(False, f"{type(error).__name__}: {error}")
            if outcome.ok:
                await outbox.sent(item)
            else:
                status = await outbox.failed(item, outcome.error, retry=outcome.retry)
                level = logging.ERROR if status == OutboxStatus.FAILED else logging.WARNING
                log.log(level, "outbox item %s (%s): %s", item.id, item.topic, outcome.error)

    await asyncio.gather(*(deliver(item) for item in items))
    return len(items)


async def run(senders: Mapping[OutboxChannel, Sender], stop: asyncio.Event) -> None:
    """Send until `stop` is set: batch after batch while items are due, else a short wait."""
    while not stop.is_set():
        try:
            claimed = await run_once(senders)
        except Exception:  # the database gone for a moment: wait, then try again
            log.exception("the worker could not claim from the outbox")
            claimed = 0
        if not claimed:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=IDLE_SECONDS)


class SingleWorker:
    """On SQLite, one worker: a lock file next to the database, held while it runs."""

    def __init__(self, database_path: Path) -> None:
        self.path = database_path.with_name(database_path.name + ".worker.lock")
        self.file: IO[str] | None = None

    def __enter__(self) -> SingleWorker:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.file = self.path.open("w")
        try:
            fcntl.flock(self.file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.file.close()
            raise RuntimeError(
                "Another worker is already running on this SQLite database: SQLite runs one "
                "worker. Use PostgreSQL (DATABASE_URL=postgres://…) for several."
            ) from None
        self.file.write(str(os.getpid()))
        self.file.flush()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.file is not None:
            fcntl.flock(self.file.fileno(), fcntl.LOCK_UN)
            self.file.close()
