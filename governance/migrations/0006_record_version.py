"""The record's version (governance.counts): one row, moved by every write to the record.

`record_version` holds one number; a trigger on each table of the record moves it on
every write, in the writer's transaction, so a count taken at one version is known to be
still right while the version stands. PostgreSQL: one statement trigger per table, the
new number from a sequence (never reused, even after a rollback). SQLite: row triggers,
the new number random (64 bits).

The tables are written out here as they were when this migration was made;
governance.counts.TRACKED is what the code reads, and a table added to the record later
needs a migration of its own calling the same `create_sql`.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

from governance.counts import POSTGRES_DROP_FUNCTION, POSTGRES_FUNCTION, create_sql, drop_sql

TABLES = (
    "access_grant",
    "action_item",
    "agenda_item",
    "agreement",
    "agreement_focus_area",
    "agreement_party",
    "api_token",
    "attendance",
    "audit_event",
    "body",
    "commitment",
    "decision",
    "eligible_voter",
    "focus_area",
    "meeting",
    "membership",
    "minutes",
    "minutes_version",
    "motion",
    "notification",
    "organization",
    "person",
    "recommendation",
    "update",
    "update_decision",
    "vote",
)


async def forward(apps, schema_editor) -> None:
    client = schema_editor.client
    dialect = client.capabilities.dialect
    await client.execute_query("CREATE TABLE record_version (version BIGINT NOT NULL)")
    await client.execute_query("INSERT INTO record_version (version) VALUES (0)")
    if dialect == "postgres":
        await client.execute_script(POSTGRES_FUNCTION)
    # One statement at a time: executescript would commit the migration's transaction.
    for table in TABLES:
        for statement in create_sql(dialect, table):
            await client.execute_query(statement)


async def backward(apps, schema_editor) -> None:
    client = schema_editor.client
    dialect = client.capabilities.dialect
    for table in TABLES:
        for statement in drop_sql(dialect, table):
            await client.execute_query(statement)
    if dialect == "postgres":
        await client.execute_script(POSTGRES_DROP_FUNCTION)
    await client.execute_query("DROP TABLE IF EXISTS record_version")


class Migration(migrations.Migration):
    dependencies = [("models", "0005_search")]

    initial = False

    operations = [
        ops.RunPython(forward, backward),
    ]
