"""Documents (issue 13): files attached to a meeting, agreement, decision, recommendation,
action plan or update; the bytes live outside the database (INDABA_FILES), named by
their SHA-256. The table is part of the record (writes move the record version, 0006)
and searched like the register (0005)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from governance.enums import Classification
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

from governance import counts, search

# Searched by title, file name and a PDF's text (governance.search.SEARCHED).
SEARCHED = ("title", "filename", "text")


async def forward(apps, schema_editor) -> None:
    client = schema_editor.client
    dialect = client.capabilities.dialect
    for statement in counts.create_sql(dialect, "document"):
        await client.execute_query(statement)
    for statement in search.create_sql(dialect, "document", SEARCHED):
        await client.execute_query(statement)


async def backward(apps, schema_editor) -> None:
    client = schema_editor.client
    dialect = client.capabilities.dialect
    for statement in search.drop_sql(dialect, "document"):
        await client.execute_query(statement)
    for statement in counts.drop_sql(dialect, "document"):
        await client.execute_query(statement)


class Migration(migrations.Migration):
    dependencies = [('models', '0010_results')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Document',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('title', fields.CharField(max_length=300)),
                ('filename', fields.CharField(max_length=255)),
                ('content_type', fields.CharField(max_length=128)),
                ('size', fields.BigIntField()),
                ('sha256', fields.CharField(db_index=True, max_length=64)),
                ('classification', fields.CharEnumField(description='PUBLIC: PUBLIC\nINTERNAL: INTERNAL\nCONFIDENTIAL: CONFIDENTIAL\nRESTRICTED: RESTRICTED', enum_type=Classification, max_length=16)),
                ('body', fields.ForeignKeyField('models.Body', source_field='body_id', null=True, db_constraint=True, to_field='id', related_name='documents', on_delete=OnDelete.RESTRICT)),
                ('other_body', fields.ForeignKeyField('models.Body', source_field='other_body_id', null=True, db_constraint=True, to_field='id', related_name='documents_also', on_delete=OnDelete.RESTRICT)),
                ('meeting', fields.ForeignKeyField('models.Meeting', source_field='meeting_id', null=True, db_constraint=True, to_field='id', related_name='documents', on_delete=OnDelete.RESTRICT)),
                ('agreement', fields.ForeignKeyField('models.Agreement', source_field='agreement_id', null=True, db_constraint=True, to_field='id', related_name='documents', on_delete=OnDelete.RESTRICT)),
                ('decision', fields.ForeignKeyField('models.Decision', source_field='decision_id', null=True, db_constraint=True, to_field='id', related_name='documents', on_delete=OnDelete.RESTRICT)),
                ('recommendation', fields.ForeignKeyField('models.Recommendation', source_field='recommendation_id', null=True, db_constraint=True, to_field='id', related_name='documents', on_delete=OnDelete.RESTRICT)),
                ('action_plan', fields.ForeignKeyField('models.ActionPlan', source_field='action_plan_id', null=True, db_constraint=True, to_field='id', related_name='documents', on_delete=OnDelete.RESTRICT)),
                ('update', fields.ForeignKeyField('models.Update', source_field='update_id', null=True, db_constraint=True, to_field='id', related_name='documents', on_delete=OnDelete.RESTRICT)),
                ('text', fields.TextField(null=True, unique=False)),
                ('uploaded_by', fields.ForeignKeyField('models.Person', source_field='uploaded_by_id', null=True, db_constraint=True, to_field='id', related_name='documents_uploaded', on_delete=OnDelete.RESTRICT)),
                ('uploaded_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'document', 'app': 'models', 'indexes': [Index(fields=['uploaded_at', 'id']), Index(fields=['meeting_id', 'uploaded_at', 'id']), Index(fields=['agreement_id', 'uploaded_at', 'id']), Index(fields=['decision_id', 'uploaded_at', 'id']), Index(fields=['recommendation_id', 'uploaded_at', 'id']), Index(fields=['action_plan_id', 'uploaded_at', 'id']), Index(fields=['update_id', 'uploaded_at', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.RunPython(forward, backward),
    ]
