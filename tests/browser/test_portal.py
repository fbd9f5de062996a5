"""The public portal in a real browser, as the public meets it: every page checked by
axe-core (vendored, tests/browser/vendor/) with no serious or critical violation; the
register searched and a body's page reached with JavaScript off; the home page, a
decision and a body photographed (test-output/screenshots/, the home page in the README)."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
from playwright.async_api import Browser, BrowserContext, expect

from tests.browser.conftest import SHOTS, publish_screenshot, screenshot
from tests.live import LiveServer

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
# WCAG 2.1 A and AA, and axe's best practices (landmarks, one h1, headings in order).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
GRAVE = {"serious", "critical"}
LINK = re.compile(r'href="(/(?:updates|decisions|bodies|meetings|agreements)/[^"?#]+)"')


def portal_pages(live: LiveServer) -> dict[str, str]:
    """One page of each kind, found as the public finds them: by the links of the pages."""
    found = {
        "home": "/",
        "updates": "/updates",
        "register": "/decisions",
        "search": "/decisions?q=water",
        "indicators": "/indicators",
        "open data": "/open-data",
        "not found": "/decisions/NO-SUCH-0000",
    }
    seen: list[str] = []
    for start in ("/", "/decisions", "/bodies/mcpp-steering-committee"):
        seen += LINK.findall(httpx.get(live.url + start, timeout=10).text)
    for kind in ("updates", "decisions", "bodies", "meetings", "agreements"):
        found[kind[:-1]] = next(path for path in seen if path.startswith(f"/{kind}/"))
    found["body"] = "/bodies/mcpp-steering-committee"
    found["decision"] = next(path for path in seen if path.startswith("/decisions/SC-"))
    return found


@pytest_asyncio.fixture
async def public(live: LiveServer, chromium: Browser) -> AsyncIterator[BrowserContext]:
    """A visitor with no account. axe is added to each page as a script, which the
    portal's CSP (script-src 'self') would refuse: this context bypasses it for axe alone."""
    context = await chromium.new_context(
        base_url=live.url, viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    context.set_default_timeout(15_000)
    yield context
    await context.close()


async def test_every_portal_page_passes_axe_with_no_serious_violation(live, public):
    page = await public.new_page()
    report = {}
    found: dict[str, list[dict[str, object]]] = {}  # every violation, for test-output/
    for name, path in portal_pages(live).items():
        response = await page.goto(path)
        assert response is not None and response.status == (404 if name == "not found" else 200)
        await page.add_script_tag(path=str(AXE))
        result = await page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        assert result["testEngine"]["version"] == "4.14.1"
        assert result["passes"], name  # axe ran and checked something
        found[path] = [
            {"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"])}
            for v in result["violations"]
        ]
        grave = [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in result["violations"]
            if v["impact"] in GRAVE
        ]
        if grave:
            report[f"{name} ({path})"] = grave
    # The check can fail: an image without a text alternative is a critical violation.
    await page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/favicon.ico\">')"
    )
    broken = await page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    assert ("image-alt", "critical") in {(v["id"], v["impact"]) for v in broken["violations"]}
    SHOTS.parent.mkdir(parents=True, exist_ok=True)
    (SHOTS.parent / "axe-portal.json").write_text(json.dumps(found, indent=2))
    assert report == {}


async def test_the_portal_works_without_javascript(live: LiveServer, chromium: Browser):
    context = await chromium.new_context(base_url=live.url, java_script_enabled=False)
    context.set_default_timeout(15_000)
    refusals: list[str] = []
    page = await context.new_page()
    page.on(
        "console",
        lambda m: refusals.append(m.text) if "Content Security Policy" in m.text else None,
    )
    await page.goto("/")
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "The partnership's public record"
    )
    shot = await screenshot(page, "portal-home")
    publish_screenshot(shot, "portal-home.png")

    await (
        page.get_by_role("navigation", name="Public record")
        .get_by_role("link", name="Decisions")
        .click()
    )
    await page.get_by_label("Search the register").fill("tankering")
    await page.get_by_role("button", name="Search").click()
    await expect(page).to_have_url(re.compile(r"/decisions\?q=tankering"))
    rows = page.locator("tbody tr")
    await expect(rows).to_have_count(1)
    await rows.get_by_role("link").first.click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "Emergency water tankering for Thabazimbi"
    )
    await screenshot(page, "portal-decision")

    await page.get_by_role("main").get_by_role("link", name="MCPP Steering Committee").first.click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("MCPP Steering Committee")
    await expect(page.get_by_role("heading", name="Members")).to_be_visible()
    await expect(page.locator("main")).to_contain_text("Africa/Johannesburg")
    await screenshot(page, "portal-body")
    await context.close()
    assert refusals == []
