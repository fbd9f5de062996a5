"""What a person is told: one row per recipient, written in the change's transaction."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from governance.enums import NotificationKind
from governance.models.people import Person


class Notification(Model):
    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="notifications", on_delete=fields.CASCADE
    )
    person_id: int
    kind = fields.CharEnumField(NotificationKind, max_length=32)
    # Plain text that never names an item the recipient may not see.
    title = fields.CharField(max_length=300)
    # What it is about (a kind of item and its row), as the audit trail names subjects.
    subject_type = fields.CharField(max_length=32, null=True)
    subject_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    read_at = fields.DatetimeField(null=True)

    class Meta:
        table = "notification"
        indexes = (("person_id", "read_at", "id"),)
