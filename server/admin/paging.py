"""The admin's long lists, a page at a time: never a silent cut, never OFFSET.

A list shows `PAGE_SIZE` rows and, when there are more, a link to the next page
carrying a sealed keyset cursor (schema.keyset, as the API's connections do) and
the list's filters. A cursor only continues the list (`scope`) that made it: any
other, or a forged one, is a 400 page that says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

from tortoise.models import Model
from tortoise.queryset import QuerySet

from governance.errors import N_, BadInput
from schema.keyset import Order, decode_cursor, encode_cursor
from server.admin.pages import Admin

M = TypeVar("M", bound=Model)

PAGE_SIZE = 50
CURSOR = "after"
STALE = N_(
    "This page link is out of date or was not made by this list. "
    "Start again from the list's first page."
)
BY_ID = Order("id")


@dataclass(frozen=True)
class Page(Generic[M]):
    rows: list[M]
    next_url: str | None  # the following page, filters kept
    first_url: str | None  # back to the first page, from a later one
    label: str  # "Older →" down a newest-first list, "Next →" along any other


def _undated(scope: str) -> str:
    return f"{scope}:undated"


def _cursors(
    admin: Admin, order: Order, scope: str, nulls_last: bool
) -> tuple[tuple[Any, int] | None, tuple[Any, int] | None]:
    """(where the sorted rows resume, where the rows without a sort value resume)."""
    raw = admin.request.query_params.get(CURSOR) or None
    try:
        return decode_cursor(raw, order, scope=scope), None
    except BadInput:
        if not nulls_last:
            raise BadInput(STALE) from None
    try:
        return None, decode_cursor(raw, BY_ID, scope=_undated(scope))
    except BadInput:
        raise BadInput(STALE) from None


def _link(admin: Admin, route: str, cursor: str | None) -> str:
    """The list's own path (also after a change posted elsewhere), its filters, the cursor."""
    params = [(k, v) for k, v in admin.request.query_params.multi_items() if k != CURSOR]
    if cursor is not None:
        params.append((CURSOR, cursor))
    query = urlencode(params)
    return admin.url(route) + (f"?{query}" if query else "")


async def page_of(
    admin: Admin,
    queryset: QuerySet[M],
    order: Order,
    *,
    route: str,
    scope: str | None = None,
    nulls_last: bool = False,
) -> Page[M]:
    """One page of `queryset` in `order`, for the admin list `route`; `scope` tells apart
    lists of one route sorted alike (by default the route). `nulls_last`: rows whose sort
    field is empty come after all the others, by id (SQLite and PostgreSQL disagree on
    where NULL sorts)."""
    size = PAGE_SIZE
    scope = scope or route
    after, after_undated = _cursors(admin, order, scope, nulls_last)
    rows: list[M] = []
    if after_undated is None:
        sorted_rows = (
            queryset.filter(**{f"{order.field}__isnull": False}) if nulls_last else queryset
        )
        if after is not None:
            sorted_rows = sorted_rows.filter(order.after(after))
        rows = list(await sorted_rows.order_by(*order.sql()).limit(size + 1))
    if nulls_last and len(rows) <= size:
        undated = queryset.filter(**{f"{order.field}__isnull": True})
        if after_undated is not None:
            undated = undated.filter(BY_ID.after(after_undated))
        rows += await undated.order_by(*BY_ID.sql()).limit(size + 1 - len(rows))
    next_url = None
    if len(rows) > size:
        last = rows[size - 1]
        if nulls_last and getattr(last, order.field) is None:
            next_url = _link(admin, route, encode_cursor(BY_ID, last, scope=_undated(scope)))
        else:
            next_url = _link(admin, route, encode_cursor(order, last, scope=scope))
    resumed = after is not None or after_undated is not None
    return Page(
        rows=rows[:size],
        next_url=next_url,
        first_url=_link(admin, route, None) if resumed else None,
        label="Older →" if order.descending else "Next →",
    )
