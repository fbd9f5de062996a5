"""A person's own time zone (issue 15): chosen on their profile, it puts every time on their
dashboard on their clocks, the zone named; without one, each meeting's time is in its
body's zone. A meeting's own page, where times are entered, stays in the body's zone."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

import pytest
from babel.messages.pofile import read_po

from governance.enums import Classification
from governance.models import AuditEvent, Body, Meeting, Person
from server.app import ROOT

HTMX = {"HX-Request": "true"}


async def bamako_meeting(setting) -> Meeting:
    """Tomorrow, 09:00 in Bamako (UTC all year): 11:00 in Johannesburg (UTC+2)."""
    await Body.filter(id=setting.body("sc")).update(time_zone="Africa/Bamako")
    tomorrow = datetime.now(UTC).date() + timedelta(days=1)
    return await Meeting.create(
        body_id=setting.body("sc"),
        title="Market fair logistics",
        starts_at=datetime.combine(tomorrow, time(9, 0), tzinfo=UTC),
        classification=Classification.PUBLIC,
    )


def upcoming(page: str) -> str:
    found = re.search(r'<h2 id="h-meetings">.*?</section>', page, re.S)
    assert found, page
    return found.group(0)


async def test_the_dashboard_shows_meetings_on_the_person_s_own_clocks(setting, signed_in):
    meeting = await bamako_meeting(setting)
    member = await signed_in("member")

    # No zone of their own: the meeting at its body's time, in its body's zone.
    shown = upcoming((await member.get("/admin/")).text)
    assert "Market fair logistics" in shown
    assert "09:00 Africa/Bamako" in shown and "Africa/Johannesburg" not in shown
    assert "Times on the clocks of" not in shown

    saved = await member.post("/admin/profile/time-zone", {"time_zone": "Africa/Johannesburg"})
    assert saved.status_code == 303
    assert (await Person.get(id=setting.person("member"))).time_zone == "Africa/Johannesburg"
    shown = upcoming((await member.get("/admin/")).text)
    assert "11:00 Africa/Johannesburg" in shown and "Africa/Bamako" not in shown
    assert (
        'Times on the clocks of Africa/Johannesburg, <a href="/admin/profile#time-zone">' in shown
    )

    # The meeting's own page keeps its body's clocks: times are entered there, in them.
    page = (await member.get(f"/admin/meetings/{meeting.id}")).text
    assert "09:00 Africa/Bamako" in page

    # Someone else's dashboard is not theirs: the chair has chosen no zone.
    chair = await signed_in("chair")
    assert "09:00 Africa/Bamako" in upcoming((await chair.get("/admin/")).text)

    # Empty: none again, each body's own zone.
    cleared = await member.post("/admin/profile/time-zone", {"time_zone": ""})
    assert cleared.status_code == 303
    assert (await Person.get(id=setting.person("member"))).time_zone is None
    assert "09:00 Africa/Bamako" in upcoming((await member.get("/admin/")).text)


async def test_the_profile_offers_the_zones_and_keeps_the_choice_audited(setting, signed_in):
    member = await signed_in("member")
    profile = (await member.get("/admin/profile")).text
    assert 'name="time_zone"' in profile and "Your time zone" in profile
    # The common zones first, then every zone; none chosen yet.
    assert profile.index('<option value="Africa/Bamako"') < profile.index(
        '<option value="America/New_York"'
    )
    assert '<option value="" selected' not in profile  # "none" is simply the first option
    assert re.search(r'<option value="Africa/Johannesburg"\s*>', profile)

    await member.post("/admin/profile/time-zone", {"time_zone": "Africa/Johannesburg"})
    profile = (await member.get("/admin/profile")).text
    assert '<option value="Africa/Johannesburg" selected>' in profile
    event = await AuditEvent.filter(action="person.set_time_zone").order_by("-seq").first()
    assert event is not None and event.actor_id == setting.person("member")
    assert "Africa/Johannesburg" in event.summary


async def test_a_zone_that_is_none_is_refused_and_nothing_changes(setting, signed_in):
    member = await signed_in("member")
    refused = await member.post("/admin/profile/time-zone", {"time_zone": "Mars/Olympus_Mons"})
    assert refused.status_code == 400
    assert "must be an IANA time zone" in refused.text and "Mars/Olympus_Mons" in refused.text
    huge = await member.post("/admin/profile/time-zone", {"time_zone": "x" * 10_000})
    assert huge.status_code == 400 and "x" * 65 not in huge.text
    assert (await Person.get(id=setting.person("member"))).time_zone is None
    assert not await AuditEvent.filter(action="person.set_time_zone").exists()


def _refusal_translated() -> bool:
    with (ROOT / "locales" / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as source:
        catalog = read_po(source, locale="fr")
    return any("IANA time zone" in str(message.id) and message.string for message in catalog)


@pytest.mark.skipif(
    not _refusal_translated(), reason="the admin's refusals are not in the catalogs yet"
)
async def test_a_french_speaker_reads_the_refusal_in_french(setting, signed_in):
    await Person.filter(id=setting.person("member")).update(language="fr")
    member = await signed_in("member")
    refused = await member.post("/admin/profile/time-zone", {"time_zone": "Mars/Olympus_Mons"})
    assert refused.status_code == 400
    assert "fuseau horaire" in refused.text and "Mars/Olympus_Mons" in refused.text
    assert "must be an IANA time zone" not in refused.text


async def test_the_change_needs_the_form_s_token(setting, signed_in):
    member = await signed_in("member")
    forged = await member.post(
        "/admin/profile/time-zone", {"time_zone": "Africa/Johannesburg"}, csrf=False
    )
    assert forged.status_code == 403
    assert (await Person.get(id=setting.person("member"))).time_zone is None
