"""The notification emails: one per notification set to email, and the daily digest.

Each is built when the worker sends it, from the record as it is then. Nothing is sent
(the builder answers None, the outbox item is done) when:
- the recipient may no longer see the subject (a meeting made CONFIDENTIAL, a
  membership ended since): the visibility querysets of permissions/ decide, as for a
  page;
- the recipient turned email off for the kind since (an unsubscribe, the preferences);
- the recipient has no address, is an integration account, or is gone.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from email.message import EmailMessage
from typing import cast

from governance.enums import NotificationKind
from governance.models import Notification, NotificationPreference, OutboxItem, Person
from permissions import Viewer, kinds, load_viewer
from server import i18n, unsubscribe
from server.emails import NOTIFICATIONS, absolute, compose, environment, item_path
from server.messages import MailContext, builder

DIGEST = unsubscribe.DIGEST


async def _recipient(item: OutboxItem) -> Person | None:
    person = await Person.get_or_none(id=item.person_id) if item.person_id else None
    if person is None or not person.email or person.is_integration:
        return None
    return person


async def _visible_ids(viewer: Viewer, subject_type: str, ids: set[int]) -> set[int]:
    """Of `ids`, the rows of `subject_type` the viewer may see now (one query)."""
    declared = kinds.BY_NAME.get(subject_type)
    if declared is None:
        return set()  # a subject no rule covers is never shown
    seen = await declared.visible(viewer).filter(id__in=ids).values_list("id", flat=True)
    return set(cast(list[int], seen))


async def _still_visible(viewer: Viewer, notifications: list[Notification]) -> list[Notification]:
    """The notifications whose subject the viewer may still see (one query per kind of
    subject); one without a subject is always kept."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for notification in notifications:
        if notification.subject_type and notification.subject_id is not None:
            wanted[notification.subject_type].add(notification.subject_id)
    seen = {
        (subject_type, subject_id)
        for subject_type, ids in wanted.items()
        for subject_id in await _visible_ids(viewer, subject_type, ids)
    }
    return [
        n
        for n in notifications
        if not n.subject_type or n.subject_id is None or (n.subject_type, n.subject_id) in seen
    ]


async def _emails_now(person_id: int, kind: NotificationKind) -> bool:
    """The preference as it is at send time: no row is email as it happens."""
    preference = await NotificationPreference.get_or_none(person_id=person_id, kind=kind)
    return preference is None or (preference.email and not preference.digest)


@builder(*(kind.value for kind in NotificationKind))
async def notification_email(item: OutboxItem, mail: MailContext) -> EmailMessage | None:
    person = await _recipient(item)
    notification_id = item.payload.get("notification_id")
    if person is None or not isinstance(notification_id, int):
        return None
    notification = await Notification.get_or_none(id=notification_id, person_id=person.id)
    if notification is None or not await _emails_now(person.id, notification.kind):
        return None
    viewer = await load_viewer(person)
    if not await _still_visible(viewer, [notification]):
        return None
    path = await item_path(notification.subject_type, notification.subject_id)
    token = unsubscribe.token(mail.secret_key, person.id, notification.kind.value)
    with i18n.speaking(person.language):  # the title is the record's, the words the reader's
        return compose(
            mail,
            person,
            notification.title,
            "notification",
            {
                "kind": notification.kind.value,
                "title": notification.title,
                "link": absolute(mail, path),
            },
            unsubscribe=absolute(mail, f"/unsubscribe/{token}"),
        )


@builder(DIGEST)
async def digest_email(item: OutboxItem, mail: MailContext) -> EmailMessage | None:
    """The notifications of the person's digest kinds in [since, until), still visible."""
    person = await _recipient(item)
    if person is None:
        return None
    since = datetime.fromisoformat(item.payload["since"])
    until = datetime.fromisoformat(item.payload["until"])
    gathered = await NotificationPreference.filter(person_id=person.id, digest=True).values_list(
        "kind", flat=True
    )
    notifications = await Notification.filter(
        person_id=person.id, kind__in=list(gathered), created_at__gte=since, created_at__lt=until
    ).order_by("created_at", "id")
    notifications = await _still_visible(await load_viewer(person), notifications)
    if not notifications:
        return None
    entries = [
        {"title": n.title, "link": absolute(mail, await item_path(n.subject_type, n.subject_id))}
        for n in notifications
    ]
    token = unsubscribe.token(mail.secret_key, person.id, DIGEST)
    with i18n.speaking(person.language):
        subject = environment.get_template("email/digest_subject.txt").render(count=len(entries))
        return compose(
            mail,
            person,
            subject.strip(),
            "digest",
            {"entries": entries, "notifications_url": absolute(mail, NOTIFICATIONS)},
            unsubscribe=absolute(mail, f"/unsubscribe/{token}"),
        )
