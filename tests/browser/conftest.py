"""Playwright driving Debian's chromium against a real server with the demo programme loaded."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import pytest
import pytest_asyncio
from playwright.async_api import Browser, Dialog, Page, async_playwright

from demo import DEMO_PASSWORD
from tests.live import LiveServer, live_server

ROOT = Path(__file__).resolve().parent.parent.parent
SHOTS = ROOT / "test-output" / "screenshots"
DOCS = ROOT / "docs"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(tmp_path_factory.mktemp("browser")) as server:
        yield server


# The async API, on pytest-asyncio's session loop: the sync API runs a loop of its own,
# which then refuses the suite's async fixtures.
@pytest_asyncio.fixture(scope="module")
async def chromium() -> AsyncIterator[Browser]:
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run .ci/install-chromium (make test does).")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=ARGS
        )
        yield browser
        await browser.close()


OpenAs = Callable[..., Awaitable[Page]]


async def accept(dialog: Dialog) -> None:
    await dialog.accept()


@pytest_asyncio.fixture
async def open_as(live: LiveServer, chromium: Browser) -> AsyncIterator[OpenAs]:
    """A signed-in page in its own browser context (its own cookies), per demo account.

    Every page must end the test without a Content-Security-Policy violation."""
    opened = []

    async def sign_in(account: str, *, width: int = 1280, height: int = 900) -> Page:
        context = await chromium.new_context(
            base_url=live.url, viewport={"width": width, "height": height}
        )
        context.set_default_timeout(15_000)
        page = await context.new_page()
        refusals: list[str] = []
        page.on(
            "console",
            lambda message: (
                refusals.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        page.on("dialog", accept)  # confirm() before approving, closing a ballot...
        await page.goto("/admin/sign-in")
        await page.get_by_label("Email address").fill(f"{account}@example.org")
        await page.get_by_label("Password").fill(DEMO_PASSWORD)
        await page.get_by_role("button", name="Sign in").click()
        await page.wait_for_url("**/admin/")
        opened.append((context, refusals))
        return page

    yield sign_in
    for context, refusals in opened:
        await context.close()
        assert refusals == [], refusals


async def screenshot(page: Page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    # caret="initial": Playwright hides the text caret by injecting a <style>, which the
    # admin's CSP (style-src 'self') refuses, and the refusal collector above would fail
    # the test on a page with a text field.
    await page.screenshot(path=str(path), full_page=True, caret="initial")
    return path


def publish_screenshot(path: Path, name: str) -> None:
    """Copy a screenshot into docs/ for the README: when it is missing, or when asked with
    INDABA_UPDATE_DOCS=1 (the demo's dates move every day; a test run should not dirty git)."""
    target = DOCS / name
    if target.exists() and os.environ.get("INDABA_UPDATE_DOCS") != "1":
        return
    DOCS.mkdir(exist_ok=True)
    shutil.copyfile(path, target)
