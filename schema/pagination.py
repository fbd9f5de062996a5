"""Relay connections with keyset cursors (stable while rows are inserted; never OFFSET).

A list is ordered by (sort key, id); a cursor carries both values of its row,
sealed (schema.opaque) so that it reveals no row number, and the next page is
every row after that pair. Top-level lists cost a page
query and, only when asked for, a COUNT. Nested lists are batched across all
parents by :mod:`schema.loaders`, two statements whatever the number of parents.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

import strawberry
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from governance.errors import BadInput
from permissions.kind import Kind
from schema import opaque

T = TypeVar("T")

DEFAULT_PAGE = 20
MAX_PAGE = 100


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    node: T
    cursor: str


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    _total: strawberry.Private[Callable[[], Awaitable[int]] | int]

    @strawberry.field(description="How many items the viewer may see in the whole list.")
    async def total_count(self) -> int:
        if isinstance(self._total, int):
            return self._total
        return await self._total()


@dataclass(frozen=True)
class Order:
    """Sort by `field` (never null), then by id, ascending or descending."""

    field: str = "id"
    descending: bool = False

    @classmethod
    def of(cls, kind: Kind[Any]) -> Order:
        """What a kind's lists sort by, as its declaration says (permissions.kinds)."""
        return cls(kind.order.removeprefix("-"), descending=kind.order.startswith("-"))

    def sql(self) -> list[str]:
        sign = "-" if self.descending else ""
        return [f"{sign}{self.field}", f"{sign}id"] if self.field != "id" else [f"{sign}id"]

    def key(self, row: Any) -> tuple[Any, int]:
        return (getattr(row, self.field), row.id)

    def after(self, cursor: tuple[Any, int]) -> Q:
        value, row_id = cursor
        if self.field == "id":
            return Q(id__lt=row_id) if self.descending else Q(id__gt=row_id)
        op = "lt" if self.descending else "gt"
        return Q(**{f"{self.field}__{op}": value}) | Q(**{self.field: value, f"id__{op}": row_id})


def page_size(first: int | None) -> int:
    if first is None:
        return DEFAULT_PAGE
    if first < 0:
        raise BadInput("first must not be negative.")
    if first > MAX_PAGE:
        raise BadInput(f"first may be at most {MAX_PAGE}; page through longer lists with after.")
    return first


def _encode_value(value: Any) -> list[Any]:
    if isinstance(value, datetime):
        return ["t", value.isoformat()]
    if isinstance(value, date):
        return ["d", value.isoformat()]
    return ["v", value]


MAX_ROW_ID = 2**31 - 1
MAX_INT = 2**63 - 1


def _decode_value(tagged: list[Any]) -> Any:
    tag, raw = tagged
    if tag == "t" and isinstance(raw, str):
        value = datetime.fromisoformat(raw)
        if value.tzinfo is None:
            raise ValueError("naive")
        return value
    if tag == "d" and isinstance(raw, str):
        return date.fromisoformat(raw)
    if tag == "v" and isinstance(raw, str) and len(raw) <= 300:
        return raw
    if tag == "v" and isinstance(raw, int) and not isinstance(raw, bool) and abs(raw) <= MAX_INT:
        return raw
    raise ValueError(tag)


def encode_cursor(order: Order, row: Any) -> str:
    value, row_id = order.key(row)
    # The sort field goes in too: a cursor only continues a list sorted the same way.
    raw = json.dumps(
        [order.field, _encode_value(value), row_id], separators=(",", ":"), ensure_ascii=False
    )
    return opaque.seal(raw.encode())


def decode_cursor(cursor: str | None, order: Order) -> tuple[Any, int] | None:
    """The (sort value, id) a cursor of this list holds; BAD_USER_INPUT for anything else,
    a cursor of a list sorted by another field included."""
    if cursor is None:
        return None
    try:
        raw = opaque.unseal(cursor, max_length=600)
        if raw is None:
            raise ValueError("not ours")
        field, tagged, row_id = json.loads(raw)
        if field != order.field:
            raise ValueError("another list's cursor")
        if isinstance(row_id, bool) or not isinstance(row_id, int):
            raise ValueError("id")
        if not 0 < row_id <= MAX_ROW_ID:
            raise ValueError("id out of range")
        return _decode_value(tagged), row_id
    except (ValueError, TypeError, UnicodeDecodeError):
        raise BadInput("after must be a cursor returned by this list.") from None


def connection(
    rows: Sequence[Any],
    order: Order,
    *,
    has_next: bool,
    has_previous: bool,
    total: Callable[[], Awaitable[int]] | int,
) -> Connection[Any]:
    edges = [Edge(node=row, cursor=encode_cursor(order, row)) for row in rows]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=has_previous,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
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
        total=queryset.count,
    )
