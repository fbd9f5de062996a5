"""The bell and the notification pages in a real browser: a meeting scheduled by the
secretary shows on a member's bell within the 30 s poll, without a reload; the member
reads it, marks it read, and chooses a daily digest for that kind; and without JavaScript
the bell is still a link to the same page, and the preferences still save."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.async_api import Browser, Page, expect

from demo import DEMO_PASSWORD
from tests.browser.conftest import OpenAs, screenshot
from tests.live import LiveServer

pytestmark = pytest.mark.browser

TITLE = "MCPP Steering Committee: notice of a special sitting"


async def unread(page: Page) -> int:
    count = page.locator("#bell .count")
    if await count.count() == 0:
        return 0
    return int(await count.get_attribute("data-unread") or 0)


async def schedule(secretary: Page) -> None:
    await secretary.get_by_role("navigation").get_by_role("link", name="Meetings").click()
    form = secretary.get_by_role("region", name="Schedule a meeting")
    await form.get_by_label("Body").select_option(
        label="MCPP Steering Committee (Africa/Johannesburg)"
    )
    await form.get_by_label("Title").fill(TITLE)
    starts = (datetime.now(UTC) + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    await form.get_by_label("Starts (local time)").fill(starts)  # 3 days ahead, whatever zone
    await form.get_by_role("button", name="Schedule").click()
    await expect(secretary.get_by_role("heading", level=1)).to_have_text(TITLE)


async def test_the_bell_counts_a_new_notification_and_the_member_reads_it(open_as: OpenAs):
    member = await open_as("member")
    bell = member.locator("#bell")
    await expect(bell).to_have_attribute("href", "/admin/notifications")
    await member.wait_for_load_state("networkidle")  # the bell's first count, asked on load
    before = await unread(member)

    await schedule(await open_as("secretary"))

    # No reload: the bell asks again within 30 seconds.
    await expect(member.locator("#bell .count")).to_have_attribute(
        "data-unread", str(before + 1), timeout=40_000
    )
    await screenshot(member, "notifications-bell")
    await bell.click()
    await expect(member.get_by_role("heading", level=1)).to_have_text("Notifications")
    entry = member.locator("li.unread", has_text=f"Meeting scheduled: {TITLE}")
    await expect(entry).to_have_count(1)
    await screenshot(member, "notifications-page")
    await entry.get_by_role("button", name=f"Mark read: Meeting scheduled: {TITLE}").click()
    await expect(member.locator("li.read", has_text=TITLE)).to_have_count(1)
    await member.reload()
    await expect(member.locator("#unread-summary")).to_have_text(f"{before} unread")
    # The subject's link opens the meeting.
    await member.get_by_role("link", name=f"Meeting scheduled: {TITLE}").click()
    await expect(member.get_by_role("heading", level=1)).to_have_text(TITLE)


async def test_a_member_chooses_a_daily_digest_for_one_kind(open_as: OpenAs):
    member = await open_as("member")
    await member.goto("/admin/notifications")
    await member.get_by_role("link", name="Choose what is emailed to you").click()
    await expect(member.get_by_role("heading", level=1)).to_have_text("Notification preferences")
    digest = member.locator("#pref-MEETING_SCHEDULED-digest")
    none = member.locator("#pref-BALLOT_OPENED-none")
    await expect(member.locator("#pref-MEETING_SCHEDULED-email")).to_be_checked()  # the default
    await digest.check()
    await none.check()
    await member.get_by_role("button", name="Save preferences").click()
    await expect(member.get_by_text("Your notification preferences are saved.")).to_be_visible()
    await screenshot(member, "notification-preferences")
    await member.reload()
    await expect(digest).to_be_checked()
    await expect(none).to_be_checked()
    await expect(member.locator("#pref-MINUTES_APPROVED-email")).to_be_checked()


async def test_without_javascript_the_bell_is_a_link_and_preferences_save(
    live: LiveServer, chromium: Browser
):
    context = await chromium.new_context(base_url=live.url, java_script_enabled=False)
    context.set_default_timeout(15_000)
    try:
        page = await context.new_page()
        await page.goto("/admin/sign-in")
        await page.get_by_label("Email address").fill("chair@example.org")
        await page.get_by_label("Password").fill(DEMO_PASSWORD)
        await page.get_by_role("button", name="Sign in").click()
        await page.wait_for_url("**/admin/")
        await page.locator("#bell").click()
        await expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
        await page.goto("/admin/notifications/preferences")
        await page.locator("#pref-UPDATE_PUBLISHED-none").check()
        await page.get_by_role("button", name="Save preferences").click()
        await page.wait_for_url("**/admin/notifications/preferences")
        await expect(page.locator("#pref-UPDATE_PUBLISHED-none")).to_be_checked()
    finally:
        await context.close()
