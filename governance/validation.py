"""Input rules shared by every service: bounded, trimmed, ordered, well-formed."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from functools import cache
from zoneinfo import available_timezones

from governance.errors import N_, BadInput, Phrase

# Bounds on what people type; generous for the record, finite for the server.
NAME = 200
TITLE = 300
SHORT_TEXT = 1000
LONG_TEXT = 100_000
CONSTITUENCY = 100  # a stakeholder group's name: Industry, Government, Municipalities ...
CODE = 64  # an indicator's code (MCPP-KPI-004)
UNIT = 64  # an indicator's unit: %, households, ZAR, days
SOURCE = 300  # where a figure comes from
# Figures are stored as floats: beyond this no count, rate or amount of the record goes,
# and NaN or infinity is no figure at all.
MAX_FIGURE = 1e15

# A password someone chooses (the CLI's create-admin, the admin's forms): long enough to
# resist guessing offline, short enough for the sign-in form, which reads 1,000 characters.
MIN_PASSWORD = 12
MAX_PASSWORD = 1000

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# No control characters: PostgreSQL refuses a NUL in text (an INTERNAL error, where SQLite
# stored it), and none belongs in an address.
EMAIL_RE = re.compile(r"^[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+$")
REFERENCE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9./-]*$")
CURRENCY_RE = re.compile(r"^[A-Z]{3}$")


# Every table's key is a 32-bit integer: a larger number names no row (and would
# overflow the column in SQL).
MAX_ROW_ID = 2**31 - 1


def row_id(value: str | None) -> int | None:
    """The row number written in `value` (ASCII digits, in range), else None.
    (`"²".isdigit()` is true in Python, and int() of thirty digits is no row.)"""
    if not value or not value.isascii() or not value.isdigit() or len(value) > 10:
        return None
    number = int(value)
    return number if 0 < number <= MAX_ROW_ID else None


def _clean(value: str) -> str:
    # Control characters other than line breaks and tabs have no place in the record.
    return "".join(ch for ch in value if ch in "\n\t" or (ch >= " " and ch != "\x7f")).strip()


def text(value: str, field: str, limit: int, *, multiline: bool = False) -> str:
    cleaned = _clean(value.replace("\r\n", "\n"))
    if not multiline and "\n" in cleaned:
        raise BadInput("%(field)s must be a single line.", field=field)
    if not cleaned:
        raise BadInput("%(field)s must not be empty.", field=field)
    if len(cleaned) > limit:
        raise BadInput(
            "%(field)s must be at most %(limit)s characters (got %(got)s).",
            field=field,
            limit=limit,
            got=len(cleaned),
        )
    return cleaned


def optional_text(
    value: str | None, field: str, limit: int, *, multiline: bool = False
) -> str | None:
    if value is None or not _clean(value):
        return None
    return text(value, field, limit, multiline=multiline)


def password(value: str) -> str:
    """A password as chosen, never trimmed (every character counts), within the bounds."""
    if len(value) < MIN_PASSWORD:
        raise BadInput("Choose a password of at least %(min)s characters.", min=MIN_PASSWORD)
    if len(value) > MAX_PASSWORD:
        raise BadInput("Choose a password of at most %(max)s characters.", max=MAX_PASSWORD)
    return value


def slug(value: str) -> str:
    value = value.strip()
    if not SLUG_RE.match(value) or len(value) > 64:
        raise BadInput(
            "slug must be lower-case letters, digits and single dashes, at most 64 characters "
            "(e.g. mcpp-steering-committee)."
        )
    return value


def email(value: str) -> str:
    value = value.strip().lower()
    if len(value) > 254 or not EMAIL_RE.match(value):
        raise BadInput("email must be an address like name@example.org.")
    return value


# One answer for every reference or code that cannot be used, whether a visible item or
# a hidden one holds it: anything more precise would tell a creator that a hidden item
# exists (PRODUCT.md, "Trust").
UNUSABLE_REFERENCE = N_("This reference cannot be used; choose another.")


def reference(value: str, field: str = "reference") -> str:
    value = value.strip()
    if not REFERENCE_RE.match(value) or len(value) > 64:
        raise BadInput(
            "%(field)s must be letters, digits, dots, slashes and dashes, at most 64 characters.",
            field=field,
        )
    return value


def positive(value: int, field: str, *, limit: int = 1000, allow_zero: bool = False) -> int:
    low = 0 if allow_zero else 1
    if not low <= value <= limit:
        raise BadInput(
            "%(field)s must be between %(low)s and %(limit)s.", field=field, low=low, limit=limit
        )
    return value


def figure(value: float, field: str) -> float:
    """A measured or planned figure: a finite number within ±MAX_FIGURE."""
    if value != value or not -MAX_FIGURE <= value <= MAX_FIGURE:
        raise BadInput(
            "%(field)s must be a number between -%(limit)s and %(limit)s.",
            field=field,
            limit=f"{MAX_FIGURE:.0e}",
        )
    return float(value)


def ordered(start: date | datetime | None, end: date | datetime | None, what: str) -> None:
    if start is not None and end is not None and end < start:
        raise BadInput("%(what)s: the end must not come before the start.", what=Phrase(what))


def aware(value: datetime, field: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise BadInput("%(field)s needs a time zone (e.g. 2026-03-01T09:00:00+02:00).", field=field)
    try:
        # Stored in UTC: 9999-12-31T23:59-12:00 is in year 10000 there, and 0001-01-01T00:00+14:00
        # in year 0, which no datetime (nor the database driver) can hold.
        value.astimezone(UTC)
    except OverflowError:
        raise BadInput("%(field)s is out of range once converted to UTC.", field=field) from None
    return value


def currency(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip().upper()
    if not CURRENCY_RE.match(value):
        raise BadInput("currency must be a three-letter ISO 4217 code such as ZAR or XOF.")
    return value


@cache
def _time_zones() -> frozenset[str]:
    # The IANA names tzdata knows (read from disk once): "localtime", a path or a
    # POSIX rule string would load in ZoneInfo() but is no zone a body meets in.
    return frozenset(available_timezones()) - {"localtime", "Factory"}


@cache
def time_zones() -> tuple[str, ...]:
    """The zones a body may meet in, in order (the admin's list to choose from)."""
    return tuple(sorted(_time_zones()))


def time_zone(value: str, field: str = "timeZone") -> str:
    value = value.strip()
    if value not in _time_zones():
        shown = value[:64] + ("…" if len(value) > 64 else "")
        raise BadInput(
            "%(field)s must be an IANA time zone such as Africa/Johannesburg, Africa/Bamako "
            "or UTC; “%(shown)s” is not one.",
            field=field,
            shown=shown,
        )
    return value
