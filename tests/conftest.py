"""Test set-up: one database per session, migrated with the real migrations, emptied per test.

Set INDABA_TEST_DATABASE_URL=postgres://… to run the suite against PostgreSQL
(.ci/run does); otherwise a fresh SQLite file under a temporary directory.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from tortoise import Tortoise
from tortoise.connection import get_connection

from governance import audit
from governance.search import SEARCHED
from permissions import policy
from schema import opaque
from server import database
from server.app import create_app
from server.settings import Settings, normalise_database_url

SECRET = "test-secret-key-that-is-long-enough-0123456789"
AUDIT_KEY = "test-audit-key-that-is-long-enough-0123456789"
KEEP = {"casbin_rule", "tortoise_migrations"}


def _test_database_url(tmp: Path) -> str:
    url = os.environ.get("INDABA_TEST_DATABASE_URL")
    if url:
        return normalise_database_url(url)
    return normalise_database_url(f"sqlite://{tmp / 'indaba-test.sqlite3'}")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _test_database_url(tmp_path_factory.mktemp("db"))


@pytest.fixture(scope="session")
def settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        database_url=database_url,
        secret_key=SECRET,
        environment="test",
        allowed_hosts=("testserver", "localhost", "127.0.0.1"),
        audit_key=AUDIT_KEY,
        # A test makes hundreds of requests a minute from one address: limits are tested
        # on their own (tests/api/test_rate_limits.py).
        rate_limit=0,
        # Uploaded documents' bytes: never the checkout's data/files.
        files_dir=tmp_path_factory.mktemp("files"),
    )


@pytest_asyncio.fixture(scope="session")
async def orm(database_url: str) -> AsyncIterator[None]:
    if database_url.startswith("postgres"):
        await _reset_postgres(database_url)
    await database.migrate(database_url)
    await database.connect(database_url)
    audit.configure(AUDIT_KEY)  # what server.app does at start-up
    opaque.configure(SECRET)  # ids made by tests open in the app, and the other way round
    await policy.sync_from_file()
    await policy.load()
    yield
    await database.close()


async def _reset_postgres(url: str) -> None:
    """Start from an empty schema: the suite owns this database."""
    import asyncpg

    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        await connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await connection.close()


async def empty_tables() -> None:
    connection = get_connection("default")
    tables = sorted(
        model._meta.db_table
        for model in Tortoise.apps.get_models_iterable()
        if model._meta.db_table not in KEEP
    )
    tables += ["agreement_focus_area", "update_decision", "action_plan_indicator"]
    if connection.capabilities.dialect == "postgres":
        # The audit table refuses TRUNCATE (migration 0003): switched off for this one
        # statement batch, which PostgreSQL runs as one transaction.
        quoted = ", ".join(f'"{t}"' for t in tables)
        await connection.execute_script(
            "ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_truncate;"
            f"TRUNCATE {quoted} RESTART IDENTITY CASCADE;"
            "ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_truncate;"
        )
    else:
        # The audit table's triggers refuse DELETE (migration 0003): dropped and restored
        # as they were, in one transaction.
        triggers = await connection.execute_query_dict(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        )
        await connection.execute_script(
            "PRAGMA foreign_keys = OFF; BEGIN;"
            + "".join(f'DROP TRIGGER "{t["name"]}";' for t in triggers)
            + "".join(f'DELETE FROM "{t}";' for t in tables)
            # The search indexes read those rows (migration 0004): emptied with them.
            + "".join(
                f'INSERT INTO "{t}_search"("{t}_search") VALUES (\'delete-all\');' for t in SEARCHED
            )
            + "DELETE FROM sqlite_sequence;"
            # Counts kept at the old version must not answer for the emptied tables
            # (governance.counts; on PostgreSQL TRUNCATE fires the version's triggers).
            + "UPDATE record_version SET version = random();"
            + "".join(f"{t['sql']};" for t in triggers)
            + "COMMIT; PRAGMA foreign_keys = ON;"
        )


@pytest_asyncio.fixture(autouse=True)
async def db(orm: None) -> AsyncIterator[None]:
    await empty_tables()
    yield


@pytest.fixture
def app(settings: Settings) -> Any:
    return create_app(settings, manage_database=False)


@pytest_asyncio.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http
