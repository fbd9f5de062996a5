"""Local time (PRODUCT.md, "Language, time, the public portal"): every body meets in its
own time zone. A meeting's times are entered and shown in the body's zone, with the zone
named, and stored in UTC; the API, the feeds and the audit trail speak UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tortoise.transactions import in_transaction

from governance import audit, validation
from governance.errors import N_, BadInput, Phrase
from governance.models import Person


def zone(name: str | None) -> ZoneInfo:
    """The zone of that IANA name; UTC for none or an unknown one (names are checked when
    a body is saved: governance.validation.time_zone)."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local(moment: datetime, name: str | None) -> datetime:
    """`moment` on the clocks of the zone `name`."""
    return moment.astimezone(zone(name))


def from_local(wall: datetime, name: str | None, label: str = N_("That time")) -> datetime:
    """The instant (UTC) a wall-clock time of the zone `name` stands for. A time the clocks
    skip when they go forward does not exist there: BAD_INPUT rather than an hour moved
    silently. A time they show twice when they go back is read as the first."""
    if wall.tzinfo is not None:
        return wall.astimezone(UTC)
    here = zone(name)
    moment = wall.replace(tzinfo=here, fold=0)
    if moment.astimezone(UTC).astimezone(here).replace(tzinfo=None) != wall:
        raise BadInput(
            "%(label)s (%(time)s) does not exist in %(zone)s: the clocks "
            "go forward then. Enter another time.",
            label=Phrase(label),
            time=f"{wall:%d %b %Y, %H:%M}",
            zone=here.key,
        )
    return moment.astimezone(UTC)


def named(moment: datetime, name: str | None) -> str:
    """12 Mar 2026, 10:00 Africa/Johannesburg: the local time, and the zone it is in."""
    here = zone(name)
    return f"{moment.astimezone(here):%d %b %Y, %H:%M} {here.key}"


async def set_time_zone(person_id: int, value: str | None) -> str | None:
    """A person's own zone: their dashboard shows every time on its clocks, the zone named.
    Empty: none, each meeting's time is shown in its body's zone. Meetings are still entered
    in their body's zone. Audited like every change to a person."""
    chosen = validation.time_zone(value) if value and value.strip() else None
    shown = chosen or "none (each meeting in its body's zone)"
    async with in_transaction():
        await Person.filter(id=person_id).update(time_zone=chosen)
        await audit.record(
            person_id,
            "person.set_time_zone",
            f"Set their time zone to {shown}",
            "person",
            person_id,
        )
    return chosen
