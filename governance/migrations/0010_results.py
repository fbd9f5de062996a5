"""Results (issue 12): indicators and their measurements, action plans (with their
indicators, and the action items that are their actions) and progress reports. The new
tables are part of the record: writes to them move the record version (0006)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from governance.enums import ActionPlanStatus, Classification, IndicatorDirection, IndicatorFrequency
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

from governance.counts import create_sql, drop_sql

TABLES = ("indicator", "measurement", "action_plan", "action_plan_indicator", "progress_report")


async def track(apps, schema_editor) -> None:
    client = schema_editor.client
    for table in TABLES:
        for statement in create_sql(client.capabilities.dialect, table):
            await client.execute_query(statement)


async def untrack(apps, schema_editor) -> None:
    client = schema_editor.client
    for table in TABLES:
        for statement in drop_sql(client.capabilities.dialect, table):
            await client.execute_query(statement)


class Migration(migrations.Migration):
    dependencies = [('models', '0009_corrections')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Indicator',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=64)),
                ('name', fields.CharField(max_length=300)),
                ('description', fields.TextField(null=True, unique=False)),
                ('unit', fields.CharField(max_length=64)),
                ('direction', fields.CharEnumField(description='INCREASE: INCREASE\nDECREASE: DECREASE\nMAINTAIN: MAINTAIN', enum_type=IndicatorDirection, max_length=16)),
                ('frequency', fields.CharEnumField(description='MONTHLY: MONTHLY\nQUARTERLY: QUARTERLY\nANNUALLY: ANNUALLY\nONCE: ONCE', enum_type=IndicatorFrequency, max_length=16)),
                ('baseline', fields.FloatField(null=True)),
                ('baseline_date', fields.DateField(null=True)),
                ('target', fields.FloatField()),
                ('target_date', fields.DateField(null=True)),
                ('body', fields.ForeignKeyField('models.Body', source_field='body_id', db_constraint=True, to_field='id', related_name='indicators', on_delete=OnDelete.RESTRICT)),
                ('agreement', fields.ForeignKeyField('models.Agreement', source_field='agreement_id', null=True, db_constraint=True, to_field='id', related_name='indicators', on_delete=OnDelete.RESTRICT)),
                ('focus_area', fields.ForeignKeyField('models.FocusArea', source_field='focus_area_id', null=True, db_constraint=True, to_field='id', related_name='indicators', on_delete=OnDelete.RESTRICT)),
                ('classification', fields.CharEnumField(description='PUBLIC: PUBLIC\nINTERNAL: INTERNAL\nCONFIDENTIAL: CONFIDENTIAL\nRESTRICTED: RESTRICTED', enum_type=Classification, max_length=16)),
                ('created_by', fields.ForeignKeyField('models.Person', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='indicators_created', on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'indicator', 'app': 'models', 'indexes': [Index(fields=['body_id', 'code', 'id']), Index(fields=['agreement_id', 'code', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ActionPlan',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('reference', fields.CharField(unique=True, max_length=32)),
                ('title', fields.CharField(max_length=300)),
                ('body', fields.ForeignKeyField('models.Body', source_field='body_id', db_constraint=True, to_field='id', related_name='action_plans', on_delete=OnDelete.RESTRICT)),
                ('monitored_by', fields.ForeignKeyField('models.Body', source_field='monitored_by_id', null=True, db_constraint=True, to_field='id', related_name='action_plans_monitored', on_delete=OnDelete.RESTRICT)),
                ('period_start', fields.DateField()),
                ('period_end', fields.DateField()),
                ('status', fields.CharEnumField(default=ActionPlanStatus.DRAFT, description='DRAFT: DRAFT\nADOPTED: ADOPTED\nIN_PROGRESS: IN_PROGRESS\nCOMPLETED: COMPLETED\nCLOSED: CLOSED', enum_type=ActionPlanStatus, max_length=16)),
                ('classification', fields.CharEnumField(description='PUBLIC: PUBLIC\nINTERNAL: INTERNAL\nCONFIDENTIAL: CONFIDENTIAL\nRESTRICTED: RESTRICTED', enum_type=Classification, max_length=16)),
                ('decision', fields.ForeignKeyField('models.Decision', source_field='decision_id', null=True, db_constraint=True, to_field='id', related_name='action_plans', on_delete=OnDelete.RESTRICT)),
                ('previous', fields.OneToOneField('models.ActionPlan', source_field='previous_id', null=True, db_constraint=True, to_field='id', related_name='next', on_delete=OnDelete.RESTRICT)),
                ('indicators', fields.ManyToManyField('models.Indicator', unique=True, db_constraint=True, through='action_plan_indicator', forward_key='indicator_id', backward_key='action_plan_id', related_name='action_plans', on_delete=OnDelete.CASCADE)),
                ('created_by', fields.ForeignKeyField('models.Person', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='action_plans_created', on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'action_plan', 'app': 'models', 'indexes': [Index(fields=['period_start', 'id']), Index(fields=['body_id', 'period_start', 'id']), Index(fields=['monitored_by_id', 'period_start', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Measurement',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('indicator', fields.ForeignKeyField('models.Indicator', source_field='indicator_id', db_constraint=True, to_field='id', related_name='measurements', on_delete=OnDelete.RESTRICT)),
                ('period_start', fields.DateField()),
                ('period_end', fields.DateField()),
                ('value', fields.FloatField()),
                ('note', fields.TextField(null=True, unique=False)),
                ('source', fields.CharField(null=True, max_length=300)),
                ('recorded_by', fields.ForeignKeyField('models.Person', source_field='recorded_by_id', null=True, db_constraint=True, to_field='id', related_name='measurements_recorded', on_delete=OnDelete.RESTRICT)),
                ('recorded_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'measurement', 'app': 'models', 'unique_together': (('indicator', 'period_start', 'period_end'),), 'indexes': [Index(fields=['indicator_id', 'period_end', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ProgressReport',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('plan', fields.ForeignKeyField('models.ActionPlan', source_field='plan_id', db_constraint=True, to_field='id', related_name='reports', on_delete=OnDelete.RESTRICT)),
                ('period_end', fields.DateField()),
                ('summary', fields.TextField(unique=False)),
                ('obstacles', fields.TextField(null=True, unique=False)),
                ('submitted_by', fields.ForeignKeyField('models.Person', source_field='submitted_by_id', null=True, db_constraint=True, to_field='id', related_name='progress_reports', on_delete=OnDelete.RESTRICT)),
                ('submitted_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'progress_report', 'app': 'models', 'indexes': [Index(fields=['plan_id', 'period_end', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='ActionItem',
            name='plan',
            field=fields.ForeignKeyField('models.ActionPlan', source_field='plan_id', null=True, db_constraint=True, to_field='id', related_name='actions', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddIndex(
            model_name='ActionItem',
            index=Index(fields=['plan_id', 'id']),
        ),
        ops.RunPython(track, untrack),
    ]
