"""The outbox and the worker (issue 14): nothing is sent for a change that rolled back,
each due item goes to one worker at a time, failures come back later and later until the
channel's last attempt, and two workers sharing 1,000 items send each exactly once."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

import pytest
from tortoise.transactions import in_transaction

from governance import clock, outbox
from governance.enums import OutboxChannel, OutboxStatus
from governance.models import OutboxItem
from server import worker
from server.worker import DONE, Outcome, SingleWorker

EMAIL, WEBHOOK = OutboxChannel.EMAIL, OutboxChannel.WEBHOOK


class Boom(Exception):
    pass


async def test_a_change_that_rolls_back_sends_nothing():
    with pytest.raises(Boom):
        async with in_transaction():
            await outbox.enqueue(EMAIL, "MEETING_SCHEDULED", subject_type="meeting", subject_id=1)
            raise Boom
    assert await outbox.claim() == []
    async with in_transaction():
        await outbox.enqueue(EMAIL, "MEETING_SCHEDULED", subject_type="meeting", subject_id=1)
    assert [i.topic for i in await outbox.claim()] == ["MEETING_SCHEDULED"]


async def test_a_claimed_item_is_leased_and_taken_again_only_when_the_lease_ends():
    item = await outbox.enqueue(WEBHOOK, "DECISION_RECORDED")
    (first,) = await outbox.claim()
    assert (first.id, first.attempts) == (item.id, 1)
    assert await outbox.claim() == []  # leased: no one else takes it
    later = clock.now() + outbox.LEASE + timedelta(seconds=1)
    (again,) = await outbox.claim(now=later)  # its worker died: another takes it
    assert (again.id, again.attempts) == (item.id, 2)


async def test_failures_wait_longer_each_time_until_the_last_attempt():
    item = await outbox.enqueue(WEBHOOK, "DECISION_RECORDED")
    waits = []
    now = clock.now()
    while True:
        (claimed,) = await outbox.claim(now=now)
        status = await outbox.failed(claimed, "HTTP 500")
        row = await OutboxItem.get(id=item.id)
        if status == OutboxStatus.FAILED:
            break
        waits.append((row.next_attempt_at - clock.now()).total_seconds())
        now = row.next_attempt_at + timedelta(seconds=1)
    assert row.attempts == 8  # PRODUCT.md: 8 attempts over about a day
    assert (row.status, row.last_error) == (OutboxStatus.FAILED, "HTTP 500")
    assert waits == sorted(waits) and len(waits) == 7
    assert 20 * 3600 < sum(waits) < 26 * 3600
    assert await outbox.claim(now=now + timedelta(days=30)) == []


async def test_the_worker_sends_records_and_gives_up_on_what_cannot_be_mended():
    sent: list[str] = []

    async def email(item: OutboxItem) -> Outcome:
        if item.topic == "BAD_ADDRESS":
            return Outcome(False, "550 no such mailbox", retry=False)
        if item.topic == "SMTP_DOWN":
            return Outcome(False, "connection refused")
        sent.append(item.topic)
        return DONE

    for topic in ("MINUTES_APPROVED", "BAD_ADDRESS", "SMTP_DOWN"):
        await outbox.enqueue(EMAIL, topic)
    await outbox.enqueue(WEBHOOK, "DECISION_RECORDED")  # no webhook sender given
    assert await worker.run_once({EMAIL: email}) == 4
    statuses = dict(await OutboxItem.all().values_list("topic", "status"))
    assert statuses == {
        "MINUTES_APPROVED": OutboxStatus.SENT,
        "BAD_ADDRESS": OutboxStatus.FAILED,
        "SMTP_DOWN": OutboxStatus.PENDING,  # again later
        "DECISION_RECORDED": OutboxStatus.FAILED,
    }
    assert sent == ["MINUTES_APPROVED"]


async def test_two_workers_share_a_thousand_items_and_send_each_once():
    await OutboxItem.bulk_create(
        [
            OutboxItem(
                channel=WEBHOOK,
                topic="DECISION_RECORDED",
                subject_id=n,
                next_attempt_at=clock.now(),
                delivery_id=f"00000000-0000-0000-0000-{n:012d}",
                created_at=clock.now(),
            )
            for n in range(1000)
        ]
    )
    deliveries: Counter[int] = Counter()
    by_worker: Counter[str] = Counter()

    def sender(name: str) -> worker.Sender:
        async def send(item: OutboxItem) -> Outcome:
            deliveries[item.id] += 1
            by_worker[name] += 1
            await asyncio.sleep(0)  # let the other worker claim meanwhile
            return DONE

        return send

    async def work(name: str) -> None:
        while await worker.run_once({WEBHOOK: sender(name)}, batch=25):
            pass

    await asyncio.gather(work("a"), work("b"))
    assert len(deliveries) == 1000
    assert set(deliveries.values()) == {1}
    assert await OutboxItem.filter(status=OutboxStatus.SENT).count() == 1000
    assert by_worker["a"] > 0 and by_worker["b"] > 0


def test_a_second_worker_on_one_sqlite_database_is_refused(tmp_path):
    database = tmp_path / "indaba.sqlite3"
    refused = pytest.raises(RuntimeError, match="SQLite runs one worker")
    with SingleWorker(database), refused, SingleWorker(database):
        pass
    with SingleWorker(database):  # released when the first stopped
        pass
