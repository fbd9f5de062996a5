"""A list searched as you type, then a result opened with a person's click, the button held a
moment as hands do. The search box's change event, fired when that press takes the focus from
it, used to send the same search again; its answer replaced the results under the pointer
between the press and the release, and the click, its two halves now on different links, was
lost: the person stayed on the list."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import expect

from tests.browser.conftest import OpenAs

pytestmark = pytest.mark.browser

HELD_MS = 300


@pytest.mark.parametrize(
    ("listing", "search_label", "query", "heading"),
    [
        ("/admin/decisions", "Search reference, title or text", "SC-2026-001", "SC-2026-001"),
        (
            "/admin/meetings",
            "Title contains",
            "third quarterly",
            "MCPP Steering Committee: third quarterly meeting",
        ),
        (
            "/admin/agreements",
            "Title contains",
            "Musina",
            "Musina spatial development framework review",
        ),
    ],
)
async def test_a_result_clicked_right_after_a_search_opens(
    open_as: OpenAs, listing: str, search_label: str, query: str, heading: str
):
    page = await open_as("secretary")
    await page.goto(listing)
    await page.get_by_label(search_label).fill(query)
    results = page.locator("#results")
    await expect(results.get_by_role("row")).to_have_count(2)  # the header and the one found
    searches: list[str] = []
    page.on("request", lambda request: searches.append(request.url) if "?" in request.url else None)

    link = results.get_by_role("row").nth(1).get_by_role("link")
    await link.hover()  # the pointer on the link's text, even where a long title wraps
    await page.mouse.down()
    await page.wait_for_timeout(HELD_MS)
    await page.mouse.up()

    await expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    assert searches == [], "taking the focus from the search box searched again"


async def test_choosing_a_filter_still_searches_at_once(open_as: OpenAs):
    page = await open_as("secretary")
    await page.goto("/admin/meetings")
    results = page.locator("#results")
    await expect(results).to_contain_text("MCPP Steering Committee: third quarterly meeting")
    search = page.get_by_role("search", name="Find meetings")
    await search.get_by_label("Body").select_option(
        label="Cadre de concertation commune-secteur privé de Kati"
    )
    await expect(page).to_have_url(re.compile(r"[?&]body=\d+"))
    await expect(results).not_to_contain_text("MCPP Steering Committee")
