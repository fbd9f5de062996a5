"""Admin sessions: a signed cookie carrying the person, their session version and a CSRF secret.

Signing (itsdangerous) makes the cookie tamper-proof; the session version kept
on the person makes a copied cookie useless after sign-out.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from hashlib import sha256

from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "indaba_session"
MAX_AGE = 12 * 60 * 60  # a working day, then sign in again


@dataclass(frozen=True)
class Session:
    person_id: int
    version: int
    csrf: str
    issued_at: datetime | None = None

    @property
    def expires_at(self) -> datetime | None:
        return None if self.issued_at is None else self.issued_at + timedelta(seconds=MAX_AGE)


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="indaba.admin.session")


def issue(person_id: int, version: int, secret: str) -> tuple[str, Session]:
    session = Session(person_id, version, secrets.token_urlsafe(24), datetime.now(UTC))
    value = _serializer(secret).dumps([session.person_id, session.version, session.csrf])
    return value, session


def read(value: str | None, secret: str) -> Session | None:
    if not value or len(value) > 1000:
        return None
    try:
        payload, issued_at = _serializer(secret).loads(
            value, max_age=MAX_AGE, return_timestamp=True
        )
        person_id, version, csrf = payload
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(person_id, int) or not isinstance(version, int) or not isinstance(csrf, str):
        return None
    return Session(person_id, version, csrf, issued_at)


def masked(token: str) -> str:
    """A CSRF token as a page shows it: XORed with a fresh random pad, the pad in front.
    No two responses carry the same bytes for it, so compressing a page that also echoes
    what a visitor typed cannot be used to guess it (the BREACH attack)."""
    raw = token.encode()
    pad = secrets.token_bytes(len(raw))
    return base64.urlsafe_b64encode(
        pad + bytes(a ^ b for a, b in zip(raw, pad, strict=True))
    ).decode()


def unmasked(value: str | None) -> str | None:
    """The token a masked value carries; None for anything that is not one."""
    if not value or len(value) > 400:
        return None
    try:
        data = base64.urlsafe_b64decode(value.encode("ascii"))
    except (ValueError, binascii.Error):
        return None
    half = len(data) // 2
    if not half or len(data) % 2:
        return None
    try:
        return bytes(a ^ b for a, b in zip(data[half:], data[:half], strict=True)).decode("ascii")
    except UnicodeDecodeError:
        return None


def same_token(expected: str, submitted: str | None) -> bool:
    """A submitted (masked) token is the expected one, compared in constant time."""
    token = unmasked(submitted)
    return token is not None and hmac.compare_digest(expected.encode(), token.encode())


def csrf_matches(session: Session | None, token: str | None) -> bool:
    return session is not None and same_token(session.csrf, token)


def anonymous_csrf(secret: str, nonce: str) -> str:
    """The sign-in form's CSRF token, bound to a pre-session nonce cookie."""
    return hmac.new(secret.encode(), f"signin:{nonce}".encode(), sha256).hexdigest()
