"""Admin sessions: a signed cookie carrying the person, their session version and a CSRF secret.

Signing (itsdangerous) makes the cookie tamper-proof; the session version kept
on the person makes a copied cookie useless after sign-out.
"""

from __future__ import annotations

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


def csrf_matches(session: Session | None, token: str | None) -> bool:
    if session is None or not token:
        return False
    return hmac.compare_digest(session.csrf.encode(), token.encode())


def anonymous_csrf(secret: str, nonce: str) -> str:
    """The sign-in form's CSRF token, bound to a pre-session nonce cookie."""
    return hmac.new(secret.encode(), f"signin:{nonce}".encode(), sha256).hexdigest()
