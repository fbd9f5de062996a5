"""The emails the worker sends: one builder per outbox topic.

An outbox item names what to send (its topic: a notification kind, an account email,
the daily digest) and to whom; the builder registered for its topic turns it into an
email at send time, reading the record as it is then. A builder answers None when there
is nothing left to send (the recipient may no longer see the subject, the link was
replaced): the item is then done, not failed.

Modules that own a kind of email register their builders with `@builder(topic)`;
the worker imports them (`server.worker`), so a topic without a builder is a bug the
worker reports, not a silent loss.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from email.message import EmailMessage

from governance.models import OutboxItem


@dataclass(frozen=True)
class MailContext:
    """What every builder needs beside the item: where links point, who sends, and the
    key that signs one-click links."""

    public_url: str  # absolute base of every link, without a trailing slash
    sender: str  # the From address
    secret_key: str


Builder = Callable[[OutboxItem, MailContext], Awaitable[EmailMessage | None]]

BUILDERS: dict[str, Builder] = {}


def builder(*topics: str) -> Callable[[Builder], Builder]:
    """Register the builder of the emails of `topics`."""

    def register(build: Builder) -> Builder:
        for topic in topics:
            if topic in BUILDERS:
                raise RuntimeError(f"two builders for the email topic {topic}")
            BUILDERS[topic] = build
        return build

    return register
