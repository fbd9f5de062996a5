"""The secretariat's admin in a real browser: the meeting from attendance to the register, the
chair approving minutes, an update published after a second officer's approval, and a
confidential meeting that someone outside the committee finds nowhere."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import expect

from tests.browser.conftest import OpenAs, publish_screenshot, screenshot

pytestmark = pytest.mark.browser

SAVED_AS_YOU_TYPE = "Minutes, in Markdown (saved as you type)"


async def test_the_secretary_runs_a_meeting_from_attendance_to_the_register(open_as: OpenAs):
    page = await open_as("secretary")
    await expect(page.get_by_role("heading", name="My bodies")).to_be_visible()
    await screenshot(page, "dashboard")

    await page.get_by_role("navigation").get_by_role("link", name="Meetings").click()
    await page.get_by_role("link", name="MCPP Steering Committee: third quarterly meeting").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "MCPP Steering Committee: third quarterly meeting"
    )

    # Attendance: one click per member; the quorum indicator follows.
    quorum = page.locator(".quorum")
    await expect(quorum).to_contain_text("no quorum")
    for name in ("Thandiwe Mahlangu", "Lerato Maseko", "Nomvula Sithole"):
        await page.get_by_role("button", name=f"Present: {name}").click()
        await expect(page.get_by_role("button", name=f"Present: {name}")).to_have_attribute(
            "aria-pressed", "true"
        )
    await page.get_by_role("button", name="Apologies: Refilwe Mokoena").click()
    await expect(page.get_by_role("button", name="Apologies: Refilwe Mokoena")).to_have_attribute(
        "aria-pressed", "true"
    )
    await expect(quorum).to_contain_text("3 of 7 voting members present")
    await expect(quorum).to_contain_text("quorum met")

    # Minutes: saved as the secretary types, version after version.
    editor = page.get_by_label(SAVED_AS_YOU_TYPE)
    await editor.fill("# Third quarterly meeting\n\nThe chair opened the meeting at nine.")
    await expect(page.locator("#minutes-status")).to_contain_text("Saved version 1")
    await editor.press("End")
    await editor.press_sequentially("\n\nThe Tubatse asset register report was noted.")
    await expect(page.locator("#minutes-status")).to_contain_text("Saved version 2")
    await editor.blur()
    publish_screenshot(await screenshot(page, "meeting-page"), "meeting-page.png")

    # A motion, put to the vote.
    motions = page.locator("#motions")
    await motions.get_by_text("Propose a motion").click()
    await motions.get_by_label("Title").fill("Approve the asset register terms of reference")
    await motions.get_by_label("Text of the motion").fill(
        "That the Steering Committee approves the terms of reference for the Tubatse "
        "infrastructure asset register."
    )
    await motions.get_by_label("Agenda item").select_option(
        label="Infrastructure lifecycle management: Tubatse asset register and maintenance plan"
    )
    await motions.get_by_role("button", name="Propose").click()
    await page.wait_for_url(re.compile(r"/admin/motions/\d+$"))
    await page.get_by_role("button", name="Open voting").click()
    tally = page.locator("#tally")
    await expect(tally).to_contain_text("0 of 7 voted")

    # Each member's vote, recorded with one click; the tally follows.
    for choice, name in (("For", "Thandiwe Mahlangu"), ("For", "Lerato Maseko")):
        await page.get_by_role("button", name=f"{choice}: {name}").click()
        await expect(page.get_by_role("button", name=f"{choice}: {name}")).to_have_attribute(
            "aria-pressed", "true"
        )
    await page.get_by_role("button", name="Against: Nomvula Sithole").click()
    await expect(tally).to_contain_text("3 of 7 voted")
    await expect(tally.locator("dd")).to_have_text(["2", "1", "0"])
    await screenshot(page, "motion")

    # Closing counts, decides, and records the decision.
    await page.get_by_role("button", name="Close voting and count").click()
    outcome = page.locator(".outcome")
    await expect(outcome).to_contain_text("Outcome: Adopted")
    reference = await outcome.get_by_role("link").inner_text()
    assert re.fullmatch(r"SC-\d{4}-\d{3}", reference), reference

    # The decision, in the register.
    await page.get_by_role("navigation").get_by_role("link", name="Decisions").click()
    await page.get_by_label("Search reference, title or text").fill(reference)
    results = page.locator("#results")
    await expect(results.get_by_role("row")).to_have_count(2)  # the header and the decision
    await expect(results).to_contain_text("Approve the asset register terms of reference")
    await screenshot(page, "decisions-register")
    await results.get_by_role("link", name=reference).click()
    await expect(page.get_by_role("heading", level=1)).to_contain_text(reference)


async def test_the_chair_approves_the_circulated_minutes(open_as: OpenAs):
    page = await open_as("chair")
    await page.goto("/admin/meetings?when=past")
    await page.get_by_role("link", name="MCPP Steering Committee: second quarterly meeting").click()
    minutes = page.locator("#minutes")
    await expect(page.locator("#h-minutes")).to_contain_text("Circulated")
    await minutes.get_by_role("button", name="Approve the minutes").click()
    await expect(page.locator("#h-minutes")).to_contain_text("Approved")
    # Approved minutes are frozen: no editor any more, the text as it stands.
    await expect(page.get_by_label(SAVED_AS_YOU_TYPE)).to_have_count(0)
    await expect(minutes).to_contain_text("Crisis communication protocol")
    await screenshot(page, "minutes-approved")


async def test_an_update_is_published_after_a_second_officers_approval(open_as: OpenAs):
    author = await open_as("comms")
    await author.get_by_role("navigation").get_by_role("link", name="Updates").click()
    draft = author.locator("form[action='/admin/updates']")
    await draft.get_by_label("Title").fill("Water supply restored in Thabazimbi")
    await draft.get_by_label("Text (Markdown)").fill(
        "The bulk supply is **restored**. Water tankers stand down on Friday."
    )
    await draft.get_by_role("button", name="Save the draft").click()
    await author.wait_for_url(re.compile(r"/admin/updates/\d+$"))
    address = author.url
    await author.get_by_role("button", name="Submit for review").click()
    await expect(
        author.get_by_text("Awaiting approval by a second communications officer")
    ).to_be_visible()
    await expect(author.get_by_role("button", name="Approve")).to_have_count(0)

    reviewer = await open_as("comms2")
    await reviewer.goto(address)
    await expect(reviewer.locator(".preview")).to_contain_text(
        "Water tankers stand down on Friday."
    )
    await screenshot(reviewer, "update-review")
    await reviewer.get_by_role("button", name="Approve").click()
    await expect(reviewer.locator(".meta")).to_contain_text("Approved")

    await author.reload()
    await author.get_by_role("button", name="Publish").click()
    await expect(author.locator(".meta")).to_contain_text("Published")
    await author.get_by_role("link", name="public page").click()
    await expect(author.get_by_role("heading", level=1)).to_have_text(
        "Water supply restored in Thabazimbi"
    )
    await expect(author.locator("strong")).to_have_text("restored")
    await screenshot(author, "public-update")


async def test_a_confidential_meeting_is_nowhere_for_someone_outside_the_committee(open_as: OpenAs):
    title = "Closed session on municipal financial viability"
    motion = "Appoint the asset register technical assistance provider"
    member = await open_as("member")  # a voting member of the steering committee sees it
    await member.goto("/admin/meetings?when=past")
    await member.get_by_role("link", name=title).click()
    meeting_address = member.url
    motion_address = await member.get_by_role("link", name=motion).get_attribute("href")
    assert motion_address

    advisor = await open_as("advisor")  # on the advisory board, not the committee
    await expect(advisor.locator("main")).not_to_contain_text(title)
    await advisor.goto("/admin/meetings?when=all")
    await expect(advisor.locator("#results")).not_to_contain_text(title)
    await advisor.get_by_label("Title contains").fill("financial viability")
    await expect(advisor.locator("#results")).to_contain_text("No meetings match.")
    await advisor.goto("/admin/decisions")
    await advisor.get_by_label("Search reference, title or text").fill(
        "technical assistance provider"
    )
    await expect(advisor.locator("#results")).to_contain_text("No decisions match.")
    await advisor.goto("/admin/")
    await expect(advisor.locator("main")).not_to_contain_text(title)
    for address in (meeting_address, motion_address):
        response = await advisor.goto(address)
        assert response is not None and response.status == 404
        await expect(advisor.get_by_role("heading", level=1)).to_have_text("Not found")
        await expect(advisor.locator("main")).not_to_contain_text(title)
    await screenshot(advisor, "not-found")


async def test_the_meeting_page_works_on_a_narrow_screen(open_as: OpenAs):
    page = await open_as("secretary", width=390, height=844)
    await page.goto("/admin/meetings?when=all")
    await page.get_by_role(
        "link", name="Special meeting: Thabazimbi water supply interruption"
    ).click()
    button = page.get_by_role("button", name="Present: Lerato Maseko")
    await expect(button).to_be_visible()
    overflow = await page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, overflow
    await screenshot(page, "meeting-page-narrow")


async def test_two_editors_never_overwrite_each_other(open_as: OpenAs):
    secretary, chair = await open_as("secretary"), await open_as("chair")
    for page in (secretary, chair):
        await page.goto("/admin/meetings?when=all")
        await page.get_by_role("link", name="Special meeting: Thabazimbi water supply").click()
    # The chair saves first...
    await chair.get_by_label(SAVED_AS_YOU_TYPE).press("Control+End")
    await chair.get_by_label(SAVED_AS_YOU_TYPE).press_sequentially("\nThe chair's addition.")
    await expect(chair.locator("#minutes-status")).to_contain_text("Saved version")
    # ...so the secretary's save, from the version they opened, is refused with a notice.
    await secretary.get_by_label(SAVED_AS_YOU_TYPE).press("Control+End")
    await secretary.get_by_label(SAVED_AS_YOU_TYPE).press_sequentially("\nThe secretary's note.")
    status = secretary.locator("#minutes-status")
    await expect(status).to_contain_text("someone else saved these minutes meanwhile")
    await expect(status).to_contain_text("The chair's addition.")  # theirs, to merge from
    await expect(secretary.get_by_label(SAVED_AS_YOU_TYPE)).to_have_value(
        re.compile("The secretary's note.$")
    )  # and their own text is still in the editor
    await screenshot(secretary, "minutes-conflict")


@pytest.mark.parametrize(
    ("account", "link", "heading", "name"),
    [
        ("chair", "Agreements", "Partnership agreements", "agreements"),
        ("chair", "Recommendations", "Recommendations", "recommendations"),
        ("chair", "Action items", "Action items", "action-items"),
        ("comms", "Updates", "Public updates", "updates"),
        ("admin", "People", "People", "people"),
        ("admin", "Bodies", "Committees and advisory boards", "bodies"),
    ],
)
async def test_each_main_screen_opens_from_the_navigation(
    open_as: OpenAs, account: str, link: str, heading: str, name: str
):
    page = await open_as(account)
    await page.get_by_role("navigation").get_by_role("link", name=link).click()
    title = page.locator("main > h1")
    await expect(title).to_have_text(heading)
    await expect(page.get_by_role("link", name=link)).to_have_attribute("aria-current", "page")
    await screenshot(page, name)
    # The first item listed opens too, when the items have pages of their own.
    items = page.locator("main a[href^='/admin/']:not([href*='?']):not([href*='#'])")
    if await items.count():
        await items.first.click()
        await expect(title).not_to_have_text("Not found")
        await screenshot(page, name + "-item")
