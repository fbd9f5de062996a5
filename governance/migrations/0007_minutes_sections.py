from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

from governance.counts import create_sql, drop_sql


async def track(apps, schema_editor) -> None:
    """The new table is part of the record: writes to it move the record version (0006)."""
    client = schema_editor.client
    for statement in create_sql(client.capabilities.dialect, "minutes_section"):
        await client.execute_query(statement)


async def untrack(apps, schema_editor) -> None:
    client = schema_editor.client
    for statement in drop_sql(client.capabilities.dialect, "minutes_section"):
        await client.execute_query(statement)


class Migration(migrations.Migration):
    dependencies = [('models', '0006_record_version')]

    initial = False

    operations = [
        ops.CreateModel(
            name='MinutesSection',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('minutes', fields.ForeignKeyField('models.Minutes', source_field='minutes_id', db_constraint=True, to_field='id', related_name='sections', on_delete=OnDelete.CASCADE)),
                ('agenda_item', fields.ForeignKeyField('models.AgendaItem', source_field='agenda_item_id', db_constraint=True, to_field='id', related_name='minutes_sections', on_delete=OnDelete.CASCADE)),
                ('content', fields.TextField(unique=False)),
            ],
            options={'table': 'minutes_section', 'app': 'models', 'unique_together': (('minutes', 'agenda_item'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='MinutesVersion',
            name='sections',
            field=fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
        ops.RunPython(track, untrack),
    ]
