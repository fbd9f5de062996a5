"""Corrections (issue 11): a body's time zone; who drafted a recommendation (with the
board's chair and secretary, who may edit the draft); a reviewer's reason for returning
an update to its author.

The drafter of an existing recommendation is read from the audit trail, which records
who drafted each one ("recommendation.draft")."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields


async def drafters_from_the_trail(apps, schema_editor) -> None:
    await schema_editor.client.execute_query(
        "UPDATE recommendation SET drafted_by_id = ("
        " SELECT MIN(e.actor_id) FROM audit_event e"
        " WHERE e.action = 'recommendation.draft' AND e.subject_type = 'recommendation'"
        " AND e.subject_id = recommendation.id"
        " AND e.actor_id IN (SELECT id FROM person))"
    )


async def nothing(apps, schema_editor) -> None:
    """The column goes with the field when the migration is undone."""


class Migration(migrations.Migration):
    dependencies = [('models', '0008_constituency')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Body',
            name='time_zone',
            field=fields.CharField(default='UTC', db_default='UTC', max_length=64),
        ),
        ops.AddField(
            model_name='Recommendation',
            name='drafted_by',
            field=fields.ForeignKeyField('models.Person', source_field='drafted_by_id', null=True, db_constraint=True, to_field='id', related_name='drafted_recommendations', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddField(
            model_name='Update',
            name='return_reason',
            field=fields.TextField(null=True, unique=False),
        ),
        ops.AddField(
            model_name='Update',
            name='returned_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Update',
            name='returned_by',
            field=fields.ForeignKeyField('models.Person', source_field='returned_by_id', null=True, db_constraint=True, to_field='id', related_name='returned_updates', on_delete=OnDelete.RESTRICT),
        ),
        ops.RunPython(drafters_from_the_trail, nothing),
    ]
