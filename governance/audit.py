"""The audit trail: appended in the transaction of the change it records, hash-chained.

Each event's hash covers its fields and the previous event's hash, so altering
or removing a row breaks every later link; :func:`verify` finds the first one.
Appends lock the single AuditHead row, which orders concurrent writers.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from governance.models import AuditEvent, AuditHead

GENESIS = "0" * 64


def _digest(event: AuditEvent) -> str:
    payload = json.dumps(
        [
            event.seq,
            event.at.astimezone(UTC).isoformat(timespec="microseconds"),
            event.actor_id,
            event.action,
            event.subject_type,
            event.subject_id,
            event.summary,
            event.prev_hash,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


async def record(
    actor_id: int | None,
    action: str,
    summary: str,
    subject_type: str | None = None,
    subject_id: int | None = None,
) -> AuditEvent:
    """Append one event. Call inside the change's transaction.

    `summary` must never quote the content of a CONFIDENTIAL or RESTRICTED item:
    callers describe such items by kind, reference and body only.
    """
    head = await _advance_head()
    event = AuditEvent(
        seq=head.seq,
        at=datetime.now(UTC),
        actor_id=actor_id,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        summary=summary[:500],
        prev_hash=head.hash,
    )
    event.hash = _digest(event)
    await event.save()
    await AuditHead.filter(id=1).update(hash=event.hash)
    return event


async def _advance_head() -> AuditHead:
    """Take the next sequence number. The UPDATE comes first: it takes the head's
    row lock (the database lock on SQLite), so concurrent appends queue here."""
    for _ in range(3):
        if await AuditHead.filter(id=1).update(seq=F("seq") + 1):
            return await AuditHead.get(id=1)
        try:
            async with in_transaction():  # a savepoint: a racing first append loses cleanly
                return await AuditHead.create(id=1, seq=1, hash=GENESIS)
        except IntegrityError:
            continue
    raise RuntimeError("Could not advance the audit chain.")


@dataclass(frozen=True)
class Verification:
    checked: int
    broken_at: int | None  # seq of the first event whose link does not hold
    reason: str | None

    @property
    def ok(self) -> bool:
        return self.broken_at is None


async def verify(batch: int = 2000) -> Verification:
    """Walk the chain in order; report the first altered, missing or reordered event."""
    expected_prev, expected_seq, checked = GENESIS, 1, 0
    last_seq = 0
    while True:
        events = await AuditEvent.filter(seq__gt=last_seq).order_by("seq").limit(batch)
        if not events:
            break
        for event in events:
            if event.seq != expected_seq:
                return Verification(
                    checked, expected_seq, f"event {expected_seq} is missing from the chain"
                )
            if event.prev_hash != expected_prev:
                return Verification(
                    checked, event.seq, f"event {event.seq} does not link to event {event.seq - 1}"
                )
            if _digest(event) != event.hash:
                return Verification(
                    checked, event.seq, f"event {event.seq} was altered after it was written"
                )
            expected_prev, expected_seq = event.hash, event.seq + 1
            checked += 1
        last_seq = events[-1].seq
    head = await AuditHead.get_or_none(id=1)
    if head is not None and (head.seq != expected_seq - 1 or head.hash != expected_prev):
        return Verification(
            checked, expected_seq, f"events after {expected_seq - 1} were removed from the end"
        )
    return Verification(checked, None, None)
