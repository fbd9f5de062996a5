"""Signing in and out: the cookie's flags, CSRF before a session exists, throttling, redirects."""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from collections.abc import Iterator
from contextlib import AsyncExitStack
from dataclasses import replace

import httpx
import pytest
import pytest_asyncio

from governance.models import Person
from server import sessions
from server.admin.sign_in import NONCE_COOKIE, safe_next
from server.admin.sign_in_limits import ACCOUNT, ADDRESS, FAILURES_ALLOWED
from server.app import create_app
from tests.admin.helpers import PASSWORD, PASSWORD_HASH, sign_in, sign_in_form
from tests.graphql import gql
from tests.live import LiveServer, live_server

OFFICE = "192.0.2.10"  # one proxy's address, a whole office behind it
HOME = "192.0.2.200"


async def attempt(http, email, password, next_url="/admin/", headers=None):
    token = await sign_in_form(http)
    return await http.post(
        "/admin/sign-in",
        data={"email": email, "password": password, "csrf_token": token, "next": next_url},
        headers=headers,
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


# ---------------------------------------------------------------- throttling
# The first release locked an *address* after five failures: behind one proxy that is a
# whole office, locked out by one person's typos. Now five failures lock the account
# from that address only; the account alone locks after twenty from anywhere, and the
# address alone only after a spray of a hundred.


@pytest_asyncio.fixture
async def at_address(app):
    """A browser at a given network address (the socket peer the server sees)."""
    async with AsyncExitStack() as stack:

        def open_at(address: str, application=None) -> httpx.AsyncClient:
            transport = httpx.ASGITransport(app=application or app, client=(address, 40000))
            client = httpx.AsyncClient(transport=transport, base_url="http://testserver")
            stack.push_async_callback(client.aclose)
            return client

        yield open_at


def waits(response) -> int:
    return int(response.headers["retry-after"])


async def test_five_failures_lock_the_account_from_that_address_only(setting, at_address):
    email = setting.world.people["chair"].email
    for _ in range(FAILURES_ALLOWED):
        assert (await attempt(at_address(OFFICE), email, "guess")).status_code == 401
    # Even the right password waits, from there...
    refused = await attempt(at_address(OFFICE), email, PASSWORD)
    assert refused.status_code == 429
    assert "Too many failed sign-ins for this account from your network" in refused.text
    assert 0 < waits(refused) <= 15 * 60
    assert sessions.COOKIE not in refused.cookies
    # ...while the chair, at home, signs in.
    assert (await attempt(at_address(HOME), email, PASSWORD)).status_code == 303


async def test_one_persons_typos_do_not_lock_out_their_office(setting, at_address):
    for _ in range(FAILURES_ALLOWED + 2):
        await attempt(at_address(OFFICE), setting.world.people["member"].email, "guess")
    assert (
        await attempt(at_address(OFFICE), setting.world.people["member"].email, PASSWORD)
    ).status_code == 429
    for colleague in ("secretary", "observer", "advisor"):
        response = await attempt(
            at_address(OFFICE), setting.world.people[colleague].email, PASSWORD
        )
        assert response.status_code == 303, colleague


async def test_twenty_failures_lock_the_account_from_everywhere(setting, at_address):
    email = setting.world.people["chair"].email
    for n in range(ACCOUNT.attempts):  # five from each of four addresses
        assert (
            await attempt(at_address(f"198.51.100.{n // 5}"), email, "guess")
        ).status_code == 401
    refused = await attempt(at_address(HOME), email, PASSWORD)
    assert refused.status_code == 429
    assert "Too many failed sign-ins for this account." in refused.text
    assert 15 * 60 < waits(refused) <= 60 * 60
    # Someone else, from the same addresses, is not concerned.
    assert (
        await attempt(at_address("198.51.100.0"), setting.world.people["member"].email, PASSWORD)
    ).status_code == 303


async def test_a_spray_over_many_accounts_from_one_address_is_stopped(setting, at_address):
    people = [
        await Person.create(
            name=f"Staff {n}", email=f"staff{n}@example.org", password_hash=PASSWORD_HASH
        )
        for n in range(ADDRESS.attempts // FAILURES_ALLOWED)
    ]
    for person in people:  # never more than five per account: no account locks
        for _ in range(FAILURES_ALLOWED):
            assert (await attempt(at_address(OFFICE), person.email, "guess")).status_code == 401
    refused = await attempt(at_address(OFFICE), setting.world.people["secretary"].email, PASSWORD)
    assert refused.status_code == 429
    assert "Too many failed sign-ins from your network" in refused.text
    # From elsewhere, all is well.
    assert (
        await attempt(at_address(HOME), setting.world.people["secretary"].email, PASSWORD)
    ).status_code == 303


async def test_a_success_is_not_counted(setting, at_address):
    email = setting.world.people["secretary"].email
    for _ in range(FAILURES_ALLOWED - 1):
        await attempt(at_address(OFFICE), email, "guess")
    for _ in range(3):  # signing in clears this person's typos at this address
        assert (await attempt(at_address(OFFICE), email, PASSWORD)).status_code == 303
    for _ in range(FAILURES_ALLOWED - 1):
        assert (await attempt(at_address(OFFICE), email, "guess")).status_code == 401
    assert (await attempt(at_address(OFFICE), email, PASSWORD)).status_code == 303


async def parallel_guesses(clients, email: str, password: str) -> Counter:
    """Each browser opens the form, then all post at once."""
    tokens = await asyncio.gather(*(sign_in_form(client) for client in clients))
    responses = await asyncio.gather(
        *(
            client.post(
                "/admin/sign-in", data={"email": email, "password": password, "csrf_token": token}
            )
            for client, token in zip(clients, tokens, strict=True)
        )
    )
    return Counter(response.status_code for response in responses)


async def test_parallel_wrong_passwords_are_checked_five_times_at_most(setting, at_address):
    email = setting.world.people["chair"].email
    statuses = await parallel_guesses([at_address(OFFICE) for _ in range(20)], email, "guess")
    assert statuses == {401: FAILURES_ALLOWED, 429: 20 - FAILURES_ALLOWED}
    assert (await attempt(at_address(OFFICE), email, PASSWORD)).status_code == 429


async def test_x_forwarded_for_is_ignored_from_an_untrusted_peer(setting, at_address):
    email = setting.world.people["chair"].email
    for n in range(FAILURES_ALLOWED):
        # A client writes what it likes here: each guess claims another address.
        spoofed = {"X-Forwarded-For": f"203.0.113.{n}"}
        assert (
            await attempt(at_address(OFFICE), email, "guess", headers=spoofed)
        ).status_code == 401
    refused = await attempt(
        at_address(OFFICE), email, PASSWORD, headers={"X-Forwarded-For": "203.0.113.99"}
    )
    assert refused.status_code == 429


async def test_x_forwarded_for_is_honoured_from_a_trusted_proxy(setting, settings, at_address):
    proxy = "10.0.0.1"
    behind_proxy = create_app(
        replace(settings, trusted_proxies=("10.0.0.0/24",)), manage_database=False
    )
    email = setting.world.people["chair"].email

    def via_proxy(chain: str) -> dict[str, str]:
        return {"X-Forwarded-For": chain}

    for _ in range(FAILURES_ALLOWED):
        response = await attempt(
            at_address(proxy, behind_proxy), email, "guess", headers=via_proxy(HOME)
        )
        assert response.status_code == 401
    # The client at HOME is locked out, even when it prepends another address itself...
    spoofed = via_proxy(f"198.51.100.77, {HOME}")
    assert (
        await attempt(at_address(proxy, behind_proxy), email, PASSWORD, headers=spoofed)
    ).status_code == 429
    # ...and through two of our proxies it is still HOME.
    chained = via_proxy(f"{HOME}, 10.0.0.2")
    assert (
        await attempt(at_address(proxy, behind_proxy), email, PASSWORD, headers=chained)
    ).status_code == 429
    # Another client behind the same proxy signs in: the proxy's own address is not what counts.
    response = await attempt(
        at_address(proxy, behind_proxy), email, PASSWORD, headers=via_proxy(OFFICE)
    )
    assert response.status_code == 303


@pytest.fixture(scope="module")
def live_workers(tmp_path_factory) -> Iterator[LiveServer]:
    """A real server; on PostgreSQL two worker processes, which share nothing but the database."""
    workers = {"WEB_CONCURRENCY": "2"} if os.environ.get("INDABA_TEST_DATABASE_URL") else {}
    with live_server(tmp_path_factory.mktemp("sign-in"), demo=False, env=workers) as server:
        yield server


async def test_parallel_wrong_passwords_against_a_running_server(live_workers):
    """The attack as reported, over the network: twenty parallel guesses, each claiming
    another address in X-Forwarded-For (which the server must not believe)."""
    result = live_workers.cli(
        "create-admin",
        "--email",
        "target@example.org",
        "--name",
        "Target",
        "--password",
        "the right password",
    )
    assert result.returncode == 0, result.stderr
    clients = [
        httpx.AsyncClient(
            base_url=live_workers.url, timeout=60, headers={"X-Forwarded-For": f"203.0.113.{n}"}
        )
        for n in range(20)
    ]
    try:
        statuses = await parallel_guesses(clients, "target@example.org", "guess")
        assert statuses[401] <= FAILURES_ALLOWED, statuses
        assert statuses[401] + statuses[429] == 20, statuses
        right = await parallel_guesses(clients[:1], "target@example.org", "the right password")
        assert right == {429: 1}
    finally:
        for client in clients:
            await client.aclose()


async def test_an_unknown_email_is_refused_like_a_wrong_password(browser):
    response = await attempt(browser(), "nobody@example.org", PASSWORD)
    assert response.status_code == 401
    assert "do not match an account" in response.text


async def test_someone_without_a_password_cannot_sign_in(setting, browser):
    await Person.filter(id=setting.person("party")).update(password_hash=None)
    response = await attempt(browser(), setting.world.people["party"].email, "")
    assert response.status_code == 401


async def test_an_integration_account_never_signs_in(setting, browser):
    # Even with a password hash in its row (written by hand, or before it became one).
    system = await Person.get(id=setting.ids["integration"])
    assert (await attempt(browser(), system.email, PASSWORD)).status_code == 401
    await Person.filter(id=system.id).update(password_hash=PASSWORD_HASH)
    response = await attempt(browser(), system.email, PASSWORD)
    assert response.status_code == 401
    assert "do not match an account" in response.text
    assert sessions.COOKIE not in response.cookies


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
