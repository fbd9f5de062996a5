"""CSV downloads: safe cells, keyset chunks, one streamed response.

What every export shares (PRODUCT.md, "Minutes, the public copy, exports" → CSV):
UTF-8 with a byte-order mark (so a spreadsheet opened by double-click reads accents
right) and a header row; text that a spreadsheet would run as a formula neutralised;
rows read in keyset chunks, a fixed number of SQL statements per chunk, and written
as they come, so a long export neither waits for nor holds the whole table.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar

from starlette.responses import PlainTextResponse, Response, StreamingResponse
from tortoise.models import Model
from tortoise.queryset import QuerySet

from schema.keyset import Order
from server.auth import Authenticated, requester

M = TypeVar("M", bound=Model)
__all__ = ["chunks", "csv_response", "requester"]  # requester: who asks (server.auth)

CHUNK = 500
BOM = "\ufeff"
# A spreadsheet runs a cell starting with these as a formula (tab and CR too: some strip
# them and read what follows). OWASP's advice: a leading apostrophe makes it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text(value: str) -> str:
    """A cell of free text (a name, a note), never read as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def cell(value: Any) -> str:
    """Any value as its cell. Figures and dates are ours to format (a negative figure stays
    a number); every string is text someone typed, and goes through `text`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Enum):
        return text(str(value.value))
    if isinstance(value, float):
        return format(value, ".15g")  # 30.0 → 30, 0.1 + 0.2 → 0.3
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")  # an amount in major units: 4500000000.00, never 4.5E+9
    if isinstance(value, datetime | date):
        return value.isoformat()
    return text(str(value))


def encode(rows: Sequence[Sequence[Any]]) -> bytes:
    """Rows as CSV lines (RFC 4180: CRLF, quotes doubled), each value through `cell`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


async def chunks(
    rows: Callable[[], QuerySet[M]], order: Order, size: int | None = None
) -> AsyncIterator[list[M]]:
    """The rows of `rows()` in `order`, `size` at a time: each chunk one statement, resuming
    after the last row of the one before (never OFFSET, never the whole table at once)."""
    size = size or CHUNK
    after: tuple[Any, int] | None = None
    while True:
        query = rows()
        if after is not None:
            query = query.filter(order.after(after))
        chunk = await query.order_by(*order.sql()).limit(size)
        if chunk:
            yield chunk
        if len(chunk) < size:
            return
        after = order.key(chunk[-1])


async def _body(header: Sequence[str], parts: AsyncIterator[Sequence[Sequence[Any]]]) -> Any:
    yield (BOM.encode("utf-8") + encode([header]))
    async for rows in parts:
        if rows:
            yield encode(rows)


def csv_response(
    who: Authenticated,
    filename: str,
    header: Sequence[str],
    parts: AsyncIterator[Sequence[Sequence[Any]]],
) -> Response:
    """A download: `parts` yields the rows of each chunk, written as they are read. One URL
    answers every viewer with what they may see: caches must tell them apart, and never
    keep a signed-in viewer's copy."""
    headers = {
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Vary": "Authorization, Cookie",
        "Cache-Control": "no-cache" if who.credential is None else "private, no-store",
    }
    return StreamingResponse(
        _body(header, parts), media_type="text/csv; charset=utf-8", headers=headers
    )


def bad_request(message: str) -> Response:
    return PlainTextResponse(message, status_code=400)
