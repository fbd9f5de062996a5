"""Signing in and out: the cookie's flags, CSRF before a session exists, throttling, redirects."""

from __future__ import annotations

import pytest

from governance.models import Person, SignInThrottle
from server import sessions
from server.admin.sign_in import FAILURES_ALLOWED, NONCE_COOKIE, safe_next
from tests.admin.helpers import PASSWORD, sign_in, sign_in_form
from tests.graphql import gql


async def attempt(http, email, password, next_url="/admin/"):
    token = await sign_in_form(http)
    return await http.post(
        "/admin/sign-in",
        data={"email": email, "password": password, "csrf_token": token, "next": next_url},
    )


def session_cookie(response) -> str:
    cookies = [
        c for c in response.headers.get_list("set-cookie") if c.startswith("indaba_session=")
    ]
    assert len(cookies) == 1, response.headers
    return cookies[0]


async def test_a_wrong_password_is_refused_and_the_right_one_signs_in(setting, browser):
    http = browser()
    email = setting.world.people["secretary"].email
    refused = await attempt(http, email, "not the password")
    assert refused.status_code == 401
    assert "do not match an account" in refused.text
    assert sessions.COOKIE not in http.cookies
    response = await attempt(http, email, PASSWORD, "/admin/meetings")
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/meetings"
    cookie = session_cookie(response).lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
    assert "secure" not in cookie  # plain http: a Secure cookie would never come back
    assert (await http.get("/admin/meetings")).status_code == 200


async def test_the_cookie_is_secure_over_https(setting, browser):
    http = browser("https://testserver")
    response = await attempt(http, setting.world.people["chair"].email, PASSWORD)
    assert response.status_code == 303
    assert "secure" in session_cookie(response).lower()


async def test_the_sign_in_form_needs_its_csrf_token(setting, browser):
    http = browser()
    await sign_in_form(http)  # the nonce cookie is set...
    email = setting.world.people["chair"].email
    forged = await http.post("/admin/sign-in", data={"email": email, "password": PASSWORD})
    assert forged.status_code == 403
    assert sessions.COOKIE not in http.cookies
    # ...and a token made for another browser's nonce is no good either.
    other = browser()
    token = await sign_in_form(other)
    stolen = await http.post(
        "/admin/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )
    assert stolen.status_code == 403
    assert sessions.COOKIE not in http.cookies


async def test_the_nonce_cookie_is_http_only_and_scoped_to_the_admin(browser):
    page = await browser().get("/admin/sign-in")
    nonce = next(c for c in page.headers.get_list("set-cookie") if c.startswith(NONCE_COOKIE))
    assert "httponly" in nonce.lower() and "path=/admin" in nonce.lower()


async def test_failures_are_throttled_per_account(setting, browser):
    email = setting.world.people["chair"].email
    for _ in range(FAILURES_ALLOWED):
        assert (await attempt(browser(), email, "guess")).status_code == 401
    # Even the right password waits, from any address.
    response = await attempt(browser(), email, PASSWORD)
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.text
    assert response.headers["retry-after"] == "900"
    # Another account is not locked out by it... once the address has calmed down.
    await SignInThrottle.filter(key__startswith="address:").delete()
    assert (
        await attempt(browser(), setting.world.people["member"].email, PASSWORD)
    ).status_code == 303


async def test_failures_are_throttled_per_address(setting, browser):
    people = ["member", "observer", "advisor", "party", "comms"]
    for role in people[:FAILURES_ALLOWED]:
        assert (
            await attempt(browser(), setting.world.people[role].email, "guess")
        ).status_code == 401
    response = await attempt(browser(), setting.world.people["secretary"].email, PASSWORD)
    assert response.status_code == 429


async def test_an_unknown_email_is_refused_like_a_wrong_password(browser):
    response = await attempt(browser(), "nobody@example.org", PASSWORD)
    assert response.status_code == 401
    assert "do not match an account" in response.text


async def test_someone_without_a_password_cannot_sign_in(setting, browser):
    await Person.filter(id=setting.person("party")).update(password_hash=None)
    response = await attempt(browser(), setting.world.people["party"].email, "")
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("asked", "sent_to"),
    [
        ("/admin/decisions?q=water", "/admin/decisions?q=water"),
        ("https://evil.example/admin", "/admin/"),
        ("//evil.example/admin", "/admin/"),
        ("/\\evil.example", "/admin/"),
        ("/graphql", "/admin/"),
        ("javascript:alert(1)", "/admin/"),
        ("", "/admin/"),
    ],
)
def test_after_signing_in_only_admin_paths_of_this_site(asked, sent_to):
    assert safe_next(asked) == sent_to


async def test_signing_out_ends_every_copy_of_the_session(setting, browser, client):
    person = await sign_in(browser(), setting.world.people["secretary"].email)
    copied = person.http.cookies[sessions.COOKIE]
    response = await person.post("/admin/sign-out")
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/sign-in"
    # The cookie copied before signing out opens nothing any more: not the admin...
    thief = browser()
    thief.cookies.set(sessions.COOKIE, copied)
    again = await thief.get("/admin/")
    assert again.status_code == 303
    assert again.headers["location"].startswith("/admin/sign-in")
    # ...nor the API.
    client.cookies.set(sessions.COOKIE, copied)
    result = await gql(client, "{ viewer { isAnonymous } }")
    assert result.data["viewer"]["isAnonymous"] is True


async def test_signed_out_pages_send_you_back_where_you_were_going(browser):
    response = await browser().get("/admin/decisions?q=water")
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/sign-in?next=/admin/decisions%3Fq%3Dwater"


async def test_htmx_requests_signed_out_are_redirected_by_htmx(browser):
    response = await browser().post("/admin/meetings/1/attendance", headers={"HX-Request": "true"})
    assert response.headers["hx-redirect"].startswith("/admin/sign-in")
