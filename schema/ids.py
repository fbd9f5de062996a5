"""Relay global ids: the type and row sealed into an opaque, unforgeable token.

A client cannot read a row number out of an id, step from one id to the next,
or make up an id for a row it was never shown (schema.opaque). Ids issued by the
first release, base64("<TypeName>:<row id>"), still resolve: they reveal nothing
the client did not put in them, and every lookup goes through the viewer's
visibility anyway.
"""

from __future__ import annotations

import base64
import binascii
import struct
from collections.abc import Sequence

import strawberry

from governance.errors import BadInput
from permissions import kinds
from schema import opaque

# GraphQL type name -> the kind of item (the grants' and audit's subject type), and the
# type code sealed into each id: both from the kinds' declarations (permissions.kinds).
KINDS = {name: kind.name for name, kind in kinds.BY_TYPE_NAME.items()}
TYPE_CODES = {name: code for kind in kinds.ALL for name, code in kind.types.items()}
TYPE_NAMES = {code: name for name, code in TYPE_CODES.items()}
ROW = struct.Struct(">HI")  # type code, row id
MAX_ROW_ID = 2**31 - 1  # every table's key is a 32-bit integer


def encode(type_name: str, row_id: int) -> strawberry.ID:
    return strawberry.ID(opaque.seal(ROW.pack(TYPE_CODES[type_name], row_id)))


def decode(value: str) -> tuple[str, int] | None:
    """(type name, row id), or None when the value is not one of our ids."""
    if not isinstance(value, str) or len(value) > 100:
        return None
    payload = opaque.unseal(value, max_length=100)
    if payload is not None and len(payload) == ROW.size:
        code, row_id = ROW.unpack(payload)
        name = TYPE_NAMES.get(code)
        return (name, row_id) if name is not None and 0 < row_id <= MAX_ROW_ID else None
    return _legacy(value)


def _legacy(value: str) -> tuple[str, int] | None:
    """A first-release id: base64 of "<TypeName>:<row id>" (ASCII digits only)."""
    try:
        raw = base64.urlsafe_b64decode(value.encode() + b"=" * (-len(value) % 4)).decode()
    except (binascii.Error, UnicodeError, ValueError):
        return None
    type_name, _, number = raw.partition(":")
    if type_name not in KINDS or not (number.isascii() and number.isdigit()) or len(number) > 10:
        return None
    row_id = int(number)
    return (type_name, row_id) if 0 < row_id <= MAX_ROW_ID else None


def parse(value: str | None, field: str, *type_names: str) -> int | None:
    """The row id behind `value` if it is an id of one of `type_names`; BAD_USER_INPUT if not."""
    if value is None:
        return None
    decoded = decode(value)
    if decoded is None or decoded[0] not in type_names:
        expected = " or ".join(type_names)
        raise BadInput(
            "%(field)s must be the id of a %(expected)s.", field=field, expected=expected
        )
    return decoded[1]


def require(value: str, field: str, *type_names: str) -> int:
    row_id = parse(value, field, *type_names)
    assert row_id is not None
    return row_id


def parse_many(values: Sequence[str] | None, field: str, *type_names: str) -> list[int]:
    if values is None:
        return []
    if len(values) > 100:
        raise BadInput("%(field)s may list at most 100 ids.", field=field)
    return [require(value, field, *type_names) for value in values]


BODY = ("Committee", "AdvisoryBoard")
