"""The minutes editor: one area per agenda item plus the general part, saved with the
version as the secretary types, a preview rendered by the server, the notice that a save
returned circulated minutes to draft, and nothing of a hidden item for who may not see it."""

from __future__ import annotations

from governance.enums import Classification, MinutesStatus
from governance.models import AgendaItem, Minutes, MinutesSection
from tests.admin.helpers import CONF
from tests.world import agenda_item_at

HTMX = {"HX-Request": "true"}
SECRET = "The treasurer's dismissal was agreed."
RETURNED = (
    "The minutes were circulated; saving returned them to draft: "
    "circulate them again before approval."
)


async def agenda(setting) -> tuple[AgendaItem, AgendaItem, AgendaItem]:
    """The setting's confidential meeting (its minutes at version 1): an open item, a
    closed session (RESTRICTED: the chair's, and nobody named), another open item."""
    meeting = setting.world.meetings[CONF]
    return (
        await agenda_item_at(setting.world, meeting, CONF, "Opening"),
        await agenda_item_at(setting.world, meeting, Classification.RESTRICTED, "Closed session"),
        await agenda_item_at(setting.world, meeting, CONF, "Water tariffs"),
    )


async def test_the_editor_has_an_area_per_agenda_item_and_saves_them_with_the_version(
    setting, signed_in
):
    opening, closed, tariffs = await agenda(setting)
    meeting_id = setting.ids["meeting"]
    chair = await signed_in("chair")
    page = await chair.get(f"/admin/meetings/{meeting_id}")
    for item in (opening, closed, tariffs):
        assert f'name="section-{item.id}"' in page.text
    assert 'id="minutes-preview"' in page.text

    saved = await chair.post(
        f"/admin/meetings/{meeting_id}/minutes",
        {"content": "Present: all.", f"section-{opening.id}": "Opened at nine.",
         f"section-{closed.id}": SECRET, "expected_version": "1"},
        headers=HTMX,
    )  # fmt: skip
    assert saved.status_code == 200
    assert "Saved version 2" in saved.text
    assert 'id="minutes-state" hx-swap-oob="true"' in saved.text  # the badge follows
    assert "Circulate to members" in saved.text  # the draft may now be circulated
    assert 'id="minutes-version" name="expected_version" value="2" hx-swap-oob' in saved.text
    minutes = await Minutes.get(meeting_id=meeting_id)
    texts = dict(
        await MinutesSection.filter(minutes_id=minutes.id).values_list("agenda_item_id", "content")
    )
    assert (minutes.version, minutes.content) == (2, "Present: all.")
    assert texts == {opening.id: "Opened at nine.", closed.id: SECRET}


async def test_a_conflict_keeps_the_text_typed_in_every_area(setting, signed_in):
    opening, _closed, _tariffs = await agenda(setting)
    meeting_id = setting.ids["meeting"]
    path = f"/admin/meetings/{meeting_id}/minutes"
    chair, secretary = await signed_in("chair"), await signed_in("secretary")
    first = {"content": "", f"section-{opening.id}": "The chair's.", "expected_version": "1"}
    assert (await chair.post(path, first)).status_code == 303
    # Without htmx: the page again, the editor holding what the secretary typed.
    mine = {
        "content": "Mine.",
        f"section-{opening.id}": "The secretary's.",
        "expected_version": "1",
    }
    refused = await secretary.post(path, mine)
    assert refused.status_code == 409
    assert "someone else saved these minutes meanwhile" in refused.text
    assert ">The secretary&#39;s.</textarea>" in refused.text
    # Through htmx only the status is redrawn: the areas keep their text in the browser.
    refused = await secretary.post(path, mine, headers=HTMX)
    assert refused.status_code == 409
    assert "<textarea" not in refused.text
    section = await MinutesSection.get(agenda_item_id=opening.id)
    assert section.content == "The chair's."


async def test_the_preview_renders_the_minutes_as_they_will_read(setting, signed_in):
    opening, closed, tariffs = await agenda(setting)
    meeting_id = setting.ids["meeting"]
    sent = {
        "content": "## Present\n\n**All** <img src=x onerror=alert(1)>",
        f"section-{opening.id}": "Opened at *nine*.",
        f"section-{tariffs.id}": "[tariffs](javascript:alert(2))",
    }
    member = await signed_in("member")
    refused = await member.post(f"/admin/meetings/{meeting_id}/minutes/preview", sent)
    assert refused.status_code == 403  # sees the meeting, does not keep its minutes
    secretary = await signed_in("secretary")
    preview = await secretary.post(
        f"/admin/meetings/{meeting_id}/minutes/preview", sent, headers=HTMX
    )
    assert preview.status_code == 200
    html = preview.text
    assert "<h2>Present</h2>" in html and "<strong>All</strong>" in html
    assert "<img" not in html and 'href="javascript:' not in html
    # Numbered over the items the secretary sees (the closed session is the chair's).
    assert "<h3>2. Opening</h3>" in html and "<em>nine</em>" in html
    assert "<h3>3. Water tariffs</h3>" in html
    assert "Closed session" not in html
    assert closed.id  # it exists all the same
    # Nothing was saved.
    assert (await Minutes.get(meeting_id=meeting_id)).version == 1


async def test_saving_circulated_minutes_says_they_are_a_draft_again(setting, signed_in):
    meeting_id = setting.ids["circulated_meeting"]
    secretary = await signed_in("secretary")
    page = await secretary.get(f"/admin/meetings/{meeting_id}")
    assert "a change returns them to draft" in page.text
    saved = await secretary.post(
        f"/admin/meetings/{meeting_id}/minutes",
        {"content": "Corrected.", "expected_version": "2"},
        headers=HTMX,
    )
    assert saved.status_code == 200
    assert RETURNED in saved.text  # in the status line and the message area
    assert 'id="minutes-state" hx-swap-oob="true"' in saved.text  # the badge: Draft
    assert "Circulate to members" in saved.text  # the buttons redrawn
    minutes = await Minutes.get(meeting_id=meeting_id)
    assert minutes.status == MinutesStatus.DRAFT
    # Without htmx: the message after the redirect.
    again = await secretary.post(
        f"/admin/meetings/{meeting_id}/minutes/circulate", {}, follow_redirects=False
    )
    assert again.status_code == 303
    saved = await secretary.post(
        f"/admin/meetings/{meeting_id}/minutes",
        {"content": "Corrected twice.", "expected_version": "3"},
        follow_redirects=True,
    )
    assert RETURNED in saved.text


async def test_a_member_reads_nothing_of_an_item_they_may_not_see(setting, signed_in):
    opening, closed, tariffs = await agenda(setting)
    meeting_id = setting.ids["meeting"]
    minutes = await Minutes.get(meeting_id=meeting_id)
    for item, text in ((opening, "Opened at nine."), (closed, SECRET), (tariffs, "Adopted.")):
        await MinutesSection.create(minutes_id=minutes.id, agenda_item_id=item.id, content=text)

    chair = await (await signed_in("chair")).get(f"/admin/meetings/{meeting_id}")
    assert SECRET.replace("'", "&#39;") in chair.text
    page = await (await signed_in("member")).get(f"/admin/meetings/{meeting_id}")
    assert page.status_code == 200
    assert "<h3>2. Opening</h3>" in page.text and "<h3>3. Water tariffs</h3>" in page.text
    assert "dismissal" not in page.text and "Closed session" not in page.text
    assert "Adopted." in page.text


async def test_approved_minutes_have_no_editor_and_no_preview(setting, signed_in):
    meeting_id = setting.ids["circulated_meeting"]
    await Minutes.filter(meeting_id=meeting_id).update(status=MinutesStatus.APPROVED)
    chair = await signed_in("chair")
    page = await chair.get(f"/admin/meetings/{meeting_id}")
    assert 'id="minutes-form"' not in page.text and 'id="minutes-preview"' not in page.text
    assert "Circulated minutes." in page.text  # the text as it stands
    refused = await chair.post(
        f"/admin/meetings/{meeting_id}/minutes/preview", {"content": "Changed."}, headers=HTMX
    )
    assert refused.status_code == 409
    assert "APPROVED" in refused.text
