"""Setting a password from an emailed link, and asking for one: "Forgot your password?".

The rules are governance.account_links'. These pages are served to the signed-out, so
their forms are CSRF-protected as the sign-in form is: a nonce cookie and a token derived
from it (server.sessions.anonymous_csrf), under a cookie of their own so that a sign-in
page opened in another tab does not spoil them.

- The forgot page answers one page for every address, whether an account has it or not,
  and after the same delay (`FLOOR`): neither its words nor its time tell who has an
  account. Each request is counted before anything is looked up (the sign-in limits'
  machinery, with counters of its own: asking for links never locks anyone's sign-in).
- A link's page (GET) spends nothing, so a mail scanner that opens links leaves them
  good; the form's POST spends it. Its URL holds the token: no referrer leaves the page.
"""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from governance import account_links, throttles, two_factor
from governance.errors import BadInput
from governance.models.account_links import LinkPurpose
from server import i18n, sessions
from server.addresses import client_address, request_scheme
from server.admin import forms, sign_in
from server.admin import sign_in_limits as limits
from server.admin.pages import path_for, refused, with_headers

NONCE_COOKIE = "indaba_password"
NONCE_AGE = 60 * 60
# Every answer of the forgot form takes at least this long: issuing a link (a few writes)
# fits well inside it, so a known address answers no later than an unknown one.
FLOOR = 0.4
# Per address asked for (the mailbox is not flooded) and per network (no spray).
EMAIL_LIMIT = throttles.Limit(5, 60 * 60)
ADDRESS_LIMIT = throttles.Limit(30, 15 * 60)
SENT = (
    "If an account uses that address, a link to set a new password is on its way to it. "
    "The link works once, within an hour."
)
# What each link's page says, and where its form goes.
PAGES: dict[LinkPurpose, dict[str, str]] = {
    LinkPurpose.INVITATION: {
        "heading": "Welcome to Indaba",
        "lead": "Choose a password to finish setting up your account.",
        "route": "admin:invitation_submit",
        "button": "Set my password",
    },
    LinkPurpose.PASSWORD_RESET: {
        "heading": "Choose a new password",
        "lead": "Your old password stops working, and you are signed out everywhere else.",
        "route": "admin:password_reset_submit",
        "button": "Set my new password",
    },
}
NO_REFERRER = {"Referrer-Policy": "no-referrer"}


def _render(
    request: Request,
    template: str,
    values: dict[str, Any],
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    headers = {**NO_REFERRER, **(headers or {})}
    return sign_in.render_page(request, template, values, status=status, headers=headers)


def _page(
    request: Request,
    template: str,
    values: dict[str, Any],
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    """A page with a form, a fresh nonce cookie and the form's token bound to it."""
    nonce = secrets.token_urlsafe(24)
    token = sessions.anonymous_csrf(str(request.app.state.settings.secret_key), f"pw:{nonce}")
    values = {"form_token": sessions.masked(token), **values}
    response = _render(request, template, values, status=status, headers=headers)
    secure = request_scheme(request, request.app.state.settings) == "https"
    response.set_cookie(
        NONCE_COOKIE,
        nonce,
        max_age=NONCE_AGE,
        path="/admin",
        httponly=True,
        samesite="lax",
        secure=secure,
    )
    return response


def _form_ok(request: Request, form: Any) -> bool:
    nonce = request.cookies.get(NONCE_COOKIE)
    if not nonce or len(nonce) > 100:
        return False
    expected = sessions.anonymous_csrf(str(request.app.state.settings.secret_key), f"pw:{nonce}")
    return sessions.same_token(expected, str(form.get("csrf_token") or ""))


# ------------------------------------------------------------------ forgot your password?


async def forgot(request: Request) -> Response:
    return _page(request, "admin/password_forgot.html", {"email": "", "sent": False})


def _counters(request: Request, email: str) -> list[limits.Counter]:
    address = client_address(request, request.app.state.settings)
    return [
        limits.Counter(
            f"reset-email:{limits.digest(email)}",
            EMAIL_LIMIT,
            "Too many links asked for this address.",
        ),
        limits.Counter(
            f"reset-address:{limits.digest(address)}",
            ADDRESS_LIMIT,
            "Too many links asked from your network.",
        ),
    ]


async def forgot_submit(request: Request) -> Response:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + FLOOR
    form = await request.form()
    email = forms.text(form, "email").strip().lower()[:254]
    if not _form_ok(request, form):
        return _page(
            request,
            "admin/password_forgot.html",
            {"email": email, "sent": False, "notice": i18n.gettext(sign_in.EXPIRED)},
            status=403,
        )
    refusal = await limits.over_limit(_counters(request, email))
    if refusal:
        values = limits.too_many(refusal)
        return _page(
            request,
            "admin/password_forgot.html",
            {"email": email, "sent": False, "notice": values["notice"]},
            status=values["status"],
            headers=values["headers"],
        )
    if email:
        await account_links.request_reset(email)
    await asyncio.sleep(max(0.0, deadline - loop.time()))
    # No form on this answer, so nothing in it differs from one request to the next.
    response = _render(request, "admin/password_forgot.html", {"sent": True, "message": SENT})
    response.delete_cookie(NONCE_COOKIE, path="/admin")
    return response


# ------------------------------------------------------------------ the links


def _token(request: Request) -> str:
    return str(request.path_params["token"])[: account_links.MAX_TOKEN + 1]


async def _link_page(
    request: Request, purpose: LinkPurpose, *, notice: str | None = None, status: int = 200
) -> Response:
    token = _token(request)
    link = await account_links.live(token, purpose)
    if link is None:
        values = {"dead": True, "notice": account_links.DEAD}
        # A form not from this site stays 403; any other answer about a dead link, 404.
        return _render(
            request, "admin/password_link.html", values, status=403 if status == 403 else 404
        )
    text = PAGES[purpose]
    values = {
        **text,
        "dead": False,
        "action": path_for(request, text["route"], token=token),
        "notice": notice,
    }
    return _page(request, "admin/password_link.html", values, status=status)


async def _link_submit(request: Request, purpose: LinkPurpose) -> Response:
    form = await request.form()
    if not _form_ok(request, form):
        return await _link_page(request, purpose, notice=i18n.gettext(sign_in.EXPIRED), status=403)
    password = str(form.get("password") or "")[:1001]
    if password != str(form.get("password_again") or "")[:1001]:
        return await _link_page(
            request, purpose, notice=i18n.gettext("The two passwords differ."), status=400
        )
    try:
        person = await account_links.set_password(_token(request), purpose, password)
    except BadInput as error:
        return await _link_page(request, purpose, notice=refused(error), status=400)
    settings = request.app.state.settings
    if two_factor.enabled(person) or two_factor.missing(person, settings.require_2fa):
        # The password is set; the code (or enrolling) still comes at sign-in.
        answer = RedirectResponse(path_for(request, "admin:sign_in"), status_code=303)
        answer.delete_cookie(NONCE_COOKIE, path="/admin")
        return with_headers(answer)
    answer = RedirectResponse(sign_in.HOME, status_code=303)
    answer.delete_cookie(NONCE_COOKIE, path="/admin")
    return sign_in.issue_session(request, answer, person)


async def reset(request: Request) -> Response:
    return await _link_page(request, LinkPurpose.PASSWORD_RESET)


async def reset_submit(request: Request) -> Response:
    return await _link_submit(request, LinkPurpose.PASSWORD_RESET)


async def invitation(request: Request) -> Response:
    return await _link_page(request, LinkPurpose.INVITATION)


async def invitation_submit(request: Request) -> Response:
    return await _link_submit(request, LinkPurpose.INVITATION)
