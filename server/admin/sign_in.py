"""Signing in (a password, then a code for those with two-factor), and out again.

Every form here is CSRF-protected before any session exists: a nonce cookie (the
password form) or the pending sign-in cookie (the second step), and a token derived
from it that only this server can compute.

Every attempt, a password or a code, is counted before anything is checked
(server.admin.sign_in_limits): by the account from one address, by the account, and
by the address.

Two-factor. After the right password, someone with two-factor on gets a second
step, and an ADMIN without it, where INDABA_REQUIRE_2FA=admin, must enrol first; in
between they hold only a short-lived signed "pending" cookie that opens nothing but
that step. The session cookie is issued only at the end.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from tortoise.expressions import F

from governance import events, two_factor
from governance.credentials import verify_password
from governance.errors import N_, BadInput, Conflict
from governance.models import Person
from server import i18n, sessions
from server.addresses import request_scheme
from server.admin import enrolment, forms
from server.admin import sign_in_limits as limits
from server.admin.pages import Admin, path_for, refused, signed_in_admin, with_headers

NONCE_COOKIE = "indaba_sign_in"
NONCE_AGE = 60 * 60
PENDING_COOKIE = "indaba_sign_in_pending"
Step = Literal["code", "enrol"]
# The code step is quick; enrolling may mean installing an app first.
PENDING_AGE: dict[Step, int] = {"code": 5 * 60, "enrol": 30 * 60}
STEP_ROUTE: dict[Step, str] = {"code": "admin:sign_in_code", "enrol": "admin:sign_in_enrol"}
# Where a sign-in lands by default, and the only paths `next` may name (checked without a
# request, so spelled out: the dashboard's path, under the admin's mount).
HOME = "/admin/"
NO_MATCH = N_("That email address and password do not match an account.")
EXPIRED = N_("Your sign-in had expired or did not come from this site. Please sign in again.")


def safe_next(value: str | None) -> str:
    """Only a path of this site's admin: never another site, never a scheme."""
    if not value or len(value) > 500 or "\\" in value or any(ord(c) < 32 for c in value):
        return HOME
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not parts.path.startswith("/admin"):
        return HOME
    return value


def _secure(request: Request) -> bool:
    return request_scheme(request, request.app.state.settings) == "https"


def _secret(request: Request) -> str:
    return str(request.app.state.settings.secret_key)


def _cookie(request: Request, response: Response, name: str, value: str, **kw: Any) -> None:
    response.set_cookie(name, value, httponly=True, samesite="lax", secure=_secure(request), **kw)


def render_page(
    request: Request,
    template: str,
    values: dict[str, Any],
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    html = request.app.state.templates.get_template(template).render(request=request, **values)
    return with_headers(HTMLResponse(html, status_code=status, headers=headers))


def _form(
    request: Request,
    *,
    next_url: str,
    email: str = "",
    notice: str | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    """The password form, with a fresh nonce cookie and the token bound to it."""
    nonce = secrets.token_urlsafe(24)
    response = render_page(
        request,
        "admin/sign_in.html",
        {
            "sign_in_token": sessions.masked(sessions.anonymous_csrf(_secret(request), nonce)),
            "next_url": next_url,
            "email": email,
            "notice": notice,
        },
        status=status,
        headers=headers,
    )
    _cookie(request, response, NONCE_COOKIE, nonce, max_age=NONCE_AGE, path="/admin")
    return response


async def show(request: Request) -> Response:
    next_url = safe_next(request.query_params.get("next"))
    if await signed_in_admin(request) is not None:
        return with_headers(RedirectResponse(next_url, status_code=303))
    return _form(request, next_url=next_url)


def _token_matches(request: Request, nonce: str | None, token: str) -> bool:
    if not nonce or not token or len(nonce) > 100:
        return False
    return sessions.same_token(sessions.anonymous_csrf(_secret(request), nonce), token)


# ------------------------------------------------------------------ the password


def new_session(request: Request, person: Person) -> tuple[str, sessions.Session]:
    """A session for `person`: the cookie's value, and the session (its CSRF token)."""
    return sessions.issue(person.id, person.session_version, _secret(request))


def issue_session(
    request: Request, response: Response, person: Person, value: str | None = None
) -> Response:
    """Sign `person` in on this response (the one place a session cookie is set)."""
    value = value or new_session(request, person)[0]
    _cookie(request, response, sessions.COOKIE, value, max_age=sessions.MAX_AGE, path="/")
    response.delete_cookie(NONCE_COOKIE, path="/admin")
    response.delete_cookie(PENDING_COOKIE, path="/admin/sign-in")
    return with_headers(response)


def may_sign_in(person: Person | None) -> bool:
    """Integration accounts never sign in, whatever their row holds; nor does anyone
    without a password."""
    return person is not None and not person.is_integration and bool(person.password_hash)


async def submit(request: Request) -> Response:
    form = await request.form()
    email = forms.text(form, "email").strip().lower()[:254]
    password = str(form.get("password") or "")[:1000]
    next_url = safe_next(str(form.get("next") or ""))
    if not _token_matches(
        request, request.cookies.get(NONCE_COOKIE), str(form.get("csrf_token") or "")
    ):
        return _form(
            request, next_url=next_url, email=email, status=403, notice=i18n.gettext(EXPIRED)
        )
    keys = limits.counters(request, email)
    refusal = await limits.over_limit(keys)
    if refusal:
        return _form(request, next_url=next_url, email=email, **limits.too_many(refusal))
    person = await Person.get_or_none(email=email) if email else None
    usable = person if may_sign_in(person) else None
    # Nobody, an integration account, no password: the dummy hash is checked all the
    # same, so the time taken tells nothing. Off the event loop: argon2 takes a while.
    hashed = usable.password_hash if usable else None
    if not await run_in_threadpool(verify_password, hashed, password) or usable is None:
        return _form(
            request, next_url=next_url, email=email, status=401, notice=i18n.gettext(NO_MATCH)
        )
    if two_factor.enabled(usable):
        await limits.succeeded(keys, signed_in=False)
        return _start_pending(request, usable, "code", next_url)
    if two_factor.missing(usable, request.app.state.settings.require_2fa):
        await limits.succeeded(keys, signed_in=False)
        return _start_pending(request, usable, "enrol", next_url)
    await limits.succeeded(keys, signed_in=True)
    return issue_session(request, RedirectResponse(next_url, status_code=303), usable)


# ------------------------------------------------------------------ the second step


@dataclass(frozen=True)
class Pending:
    person: Person
    nonce: str
    next_url: str


def _pending_serializer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(_secret(request), salt="indaba.admin.sign-in.pending")


def _start_pending(request: Request, person: Person, step: Step, next_url: str) -> Response:
    """The password was right: on to `step`, holding a pending cookie and no session."""
    payload = [person.id, person.session_version, secrets.token_urlsafe(24), step, next_url]
    response = RedirectResponse(path_for(request, STEP_ROUTE[step]), status_code=303)
    value = _pending_serializer(request).dumps(payload)
    _cookie(
        request, response, PENDING_COOKIE, value, max_age=PENDING_AGE[step], path="/admin/sign-in"
    )
    response.delete_cookie(NONCE_COOKIE, path="/admin")
    return with_headers(response)


async def _pending(request: Request, step: Step) -> Pending | None:
    value = request.cookies.get(PENDING_COOKIE)
    if not value or len(value) > 1500:
        return None
    try:
        payload = _pending_serializer(request).loads(value, max_age=PENDING_AGE[step])
        person_id, version, nonce, signed_step, next_url = payload
    except (BadSignature, ValueError, TypeError):
        return None
    if signed_step != step or not isinstance(person_id, int) or not isinstance(nonce, str):
        return None
    person = await Person.get_or_none(id=person_id)
    # Signed out (or the password changed) meanwhile: this sign-in is over too.
    if not may_sign_in(person) or person is None or person.session_version != version:
        return None
    return Pending(person, nonce, safe_next(str(next_url)))


def _step_token(request: Request, pending: Pending) -> str:
    return sessions.anonymous_csrf(_secret(request), f"pending:{pending.nonce}")


def _step_page(
    request: Request, step: Step, pending: Pending, *, secret: str | None = None, **kw: Any
) -> Response:
    values: dict[str, Any] = {
        "step_token": sessions.masked(_step_token(request, pending)),
        "notice": kw.pop("notice", None),
    }
    if step == "enrol":
        values["setup"] = enrolment.setup(_secret(request), pending.person, secret)
        values["person"] = pending.person
    template = "admin/sign_in_code.html" if step == "code" else "admin/sign_in_enrol.html"
    return render_page(request, template, values, **kw)


async def _step(request: Request, step: Step) -> tuple[Pending, Any] | Response:
    """The pending sign-in and its form, or the answer that ends this step here."""
    pending = await _pending(request, step)
    form = await request.form()
    if pending is None:
        return _form(request, next_url=HOME, status=403, notice=i18n.gettext(EXPIRED))
    expected = _step_token(request, pending)
    if not sessions.same_token(expected, str(form.get("csrf_token") or "")):
        return _step_page(request, step, pending, status=403, notice=i18n.gettext(EXPIRED))
    refusal = await limits.over_limit(limits.counters(request, pending.person.email))
    if refusal:
        return _step_page(request, step, pending, **limits.too_many(refusal))
    return pending, form


async def show_code(request: Request) -> Response:
    pending = await _pending(request, "code")
    if pending is None:
        return with_headers(RedirectResponse(path_for(request, "admin:sign_in"), status_code=303))
    return _step_page(request, "code", pending)


async def submit_code(request: Request) -> Response:
    answer = await _step(request, "code")
    if isinstance(answer, Response):
        return answer
    pending, form = answer
    if not await two_factor.check_code(pending.person.id, str(form.get("code") or "")):
        return _step_page(request, "code", pending, status=401, notice=two_factor.WRONG_CODE)
    await limits.succeeded(limits.counters(request, pending.person.email), signed_in=True)
    return issue_session(
        request, RedirectResponse(pending.next_url, status_code=303), pending.person
    )


async def show_enrolment(request: Request) -> Response:
    pending = await _pending(request, "enrol")
    if pending is None:
        return with_headers(RedirectResponse(path_for(request, "admin:sign_in"), status_code=303))
    return _step_page(request, "enrol", pending)


async def submit_enrolment(request: Request) -> Response:
    """An admin who must enrol confirms a first code: the recovery codes, and at last a session."""
    answer = await _step(request, "enrol")
    if isinstance(answer, Response):
        return answer
    pending, form = answer
    person = pending.person
    secret = enrolment.secret_from_form(
        _secret(request), person.id, str(form.get(enrolment.FIELD) or "")
    )
    try:
        if secret is None:
            raise BadInput("The set-up page had expired: scan this new QR code.")
        codes = await two_factor.confirm_enrolment(person.id, secret, str(form.get("code") or ""))
    except (BadInput, Conflict) as error:
        status = 409 if isinstance(error, Conflict) else 400
        return _step_page(
            request, "enrol", pending, secret=secret, status=status, notice=refused(error)
        )
    await limits.succeeded(limits.counters(request, person.email), signed_in=True)
    person = await Person.get(id=person.id)  # enrolling ended older sessions: a new version
    page = render_page(
        request, "admin/sign_in_enrol.html", {"codes": codes, "next_url": pending.next_url}
    )
    return issue_session(request, page, person)


async def sign_out(admin: Admin) -> Response:
    """Bump the session version: every copy of this cookie stops working, now."""
    await Person.filter(id=admin.person_id).update(session_version=F("session_version") + 1)
    await events.publish(events.CREDENTIALS_TOPIC, admin.person_id)
    sign_in = admin.url("sign_in")
    response: Response = RedirectResponse(sign_in, status_code=303)
    response.delete_cookie(sessions.COOKIE, path="/", httponly=True, samesite="lax")
    if admin.htmx:
        response = Response(status_code=200, headers={"HX-Redirect": sign_in})
        response.delete_cookie(sessions.COOKIE, path="/", httponly=True, samesite="lax")
    return response
