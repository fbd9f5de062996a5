"""Counting attempts atomically, across workers: one upsert that counts and answers.

A check followed by a separate write lets a burst of parallel requests all read
the same count before any of them writes it (20 parallel wrong passwords were
all checked against a limit of 5). Here the count is taken and returned by a
single statement, so the database orders the attempts: the sixth is the sixth.
"""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from tortoise import connections


@dataclass(frozen=True)
class Limit:
    attempts: int
    window_seconds: int


COUNT = """
INSERT INTO sign_in_throttle (key, attempts, window_start) VALUES (?, 1, ?)
ON CONFLICT (key) DO UPDATE SET
  attempts = CASE WHEN sign_in_throttle.window_start <= ? THEN 1
             ELSE sign_in_throttle.attempts + 1 END,
  window_start = CASE WHEN sign_in_throttle.window_start <= ? THEN excluded.window_start
                 ELSE sign_in_throttle.window_start END
RETURNING attempts
"""
FORGIVE = "UPDATE sign_in_throttle SET attempts = attempts - 1 WHERE key = ? AND attempts > 0"
CLEAR = "DELETE FROM sign_in_throttle WHERE key = ?"


async def execute(sql: str, values: list[Any]) -> list[Any]:
    """Run SQL written with `?` markers on either database (PostgreSQL numbers them)."""
    connection = connections.get("default")
    if connection.capabilities.dialect == "postgres":
        numbers = itertools.count(1)
        sql = re.sub(r"\?", lambda _: f"${next(numbers)}", sql)
    # execute_query_dict fetches on both databases: tortoise's asyncpg execute_query runs
    # an INSERT with connection.execute and drops what RETURNING gives back.
    return await connection.execute_query_dict(sql, values)


T = TypeVar("T")

# A statement names at most 32,767 values on PostgreSQL (asyncpg's limit; SQLite's is
# 32,766 unless built with more): a long list of people goes in slices of a thousand.
CHUNK = 1000


def chunks(values: Sequence[T], size: int = CHUNK) -> Iterator[list[T]]:
    """`values` in consecutive slices of at most `size`."""
    for start in range(0, len(values), size):
        yield list(values[start : start + size])


async def count_attempt(key: str, limit: Limit, *, now: float | None = None) -> int:
    """Count one attempt under `key` and return the count in the current window
    (1 for the first attempt after a window has passed)."""
    current = int(time.time() if now is None else now)
    cutoff = current - limit.window_seconds
    rows = await execute(COUNT, [key[:300], current, cutoff, cutoff])
    return int(rows[0]["attempts"] if isinstance(rows[0], dict) else rows[0][0])


async def forgive(key: str) -> None:
    """Take one attempt back (it succeeded): successes don't count against the limit."""
    await execute(FORGIVE, [key[:300]])


async def clear(key: str) -> None:
    await execute(CLEAR, [key[:300]])
