"""An update's language and the update it translates; a person's own time zone for their
dashboard (issue 15). Columns added, never a table rebuilt: the update table's record
version triggers (0006) stay."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [('models', '0015_person_language')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Update',
            name='language',
            field=fields.CharField(default='en', db_default='en', max_length=16),
        ),
        ops.AddField(
            model_name='Update',
            name='translation_of',
            field=fields.ForeignKeyField('models.Update', source_field='translation_of_id', null=True, db_constraint=True, to_field='id', related_name='translations', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddField(
            model_name='Person',
            name='time_zone',
            field=fields.CharField(null=True, max_length=64),
        ),
    ]
