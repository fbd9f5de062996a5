"""Webhooks, for oneself: `createWebhook` (the secret shown once), `deleteWebhook`, and
`Viewer.webhooks` with each one's last deliveries (governance.webhooks)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from governance import models as m
from governance import webhooks
from governance.enums import WebhookEvent
from schema import ids
from schema.context import Info
from schema.node import Backed, Node, Rows


@strawberry.type
class WebhookDelivery(Rows[m.WebhookDelivery]):
    _model = m.WebhookDelivery
    event: WebhookEvent
    attempt: int
    status_code: int | None = strawberry.field(
        description="HTTP status answered; null when the receiver could not be reached."
    )
    succeeded: bool
    at: datetime


def _events(root: strawberry.Parent[m.Webhook]) -> list[WebhookEvent]:
    return [WebhookEvent(event) for event in root.events]


@strawberry.type
class Webhook(Backed[m.Webhook], Node):
    _model = m.Webhook
    url: str
    events: list[WebhookEvent] = strawberry.field(resolver=_events)
    active: bool
    created_at: datetime

    @strawberry.field(description="Newest first, the last 20.")
    async def deliveries(self) -> list[WebhookDelivery]:
        return [WebhookDelivery.of(row) for row in await webhooks.deliveries(self.id)]


@strawberry.type
class WebhookWithSecret:
    webhook: Webhook
    secret: str = strawberry.field(
        description="Shown once: receivers check the X-Indaba-Signature header (HMAC-SHA256 "
        "of the body) with it."
    )


@strawberry.input
class CreateWebhookInput:
    url: str
    events: list[WebhookEvent]


async def own_webhooks(info: Info) -> list[Webhook]:
    return [Webhook.of(row) for row in await webhooks.own_webhooks(info.context.viewer)]


@strawberry.type
class WebhooksMutation:
    @strawberry.mutation
    async def create_webhook(self, info: Info, input: CreateWebhookInput) -> WebhookWithSecret:
        created = await webhooks.create_webhook(
            info.context.viewer, url=input.url, events=input.events
        )
        return WebhookWithSecret(webhook=Webhook.of(created.webhook), secret=created.secret)

    @strawberry.mutation
    async def delete_webhook(self, info: Info, webhook_id: strawberry.ID) -> bool:
        return await webhooks.delete_webhook(
            info.context.viewer, webhook_id=ids.require(webhook_id, "webhookId", "Webhook")
        )
