"""Live feeds: a ballot's tally, updates as they are published, one's notifications.

Every event is re-read through the subscriber's own filter as the viewer of
that moment (Context.refresh: the credential checked again, memberships
reloaded): a subscriber who may no longer see a motion receives nothing, and one
whose credential is gone is disconnected.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry
from graphql import GraphQLError

from governance import events, notifications
from governance.errors import DomainError, NotFound, Unauthenticated
from schema import ids
from schema.communications import Update
from schema.context import Info
from schema.notifications import Notification
from schema.votes import Motion


def _as_graphql(error: DomainError) -> GraphQLError:
    return GraphQLError(error.message, extensions={"code": error.code})


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="Live tally while a ballot is open (no individual choices for a secret ballot)."
    )
    async def tally_changed(
        self, info: Info, motion_id: strawberry.ID
    ) -> AsyncGenerator[Motion, None]:
        try:
            motion_pk = ids.require(motion_id, "motionId", "Motion")
            if not await info.context.loaders.visible(Motion).filter(id=motion_pk).exists():
                raise NotFound("No motion with that id.")
        except DomainError as error:
            raise _as_graphql(error) from None
        async with events.subscription(events.tally_topic(motion_pk)) as queue:
            while True:
                await queue.get()
                if not await info.context.refresh():
                    return  # the credential is gone; the connection is closing
                motion = await info.context.loaders.visible(Motion).filter(id=motion_pk).first()
                if motion is not None:
                    yield Motion.of(motion)

    @strawberry.subscription(description="Each update as it is published.")
    async def update_published(self, info: Info) -> AsyncGenerator[Update, None]:
        async with events.subscription(events.UPDATES_TOPIC) as queue:
            while True:
                update_id = await queue.get()
                if not await info.context.refresh():
                    return
                update = await info.context.loaders.visible(Update).filter(id=update_id).first()
                if update is not None:
                    yield Update.of(update)

    @strawberry.subscription(
        description="Each notification addressed to the viewer, as it is created."
    )
    async def notification_received(self, info: Info) -> AsyncGenerator[Notification, None]:
        person_id = info.context.viewer.person_id
        if person_id is None:
            raise _as_graphql(Unauthenticated())
        # Only the recipient's own topic is listened to, and each row is read again
        # through the viewer's filter (their own notifications) when it arrives.
        async with events.subscription(notifications.notification_topic(person_id)) as queue:
            while True:
                notification_id = await queue.get()
                if not await info.context.refresh():
                    return
                row = (
                    await info.context.loaders.visible(Notification)
                    .filter(id=notification_id)
                    .first()
                )
                if row is not None:
                    yield Notification.of(row)
