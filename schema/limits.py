"""Guard rails on what one request may ask for."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType


class IntrospectionForSignedIn(SchemaExtension):
    """In production, anonymous viewers may not introspect the schema."""

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context.context
        viewer = getattr(context, "viewer", None)
        if viewer is None or viewer.is_anonymous:
            self.execution_context.validation_rules = (
                *self.execution_context.validation_rules,
                NoSchemaIntrospectionCustomRule,
            )
        yield


class CredentialsFirst(SchemaExtension):
    """A mutation is refused for who is asking before any argument is looked at: without
    credentials it is UNAUTHENTICATED, with a read-only token FORBIDDEN, whatever the
    arguments (a malformed id or a wrong type included). A subscription sent over plain
    HTTP is refused the same way: it has nowhere to deliver its events.

    Runs last among the validation hooks (after the validation cache has had its say) and
    replaces whatever validation found with the one refusal that matters."""

    def on_validate(self) -> Iterator[None]:
        refusal = self._refusal()
        if refusal is not None:
            self.execution_context.pre_execution_errors = [refusal]
        yield

    def _refusal(self) -> GraphQLError | None:
        execution = self.execution_context
        if execution.graphql_document is None:
            return None
        context = execution.context
        if execution.operation_type == OperationType.SUBSCRIPTION and getattr(
            context, "over_http", False
        ):
            return GraphQLError(
                "Subscriptions run over a WebSocket (graphql-transport-ws) at /graphql, "
                "not over HTTP.",
                extensions={"code": "BAD_USER_INPUT"},
            )
        if execution.operation_type != OperationType.MUTATION:
            return None
        viewer = getattr(context, "viewer", None)
        if viewer is None or viewer.is_anonymous:
            return GraphQLError(
                "Sign in, or send an API token, to do this.",
                extensions={"code": "UNAUTHENTICATED"},
            )
        if getattr(context, "read_only", False):
            return GraphQLError(
                "This API token is read-only: it may not change anything.",
                extensions={"code": "FORBIDDEN"},
            )
        return None
