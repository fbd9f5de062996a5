"""The outbox (issue 14): emails and webhook deliveries written with the change that
causes them and sent by the worker; and each person's notification preferences. Neither
is part of the record a count reads, so neither moves the record version."""

from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from governance.enums import NotificationKind, OutboxChannel, OutboxStatus
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0011_documents')]

    initial = False

    operations = [
        ops.CreateModel(
            name='NotificationPreference',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='notification_preferences', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='MEETING_SCHEDULED: MEETING_SCHEDULED\nBALLOT_OPENED: BALLOT_OPENED\nMINUTES_CIRCULATED: MINUTES_CIRCULATED\nMINUTES_APPROVED: MINUTES_APPROVED\nACTION_ITEM_ASSIGNED: ACTION_ITEM_ASSIGNED\nACTION_ITEM_DUE: ACTION_ITEM_DUE\nACTION_ITEM_OVERDUE: ACTION_ITEM_OVERDUE\nRECOMMENDATION_SUBMITTED: RECOMMENDATION_SUBMITTED\nRECOMMENDATION_ANSWERED: RECOMMENDATION_ANSWERED\nUPDATE_AWAITING_APPROVAL: UPDATE_AWAITING_APPROVAL\nUPDATE_PUBLISHED: UPDATE_PUBLISHED\nPROGRESS_REPORT_DUE: PROGRESS_REPORT_DUE\nMEMBERSHIP_CHANGED: MEMBERSHIP_CHANGED', enum_type=NotificationKind, max_length=32)),
                ('email', fields.BooleanField(default=True)),
                ('digest', fields.BooleanField(default=False)),
            ],
            options={'table': 'notification_preference', 'app': 'models', 'unique_together': (('person', 'kind'),), 'pk_attr': 'id', 'table_description': "A person's choice for one kind: email as it happens, in the daily digest, or in the"},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OutboxItem',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('channel', fields.CharEnumField(description='EMAIL: EMAIL\nWEBHOOK: WEBHOOK', enum_type=OutboxChannel, max_length=16)),
                ('topic', fields.CharField(max_length=48)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', null=True, db_constraint=True, to_field='id', related_name='outbox', on_delete=OnDelete.CASCADE)),
                ('subject_type', fields.CharField(null=True, max_length=32)),
                ('subject_id', fields.IntField(null=True)),
                ('payload', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('status', fields.CharEnumField(default=OutboxStatus.PENDING, description='PENDING: PENDING\nSENT: SENT\nFAILED: FAILED', enum_type=OutboxStatus, max_length=16)),
                ('attempts', fields.IntField(default=0)),
                ('next_attempt_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('delivery_id', fields.CharField(unique=True, max_length=36)),
                ('last_error', fields.CharField(null=True, max_length=500)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'outbox', 'app': 'models', 'indexes': [Index(fields=['status', 'next_attempt_at', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
