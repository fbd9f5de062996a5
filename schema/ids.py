"""Relay global ids: base64("<TypeName>:<row id>"), opaque to clients."""

from __future__ import annotations

import base64
import binascii

import strawberry

from governance.errors import BadInput

# GraphQL type name -> the kind of item (the grants' and audit's subject type).
KINDS = {
    "Organization": "organization",
    "Person": "person",
    "Committee": "body",
    "AdvisoryBoard": "body",
    "Meeting": "meeting",
    "AgendaItem": "agenda_item",
    "Minutes": "minutes",
    "Motion": "motion",
    "Decision": "decision",
    "Agreement": "agreement",
    "FocusArea": "focus_area",
    "Commitment": "commitment",
    "Recommendation": "recommendation",
    "ActionItem": "action_item",
    "Update": "update",
    "AuditEvent": "audit_event",
    "ApiTokenInfo": "api_token",
}


def encode(type_name: str, row_id: int) -> strawberry.ID:
    return strawberry.ID(base64.urlsafe_b64encode(f"{type_name}:{row_id}".encode()).decode())


def decode(value: str) -> tuple[str, int] | None:
    """(type name, row id), or None when the value is not one of our ids."""
    if not isinstance(value, str) or len(value) > 100:
        return None
    try:
        raw = base64.urlsafe_b64decode(value.encode() + b"=" * (-len(value) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    type_name, _, number = raw.partition(":")
    if type_name not in KINDS or not number.isdigit() or len(number) > 12:
        return None
    return type_name, int(number)


def parse(value: str | None, field: str, *type_names: str) -> int | None:
    """The row id behind `value` if it is an id of one of `type_names`; BAD_USER_INPUT if not."""
    if value is None:
        return None
    decoded = decode(value)
    if decoded is None or decoded[0] not in type_names:
        expected = " or ".join(type_names)
        raise BadInput(f"{field} must be the id of a {expected}.")
    return decoded[1]


def require(value: str, field: str, *type_names: str) -> int:
    row_id = parse(value, field, *type_names)
    assert row_id is not None
    return row_id


def parse_many(values: list[str] | None, field: str, *type_names: str) -> list[int]:
    if values is None:
        return []
    if len(values) > 100:
        raise BadInput(f"{field} may list at most 100 ids.")
    return [require(value, field, *type_names) for value in values]


BODY = ("Committee", "AdvisoryBoard")
