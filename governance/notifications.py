"""Telling people what needs them: one row per recipient, in the change's transaction.

The row is written in the same transaction as the change it reports (an outbox):
a change that rolls back tells nobody, and one that commits cannot lose its
notifications. A recipient is told only about a subject they may see at that
moment (permissions.audience: for all of them in a fixed number of statements), in a
title that names nothing else. Each row also puts an email in the outbox when the
recipient's preference for its kind says so (no preference: email as it happens;
`digest`: the daily digest gathers it instead; neither: in the app only).

    told = await notify(kind, recipients, title, subject_type=..., subject_id=...)
    ...                                  # still inside the transaction
    await announce(told)                 # after it commits: live subscribers hear it

Who is told of each kind is governance.recipients.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from tortoise.expressions import Q

from governance import clock, events
from governance.enums import NotificationKind, OutboxChannel
from governance.models import Notification, NotificationPreference, OutboxItem
from governance.recipients import chairs_of
from governance.throttles import chunks, execute
from permissions import kinds
from permissions.audience import load_audience, who_sees

__all__ = ["announce", "chairs_of", "notification_topic", "notify", "wants_email"]

# All the rows in one INSERT … RETURNING: their ids go into the emails' payloads, which
# Tortoise's bulk_create does not give back.
_INSERT = (
    "INSERT INTO notification (person_id, kind, title, subject_type, subject_id, created_at)"
    " VALUES {values} RETURNING id, person_id"
)


def notification_topic(person_id: int) -> str:
    """Live subscribers of one person's notifications (the payload: the row's id)."""
    return f"notifications:{person_id}"


async def notify(
    kind: NotificationKind,
    recipients: Iterable[int | None],
    title: str,
    *,
    subject_type: str | None = None,
    subject_id: int | None = None,
) -> list[Notification]:
    """Write the notifications of one change. Call inside the change's transaction.

    Only the recipients who may see the subject (`subject_type` a kind of
    permissions.kinds, `subject_id` its row) are told; without a subject, all of them.
    A fixed number of statements for up to a thousand recipients (a statement names at
    most 32,767 values on PostgreSQL), a few more for each thousand beyond."""
    audience = await load_audience(r for r in recipients if r is not None)
    told = sorted(audience.people)
    if subject_type is not None and subject_id is not None and told:
        seeing = await who_sees(
            kinds.get(subject_type), subject_id, list(audience.viewers.values())
        )
        told = [person_id for person_id in told if person_id in seeing]
    if not told:
        return []
    now = clock.now()
    inserted: list[Any] = []
    for some in chunks(told):
        values: list[Any] = []
        for person_id in some:
            values += [person_id, kind.value, title[:300], subject_type, subject_id, now]
        placeholders = ", ".join("(?, ?, ?, ?, ?, ?)" for _ in some)
        inserted += await execute(_INSERT.format(values=placeholders), values)
    rows = [
        Notification(
            id=row["id"],
            person_id=row["person_id"],
            kind=kind,
            title=title[:300],
            subject_type=subject_type,
            subject_id=subject_id,
            created_at=now,
            read_at=None,
        )
        for row in map(dict, inserted)
    ]
    for row in rows:
        row._saved_in_db = True
    emailed = await wants_email(kind, [p for p in told if _reachable(audience.people[p])])
    await OutboxItem.bulk_create(
        [
            OutboxItem(
                channel=OutboxChannel.EMAIL,
                topic=kind.value,
                person_id=row.person_id,
                subject_type=subject_type,
                subject_id=subject_id,
                payload={"notification_id": row.id},
                next_attempt_at=now,
                delivery_id=str(uuid.uuid4()),
                created_at=now,
            )
            for row in rows
            if row.person_id in emailed
        ]
    )
    return rows


def _reachable(person: Any) -> bool:
    """An email goes to a person with an address, never to an integration account."""
    return bool(person.email) and not person.is_integration


async def wants_email(kind: NotificationKind, person_ids: Sequence[int]) -> set[int]:
    """Of these people, those who want an email of `kind` as it happens: no preference
    row means yes; a digest or email off means no (a statement per thousand people)."""
    refusing: set[int] = set()
    for some in chunks(person_ids):
        found: list[Any] = await NotificationPreference.filter(
            Q(email=False) | Q(digest=True), person_id__in=some, kind=kind
        ).values_list("person_id", flat=True)
        refusing.update(found)
    return set(person_ids) - refusing


async def announce(rows: Iterable[Notification]) -> None:
    """After the change committed: each recipient's live subscriptions hear of theirs (one
    round to the other workers, however many recipients)."""
    await events.publish_many((notification_topic(row.person_id), row.id) for row in rows)
