"""The worker: `python -m server worker` sends what the outbox holds (governance.outbox).

It claims due items in batches, hands each to its channel's sender, and records the
outcome: sent, retried after its backoff, or given up. Several workers share the work on
PostgreSQL (each claim is SKIP LOCKED); on SQLite one worker runs, and a second is
refused by a lock file beside the database (as `serve` refuses several web workers).

A sender answers with `Outcome`: done, or failed with a reason and whether a retry can
mend it (a receiver that is down, yes; an address that cannot exist, no).

`work` is the whole worker: the outbox loop beside the daily jobs (reminders, the
digest: server.schedule). `python -m server worker` runs it in its own process, and
`serve --with-worker` inside the server's.

Email off (no INDABA_SMTP_URL): the worker still takes EMAIL items, and records each as
FAILED "email is off" at once, without a retry or an error in the log. They do not pile
up, and turning email on later does not send a backlog of stale notifications: the
notifications themselves are in the app all along.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import importlib
import logging
import os
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from governance import outbox
from governance.enums import OutboxChannel, OutboxStatus
from governance.models import OutboxItem

if TYPE_CHECKING:
    from server.settings import Settings

log = logging.getLogger(__name__)

IDLE_SECONDS = 1.0  # the wait when nothing is due: a commit reaches SMTP within about this
CONCURRENCY = 10  # items of one batch in flight at once


# The modules that register email builders (server.messages), one line each: the worker
# imports them, so every email topic it meets has its builder.
BUILDER_MODULES = (
    "server.notification_mail",  # the 13 notification kinds and the daily DIGEST
    "server.account_mail",  # INVITATION and PASSWORD_RESET
)
# Links in emails when INDABA_PUBLIC_URL is not set (a development install).
DEVELOPMENT_URL = "http://localhost:8000"


@dataclass(frozen=True)
class Outcome:
    ok: bool
    error: str = ""
    retry: bool = True
    # A refusal the operator chose (email off): recorded on the item, not logged.
    quiet: bool = False


DONE = Outcome(True)
EMAIL_OFF = Outcome(
    False, "not sent: email is off (INDABA_SMTP_URL is not set)", retry=False, quiet=True
)
Sender = Callable[[OutboxItem], Awaitable[Outcome]]


def senders(settings: Settings) -> dict[OutboxChannel, Sender]:
    """The sender of each channel, as the settings configure them."""
    from server.webhooks import webhook_sender  # it imports this module's Outcome

    return {
        OutboxChannel.EMAIL: email_sender(settings),
        OutboxChannel.WEBHOOK: webhook_sender(settings.webhook_allow_networks),
    }


def email_sender(settings: Settings) -> Sender:
    """Build each EMAIL item with its topic's builder and hand it to the SMTP relay."""
    from server import emails, messages
    from server.mail import Smtp

    for module in BUILDER_MODULES:
        importlib.import_module(module)
    if settings.smtp_url is None:

        async def off(_item: OutboxItem) -> Outcome:
            return EMAIL_OFF

        return off
    smtp = Smtp.from_url(settings.smtp_url, sender=settings.mail_from)
    context = messages.MailContext(
        public_url=settings.public_url or DEVELOPMENT_URL,
        sender=settings.mail_from,
        secret_key=settings.secret_key,
    )

    async def send(item: OutboxItem) -> Outcome:
        build = messages.BUILDERS.get(item.topic)
        if build is None:
            return Outcome(False, f"no email builder for the topic {item.topic}", retry=False)
        message = await build(item, context)
        if message is None:  # nothing left to say (see server.messages)
            return DONE
        del message["Message-ID"]
        message["Message-ID"] = emails.message_id(item.delivery_id, context.public_url)
        return await smtp.send(message)

    return send


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
                if outcome.quiet:
                    return
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


async def work(settings: Settings, stop: asyncio.Event) -> None:
    """The worker: the outbox and the daily jobs, until `stop` is set."""
    from server import schedule

    if settings.public_url is None:
        log.warning("INDABA_PUBLIC_URL is not set: links in emails point to %s", DEVELOPMENT_URL)
    await asyncio.gather(run(senders(settings), stop), schedule.daily(stop))


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
