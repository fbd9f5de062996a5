"""Who is asking: an API token (`Authorization: Bearer …`), the admin's session, or nobody.

A request resolves its credential once. A WebSocket connection keeps the
credential and resolves it again for every operation and every event
(:func:`recheck`): a revoked or expired token, a signed-out session or an ended
membership takes effect on an open connection at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from governance import two_factor
from governance.credentials import live_token, token_still_live
from governance.models import Person
from permissions import ANONYMOUS, Viewer
from permissions.viewer import Found, load_person_and_viewer
from server import rate_limits, sessions


class BadCredentials(Exception):
    """Credentials were sent but are not valid: say so instead of reading anonymously."""


@dataclass(frozen=True)
class Credential:
    """What a viewer proved, kept so it can be checked again."""

    person_id: int
    token_id: int | None = None  # an API token …
    session_version: int | None = None  # … or the admin's session cookie
    expires_at: datetime | None = None
    read_only: bool = False

    @property
    def expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= datetime.now(UTC)


@dataclass(frozen=True)
class Authenticated:
    viewer: Viewer
    credential: Credential | None  # None for the anonymous public


NOBODY = Authenticated(ANONYMOUS, None)
INVALID_TOKEN = "The API token is not valid: it is unknown, revoked or expired."  # noqa: S105


async def from_token(token: str) -> Authenticated:
    """One statement: the live token, its person and their memberships today."""
    holder = await live_token(token.strip())
    if holder is None:
        raise BadCredentials(INVALID_TOKEN)
    credential = Credential(
        holder.person.id,
        token_id=holder.token_id,
        expires_at=holder.expires_at,
        read_only=holder.read_only,
    )
    return Authenticated(holder.viewer, credential)


async def from_session(
    cookies: Mapping[str, str], secret: str, require_2fa: str = ""
) -> Authenticated:
    """The admin's session, or nobody: a stale or forged cookie reads anonymously, and so
    does one whose person has yet to set up a compulsory second factor."""
    session = sessions.read(cookies.get(sessions.COOKIE), secret)
    if session is None:
        return NOBODY
    found = await in_session(session)
    if found is None or two_factor.missing(found.person, require_2fa):
        return NOBODY
    credential = Credential(
        found.person.id, session_version=session.version, expires_at=session.expires_at
    )
    return Authenticated(found.viewer, credential)


async def authenticate(
    headers: Mapping[str, str], cookies: Mapping[str, str], secret: str, require_2fa: str = ""
) -> Authenticated:
    authorization = headers.get("authorization")
    if authorization:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise BadCredentials("Send the API token as `Authorization: Bearer <token>`.")
        return await from_token(token)
    return await from_session(cookies, secret, require_2fa)


async def recheck(credential: Credential) -> Viewer:
    """The viewer as of now, with today's memberships; BadCredentials when the credential
    itself is gone (revoked, expired, signed out). One statement either way."""
    if credential.expired:
        raise BadCredentials("The credential has expired.")
    if credential.token_id is not None:
        holder = await token_still_live(credential.token_id)
        if holder is None:
            raise BadCredentials(INVALID_TOKEN)
        return holder.viewer
    found = await load_person_and_viewer("p.id = ?", [credential.person_id])
    if found is None:
        raise BadCredentials("The account no longer exists.")
    if credential.session_version is not None and found.person.session_version != (
        credential.session_version
    ):
        raise BadCredentials("The session has ended: sign in again.")
    return found.viewer


async def in_session(session: sessions.Session) -> Found | None:
    """The session's person and the viewer they are today, in one statement; None when the
    cookie predates a sign-out or a password change (an older version), or the person is
    gone or an integration account."""
    found = await load_person_and_viewer("p.id = ?", [session.person_id])
    if found is None or found.person.session_version != session.version:
        return None
    return None if found.person.is_integration else found


async def person_in_session(session: sessions.Session) -> Person | None:
    found = await in_session(session)
    return None if found is None else found.person


async def person_from_session(cookies: Mapping[str, str], secret: str) -> Person | None:
    session = sessions.read(cookies.get(sessions.COOKIE), secret)
    return None if session is None else await person_in_session(session)


async def admin_from_session(cookies: Mapping[str, str], secret: str) -> Found | None:
    """The admin pages' person and viewer, in one statement."""
    session = sessions.read(cookies.get(sessions.COOKIE), secret)
    return None if session is None else await in_session(session)


async def requester(request: Request) -> Authenticated | Response:
    """Who asks, exactly as the GraphQL endpoint reads it (server.auth): an API token as
    `Authorization: Bearer`, else the admin's session, else the anonymous public. A bad
    token is a 401, never a quietly public file; like the endpoint's, it also counts
    against the address, since a made-up token has no bucket of its own."""
    settings = request.app.state.settings
    try:
        return await authenticate(
            request.headers, request.cookies, settings.secret_key, settings.require_2fa
        )
    except BadCredentials as error:
        counter = request.scope.get("indaba.rate_limits")
        if counter is not None:
            wait = await counter.hit(rate_limits.address_key(request.scope, settings))
            if wait is not None:
                return rate_limits.too_many(request.url.path, wait)
        return PlainTextResponse(
            str(error), status_code=401, headers={"WWW-Authenticate": "Bearer"}
        )
