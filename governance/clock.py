"""The time as the record reads it: the wall clock, unless a replay has set it.

Every service stamps what it records (a ballot opened, minutes approved, a decision's
date, an audit event) with :func:`now` or :func:`today`. Nothing sets the clock while
the platform serves: it then reads the wall clock, as `datetime.now(UTC)` did. The demo
sets it (:func:`set_to`) to replay a programme's history through the services, so that
last year's meetings and decisions are dated last year by the same rules that date
today's. The setting is a context variable: it holds for the code inside the `with`
(and the tasks it starts), never for another request served meanwhile.

Credentials are not read against it: whether a token has expired, a two-factor code is
current or a sign-in limit has passed is a question about the real time, whatever a
replay says. Tokens (issued, revoked: access.py), credentials.py, two_factor.py and
throttles.py keep the wall clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime

_set: ContextVar[datetime | None] = ContextVar("indaba_clock", default=None)


def now() -> datetime:
    """The current moment, aware, in UTC."""
    moment = _set.get()
    return datetime.now(UTC) if moment is None else moment


def today() -> date:
    """The current day, in UTC (the day memberships, due dates and decisions are read on)."""
    return now().date()


@contextmanager
def set_to(moment: datetime) -> Iterator[datetime]:
    """Read `moment` as the current time inside the block."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("The clock is set to an aware moment, such as one in UTC.")
    token = _set.set(moment.astimezone(UTC))
    try:
        yield moment
    finally:
        _set.reset(token)
