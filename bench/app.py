"""The bench's app factory: the service, plus the hand-written twins (bench.handwritten)
behind the same middleware. `uvicorn --factory bench.app:create`; never used in production."""

from __future__ import annotations

from starlette.applications import Starlette

from bench import handwritten
from server.app import create_app
from server.settings import Settings


def create(settings: Settings | None = None, *, manage_database: bool = True) -> Starlette:
    app = create_app(settings, manage_database=manage_database)
    # Before the service's routes; the middleware wraps the router, so both kinds of
    # endpoint pass through the same stack (gzip, security headers, rate limit, ...).
    app.router.routes[0:0] = handwritten.routes
    return app
