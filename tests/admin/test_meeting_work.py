"""The meeting page's faster work and its locks: the agenda panel kept open, the motion form's
choice of item following the agenda, "all present", a start in the past confirmed, and no
agenda or attendance controls once the minutes are approved."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from governance.enums import AttendanceStatus, MinutesStatus
from governance.models import AgendaItem, Attendance, Meeting, Minutes
from tests.admin.helpers import CONF
from tests.world import agenda_item_at

HTMX = {"HX-Request": "true"}


async def test_adding_an_item_keeps_the_panel_open_and_offers_it_to_the_motion_form(
    setting, signed_in
):
    secretary = await signed_in("secretary")
    meeting = setting.ids["meeting"]
    response = await secretary.post(
        f"/admin/meetings/{meeting}/agenda",
        {"title": "Water tariffs", "classification": "CONFIDENTIAL"},
        headers=HTMX,
    )
    assert response.status_code == 200, response.text
    html = response.text
    assert html.lstrip().startswith('<section id="agenda"')
    assert "<details open>" in html  # the panel for the next item
    assert 'id="agenda-title" name="title" type="text" value="" required autofocus' in html
    # The motion form's choice, swapped out of band: the new item is offered at once.
    oob = html[html.index('<div id="motion-item-field" hx-swap-oob="true">') :]
    assert "Water tariffs</option>" in oob


async def test_all_present_records_the_members_not_yet_recorded(setting, signed_in):
    world, meeting = setting.world, setting.ids["meeting"]
    await Attendance.create(
        meeting_id=meeting, person_id=world.people["member"].id, status=AttendanceStatus.APOLOGIES
    )
    secretary = await signed_in("secretary")
    page = await secretary.get(f"/admin/meetings/{meeting}")
    assert ">All others present</button>" in page.text
    response = await secretary.post(f"/admin/meetings/{meeting}/attendance/all", headers=HTMX)
    assert response.status_code == 200, response.text
    marks = {a.person_id: a.status for a in await Attendance.filter(meeting_id=meeting)}
    assert marks[world.people["member"].id] == AttendanceStatus.APOLOGIES  # kept
    for role in ("chair", "secretary", "observer"):
        assert marks[world.people[role].id] == AttendanceStatus.PRESENT, role
    assert "All others present" not in response.text  # nobody left to mark


async def test_approved_minutes_leave_no_agenda_or_attendance_controls(setting, signed_in):
    meeting = setting.ids["meeting"]
    secretary = await signed_in("secretary")
    before = (await secretary.get(f"/admin/meetings/{meeting}")).text
    for control in ("Add an agenda item", 'aria-label="Present: ', ">All present<", "Edit: "):
        assert control in before, control
    await Minutes.filter(meeting_id=meeting).update(status=MinutesStatus.APPROVED)
    after = (await secretary.get(f"/admin/meetings/{meeting}")).text
    assert "the agenda and the attendance are frozen" in after
    for control in (
        "Add an agenda item",
        'aria-label="Present: ',
        "All present",
        "Move up",
        "Move down",
        "Remove: ",
        "Edit: ",
        "Correct the title, time or place",
    ):
        assert control not in after, control
    # A form kept open from before is refused, with the reason.
    response = await secretary.post(f"/admin/meetings/{meeting}/attendance/all", headers=HTMX)
    assert response.status_code == 409
    assert "APPROVED" in response.text


async def test_the_agenda_moves_up_and_down_by_buttons(setting, signed_in):
    world, meeting_id = setting.world, setting.ids["meeting"]
    meeting = await Meeting.get(id=meeting_id)
    second = await agenda_item_at(world, meeting, CONF, "Second item")
    secretary = await signed_in("secretary")
    page = (await secretary.get(f"/admin/meetings/{meeting_id}")).text
    assert 'aria-label="Move up: Second item"' in page
    response = await secretary.post(
        f"/admin/agenda-items/{second.id}/move", {"position": "1"}, headers=HTMX
    )
    assert response.status_code == 200, response.text
    order = await AgendaItem.filter(meeting_id=meeting_id).order_by("position")
    assert [i.title for i in order] == ["Second item", "Confidential agenda item"]
    # The moved item's button keeps the focus, to move it again from the keyboard.
    assert 'aria-label="Move down: Second item" autofocus' in response.text


async def test_a_start_in_the_past_is_confirmed_by_a_second_submit(setting, signed_in):
    secretary = await signed_in("secretary")
    past = (datetime.now(UTC) - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    form = {
        "body_id": setting.body("sc"),
        "title": "Meeting entered late",
        "starts_at": past,
        "classification": "INTERNAL",
    }
    asked = await secretary.post("/admin/meetings", form, headers=HTMX)
    assert asked.status_code == 409
    assert "This meeting starts in the past" in asked.text
    assert f'name="confirm_past" value="{past}"' in asked.text
    assert 'value="Meeting entered late"' in asked.text  # the form as typed
    assert not await Meeting.filter(title="Meeting entered late").exists()

    # A confirmation of another start confirms nothing.
    other = {**form, "confirm_past": "2020-01-01T09:00"}
    assert (await secretary.post("/admin/meetings", other, headers=HTMX)).status_code == 409
    confirmed = await secretary.post(
        "/admin/meetings", {**form, "confirm_past": past}, headers=HTMX
    )
    assert confirmed.status_code == 200
    assert confirmed.headers["hx-redirect"].startswith("/admin/meetings/")
    assert await Meeting.filter(title="Meeting entered late").exists()
