"""Meetings, their agenda, attendance and minutes."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from governance.enums import AttendanceStatus, Classification, MeetingStatus, MinutesStatus
from governance.models.bodies import Body
from governance.models.people import Person


class Meeting(Model):
    id = fields.IntField(primary_key=True)
    body: fields.ForeignKeyRelation[Body] = fields.ForeignKeyField(
        "models.Body", related_name="meetings", on_delete=fields.RESTRICT
    )
    body_id: int
    title = fields.CharField(max_length=300)
    starts_at = fields.DatetimeField(db_index=True)
    ends_at = fields.DatetimeField(null=True)
    location = fields.CharField(max_length=300, null=True)
    status = fields.CharEnumField(MeetingStatus, max_length=16, default=MeetingStatus.SCHEDULED)
    classification = fields.CharEnumField(Classification, max_length=16)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "meeting"
        # Meetings list by start time, then id: all, by body (also the body's nested list).
        indexes = (("starts_at", "id"), ("body_id", "starts_at", "id"))


class AgendaItem(Model):
    id = fields.IntField(primary_key=True)
    meeting: fields.ForeignKeyRelation[Meeting] = fields.ForeignKeyField(
        "models.Meeting", related_name="agenda_items", on_delete=fields.CASCADE
    )
    meeting_id: int
    position = fields.IntField()
    title = fields.CharField(max_length=300)
    description = fields.TextField(null=True)
    classification = fields.CharEnumField(Classification, max_length=16)

    class Meta:
        table = "agenda_item"
        unique_together = (("meeting", "position"),)


class Attendance(Model):
    id = fields.IntField(primary_key=True)
    meeting: fields.ForeignKeyRelation[Meeting] = fields.ForeignKeyField(
        "models.Meeting", related_name="attendance", on_delete=fields.CASCADE
    )
    meeting_id: int
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="attendance", on_delete=fields.RESTRICT
    )
    person_id: int
    status = fields.CharEnumField(AttendanceStatus, max_length=16)

    class Meta:
        table = "attendance"
        unique_together = (("meeting", "person"),)


class Minutes(Model):
    # The current text of a meeting's minutes; every saved version is in MinutesVersion.

    id = fields.IntField(primary_key=True)
    meeting: fields.OneToOneRelation[Meeting] = fields.OneToOneField(
        "models.Meeting", related_name="minutes", on_delete=fields.CASCADE
    )
    meeting_id: int
    status = fields.CharEnumField(MinutesStatus, max_length=16, default=MinutesStatus.DRAFT)
    content = fields.TextField()
    version = fields.IntField(default=1)
    updated_at = fields.DatetimeField(auto_now=True)
    circulated_at = fields.DatetimeField(null=True)
    approved_at = fields.DatetimeField(null=True)
    approved_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="approved_minutes", null=True, on_delete=fields.RESTRICT
    )
    approved_by_id: int | None

    class Meta:
        table = "minutes"


class MinutesVersion(Model):
    id = fields.IntField(primary_key=True)
    minutes: fields.ForeignKeyRelation[Minutes] = fields.ForeignKeyField(
        "models.Minutes", related_name="versions", on_delete=fields.CASCADE
    )
    minutes_id: int
    version = fields.IntField()
    content = fields.TextField()
    # The sections at this version ({agenda item id: text}); null before sections existed.
    sections: fields.JSONField[dict[str, str] | None] = fields.JSONField(null=True)
    saved_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="saved_minutes", null=True, on_delete=fields.RESTRICT
    )
    saved_by_id: int | None
    saved_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "minutes_version"
        unique_together = (("minutes", "version"),)


class MinutesSection(Model):
    # The minutes of one agenda item (governance.minutes); the general part is Minutes.content.

    id = fields.IntField(primary_key=True)
    minutes: fields.ForeignKeyRelation[Minutes] = fields.ForeignKeyField(
        "models.Minutes", related_name="sections", on_delete=fields.CASCADE
    )
    minutes_id: int
    agenda_item: fields.ForeignKeyRelation[AgendaItem] = fields.ForeignKeyField(
        "models.AgendaItem", related_name="minutes_sections", on_delete=fields.CASCADE
    )
    agenda_item_id: int
    content = fields.TextField()

    class Meta:
        table = "minutes_section"
        unique_together = (("minutes", "agenda_item"),)
