"""The first rows of each parent's list, cut in SQL: a nested page reads at most
`limit` rows per parent, however long the parent's list.

The rows a viewer may see come from the kind's queryset (permissions.kinds), with the
list's filters and the cursor's condition (schema.keyset) applied by Tortoise; this
module takes that query's SQL and parameters as they are and only wraps them: per
parent, `WHERE parent = ? ORDER BY sort, id LIMIT n`. Both databases then walk an
index on (parent, sort, id) and stop after n rows:

- PostgreSQL: one LATERAL join over the parent ids (`unnest($n::int[])`);
- SQLite: a UNION ALL of one `LIMIT n` subquery per parent (SQLite has no LATERAL,
  and a window function, ROW_NUMBER() OVER (PARTITION BY parent), reads every row
  of every parent before numbering them). A compound SELECT holds at most 500 terms
  (SQLITE_MAX_COMPOUND_SELECT) and a statement at most 32,766 parameters: the parents
  go in chunks under both.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from tortoise.queryset import AwaitableQuery, QuerySet

from schema.keyset import Order

SQLITE_TERMS = 500  # SQLITE_MAX_COMPOUND_SELECT
SQLITE_PARAMETERS = 32_000  # under SQLITE_MAX_VARIABLE_NUMBER (32,766)
SQLITE_TEXT = 500_000  # well under SQLITE_MAX_SQL_LENGTH (1,000,000 bytes)
POSTGRES_CHUNK = 5000  # parent ids per statement: one array parameter


def parameterized(query: AwaitableQuery[Any]) -> tuple[str, list[Any]]:
    """The SQL Tortoise would send for `query`, with its parameters (what `.sql()`
    shows, and the values that go with it)."""
    query._choose_db_if_not_chosen()
    query._make_query()
    return query.query.get_parameterized_sql()


def _order_by(order: Order, table: str) -> str:
    direction = " DESC" if order.descending else ""
    columns = ["sort", "id"] if order.field != "id" else ["id"]
    return ", ".join(f'{table}."{column}"{direction}' for column in columns)


async def first_rows(
    queryset: QuerySet[Any], by: str, order: Order, parents: Sequence[int], limit: int
) -> list[tuple[int, int]]:
    """(parent, id) of the first `limit` rows of `queryset` whose `by` is each parent,
    in `order`: grouped by parent (ascending), each group in the list's order."""
    columns = {"id": "id", "parent": by}
    if order.field != "id":
        columns["sort"] = order.field
    query = queryset.values(**columns)
    sql, params = parameterized(query)
    db = query._db
    # The text put together below is Tortoise's own parameterized SQL, fixed column
    # names and an int: every value (the viewer's, the filters', the parents') travels
    # as a parameter, hence the `noqa: S608`s.
    found: list[tuple[int, int]] = []
    if db.capabilities.dialect == "postgres":
        statement = (
            f"SELECT p.id, v.id FROM unnest(${len(params) + 1}::int[]) AS p(id) "  # noqa: S608
            f'CROSS JOIN LATERAL (SELECT w.* FROM ({sql}) w WHERE w."parent" = p.id '
            f"ORDER BY {_order_by(order, 'w')} LIMIT {int(limit)}) v "
            f"ORDER BY p.id, {_order_by(order, 'v')}"
        )
        for chunk in _chunks(sorted(set(parents)), POSTGRES_CHUNK):
            _, rows = await db.execute_query(statement, [*params, chunk])
            found += [(row[0], row[1]) for row in rows]
        return found
    term = (
        f'SELECT * FROM (SELECT w.* FROM ({sql}) w WHERE w."parent" = ? '  # noqa: S608
        f"ORDER BY {_order_by(order, 'w')} LIMIT {int(limit)})"
    )
    per_statement = max(
        1,
        min(SQLITE_TERMS, SQLITE_PARAMETERS // (len(params) + 1), SQLITE_TEXT // len(term)),
    )
    for chunk in _chunks(sorted(set(parents)), per_statement):
        statement = (
            f'SELECT u."parent", u."id" FROM ({" UNION ALL ".join([term] * len(chunk))}) u '  # noqa: S608
            f'ORDER BY u."parent", {_order_by(order, "u")}'
        )
        values = [value for parent in chunk for value in (*params, parent)]
        _, rows = await db.execute_query(statement, values)
        found += [(row[0], row[1]) for row in rows]
    return found


def _chunks(keys: Sequence[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(keys), size):
        yield list(keys[start : start + size])
