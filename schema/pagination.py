"""Relay connections with keyset cursors (stable while rows are inserted; never OFFSET).

The order and the sealed cursors live in schema.keyset (re-exported here; the
admin's lists page with them too). Top-level lists cost a page query and, only
when asked for, a COUNT. Nested lists are batched across all parents by
:mod:`schema.loaders`: two statements whatever the number of parents, each parent's
page cut in SQL (:mod:`schema.nested_pages`), and one GROUP BY for the totals, only
when asked for.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar

import strawberry
from graphql import OperationType
from tortoise.queryset import QuerySet

from governance.errors import BadInput
from schema.keyset import Order as Order
from schema.keyset import decode_cursor as decode_cursor
from schema.keyset import encode_cursor as encode_cursor

T = TypeVar("T")

# A list's total, counted when asked: given the request's loaders and whether it must be
# counted afresh.
Total = Callable[[Any, bool], Awaitable[int]]

DEFAULT_PAGE = 20
MAX_PAGE = 100


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    _first: strawberry.Private[Any]  # the page's first row (None on an empty page)
    _last: strawberry.Private[Any]
    _order: strawberry.Private[Order]

    # Sealed only when asked for (a cursor is an HMAC or three): most pages never send one.
    @strawberry.field
    def start_cursor(self) -> str | None:
        return None if self._first is None else encode_cursor(self._order, self._first)

    @strawberry.field
    def end_cursor(self) -> str | None:
        return None if self._last is None else encode_cursor(self._order, self._last)


@strawberry.type
class Edge(Generic[T]):
    node: T
    _order: strawberry.Private[Order]

    @strawberry.field
    def cursor(self) -> str:
        return encode_cursor(self._order, self.node)


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    _total: strawberry.Private[Total | int]

    @strawberry.field(description="How many items the viewer may see in the whole list.")
    async def total_count(self, info: strawberry.Info[Any, None]) -> int:
        if isinstance(self._total, int):
            return self._total
        # A mutation's (or a live event's) answer may follow a write made in this very
        # operation: counted afresh, never from the counts kept (governance.counts).
        fresh = info.operation.operation is not OperationType.QUERY
        return await self._total(info.context.loaders, fresh)


def page_size(first: int | None) -> int:
    if first is None:
        return DEFAULT_PAGE
    if first < 0:
        raise BadInput("first must not be negative.")
    if first > MAX_PAGE:
        raise BadInput(
            "first may be at most %(most)s; page through longer lists with after.", most=MAX_PAGE
        )
    return first


def connection(
    rows: Sequence[Any],
    order: Order,
    *,
    has_next: bool,
    has_previous: bool,
    total: Total | int,
) -> Connection[Any]:
    return Connection(
        edges=[Edge(node=row, _order=order) for row in rows],
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=has_previous,
            _first=rows[0] if rows else None,
            _last=rows[-1] if rows else None,
            _order=order,
        ),
        _total=total,
    )


async def paginate(
    queryset: QuerySet[Any], order: Order, first: int | None, after: str | None
) -> Connection[Any]:
    """One page of a top-level list: a single SELECT; COUNT only if totalCount is asked."""
    size = page_size(first)
    cursor = decode_cursor(after, order)
    page = queryset.filter(order.after(cursor)) if cursor else queryset
    rows = await page.order_by(*order.sql()).limit(size + 1)
    return connection(
        rows[:size],
        order,
        has_next=len(rows) > size,
        has_previous=cursor is not None,
        total=lambda loaders, fresh: loaders.count(queryset, fresh=fresh),
    )
