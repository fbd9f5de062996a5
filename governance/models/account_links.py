"""Links sent by email to set a password: an invitation, or a reset when one is forgotten."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from governance.models.people import Person


class LinkPurpose(StrEnum):
    INVITATION = "INVITATION"  # a new account's first password (7 days)
    PASSWORD_RESET = "PASSWORD_RESET"  # noqa: S105 (a forgotten password, 1 hour)


class AccountLink(Model):
    """One emailed link, kept as a SHA-256 of its token (in the email alone). The token is
    256-bit random, so a fast hash is enough, as for API tokens.

    A link is good once, until it expires, while it is the newest of its purpose for the
    person (`ended_at` is set when used or replaced), and while the person has not signed
    out everywhere since it was issued (`session_version` compared with the person's)."""

    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="account_links", on_delete=fields.CASCADE
    )
    person_id: int
    purpose = fields.CharEnumField(LinkPurpose, max_length=16)
    token_hash = fields.CharField(max_length=64, unique=True)
    session_version = fields.IntField()
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    ended_at = fields.DatetimeField(null=True)

    class Meta:
        table = "account_link"
        # Issuing ends the person's earlier links of the same purpose.
        indexes = (("person_id", "purpose"),)
