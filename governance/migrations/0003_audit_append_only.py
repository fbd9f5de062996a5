"""The audit table refuses UPDATE and DELETE (and, on PostgreSQL, TRUNCATE).

A database trigger, so that no code path, console session or mistaken script rewrites the
trail by accident; the database owner can still drop or disable it, which is why digests
are keyed with a key the database does not hold and why checkpoints are kept elsewhere.

PostgreSQL: one row trigger for UPDATE and DELETE, one statement trigger for TRUNCATE
(row triggers do not see it). The re-key (governance.audit.rekey) may UPDATE inside a
transaction that says `SET LOCAL indaba.audit_rekey = 'on'`; nothing else passes.

SQLite: the same refusal for UPDATE and DELETE, so development and small installations
behave as production does. SQLite has no session settings: the re-key drops the triggers
and restores them inside its own transaction.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

POSTGRES_UP = """
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND current_setting('indaba.audit_rekey', true) = 'on' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP
        USING HINT = 'The audit trail is never rewritten; record a new event instead.';
END
$$;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
"""

POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event;
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event;
DROP FUNCTION IF EXISTS audit_event_append_only();
"""

SQLITE_UP = [
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: UPDATE refused'); END",
    "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: DELETE refused'); END",
]

SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS audit_event_no_update",
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
]


async def _run(schema_editor, postgres_sql: str, sqlite_statements: list[str]) -> None:
    client = schema_editor.client
    dialect = client.capabilities.dialect
    if dialect == "postgres":
        await client.execute_script(postgres_sql)
    elif dialect == "sqlite":
        # One statement at a time: executescript would commit the migration's transaction.
        for statement in sqlite_statements:
            await client.execute_query(statement)


async def forward(apps, schema_editor) -> None:
    await _run(schema_editor, POSTGRES_UP, SQLITE_UP)


async def backward(apps, schema_editor) -> None:
    await _run(schema_editor, POSTGRES_DOWN, SQLITE_DOWN)


class Migration(migrations.Migration):
    dependencies = [('models', '0002_second_release_trust')]

    initial = False

    operations = [
        ops.RunPython(forward, backward),
    ]
