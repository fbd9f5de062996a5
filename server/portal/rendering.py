"""What every portal page shares: rendering a template as the public reads it, the one
404 page, paging by sealed keyset cursors, caching headers, and meeting times in the
body's own zone.

Caching. A page is the same for every anonymous visitor, so it is sent with
`Cache-Control: public, max-age=60` and a (weak) ETag of its body; a request that names it
in `If-None-Match` gets a 304 without the body. A request that carries a credential (the
admin's session cookie or an `Authorization` header) gets `private, no-store` and no
ETag: the portal reads as the public whoever asks, but a shared cache must never keep a
response to a signed-in request (whatever it holds now, a person's language will change it
later), and `Vary: Authorization, Cookie` tells caches the two differ. Errors (404, 400)
are `no-store`, alike for a hidden item and an absent one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from tortoise.models import Model
from tortoise.queryset import QuerySet

from governance.errors import N_, BadInput, NotFound
from governance.models import Document, Meeting
from governance.zones import local
from permissions import ANONYMOUS, visible
from schema import ids
from schema.attachments import download_path
from schema.keyset import Order, decode_cursor, encode_cursor
from server import labels, sessions

M = TypeVar("M", bound=Model)

PUBLIC = "public, max-age=60"
PRIVATE = "private, no-store"
# The language follows Accept-Language and the switch's cookie (server.i18n).
VARY = "Authorization, Cookie, Accept-Language"
PAGE_SIZE = 20
CURSOR = "after"
STALE = N_("This page link is out of date or was not made by this list.")


@dataclass(frozen=True)
class Shown:
    """A page to render: its template and context, with its status."""

    template: str
    context: Mapping[str, Any]
    status: int = 200


Page = Callable[[Request], Awaitable[Shown]]


def page(handler: Page) -> Callable[[Request], Awaitable[Response]]:
    """A portal route: the handler's page, the 404 page for NotFound (a hidden item and an
    absent one alike), a 400 page saying what was wrong for BadInput, caching headers."""

    async def endpoint(request: Request) -> Response:
        try:
            shown = await handler(request)
        except NotFound:
            shown = Shown("public/not_found.html", {}, 404)
        except BadInput as error:
            message = error.localized(labels.READER)  # in the visitor's language
            shown = Shown("public/bad_request.html", {"message": message}, 400)
        response = request.app.state.templates.TemplateResponse(
            request, shown.template, dict(shown.context), status_code=shown.status
        )
        return cached(request, response)

    endpoint.__name__ = handler.__name__
    endpoint.__doc__ = handler.__doc__
    return endpoint


def signed_in(request: Request) -> bool:
    """A request carrying a credential, valid or not: never answered for a shared cache."""
    return sessions.COOKIE in request.cookies or "authorization" in request.headers


def etag_of(body: bytes) -> str:
    # Weak: the body may travel gzipped (GZipMiddleware), and is the same page either way.
    return f'W/"{hashlib.sha256(body).hexdigest()[:32]}"'


def _matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    wanted = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in wanted or etag.removeprefix("W/") in wanted


def cached(request: Request, response: Response) -> Response:
    response.headers["Vary"] = VARY
    if signed_in(request):
        response.headers["Cache-Control"] = PRIVATE
        return response
    if response.status_code != 200:
        response.headers["Cache-Control"] = "no-store"
        return response
    etag = etag_of(bytes(response.body))
    headers = {"ETag": etag, "Cache-Control": PUBLIC, "Vary": VARY}
    if _matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    response.headers.update(headers)
    return response


# ------------------------------------------------------------------ paging


@dataclass(frozen=True)
class Paged(Generic[M]):
    rows: list[M]
    next_url: str | None  # the following page, the list's filters kept
    first_url: str | None  # back to the first page, from a later one


def _link(request: Request, cursor: str | None) -> str:
    params = [(k, v) for k, v in request.query_params.multi_items() if k != CURSOR and v]
    if cursor is not None:
        params.append((CURSOR, cursor))
    query = urlencode(params)
    return request.url.path + (f"?{query}" if query else "")


async def page_of(
    request: Request, queryset: QuerySet[M], order: Order, *, scope: str, size: int = PAGE_SIZE
) -> Paged[M]:
    """One page of a list, never by OFFSET: the rows after the sealed cursor (schema.keyset,
    as the API and the admin page), one statement. A cursor of another list is a 400."""
    raw = request.query_params.get(CURSOR) or None
    try:
        after = decode_cursor(raw, order, scope=scope)
    except BadInput:
        raise BadInput(STALE) from None
    if after is not None:
        queryset = queryset.filter(order.after(after))
    rows = list(await queryset.order_by(*order.sql()).limit(size + 1))
    following = None
    if len(rows) > size:
        following = _link(request, encode_cursor(order, rows[size - 1], scope=scope))
    return Paged(rows[:size], following, _link(request, None) if after is not None else None)


# ------------------------------------------------------------------ time


@dataclass(frozen=True)
class LocalTime:
    """A moment as the body that meets at it reads it, the zone named (PRODUCT.md, "Time
    zones"): the date, the time, the zone's abbreviation then (SAST, GMT) and its name."""

    moment: datetime  # in the zone
    zone: str

    @property
    def iso(self) -> str:
        return self.moment.isoformat()

    @property
    def time(self) -> str:
        return self.moment.strftime("%H:%M")

    @property
    def abbreviation(self) -> str:
        return self.moment.strftime("%Z")


def in_zone(moment: datetime, zone: str) -> LocalTime:
    shown = local(moment, zone)
    return LocalTime(shown, str(getattr(shown.tzinfo, "key", "UTC")))


# Not `text`: a PDF's extracted text (up to a few hundred KB each) is for search.
PAPER_FIELDS = ("id", "title", "filename", "size")


async def papers(**attached_to: int) -> list[tuple[Document, str]]:
    """The public papers of one item (`meeting_id=…`), each with its download path."""
    rows = (
        await visible(ANONYMOUS, Document)
        .filter(**attached_to)
        .only(*PAPER_FIELDS)
        .order_by("title", "id")
    )
    return [(paper, download_path(paper)) for paper in rows]


def dated(
    meetings: Iterable[Meeting], zone: str | None = None
) -> list[tuple[Meeting, str, LocalTime]]:
    """Meetings with their public path's id (the API's opaque one) and their start in their
    body's zone (`zone`, else each meeting's body, selected with it)."""
    return [
        (m, ids.encode("Meeting", m.id), in_zone(m.starts_at, zone or m.body.time_zone))
        for m in meetings
    ]
