"""The GraphQL schema: one module per area, composed here (NetBox-style)."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig

from schema.access import AccessMutation
from schema.action_items import ActionItemsMutation, ActionItemsQuery
from schema.agreements import AgreementsMutation, AgreementsQuery
from schema.audit import AuditQuery
from schema.bodies import AdvisoryBoard, BodiesMutation, BodiesQuery, Committee
from schema.communications import CommunicationsMutation, CommunicationsQuery
from schema.decisions import DecisionsMutation, DecisionsQuery
from schema.errors import ErrorCodes
from schema.limits import CredentialsFirst, IntrospectionForSignedIn
from schema.meetings import MeetingsMutation, MeetingsQuery
from schema.node import NodeQuery
from schema.people import PeopleMutation, PeopleQuery
from schema.recommendations import RecommendationsMutation, RecommendationsQuery
from schema.subscriptions import Subscription
from schema.votes import VotesMutation


@strawberry.type
class Query(
    NodeQuery,
    PeopleQuery,
    BodiesQuery,
    MeetingsQuery,
    DecisionsQuery,
    AgreementsQuery,
    RecommendationsQuery,
    ActionItemsQuery,
    CommunicationsQuery,
    AuditQuery,
):
    pass


@strawberry.type
class Mutation(
    PeopleMutation,
    BodiesMutation,
    AccessMutation,
    MeetingsMutation,
    VotesMutation,
    DecisionsMutation,
    AgreementsMutation,
    RecommendationsMutation,
    ActionItemsMutation,
    CommunicationsMutation,
):
    pass


class IndabaSchema(strawberry.Schema):
    def process_errors(self, errors: list[Any], execution_context: Any = None) -> None:
        """Client mistakes are not server errors: schema.errors logs the unexpected ones."""


def build_schema(
    *,
    max_depth: int = 12,
    max_aliases: int = 30,
    max_tokens: int = 4000,
    production: bool = False,
) -> IndabaSchema:
    extensions: list[object] = [
        lambda: ErrorCodes(hide_suggestions=production),
        lambda: QueryDepthLimiter(max_depth=max_depth),
        lambda: MaxAliasesLimiter(max_alias_count=max_aliases),
        lambda: MaxTokensLimiter(max_token_count=max_tokens),
        lambda: ParserCache(maxsize=256),
        lambda: ValidationCache(maxsize=256),
        CredentialsFirst,  # last: its refusal replaces what validation found
    ]
    if production:
        extensions.insert(1, IntrospectionForSignedIn)
    return IndabaSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[Committee, AdvisoryBoard],
        extensions=extensions,  # type: ignore[arg-type]
        config=StrawberryConfig(),
    )
