"""The outbox: what the service still has to send (PRODUCT.md, "Notifications and webhooks").

- `enqueue` writes an item inside the transaction of the change that causes it: a change
  that rolls back sends nothing, one that commits cannot lose its messages.
- `claim` hands a worker the items that are due, each to one worker only: one statement
  that picks them `FOR UPDATE SKIP LOCKED` on PostgreSQL (several workers never wait on
  each other nor take the same row) and leases them by pushing `next_attempt_at` on by
  `LEASE`. A worker that dies holding a lease leaves its items to be taken again when the
  lease ends: an item is sent at least once, and receivers de-duplicate on its
  `delivery_id` (X-Indaba-Delivery, the email's Message-ID). SQLite runs one worker
  (server.worker refuses more), and its single writer makes the statement atomic too.
- `sent` and `failed` record the outcome; a failure waits before its next attempt,
  longer each time (`backoff`), until the channel's last attempt, then FAILED.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta
from typing import Any

from governance import clock
from governance.enums import OutboxChannel, OutboxStatus
from governance.models import OutboxItem
from governance.throttles import execute

LEASE = timedelta(minutes=5)
BATCH = 50
# Waits before attempts 2, 3, ... : webhooks 8 attempts over about a day (PRODUCT.md);
# emails 6 over about 3 hours (an SMTP relay that is down for longer is an incident).
DELAYS = {
    OutboxChannel.WEBHOOK: (60, 300, 900, 3600, 3 * 3600, 6 * 3600, 12 * 3600),
    OutboxChannel.EMAIL: (60, 300, 900, 1800, 3600),
}
MAX_ERROR = 500
# A payload's secret (an account link's token, governance.account_links): the email needs
# it until it is sent, and nothing after; dropped when the item is done, sent or given up.
SECRET = "token"  # noqa: S105 (a key's name)


async def enqueue(
    channel: OutboxChannel,
    topic: str,
    *,
    person_id: int | None = None,
    subject_type: str | None = None,
    subject_id: int | None = None,
    payload: dict[str, Any] | None = None,
    not_before: datetime | None = None,
) -> OutboxItem:
    """One message to send. Call inside the change's transaction."""
    now = clock.now()
    return await OutboxItem.create(
        channel=channel,
        topic=topic,
        person_id=person_id,
        subject_type=subject_type,
        subject_id=subject_id,
        payload=payload or {},
        next_attempt_at=not_before or now,
        delivery_id=str(uuid.uuid4()),
        created_at=now,
    )


CLAIM = """
UPDATE outbox SET next_attempt_at = ?, attempts = attempts + 1
WHERE id IN (
  SELECT id FROM outbox
  WHERE status = 'PENDING' AND next_attempt_at <= ?{channel}
  ORDER BY next_attempt_at, id
  LIMIT ?{lock}
)
RETURNING id
"""


async def claim(
    batch: int = BATCH, *, channel: OutboxChannel | None = None, now: datetime | None = None
) -> list[OutboxItem]:
    """Up to `batch` due items, leased to the caller alone; their attempt counted."""
    now = now or clock.now()
    postgres = await _is_postgres()
    sql = CLAIM.format(
        channel=" AND channel = ?" if channel is not None else "",
        lock=" FOR UPDATE SKIP LOCKED" if postgres else "",
    )
    values: list[Any] = [now + LEASE, now]
    if channel is not None:
        values.append(channel.value)
    values.append(batch)
    rows = await execute(sql, values)
    ids = sorted(row["id"] for row in rows)
    if not ids:
        return []
    return await OutboxItem.filter(id__in=ids).order_by("next_attempt_at", "id")


def _without_secret(item: OutboxItem) -> dict[str, Any]:
    if SECRET not in item.payload:
        return {}
    return {"payload": {k: v for k, v in item.payload.items() if k != SECRET}}


async def sent(item: OutboxItem) -> None:
    await OutboxItem.filter(id=item.id).update(
        status=OutboxStatus.SENT, sent_at=clock.now(), last_error=None, **_without_secret(item)
    )


async def failed(item: OutboxItem, error: str, *, retry: bool = True) -> OutboxStatus:
    """Record a failed attempt: retried after its backoff, or FAILED after the last one
    (or at once, for an error no retry can mend: `retry=False`)."""
    delays = DELAYS[item.channel]
    last = not retry or item.attempts > len(delays)
    status = OutboxStatus.FAILED if last else OutboxStatus.PENDING
    wait = timedelta(seconds=0 if last else backoff(delays, item.attempts))
    await OutboxItem.filter(id=item.id).update(
        status=status,
        next_attempt_at=clock.now() + wait,
        last_error=error[:MAX_ERROR],
        **(_without_secret(item) if last else {}),
    )
    return status


def backoff(delays: tuple[int, ...], attempts: int) -> float:
    """The wait after `attempts` failed attempts, with ±10% jitter so that items that
    failed together (a receiver down) do not all come back in the same second."""
    base = delays[min(attempts, len(delays)) - 1]
    return float(base * random.uniform(0.9, 1.1))


async def _is_postgres() -> bool:
    from tortoise import connections

    return bool(connections.get("default").capabilities.dialect == "postgres")
