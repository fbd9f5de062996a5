"""Webhooks (PRODUCT.md, "Webhooks"): a person's URL, called when events happen.

- Anyone signed in registers webhooks for themselves (an integration account above all)
  and deletes their own; nobody sees or deletes another's, an admin included.
- The secret is made here and shown once, in the answer to the creation. It is kept as
  given (not hashed, not encrypted with a key the same database would hold): every
  delivery must be signed with it, the way the SMTP password is kept in the settings.
- `emit` runs inside the transaction of the change it tells of: one WEBHOOK outbox item
  per active webhook that listens to the event, so a change that rolls back calls no one.
  What the body carries is read at delivery time, as the owner may see it then
  (server.webhooks), not now.
- `record` keeps each attempt (the admin and `Viewer.webhooks` show the last 20);
  after 50 failed deliveries in a row (each one failed after all its attempts) the
  webhook is turned off and its owner told, by a notification of kind
  WEBHOOK_DEACTIVATED.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from tortoise.expressions import F
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from governance import audit, clock, outbox
from governance.enums import NotificationKind, OutboxChannel, WebhookEvent
from governance.errors import N_, BadInput, NotFound
from governance.guards import signed_in
from governance.models import Notification, Webhook, WebhookDelivery
from governance.webhook_urls import check
from permissions import Viewer, require, visible

__all__ = ["WebhookEvent", "create_webhook", "delete_webhook", "emit", "own_webhooks", "record"]

MAX_PER_PERSON = 20
SHOWN = 20  # deliveries shown per webhook, newest first
KEPT = 100  # deliveries kept per webhook: the older ones are deleted as new ones come
DEACTIVATE_AFTER = 50  # failed deliveries in a row
DEACTIVATED_TITLE = "A webhook of yours was turned off after 50 failed deliveries in a row"


@dataclass(frozen=True)
class CreatedWebhook:
    webhook: Webhook
    secret: str  # shown once


def own_webhooks(viewer: Viewer) -> QuerySet[Webhook]:
    return visible(viewer, Webhook).order_by("-created_at", "-id")


def events_of(chosen: Sequence[WebhookEvent | str]) -> list[str]:
    """The events, each once, in the enum's order; BAD_USER_INPUT for none or an unknown one."""
    try:
        wanted = {WebhookEvent(event) for event in chosen}
    except ValueError:
        raise BadInput(
            "events must be among %(events)s.", events=", ".join(e.value for e in WebhookEvent)
        ) from None
    if not wanted:
        raise BadInput("Choose at least one event.")
    return [event.value for event in WebhookEvent if event in wanted]


async def create_webhook(
    viewer: Viewer, *, url: str, events: Sequence[WebhookEvent | str]
) -> CreatedWebhook:
    actor = signed_in(viewer)
    await require(
        viewer,
        "create",
        Webhook(person_id=actor),
        message=N_("You register webhooks for yourself."),
    )
    chosen = events_of(events)
    url = url.strip()
    await check(url)  # before anything is written: a refused URL leaves no trace
    if await Webhook.filter(person_id=actor).count() >= MAX_PER_PERSON:
        raise BadInput(
            "You have %(count)s webhooks already: delete one first.", count=MAX_PER_PERSON
        )
    secret = secrets.token_hex(32)
    async with in_transaction():
        webhook = await Webhook.create(
            person_id=actor, url=url, events=chosen, secret=secret, created_at=clock.now()
        )
        # Not the URL: it may carry a partner's key in its path or query.
        await audit.record(
            actor,
            "webhook.create",
            f"Registered a webhook for {len(chosen)} event(s)",
            "person",
            actor,
        )
    return CreatedWebhook(webhook, secret)


async def delete_webhook(viewer: Viewer, *, webhook_id: int) -> bool:
    """Deletes it, its deliveries, and stops the deliveries still queued (the sender finds
    the webhook gone)."""
    actor = signed_in(viewer)
    webhook = await visible(viewer, Webhook).filter(id=webhook_id).first()
    if webhook is None:
        raise NotFound("No webhook with that id.")
    await require(viewer, "delete", webhook)
    async with in_transaction():
        await Webhook.filter(id=webhook.id).delete()
        await audit.record(actor, "webhook.delete", "Deleted a webhook", "person", actor)
    return True


async def deliveries(webhook_id: int, limit: int = SHOWN) -> list[WebhookDelivery]:
    return await WebhookDelivery.filter(webhook_id=webhook_id).order_by("-id").limit(limit)


async def emit(event: WebhookEvent, subject_type: str, subject_id: int) -> int:
    """Queue a delivery of `event` to each active webhook listening to it; how many.
    Call inside the change's transaction."""
    listening = [
        row
        for row in await Webhook.filter(active=True)
        .order_by("id")
        .values("id", "person_id", "events")
        if event.value in row["events"]
    ]
    for row in listening:
        await outbox.enqueue(
            OutboxChannel.WEBHOOK,
            event.value,
            person_id=row["person_id"],
            subject_type=subject_type,
            subject_id=subject_id,
            payload={"webhook_id": row["id"]},
        )
    return len(listening)


async def record(
    webhook: Webhook,
    *,
    event: WebhookEvent,
    delivery_id: str,
    attempt: int,
    status_code: int | None,
    succeeded: bool,
    error: str | None,
    last_attempt: bool,
) -> bool:
    """Keep one attempt. A success clears the failures in a row; a delivery that failed
    its last attempt adds one, and the 50th turns the webhook off and tells its owner.
    True when this attempt turned it off."""
    now = clock.now()
    async with in_transaction():
        await WebhookDelivery.create(
            webhook_id=webhook.id,
            event=event,
            delivery_id=delivery_id,
            attempt=attempt,
            status_code=status_code,
            succeeded=succeeded,
            error=(error or None) and error[:300],
            at=now,
        )
        old = (
            await WebhookDelivery.filter(webhook_id=webhook.id).order_by("-id").offset(KEPT).first()
        )
        if old is not None:
            await WebhookDelivery.filter(webhook_id=webhook.id, id__lte=old.id).delete()
        if succeeded:
            await Webhook.filter(id=webhook.id).update(consecutive_failures=0)
            return False
        if not last_attempt:
            return False
        await Webhook.filter(id=webhook.id).update(
            consecutive_failures=F("consecutive_failures") + 1
        )
        turned_off = await Webhook.filter(
            id=webhook.id, active=True, consecutive_failures__gte=DEACTIVATE_AFTER
        ).update(active=False, deactivated_at=now)
        if turned_off:
            # Written here, not through governance.notifications: the owner alone is told,
            # and a webhook is theirs to see (its subject is the webhook itself).
            await Notification.create(
                person_id=webhook.person_id,
                kind=NotificationKind.WEBHOOK_DEACTIVATED,
                title=DEACTIVATED_TITLE,
                subject_type="webhook",
                subject_id=webhook.id,
            )
        return bool(turned_off)
