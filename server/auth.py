"""Who is asking: an API token (`Authorization: Bearer …`), the admin's session, or nobody."""

from __future__ import annotations

from collections.abc import Mapping

from governance.credentials import person_for_token
from governance.models import Person
from permissions import ANONYMOUS, Viewer, load_viewer
from server import sessions


class BadCredentials(Exception):
    """Credentials were sent but are not valid: say so instead of reading anonymously."""


async def viewer_from_token(token: str) -> Viewer:
    person = await person_for_token(token.strip())
    if person is None:
        raise BadCredentials("The API token is not valid: it is unknown, revoked or expired.")
    return await load_viewer(person)


async def viewer_for(headers: Mapping[str, str], cookies: Mapping[str, str], secret: str) -> Viewer:
    authorization = headers.get("authorization")
    if authorization:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise BadCredentials("Send the API token as `Authorization: Bearer <token>`.")
        return await viewer_from_token(token)
    person = await person_from_session(cookies, secret)
    return ANONYMOUS if person is None else await load_viewer(person)


async def person_from_session(cookies: Mapping[str, str], secret: str) -> Person | None:
    session = sessions.read(cookies.get(sessions.COOKIE), secret)
    if session is None:
        return None
    person = await Person.get_or_none(id=session.person_id)
    # A cookie issued before sign-out (or a password change) carries an old version.
    if person is None or person.session_version != session.version:
        return None
    return person
