from tortoise import migrations
from tortoise.migrations import operations as ops
from governance.enums import NotificationKind
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Notification',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='MEETING_SCHEDULED: MEETING_SCHEDULED\nBALLOT_OPENED: BALLOT_OPENED\nMINUTES_CIRCULATED: MINUTES_CIRCULATED\nMINUTES_APPROVED: MINUTES_APPROVED\nACTION_ITEM_ASSIGNED: ACTION_ITEM_ASSIGNED\nACTION_ITEM_DUE: ACTION_ITEM_DUE\nACTION_ITEM_OVERDUE: ACTION_ITEM_OVERDUE\nRECOMMENDATION_SUBMITTED: RECOMMENDATION_SUBMITTED\nRECOMMENDATION_ANSWERED: RECOMMENDATION_ANSWERED\nUPDATE_AWAITING_APPROVAL: UPDATE_AWAITING_APPROVAL\nUPDATE_PUBLISHED: UPDATE_PUBLISHED\nPROGRESS_REPORT_DUE: PROGRESS_REPORT_DUE\nMEMBERSHIP_CHANGED: MEMBERSHIP_CHANGED', enum_type=NotificationKind, max_length=32)),
                ('title', fields.CharField(max_length=300)),
                ('subject_type', fields.CharField(null=True, max_length=32)),
                ('subject_id', fields.IntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('read_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'notification', 'app': 'models', 'indexes': [Index(fields=['person_id', 'read_at', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RateCounter',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(max_length=200)),
                ('period', fields.BigIntField()),
                ('hits', fields.IntField(default=0)),
            ],
            options={'table': 'rate_counter', 'app': 'models', 'unique_together': (('key', 'period'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RecoveryCode',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='recovery_codes', on_delete=OnDelete.CASCADE)),
                ('code_hash', fields.CharField(max_length=64)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'recovery_code', 'app': 'models', 'unique_together': (('person', 'code_hash'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SignInThrottle',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(unique=True, max_length=300)),
                ('attempts', fields.IntField(default=0)),
                ('window_start', fields.BigIntField()),
            ],
            options={'table': 'sign_in_throttle', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='ApiToken',
            name='last_used_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='ApiToken',
            name='prefix',
            field=fields.CharField(default='', db_default='', max_length=16),
        ),
        ops.AddField(
            model_name='ApiToken',
            name='read_only',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddIndex(
            model_name='ApiToken',
            index=Index(fields=['person_id', 'revoked_at']),
        ),
        ops.AddField(
            model_name='AuditHead',
            name='key_id',
            field=fields.CharField(default='', db_default='', max_length=16),
        ),
        ops.AddField(
            model_name='Person',
            name='is_integration',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddField(
            model_name='Person',
            name='totp_enabled_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Person',
            name='totp_last_step',
            field=fields.BigIntField(null=True),
        ),
        ops.AddField(
            model_name='Person',
            name='totp_secret',
            field=fields.CharField(null=True, max_length=64),
        ),
        ops.DeleteModel(name='SignInFailure'),
    ]
