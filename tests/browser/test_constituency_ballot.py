"""A constituency ballot in a real browser: the MCPP steering committee's secretary tables a
motion that each constituency must agree to, runs the ballot and closes it; the ballot screen
shows one row per constituency, and the outcome recorded is the rule's within each."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import expect

from tests.browser.conftest import OpenAs, screenshot

pytestmark = pytest.mark.browser


async def test_a_constituency_ballot_is_run_and_closed(open_as: OpenAs):
    page = await open_as("secretary")
    await page.goto("/admin/meetings?when=all")
    await page.get_by_role(
        "link", name="Special meeting: Thabazimbi water supply interruption"
    ).click()

    motions = page.locator("#motions")
    await motions.get_by_text("Propose a motion").click()
    await motions.get_by_label("Title").fill("Share the cost of water tankering")
    await motions.get_by_label("Text of the motion").fill(
        "The partners and the municipalities share the cost of water tankering in Thabazimbi."
    )
    await motions.get_by_label("Each constituency must agree").check()
    await motions.get_by_role("button", name="Propose").click()
    await page.wait_for_url(re.compile(r"/admin/motions/\d+$"))
    await expect(page.locator(".meta")).to_contain_text("within each constituency too")
    await page.get_by_role("button", name="Open voting").click()

    # One row per constituency, each with its members on the roll (De Beers sent apologies
    # but is on the roll; the secretary holds no constituency's seat).
    table = page.locator("table.constituencies")
    await expect(table.locator("tbody th")).to_have_text(
        ["Government", "Industry", "Municipalities"]
    )
    await expect(table.locator("tbody tr").nth(1).locator("td")).to_have_text(
        ["0", "0", "0", "4", "—"]
    )

    for choice, name in (
        ("For", "Thandiwe Mahlangu"),
        ("For", "Nomvula Sithole"),
        ("For", "Lerato Maseko"),
        ("For", "Johan Pretorius"),
        ("Against", "Mpho Baloyi"),
        ("Abstain", "Tshepo Mashego"),
    ):
        await page.get_by_role("button", name=f"{choice}: {name}").click()
        await expect(page.get_by_role("button", name=f"{choice}: {name}")).to_have_attribute(
            "aria-pressed", "true"
        )
    await expect(page.locator("#tally")).to_contain_text("6 of 7 voted")
    await expect(table.locator("tbody tr").nth(2).locator("td")).to_have_text(
        ["0", "1", "1", "2", "—"]
    )

    # Carried over all votes, 4 to 1; not within the municipalities.
    await page.get_by_role("button", name="Close voting and count").click()
    await expect(page.locator(".outcome")).to_contain_text("Outcome: Rejected")
    rows = page.locator("table.constituencies tbody tr")
    await expect(rows).to_have_count(3)
    await expect(rows.nth(0).locator("td")).to_have_text(["1", "0", "0", "1", "Yes"])
    await expect(rows.nth(1).locator("td")).to_have_text(["3", "0", "0", "4", "Yes"])
    await expect(rows.nth(2).locator("td")).to_have_text(["0", "1", "1", "2", "No"])
    await screenshot(page, "constituency-ballot")
