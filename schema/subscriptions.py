"""Live feeds: a ballot's tally, and updates as they are published.

Every event is re-read through the subscriber's own filter as the viewer of
that moment (Context.refresh: the credential checked again, memberships
reloaded): a subscriber who may no longer see a motion receives nothing, and one
whose credential is gone is disconnected.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry
from graphql import GraphQLError

from governance import events
from governance.errors import DomainError, NotFound
from schema import ids
from schema.communications import Update
from schema.context import Info
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
