"""Live feeds: a ballot's tally, and updates as they are published.

Every event is re-read through the subscriber's own filter, with their
relations reloaded: a subscriber who may not see a motion receives nothing.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry
from graphql import GraphQLError

from governance import events
from governance import models as m
from governance.errors import DomainError, NotFound
from permissions import load_viewer
from schema import ids
from schema.communications import Update
from schema.context import Info
from schema.loaders import Loaders
from schema.votes import Motion


def _as_graphql(error: DomainError) -> GraphQLError:
    return GraphQLError(error.message, extensions={"code": error.code})


async def _refresh(info: Info) -> None:
    """Reload the subscriber's relations and forget cached rows before each event."""
    context = info.context
    if context.viewer.person_id is not None:
        person = await m.Person.get_or_none(id=context.viewer.person_id)
        if person is not None:
            context.viewer = await load_viewer(person)
    context.loaders = Loaders(context.viewer)


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
            if not await info.context.loaders.visible("motion").filter(id=motion_pk).exists():
                raise NotFound("No motion with that id.")
        except DomainError as error:
            raise _as_graphql(error) from None
        async with events.subscription(events.tally_topic(motion_pk)) as queue:
            while True:
                await queue.get()
                await _refresh(info)
                motion = await info.context.loaders.visible("motion").filter(id=motion_pk).first()
                if motion is not None:
                    yield motion  # type: ignore[misc]

    @strawberry.subscription(description="Each update as it is published.")
    async def update_published(self, info: Info) -> AsyncGenerator[Update, None]:
        async with events.subscription(events.UPDATES_TOPIC) as queue:
            while True:
                update_id = await queue.get()
                await _refresh(info)
                update = await info.context.loaders.visible("update").filter(id=update_id).first()
                if update is not None:
                    yield update  # type: ignore[misc]
