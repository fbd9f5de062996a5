"""The dashboard in a real browser: what waits for the demo's chair, each a link that leads
to where it is done, and gone from the list once done."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.browser.conftest import OpenAs, screenshot

pytestmark = pytest.mark.browser

MEETING = "MCPP Steering Committee: second quarterly meeting"
BALLOT = "Nominate the MCPP representative to the district water task team"


async def test_the_dashboard_lists_what_waits_for_the_chair(open_as: OpenAs):
    page = await open_as("chair")
    waiting = page.locator("#waiting-count")
    minutes = page.locator("#waiting-minutes")
    ballots = page.locator("#waiting-ballots")
    recommendations = page.locator("#waiting-recommendations")

    # The demo's chair: circulated minutes to approve, a ballot to cast, two
    # recommendations for the committee to answer, an action item due this week.
    await expect(minutes.locator(".count")).to_have_text("1")
    await expect(ballots.locator(".count")).to_have_text("1")
    await expect(recommendations.locator(".count")).to_have_text("2")
    await expect(page.locator("#waiting-due-soon .count")).to_have_text("1")
    await expect(waiting).to_have_text("5")
    await expect(recommendations).to_contain_text(
        "A standardized KPI framework and digital dashboard"
    )
    # Updates are the communications team's to review: no such group for the chair.
    await expect(page.locator("#waiting-updates")).to_have_count(0)
    await screenshot(page, "dashboard-waiting")

    # The minutes' link leads to them; approved, they wait no more.
    await minutes.get_by_role("link", name=MEETING).click()
    # The meeting's own heading (the minutes' preview beside the editor has headings too).
    await expect(page.locator("#status").get_by_role("heading", level=1)).to_have_text(MEETING)
    await page.locator("#minutes").get_by_role("button", name="Approve the minutes").click()
    await expect(page.locator("#h-minutes")).to_contain_text("Approved")
    await page.get_by_role("navigation").get_by_role("link", name="Dashboard").click()
    await expect(minutes.locator(".count")).to_have_text("0")
    await expect(minutes).to_contain_text("No minutes await your approval.")
    await expect(waiting).to_have_text("4")

    # The ballot's link leads to the ballot (a secret one); once the chair has voted, it is
    # gone.
    await ballots.get_by_role("link", name=BALLOT).click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(BALLOT)
    await page.get_by_role("button", name="Vote For").click()
    await expect(page.get_by_text("Your vote is recorded")).to_be_visible()
    await page.get_by_role("navigation").get_by_role("link", name="Dashboard").click()
    await expect(ballots.locator(".count")).to_have_text("0")
    await expect(ballots).not_to_contain_text(BALLOT)
    await expect(waiting).to_have_text("3")
