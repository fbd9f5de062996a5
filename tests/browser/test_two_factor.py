"""Two-factor sign-in in a real browser: a person enrols from their profile (the code typed
from the secret the page shows, as an authenticator app would make it), signs in with a
code and with a recovery code, and is refused a code used before; on this server admins
must use two-factor (INDABA_REQUIRE_2FA=admin) and enrol before their first session."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pyotp
import pytest
from playwright.async_api import Browser, Page, expect

from demo import DEMO_PASSWORD
from tests.browser.conftest import OpenAs, screenshot
from tests.live import LiveServer, live_server

pytestmark = pytest.mark.browser

WRONG_OR_USED = "That code is not right, or was already used."


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """This module's own server (it changes accounts), where admins must use two-factor."""
    with live_server(
        tmp_path_factory.mktemp("two-factor"), env={"INDABA_REQUIRE_2FA": "admin"}
    ) as server:
        yield server


async def password(page: Page, account: str) -> None:
    await page.goto("/admin/sign-in")
    await page.get_by_label("Email address").fill(f"{account}@example.org")
    await page.get_by_label("Password").fill(DEMO_PASSWORD)
    await page.get_by_role("button", name="Sign in").click()


async def code(page: Page, value: str) -> None:
    await page.wait_for_url("**/admin/sign-in/code")
    await page.get_by_label("Code", exact=True).fill(value)
    await page.get_by_role("button", name="Sign in").click()


async def sign_out(page: Page) -> None:
    await page.get_by_role("button", name="Sign out").click()
    await page.wait_for_url("**/admin/sign-in")


async def test_a_person_enrols_and_signs_in_with_a_code_then_a_recovery_code(open_as: OpenAs):
    page = await open_as("secretary")
    await page.get_by_role("link", name="Sipho Ndlovu").click()  # the account box
    await expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    await page.get_by_role("link", name="Set up two-factor sign-in").click()
    await expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    secret = (await page.locator("#totp-secret").inner_text()).replace(" ", "")
    app = pyotp.TOTP(secret)  # what the phone would show
    await screenshot(page, "two-factor-setup")

    await page.get_by_label("The 6-digit code the app shows").fill("000000")
    await page.get_by_role("button", name="Turn on two-factor sign-in").click()
    await expect(page.get_by_role("alert")).to_contain_text(WRONG_OR_USED)
    await page.get_by_label("The 6-digit code the app shows").fill(app.now())
    await page.get_by_role("button", name="Turn on two-factor sign-in").click()
    await expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    recovery = await page.locator("#recovery-codes li").all_inner_texts()
    assert len(set(recovery)) == 10
    await screenshot(page, "two-factor-recovery-codes")

    # The password alone no longer signs in: a code from the app does. (The current one
    # was spent turning two-factor on; the app's next one is accepted a step early.)
    await sign_out(page)
    await password(page, "secretary")
    next_code = app.at(time.time() + 30)
    await code(page, next_code)
    await page.wait_for_url("**/admin/")
    await expect(page.get_by_role("heading", name="My bodies")).to_be_visible()

    # A code is good once.
    await sign_out(page)
    await password(page, "secretary")
    await code(page, next_code)
    await expect(page.get_by_role("alert")).to_contain_text(WRONG_OR_USED)
    await expect(page).to_have_url(re.compile(r"/admin/sign-in/code$"))

    # A recovery code stands in for the phone, once.
    await code(page, recovery[0])
    await page.wait_for_url("**/admin/")
    await sign_out(page)
    await password(page, "secretary")
    await code(page, recovery[0])
    await expect(page.get_by_role("alert")).to_contain_text(WRONG_OR_USED)
    await code(page, recovery[1])
    await page.wait_for_url("**/admin/")
    await page.get_by_role("link", name="Sipho Ndlovu").click()
    await expect(page.locator("#two-factor")).to_contain_text("8 recovery codes left")


async def test_an_admin_enrols_before_their_first_session(live: LiveServer, chromium: Browser):
    context = await chromium.new_context(base_url=live.url)
    context.set_default_timeout(15_000)
    refusals: list[str] = []
    page = await context.new_page()
    page.on(
        "console",
        lambda message: (
            refusals.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    try:
        await password(page, "admin")
        await page.wait_for_url("**/admin/sign-in/two-factor")
        await expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
        # No session yet: the admin's pages send them back to sign in.
        await page.goto("/admin/people")
        await expect(page).to_have_url(re.compile(r"/admin/sign-in\?next="))

        await page.goto("/admin/sign-in/two-factor")
        secret = (await page.locator("#totp-secret").inner_text()).replace(" ", "")
        await page.get_by_label("The 6-digit code the app shows").fill(pyotp.TOTP(secret).now())
        await page.get_by_role("button", name="Turn on two-factor sign-in").click()
        await expect(page.get_by_role("heading", name="Two-factor sign-in is on")).to_be_visible()
        await expect(page.locator("#recovery-codes li")).to_have_count(10)
        await page.get_by_role("link", name="I have saved my recovery codes: continue").click()
        await page.wait_for_url("**/admin/")

        await page.get_by_role("link", name="Naledi Mokoena").click()
        await expect(page.locator("#two-factor")).to_contain_text("it stays on")
        await expect(page.get_by_role("button", name="Turn off two-factor sign-in")).to_have_count(
            0
        )
        await screenshot(page, "two-factor-required")
    finally:
        await context.close()
    assert refusals == [], refusals
