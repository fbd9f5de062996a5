"""Webhooks: a person's URL called when events happen (PRODUCT.md, "Webhooks"), and the
attempts at calling it. Neither is part of the record a count reads."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from governance.enums import WebhookEvent
from governance.models.people import Person


class Webhook(Model):
    id = fields.IntField(primary_key=True)
    # Its owner: deliveries carry what this person may see, at delivery time.
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="webhooks", on_delete=fields.CASCADE
    )
    person_id: int
    url = fields.CharField(max_length=2000)
    # WebhookEvent values, in the order of the enum.
    events: list[str] = fields.JSONField(default=list)
    # Kept as given, not hashed: every delivery is signed with it (HMAC). Shown once.
    secret = fields.CharField(max_length=64)
    active = fields.BooleanField(default=True)
    # Failed deliveries in a row (a delivery fails once its last attempt has); 50 turn it off.
    consecutive_failures = fields.IntField(default=0)
    created_at = fields.DatetimeField()
    deactivated_at = fields.DatetimeField(null=True)

    deliveries: fields.ReverseRelation[WebhookDelivery]

    class Meta:
        table = "webhook"


class WebhookDelivery(Model):
    """One attempt at one delivery (an outbox item): its answer, or why there was none."""

    id = fields.IntField(primary_key=True)
    webhook: fields.ForeignKeyRelation[Webhook] = fields.ForeignKeyField(
        "models.Webhook", related_name="deliveries", on_delete=fields.CASCADE
    )
    webhook_id: int
    event = fields.CharEnumField(WebhookEvent, max_length=32)
    delivery_id = fields.CharField(max_length=36)  # X-Indaba-Delivery, the same on each attempt
    attempt = fields.IntField()
    status_code = fields.IntField(null=True)  # null: no answer (refused, timed out)
    succeeded = fields.BooleanField()
    error = fields.CharField(max_length=300, null=True)
    at = fields.DatetimeField()

    class Meta:
        table = "webhook_delivery"
        # A webhook's newest attempts first.
        indexes = (("webhook_id", "id"),)
