"""Public updates: the communications team's queue and the public feed."""

from __future__ import annotations

from datetime import datetime

import strawberry

from governance import communications, markdown
from governance import models as m
from permissions import kinds
from schema import ids
from schema.attachments import Document, documents_of
from schema.context import Info
from schema.decisions import Decision
from schema.enums import UpdateStatus
from schema.node import Backed, Node
from schema.pagination import Connection, Order, paginate
from schema.people import Person

UPDATE_ORDER = Order.of(kinds.UPDATE)


@strawberry.type
class Update(Backed[m.Update], Node):
    _model = m.Update
    title: str
    summary: str | None
    body: str
    status: UpdateStatus
    urgent: bool = strawberry.field(
        description="Rapid communication for an emergency or a sensitive matter."
    )
    published_at: datetime | None
    author_id: strawberry.Private[int | None]
    approved_by_id: strawberry.Private[int | None]
    translation_of_id: strawberry.Private[int | None]
    language: str = strawberry.field(
        description="Language of this text, as a BCP 47 tag: en, fr, pt ..."
    )

    # Not in the published contract (an addition): submitting again clears it, so it is
    # never shown on a published update.
    return_reason: str | None = strawberry.field(
        description="Why a reviewer returned it to its author: set while it is a DRAFT "
        "after a return, null otherwise."
    )

    @strawberry.field
    def body_html(self) -> str:
        return markdown.render(self.body)

    @strawberry.field
    async def author(self, info: Info) -> Person | None:
        who = self.author_id
        return None if who is None else await info.context.loaders.one(Person).load(who)

    @strawberry.field
    async def approved_by(self, info: Info) -> Person | None:
        who = self.approved_by_id
        return None if who is None else await info.context.loaders.one(Person).load(who)

    @strawberry.field(
        description="The decisions this update communicates; each must be CLEARED_FOR_RELEASE."
    )
    async def decisions(self, info: Info) -> list[Decision]:
        loader = info.context.loaders.linked(Decision, m.Update, "decisions", ("reference",))
        return await loader.load(self.id)

    @strawberry.field(
        description="The same update in other languages (only those the viewer may see)."
    )
    async def translations(self, info: Info) -> list[Update]:
        # The original and its translations, each batched over the whole list: a list of
        # updates costs the same few statements whatever its length.
        group = self.translation_of_id or self.id
        loaders = info.context.loaders
        members = list(await loaders.many(Update, "translation_of_id").load(group))
        if self.translation_of_id is not None:
            original = await loaders.one(Update).load(group)
            members += [original] if original is not None else []
        others = [u for u in members if u.id != self.id]
        return sorted(others, key=lambda u: (u.language, u.id))

    @strawberry.field(description="Its documents, newest first.")
    async def documents(self, info: Info) -> list[Document]:
        return await documents_of(info, "update_id", self.id)


@strawberry.input
class DraftUpdateInput:
    title: str
    summary: str | None = None
    body: str
    urgent: bool | None = None
    decision_ids: list[strawberry.ID] | None = None
    language: str | None = "en"
    translation_of_id: strawberry.ID | None = None


@strawberry.input
class UpdateDraftInput:
    title: str | None = None
    summary: str | None = strawberry.field(
        default=None, description="An empty text clears the summary; null leaves it."
    )
    body: str | None = None
    urgent: bool | None = None
    decision_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="The decisions it reports, all of them; null leaves them."
    )


@strawberry.type
class CommunicationsQuery:
    @strawberry.field(description="Published communications, newest first: the public feed.")
    async def updates(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        status: UpdateStatus | None = None,
    ) -> Connection[Update]:
        queryset = info.context.loaders.visible(Update)
        if status is not None:
            queryset = queryset.filter(status=status)
        return await paginate(queryset, UPDATE_ORDER, first, after)


def _update_id(value: strawberry.ID) -> int:
    return ids.require(value, "updateId", "Update")


@strawberry.type
class CommunicationsMutation:
    @strawberry.mutation
    async def draft_update(self, info: Info, input: DraftUpdateInput) -> Update:
        update = await communications.draft_update(
            info.context.viewer,
            title=input.title,
            summary=input.summary,
            body=input.body,
            urgent=bool(input.urgent),
            decision_ids=ids.parse_many(input.decision_ids, "decisionIds", "Decision"),
            language="en" if input.language is None else input.language,
            translation_of_id=None
            if input.translation_of_id is None
            else ids.require(input.translation_of_id, "translationOfId", "Update"),
        )
        return Update.of(update)

    @strawberry.mutation(description="The author, while DRAFT.")
    async def update_draft(
        self, info: Info, update_id: strawberry.ID, input: UpdateDraftInput
    ) -> Update:
        decision_ids = None
        if input.decision_ids is not None:
            decision_ids = ids.parse_many(input.decision_ids, "decisionIds", "Decision")
        update = await communications.update_draft(
            info.context.viewer,
            update_id=_update_id(update_id),
            title=input.title,
            summary=input.summary,
            body=input.body,
            urgent=input.urgent,
            decision_ids=decision_ids,
        )
        return Update.of(update)

    @strawberry.mutation(
        description="A reviewer sends an IN_REVIEW update back to DRAFT with a reason."
    )
    async def return_update(self, info: Info, update_id: strawberry.ID, reason: str) -> Update:
        update = await communications.return_update(
            info.context.viewer, update_id=_update_id(update_id), reason=reason
        )
        return Update.of(update)

    @strawberry.mutation
    async def submit_update(self, info: Info, update_id: strawberry.ID) -> Update:
        update = await communications.submit_update(
            info.context.viewer, update_id=_update_id(update_id)
        )
        return Update.of(update)

    @strawberry.mutation(description="By a COMMUNICATIONS person other than the author.")
    async def approve_update(self, info: Info, update_id: strawberry.ID) -> Update:
        update = await communications.approve_update(
            info.context.viewer, update_id=_update_id(update_id)
        )
        return Update.of(update)

    @strawberry.mutation
    async def publish_update(self, info: Info, update_id: strawberry.ID) -> Update:
        update = await communications.publish_update(
            info.context.viewer, update_id=_update_id(update_id)
        )
        return Update.of(update)

    @strawberry.mutation
    async def retract_update(self, info: Info, update_id: strawberry.ID, reason: str) -> Update:
        update = await communications.retract_update(
            info.context.viewer, update_id=_update_id(update_id), reason=reason
        )
        return Update.of(update)
