"""Tortoise configuration and the database's life cycle (migrate, connect, close)."""

from __future__ import annotations

import os
import pkgutil
from pathlib import Path
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.connection import get_connection
from tortoise.exceptions import OperationalError
from tortoise.migrations.api import migrate as run_migrations

from governance import migrations
from governance.models import MODEL_MODULES
from server.settings import DEFAULT_DATABASE_URL, normalise_database_url


def _connection(database_url: str) -> str | dict[str, Any]:
    """PostgreSQL's URL as it is; SQLite's expanded, with server.sqlite as its engine
    (write transactions that begin IMMEDIATE: see there)."""
    if not database_url.startswith("sqlite:"):
        return database_url
    connection = expand_db_url(database_url)
    connection["engine"] = "server.sqlite"
    return connection


def sqlite_file(database_url: str) -> Path | None:
    """The file a sqlite:// URL names; None for PostgreSQL and an in-memory database."""
    if not database_url.startswith("sqlite://") or ":memory:" in database_url:
        return None
    return Path(database_url.removeprefix("sqlite://").split("?", 1)[0])


def tortoise_config(database_url: str) -> dict[str, Any]:
    return {
        "connections": {"default": _connection(database_url)},
        "apps": {
            "models": {
                "models": MODEL_MODULES,
                "migrations": "governance.migrations",
                "default_connection": "default",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


# For the `tortoise` command line (makemigrations), via [tool.tortoise] in pyproject.
TORTOISE_ORM = tortoise_config(
    normalise_database_url(os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL))
)


async def migrate(database_url: str) -> None:
    """Apply every pending migration; running it again changes nothing. The one command
    that creates a SQLite file (and its folder, ./data by default)."""
    path = sqlite_file(database_url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    await run_migrations(config=tortoise_config(database_url))
    await Tortoise.close_connections()


def may_be_migrated(database_url: str) -> bool:
    """False when there is surely nothing to connect to: a SQLite file not yet created (SQLite
    would create it, empty, on connecting). Asked before connecting, so no command but
    `migrate` leaves an empty database file behind."""
    path = sqlite_file(database_url)
    return path is None or path.is_file()


async def pending_migrations() -> list[str]:
    """The migrations the connected database has not applied: all of them before the first
    `migrate` (no migrations table yet), the new ones after an upgrade."""
    on_disk = sorted(
        module.name
        for module in pkgutil.iter_modules(migrations.__path__)
        if module.name[:4].isdigit()
    )
    try:
        rows = await get_connection("default").execute_query_dict(
            "SELECT name FROM tortoise_migrations WHERE app = 'models'"
        )
    except OperationalError:  # no such table: never migrated
        return on_disk
    applied = {row["name"] for row in rows}
    return [name for name in on_disk if name not in applied]


async def connect(database_url: str) -> None:
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)


async def close() -> None:
    await Tortoise.close_connections()
