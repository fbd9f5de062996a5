"""The audit trail: appended in the transaction of the change it records, HMAC-chained.

Each event's digest is an HMAC-SHA256, keyed with the audit key (INDABA_AUDIT_KEY, held
outside the database), over its fields and the previous event's digest. Whoever can write
to the database but does not hold the key cannot alter, remove or re-hash a row without
breaking a link; :func:`verify` finds the first one. Cutting the tail and moving the head
back leaves a shorter chain that is intact: a checkpoint (`position:digest`) kept elsewhere
catches that (`verify(expect=...)`). Appends lock the single AuditHead row, which orders
concurrent writers. The first release chained plain SHA-256: :func:`rekey` moves such a
chain (or one under a retired key) onto the current key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from governance import clock
from governance.models import AuditEvent, AuditHead

GENESIS = "0" * 64
LEGACY = "the first release's unkeyed SHA-256 chain"

# Set once at start-up, like a keyring: governance does not read the server's settings.
_key: bytes | None = None
_key_id = ""


def configure(key: str) -> None:
    """Key every digest written or checked from now on with `key` (INDABA_AUDIT_KEY)."""
    global _key, _key_id
    if not key:
        raise ValueError("The audit key must not be empty.")
    _key = key.encode()
    _key_id = hmac.new(_key, b"indaba.audit.key-id", hashlib.sha256).hexdigest()[:16]


def _current_key() -> bytes:
    if _key is None:
        raise RuntimeError("The audit key is not configured: call governance.audit.configure().")
    return _key


def key_id() -> str:
    """A fingerprint of the configured key, stored on the head; it does not reveal the key."""
    _current_key()
    return _key_id


def _digest(event: AuditEvent, *, legacy: bool = False) -> str:
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
    ).encode()
    if legacy:
        return hashlib.sha256(payload).hexdigest()
    return hmac.new(_current_key(), payload, hashlib.sha256).hexdigest()


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
    if head.key_id != key_id():
        # Appending under another key would leave a chain that no key verifies: refuse the
        # change (its transaction rolls back) until the operator re-keys or restores the key.
        raise RuntimeError(_key_problem(head.key_id) + " Nothing was changed.")
    event = AuditEvent(
        seq=head.seq,
        at=clock.now(),
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
                return await AuditHead.create(id=1, seq=1, hash=GENESIS, key_id=key_id())
        except IntegrityError:
            continue
    raise RuntimeError("Could not advance the audit chain.")


def _key_problem(head_key_id: str) -> str:
    if not head_key_id:
        return (
            f"The audit trail is still {LEGACY}: run `python -m server migrate` to key it "
            "with INDABA_AUDIT_KEY."
        )
    return (
        f"The audit trail was written with another audit key (key id {head_key_id}), not this "
        f"INDABA_AUDIT_KEY (key id {key_id()}): set INDABA_AUDIT_KEY to the key it was written "
        "with, or re-key the trail with `python -m server migrate`."
    )


@dataclass(frozen=True)
class Verification:
    checked: int
    broken_at: int | None  # seq of the first event whose link does not hold
    reason: str | None
    head: tuple[int, str] = (0, GENESIS)  # the last event verified: position and digest
    checkpoint: str | None = None  # why an expected `position:digest` is not in the trail

    @property
    def ok(self) -> bool:
        return self.reason is None


async def verify(expect: tuple[int, str] | None = None, batch: int = 2000) -> Verification:
    """Walk the chain in order under the configured key; report the first altered, missing
    or reordered event, and whether the trail still holds the checkpoint `expect`."""
    head = await AuditHead.get_or_none(id=1)
    if head is not None and head.key_id != key_id():
        unchecked = None if expect is None else "it cannot be checked under this key"
        return Verification(0, None, _key_problem(head.key_id), checkpoint=unchecked)
    # Only up to the head read first: events appended while we walk are not ours to judge.
    walk = await _walk(_digest, None if head is None else head.seq, expect, batch)
    if walk.reason is not None:
        return walk
    seq, digest = walk.head
    if head is None and seq:
        return _with(walk, seq + 1, "the chain's head record (audit_head) is missing")
    if head is not None and (head.seq != seq or head.hash != digest):
        return _with(walk, seq + 1, f"events after {seq} were removed from the end")
    return walk


def _with(walk: Verification, broken_at: int, reason: str) -> Verification:
    return Verification(walk.checked, broken_at, reason, walk.head, walk.checkpoint)


async def _walk(
    digest: Callable[[AuditEvent], str],
    upto: int | None,
    expect: tuple[int, str] | None = None,
    batch: int = 2000,
) -> Verification:
    expected_prev, expected_seq, checked = GENESIS, 1, 0
    seen: str | None = None  # the digest at the expected position, once verified
    while True:
        events = AuditEvent.filter(seq__gte=expected_seq)
        if upto is not None:
            events = events.filter(seq__lte=upto)
        page = await events.order_by("seq").limit(batch)
        if not page:
            break
        for event in page:
            reason = None
            if event.seq != expected_seq:
                reason = f"event {expected_seq} is missing from the chain"
            elif event.prev_hash != expected_prev:
                reason = f"event {event.seq} does not link to event {event.seq - 1}"
            elif digest(event) != event.hash:
                reason = f"event {event.seq} was altered after it was written"
            if reason is not None:
                missed = _checkpoint(expect, seen, expected_seq - 1, broken=True)
                last = (expected_seq - 1, expected_prev)
                return Verification(checked, expected_seq, reason, last, missed)
            if expect is not None and event.seq == expect[0]:
                seen = event.hash
            expected_prev, expected_seq = event.hash, event.seq + 1
            checked += 1
    last = (expected_seq - 1, expected_prev)
    return Verification(checked, None, None, last, _checkpoint(expect, seen, last[0]))


def _checkpoint(
    expect: tuple[int, str] | None, seen: str | None, last: int, *, broken: bool = False
) -> str | None:
    if expect is None:
        return None
    position, digest = expect
    if seen is None and broken:
        return f"event {position} could not be checked: the chain breaks before it"
    if seen is None:
        ends = f"ends at event {last}" if last else "is empty"
        return f"the trail {ends}: event {position} and any after it were removed"
    if seen != digest:
        return (
            f"event {position}'s digest is now {seen}, not {digest}: "
            f"the history up to event {position} was rewritten"
        )
    return None


class RekeyRefused(Exception):
    """The chain cannot be shown intact under its old scheme, and nobody said to go on."""


@dataclass(frozen=True)
class Rekeyed:
    events: int
    source: str  # the scheme re-keyed from
    verified: bool


async def rekey(*, unverified: bool = False, batch: int = 2000) -> Rekeyed | None:
    """Re-key a chain written under another scheme onto the configured key, in one
    transaction, and record it; None when it is keyed with this key already (or empty).

    The old chain is verified first where that is possible (SHA-256: always; another HMAC
    key: never, since the key is not here): re-keying a broken chain would launder it, so
    it is refused unless `unverified`, and the audit.rekey event then says so.
    """
    new_id = key_id()
    head = await AuditHead.get_or_none(id=1)
    if head is None or head.key_id == new_id:
        return None
    async with in_transaction() as connection:
        await AuditHead.filter(id=1).update(seq=F("seq"))  # lock the head: appends wait
        head = await AuditHead.get(id=1)
        if head.key_id == new_id:
            return None
        source = LEGACY if not head.key_id else f"HMAC key id {head.key_id}"
        problem = await _old_chain_problem(head)
        if problem is not None and not unverified:
            raise RekeyRefused(
                f"The audit trail ({source}) was not re-keyed: {problem}. "
                "Re-run with `migrate --rekey-unverified` to re-key it without that check; "
                "the audit.rekey event will record that it was not verified."
            )
        events, last = await _rewrite(connection, batch)
        await AuditHead.filter(id=1).update(seq=last[0], hash=last[1], key_id=new_id)
        done = Rekeyed(events, source, verified=problem is None)
        checked = "verified first" if problem is None else f"NOT verified: {problem}"
        await record(
            None, "audit.rekey", f"Re-keyed {events} events from {source} to HMAC key id "
            f"{new_id} ({checked})"
        )  # fmt: skip
    return done


async def _old_chain_problem(head: AuditHead) -> str | None:
    if head.key_id:
        return f"it is keyed with HMAC key id {head.key_id}, which is not here to verify it"
    if await AuditEvent.exists(action="audit.rekey"):
        # Once keyed, a chain is never unkeyed again: someone reset the key id by hand.
        return "it already records a re-key, so its key id was reset by hand"
    walk = await _walk(lambda event: _digest(event, legacy=True), head.seq)
    if walk.reason is None and walk.head != (head.seq, head.hash):
        return f"events after {walk.head[0]} were removed from the end"
    return None if walk.reason is None else f"it does not verify ({walk.reason})"


async def _rewrite(connection: BaseDBAsyncClient, batch: int) -> tuple[int, tuple[int, str]]:
    """Recompute every link under the configured key, lifting the append-only guard for
    this transaction only (see migration 0003)."""
    postgres = connection.capabilities.dialect == "postgres"
    guards: list[dict] = []
    if postgres:
        await connection.execute_script("SET LOCAL indaba.audit_rekey = 'on'")
        update = "UPDATE audit_event SET prev_hash = $1, hash = $2 WHERE id = $3"
    else:
        # SQLite has no session settings: drop the triggers and restore them as they were,
        # inside this transaction (SQLite's DDL is transactional).
        guards = await connection.execute_query_dict(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_event'"
        )
        for guard in guards:
            await connection.execute_query(f'DROP TRIGGER "{guard["name"]}"')
        update = "UPDATE audit_event SET prev_hash = ?, hash = ? WHERE id = ?"
    prev, seq, count = GENESIS, 0, 0
    while page := await AuditEvent.filter(seq__gt=seq).order_by("seq").limit(batch):
        rows = []
        for event in page:
            event.prev_hash = prev
            event.hash = prev = _digest(event)
            rows.append([event.prev_hash, event.hash, event.id])
        await connection.execute_many(update, rows)
        seq, count = page[-1].seq, count + len(page)
    for guard in guards:
        await connection.execute_query(guard["sql"])
    return count, (seq, prev)
