"""Keyset order and sealed cursors: the part of paging that is not GraphQL's.

A list is ordered by (sort key, id); a cursor carries both values of its row,
sealed (schema.opaque) so that it reveals no row number, and the next page is
every row after that pair. The API's connections (schema.pagination) and the
admin's lists (server.admin.paging) both page this way, never by OFFSET.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pypika_tortoise.terms import Tuple, ValueWrapper
from tortoise.expressions import Q, ResolveContext
from tortoise.query_utils import QueryModifier

from governance.errors import BadInput
from permissions.kind import Kind
from schema import opaque


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
        """The rows after the cursor's, as one row-value comparison `(field, id) < (?, ?)`
        (`>` ascending): SQLite and PostgreSQL both turn it into a range scan of an index
        on (field, id), where `field < ? OR (field = ? AND id < ?)` reads from the start."""
        value, row_id = cursor
        if self.field == "id":
            return Q(id__lt=row_id) if self.descending else Q(id__gt=row_id)
        return RowAfter(self.field, value, row_id, descending=self.descending)


class RowAfter(Q):
    """`(field, id) > (value, row_id)` (`<` when descending) as a filter: Q's keywords
    cannot say a row value, so this Q resolves to the criterion itself. The values are
    encoded as the field encodes them and sent as bound parameters."""

    def __init__(self, field: str, value: Any, row_id: int, *, descending: bool) -> None:
        super().__init__()
        self.row = (field, value, row_id, descending)

    def __bool__(self) -> bool:
        return True

    def __invert__(self) -> Q:
        raise TypeError("a keyset bound is never negated")

    def resolve(self, resolve_context: ResolveContext) -> QueryModifier:
        field, value, row_id, descending = self.row
        model, table = resolve_context.model, resolve_context.table
        column = model._meta.fields_map[field]
        left = Tuple(table[column.source_field or field], table[model._meta.db_pk_column])
        right = Tuple(ValueWrapper(column.to_db_value(value, model)), ValueWrapper(row_id))
        return QueryModifier(where_criterion=left < right if descending else left > right)


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


def encode_cursor(order: Order, row: Any, *, scope: str = "") -> str:
    """`scope` names the list when lists sorted by the same field must not swap cursors."""
    value, row_id = order.key(row)
    # The sort field goes in too: a cursor only continues a list sorted the same way.
    payload = [order.field, _encode_value(value), row_id, *([scope] if scope else [])]
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    return opaque.seal(raw.encode())


def decode_cursor(cursor: str | None, order: Order, *, scope: str = "") -> tuple[Any, int] | None:
    """The (sort value, id) a cursor of this list holds; BAD_USER_INPUT for anything else,
    a cursor of a list sorted by another field (or of another scope) included."""
    if cursor is None:
        return None
    try:
        raw = opaque.unseal(cursor, max_length=600)
        if raw is None:
            raise ValueError("not ours")
        field, tagged, row_id, *rest = json.loads(raw)
        if field != order.field or rest != ([scope] if scope else []):
            raise ValueError("another list's cursor")
        if isinstance(row_id, bool) or not isinstance(row_id, int):
            raise ValueError("id")
        if not 0 < row_id <= MAX_ROW_ID:
            raise ValueError("id out of range")
        return _decode_value(tagged), row_id
    except (ValueError, TypeError, UnicodeDecodeError):
        raise BadInput("after must be a cursor returned by this list.") from None
