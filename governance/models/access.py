"""People named on RESTRICTED items, and the Casbin policy lines."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from governance.models.people import Person


class AccessGrant(Model):
    # A person named on one RESTRICTED item (subject_type is the item's kind).

    id = fields.IntField(primary_key=True)
    subject_type = fields.CharField(max_length=32)
    subject_id = fields.IntField()
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="access_grants", on_delete=fields.CASCADE
    )
    person_id: int
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "access_grant"
        unique_together = (("subject_type", "subject_id", "person"),)
        indexes = (("person_id", "subject_type"),)


class CasbinRule(Model):
    # One Casbin policy line; written and read only by permissions.adapter.

    id = fields.IntField(primary_key=True)
    ptype = fields.CharField(max_length=8)
    v0 = fields.CharField(max_length=64, default="")
    v1 = fields.CharField(max_length=64, default="")
    v2 = fields.CharField(max_length=64, default="")
    v3 = fields.CharField(max_length=64, default="")
    v4 = fields.CharField(max_length=64, default="")
    v5 = fields.CharField(max_length=64, default="")

    class Meta:
        table = "casbin_rule"
