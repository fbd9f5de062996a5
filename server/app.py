"""The ASGI application, composed in one constructor call."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, nullcontext
from pathlib import Path

from markupsafe import Markup
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.templating import Jinja2Templates
from tortoise.contrib.starlette import register_tortoise

from governance import audit, files, markdown
from permissions import policy
from schema import opaque
from server import (
    downloads,
    export_filters,
    exports,
    feeds,
    i18n,
    language_switch,
    open_data,
    pdfs,
    portal,
    register_exports,
    sessions,
    unsubscribe,
)
from server.admin import templating
from server.assets import Assets
from server.database import tortoise_config
from server.graphql import IndabaGraphQL
from server.middleware import BodyLimit, SecurityHeaders, host_patterns
from server.notifications import PostgresRelay
from server.rate_limits import RateLimit
from server.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
STATIC = Path(__file__).resolve().parent / "static"
FIRST_QUERY = (Path(__file__).resolve().parent / "first_query.graphql").read_text()
# A multipart upload's other fields (the operation, the map, the form's token) beside the file.
UPLOAD_OVERHEAD = 256 * 1024


def build_templates(app: Starlette, assets: Assets) -> Jinja2Templates:
    """One app's templates: its filters, the admin's `ui` macros, and `path_for(name, ...)`,
    the path of one of the app's routes (no scheme or host: links follow no Host header)."""
    templates = Jinja2Templates(directory=str(ROOT / "templates"))
    # Strings marked for translation ({% trans %}, _("…")), in the request's language.
    templates.env.add_extension("jinja2.ext.i18n")
    i18n.install(templates.env)
    # Safe: governance.markdown sanitises with nh3 before anything is marked safe.
    templates.env.filters["markdown"] = lambda source: Markup(markdown.render(source or ""))  # noqa: S704
    templates.env.globals["path_for"] = lambda name, /, **params: str(
        app.url_path_for(name, **params)
    )
    templates.env.globals["static"] = assets.url  # static('admin.css'): fingerprinted
    templating.install(templates)  # the admin's filters and `ui` macros
    pdfs.install(templates.env)  # the printed papers' filters
    export_filters.install(templates.env)  # the lists' CSV links
    return templates


class GraphQLEndpoint(IndabaGraphQL):
    """GraphiQL (vendored, same origin) for browsers; the API for everything else."""

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        session = sessions.read(request.cookies.get(sessions.COOKIE), self.settings.secret_key)
        return request.app.state.templates.TemplateResponse(
            request,
            "graphiql.html",
            {
                "default_query": FIRST_QUERY,
                "csrf_token": sessions.masked(session.csrf) if session else "",
            },
        )


async def favicon(request: Request) -> Response:
    return RedirectResponse(request.app.state.assets.url("favicon.svg"), status_code=301)


async def health(_request: Request) -> Response:
    return JSONResponse({"status": "ok"})


@asynccontextmanager
async def in_process_worker(settings: Settings) -> AsyncIterator[None]:
    """`serve --with-worker`: the worker (server.worker) as a task of this process, stopped
    with it; on SQLite it takes the one worker's lock like `python -m server worker`."""
    if not settings.with_worker:
        yield
        return
    from server import database, worker

    path = database.sqlite_file(settings.database_url)
    with worker.SingleWorker(path) if path is not None else nullcontext():
        stop = asyncio.Event()
        task = asyncio.create_task(worker.work(settings, stop))
        try:
            yield
        finally:
            stop.set()
            await task


def create_app(settings: Settings | None = None, *, manage_database: bool = True) -> Starlette:
    """The service. `manage_database=False` when the caller (a test) owns the ORM's life cycle."""
    settings = settings or Settings.from_env()
    opaque.configure(settings.secret_key)  # global ids and cursors are sealed with it
    graphql = GraphQLEndpoint(settings)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        if not manage_database:
            yield
            return
        await policy.load()
        relay = None if settings.is_sqlite else PostgresRelay(settings.database_url)
        if relay is not None:
            await relay.start()
        try:
            async with in_process_worker(settings):
                yield
        finally:
            if relay is not None:
                await relay.stop()

    from server.admin import routes as admin_routes

    assets = Assets(STATIC)
    app = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"], name="graphql"),
            WebSocketRoute("/graphql", graphql),
            Route("/feeds/updates.atom", feeds.updates_atom, name="feed_updates"),
            Route("/feeds/{slug}.ics", feeds.body_calendar, name="feed_calendar"),
            *portal.routes,
            *exports.routes,
            *register_exports.routes,
            Route("/open-data", open_data.open_data_page, name="open_data"),
            Route("/open-data/popolo.json", open_data.popolo_json, name="open_data_popolo"),
            Route("/meetings/{meeting_id}/agenda.pdf", pdfs.agenda_pdf, name="agenda_pdf"),
            Route("/meetings/{meeting_id}/minutes.pdf", pdfs.minutes_pdf, name="minutes_pdf"),
            Route(
                "/documents/{document_id}/{filename}",
                downloads.download,
                methods=["GET", "HEAD"],
                name="document_download",
            ),
            # The signed token is the authority (no session, no CSRF token: RFC 8058).
            *unsubscribe.routes,
            Route("/language", language_switch.switch, methods=["GET", "POST"], name="language"),
            Route("/healthz", health),
            Route("/favicon.ico", favicon),
            Mount("/static", assets, name="static"),
            Mount("/admin", routes=admin_routes.routes, name="admin"),
        ],
        middleware=[
            Middleware(SecurityHeaders, settings=settings),
            # Links written from the request (feeds, redirects) follow its Host header: serve
            # only the names INDABA_ALLOWED_HOSTS lists, 400 for any other.
            Middleware(TrustedHostMiddleware, allowed_hosts=host_patterns(settings.allowed_hosts)),
            Middleware(RateLimit, settings=settings),
            Middleware(
                BodyLimit,
                max_bytes=settings.max_body_bytes,
                upload_bytes=files.MAX_BYTES + UPLOAD_OVERHEAD,
            ),
            # Partners on slow mobile networks: HTML, JSON, CSS and JS compressed when the
            # client accepts it. Safe with the CSRF token on pages that echo input: the
            # token is masked afresh on every response (server.sessions.masked).
            Middleware(GZipMiddleware, minimum_size=500, compresslevel=6),
            # The request's language (person, switch, Accept-Language) for every page.
            Middleware(i18n.LanguageMiddleware, secret_key=settings.secret_key),
        ],
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.assets = assets
    app.state.files = graphql.files  # documents' bytes: one store for the API and the admin
    app.state.templates = build_templates(app, assets)
    if manage_database:
        audit.configure(settings.audit_key)  # governance never reads the server's settings
        register_tortoise(app, config=tortoise_config(settings.database_url))
    return app
