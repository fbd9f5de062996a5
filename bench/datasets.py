"""Where each data set lives, and generating it once (SQLite file or PostgreSQL database)."""

from __future__ import annotations

import asyncio
import hashlib
import os
import subprocess
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from bench.generate import GENERATOR_VERSION, Generated, populate
from governance import audit
from permissions import policy
from server import database

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "data" / "bench"
SECRET_KEY = "bench-only-secret-key-0123456789abcdefghijklmnop"  # noqa: S105
AUDIT_KEY = "bench-only-audit-key-0123456789abcdefghijklmnopq"


def cache_key() -> str:
    """The generator's version and a digest of the migrations: a data set is generated
    again, through the models, whenever the schema changes (an index or a search table
    a migration adds would otherwise be missing, or empty, in a cached set)."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "governance" / "migrations").glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return f"v{GENERATOR_VERSION}_{digest.hexdigest()[:8]}"


def _forget_stale_files() -> None:
    """Cached files of other keys: superseded (generated with another schema or generator)."""
    for path in CACHE.glob("v*"):
        if not path.name.startswith(cache_key() + "-"):
            path.unlink()


@dataclass(frozen=True)
class DataSet:
    engine: str  # "sqlite" | "postgres"
    label: str  # "1k", "10k", "100k"
    size: int
    url: str


@asynccontextmanager
async def connected(url: str) -> AsyncIterator[None]:
    """The bench process's own ORM connection (statement counts, cursors, tokens)."""
    audit.configure(AUDIT_KEY)
    await database.connect(url)
    try:
        await policy.load()
        yield
    finally:
        await database.close()


async def _fill(url: str, size: int) -> Generated:
    await database.migrate(url)
    audit.configure(AUDIT_KEY)
    await database.connect(url)
    try:
        await policy.sync_from_file()
        return await populate(size)
    finally:
        await database.close()


def _report(label: str, engine: str, made: Generated, seconds: float) -> None:
    print(
        f"  generated {engine} {label}: {made.decisions:,} decisions, {made.meetings:,} meetings, "
        f"{made.motions:,} motions, {made.votes:,} votes, {made.committees} committees, "
        f"{made.people} people in {seconds:.1f} s",
        flush=True,
    )


async def sqlite_set(label: str, size: int) -> tuple[DataSet, float | None]:
    """The cached file, generated when missing; the generation time (None when cached)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    _forget_stale_files()
    path = CACHE / f"{cache_key()}-{label}.sqlite3"
    url = f"sqlite://{path}"
    if path.is_file():
        return DataSet("sqlite", label, size, url), None
    partial = path.with_suffix(".partial")
    for leftover in CACHE.glob(partial.name + "*"):
        leftover.unlink()
    started = time.perf_counter()
    made = await _fill(f"sqlite://{partial}", size)
    seconds = time.perf_counter() - started
    partial.rename(path)
    _report(label, "sqlite", made, seconds)
    return DataSet("sqlite", label, size, url), seconds


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


async def postgres_set(server_url: str, label: str, size: int) -> tuple[DataSet, float | None]:
    """One database per size and generator version on the bench's cluster."""
    name = f"indaba_bench_{cache_key()}_{label}"
    admin = await asyncpg.connect(_with_database(server_url, "postgres"))
    try:
        # Superseded data sets (another schema or generator) on the bench's own cluster.
        stale = await admin.fetch(
            "SELECT datname FROM pg_database WHERE datname LIKE 'indaba\\_bench\\_%' "
            "AND datname NOT LIKE $1",
            f"indaba_bench_{cache_key()}_%",
        )
        for row in stale:
            await admin.execute(f'DROP DATABASE "{row["datname"]}"')
        exists = await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if exists:
            return DataSet("postgres", label, size, _with_database(server_url, name)), None
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}_partial"')
        await admin.execute(f'CREATE DATABASE "{name}_partial"')
    finally:
        await admin.close()
    started = time.perf_counter()
    made = await _fill(_with_database(server_url, f"{name}_partial"), size)
    seconds = time.perf_counter() - started
    admin = await asyncpg.connect(_with_database(server_url, "postgres"))
    try:
        await admin.execute(f'ALTER DATABASE "{name}_partial" RENAME TO "{name}"')
    finally:
        await admin.close()
    url = _with_database(server_url, name)
    async with connected(url):
        from tortoise.connection import get_connection

        await get_connection("default").execute_script("ANALYZE")
    _report(label, "postgres", made, seconds)
    return DataSet("postgres", label, size, url), seconds


@dataclass
class Cluster:
    url: str | None
    started_here: bool
    message: str


async def _reachable(url: str) -> bool:
    try:
        connection = await asyncpg.connect(_with_database(url, "postgres"), timeout=3)
    except (TimeoutError, OSError, asyncpg.PostgresError):
        return False
    await connection.close()
    return True


def pg_env() -> tuple[str, str]:
    return os.environ.get("INDABA_PG_PORT", "55465"), os.environ.get(
        "INDABA_PG_DATA",
        "/tmp/pg-bench",  # noqa: S108 - the bench's own throwaway cluster, as .ci/postgres's
    )


async def start_cluster() -> Cluster:
    """Reuse a cluster already on the bench port (its data sets stay cached); else start
    one with .ci/postgres (which wipes its data directory first)."""
    port, data = pg_env()
    url = f"postgres://indaba:indaba@127.0.0.1:{port}/indaba_test"
    if await _reachable(url):
        return Cluster(url, False, f"reusing the PostgreSQL cluster on port {port}")
    env = {**os.environ, "INDABA_PG_PORT": port, "INDABA_PG_DATA": data}
    try:
        out = await asyncio.to_thread(
            subprocess.run,
            [str(ROOT / ".ci" / "postgres"), "start"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
    except (OSError, subprocess.SubprocessError) as error:
        detail = getattr(error, "stderr", "") or str(error)
        return Cluster(None, False, f"PostgreSQL skipped: could not start it ({detail.strip()})")
    lines = out.stdout.strip().splitlines()
    return Cluster(lines[-1] if lines else url, True, f"started PostgreSQL on port {port}")


def stop_cluster() -> None:
    port, data = pg_env()
    env = {**os.environ, "INDABA_PG_PORT": port, "INDABA_PG_DATA": data}
    subprocess.run([str(ROOT / ".ci" / "postgres"), "stop"], env=env, check=False)  # noqa: S603
