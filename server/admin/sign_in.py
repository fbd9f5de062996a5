"""Signing in with email and password, and out again.

The form is CSRF-protected before any session exists: a nonce cookie, and a
token derived from it that only this server can compute. Failed attempts are
counted per account and per client address; five of either within fifteen
minutes refuse further attempts until the window has passed.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from tortoise.expressions import F

from governance import events, throttles
from governance.credentials import verify_password
from governance.models import Person
from server import sessions
from server.admin.pages import Admin, signed_in_admin, with_headers

NONCE_COOKIE = "indaba_sign_in"
NONCE_AGE = 60 * 60
FAILURES_ALLOWED = 5
WINDOW = timedelta(minutes=15)
HOME = "/admin/"


def safe_next(value: str | None) -> str:
    """Only a path of this site's admin: never another site, never a scheme."""
    if not value or len(value) > 500 or "\\" in value or any(ord(c) < 32 for c in value):
        return HOME
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not parts.path.startswith("/admin"):
        return HOME
    return value


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _form(
    request: Request,
    *,
    next_url: str,
    email: str = "",
    notice: str | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    """The sign-in form, with a fresh nonce cookie and the token bound to it."""
    secret = request.app.state.settings.secret_key
    nonce = secrets.token_urlsafe(24)
    html = request.app.state.templates.get_template("admin/sign_in.html").render(
        request=request,
        sign_in_token=sessions.anonymous_csrf(secret, nonce),
        next_url=next_url,
        email=email,
        notice=notice,
    )
    response = HTMLResponse(html, status_code=status, headers=headers)
    response.set_cookie(
        NONCE_COOKIE,
        nonce,
        max_age=NONCE_AGE,
        path="/admin",
        httponly=True,
        samesite="lax",
        secure=_secure(request),
    )
    return with_headers(response)


async def show(request: Request) -> Response:
    next_url = safe_next(request.query_params.get("next"))
    if await signed_in_admin(request) is not None:
        return with_headers(RedirectResponse(next_url, status_code=303))
    return _form(request, next_url=next_url)


def _token_matches(request: Request, token: str) -> bool:
    nonce = request.cookies.get(NONCE_COOKIE)
    if not nonce or not token or len(nonce) > 100:
        return False
    expected = sessions.anonymous_csrf(request.app.state.settings.secret_key, nonce)
    return hmac.compare_digest(expected.encode(), token.encode())


def _keys(request: Request, email: str) -> list[str]:
    address = request.client.host if request.client else "unknown"
    return [f"account:{email}"[:300], f"address:{address}"[:300]]


LIMIT = throttles.Limit(FAILURES_ALLOWED, int(WINDOW.total_seconds()))


async def _throttled(keys: list[str]) -> bool:
    """Count this attempt first, atomically: over the limit, the password is not checked."""
    counts = [await throttles.count_attempt(key, LIMIT) for key in keys]
    return any(count > FAILURES_ALLOWED for count in counts)


async def submit(request: Request) -> Response:
    form = await request.form()
    email = str(form.get("email") or "").strip().lower()[:254]
    password = str(form.get("password") or "")[:1000]
    next_url = safe_next(str(form.get("next") or ""))
    if not _token_matches(request, str(form.get("csrf_token") or "")):
        return _form(
            request,
            next_url=next_url,
            email=email,
            status=403,
            notice="The sign-in form had expired or did not come from this site. "
            "Please sign in again.",
        )
    keys = _keys(request, email)
    if await _throttled(keys):
        minutes = int(WINDOW.total_seconds() // 60)
        return _form(
            request,
            next_url=next_url,
            email=email,
            status=429,
            headers={"Retry-After": str(int(WINDOW.total_seconds()))},
            notice=f"Too many failed sign-ins for this account or from this network. "
            f"Wait {minutes} minutes, then try again.",
        )
    person = await Person.get_or_none(email=email) if email else None
    # verify_password checks a dummy hash when there is no person: the time taken
    # does not tell who has an account.
    if not verify_password(person.password_hash if person else None, password) or person is None:
        return _form(
            request,
            next_url=next_url,
            email=email,
            status=401,
            notice="That email address and password do not match an account.",
        )
    await throttles.clear(keys[0])
    for key in keys[1:]:
        await throttles.forgive(key)
    value, _ = sessions.issue(
        person.id, person.session_version, request.app.state.settings.secret_key
    )
    response = RedirectResponse(next_url, status_code=303)
    response.set_cookie(
        sessions.COOKIE,
        value,
        max_age=sessions.MAX_AGE,
        path="/",
        httponly=True,
        samesite="lax",
        secure=_secure(request),
    )
    response.delete_cookie(NONCE_COOKIE, path="/admin")
    return with_headers(response)


async def sign_out(admin: Admin) -> Response:
    """Bump the session version: every copy of this cookie stops working, now."""
    await Person.filter(id=admin.person_id).update(session_version=F("session_version") + 1)
    await events.publish(events.CREDENTIALS_TOPIC, admin.person_id)
    response = RedirectResponse("/admin/sign-in", status_code=303)
    response.delete_cookie(sessions.COOKIE, path="/", httponly=True, samesite="lax")
    if admin.htmx:
        response = Response(status_code=200, headers={"HX-Redirect": "/admin/sign-in"})
        response.delete_cookie(sessions.COOKIE, path="/", httponly=True, samesite="lax")
    return response
