"""Notification emails reach a real SMTP server (aiosmtpd, in this process) as the worker
sends them: the item's link, the preferences link, the one-click unsubscribe (RFC 8058)
that works with its signed token and refuses a forged one; nothing for a subject the
recipient may no longer see; the daily digest; email off (issue 14)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest

from governance import clock, outbox
from governance.enums import Classification, NotificationKind, OutboxChannel, OutboxStatus
from governance.models import Membership, Notification, NotificationPreference, OutboxItem
from server import schedule, unsubscribe, worker
from tests.smtp_server import smtp_server
from tests.world import build_world


@pytest.fixture
def inbox():
    with smtp_server() as box:
        yield box


PUBLIC = "https://indaba.example.org"
SCHEDULED = NotificationKind.MEETING_SCHEDULED


@pytest.fixture
def mail_settings(settings, inbox):
    return dataclasses.replace(
        settings,
        smtp_url=f"smtp://127.0.0.1:{inbox.port}",
        mail_from="Indaba <no-reply@indaba.example.org>",
        public_url=PUBLIC,
    )


async def notified(person, kind, title, subject_type=None, subject_id=None) -> OutboxItem:
    """What "notify" writes for a recipient who wants email: the row and its EMAIL item."""
    row = await Notification.create(
        person_id=person.id, kind=kind, title=title, subject_type=subject_type,
        subject_id=subject_id, created_at=clock.now(),
    )  # fmt: skip
    return await outbox.enqueue(
        OutboxChannel.EMAIL, kind.value, person_id=person.id, subject_type=subject_type,
        subject_id=subject_id, payload={"notification_id": row.id},
    )  # fmt: skip


async def send_all(settings) -> None:
    await worker.run_once(worker.senders(settings))


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(("html",)).get_content()


async def test_an_email_carries_the_link_the_preferences_and_one_click_unsubscribe(
    mail_settings,
    inbox,
):
    w = await build_world()
    meeting = w.meetings[Classification.CONFIDENTIAL]
    item = await notified(
        w.people["member"], SCHEDULED, "Meeting scheduled: CONFIDENTIAL meeting", "meeting",
        meeting.id,
    )  # fmt: skip
    await send_all(mail_settings)

    (received,) = inbox.messages
    assert inbox.envelopes == [("no-reply@indaba.example.org", ["member@example.org"])]
    assert received["Subject"] == "Meeting scheduled: CONFIDENTIAL meeting"
    assert received["To"] == "Member Person <member@example.org>"
    assert received["Message-ID"] == f"<{item.delivery_id}@indaba.example.org>"
    link = f"{PUBLIC}/admin/meetings/{meeting.id}"
    preferences = f"{PUBLIC}/admin/notifications/preferences"
    for body in (text_of(received), html_of(received)):
        assert link in body and preferences in body
    unsubscribe_header = received["List-Unsubscribe"]
    assert unsubscribe_header.startswith(f"<{PUBLIC}/unsubscribe/")
    assert unsubscribe_header.endswith(">")
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_header[1:-1] in text_of(received)
    assert (await OutboxItem.get(id=item.id)).status == OutboxStatus.SENT


async def test_nothing_is_sent_about_a_subject_the_recipient_may_no_longer_see(
    mail_settings,
    inbox,
):
    w = await build_world()
    meeting = w.meetings[Classification.CONFIDENTIAL]
    member = w.people["member"]
    gone = await notified(member, SCHEDULED, "Meeting scheduled", "meeting", meeting.id)
    # Between the commit and the send, the member left the committee: no longer a reader.
    await Membership.filter(person_id=member.id).update(end_date=clock.today())
    await send_all(mail_settings)
    assert inbox.messages == []
    assert (await OutboxItem.get(id=gone.id)).status == OutboxStatus.SENT  # done, not failed

    await Membership.filter(person_id=member.id).update(end_date=None)
    await notified(member, SCHEDULED, "Meeting scheduled", "meeting", meeting.id)
    await send_all(mail_settings)
    assert [m["To"].addresses[0].addr_spec for m in inbox.messages] == ["member@example.org"]


async def test_one_click_unsubscribe_turns_that_kind_off_and_a_forged_token_is_refused(
    mail_settings,
    inbox,
    client,
):
    w = await build_world()
    member, chair = w.people["member"], w.people["chair"]
    meeting = w.meetings[Classification.PUBLIC]
    await notified(member, SCHEDULED, "Meeting scheduled", "meeting", meeting.id)
    await send_all(mail_settings)
    path = urlsplit(inbox.messages[0]["List-Unsubscribe"][1:-1]).path

    # Forged: a token for the chair made with another key, or a token altered.
    forged = unsubscribe.token(
        "another-key-that-is-long-enough-0123456789", chair.id, "BALLOT_OPENED"
    )
    for bad in (f"/unsubscribe/{forged}", path[:-2] + ("AA" if path[-2:] != "AA" else "BB")):
        refused = await client.post(bad, data={"List-Unsubscribe": "One-Click"})
        assert refused.status_code == 400
        assert "not valid" in refused.text
    assert await NotificationPreference.all().count() == 0

    # Following the link (a person, or a scanner) only asks.
    page = await client.get(path)
    assert page.status_code == 200 and "Unsubscribe" in page.text and 'method="post"' in page.text
    assert await NotificationPreference.all().count() == 0

    # The mail client's one-click POST (RFC 8058): no session, no CSRF token.
    done = await client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "Unsubscribed" in done.text
    preference = await NotificationPreference.get(person_id=member.id)
    assert (preference.kind, preference.email, preference.digest) == (SCHEDULED, False, False)

    # That kind no longer comes by email (even an item queued before); another kind does.
    await notified(member, SCHEDULED, "Another meeting scheduled", "meeting", meeting.id)
    await notified(member, NotificationKind.MINUTES_APPROVED, "Minutes approved", "body",
                   w.bodies["sc"].id)  # fmt: skip
    await send_all(mail_settings)
    assert [m["Subject"] for m in inbox.messages[1:]] == ["Minutes approved"]


async def test_without_smtp_email_items_are_closed_at_once_not_kept(settings, inbox):
    w = await build_world()
    assert settings.smtp_url is None
    item = await notified(w.people["member"], SCHEDULED, "Meeting scheduled")
    await send_all(settings)
    row = await OutboxItem.get(id=item.id)
    assert (row.status, row.attempts) == (OutboxStatus.FAILED, 1)
    assert "email is off" in row.last_error
    assert inbox.messages == []
    assert await outbox.claim() == []  # nothing piles up


async def test_the_daily_digest_gathers_the_digest_kinds_once_a_day(mail_settings, inbox):
    w = await build_world()
    # The world was built through the workflows, which queued their own emails: not this test's.
    await OutboxItem.all().delete()
    member = w.people["member"]
    await NotificationPreference.create(person_id=member.id, kind=SCHEDULED, digest=True,
                                        email=False)  # fmt: skip
    morning = datetime.now(UTC).replace(hour=8, minute=0, second=0, microsecond=0)
    public, confidential = (
        w.meetings[Classification.PUBLIC],
        w.meetings[Classification.CONFIDENTIAL],
    )
    with clock.set_to(morning - timedelta(hours=3)):
        # Digest kinds are not enqueued one by one ("notify" writes no item): rows only.
        for meeting in (public, confidential):
            await Notification.create(person_id=member.id, kind=SCHEDULED, subject_id=meeting.id,
                                      title=f"Meeting scheduled: {meeting.title}",
                                      subject_type="meeting", created_at=clock.now())  # fmt: skip
        await Notification.create(person_id=member.id, kind=NotificationKind.MINUTES_APPROVED,
                                  title="Minutes approved", created_at=clock.now())  # fmt: skip
    with clock.set_to(morning):
        assert (await schedule.run_daily()).digests == 1
        assert (await schedule.run_daily()).digests == 0  # a restart, a second worker
        await send_all(mail_settings)

    def received() -> list:  # the member's (the daily run also reminds others of their items)
        return [m for m in inbox.messages if member.email in m["To"]]

    (digest,) = received()
    assert digest["Subject"] == "2 notifications from Indaba since your last digest"
    text = text_of(digest)
    assert "Meeting scheduled: PUBLIC meeting" in text
    assert "Meeting scheduled: CONFIDENTIAL meeting" in text
    assert f"{PUBLIC}/admin/meetings/{confidential.id}" in text
    assert "Minutes approved" not in text  # not a digest kind: emailed on its own, or not
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # The next day: nothing new, no digest; then one more, and only it is in the next.
    with clock.set_to(morning + timedelta(days=1)):
        assert (await schedule.run_daily()).digests == 0
        await Notification.create(person_id=member.id, kind=SCHEDULED, subject_id=public.id,
                                  title="Meeting scheduled: the next one",
                                  subject_type="meeting", created_at=clock.now())  # fmt: skip
    with clock.set_to(morning + timedelta(days=2)):
        assert (await schedule.run_daily()).digests == 1
        await send_all(mail_settings)
    assert [m["Subject"] for m in received()[1:]] == [
        "1 notification from Indaba since your last digest"
    ]
    assert "the next one" in text_of(received()[1])
    assert "PUBLIC meeting" not in text_of(received()[1])


def test_the_smtp_settings_come_from_the_environment():
    from server.settings import Settings, SettingsError

    with pytest.raises(SettingsError, match="INDABA_SMTP_URL must look like smtp://"):
        Settings.from_env({"INDABA_SMTP_URL": "http://mail.example.org"})
    off = Settings.from_env({})
    assert (off.smtp_url, off.mail_from) == (None, "Indaba <indaba@localhost>")
    on = Settings.from_env(
        {
            "INDABA_SMTP_URL": "smtps://indaba:pw@mail.example.org",
            "INDABA_MAIL_FROM": "MCPP <x@y.org>",
        }
    )
    assert (on.smtp_url, on.mail_from) == ("smtps://indaba:pw@mail.example.org", "MCPP <x@y.org>")


async def test_each_subject_links_to_its_page_and_titles_are_escaped_in_html(mail_settings, inbox):
    from governance.models import Minutes
    from server.emails import item_path

    w = await build_world()
    meeting = w.meetings[Classification.PUBLIC]
    minutes = await Minutes.create(meeting_id=meeting.id, content="Opened at 10:00.")
    item = w.action_items[Classification.PUBLIC]
    assert await item_path("minutes", minutes.id) == f"/admin/meetings/{meeting.id}"
    assert await item_path("action_item", item.id) == f"/admin/action-items#item-{item.id}"
    assert await item_path("update", 7) == "/admin/updates/7"
    assert await item_path("body", 3) == "/admin/bodies/3"
    assert await item_path(None, None) == "/admin/notifications"

    await notified(w.people["member"], SCHEDULED, "Q&A <b>session</b>", "meeting", meeting.id)
    await send_all(mail_settings)
    (received,) = inbox.messages
    assert "Q&amp;A &lt;b&gt;session&lt;/b&gt;" in html_of(received)
    assert "<b>session" not in html_of(received)
    assert "Q&A <b>session</b>" in text_of(received)
