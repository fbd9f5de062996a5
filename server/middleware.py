"""ASGI middleware: a request size limit, the served host names, and security headers on every
response."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response

from server.addresses import request_scheme
from server.settings import Settings

Scope = dict[str, Any]


class BodyLimit:
    """Refuse bodies over `max_bytes`: by Content-Length up front, or as they stream; and a
    query string holding a NUL, which no text column can store (every page's filters and
    searches read from it). A multipart body (a document's upload, by the API or the
    admin's form) may be as large as `upload_bytes`: a file at the documents' limit with
    room for the form's other fields."""

    def __init__(self, app: Any, max_bytes: int, upload_bytes: int | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.upload_bytes = upload_bytes or max_bytes

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"")
        if b"%00" in query or b"\x00" in query:
            await PlainTextResponse("The address contains a NUL character.", status_code=400)(
                scope, receive, send
            )
            return
        limit = self.max_bytes
        for name, value in scope.get("headers", []):
            if name == b"content-type" and value.lower().startswith(b"multipart/form-data"):
                limit = self.upload_bytes
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > limit
                except ValueError:
                    too_big = True
                if too_big:
                    await self._refuse(scope, receive, send, limit)
                    return
        received = 0
        response_started = False

        async def limited_receive() -> dict[str, Any]:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge
            return message

        async def tracking_send(message: dict[str, Any]) -> None:
            nonlocal response_started
            response_started = response_started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not response_started:
                await self._refuse(scope, receive, send, limit)

    async def _refuse(self, scope: Scope, receive: Any, send: Any, limit: int) -> None:
        message = f"The request body is larger than {limit // 1024} KiB."
        response: Response = PlainTextResponse(message, status_code=413)
        if scope.get("path") == "/graphql":  # the API answers in its own shape
            errors = [{"message": message, "extensions": {"code": "BAD_USER_INPUT"}}]
            response = JSONResponse({"data": None, "errors": errors}, status_code=413)
        elif (b"hx-request", b"true") in scope.get("headers", []):
            # The admin's htmx form (a document's upload): the message where the admin shows
            # refusals, not swapped over the form.
            html = f'<p class="flash error" role="alert">{message}</p>'
            headers = {"HX-Retarget": "#flash", "HX-Reswap": "innerHTML"}
            response = HTMLResponse(html, status_code=413, headers=headers)
        await response(scope, receive, send)


class _TooLarge(Exception):
    pass


# Everything is served from this origin (htmx, GraphiQL and their CSS are vendored):
# no inline script, no eval. htmx is configured through <meta name="htmx-config">
# with allowEval and its inline indicator styles off.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'self'"
)
# GraphiQL's page (templates/graphiql.html) keeps a small inline <style>; styles only,
# never scripts, and only on that page.
GRAPHIQL_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


# A year, subdomains included: once a browser has met the service over https it never
# falls back to http, where a network on the way could read a session cookie.
HSTS = "max-age=31536000; includeSubDomains"


def host_patterns(allowed_hosts: Iterable[str]) -> list[str]:
    """Settings' host names as TrustedHostMiddleware matches them: it compares IPv6 literals
    with their brackets (the Host header's `[::1]:8000`), which INDABA_ALLOWED_HOSTS omits."""
    patterns: list[str] = []
    for host in allowed_hosts:
        host = host.strip().lower()
        if not host:
            continue
        try:
            if ipaddress.ip_address(host.strip("[]")).version == 6:
                host = f"[{host.strip('[]')}]"
        except ValueError:
            pass
        if host not in patterns:
            patterns.append(host)
    return patterns


class SecurityHeaders:
    def __init__(self, app: Any, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "same-origin")
                headers.setdefault("X-Frame-Options", "DENY")
                policy = GRAPHIQL_CSP if scope.get("path") == "/graphql" else CSP
                headers.setdefault("Content-Security-Policy", policy)
                # Only over https (ours, or a trusted proxy's in front of us): sent over plain
                # http it would be a promise anyone on the way could forge or strip (RFC 6797
                # tells browsers to ignore it there).
                if request_scheme(scope, self.settings) == "https":
                    headers.setdefault("Strict-Transport-Security", HSTS)
            await send(message)

        await self.app(scope, receive, with_headers)
