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


async def test_a_notification_to_thousands_goes_out_in_one_round_and_each_hears_theirs(
    database_url,
):
    """A notification's recipients are announced together (one pg_notify statement for
    all of them), and every recipient's subscription hears its own row."""
    if not database_url.startswith("postgres"):
        pytest.skip("NOTIFY/LISTEN is PostgreSQL's; SQLite serves from one process")
    sender = PostgresRelay(database_url)
    await sender.start()
    try:
        async with (
            events.subscription("notifications:1") as first,
            events.subscription("notifications:2500") as middle,
            events.subscription("notifications:5000") as last,
        ):
            await events.publish_many((f"notifications:{n}", 10_000 + n) for n in range(1, 5001))
            assert await asyncio.wait_for(first.get(), 5) == 10_001
            assert await asyncio.wait_for(middle.get(), 5) == 12_500
            assert await asyncio.wait_for(last.get(), 5) == 15_000
    finally:
        await sender.stop()


async def test_without_a_relay_a_change_is_delivered_in_process():
    async with events.subscription("updates:published") as queue:
        await events.publish("updates:published", 7)
        assert queue.get_nowait() == 7
