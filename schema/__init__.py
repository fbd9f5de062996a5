"""The GraphQL schema: one module per area, composed here (NetBox-style)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from strawberry.extensions import MaxTokensLimiter, SchemaExtension
from strawberry.schema.config import StrawberryConfig

from schema.access import AccessMutation
from schema.action_items import ActionItemsMutation, ActionItemsQuery
from schema.agreements import AgreementsMutation, AgreementsQuery
from schema.attachments import DocumentsMutation, DocumentsQuery
from schema.audit import AuditQuery
from schema.bodies import AdvisoryBoard, BodiesMutation, BodiesQuery, Committee
from schema.communications import CommunicationsMutation, CommunicationsQuery
from schema.decisions import DecisionsMutation, DecisionsQuery
from schema.documents import Documents
from schema.errors import ErrorCodes
from schema.limits import CredentialsFirst, IntrospectionForSignedIn
from schema.meeting_corrections import MeetingCorrectionsMutation
from schema.meetings import MeetingsMutation, MeetingsQuery
from schema.minutes import MinutesMutation
from schema.node import NodeQuery
from schema.notifications import NotificationsMutation
from schema.people import PeopleMutation, PeopleQuery
from schema.recommendations import RecommendationsMutation, RecommendationsQuery
from schema.results_api import ResultsMutation, ResultsQuery
from schema.subscriptions import Subscription
from schema.validation import Validation, limit_rules
from schema.votes import VotesMutation
from schema.webhooks import WebhooksMutation


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
    DocumentsQuery,
    ResultsQuery,
    AuditQuery,
):
    pass


@strawberry.type
class Mutation(
    PeopleMutation,
    BodiesMutation,
    AccessMutation,
    MeetingsMutation,
    MeetingCorrectionsMutation,
    MinutesMutation,
    VotesMutation,
    DecisionsMutation,
    AgreementsMutation,
    RecommendationsMutation,
    ActionItemsMutation,
    ResultsMutation,
    CommunicationsMutation,
    DocumentsMutation,
    WebhooksMutation,
    NotificationsMutation,
):
    pass


class IndabaSchema(strawberry.Schema):
    documents: Documents  # its parsed documents (schema.documents)

    def process_errors(self, errors: list[Any], execution_context: Any = None) -> None:
        """Client mistakes are not server errors: schema.errors logs the unexpected ones."""


def build_schema(
    *,
    max_depth: int = 12,
    max_aliases: int = 30,
    max_tokens: int = 4000,
    query_budget: int = 25_000,
    production: bool = False,
) -> IndabaSchema:
    rules = limit_rules(max_depth=max_depth, max_aliases=max_aliases)  # once, not per request
    documents = Documents()  # parsed and validated once per text, for this schema's life
    extensions: list[type[SchemaExtension] | Callable[[], SchemaExtension]] = [
        lambda: ErrorCodes(hide_suggestions=production),
        lambda: MaxTokensLimiter(max_token_count=max_tokens),
        lambda: Validation(rules=rules, budget=query_budget, documents=documents),
        CredentialsFirst,  # last: its refusal replaces what validation found
    ]
    if production:
        extensions.insert(1, IntrospectionForSignedIn)
    schema = IndabaSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[Committee, AdvisoryBoard],
        extensions=extensions,
        config=StrawberryConfig(),
    )
    schema.documents = documents
    return schema
