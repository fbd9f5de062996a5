"""Counts that cost nothing while the record stands still.

`totalCount` has to read every row the viewer may see: 100,000 decisions are 100,000
index entries however good the index. But the record changes seldom and is read all
day, so a count is kept, per statement and parameters (which carry the viewer's
visibility: two viewers never share one), together with the *record version* it was
taken at, and given again only while that version is still the database's.

The version is one row, `record_version`, that a trigger on every table of the record
(`TRACKED`) moves on each write, inside the writer's transaction (migration 0006):

- a count is reused only when no write has committed since it was taken, in any
  process (several workers, several instances: the version lives in the database);
- the version is read *before* the count, so a count is never filed under a version
  newer than what it counted (a write in between only makes it look stale too early);
- a new version is never an old one (a sequence on PostgreSQL, a random 64-bit number
  on SQLite), so a write that rolls back cannot bring back a version a count was filed
  under;
- tables written on every request (rate counters, sign-in throttles, reference
  counters, migrations) are not tracked: they are not part of any count.

Only reads use it (a mutation's answer counts afresh: it may follow its own write in
the same request). The cache is bounded (`MAX_ENTRIES`, least recently used first out).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

from tortoise import connections

from governance.throttles import execute

# Every table a visible list or its visibility reads (0006; minutes_section since 0007;
# the results tables since 0010).
TRACKED = (
    "access_grant",
    "action_item",
    "action_plan",
    "action_plan_indicator",
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
    "document",
    "eligible_voter",
    "focus_area",
    "indicator",
    "measurement",
    "meeting",
    "membership",
    "minutes",
    "minutes_section",
    "minutes_version",
    "motion",
    "notification",
    "organization",
    "person",
    "progress_report",
    "recommendation",
    "update",
    "update_decision",
    "vote",
)

MAX_ENTRIES = 4096

POSTGRES_FUNCTION = """
CREATE SEQUENCE record_version_seq;
CREATE FUNCTION record_version_moves() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE record_version SET version = nextval('record_version_seq');
    RETURN NULL;
END
$$;
"""

POSTGRES_DROP_FUNCTION = """
DROP FUNCTION IF EXISTS record_version_moves();
DROP SEQUENCE IF EXISTS record_version_seq;
"""


def create_sql(dialect: str, table: str) -> list[str]:
    """The triggers that move the record version on every write to `table`."""
    if dialect == "postgres":
        # Once per statement: a bulk insert moves it once.
        return [
            f'CREATE TRIGGER "{table}_moves_record_version" '
            f'AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
            "FOR EACH STATEMENT EXECUTE FUNCTION record_version_moves()"
        ]
    # SQLite has row triggers only; random() is a 64-bit random integer. (Table names come
    # from the migrations' fixed lists, never from input.)
    return [
        f'CREATE TRIGGER "{table}_{event.lower()}_moves_record_version" '  # noqa: S608
        f'AFTER {event} ON "{table}" '
        "BEGIN UPDATE record_version SET version = random(); END"
        for event in ("INSERT", "UPDATE", "DELETE")
    ]


def drop_sql(dialect: str, table: str) -> list[str]:
    if dialect == "postgres":
        return [f'DROP TRIGGER IF EXISTS "{table}_moves_record_version" ON "{table}"']
    return [
        f'DROP TRIGGER IF EXISTS "{table}_{event}_moves_record_version"'
        for event in ("insert", "update", "delete")
    ]


async def version() -> int:
    """The record's version now: what the last committed write left."""
    rows = await execute("SELECT version FROM record_version", [])
    row = rows[0]
    return int(row["version"] if isinstance(row, dict) else row[0])


async def move() -> None:
    """Move the version as any write to the record does (the benchmark's figures of a
    count taken just after a write)."""
    connection = connections.get("default")
    if connection.capabilities.dialect == "postgres":
        await execute("UPDATE record_version SET version = nextval('record_version_seq')", [])
    else:
        await execute("UPDATE record_version SET version = random()", [])


class Counts:
    """Counts filed by (statement, parameters) with the version they were taken at."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._kept: OrderedDict[Hashable, tuple[int, Any]] = OrderedDict()

    def get(self, key: Hashable, at_version: int) -> Any | None:
        kept = self._kept.get(key)
        if kept is None or kept[0] != at_version:
            return None
        self._kept.move_to_end(key)
        return kept[1]

    def keep(self, key: Hashable, at_version: int, value: Any) -> None:
        self._kept[key] = (at_version, value)
        self._kept.move_to_end(key)
        while len(self._kept) > self.max_entries:
            self._kept.popitem(last=False)

    def clear(self) -> None:
        self._kept.clear()


# One per process: counts are the database's, whoever asked first.
COUNTS = Counts()
