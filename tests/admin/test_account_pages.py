"""The account pages (issue 14): "Forgot your password?" answers alike for every address,
in words and in time, and is rate-limited; a link's page sets a password once, signs the
person in and everyone else out; the profile's password change asks for the current one;
an admin sends an invitation again from the person page."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from typing import Any

import httpx
import pyotp

from governance.credentials import verify_password
from governance.models import AccountLink, AuditEvent, OutboxItem, Person
from server.admin import passwords
from tests.admin.helpers import PASSWORD, SIGN_IN_TOKEN, SignedIn, fingerprint, sign_in

NEW = "a long new password"


async def _form_token(http: httpx.AsyncClient, path: str) -> str:
    page = await http.get(path)
    assert page.status_code == 200, page.text
    match = SIGN_IN_TOKEN.search(page.text)
    assert match, page.text
    return match.group(1)


async def _forgot(http: httpx.AsyncClient, email: str) -> tuple[httpx.Response, float]:
    token = await _form_token(http, "/admin/password/forgot")
    started = time.perf_counter()
    answer = await http.post("/admin/password/forgot", data={"email": email, "csrf_token": token})
    return answer, time.perf_counter() - started


def _without_date(cookie: str) -> str:
    return re.sub(r"expires=[^;]*;", "", cookie)


async def _token(person_id: int, topic: str) -> str:
    item = await OutboxItem.filter(person_id=person_id, topic=topic).order_by("-id").first()
    assert item is not None
    return str(item.payload["token"])


async def _set(http: httpx.AsyncClient, path: str, password: str, again: str | None = None) -> Any:
    token = await _form_token(http, path)
    data = {"password": password, "password_again": again or password, "csrf_token": token}
    return await http.post(path, data=data)


async def test_the_forgot_page_answers_alike_for_a_known_and_an_unknown_address(setting, browser):
    sign_in_page = await browser().get("/admin/sign-in")
    assert 'href="/admin/password/forgot"' in sign_in_page.text  # the way in
    known, known_time = await _forgot(browser(), "member@example.org")
    unknown, unknown_time = await _forgot(browser(), "nobody@example.org")
    assert known.status_code == unknown.status_code == 200
    assert known.text == unknown.text
    assert "If an account uses that address" in known.text
    # The same cookie dropped (its expiry stamp is the only difference: the clock's).
    assert _without_date(known.headers["set-cookie"]) == _without_date(
        unknown.headers["set-cookie"]
    )
    # Both wait out the same floor; issuing the link fits inside it.
    assert min(known_time, unknown_time) >= passwords.FLOOR
    assert abs(known_time - unknown_time) < 0.2, (known_time, unknown_time)
    # Only the known address got a link.
    member = setting.person("member")
    assert [i.person_id for i in await OutboxItem.filter(topic="PASSWORD_RESET")] == [member]


async def test_the_forgot_page_is_rate_limited_alike_for_any_address(setting, browser):
    for email in ("member@example.org", "nobody@example.org"):
        http = browser()
        for _ in range(passwords.EMAIL_LIMIT.attempts):
            answer, _ = await _forgot(http, email)
            assert answer.status_code == 200
        refused, _ = await _forgot(http, email)
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) > 0
        assert "Too many links asked for this address." in refused.text
    assert await OutboxItem.filter(topic="PASSWORD_RESET").count() == passwords.EMAIL_LIMIT.attempts
    # Asking for links locks nobody's sign-in.
    await sign_in(browser(), "member@example.org")


async def test_a_reset_link_sets_the_password_once_signs_in_and_ends_other_sessions(
    setting, browser
):
    member_id = setting.person("member")
    elsewhere = await sign_in(browser(), "member@example.org")  # a session left open
    await _forgot(browser(), "member@example.org")
    path = f"/admin/password/reset/{await _token(member_id, 'PASSWORD_RESET')}"
    http = browser()

    page = await http.get(path)
    assert page.status_code == 200 and "Choose a new password" in page.text
    assert page.headers["referrer-policy"] == "no-referrer"  # the token stays in this page
    assert page.headers["cache-control"] == "no-store"
    differ = await _set(http, path, NEW, "another long password")
    assert differ.status_code == 400 and "The two passwords differ." in differ.text
    short = await _set(http, path, "short")
    assert short.status_code == 400 and "at least 12 characters" in short.text

    done = await _set(http, path, NEW)
    assert done.status_code == 303 and done.headers["location"] == "/admin/"
    assert "indaba_session=" in done.headers["set-cookie"]
    assert (await http.get("/admin/")).status_code == 200  # signed in
    assert (await elsewhere.get("/admin/")).status_code == 303  # signed out elsewhere
    assert verify_password((await Person.get(id=member_id)).password_hash, NEW)
    assert await AuditEvent.filter(action="person.reset_password", subject_id=member_id).exists()

    # Once only: the page says so, and a second form posted is refused.
    again = await browser().get(path)
    assert again.status_code == 404 and "This link no longer works" in again.text
    before = await fingerprint()
    replay = await http.post(
        path, data={"password": "x" * 20, "password_again": "x" * 20, "csrf_token": "x"}
    )
    assert replay.status_code == 403
    assert await fingerprint() == before
    await sign_in(browser(), "member@example.org", NEW)


async def test_signing_out_kills_a_reset_link(setting, browser):
    member: SignedIn = await sign_in(browser(), "member@example.org")
    await _forgot(browser(), "member@example.org")
    path = f"/admin/password/reset/{await _token(setting.person('member'), 'PASSWORD_RESET')}"
    assert (await browser().get(path)).status_code == 200
    assert (await member.post("/admin/sign-out")).status_code == 303
    assert (await browser().get(path)).status_code == 404
    dead = await _set_on_dead(browser(), path)
    assert dead.status_code == 404


async def _set_on_dead(http: httpx.AsyncClient, path: str) -> httpx.Response:
    """Post the form of a page opened while the link was alive, after it died."""
    token = await _form_token(http, "/admin/password/forgot")  # a live nonce cookie, any page
    return await http.post(path, data={"password": NEW, "password_again": NEW, "csrf_token": token})


async def test_an_invitation_from_the_add_person_form_sets_a_first_password(
    setting, signed_in, browser
):
    admin = await signed_in("admin")
    added = await admin.post(
        "/admin/people", {"name": "Amina Diallo", "email": "amina@example.org"}
    )
    assert added.status_code == 303, added.text
    amina = await Person.get(email="amina@example.org")
    first = await _token(amina.id, "INVITATION")

    # The admin sees the invitation on the person page and sends it again: a new link.
    page = await admin.get(f"/admin/people/{amina.id}")
    assert "Send the invitation again" in page.text
    again = await admin.post(f"/admin/people/{amina.id}/invitation")
    assert again.status_code == 303, again.text
    second = await _token(amina.id, "INVITATION")
    assert (await browser().get(f"/admin/invitation/{first}")).status_code == 404

    http = browser()
    welcome = await http.get(f"/admin/invitation/{second}")
    assert welcome.status_code == 200 and "Welcome to Indaba" in welcome.text
    done = await _set(http, f"/admin/invitation/{second}", NEW)
    assert done.status_code == 303, done.text
    assert (await http.get("/admin/")).status_code == 200
    assert (await browser().get(f"/admin/invitation/{second}")).status_code == 404
    # With a password, there is nothing left to invite to.
    assert "Send the invitation again" not in (await admin.get(f"/admin/people/{amina.id}")).text
    refused = await admin.post(f"/admin/people/{amina.id}/invitation")
    assert refused.status_code == 409
    assert await AccountLink.filter(person_id=amina.id).count() == 2


async def test_the_profile_password_change_asks_for_the_current_one(setting, signed_in):
    member = await signed_in("member")
    other = await signed_in("member")  # the same person on another computer
    profile = await member.get("/admin/profile")
    assert "Current password" in profile.text
    change = {"new_password": NEW, "new_password_again": NEW}

    before = await fingerprint()
    wrong = await member.post("/admin/profile/password", {**change, "current_password": "guess"})
    assert wrong.status_code == 400 and "Your current password is not right." in wrong.text
    differ = await member.post(
        "/admin/profile/password",
        {"current_password": PASSWORD, "new_password": NEW, "new_password_again": NEW + "!"},
    )
    assert differ.status_code == 400 and "The two new passwords differ." in differ.text
    short = await member.post(
        "/admin/profile/password",
        {"current_password": PASSWORD, "new_password": "short", "new_password_again": "short"},
    )
    assert short.status_code == 400 and "at least 12 characters" in short.text
    # Only the wrong-password counter moved; the password, sessions and audit did not.
    assert (await fingerprint())[1:] == before[1:]

    done = await member.post("/admin/profile/password", {**change, "current_password": PASSWORD})
    assert done.status_code == 303, done.text
    assert (await member.get("/admin/profile")).status_code == 200  # this session goes on
    assert (await other.get("/admin/profile")).status_code == 303  # the other one ended
    person = await Person.get(id=setting.person("member"))
    assert verify_password(person.password_hash, NEW)
    event = await AuditEvent.filter(action="person.change_password").get()
    assert event.subject_id == person.id and NEW not in event.summary


async def test_wrong_current_passwords_are_limited(setting, signed_in):
    member = await signed_in("member")
    change = {"current_password": "guess", "new_password": NEW, "new_password_again": NEW}
    for _ in range(5):
        assert (await member.post("/admin/profile/password", change)).status_code == 400
    refused = await member.post("/admin/profile/password", {**change, "current_password": PASSWORD})
    assert refused.status_code == 429 and "retry-after" in refused.headers
    person = await Person.get(id=setting.person("member"))
    assert verify_password(person.password_hash, PASSWORD)


async def test_a_reset_does_not_skip_two_factor(setting, browser):
    member_id = setting.person("member")
    await Person.filter(id=member_id).update(
        totp_secret=pyotp.random_base32(), totp_enabled_at=datetime.now(UTC)
    )
    await _forgot(browser(), "member@example.org")
    path = f"/admin/password/reset/{await _token(member_id, 'PASSWORD_RESET')}"
    http = browser()
    done = await _set(http, path, NEW)
    # The password is set, but the session waits for the code, at sign-in.
    assert done.status_code == 303 and done.headers["location"] == "/admin/sign-in"
    assert "indaba_session=" not in done.headers.get("set-cookie", "")
    assert (await http.get("/admin/")).status_code == 303
    assert verify_password((await Person.get(id=member_id)).password_hash, NEW)
