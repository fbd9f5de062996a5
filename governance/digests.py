"""The daily digest: once a day, one email per person gathering the notifications of the
kinds they set to "daily digest" (NotificationPreference.digest) since their last one.

The digest is an outbox item (topic DIGEST) whose payload names its window
[since, until); the next digest starts where the last one ended, so nothing falls
between two digests, and the items themselves say whether today's was enqueued (the
job is idempotent across restarts and workers: server.schedule serialises it). The
email is built at send time from the notifications still visible then
(server.notification_mail); a window with nothing left to show sends nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from governance import outbox
from governance.enums import OutboxChannel
from governance.models import Notification, NotificationPreference, OutboxItem

TOPIC = "DIGEST"
# A first digest looks back one day: a preference changed today does not dig up the past.
FIRST_WINDOW = timedelta(days=1)


async def enqueue_due(now: datetime) -> int:
    """One DIGEST item for each person due one today; how many were enqueued."""
    start_of_day = datetime.combine(now.astimezone(UTC).date(), time.min, UTC)
    chosen = await (
        NotificationPreference.filter(digest=True, person__is_integration=False)
        .exclude(person__email="")
        .values_list("person_id", "kind")
    )
    gathered: dict[int, list[str]] = {}
    for person_id, kind in chosen:
        gathered.setdefault(person_id, []).append(kind)
    enqueued = 0
    for person_id, kinds in sorted(gathered.items()):
        last = (
            await OutboxItem.filter(channel=OutboxChannel.EMAIL, topic=TOPIC, person_id=person_id)
            .order_by("-created_at", "-id")
            .first()
        )
        if last is not None and last.created_at >= start_of_day:
            continue  # today's is already on its way
        since = datetime.fromisoformat(last.payload["until"]) if last else now - FIRST_WINDOW
        news = Notification.filter(
            person_id=person_id, kind__in=kinds, created_at__gte=since, created_at__lt=now
        )
        if not await news.exists():
            continue  # nothing new: the window stays open until there is
        await outbox.enqueue(
            OutboxChannel.EMAIL,
            TOPIC,
            person_id=person_id,
            payload={"since": since.isoformat(), "until": now.isoformat()},
        )
        enqueued += 1
    return enqueued
