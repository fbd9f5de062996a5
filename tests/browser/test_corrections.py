"""Corrections in a real browser: a reviewer returns an update, its author reads why and
corrects it; an admin moves a body to its time zone."""

from __future__ import annotations

import re

from playwright.async_api import expect

from tests.browser.conftest import OpenAs


async def test_a_returned_update_is_corrected_by_its_author(open_as: OpenAs):
    author = await open_as("comms")
    await author.goto("/admin/updates")
    draft = author.locator("form[action='/admin/updates']")
    await draft.get_by_label("Title").fill("Tankers in ward 4")
    await draft.get_by_label("Text (Markdown)").fill("Tankers stand by.")
    await draft.get_by_role("button", name="Save the draft").click()
    await author.wait_for_url(re.compile(r"/admin/updates/\d+$"))
    address = author.url
    await author.get_by_role("button", name="Submit for review").click()
    await expect(author.locator("#edit-update")).to_have_count(0)  # under review: no editing

    reviewer = await open_as("comms2")
    await reviewer.goto(address)
    await reviewer.get_by_text("Return it to its author").click()
    await reviewer.get_by_label("What the author should change").fill("Say until when.")
    await reviewer.get_by_role("button", name="Return to the author").click()
    await expect(reviewer.get_by_text("Returned to its author, with your reason.")).to_be_visible()

    await author.goto(address)
    await expect(author.locator("#returned")).to_contain_text("Say until when.")
    await expect(author.locator("#returned")).to_contain_text("Michael Pillay")
    form = author.locator("#edit-update")  # open: the author came back to correct it
    await form.get_by_label("Title").fill("Tankers in ward 4 until Friday")
    await form.get_by_role("button", name="Save the draft").click()
    await expect(author.get_by_role("heading", level=1).first).to_have_text(
        "Tankers in ward 4 until Friday"
    )
    await author.get_by_role("button", name="Submit for review").click()
    await expect(author.locator("#returned")).to_have_count(0)


async def test_an_admin_moves_a_body_to_its_time_zone(open_as: OpenAs):
    admin = await open_as("admin")
    await admin.goto("/admin/bodies")
    await admin.get_by_role("link", name="SayPro Policy and Strategy Operations Unit").click()
    await expect(admin.locator(".meta")).to_contain_text("meets in Africa/Johannesburg")
    await admin.get_by_text("Edit name, mandate, quorum and time zone").click()
    edit = admin.locator("#edit-body")
    await edit.get_by_label("Time zone").fill("Africa/Maputo")
    await edit.get_by_label("Quorum").fill("3")
    await edit.get_by_role("button", name="Save the body").click()
    await expect(admin.locator(".meta")).to_contain_text("meets in Africa/Maputo")
    await expect(admin.locator(".meta")).to_contain_text("quorum 3")

    secretary = await open_as("secretary")
    await secretary.goto(admin.url)
    await expect(secretary.locator("#edit-body")).to_have_count(0)
