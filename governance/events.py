"""In-process notifications for live subscribers, sent after a change commits.

One process serves the SQLite deployment (it refuses more workers), so an
in-memory fan-out reaches every subscriber. Payloads carry only ids: each
subscriber re-reads the item through its own viewer's filter.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

QUEUE_SIZE = 100

_subscribers: dict[str, set[asyncio.Queue[int]]] = defaultdict(set)


def publish(topic: str, item_id: int) -> None:
    for queue in list(_subscribers.get(topic, ())):
        # A subscriber that stopped reading loses old news; it never blocks a writer.
        with contextlib.suppress(asyncio.QueueFull):
            queue.put_nowait(item_id)


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
