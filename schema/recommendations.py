"""Recommendations from advisory boards, and the committees' responses."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from governance import models as m
from governance import recommendations
from governance.enums import RecommendationStatus as DomainStatus
from permissions import kinds
from schema import ids
from schema.attachments import Document, documents_of
from schema.bodies import AdvisoryBoard, Committee
from schema.context import Info
from schema.enums import Classification, RecommendationStatus
from schema.node import Backed, Node, row_of
from schema.pagination import Connection, Order, paginate
from schema.people import Person

if TYPE_CHECKING:
    from schema.decisions import Decision

RECOMMENDATION_ORDER = Order.of(kinds.RECOMMENDATION)


@strawberry.type
class RecommendationResponse:
    text: str
    responded_at: datetime
    _responded_by: strawberry.Private[int | None]
    _decision: strawberry.Private[int | None]

    @strawberry.field
    async def responded_by(self, info: Info) -> Person | None:
        who = self._responded_by
        return None if who is None else await info.context.loaders.one(Person).load(who)

    @strawberry.field
    async def decision(
        self, info: Info
    ) -> Annotated[Decision, strawberry.lazy("schema.decisions")] | None:
        from schema.decisions import Decision

        if self._decision is None:
            return None
        return await info.context.loaders.one(Decision).load(self._decision)


@strawberry.type
class Recommendation(Backed[m.Recommendation], Node):
    _model = m.Recommendation
    reference: str
    title: str
    text: str
    rationale: str | None
    status: RecommendationStatus
    classification: Classification
    submitted_at: datetime | None
    board_id: strawberry.Private[int]
    addressed_to_id: strawberry.Private[int]

    @strawberry.field
    async def board(self, info: Info) -> AdvisoryBoard:
        return await info.context.loaders.required(AdvisoryBoard).load(self.board_id)

    @strawberry.field
    async def addressed_to(self, info: Info) -> Committee:
        return await info.context.loaders.required(Committee).load(self.addressed_to_id)

    @strawberry.field
    def response(self) -> RecommendationResponse | None:
        row = row_of(self)
        if row.responded_at is None or row.response_text is None:
            return None
        return RecommendationResponse(
            text=row.response_text,
            responded_at=row.responded_at,
            _responded_by=row.responded_by_id,
            _decision=row.response_decision_id,
        )

    @strawberry.field(description="Its documents, newest first.")
    async def documents(self, info: Info) -> list[Document]:
        return await documents_of(info, "recommendation_id", self.id)


@strawberry.input
class DraftRecommendationInput:
    board_id: strawberry.ID
    addressed_to_id: strawberry.ID
    title: str
    text: str
    rationale: str | None = None
    classification: Classification


@strawberry.input
class RespondToRecommendationInput:
    recommendation_id: strawberry.ID
    status: RecommendationStatus
    text: str
    decision_id: strawberry.ID | None = None


@strawberry.type
class RecommendationsQuery:
    @strawberry.field
    async def recommendations(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        board_id: strawberry.ID | None = None,
        addressed_to_id: strawberry.ID | None = None,
        status: RecommendationStatus | None = None,
    ) -> Connection[Recommendation]:
        queryset = info.context.loaders.visible(Recommendation)
        if board_id is not None:
            queryset = queryset.filter(board_id=ids.require(board_id, "boardId", "AdvisoryBoard"))
        if addressed_to_id is not None:
            queryset = queryset.filter(
                addressed_to_id=ids.require(addressed_to_id, "addressedToId", "Committee")
            )
        if status is not None:
            queryset = queryset.filter(status=status)
        return await paginate(queryset, RECOMMENDATION_ORDER, first, after)


def _rec_id(value: strawberry.ID) -> int:
    return ids.require(value, "recommendationId", "Recommendation")


@strawberry.type
class RecommendationsMutation:
    @strawberry.mutation
    async def draft_recommendation(
        self, info: Info, input: DraftRecommendationInput
    ) -> Recommendation:
        recommendation = await recommendations.draft_recommendation(
            info.context.viewer,
            board_id=ids.require(input.board_id, "boardId", *ids.BODY),
            addressed_to_id=ids.require(input.addressed_to_id, "addressedToId", *ids.BODY),
            title=input.title,
            text=input.text,
            rationale=input.rationale,
            classification=input.classification,
        )
        return Recommendation.of(recommendation)

    @strawberry.mutation
    async def submit_recommendation(
        self, info: Info, recommendation_id: strawberry.ID
    ) -> Recommendation:
        recommendation = await recommendations.submit_recommendation(
            info.context.viewer, recommendation_id=_rec_id(recommendation_id)
        )
        return Recommendation.of(recommendation)

    @strawberry.mutation(description="Withdraw a recommendation before the committee responds.")
    async def withdraw_recommendation(
        self, info: Info, recommendation_id: strawberry.ID
    ) -> Recommendation:
        recommendation = await recommendations.withdraw_recommendation(
            info.context.viewer, recommendation_id=_rec_id(recommendation_id)
        )
        return Recommendation.of(recommendation)

    @strawberry.mutation
    async def respond_to_recommendation(
        self, info: Info, input: RespondToRecommendationInput
    ) -> Recommendation:
        recommendation = await recommendations.respond_to_recommendation(
            info.context.viewer,
            recommendation_id=_rec_id(input.recommendation_id),
            status=DomainStatus(input.status),
            text=input.text,
            decision_id=ids.parse(input.decision_id, "decisionId", "Decision"),
        )
        return Recommendation.of(recommendation)
