"""Notifications for live subscribers, sent after a change commits.

Within one process a change reaches the subscribers directly. With PostgreSQL
and several workers, the server installs a relay (server/notifications.py):
the change goes out as a NOTIFY and every worker, this one included, hands it to
its own subscribers when the LISTEN side hears it. Payloads carry only ids: each
subscriber re-reads the item through its own viewer's filter.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import asynccontextmanager

QUEUE_SIZE = 100

# Hands (topic, id) pairs to every worker: all of one change's in a single message round.
Relay = Callable[[Sequence[tuple[str, int]]], Awaitable[None]]

_subscribers: dict[str, set[asyncio.Queue[int]]] = defaultdict(set)
_relay: Relay | None = None


def install_relay(relay: Relay | None) -> None:
    global _relay
    _relay = relay


def deliver(topic: str, item_id: int) -> None:
    """Hand a change to this process's subscribers of `topic`."""
    for queue in list(_subscribers.get(topic, ())):
        # A subscriber that stopped reading loses old news; it never blocks a writer.
        with contextlib.suppress(asyncio.QueueFull):
            queue.put_nowait(item_id)


async def publish(topic: str, item_id: int) -> None:
    """Announce a committed change to every subscriber, in every worker."""
    await publish_many([(topic, item_id)])


async def publish_many(items: Iterable[tuple[str, int]]) -> None:
    """Announce several at once (a notification's recipients): one round to the relay,
    however many there are."""
    pairs = list(items)
    if not pairs:
        return
    if _relay is None:
        for topic, item_id in pairs:
            deliver(topic, item_id)
    else:
        await _relay(pairs)


@asynccontextmanager
async def subscription(topic: str) -> AsyncIterator[asyncio.Queue[int]]:
    queue: asyncio.Queue[int] = asyncio.Queue(QUEUE_SIZE)
    _subscribers[topic].add(queue)
    try:
        yield queue
    finally:
        _subscribers[topic].discard(queue)
        if not _subscribers[topic]:
            _subscribers.pop(topic, None)


def tally_topic(motion_id: int) -> str:
    return f"tally:{motion_id}"


UPDATES_TOPIC = "updates:published"

# A person's credentials changed (a token revoked, signed out): open connections
# re-check theirs at once. The payload is the person's id.
CREDENTIALS_TOPIC = "credentials"
