"""One-click unsubscribe (RFC 8058): a signed link per person and kind of email.

Each notification email carries `List-Unsubscribe: <…/unsubscribe/<token>>` and
`List-Unsubscribe-Post: List-Unsubscribe=One-Click`. The token is the authority: it is
signed with SECRET_KEY (itsdangerous) and names the person and the kind, so a mail
client's POST needs no session and no CSRF token (it could carry neither); nobody can
make one for another person or kind without the key. GET shows a page with a button
(a link scanner that follows links changes nothing); POST turns email and the digest off
for that kind: the notifications stay in the app. The digest's own token ("DIGEST")
turns the digest off for every kind gathered in it.
"""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from governance import languages
from governance.enums import NotificationKind
from governance.models import NotificationPreference, Person

DIGEST = "DIGEST"
SALT = "indaba.unsubscribe"
MAX_TOKEN = 300


def _serializer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=SALT)


def token(secret: str, person_id: int, topic: str) -> str:
    """The token of `person_id`'s unsubscribe from `topic` (a NotificationKind, or DIGEST)."""
    return _serializer(secret).dumps([person_id, topic])


def read(secret: str, value: str) -> tuple[int, str] | None:
    """(person id, topic), or None for a token that was not made with this key."""
    if not value or len(value) > MAX_TOKEN:
        return None
    try:
        person_id, topic = _serializer(secret).loads(value)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(person_id, int) or not isinstance(topic, str):
        return None
    if topic != DIGEST and topic not in NotificationKind.__members__:
        return None
    return person_id, topic


async def turn_off(person_id: int, topic: str) -> None:
    """No more email for `topic`: the kind to the app only (the digest: every digest kind)."""
    if topic == DIGEST:
        await NotificationPreference.filter(person_id=person_id, digest=True).update(
            email=False, digest=False
        )
        return
    await NotificationPreference.update_or_create(
        person_id=person_id,
        kind=NotificationKind(topic),
        defaults={"email": False, "digest": False},
    )


async def _answer(request: Request, *, done: bool) -> Response:
    templates = request.app.state.templates
    found = read(request.app.state.settings.secret_key, request.path_params["token"])
    person = await Person.get_or_none(id=found[0]) if found else None
    if found is None or person is None:
        return templates.TemplateResponse(
            request, "public/unsubscribe_invalid.html", {}, status_code=400
        )
    languages.use(person.language)  # the page in the language of the emails it stops
    if done:
        await turn_off(person.id, found[1])
    return templates.TemplateResponse(
        request,
        "public/unsubscribe.html",
        {
            "done": done,
            "topic": found[1],
            "email": person.email,
            "action": request.url.path,
            "preferences": "/admin/notifications/preferences",
        },
    )


async def show(request: Request) -> Response:
    return await _answer(request, done=False)


async def confirm(request: Request) -> Response:
    return await _answer(request, done=True)


routes = [
    Route("/unsubscribe/{token}", show, methods=["GET"], name="unsubscribe"),
    Route("/unsubscribe/{token}", confirm, methods=["POST"], name="unsubscribe_confirm"),
]
