"""A paper through the admin in a real browser (issue 13): the secretary attaches a PDF to a
meeting, finds it listed, downloads the same bytes, and the meeting pack lists it."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest
from playwright.async_api import expect
from pypdf import PdfReader

from tests.browser.conftest import OpenAs, screenshot
from tests.workflows.test_documents import tiny_pdf

pytestmark = pytest.mark.browser

WORKSHOP = "MCPP annual planning and learning workshop"
FIRST = "Learning from the first year: functionality of teams"
PAPER = tiny_pdf("Functionality assessment of the ward teams, 2024")


async def test_the_secretary_uploads_a_paper_and_opens_the_meeting_pack(
    open_as: OpenAs, tmp_path: Path
):
    page = await open_as("secretary")
    await page.goto("/admin/meetings")
    await page.get_by_role("link", name=WORKSHOP).click()
    meeting_url = page.url

    card = page.locator("#documents")
    if not await card.get_by_label("Title").is_visible():
        await card.get_by_text("Attach a document").click()
    await card.get_by_label("Title").fill("Ward team functionality assessment")
    await card.get_by_label("Classification").select_option("INTERNAL")
    upload = tmp_path / "assessment.pdf"
    upload.write_bytes(PAPER)
    await card.get_by_label("File").set_input_files(upload)
    await card.get_by_role("button", name="Upload").click()

    # htmx swaps the card: the paper is listed, and the page says so.
    await expect(page.locator("#flash")).to_contain_text("Attached “Ward team functionality")
    row = card.locator("tr", has_text="Ward team functionality assessment")
    await expect(row).to_contain_text("assessment.pdf")
    await expect(row).to_contain_text("Internal")
    await expect(row).to_contain_text("Sipho Ndlovu")
    await screenshot(page, "meeting-documents")

    # The download is the bytes uploaded.
    async with page.expect_download() as waiting:
        await row.get_by_role("link", name="assessment.pdf").click()
    download = await waiting.value
    assert download.suggested_filename == "assessment.pdf"
    saved = Path(await download.path())
    assert await asyncio.to_thread(saved.read_bytes) == PAPER

    # Still there after a reload (not only in the swapped card).
    await page.goto(meeting_url)
    await expect(page.locator("#documents")).to_contain_text("assessment.pdf")

    # The meeting pack, from its link on the page, names the agenda and lists the paper.
    href = await page.get_by_role("link", name="Meeting pack (PDF)").get_attribute("href")
    assert href
    pack = await page.request.get(href)
    assert pack.status == 200
    assert pack.headers["content-type"] == "application/pdf"
    body = await pack.body()
    assert body.startswith(b"%PDF")
    text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(body)).pages)
    text = " ".join(text.split())
    assert FIRST in text
    assert "Ward team functionality assessment" in text and "assessment.pdf" in text
