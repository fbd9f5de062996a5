"""Settings from the environment; the README lists every variable."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

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
    # Absolute links in the feeds and calendars; when unset, the address the request
    # came to, which must then be one of allowed_hosts.
    public_url: str | None = None
    # Host headers served (Starlette's TrustedHostMiddleware patterns, "*.example.org").
    allowed_hosts: tuple[str, ...] = ("localhost", "127.0.0.1", "::1")
    # Proxies whose X-Forwarded-For is believed; nobody else's is.
    trusted_proxies: tuple[str, ...] = ()
    # Keys the audit trail's HMAC digests; never stored in the database.
    audit_key: str = "development-only-audit-key"
    # "admin": ADMIN accounts must sign in with a second factor.
    require_2fa: str = ""
    # Requests a minute per token or admin session (anonymous addresses: half); 0 = off.
    rate_limit: int = 1200
    # The most a query may cost (QUERY_TOO_COMPLEX above it); see schema/cost.py.
    query_budget: int = 25_000
    # WebSocket connections open at once, per person (or anonymous address) and in all.
    max_ws_per_person: int = 10
    max_ws_total: int = 1000
    # Where documents' bytes are kept, named by their SHA-256 (governance.files).
    files_dir: Path = DATA_DIR / "files"
    # Email (server.mail): off without an SMTP relay; in-app notifications work regardless.
    smtp_url: str | None = None
    mail_from: str = "Indaba <indaba@localhost>"
    # The worker inside the server's process (`serve --with-worker`, server.app).
    with_worker: bool = False
    # Networks webhooks may call although private (tests, intranets), and over http.
    webhook_allow: tuple[str, ...] = ()

    @property
    def trusted_proxy_networks(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        return tuple(ipaddress.ip_network(n, strict=False) for n in self.trusted_proxies)

    @property
    def webhook_allow_networks(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        return tuple(ipaddress.ip_network(n, strict=False) for n in self.webhook_allow)

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
        audit_key = env.get("INDABA_AUDIT_KEY", "")
        if not audit_key:
            if environment == "production":
                raise SettingsError(
                    "INDABA_AUDIT_KEY is required in production: a long random string kept "
                    "outside the database, which keys the audit trail's digests."
                )
            # Development and tests: derived from the secret key, stable across restarts.
            audit_key = hmac.new(secret_key.encode(), b"indaba.audit", hashlib.sha256).hexdigest()
        elif len(audit_key) < 32:
            raise SettingsError("INDABA_AUDIT_KEY must be at least 32 characters long.")
        public_url = env.get("INDABA_PUBLIC_URL", "").strip().rstrip("/") or None
        if public_url is not None and urlsplit(public_url).scheme not in {"http", "https"}:
            raise SettingsError(
                "INDABA_PUBLIC_URL must be an http(s) address, such as https://indaba.example.org."
            )
        allowed = _words(env.get("INDABA_ALLOWED_HOSTS", "")) or cls.allowed_hosts
        if public_url is not None:
            allowed = (*allowed, urlsplit(public_url).hostname or "")
        graphiql_default = "0" if environment == "production" else "1"
        smtp_url = env.get("INDABA_SMTP_URL", "").strip() or None
        if smtp_url is not None and urlsplit(smtp_url).scheme not in {"smtp", "smtps"}:
            raise SettingsError(
                "INDABA_SMTP_URL must look like smtp://user:password@host:587?starttls=1 "
                "or smtps://user:password@host:465."
            )
        return cls(
            database_url=normalise_database_url(env.get("DATABASE_URL", DEFAULT_DATABASE_URL)),
            secret_key=secret_key,
            environment=environment,
            graphiql=env.get("INDABA_GRAPHIQL", graphiql_default) == "1",
            public_url=public_url,
            allowed_hosts=allowed,
            trusted_proxies=_networks(env.get("INDABA_TRUSTED_PROXIES", "")),
            audit_key=audit_key,
            require_2fa=_choice(env, "INDABA_REQUIRE_2FA", {"", "admin"}),
            rate_limit=_count(env, "INDABA_RATE_LIMIT", cls.rate_limit),
            query_budget=_count(env, "INDABA_QUERY_BUDGET", cls.query_budget, minimum=1),
            max_ws_per_person=_count(env, "INDABA_WS_PER_PERSON", cls.max_ws_per_person, minimum=1),
            max_ws_total=_count(env, "INDABA_WS_TOTAL", cls.max_ws_total, minimum=1),
            files_dir=Path(env.get("INDABA_FILES", "").strip() or cls.files_dir),
            smtp_url=smtp_url,
            mail_from=env.get("INDABA_MAIL_FROM", "").strip() or cls.mail_from,
            with_worker=env.get("INDABA_WITH_WORKER", "") == "1",
            webhook_allow=_networks(env.get("INDABA_WEBHOOK_ALLOW", ""), "INDABA_WEBHOOK_ALLOW"),
        )


def _words(value: str) -> tuple[str, ...]:
    return tuple(word.strip() for word in value.split(",") if word.strip())


def _networks(value: str, name: str = "INDABA_TRUSTED_PROXIES") -> tuple[str, ...]:
    networks = _words(value)
    for network in networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            raise SettingsError(
                f"{name}: {network!r} is not an address or network "
                "(such as 10.0.0.5 or 10.0.0.0/24)."
            ) from None
    return networks


def _choice(env: Mapping[str, str], name: str, choices: set[str]) -> str:
    value = env.get(name, "").strip().lower()
    if value not in choices:
        raise SettingsError(
            f"{name} must be one of: {', '.join(sorted(c or '(empty)' for c in choices))}."
        )
    return value


def _count(env: Mapping[str, str], name: str, default: int, *, minimum: int = 0) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isascii() or not raw.isdigit() or int(raw) < minimum or len(raw) > 9:
        raise SettingsError(f"{name} must be a whole number of at least {minimum}.")
    return int(raw)


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
