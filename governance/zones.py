"""Local time (PRODUCT.md, "Language, time, the public portal"): every body meets in its
own time zone. A meeting's times are entered and shown in the body's zone, with the zone
named, and stored in UTC; the API, the feeds and the audit trail speak UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from governance.errors import N_, BadInput, Phrase


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
            time=wall,
            zone=here.key,
        )
    return moment.astimezone(UTC)
