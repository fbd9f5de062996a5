"""Parsing and validating a request once per distinct document, with its price taken first.

graphql-core validation is a fifth of a request's time. strawberry's cache keys
on (schema, document, rules), but the depth and alias limiters build a new rule
class per request, so it never hit. Here the limits' rules are built once, the
document is parsed once per text and its validation kept with it, per rules in
force (schema.documents: one cache, bounded in memory), and the price
(schema.cost) is taken before any validation, on every request: it depends on
the variables, and a query too expensive to run is refused before it costs
anything, cached or not.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    StringValueNode,
    ValidationRule,
)
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter, SchemaExtension
from strawberry.schema.schema import validate_document

from schema.cost import price_document, too_complex
from schema.documents import Documents, Parsed


class StorableText(ValidationRule):
    """A string literal in the query may not hold a NUL (\\u0000 is a valid GraphQL
    escape, but no text column takes it; the request's JSON is checked in server.payloads)."""

    def enter_string_value(self, node: StringValueNode, *_args: Any) -> None:
        if "\x00" in node.value:
            self.report_error(
                GraphQLError("A string in the query contains a NUL character (\\u0000).", node)
            )


def limit_rules(*, max_depth: int, max_aliases: int) -> tuple[type[ASTValidationRule], ...]:
    """The depth and alias limits as validation rules, built once for the schema's life."""
    return (
        *QueryDepthLimiter(max_depth=max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=max_aliases).validation_rules,
        StorableText,
    )


class Validation(SchemaExtension):
    def __init__(
        self, *, rules: Sequence[type[ASTValidationRule]], budget: int, documents: Documents
    ) -> None:
        self.rules = tuple(rules)
        self.budget = budget
        self.documents = documents
        self.parsed: Parsed | None = None
        self.price: int | None = None

    def on_parse(self) -> Iterator[None]:
        """The document from the cache (a syntax error raises and strawberry reports it)."""
        execution = self.execution_context
        if execution.query is not None and execution.graphql_document is None:
            self.parsed = self.documents.parse(execution.query, dict(execution.parse_options))
            execution.graphql_document = self.parsed.document
        yield

    def on_validate(self) -> Iterator[None]:
        execution = self.execution_context
        document = execution.graphql_document
        if document is not None and execution.pre_execution_errors is None:
            schema = execution.schema._schema
            self.price = price_document(
                schema, document, execution.operation_name, execution.variables
            )
            if self.price > self.budget:
                execution.pre_execution_errors = [too_complex(self.price, self.budget)]
            else:
                execution.pre_execution_errors = self._validate(schema, document)
        yield

    def _validate(self, schema: GraphQLSchema, document: DocumentNode) -> list[GraphQLError]:
        rules = (*self.execution_context.validation_rules, *self.rules)
        if self.parsed is None or self.parsed.document is not document:
            return validate_document(schema, document, rules)
        errors = self.parsed.validated(rules)
        if errors is None:
            errors = validate_document(schema, document, rules)
            self.parsed.remember(rules, errors)
        return errors

    def get_results(self) -> dict[str, Any]:
        if self.price is None:
            return {}
        return {"cost": {"price": self.price, "budget": self.budget}}
