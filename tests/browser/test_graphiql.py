"""GraphiQL in a real browser: served from this origin, it runs the README's first query."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser, expect

from tests.browser.conftest import SHOTS
from tests.live import LiveServer

pytestmark = pytest.mark.browser


async def test_graphiql_runs_the_first_query_without_the_internet(
    live: LiveServer, chromium: Browser
):
    context = await chromium.new_context(base_url=live.url, viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    outside: list[str] = []
    csp: list[str] = []
    page.on(
        "request",
        lambda request: None if request.url.startswith(live.url) else outside.append(request.url),
    )
    page.on(
        "console",
        lambda message: (
            csp.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    try:
        await page.goto("/graphql")
        editor = page.locator(".graphiql-query-editor")
        await editor.wait_for(timeout=15_000)
        assert "query FirstLook" in await editor.inner_text()
        await page.locator("button.graphiql-execute-button").click()
        await expect(page.locator(".graphiql-response")).to_contain_text(
            "totalCount", timeout=15_000
        )
        # The response pane renders only its visible lines: the top of the answer.
        text = await page.locator(".graphiql-response").inner_text()
        assert '"isAnonymous": true' in text
        assert '"totalCount": 4' in text
        SHOTS.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(SHOTS / "graphiql.png"))
        assert outside == [], "GraphiQL must load nothing from outside this server"
        assert csp == []
    finally:
        await context.close()
