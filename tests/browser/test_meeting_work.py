"""The secretariat's daily meeting work in a real browser: a meeting's time corrected and its
agenda reordered from the keyboard, "all present" in one click, and approved minutes
freezing the attendance (no buttons on the page, and the API refuses)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import Page, expect

from tests.browser.conftest import OpenAs, screenshot

pytestmark = pytest.mark.browser

WORKSHOP = "MCPP annual planning and learning workshop"
FIRST = "Learning from the first year: functionality of teams"
SECOND = "Co-design of next year's interventions with partners"


async def graphql(page: Page, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    """The API as the signed-in person, from their page (the session and its CSRF token)."""
    return await page.evaluate(
        """async ([query, variables]) => {
            const token = document.querySelector("meta[name=csrf-token]").content;
            const response = await fetch("/graphql", {
                method: "POST",
                headers: {"Content-Type": "application/json", "X-CSRF-Token": token},
                body: JSON.stringify({query, variables}),
            });
            return await response.json();
        }""",
        [query, variables],
    )


async def test_the_secretary_corrects_a_meetings_time_and_reorders_its_agenda(open_as: OpenAs):
    page = await open_as("secretary")
    await page.goto("/admin/meetings")
    await page.get_by_role("link", name=WORKSHOP).click()

    # The time: the panel opens with the focus in its first field.
    status = page.locator("#status")
    await status.get_by_text("Correct the title, time or place").click()
    await expect(status.get_by_label("Title")).to_be_focused()
    # Typed on the clocks of the body, which meets in Johannesburg (the label says so).
    await status.get_by_label("Starts (Africa/Johannesburg)").fill("2031-03-04T10:30")
    await status.get_by_label("Location").fill("Polokwane, Limpopo")
    await status.get_by_label("Location").press("Enter")  # Enter submits
    # The workshop's end is still on its old day: refused, with the reason, nothing changed.
    await expect(page.locator("#flash")).to_contain_text("the end must not come before the start")
    await expect(status.locator(".meta")).not_to_contain_text("2031")
    await status.get_by_label("Ends (Africa/Johannesburg)").fill("2031-03-04T16:00")
    await status.get_by_label("Ends (Africa/Johannesburg)").press("Enter")
    await expect(status.locator(".meta")).to_contain_text("4 Mar 2031, 10:30 Africa/Johannesburg")
    await expect(status.locator(".meta")).to_contain_text("Polokwane, Limpopo")
    await expect(page.locator("#flash")).to_contain_text("The meeting is corrected.")

    # The agenda: the first item moved down from the keyboard, and the focus stays with it.
    agenda = page.locator("#agenda ol.agenda > li > strong")
    await expect(agenda.first).to_have_text(FIRST)
    await page.get_by_role("button", name=f"Move down: {FIRST}").focus()
    await page.keyboard.press("Enter")
    await expect(agenda.nth(0)).to_have_text(SECOND)
    await expect(agenda.nth(1)).to_have_text(FIRST)
    await expect(page.get_by_role("button", name=f"Move up: {FIRST}")).to_be_focused()

    # With a mouse, an item dragged onto another takes its place.
    items = page.locator("#agenda ol.agenda > li")
    await items.nth(1).drag_to(items.nth(0))
    await expect(agenda.nth(0)).to_have_text(FIRST)
    await expect(agenda.nth(1)).to_have_text(SECOND)
    await items.nth(0).drag_to(items.nth(1))
    await expect(agenda.nth(0)).to_have_text(SECOND)
    await screenshot(page, "meeting-corrected")

    # As it is stored: a fresh page shows the same.
    await page.reload()
    await expect(page.locator("#status .meta")).to_contain_text(
        "4 Mar 2031, 10:30 Africa/Johannesburg"
    )
    await expect(agenda.nth(0)).to_have_text(SECOND)


async def test_all_present_in_one_click(open_as: OpenAs):
    page = await open_as("secretary")
    await page.goto("/admin/meetings")
    await page.get_by_role("link", name="MCPP Steering Committee: third quarterly meeting").click()
    attendance = page.locator("#attendance")
    await expect(attendance.locator(".quorum")).to_contain_text("no quorum")
    await attendance.get_by_role("button", name="All present").click()
    present = attendance.get_by_role("button", name="Present: ", exact=False)
    await expect(present.first).to_have_attribute("aria-pressed", "true")
    for button in await present.all():
        await expect(button).to_have_attribute("aria-pressed", "true")
    await expect(attendance.locator(".quorum")).to_contain_text("7 of 7 voting members present")
    await expect(attendance.get_by_role("button", name="All present")).to_have_count(0)


ATTEND = """mutation($m: ID!, $p: ID!) {
  recordAttendance(meetingId: $m, entries: [{personId: $p, status: ABSENT}]) { id }
}"""
FIND = """query { meetings(first: 50, from: "2000-01-01T00:00:00Z") {
  edges { node { id title attendance { person { id } status } } } } }"""


async def test_approving_the_minutes_freezes_the_attendance(open_as: OpenAs):
    title = "MCPP Steering Committee: second quarterly meeting"
    secretary = await open_as("secretary")
    await secretary.goto("/admin/meetings?when=past")
    await secretary.get_by_role("link", name=title).click()
    attendance = secretary.locator("#attendance")
    await expect(
        attendance.get_by_role("button", name="Present: ", exact=False).first
    ).to_be_visible()

    chair = await open_as("chair")
    await chair.goto("/admin/meetings?when=past")
    await chair.get_by_role("link", name=title).click()
    await chair.get_by_role("button", name="Approve the minutes").click()
    await expect(chair.locator("#h-minutes")).to_contain_text("Approved")

    # The secretary's page, drawn again: the attendance as recorded, and nothing to press.
    await secretary.reload()
    await expect(secretary.locator("#agenda")).to_contain_text(
        "the agenda and the attendance are frozen"
    )
    await expect(attendance.get_by_role("button")).to_have_count(0)
    await expect(secretary.locator("#agenda").get_by_role("button")).to_have_count(0)
    await expect(secretary.get_by_text("Add an agenda item")).to_have_count(0)
    await expect(attendance).to_contain_text("Present")
    await screenshot(secretary, "attendance-frozen")

    # And the API refuses the same change.
    found = await graphql(secretary, FIND, {})
    meeting = next(
        e["node"] for e in found["data"]["meetings"]["edges"] if e["node"]["title"] == title
    )
    person = meeting["attendance"][0]["person"]["id"]
    refused = await graphql(secretary, ATTEND, {"m": meeting["id"], "p": person})
    assert [e["extensions"]["code"] for e in refused["errors"]] == ["INVALID_TRANSITION"]
    assert "frozen" in refused["errors"][0]["message"]
