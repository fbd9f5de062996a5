"""On PostgreSQL a change reaches subscribers through NOTIFY/LISTEN, so every worker hears it."""

from __future__ import annotations

import asyncio

import pytest

from governance import events
from server.notifications import PostgresRelay


async def test_a_published_change_comes_back_through_listen_once(database_url):
    if not database_url.startswith("postgres"):
        pytest.skip("NOTIFY/LISTEN is PostgreSQL's; SQLite serves from one process")
    sender, other_worker = PostgresRelay(database_url), PostgresRelay(database_url)
    await other_worker.start()
    await sender.start()  # installs itself as this process's relay
    try:
        async with events.subscription("tally:42") as queue:
            await events.publish("tally:42", 42)
            # Both relays listen and deliver in this one process: the same change twice,
            # as two workers would each deliver it once to their own subscribers.
            heard = [await asyncio.wait_for(queue.get(), 5), await asyncio.wait_for(queue.get(), 5)]
            assert heard == [42, 42]
            await asyncio.sleep(0.2)
            assert queue.empty()
    finally:
        await sender.stop()
        await other_worker.stop()
    assert events._relay is None


async def test_without_a_relay_a_change_is_delivered_in_process():
    async with events.subscription("updates:published") as queue:
        await events.publish("updates:published", 7)
        assert queue.get_nowait() == 7
