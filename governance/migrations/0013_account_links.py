"""Account links (issue 14): the invitation and password-reset links sent by email, each
kept as a SHA-256 of its token. Bookkeeping of credentials, not part of the record: the
table does not move the record version."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from governance.models.account_links import LinkPurpose
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0012_outbox')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AccountLink',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='account_links', on_delete=OnDelete.CASCADE)),
                ('purpose', fields.CharEnumField(description='INVITATION: INVITATION\nPASSWORD_RESET: PASSWORD_RESET', enum_type=LinkPurpose, max_length=16)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('session_version', fields.IntField()),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('ended_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'account_link', 'app': 'models', 'indexes': [Index(fields=['person_id', 'purpose'])], 'pk_attr': 'id', 'table_description': 'One emailed link, kept as a SHA-256 of its token (in the email alone). The token is'},
            bases=['Model'],
        ),
    ]
