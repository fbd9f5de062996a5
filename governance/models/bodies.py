"""Bodies (committees and advisory boards) and their memberships."""

from __future__ import annotations

from datetime import date

from tortoise import fields
from tortoise.expressions import Q
from tortoise.models import Model

from governance.enums import BodyKind, MemberRole
from governance.models.people import Organization, Person


class Body(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200)
    slug = fields.CharField(max_length=64, unique=True)
    kind = fields.CharEnumField(BodyKind, max_length=32)
    mandate = fields.TextField(null=True)
    quorum = fields.IntField()
    # Prefix of the decision register: SC-2026-007.
    prefix = fields.CharField(max_length=8)
    # The IANA zone the body meets in (Africa/Bamako): meetings are entered and shown in it.
    time_zone = fields.CharField(max_length=64, default="UTC", db_default="UTC")
    created_at = fields.DatetimeField(auto_now_add=True)

    memberships: fields.ReverseRelation[Membership]

    class Meta:
        table = "body"

    @property
    def is_advisory(self) -> bool:
        return self.kind == BodyKind.ADVISORY_BOARD

    @property
    def zoned_name(self) -> str:
        """Its name and the zone it meets in, where times are typed for it."""
        return f"{self.name} ({self.time_zone})"


class Membership(Model):
    # A person's term on a body. Active on day d when start_date <= d < end_date.

    id = fields.IntField(primary_key=True)
    body: fields.ForeignKeyRelation[Body] = fields.ForeignKeyField(
        "models.Body", related_name="memberships", on_delete=fields.CASCADE
    )
    body_id: int
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="memberships", on_delete=fields.CASCADE
    )
    person_id: int
    role = fields.CharEnumField(MemberRole, max_length=16)
    organization: fields.ForeignKeyNullableRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="memberships", null=True, on_delete=fields.RESTRICT
    )
    organization_id: int | None
    voting_rights = fields.BooleanField(default=True)
    start_date = fields.DateField()
    end_date = fields.DateField(null=True)
    # The stakeholder group the seat belongs to (Industry, Government, ...): a motion that
    # requires each constituency is decided within each group as well (governance.voting_rules).
    constituency = fields.CharField(max_length=100, null=True)

    class Meta:
        table = "membership"
        indexes = (("person_id", "start_date"), ("body_id", "start_date"))

    def active_on(self, day: date) -> bool:
        return in_force(self.start_date, self.end_date, day)


# Membership in force on a day, the one rule, as a predicate and as the same condition in SQL.


def in_force(start: date, end: date | None, day: date) -> bool:
    """A term is in force from its first day up to, not including, its end date."""
    return start <= day and (end is None or day < end)


def in_force_on(day: date) -> Q:
    """Memberships in force on a day (in_force, in SQL): start_date <= day < end_date."""
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gt=day))
