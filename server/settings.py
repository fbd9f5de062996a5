"""Settings from the environment; the README lists every variable."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path("data")
DEFAULT_DATABASE_URL = "sqlite://data/indaba.sqlite3"


class SettingsError(Exception):
    """A configuration a person must fix before the service can start."""


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    secret_key: str = "development-only-secret"  # noqa: S105
    environment: str = "development"
    # GraphiQL and introspection for anonymous viewers: on in development only,
    # unless INDABA_GRAPHIQL says otherwise.
    graphiql: bool = True
    max_body_bytes: int = 256 * 1024
    max_query_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 4000
    max_subscriptions_per_connection: int = 10
    # Absolute links in the feeds; when unset, the address the request came to.
    public_url: str | None = None

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite:")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        environment = env.get("INDABA_ENV", "development").strip().lower()
        if environment not in {"development", "production", "test"}:
            raise SettingsError("INDABA_ENV must be development, production or test.")
        secret_key = env.get("SECRET_KEY", "")
        if not secret_key:
            if environment == "production":
                raise SettingsError(
                    "SECRET_KEY is required in production: set it to a long random string "
                    '(python3 -c "import secrets; print(secrets.token_urlsafe(48))").'
                )
            secret_key = _development_secret()
        elif len(secret_key) < 32:
            raise SettingsError("SECRET_KEY must be at least 32 characters long.")
        graphiql_default = "0" if environment == "production" else "1"
        return cls(
            database_url=normalise_database_url(env.get("DATABASE_URL", DEFAULT_DATABASE_URL)),
            secret_key=secret_key,
            environment=environment,
            graphiql=env.get("INDABA_GRAPHIQL", graphiql_default) == "1",
            public_url=env.get("INDABA_PUBLIC_URL", "").rstrip("/") or None,
        )


def normalise_database_url(url: str) -> str:
    """Accept postgresql:// too, and give SQLite a busy timeout unless one is set."""
    url = url.strip()
    if url.startswith("postgresql://"):
        url = "postgres://" + url.removeprefix("postgresql://")
    if not url.startswith(("sqlite:", "postgres://")):
        raise SettingsError(
            "DATABASE_URL must look like sqlite:///absolute/path.sqlite3, "
            "sqlite://relative/path.sqlite3 or postgres://user:password@host:5432/name."
        )
    if url.startswith("sqlite:") and "busy_timeout" not in url:
        url += ("&" if "?" in url else "?") + "busy_timeout=5000"
    return url


def _development_secret() -> str:
    """A random key kept under ./data, so development sessions survive a restart."""
    path = DATA_DIR / ".secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        DATA_DIR.mkdir(exist_ok=True)
        key = secrets.token_urlsafe(48)
        path.write_text(key)
        path.chmod(0o600)
        return key
