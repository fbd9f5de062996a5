"""Two-factor sign-in through the admin: enrolling on the profile, the second step after
the password (no session before it), recovery codes, turning it off, and
INDABA_REQUIRE_2FA=admin."""

from __future__ import annotations

import re
import time
from dataclasses import replace

import httpx
import pyotp
import pytest_asyncio
from tortoise.expressions import F

from governance import two_factor
from governance.models import AuditEvent, Person
from server import sessions
from server.admin.sign_in import PENDING_COOKIE
from server.app import create_app
from tests.admin.helpers import CSRF_META, PASSWORD, SIGN_IN_TOKEN, SignedIn, sign_in, sign_in_form
from tests.graphql import gql

SECRET_TEXT = re.compile(r'id="totp-secret">([A-Z2-7 ]+)<')
ENROLMENT = re.compile(r'name="enrolment" value="([^"]+)"')
RECOVERY = re.compile(r"<li>([a-z2-9]{5}-[a-z2-9]{5})</li>")
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
STEP = 30


def now_code(secret: str = SECRET, offset: int = 0) -> str:
    return pyotp.TOTP(secret).at(time.time() + offset)


async def enrol(person_id: int) -> list[str]:
    """Two-factor on, as if set up a few minutes ago (today's codes are all unused)."""
    earlier = time.time() - 10 * STEP
    code = pyotp.TOTP(SECRET).at(earlier)
    return await two_factor.confirm_enrolment(person_id, SECRET, code, now=earlier)


async def password_step(http: httpx.AsyncClient, email: str, password: str = PASSWORD):
    token = await sign_in_form(http)
    return await http.post(
        "/admin/sign-in",
        data={"email": email, "password": password, "csrf_token": token, "next": "/admin/meetings"},
    )


async def code_step(http: httpx.AsyncClient, code: str, *, path: str = "/admin/sign-in/code"):
    page = await http.get(path)
    assert page.status_code == 200, page.text
    token = SIGN_IN_TOKEN.search(page.text).group(1)
    return await http.post(path, data={"code": code, "csrf_token": token})


async def sign_in_with_code(http: httpx.AsyncClient, email: str, code: str) -> SignedIn:
    assert (await password_step(http, email)).status_code == 303
    response = await code_step(http, code)
    assert response.status_code == 303, response.text
    dashboard = await http.get("/admin/")
    return SignedIn(http, CSRF_META.search(dashboard.text).group(1))


@pytest_asyncio.fixture
async def required(settings):
    """A browser on a service where platform admins must use two-factor."""
    app = create_app(replace(settings, require_2fa="admin"), manage_database=False)
    clients = []

    def open_browser() -> httpx.AsyncClient:
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        )
        clients.append(client)
        return client

    yield open_browser
    for client in clients:
        await client.aclose()


# ---------------------------------------------------------------- enrolling on the profile


async def test_anyone_enrols_from_their_profile(setting, browser):
    email = setting.world.people["participant"].email
    elsewhere = await sign_in(browser(), email)  # signed in with the password alone
    me = await sign_in(browser(), email)
    profile = await me.get("/admin/profile")
    assert profile.status_code == 200
    assert 'href="/admin/profile"' in profile.text  # from the account box
    assert "<strong>Off.</strong>" in profile.text

    setup = await me.get("/admin/profile/two-factor")
    svg = setup.text[setup.text.index("<svg") : setup.text.index("</svg>")]
    assert "<path" in svg and "script" not in svg and "style=" not in svg  # the CSP holds
    secret = SECRET_TEXT.search(setup.text).group(1).replace(" ", "")
    form = {"state": "on", "enrolment": ENROLMENT.search(setup.text).group(1)}

    # A wrong code: nothing is on, and the same QR code is shown again.
    wrong = await me.post("/admin/profile/two-factor", {**form, "code": "000000"})
    assert wrong.status_code == 400
    assert "not right" in wrong.text
    assert SECRET_TEXT.search(wrong.text).group(1).replace(" ", "") == secret
    assert not two_factor.enabled(await Person.get(id=setting.person("participant")))

    done = await me.post("/admin/profile/two-factor", {**form, "code": now_code(secret)})
    assert done.status_code == 200
    codes = RECOVERY.findall(done.text)
    assert len(set(codes)) == 10
    # Enrolling ended every session: this one goes on with a fresh cookie, the other is over.
    assert sessions.COOKIE in done.cookies
    again = await me.get("/admin/profile")
    assert "<strong>On</strong>" in again.text
    assert "10 recovery codes left" in again.text
    assert not any(code in again.text for code in codes)  # shown once
    assert (await elsewhere.get("/admin/")).status_code == 303
    assert (await AuditEvent.all().order_by("-seq").first()).action == "two_factor.enable"
    # The page carries the new session's CSRF token: its forms (signing out) work.
    me.csrf = CSRF_META.search(done.text).group(1)
    assert (await me.post("/admin/sign-out")).status_code == 303


async def test_a_form_drawn_for_someone_else_does_not_enrol_you(setting, signed_in):
    other = await signed_in("member")
    drawn = await other.get("/admin/profile/two-factor")
    secret = SECRET_TEXT.search(drawn.text).group(1).replace(" ", "")
    token = ENROLMENT.search(drawn.text).group(1)
    me = await signed_in("participant")
    response = await me.post(
        "/admin/profile/two-factor", {"state": "on", "enrolment": token, "code": now_code(secret)}
    )
    assert response.status_code == 400
    assert not two_factor.enabled(await Person.get(id=setting.person("participant")))


# ---------------------------------------------------------------- the second step


async def test_with_two_factor_the_password_alone_opens_nothing(setting, browser, client):
    person = setting.world.people["secretary"]
    await enrol(person.id)
    http = browser()
    response = await password_step(http, person.email)
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/sign-in/code"
    assert sessions.COOKIE not in http.cookies
    pending = next(c for c in response.headers.get_list("set-cookie") if PENDING_COOKIE in c)
    assert "httponly" in pending.lower() and "path=/admin/sign-in" in pending.lower()
    # The pending sign-in is no session: not for the admin, not for the API.
    assert (await http.get("/admin/")).status_code == 303
    client.cookies = http.cookies
    result = await gql(client, "{ viewer { isAnonymous } }")
    assert result.data["viewer"]["isAnonymous"] is True

    wrong = await code_step(http, "000000")
    assert wrong.status_code == 401
    assert "not right" in wrong.text
    assert sessions.COOKIE not in http.cookies

    right = await code_step(http, now_code())
    assert right.status_code == 303
    assert right.headers["location"] == "/admin/meetings"  # where they were going
    assert (await http.get("/admin/meetings")).status_code == 200


async def test_a_code_signs_in_once(setting, browser):
    person = setting.world.people["secretary"]
    await enrol(person.id)
    code = now_code()
    await sign_in_with_code(browser(), person.email, code)
    http = browser()
    assert (await password_step(http, person.email)).status_code == 303
    replayed = await code_step(http, code)
    assert replayed.status_code == 401
    assert sessions.COOKIE not in http.cookies


async def test_a_recovery_code_signs_in_once(setting, browser):
    person = setting.world.people["secretary"]
    codes = await enrol(person.id)
    signed = await sign_in_with_code(browser(), person.email, codes[0])
    assert (await signed.get("/admin/profile")).status_code == 200
    http = browser()
    await password_step(http, person.email)
    assert (await code_step(http, codes[0])).status_code == 401
    assert "9 recovery codes left" in (await signed.get("/admin/profile")).text


async def test_the_second_step_needs_its_own_form_and_a_live_sign_in(setting, browser):
    person = setting.world.people["secretary"]
    await enrol(person.id)
    http = browser()
    await password_step(http, person.email)
    forged = await http.post("/admin/sign-in/code", data={"code": now_code()})
    assert forged.status_code == 403
    assert sessions.COOKIE not in http.cookies
    # Signed out everywhere meanwhile (say, by an admin who saw the password leak): over.
    await Person.filter(id=person.id).update(session_version=F("session_version") + 1)
    response = await http.get("/admin/sign-in/code")
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/sign-in"
    # Nor is the code step a way into the enrolment step, or the other way round.
    assert (await http.get("/admin/sign-in/two-factor")).status_code == 303


async def test_wrong_codes_count_against_the_same_limit_as_passwords(setting, browser):
    person = setting.world.people["secretary"]
    await enrol(person.id)
    http = browser()
    await password_step(http, person.email)
    for _ in range(5):
        assert (await code_step(http, "000000")).status_code == 401
    refused = await code_step(http, now_code())
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 0
    assert sessions.COOKIE not in http.cookies
    # The password form from here is closed too: the same keys.
    assert (await password_step(browser(), person.email)).status_code == 429


# ---------------------------------------------------------------- turning it off


async def test_turning_it_off_takes_a_current_code(setting, browser):
    person = setting.world.people["secretary"]
    await enrol(person.id)
    me = await sign_in_with_code(browser(), person.email, now_code())
    wrong = await me.post("/admin/profile/two-factor", {"state": "off", "code": "000000"})
    assert wrong.status_code == 400
    assert two_factor.enabled(await Person.get(id=person.id))
    off = await me.post(
        "/admin/profile/two-factor", {"state": "off", "code": now_code(offset=STEP)}
    )
    assert off.status_code == 303
    assert "<strong>Off.</strong>" in (await me.get("/admin/profile")).text
    assert (await AuditEvent.all().order_by("-seq").first()).action == "two_factor.disable"
    # Back to the password alone.
    assert (await password_step(browser(), person.email)).headers["location"] == "/admin/meetings"


async def test_guessing_the_code_to_turn_it_off_is_throttled(setting, browser):
    person = setting.world.people["secretary"]
    await enrol(person.id)
    me = await sign_in_with_code(browser(), person.email, now_code())
    for _ in range(5):
        response = await me.post("/admin/profile/two-factor", {"state": "off", "code": "000000"})
        assert response.status_code == 400
    refused = await me.post(
        "/admin/profile/two-factor", {"state": "off", "code": now_code(offset=STEP)}
    )
    assert refused.status_code == 429
    assert "retry-after" in refused.headers
    assert two_factor.enabled(await Person.get(id=person.id))


# ---------------------------------------------------------------- INDABA_REQUIRE_2FA=admin


async def test_an_admin_must_enrol_before_any_session(setting, required):
    admin = setting.world.people["admin"]
    http = required()
    response = await password_step(http, admin.email)
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/sign-in/two-factor"
    assert sessions.COOKIE not in http.cookies
    assert (await http.get("/admin/")).status_code == 303

    page = await http.get("/admin/sign-in/two-factor")
    assert "Set up two-factor sign-in" in page.text and "<svg" in page.text
    secret = SECRET_TEXT.search(page.text).group(1).replace(" ", "")
    form = {
        "csrf_token": SIGN_IN_TOKEN.search(page.text).group(1),
        "enrolment": ENROLMENT.search(page.text).group(1),
    }
    wrong = await http.post("/admin/sign-in/two-factor", data={**form, "code": "000000"})
    assert wrong.status_code == 400
    assert sessions.COOKIE not in http.cookies
    assert SECRET_TEXT.search(wrong.text).group(1).replace(" ", "") == secret

    done = await http.post("/admin/sign-in/two-factor", data={**form, "code": now_code(secret)})
    assert done.status_code == 200
    assert len(RECOVERY.findall(done.text)) == 10
    assert 'href="/admin/meetings"' in done.text  # on to where they were going
    assert (await http.get("/admin/")).status_code == 200

    # From now on: the password, then a code. And it stays on.
    again = required()
    assert (await password_step(again, admin.email)).headers["location"] == "/admin/sign-in/code"
    profile = await http.get("/admin/profile")
    assert "it stays on" in profile.text
    csrf = CSRF_META.search(profile.text).group(1)
    off = await http.post(
        "/admin/profile/two-factor",
        data={"state": "off", "code": now_code(secret, STEP), "csrf_token": csrf},
    )
    assert off.status_code == 403
    assert two_factor.enabled(await Person.get(id=admin.id))


async def test_others_sign_in_with_their_password_where_admins_must_enrol(setting, required):
    http = required()
    response = await password_step(http, setting.world.people["chair"].email)
    assert response.headers["location"] == "/admin/meetings"
    assert sessions.COOKIE in http.cookies


async def test_an_admin_session_from_before_two_factor_was_required_ends(
    setting, browser, required
):
    """Turning INDABA_REQUIRE_2FA on does not wait for admins' sessions to expire."""
    before = await sign_in(browser(), setting.world.people["admin"].email)
    cookie = before.http.cookies[sessions.COOKIE]
    assert (await before.get("/admin/people")).status_code == 200

    now = required()
    now.cookies.set(sessions.COOKIE, cookie)
    page = await now.get("/admin/people")
    assert page.status_code == 303
    assert page.headers["location"].startswith("/admin/sign-in")
    graphql = await now.post("/graphql", json={"query": "{ viewer { isAnonymous } }"})
    assert graphql.json()["data"] == {"viewer": {"isAnonymous": True}}
