"""What is still to be sent out of the service: emails and webhook deliveries, written in
the transaction of the change that causes them (an outbox) and sent by the worker
(server.worker). What a person chose to receive by email: NotificationPreference."""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model

from governance.enums import NotificationKind, OutboxChannel, OutboxStatus
from governance.models.people import Person


class OutboxItem(Model):
    id = fields.IntField(primary_key=True)
    channel = fields.CharEnumField(OutboxChannel, max_length=16)
    # What to send: a notification kind, an account email (invitation, reset), the daily
    # digest, or a webhook event; the sender reads the rest from the record at send time.
    topic = fields.CharField(max_length=48)
    # An email's recipient; a webhook delivery's owner.
    person: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="outbox", null=True, on_delete=fields.CASCADE
    )
    person_id: int | None
    subject_type = fields.CharField(max_length=32, null=True)
    subject_id = fields.IntField(null=True)
    # Small facts the message needs that the record will not hold (a link's token).
    payload: dict[str, Any] = fields.JSONField(default=dict)
    status = fields.CharEnumField(OutboxStatus, max_length=16, default=OutboxStatus.PENDING)
    attempts = fields.IntField(default=0)
    # Not before (the backoff after a failure). A claim pushes it on by the claim's lease,
    # so a worker that dies holding items lets another take them when the lease ends.
    next_attempt_at = fields.DatetimeField()
    # Unique per item, sent along (X-Indaba-Delivery, Message-ID) so receivers de-duplicate.
    delivery_id = fields.CharField(max_length=36, unique=True)
    last_error = fields.CharField(max_length=500, null=True)
    created_at = fields.DatetimeField()
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "outbox"
        # The worker's question: what is PENDING and due, oldest first.
        indexes = (("status", "next_attempt_at", "id"),)


class NotificationPreference(Model):
    """A person's choice for one kind: email as it happens, in the daily digest, or in the
    app only (both off). Without a row: email as it happens."""

    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="notification_preferences", on_delete=fields.CASCADE
    )
    person_id: int
    kind = fields.CharEnumField(NotificationKind, max_length=32)
    email = fields.BooleanField(default=True)
    digest = fields.BooleanField(default=False)

    class Meta:
        table = "notification_preference"
        unique_together = (("person", "kind"),)
