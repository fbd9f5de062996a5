"""Counting sign-in attempts: three counters, each checked and counted in one atomic step.

- the account from one address (5 in 15 minutes): a person's typos, or one guesser;
- the account from anywhere (20 an hour): a guesser spread over many addresses;
- the address for any account (100 in 15 minutes): a spray over many accounts. It is
  high on purpose: a whole office may share one proxy's address, and one person's
  typos must not lock their colleagues out.

Every attempt (a password or a code) is counted before anything is checked, by one
statement in the database (governance.throttles), so parallel guesses and several
workers cannot slip past a limit. An attempt that succeeds is taken back, so only
failures add up.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from governance import throttles
from governance.models import SignInThrottle
from server.addresses import client_address
from server.i18n import N_, gettext, ngettext

FAILURES_ALLOWED = 5  # per account and address
PAIR = throttles.Limit(FAILURES_ALLOWED, 15 * 60)
ACCOUNT = throttles.Limit(20, 60 * 60)
ADDRESS = throttles.Limit(100, 15 * 60)


@dataclass(frozen=True)
class Counter:
    key: str
    limit: throttles.Limit
    refusal: str
    cleared_on_success: bool = False


def digest(*parts: str) -> str:
    # Keys are hashed: the table never holds what was typed as an email, nor addresses.
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:40]


def counters(request: Request, email: str) -> list[Counter]:
    address = client_address(request, request.app.state.settings)
    return [
        # Cleared when this account signs in from here: only this person's typos were in it.
        Counter(
            f"pair:{digest(email, address)}",
            PAIR,
            N_("Too many failed sign-ins for this account from your network."),
            cleared_on_success=True,
        ),
        # Only forgiven: the owner signing in must not reset a distributed guesser's count.
        Counter(
            f"account:{digest(email)}", ACCOUNT, N_("Too many failed sign-ins for this account.")
        ),
        Counter(
            f"address:{digest(address)}", ADDRESS, N_("Too many failed sign-ins from your network.")
        ),
    ]


async def over_limit(keys: list[Counter]) -> tuple[str, int] | None:
    """Count this attempt under every key, each atomically. Over a limit: the message and
    the seconds until that window ends; the password or code is then never looked at."""
    now = int(time.time())
    over = [
        c for c in keys if await throttles.count_attempt(c.key, c.limit, now=now) > c.limit.attempts
    ]
    if not over:
        return None
    waits = []
    for counter in over:
        row = await SignInThrottle.get_or_none(key=counter.key)
        start = row.window_start if row else now
        waits.append((max(1, start + counter.limit.window_seconds - now), counter.refusal))
    wait, refusal = max(waits)
    minutes = math.ceil(wait / 60)
    then = ngettext(
        "Wait %(minutes)s minute, then try again.",
        "Wait %(minutes)s minutes, then try again.",
        minutes,
    ) % {"minutes": minutes}
    return f"{gettext(refusal)} {then}", wait


async def succeeded(keys: list[Counter], *, signed_in: bool) -> None:
    """Take this attempt back. `signed_in`: the whole sign-in is done (not only the password)."""
    for counter in keys:
        if signed_in and counter.cleared_on_success:
            await throttles.clear(counter.key)
        else:
            await throttles.forgive(counter.key)
            # Nothing left to remember: drop the row (one statement, so an attempt counted
            # meanwhile keeps it), and successful sign-ins leave the table as they found it.
            await SignInThrottle.filter(key=counter.key, attempts__lte=0).delete()


def too_many(refusal: tuple[str, int]) -> dict[str, Any]:
    message, wait = refusal
    return {"status": 429, "headers": {"Retry-After": str(wait)}, "notice": message}
