"""The admin's notification screens: the bell counts one's own unread notifications only,
the list shows one's own with a link to each subject, marking read is one's own, and the
preferences form saves a choice per kind."""

from __future__ import annotations

from governance.clock import now
from governance.enums import CHOOSABLE_KINDS, NotificationKind
from governance.models import Notification, NotificationPreference

HTMX = {"HX-Request": "true"}


async def _tell(person_id: int, title: str, subject: tuple[str, int]) -> Notification:
    return await Notification.create(
        person_id=person_id, kind=NotificationKind.MEETING_SCHEDULED, title=title,
        subject_type=subject[0], subject_id=subject[1],
    )  # fmt: skip


async def test_the_bell_counts_ones_own_unread_notifications(setting, signed_in):
    member, chair = setting.person("member"), setting.person("chair")
    meeting = ("meeting", setting.ids["meeting"])
    for i in range(3):
        await _tell(member, f"Meeting scheduled: M{i}", meeting)
    await _tell(chair, "Meeting scheduled: the chair's", meeting)
    person = await signed_in("member")
    bell = await person.get("/admin/notifications/bell", headers=HTMX)
    assert bell.status_code == 200
    assert 'id="bell"' in bell.text and 'data-unread="3"' in bell.text
    assert 'href="/admin/notifications"' in bell.text
    # The swapped-in bell polls on, without asking again at once on load.
    assert 'hx-trigger="every 30s"' in bell.text
    page = await person.get("/admin/")
    assert 'hx-trigger="load, every 30s"' in page.text
    # The participant's: their one (the setting's), none of the member's; once read, no count.
    other = await signed_in("participant")
    assert 'data-unread="1"' in (await other.get("/admin/notifications/bell", headers=HTMX)).text
    await Notification.filter(person_id=setting.person("participant")).update(read_at=now())
    assert "data-unread" not in (await other.get("/admin/notifications/bell", headers=HTMX)).text


async def test_the_list_shows_ones_own_with_links_and_marks_them_read(setting, signed_in):
    member, chair = setting.person("member"), setting.person("chair")
    own = await _tell(
        member, "Meeting scheduled: the member's", ("meeting", setting.ids["meeting"])
    )
    theirs = await _tell(
        chair, "Meeting scheduled: the chair's", ("meeting", setting.ids["meeting"])
    )
    person = await signed_in("member")
    page = await person.get("/admin/notifications")
    assert "the member&#39;s" in page.text and "the chair&#39;s" not in page.text
    assert f'href="/admin/meetings/{setting.ids["meeting"]}"' in page.text
    # Denied: another's notification is not there to mark.
    refused = await person.post(f"/admin/notifications/{theirs.id}/read")
    assert refused.status_code == 404
    assert (await Notification.get(id=theirs.id)).read_at is None
    # Allowed: one's own.
    done = await person.post(f"/admin/notifications/{own.id}/read")
    assert done.status_code == 303
    assert (await Notification.get(id=own.id)).read_at is not None
    assert "0 unread" in (await person.get("/admin/notifications")).text


async def test_the_preferences_form_saves_a_choice_per_kind(setting, signed_in):
    person = await signed_in("member")
    form = await person.get("/admin/notifications/preferences")
    for kind in CHOOSABLE_KINDS:  # the default: email as it happens
        assert f'name="{kind.value}" value="email" checked' in form.text, kind
    wrong = await person.post("/admin/notifications/preferences", {"BALLOT_OPENED": "sms"})
    assert wrong.status_code == 400
    assert await NotificationPreference.filter(person_id=setting.person("member")).count() == 0
    saved = await person.post(
        "/admin/notifications/preferences",
        {"BALLOT_OPENED": "none", "MINUTES_APPROVED": "digest", "MEETING_SCHEDULED": "email"},
    )
    assert saved.status_code == 303
    rows = await NotificationPreference.filter(person_id=setting.person("member"))
    assert {(r.kind.value, r.email, r.digest) for r in rows} == {
        ("BALLOT_OPENED", False, False),
        ("MINUTES_APPROVED", False, True),
        ("MEETING_SCHEDULED", True, False),
    }
    again = await person.get("/admin/notifications/preferences")
    assert 'name="MINUTES_APPROVED" value="digest" checked' in again.text
