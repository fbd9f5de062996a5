"""Public updates drafted, reviewed and published by the communications team."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from governance.enums import UpdateStatus
from governance.models.decisions import Decision
from governance.models.people import Person


class Update(Model):
    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=300)
    summary = fields.CharField(max_length=1000, null=True)
    body = fields.TextField()
    status = fields.CharEnumField(UpdateStatus, max_length=16, default=UpdateStatus.DRAFT)
    urgent = fields.BooleanField(default=False)
    author: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="authored_updates", null=True, on_delete=fields.RESTRICT
    )
    author_id: int | None
    approved_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="approved_updates", null=True, on_delete=fields.RESTRICT
    )
    approved_by_id: int | None
    decisions: fields.ManyToManyRelation[Decision] = fields.ManyToManyField(
        "models.Decision", related_name="updates", through="update_decision"
    )
    published_at = fields.DatetimeField(null=True)
    # The feed's order: when published, else when drafted (never null, so keyset-pageable).
    listed_at = fields.DatetimeField(db_index=True)
    retracted_at = fields.DatetimeField(null=True)
    retraction_reason = fields.TextField(null=True)
    # A reviewer's reason for sending it back to DRAFT, for its author; cleared when it is
    # submitted again (the return itself stays in the audit trail).
    return_reason = fields.TextField(null=True)
    returned_at = fields.DatetimeField(null=True)
    returned_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="returned_updates", null=True, on_delete=fields.RESTRICT
    )
    returned_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)
    # The language of its text, a BCP 47 tag (en, fr, pt-BR), and the update it translates:
    # one original, its translations pointing at it (never a translation of a translation).
    language = fields.CharField(max_length=16, default="en", db_default="en")
    translation_of: fields.ForeignKeyNullableRelation[Update] = fields.ForeignKeyField(
        "models.Update", related_name="translations", null=True, on_delete=fields.RESTRICT
    )
    translation_of_id: int | None

    translations: fields.ReverseRelation[Update]

    class Meta:
        table = "update"
        # The feed, newest first then id, all or by status (the public reads PUBLISHED); an
        # original's translations, by language (its group, and a language taken in it).
        indexes = (
            ("listed_at", "id"),
            ("status", "listed_at", "id"),
            ("translation_of_id", "language"),
        )
