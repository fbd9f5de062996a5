"""Local time (issue 15): a body meets on its own clocks. A meeting's times are typed and
shown in the body's zone, with the zone named, and kept in UTC; the calendar carries the
zone (TZID) so that a calendar app shows the hour the body announced."""

from __future__ import annotations

from datetime import UTC, datetime

from governance.enums import Classification
from governance.models import Body, Meeting

HTMX = {"HX-Request": "true"}


async def zoned(setting, key: str, zone: str) -> int:
    await Body.filter(id=setting.body(key)).update(time_zone=zone)
    return setting.body(key)


async def test_a_meeting_is_typed_and_shown_on_the_clocks_of_its_body(setting, signed_in):
    sc = await zoned(setting, "sc", "Africa/Johannesburg")
    secretary = await signed_in("secretary")
    form = await secretary.get("/admin/meetings")
    assert "MCPP Steering Committee (Africa/Johannesburg)" in form.text
    assert "Starts (local time)" in form.text and "On the clocks of the body" in form.text

    done = await secretary.post(
        "/admin/meetings",
        {"body_id": sc, "title": "Water losses review", "starts_at": "2031-03-12T10:00",
         "ends_at": "2031-03-12T12:30", "classification": "PUBLIC"},
    )  # fmt: skip
    assert done.status_code == 303
    meeting = await Meeting.get(title="Water losses review")
    # 10:00 in Johannesburg (UTC+2) is 08:00 UTC.
    assert meeting.starts_at == datetime(2031, 3, 12, 8, 0, tzinfo=UTC)
    assert meeting.ends_at == datetime(2031, 3, 12, 10, 30, tzinfo=UTC)

    page = await secretary.get(f"/admin/meetings/{meeting.id}")
    assert "12 Mar 2031, 10:00 Africa/Johannesburg" in page.text
    assert 'value="2031-03-12T10:00"' in page.text  # the correction form, on the same clocks
    assert "Starts (Africa/Johannesburg)" in page.text
    listed = await secretary.get("/admin/meetings?when=all")
    assert "12 Mar 2031, 10:00 Africa/Johannesburg" in listed.text

    corrected = await secretary.post(
        f"/admin/meetings/{meeting.id}/edit",
        {"title": "Water losses review", "starts_at": "2031-03-12T11:30", "ends_at": ""},
    )
    assert corrected.status_code == 303
    await meeting.refresh_from_db()
    assert meeting.starts_at == datetime(2031, 3, 12, 9, 30, tzinfo=UTC)

    # The same instant on a body that meets in Bamako (UTC all year) reads 09:30 there.
    await zoned(setting, "sc", "Africa/Bamako")
    page = await secretary.get(f"/admin/meetings/{meeting.id}")
    assert "12 Mar 2031, 09:30 Africa/Bamako" in page.text


async def test_a_time_the_clocks_skip_is_refused_with_the_reason(setting, signed_in):
    sc = await zoned(setting, "sc", "Europe/Paris")
    secretary = await signed_in("secretary")
    refused = await secretary.post(
        "/admin/meetings",
        {"body_id": sc, "title": "Spring forward", "starts_at": "2031-03-30T02:30",
         "classification": "INTERNAL"},
        headers=HTMX,
    )  # fmt: skip
    assert refused.status_code == 400
    assert "does not exist in Europe/Paris" in refused.text
    assert not await Meeting.filter(title="Spring forward").exists()


async def test_the_calendar_names_the_zone_of_the_body(setting, client):
    sc = await zoned(setting, "sc", "Africa/Johannesburg")
    slug = (await Body.get(id=sc)).slug
    await Meeting.create(
        body_id=sc,
        title="Public report-back",
        starts_at=datetime(2031, 3, 12, 8, 0, tzinfo=UTC),
        classification=Classification.PUBLIC,
    )
    calendar = (await client.get(f"/feeds/{slug}.ics")).text.replace("\r\n", "\n")
    assert "DTSTART;TZID=Africa/Johannesburg:20310312T100000" in calendar
    assert "BEGIN:VTIMEZONE\nTZID:Africa/Johannesburg" in calendar

    await zoned(setting, "sc", "Africa/Bamako")
    calendar = (await client.get(f"/feeds/{slug}.ics")).text.replace("\r\n", "\n")
    assert "DTSTART:20310312T080000Z" in calendar  # Bamako keeps UTC all year
