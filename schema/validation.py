"""Validating a request once per distinct document, with its price taken first.

graphql-core validation is a fifth of a request's time. strawberry's cache keys
on (schema, document, rules), but the depth and alias limiters build a new rule
class per request, so it never hit. Here the limits' rules are built once, the
result is cached by the document's text and the rules in force, and the price
(schema.cost) is taken before any validation: a query too expensive to run is
refused before it costs anything.
"""

from __future__ import annotations

from collections import OrderedDict
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


CACHE_SIZE = 512
_results: OrderedDict[tuple[Any, ...], list[GraphQLError]] = OrderedDict()


def _validate(
    schema: GraphQLSchema,
    text: str,
    document: DocumentNode,
    rules: tuple[type[ASTValidationRule], ...],
) -> list[GraphQLError]:
    """Keyed by the text (its hash is computed once by Python) and not by the document
    tree, whose hash walks every node; the parser cache pairs each text with its tree."""
    key = (schema, text, rules)
    errors = _results.get(key)
    if errors is None:
        errors = _results[key] = validate_document(schema, document, rules)
        if len(_results) > CACHE_SIZE:
            _results.popitem(last=False)
    else:
        _results.move_to_end(key)
    return errors


class Validation(SchemaExtension):
    def __init__(self, *, rules: Sequence[type[ASTValidationRule]], budget: int) -> None:
        self.rules = tuple(rules)
        self.budget = budget
        self.price: int | None = None

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
                rules = (*execution.validation_rules, *self.rules)
                execution.pre_execution_errors = (
                    _validate(schema, execution.query, document, rules)
                    if execution.query is not None
                    else validate_document(schema, document, rules)
                )
        yield

    def get_results(self) -> dict[str, Any]:
        if self.price is None:
            return {}
        return {"cost": {"price": self.price, "budget": self.budget}}
