"""Telling people what needs them: one row per recipient, in the change's transaction.

The row is written in the same transaction as the change it reports (an outbox):
a change that rolls back tells nobody, and one that commits cannot lose its
notifications. A recipient is told only about a subject they may see at that
moment, in a title that names nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, cast

from tortoise.queryset import QuerySet

from governance import clock
from governance.enums import MemberRole, NotificationKind
from governance.models import Membership, Notification, Person
from governance.models.bodies import in_force_on
from permissions import Viewer, load_viewer

Visible = Callable[[Viewer], QuerySet[Any]]


async def notify(
    kind: NotificationKind,
    recipients: Iterable[int | None],
    title: str,
    *,
    subject_type: str | None = None,
    subject_id: int | None = None,
    visible: Visible | None = None,
) -> list[Notification]:
    """Write the notifications of one change. Call inside the change's transaction.

    `visible` is how the recipients' view of the subject is decided (a visibility
    queryset); without it the subject is public (a body, a person)."""
    people = await Person.filter(id__in={r for r in recipients if r is not None})
    rows = []
    for person in people:
        if visible is not None and subject_id is not None:
            seen = await visible(await load_viewer(person)).filter(id=subject_id).exists()
            if not seen:
                continue
        rows.append(
            Notification(
                person_id=person.id,
                kind=kind,
                title=title[:300],
                subject_type=subject_type,
                subject_id=subject_id,
                created_at=clock.now(),
            )
        )
    await Notification.bulk_create(rows)
    return rows


async def chairs_of(body_ids: Iterable[int], on: date) -> list[int]:
    """The chairs in office on a day."""
    chairs = await Membership.filter(
        in_force_on(on), body_id__in=list(body_ids), role=MemberRole.CHAIR
    ).values_list("person_id", flat=True)
    return cast(list[int], chairs)
