"""Counters that hold across workers: sign-in attempts and request rates.

Both are fixed windows counted by one atomic upsert (INSERT … ON CONFLICT … DO
UPDATE … RETURNING), so a burst of parallel requests can never all read the
same count before any of them writes it.
"""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class SignInThrottle(Model):
    # Sign-in attempts under one key (an account, an account and address pair, an address)
    # in the window that began at window_start (seconds since the epoch: plain integers
    # compare the same way in raw SQL on both databases).

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=300, unique=True)
    attempts = fields.IntField(default=0)
    window_start = fields.BigIntField()

    class Meta:
        table = "sign_in_throttle"


class RateCounter(Model):
    # Requests under one key (a token, a session, an address) in one period (a minute,
    # numbered from the epoch): a sliding window weighs the current and the previous one.

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=200)
    period = fields.BigIntField()
    hits = fields.IntField(default=0)

    class Meta:
        table = "rate_counter"
        unique_together = (("key", "period"),)
