"""Passwords (argon2id) and API tokens (random, stored as a SHA-256 hash)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from governance.models import ApiToken, Person

_hasher = PasswordHasher()  # argon2id with the library's current defaults
# Verified against when the email is unknown, so timing does not tell who has an account.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))

TOKEN_PREFIX = "ind_"  # noqa: S105 (a marker, not a secret)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_prefix(token: str) -> str:
    """Enough of a token to recognise it in a list (32 of its 256 bits), never to use it."""
    return token[: len(TOKEN_PREFIX) + 6]


def new_token() -> tuple[str, str]:
    """A fresh token and the digest to store; the token itself is never stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    return token, token_digest(token)


LAST_USED_RESOLUTION = timedelta(minutes=1)


def _live(row: ApiToken | None, now: datetime) -> bool:
    return row is not None and (row.expires_at is None or row.expires_at > now)


async def live_token(token: str) -> ApiToken | None:
    """The live (unrevoked, unexpired) token row for a presented token, or None."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    digest = token_digest(token)
    row = await ApiToken.filter(token_hash=digest, revoked_at__isnull=True).first()
    # The lookup is by the digest's index; compare again in constant time anyway.
    if row is None or not hmac.compare_digest(row.token_hash, digest):
        return None
    now = datetime.now(UTC)
    if not _live(row, now):
        return None
    if row.last_used_at is None or row.last_used_at < now - LAST_USED_RESOLUTION:
        # At most one write a minute per token, however busy the integration.
        await ApiToken.filter(id=row.id).update(last_used_at=now)
    return row


async def token_still_live(token_id: int) -> ApiToken | None:
    """The same token, looked up again: None once it is revoked or has expired."""
    row = await ApiToken.filter(id=token_id, revoked_at__isnull=True).first()
    return row if _live(row, datetime.now(UTC)) else None


async def person_for_token(token: str) -> Person | None:
    """The person a live (unrevoked, unexpired) token belongs to, or None."""
    row = await live_token(token)
    return None if row is None else await Person.get_or_none(id=row.person_id)
