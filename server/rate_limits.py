"""Rate limits: per token, per admin session, per address when anonymous.

A sliding window (the current minute's count plus the previous minute's,
weighted by how much of it still overlaps the last sixty seconds). By default
1,200 requests a minute per token or session and 600 per anonymous address;
INDABA_RATE_LIMIT=N sets the first figure (the anonymous one is half of it) and
0 turns limiting off. Over the limit: HTTP 429 with Retry-After; on a WebSocket
the operation is refused with the same words.

One SQLite worker keeps its counts in memory (the `limits` library). Several
PostgreSQL workers share theirs through the database: one statement per request
counts the hit and reads both minutes.
"""

from __future__ import annotations

import hashlib
import math
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from limits import RateLimitItemPerMinute
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import SlidingWindowCounterRateLimiter
from starlette.responses import JSONResponse, PlainTextResponse, Response

from governance.throttles import execute
from server import sessions
from server.addresses import client_address
from server.settings import Settings

PERIOD = 60  # seconds
UNLIMITED_PATHS = ("/static/", "/healthz", "/favicon.ico")


@dataclass(frozen=True)
class Key:
    """Whose requests are counted together, and how many a minute they may make."""

    name: str
    per_minute: int


def token_key(token: str, settings: Settings) -> Key:
    digest = hashlib.sha256(token.strip().encode()).hexdigest()[:32]
    return Key(f"token:{digest}", settings.rate_limit)


def key_for(scope: Mapping[str, Any], settings: Settings) -> Key:
    """A bearer token's requests, an admin session's, or else the address's."""
    headers = {name: value for name, value in scope.get("headers", ()) if name in _WANTED}
    authorization = headers.get(b"authorization", b"").decode("latin-1")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token_key(token, settings)
    session = sessions.read(_cookie(headers.get(b"cookie", b"")), settings.secret_key)
    if session is not None:
        return Key(f"session:{session.person_id}:{session.csrf}", settings.rate_limit)
    return address_key(scope, settings)


def address_key(scope: Mapping[str, Any], settings: Settings) -> Key:
    return Key(f"address:{client_address(scope, settings)}", max(1, settings.rate_limit // 2))


_WANTED = {b"authorization", b"cookie"}


def _cookie(raw: bytes) -> str | None:
    for part in raw.decode("latin-1").split(";"):
        name, _, value = part.strip().partition("=")
        if name == sessions.COOKIE:
            return value
    return None


class Counter(Protocol):
    async def hit(self, key: Key) -> float | None:
        """Count one request; None when it is allowed, else the seconds to wait."""


class MemoryCounter:
    """One process's counts (SQLite serves from one worker)."""

    def __init__(self) -> None:
        self.limiter = SlidingWindowCounterRateLimiter(MemoryStorage())

    async def hit(self, key: Key) -> float | None:
        item = RateLimitItemPerMinute(key.per_minute)
        if await self.limiter.hit(item, key.name):
            return None
        stats = await self.limiter.get_window_stats(item, key.name)
        return max(1.0, stats.reset_time - time.time())


# Counts the hit and reads the previous minute in one round trip.
HIT = """
WITH current AS (
  INSERT INTO rate_counter (key, period, hits) VALUES (?, ?, 1)
  ON CONFLICT (key, period) DO UPDATE SET hits = rate_counter.hits + 1
  RETURNING hits
)
SELECT (SELECT hits FROM current) AS current,
       COALESCE((SELECT hits FROM rate_counter WHERE key = ? AND period = ?), 0) AS previous
"""
SWEEP = "DELETE FROM rate_counter WHERE period < ?"


class DatabaseCounter:
    """Counts shared by every worker and instance on one PostgreSQL database."""

    async def hit(self, key: Key) -> float | None:
        now = time.time()
        period = int(now // PERIOD)
        rows = await execute(HIT, [key.name[:200], period, key.name[:200], period - 1])
        current, previous = int(rows[0]["current"]), int(rows[0]["previous"])
        if random.random() < 0.001:  # now and then, forget minutes nobody will ask about
            await execute(SWEEP, [period - 2])
        elapsed = (now % PERIOD) / PERIOD
        if previous * (1 - elapsed) + current <= key.per_minute:
            return None
        # Wait until the previous minute's weight has fallen enough, or the minute turns.
        if previous and current <= key.per_minute:
            needed = 1 - (key.per_minute - current) / previous
            return max(1.0, (needed - elapsed) * PERIOD)
        return max(1.0, (1 - elapsed) * PERIOD)


def counter_for(settings: Settings) -> Counter:
    return MemoryCounter() if settings.is_sqlite else DatabaseCounter()


def too_many(path: str, wait: float) -> Response:
    seconds = str(math.ceil(wait))
    message = f"Too many requests: wait {seconds} seconds, then try again."
    headers = {"Retry-After": seconds}
    if path.startswith("/graphql"):
        # The contract's codes have none for this; the price of what was asked is the
        # nearest, and the status and Retry-After say the rest.
        body = {"data": None, "errors": [{"message": message,
                "extensions": {"code": "QUERY_TOO_COMPLEX", "retryAfter": int(seconds)}}]}  # fmt: skip
        return JSONResponse(body, status_code=429, headers=headers)
    return PlainTextResponse(message, status_code=429, headers=headers)


class RateLimit:
    """ASGI middleware: every request (and WebSocket handshake) counts against its key."""

    def __init__(self, app: Any, settings: Settings, counter: Counter | None = None) -> None:
        self.app = app
        self.settings = settings
        self.counter = counter or counter_for(settings)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if (
            scope["type"] not in ("http", "websocket")
            or self.settings.rate_limit == 0
            or scope.get("path", "").startswith(UNLIMITED_PATHS)
        ):
            await self.app(scope, receive, send)
            return
        scope["indaba.rate_limits"] = self.counter
        wait = await self.counter.hit(key_for(scope, self.settings))
        if wait is None:
            await self.app(scope, receive, send)
        elif scope["type"] == "http":
            await too_many(scope.get("path", ""), wait)(scope, receive, send)
        else:  # refuse the handshake (HTTP 403 to the client) rather than accept and close
            await send({"type": "websocket.close", "code": 1013, "reason": "Too many requests"})
