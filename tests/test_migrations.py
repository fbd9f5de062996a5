"""The migrations describe exactly the models: `tortoise makemigrations` has nothing to add."""

from __future__ import annotations

from tortoise import Tortoise
from tortoise.migrations.autodetector import MigrationAutodetector

from server.database import tortoise_config


async def test_models_and_migrations_agree(database_url):
    apps = tortoise_config(database_url)["apps"]
    changes = await MigrationAutodetector(Tortoise.apps, apps).changes()
    assert [writer.name for writer in changes] == [], "run `tortoise makemigrations`"
