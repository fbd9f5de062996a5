"""Minutes written per agenda item in a real browser: each area saves as the secretary
types, and the preview beside the editor shows the minutes as they will read."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.browser.conftest import OpenAs, screenshot

pytestmark = pytest.mark.browser

MEETING = "MCPP Steering Committee: third quarterly meeting"
TUBATSE = "Infrastructure lifecycle management: Tubatse asset register and maintenance plan"


async def test_minutes_are_written_per_agenda_item_with_the_preview(open_as: OpenAs):
    page = await open_as("secretary")
    await page.get_by_role("navigation").get_by_role("link", name="Meetings").click()
    await page.get_by_role("link", name=MEETING).click()
    status = page.locator("#minutes-status")
    preview = page.locator("#minutes-preview")
    # Before anything is written: the agenda's items, numbered, in the preview.
    await expect(preview.get_by_role("heading", name=f"4. {TUBATSE}")).to_be_visible()
    await expect(status).to_contain_text("Not saved yet")

    general = page.get_by_label("Minutes, in Markdown (saved as you type)")
    await general.fill("**Present:** the chair, the secretary and five members.")
    # The preview follows the typing, rendered (no raw `**`), and the save follows it.
    await expect(preview.locator("strong")).to_have_text("Present:")
    await expect(status).to_contain_text("Saved version 1")

    tubatse = page.get_by_label(f"4. {TUBATSE}")
    await tubatse.fill("The committee *noted* the progress report.")
    await tubatse.press("End")
    await tubatse.press_sequentially("\n\n- Co-funding: **approved in principle**")
    item = preview.locator("section.minutes-item").nth(3)
    await expect(item.get_by_role("heading")).to_have_text(f"4. {TUBATSE}")
    await expect(item.locator("em")).to_have_text("noted")
    await expect(item.locator("li strong")).to_have_text("approved in principle")
    await expect(preview).not_to_contain_text("**")
    await expect(status).to_contain_text("Saved version")
    # Every area is sent with each save, so a save after the last keystroke keeps all.
    opening = page.get_by_label("1. Adoption of the minutes of the second quarterly meeting")
    async with page.expect_response(
        lambda r: (
            r.request.method == "POST"
            and r.url.endswith("/minutes")
            and "adopted" in (r.request.post_data or "")
        )
    ) as saved:
        await opening.fill("The minutes of the second quarterly meeting were adopted.")
    assert (await saved.value).ok
    await expect(preview.locator("section.minutes-item").first).to_contain_text("were adopted")
    await expect(status).to_contain_text("Saved version")
    await screenshot(page, "minutes-sections")

    # Everything written is kept: a reload shows each area's text and the preview.
    await page.reload()
    await expect(page.get_by_label(f"4. {TUBATSE}")).to_have_value(
        "The committee *noted* the progress report.\n\n- Co-funding: **approved in principle**"
    )
    await expect(
        page.get_by_label("1. Adoption of the minutes of the second quarterly meeting")
    ).to_have_value("The minutes of the second quarterly meeting were adopted.")
    await expect(page.locator("#minutes-preview strong").first).to_have_text("Present:")
