"""Tortoise configuration and the database's life cycle (migrate, connect, close)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.migrations.api import migrate as run_migrations

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


def tortoise_config(database_url: str) -> dict[str, Any]:
    if database_url.startswith("sqlite://") and ":memory:" not in database_url:
        path = database_url.removeprefix("sqlite://").split("?", 1)[0]
        Path(path).parent.mkdir(parents=True, exist_ok=True)
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
    """Apply every pending migration; running it again changes nothing."""
    await run_migrations(config=tortoise_config(database_url))
    await Tortoise.close_connections()


async def connect(database_url: str) -> None:
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)


async def close() -> None:
    await Tortoise.close_connections()
