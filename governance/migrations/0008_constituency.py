"""Constituency voting: a membership's constituency, a motion that requires each, and the
constituency frozen with the roll when voting opens (governance.voting_rules)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0007_minutes_sections')]

    initial = False

    operations = [
        ops.AddField(
            model_name='EligibleVoter',
            name='constituency',
            field=fields.CharField(null=True, max_length=100),
        ),
        ops.AddField(
            model_name='Membership',
            name='constituency',
            field=fields.CharField(null=True, max_length=100),
        ),
        ops.AddField(
            model_name='Motion',
            name='require_each_constituency',
            field=fields.BooleanField(default=False, db_default=False),
        ),
    ]
