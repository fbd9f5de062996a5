"""Full-text indexes for search (governance.search): FTS5 on SQLite, tsvector + GIN on PostgreSQL.

SQLite: one FTS5 table per searched table, `<table>_search`, holding no text of its own
(external content: it reads the rows of `<table>`), kept in step by three triggers
(insert, delete, update of a searched field) and filled from the rows already there.

PostgreSQL: the functions that fold text and words the way FTS5 does (search_text,
search_word), a stored generated column `search_vector` on each searched table, one
weight per field so that a phrase stays inside one field, and a GIN index on it.

The tables and fields are written out here, as they were when this migration was made;
governance.search.SEARCHED is the declaration the code reads, and a table added there
needs a migration of its own calling the same `create_sql`.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

from governance.search import POSTGRES_DROP_FUNCTIONS, POSTGRES_FUNCTIONS, create_sql, drop_sql

TABLES = {
    "decision": ("reference", "title", "text"),
    "agreement": ("title",),
    "meeting": ("title",),
    "person": ("name",),
}


async def forward(apps, schema_editor) -> None:
    client = schema_editor.client
    dialect = client.capabilities.dialect
    if dialect == "postgres":
        await client.execute_script(POSTGRES_FUNCTIONS)
    # One statement at a time: executescript would commit the migration's transaction.
    for table, fields in TABLES.items():
        for statement in create_sql(dialect, table, fields):
            await client.execute_query(statement)


async def backward(apps, schema_editor) -> None:
    client = schema_editor.client
    dialect = client.capabilities.dialect
    for table in TABLES:
        for statement in drop_sql(dialect, table):
            await client.execute_query(statement)
    if dialect == "postgres":
        await client.execute_script(POSTGRES_DROP_FUNCTIONS)


class Migration(migrations.Migration):
    dependencies = [('models', '0004_indexes')]

    initial = False

    operations = [
        ops.RunPython(forward, backward),
    ]
