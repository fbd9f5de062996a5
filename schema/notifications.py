"""Notifications: a person's own, on the Viewer; marking them read; preferences per kind;
and each new one live (Subscription.notification_received, schema.subscriptions)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from governance import inbox
from governance import models as m
from governance.enums import NotificationKind
from permissions import kinds
from schema import ids as global_ids
from schema.context import Info
from schema.node import Backed, Node, type_name
from schema.pagination import Connection, Order, paginate

NOTIFICATION_ORDER = Order.of(kinds.NOTIFICATION)


@strawberry.type
class Notification(Backed[m.Notification], Node):
    _model = m.Notification
    kind: NotificationKind
    title: str = strawberry.field(
        description="Plain text; never names an item the recipient may not see."
    )
    created_at: datetime
    read_at: datetime | None
    subject_type: strawberry.Private[str | None]
    subject_id: strawberry.Private[int | None]

    @strawberry.field(name="subjectId", description="Global id of what it is about.")
    async def subject_global_id(self, info: Info) -> strawberry.ID | None:
        # Only while the recipient may still see it: a subject since restricted, or gone,
        # leaves the title alone.
        if self.subject_type not in kinds.BY_NAME or self.subject_id is None:
            return None
        kind = kinds.get(self.subject_type)
        if not kind.types:
            return None
        row = await info.context.loaders.of_kind(kind).load(self.subject_id)
        return None if row is None else global_ids.encode(type_name(row), row.id)


@strawberry.type
class NotificationPreference:
    kind: NotificationKind
    email: bool = strawberry.field(description="Send an email as it happens.")
    digest: bool = strawberry.field(description="Gather it into a daily email instead.")

    @classmethod
    def of(cls, preference: inbox.Preference) -> NotificationPreference:
        return cls(kind=preference.kind, email=preference.email, digest=preference.digest)


@strawberry.input
class NotificationPreferenceInput:
    kind: NotificationKind
    email: bool
    digest: bool


@strawberry.type
class ViewerNotifications:
    """The Viewer's fields about its own notifications (schema.people.Viewer)."""

    @strawberry.field
    async def notifications(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        unread_only: bool | None = None,
    ) -> Connection[Notification]:
        rows = kinds.NOTIFICATION.visible(info.context.viewer)
        if unread_only:
            rows = rows.filter(read_at__isnull=True)
        return await paginate(rows, NOTIFICATION_ORDER, first, after)

    @strawberry.field
    async def unread_notifications(self, info: Info) -> int:
        return await inbox.unread_count(info.context.viewer)

    @strawberry.field
    async def notification_preferences(self, info: Info) -> list[NotificationPreference]:
        if info.context.viewer.person_id is None:
            return []
        return [NotificationPreference.of(p) for p in await inbox.preferences(info.context.viewer)]


@strawberry.type
class NotificationsMutation:
    @strawberry.mutation(
        description="Mark one's own notifications read (all of them without ids); how many were."
    )
    async def mark_notifications_read(
        self, info: Info, ids: list[strawberry.ID] | None = None
    ) -> int:
        wanted = None if ids is None else [_own_id(value) for value in ids]
        return await inbox.mark_read(info.context.viewer, wanted)

    @strawberry.mutation
    async def set_notification_preferences(
        self, info: Info, preferences: list[NotificationPreferenceInput]
    ) -> list[NotificationPreference]:
        chosen = [inbox.Preference(p.kind, p.email, p.digest) for p in preferences]
        return [
            NotificationPreference.of(p)
            for p in await inbox.set_preferences(info.context.viewer, chosen)
        ]


def _own_id(value: str) -> int:
    """A notification's row id from its global id (BAD_USER_INPUT for another type's)."""
    return global_ids.require(value, "ids", "Notification")
