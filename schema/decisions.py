"""The decisions register."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry
from tortoise.expressions import Subquery

from governance import decisions, markdown
from governance import models as m
from governance.search import matching
from permissions import kinds
from schema import ids
from schema.attachments import Document, documents_of
from schema.bodies import Committee
from schema.context import Info
from schema.enums import Classification, DecisionStatus, ReleaseStatus
from schema.node import Backed, Node
from schema.pagination import Connection, Order, paginate

if TYPE_CHECKING:
    from schema.action_items import ActionItem
    from schema.agreements import Agreement
    from schema.recommendations import Recommendation
    from schema.votes import Motion

DECISION_ORDER = Order.of(kinds.DECISION)


@strawberry.type
class Decision(Backed[m.Decision], Node):
    _model = m.Decision
    reference: str = strawberry.field(
        description="Unique, human-readable, never reused, e.g. SC-2026-007."
    )
    title: str
    text: str
    decided_on: date
    classification: Classification
    status: DecisionStatus
    release: ReleaseStatus
    committee_id: strawberry.Private[int]
    motion_id: strawberry.Private[int | None]
    supersedes_id: strawberry.Private[int | None]
    agreement_id: strawberry.Private[int | None]
    recommendation_id: strawberry.Private[int | None]

    @strawberry.field
    def text_html(self) -> str:
        return markdown.render(self.text)

    @strawberry.field
    async def committee(self, info: Info) -> Committee:
        return await info.context.loaders.required(Committee).load(self.committee_id)

    @strawberry.field
    async def motion(self, info: Info) -> Annotated[Motion, strawberry.lazy("schema.votes")] | None:
        from schema.votes import Motion

        motion = self.motion_id
        return None if motion is None else await info.context.loaders.one(Motion).load(motion)

    @strawberry.field
    async def supersedes(self, info: Info) -> Decision | None:
        old = self.supersedes_id
        return None if old is None else await info.context.loaders.one(Decision).load(old)

    @strawberry.field
    async def superseded_by(self, info: Info) -> Decision | None:
        return await info.context.loaders.one(Decision, by="supersedes_id").load(self.id)

    @strawberry.field
    async def agreement(
        self, info: Info
    ) -> Annotated[Agreement, strawberry.lazy("schema.agreements")] | None:
        from schema.agreements import Agreement

        agreement = self.agreement_id
        if agreement is None:
            return None
        return await info.context.loaders.one(Agreement).load(agreement)

    @strawberry.field
    async def recommendation(
        self, info: Info
    ) -> Annotated[Recommendation, strawberry.lazy("schema.recommendations")] | None:
        from schema.recommendations import Recommendation

        rec = self.recommendation_id
        return None if rec is None else await info.context.loaders.one(Recommendation).load(rec)

    @strawberry.field
    async def action_items(
        self, info: Info
    ) -> list[Annotated[ActionItem, strawberry.lazy("schema.action_items")]]:
        from schema.action_items import ActionItem

        return await info.context.loaders.many(ActionItem, "decision_id").load(self.id)

    @strawberry.field(description="Its documents, newest first.")
    async def documents(self, info: Info) -> list[Document]:
        return await documents_of(info, "decision_id", self.id)


@strawberry.input
class RecordDecisionInput:
    committee_id: strawberry.ID = strawberry.field(
        description="Record a decision taken without a ballot (by consensus or resolution)."
    )
    title: str
    text: str
    decided_on: date
    classification: Classification
    agreement_id: strawberry.ID | None = None
    recommendation_id: strawberry.ID | None = None
    supersedes_id: strawberry.ID | None = None


@strawberry.type
class DecisionsQuery:
    @strawberry.field
    async def decisions(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        committee_id: strawberry.ID | None = None,
        status: DecisionStatus | None = None,
        agreement_id: strawberry.ID | None = None,
        decided_from: date | None = None,
        decided_to: date | None = None,
        search: Annotated[
            str | None,
            strawberry.argument(description="Words to find in the reference, title or text."),
        ] = None,
    ) -> Connection[Decision]:
        queryset = info.context.loaders.visible(Decision)
        if committee_id is not None:
            queryset = queryset.filter(
                committee_id=ids.require(committee_id, "committeeId", "Committee")
            )
        if status is not None:
            queryset = queryset.filter(status=status)
        if agreement_id is not None:
            from schema.agreements import Agreement

            # Only an agreement the viewer may see filters anything: naming a hidden one
            # finds nothing, exactly like an id never issued.
            visible = info.context.loaders.visible(Agreement).values("id")
            queryset = queryset.filter(
                agreement_id=ids.require(agreement_id, "agreementId", "Agreement"),
                agreement_id__in=Subquery(visible),
            )
        if decided_from is not None:
            queryset = queryset.filter(decided_on__gte=decided_from)
        if decided_to is not None:
            queryset = queryset.filter(decided_on__lte=decided_to)
        if search is not None:
            queryset = queryset.filter(await matching(search, m.Decision))
        return await paginate(queryset, DECISION_ORDER, first, after)

    @strawberry.field
    async def decision(self, info: Info, reference: str) -> Decision | None:
        if len(reference) > 32:
            return None
        return await info.context.loaders.one(Decision, by="reference").load(reference)


@strawberry.type
class DecisionsMutation:
    @strawberry.mutation
    async def record_decision(self, info: Info, input: RecordDecisionInput) -> Decision:
        decision = await decisions.record_decision(
            info.context.viewer,
            committee_id=ids.require(input.committee_id, "committeeId", *ids.BODY),
            title=input.title,
            text=input.text,
            decided_on=input.decided_on,
            classification=input.classification,
            agreement_id=ids.parse(input.agreement_id, "agreementId", "Agreement"),
            recommendation_id=ids.parse(
                input.recommendation_id, "recommendationId", "Recommendation"
            ),
            supersedes_id=ids.parse(input.supersedes_id, "supersedesId", "Decision"),
        )
        return Decision.of(decision)

    @strawberry.mutation
    async def revoke_decision(
        self, info: Info, decision_id: strawberry.ID, reason: str
    ) -> Decision:
        decision = await decisions.revoke_decision(
            info.context.viewer,
            decision_id=ids.require(decision_id, "decisionId", "Decision"),
            reason=reason,
        )
        return Decision.of(decision)

    @strawberry.mutation
    async def set_decision_release(
        self, info: Info, decision_id: strawberry.ID, release: ReleaseStatus
    ) -> Decision:
        decision = await decisions.set_release(
            info.context.viewer,
            decision_id=ids.require(decision_id, "decisionId", "Decision"),
            release=release,
        )
        return Decision.of(decision)
