"""The append-only, hash-chained audit trail."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class AuditEvent(Model):
    id = fields.IntField(primary_key=True)
    seq = fields.BigIntField(unique=True)
    at = fields.DatetimeField()
    # Plain ids, not foreign keys: the trail outlives what it describes.
    actor_id = fields.IntField(null=True)
    action = fields.CharField(max_length=64)
    subject_type = fields.CharField(max_length=32, null=True)
    subject_id = fields.IntField(null=True)
    summary = fields.CharField(max_length=500)
    prev_hash = fields.CharField(max_length=64)
    hash = fields.CharField(max_length=64)

    class Meta:
        table = "audit_event"
        # One subject's events, newest first (the trail filtered by subject). The id
        # leads: led by the type, the index let SQLite read the whole trail for an
        # admin's list, one OR branch per kind, and sort it (tests/test_query_plans.py).
        indexes = (("subject_id", "subject_type", "seq"),)


class AuditHead(Model):
    # One row: the chain's last sequence number and hash, locked by each append.

    id = fields.IntField(primary_key=True)
    seq = fields.BigIntField(default=0)
    hash = fields.CharField(max_length=64)
    # Which key the chain's digests are keyed with (a fingerprint, never the key):
    # empty for the first release's unkeyed SHA-256 chain.
    key_id = fields.CharField(max_length=16, default="", db_default="")

    class Meta:
        table = "audit_head"
