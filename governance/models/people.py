"""Organizations, people, and the credentials people use."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from governance.enums import OrganizationKind, PlatformRole


class Organization(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200, unique=True)
    kind = fields.CharEnumField(OrganizationKind, max_length=32)
    created_at = fields.DatetimeField(auto_now_add=True)

    people: fields.ReverseRelation[Person]

    class Meta:
        table = "organization"


class Person(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200)
    # Stored lower-cased; never exposed through GraphQL.
    email = fields.CharField(max_length=254, unique=True)
    title = fields.CharField(max_length=200, null=True)
    organization: fields.ForeignKeyNullableRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="people", null=True, on_delete=fields.RESTRICT
    )
    organization_id: int | None
    # argon2id; null until the person sets a password (API-only partners).
    password_hash = fields.CharField(max_length=255, null=True)
    is_admin = fields.BooleanField(default=False)
    is_communications = fields.BooleanField(default=False)
    # Bumped on sign-out: admin session cookies carry the version they were issued at.
    session_version = fields.IntField(default=0)
    # An integration account: no password, never signs in, never a member or named;
    # an ADMIN may issue its tokens.
    is_integration = fields.BooleanField(default=False, db_default=False)
    # Two-factor sign-in (TOTP, RFC 6238): the base32 secret, set at enrolment and
    # in force once confirmed with a first code (totp_enabled_at).
    totp_secret = fields.CharField(max_length=64, null=True)
    totp_enabled_at = fields.DatetimeField(null=True)
    # The last time step whose code was accepted: a code is good once.
    totp_last_step = fields.BigIntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    # The language the person reads the admin, the portal and their email in (en, fr);
    # null: the browser's (Accept-Language) or the language switch's choice.
    language = fields.CharField(max_length=8, null=True)
    # The IANA zone the person reads times in on their dashboard (Africa/Bamako); null: each
    # time in its body's zone.
    time_zone = fields.CharField(max_length=64, null=True)

    class Meta:
        table = "person"

    @property
    def platform_roles(self) -> list[PlatformRole]:
        roles = []
        if self.is_admin:
            roles.append(PlatformRole.ADMIN)
        if self.is_communications:
            roles.append(PlatformRole.COMMUNICATIONS)
        roles.append(PlatformRole.PARTICIPANT)
        return roles


class ApiToken(Model):
    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="api_tokens", on_delete=fields.CASCADE
    )
    person_id: int
    # SHA-256 of the token: tokens are 256-bit random, so a fast hash is enough
    # and lets the lookup be an indexed equality.
    token_hash = fields.CharField(max_length=64, unique=True)
    # The token's first characters, to recognise it in a list (never enough to use it).
    prefix = fields.CharField(max_length=16, default="", db_default="")
    # A read-only token is refused every mutation.
    read_only = fields.BooleanField(default=False, db_default=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    # Refreshed at most once a minute, so a busy integration does not write per request.
    last_used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "api_token"
        indexes = (("person_id", "revoked_at"),)


class RecoveryCode(Model):
    # A one-time code that stands in for the authenticator app; stored hashed.

    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="recovery_codes", on_delete=fields.CASCADE
    )
    person_id: int
    code_hash = fields.CharField(max_length=64)
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "recovery_code"
        unique_together = (("person", "code_hash"),)
