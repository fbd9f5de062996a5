"""The documents card on the admin's pages (issue 13): who sees which papers, who attaches
and removes them, and the refusals a person meets (a type not accepted, a file too large,
an empty one) shown where the admin shows its other refusals."""

from __future__ import annotations

import re

from governance.files import MAX_BYTES, REFUSED
from governance.models import Document
from tests.admin.helpers import SignedIn
from tests.api.test_sql_statements import counting_statements
from tests.workflows.test_documents import PNG, tiny_pdf

HTMX = {"HX-Request": "true"}
REPORT = tiny_pdf("Forensic report on the water tender")
# The refusal as the page shows it (its apostrophe escaped).
REFUSED_SHOWN = REFUSED.split(": ", 1)[1]
LINK = re.compile(r'<a href="(/documents/[^"]+)" download>([^<]+)</a>')


def card(setting) -> str:
    return f"/admin/attachments/meeting/{setting.ids['meeting']}"


async def attach(
    person: SignedIn,
    url: str,
    content: bytes,
    *,
    filename: str = "report.pdf",
    title: str = "Forensic report",
    classification: str = "CONFIDENTIAL",
    htmx: bool = False,
):
    return await person.post(
        url,
        {"title": title, "classification": classification},
        files={"file": (filename, content, "application/octet-stream")},
        headers=HTMX if htmx else None,
    )


def listed(html: str) -> list[str]:
    """The file names the card links to, in order."""
    return [name for _, name in LINK.findall(html)]


async def test_the_secretary_attaches_a_paper_a_member_may_read_but_not_attach(setting, signed_in):
    meeting_page = f"/admin/meetings/{setting.ids['meeting']}"
    member = await signed_in("member")
    page = (await member.get(meeting_page)).text
    assert 'id="documents"' in page and "pack.pdf" in page
    assert "Attach a document" not in page

    refused = await attach(member, card(setting), REPORT)
    assert refused.status_code == 403
    assert "Only those who may edit this meeting attach documents to it." in refused.text
    assert not await Document.exists(title="Forensic report")

    secretary = await signed_in("secretary")
    assert "Attach a document" in (await secretary.get(meeting_page)).text
    done = await attach(secretary, card(setting), REPORT, htmx=True)
    assert done.status_code == 200
    assert done.text.lstrip().startswith('<section id="documents"')
    assert "Attached “Forensic report”." in done.text
    assert listed(done.text) == ["report.pdf", "pack.pdf"]  # newest first

    # Without JavaScript: back to the meeting's card, where the member now finds it.
    again = await attach(secretary, card(setting), REPORT, filename="copy.pdf")
    assert again.status_code == 303
    assert again.headers["location"] == meeting_page + "#documents"
    page = (await member.get(meeting_page)).text
    assert listed(page) == ["copy.pdf", "report.pdf", "pack.pdf"]
    href = dict((name, path) for path, name in LINK.findall(page))["report.pdf"]
    download = await member.get(href)
    assert download.status_code == 200 and download.content == REPORT
    row = page[page.index("copy.pdf") :]
    assert "Confidential" in row and "Secretary" in row


async def test_removal_is_refused_to_a_member_then_done_by_the_secretary(setting, signed_in):
    remove = card(setting) + "/remove"
    paper = {"document_id": setting.ids["document"]}
    member = await signed_in("member")
    assert ">Remove</button>" not in (await member.get(card(setting))).text
    refused = await member.post(remove, paper)
    assert refused.status_code == 403
    assert "Only its uploader, or those who may edit what it is attached to" in refused.text
    assert await Document.exists(id=setting.ids["document"])

    chair = await signed_in("chair")  # not the uploader, but may attach to the meeting
    page = (await chair.get(card(setting))).text
    assert ">Remove</button>" in page
    done = await chair.post(remove, paper, headers=HTMX)
    assert done.status_code == 200
    assert "Removed “Meeting pack”." in done.text
    assert listed(done.text) == []
    assert listed((await member.get(card(setting))).text) == []


async def test_a_refused_type_an_empty_file_and_no_file_say_why(setting, signed_in):
    secretary = await signed_in("secretary")
    # An executable named as a PDF: judged on its bytes.
    disguised = await attach(secretary, card(setting), b"MZ\x90\x00" + bytes(300))
    assert disguised.status_code == 400
    assert REFUSED_SHOWN in disguised.text
    assert 'id="documents"' in disguised.text  # the card again, with the message
    flashed = await attach(secretary, card(setting), b"\x7fELF" + bytes(300), htmx=True)
    assert flashed.status_code == 400
    assert flashed.headers["hx-retarget"] == "#flash"
    assert REFUSED_SHOWN in flashed.text
    empty = await attach(secretary, card(setting), b"", filename="empty.txt")
    assert empty.status_code == 400 and "The file is empty." in empty.text
    none = await secretary.post(card(setting), {"title": "x", "classification": "INTERNAL"})
    assert none.status_code == 400 and "Choose a file to upload." in none.text
    assert await Document.filter(meeting_id=setting.ids["meeting"]).count() == 1


async def test_a_file_over_the_limit_is_a_413_with_the_message(setting, signed_in):
    secretary = await signed_in("secretary")
    content = PNG + bytes(MAX_BYTES + 1 - len(PNG))
    page = await attach(secretary, card(setting), content, filename="scan.png")
    assert page.status_code == 413
    assert "A document may be at most 25 MiB." in page.text
    flashed = await attach(secretary, card(setting), content, filename="scan.png", htmx=True)
    assert flashed.status_code == 413
    assert "A document may be at most 25 MiB." in flashed.text
    assert flashed.headers["hx-retarget"] == "#flash"
    # Past the request's own limit the server refuses before reading the form: the same
    # status, and through htmx the message still lands where refusals show.
    huge = content + bytes(1024 * 1024)
    refused = await attach(secretary, card(setting), huge, filename="scan.png", htmx=True)
    assert refused.status_code == 413
    assert refused.headers["hx-retarget"] == "#flash"
    assert "The request body is larger than" in refused.text
    assert await Document.filter(meeting_id=setting.ids["meeting"]).count() == 1


async def test_the_list_shows_only_what_the_person_may_see(setting, signed_in):
    secretary = await signed_in("secretary")
    for name, level in (("open.pdf", "PUBLIC"), ("named.pdf", "RESTRICTED")):
        response = await attach(
            secretary, card(setting), REPORT, filename=name, classification=level
        )
        assert response.status_code == 303, response.text
    # The uploader is named on what they mark RESTRICTED; the member is not.
    assert listed((await secretary.get(card(setting))).text) == [
        "named.pdf",
        "open.pdf",
        "pack.pdf",
    ]
    member = await signed_in("member")
    assert listed((await member.get(card(setting))).text) == ["open.pdf", "pack.pdf"]
    # Someone who may not see the meeting reaches neither its card nor its papers.
    participant = await signed_in("participant")
    hidden = await participant.get(card(setting))
    assert hidden.status_code == 404
    assert "pack.pdf" not in hidden.text
    assert (
        await participant.post(card(setting) + "/remove", {"document_id": setting.ids["document"]})
    ).status_code == 404
    # Only the kinds documents attach to have a card.
    assert (
        await secretary.get(f"/admin/attachments/motion/{setting.ids['open_motion']}")
    ).status_code == 404


async def test_every_page_with_a_card_shows_it(setting, signed_in):
    chair = await signed_in("chair")
    for path in (
        f"/admin/agreements/{setting.ids['agreement']}",
        f"/admin/decisions/{setting.ids['decision']}",
        f"/admin/meetings/{setting.ids['meeting']}",
    ):
        page = await chair.get(path)
        assert page.status_code == 200, path
        assert 'id="documents"' in page.text and "Attach a document" in page.text, path
    # A recommendation is its advisory board's to attach to, not the committee chair's.
    page = await chair.get(f"/admin/recommendations/{setting.ids['recommendation']}")
    assert 'id="documents"' in page.text and "Attach a document" not in page.text
    comms = await signed_in("comms")
    update = await comms.get(f"/admin/updates/{setting.ids['draft_update']}")
    assert 'id="documents"' in update.text and "Attach a document" in update.text


async def test_a_card_costs_the_same_statements_however_many_papers(setting, signed_in):
    secretary = await signed_in("secretary")

    async def statements() -> int:
        with counting_statements() as seen:
            page = await secretary.get(card(setting))
        assert page.status_code == 200
        return len(seen)

    before = await statements()
    for number in range(6):
        done = await attach(secretary, card(setting), REPORT, filename=f"paper-{number}.pdf")
        assert done.status_code == 303
    assert len(listed((await secretary.get(card(setting))).text)) == 7
    assert await statements() == before


async def test_a_card_does_not_read_the_text_taken_from_the_pdfs(setting, signed_in):
    # Up to a few hundred KB per PDF, for search only: a page of papers must not carry it.
    secretary = await signed_in("secretary")
    await attach(secretary, card(setting), REPORT, filename="forensic-report.pdf")
    with counting_statements() as seen:
        page = await secretary.get(card(setting))
    assert "forensic-report.pdf" in page.text
    reads = [s for s in seen if 'FROM "document"' in s]
    assert reads
    assert not any('"text"' in s for s in reads)
