"""Webhooks (issue 14): a person's URL called on events, and each attempt at calling it;
bookkeeping, so neither moves the record version. The notification kinds gain
WEBHOOK_DEACTIVATED (only the fields' descriptions change: the column is a string).

SQLite alters a column by rebuilding its table, which drops the table's triggers: the
notification table's, which move the record version (0006), are made again after."""

from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from governance.enums import NotificationKind, WebhookEvent
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

from governance.counts import create_sql, drop_sql


async def retrack(apps, schema_editor) -> None:
    client = schema_editor.client
    dialect = client.capabilities.dialect
    for statement in drop_sql(dialect, "notification") + create_sql(dialect, "notification"):
        await client.execute_query(statement)


async def nothing(apps, schema_editor) -> None:
    """Undone, the triggers stay: the table keeps being part of the record."""

class Migration(migrations.Migration):
    dependencies = [('models', '0013_account_links')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Webhook',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='webhooks', on_delete=OnDelete.CASCADE)),
                ('url', fields.CharField(max_length=2000)),
                ('events', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('secret', fields.CharField(max_length=64)),
                ('active', fields.BooleanField(default=True)),
                ('consecutive_failures', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('deactivated_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'webhook', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WebhookDelivery',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('webhook', fields.ForeignKeyField('models.Webhook', source_field='webhook_id', db_constraint=True, to_field='id', related_name='deliveries', on_delete=OnDelete.CASCADE)),
                ('event', fields.CharEnumField(description='DECISION_RECORDED: DECISION_RECORDED\nDECISION_RELEASED: DECISION_RELEASED\nMEETING_SCHEDULED: MEETING_SCHEDULED\nMINUTES_APPROVED: MINUTES_APPROVED\nAGREEMENT_CHANGED: AGREEMENT_CHANGED\nRECOMMENDATION_ANSWERED: RECOMMENDATION_ANSWERED\nUPDATE_PUBLISHED: UPDATE_PUBLISHED\nMEASUREMENT_RECORDED: MEASUREMENT_RECORDED', enum_type=WebhookEvent, max_length=32)),
                ('delivery_id', fields.CharField(max_length=36)),
                ('attempt', fields.IntField()),
                ('status_code', fields.IntField(null=True)),
                ('succeeded', fields.BooleanField()),
                ('error', fields.CharField(null=True, max_length=300)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'webhook_delivery', 'app': 'models', 'indexes': [Index(fields=['webhook_id', 'id'])], 'pk_attr': 'id', 'table_description': 'One attempt at one delivery (an outbox item): its answer, or why there was none.'},
            bases=['Model'],
        ),
        ops.AlterField(
            model_name='Notification',
            name='kind',
            field=fields.CharEnumField(description='MEETING_SCHEDULED: MEETING_SCHEDULED\nBALLOT_OPENED: BALLOT_OPENED\nMINUTES_CIRCULATED: MINUTES_CIRCULATED\nMINUTES_APPROVED: MINUTES_APPROVED\nACTION_ITEM_ASSIGNED: ACTION_ITEM_ASSIGNED\nACTION_ITEM_DUE: ACTION_ITEM_DUE\nACTION_ITEM_OVERDUE: ACTION_ITEM_OVERDUE\nRECOMMENDATION_SUBMITTED: RECOMMENDATION_SUBMITTED\nRECOMMENDATION_ANSWERED: RECOMMENDATION_ANSWERED\nUPDATE_AWAITING_APPROVAL: UPDATE_AWAITING_APPROVAL\nUPDATE_PUBLISHED: UPDATE_PUBLISHED\nPROGRESS_REPORT_DUE: PROGRESS_REPORT_DUE\nMEMBERSHIP_CHANGED: MEMBERSHIP_CHANGED\nWEBHOOK_DEACTIVATED: WEBHOOK_DEACTIVATED', enum_type=NotificationKind, max_length=32),
        ),
        ops.AlterField(
            model_name='NotificationPreference',
            name='kind',
            field=fields.CharEnumField(description='MEETING_SCHEDULED: MEETING_SCHEDULED\nBALLOT_OPENED: BALLOT_OPENED\nMINUTES_CIRCULATED: MINUTES_CIRCULATED\nMINUTES_APPROVED: MINUTES_APPROVED\nACTION_ITEM_ASSIGNED: ACTION_ITEM_ASSIGNED\nACTION_ITEM_DUE: ACTION_ITEM_DUE\nACTION_ITEM_OVERDUE: ACTION_ITEM_OVERDUE\nRECOMMENDATION_SUBMITTED: RECOMMENDATION_SUBMITTED\nRECOMMENDATION_ANSWERED: RECOMMENDATION_ANSWERED\nUPDATE_AWAITING_APPROVAL: UPDATE_AWAITING_APPROVAL\nUPDATE_PUBLISHED: UPDATE_PUBLISHED\nPROGRESS_REPORT_DUE: PROGRESS_REPORT_DUE\nMEMBERSHIP_CHANGED: MEMBERSHIP_CHANGED\nWEBHOOK_DEACTIVATED: WEBHOOK_DEACTIVATED', enum_type=NotificationKind, max_length=32),
        ),
        ops.RunPython(retrack, nothing),
    ]
