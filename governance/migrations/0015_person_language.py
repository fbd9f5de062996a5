"""A person's language (issue 15): the admin, the portal and their email in it. Null: the
browser's Accept-Language or the language switch decides."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [('models', '0014_webhooks')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Person',
            name='language',
            field=fields.CharField(null=True, max_length=8),
        ),
    ]
