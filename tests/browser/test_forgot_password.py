""" "Forgot your password?" in a real browser: from the sign-in page, the address, the link
the email carries (read from the live server's outbox, as the worker would, and made into
a URL by the email's own builder), a new password, and the person is signed in; the old
password no longer works and the link is spent."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import sqlite3
from collections.abc import Iterator

import pytest
from playwright.async_api import Browser, expect

from demo import DEMO_PASSWORD
from governance.models.account_links import LinkPurpose
from server.account_mail import link_url
from tests.browser.conftest import screenshot
from tests.live import LiveServer, live_server

pytestmark = pytest.mark.browser

NEW = "my brand new password"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """This module's own server: it changes an account's password."""
    with live_server(tmp_path_factory.mktemp("forgot")) as server:
        yield server


def _reset_token(live: LiveServer) -> str:
    """The token of the newest PASSWORD_RESET email waiting in the live server's outbox."""
    query = "SELECT payload FROM outbox WHERE topic = 'PASSWORD_RESET' ORDER BY id DESC LIMIT 1"
    if live.database_url.startswith("sqlite"):
        with sqlite3.connect(live.database_url.removeprefix("sqlite://")) as db:
            row = db.execute(query).fetchone()
        assert row, "no reset email queued"
        return str(json.loads(row[0])["token"])
    import asyncpg

    async def read() -> str:
        url = live.database_url.replace("postgres://", "postgresql://", 1)
        connection = await asyncpg.connect(url)
        try:
            payload = await connection.fetchval(query)
        finally:
            await connection.close()
        assert payload, "no reset email queued"
        return str(json.loads(payload)["token"])

    # This test runs inside the suite's event loop: the read gets a loop of its own.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(read())).result()


async def test_forgot_password_then_the_link_then_a_new_password_signs_in(
    live: LiveServer, chromium: Browser
):
    context = await chromium.new_context(base_url=live.url)
    context.set_default_timeout(15_000)
    refusals: list[str] = []
    page = await context.new_page()
    page.on(
        "console",
        lambda m: refusals.append(m.text) if "Content Security Policy" in m.text else None,
    )

    await page.goto("/admin/sign-in")
    await page.get_by_role("link", name="Forgot your password?").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Forgot your password?")
    await page.get_by_label("Email address").fill("member@example.org")
    await page.get_by_role("button", name="Send me a link").click()
    await expect(page.get_by_role("status")).to_contain_text("If an account uses that address")

    url = link_url(live.url, LinkPurpose.PASSWORD_RESET, _reset_token(live))
    await page.goto(url)
    await expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    await page.get_by_label("New password").fill(NEW)
    await page.get_by_label("The same password again").fill(NEW)
    await screenshot(page, "password-reset")
    await page.get_by_role("button", name="Set my new password").click()
    await page.wait_for_url("**/admin/")
    await expect(page.get_by_role("link", name="Lerato Maseko")).to_be_visible()  # signed in

    # Spent: the same link now says so.
    await page.goto(url)
    await expect(page.get_by_role("heading", level=1)).to_have_text("This link no longer works")

    # The old password no longer opens the account; the new one does.
    other = await chromium.new_context(base_url=live.url)
    fresh = await other.new_page()
    await fresh.goto("/admin/sign-in")
    await fresh.get_by_label("Email address").fill("member@example.org")
    await fresh.get_by_label("Password").fill(DEMO_PASSWORD)
    await fresh.get_by_role("button", name="Sign in").click()
    await expect(fresh.get_by_role("alert")).to_contain_text("do not match an account")
    await fresh.get_by_label("Password").fill(NEW)
    await fresh.get_by_role("button", name="Sign in").click()
    await fresh.wait_for_url("**/admin/")
    await other.close()
    await context.close()
    assert refusals == [], refusals
