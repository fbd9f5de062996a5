"""Passwords (argon2id) and API tokens (random, stored as a SHA-256 hash)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from governance.models import ApiToken, Person
from permissions.viewer import Viewer, load_person_and_viewer

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


def _live(expires_at: datetime | None, now: datetime) -> bool:
    return expires_at is None or expires_at > now


@dataclass(frozen=True)
class TokenHolder:
    """A live token and who holds it, as they are now."""

    token_id: int
    expires_at: datetime | None
    read_only: bool
    person: Person
    viewer: Viewer


_TOKEN_JOIN = "JOIN api_token t ON t.person_id = p.id"  # noqa: S105 (SQL, not a secret)
_TOKEN_COLUMNS = (
    "t.id AS t_id",
    "t.token_hash AS t_token_hash",
    "t.expires_at AS t_expires_at",
    "t.read_only AS t_read_only",
    "t.last_used_at AS t_last_used_at",
)
_FIELDS = ApiToken._meta.fields_map


async def _holder(where: str, values: list[Any]) -> tuple[TokenHolder, dict[str, Any]] | None:
    """The unrevoked token `where` names, its person and their memberships today: ONE
    statement (permissions.viewer.load_person_and_viewer). Nothing is cached, so a
    revocation (by any process) refuses the very next request."""
    found = await load_person_and_viewer(
        f"{where} AND t.revoked_at IS NULL", values, join=_TOKEN_JOIN, joined=_TOKEN_COLUMNS
    )
    if found is None:
        return None
    row = found.joined
    expires_at = _FIELDS["expires_at"].to_python_value(row["t_expires_at"])
    if not _live(expires_at, datetime.now(UTC)):
        return None
    read_only = bool(_FIELDS["read_only"].to_python_value(row["t_read_only"]))
    return TokenHolder(row["t_id"], expires_at, read_only, found.person, found.viewer), row


async def live_token(token: str) -> TokenHolder | None:
    """The live (unrevoked, unexpired) token a presented token is, with its holder, or None."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    digest = token_digest(token)
    found = await _holder("t.token_hash = ?", [digest])
    # The lookup is by the digest's index; compare again in constant time anyway.
    if found is None or not hmac.compare_digest(found[1]["t_token_hash"], digest):
        return None
    holder, row = found
    now = datetime.now(UTC)
    last_used_at = _FIELDS["last_used_at"].to_python_value(row["t_last_used_at"])
    if last_used_at is None or last_used_at < now - LAST_USED_RESOLUTION:
        # At most one write a minute per token, however busy the integration.
        await ApiToken.filter(id=holder.token_id).update(last_used_at=now)
    return holder


async def token_still_live(token_id: int) -> TokenHolder | None:
    """The same token, looked up again with its holder as they are now: None once it is
    revoked or has expired."""
    found = await _holder("t.id = ?", [token_id])
    return None if found is None else found[0]


async def person_for_token(token: str) -> Person | None:
    """The person a live (unrevoked, unexpired) token belongs to, or None."""
    holder = await live_token(token)
    return None if holder is None else holder.person
