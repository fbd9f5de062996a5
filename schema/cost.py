"""A price on every query, before it runs.

Depth, alias and token limits bound the text of a query but not its work: 30
aliases of nested pages were 2.1 MB and 5.5 s. The price estimates the work:
each field costs 1, and everything selected under a list is multiplied by how
many items the list may hold: a connection by its `first` (default 20, at most
100), an unpaginated list (agenda, motions, votes, members…) by a fixed bound.
Fragments are counted where they are spread, every branch of an abstract type
in full (an over-estimate, never an under-estimate). Introspection is priced at
one per field: it is bounded by the schema itself.

The price is taken before validation (schema.validation), so a query built to be
expensive is refused before it costs anything either: above the budget
(INDABA_QUERY_BUDGET) it is QUERY_TOO_COMPLEX naming the price and the budget;
below it, the price is reported in the response's `extensions.cost`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)

from schema.pagination import DEFAULT_PAGE, MAX_PAGE

# How many items an unpaginated list may hold, for pricing. A body has tens of
# members, a meeting tens of agenda items and votes per motion; generous, not exact.
LIST_BOUNDS: Mapping[str, int] = {
    "members": 50,
    "memberships": 20,
    "people": 50,
    "votes": 50,
    "attendance": 50,
    "agenda": 30,
    "motions": 20,
    "commitments": 20,
    "parties": 20,
    "focusAreas": 10,
    "decisions": 20,
    "actionItems": 20,
    "actions": 50,  # an action plan's
    "indicators": 30,  # an agreement's, an action plan's
    "sections": 30,
    "documents": 20,
    "apiTokens": 20,
    "webhooks": 20,  # at most 20 a person (governance.webhooks)
    "deliveries": 20,  # a webhook's last 20
    "platformRoles": 3,
}
DEFAULT_LIST_BOUND = 20


def _unwrap(type_: GraphQLOutputType) -> tuple[bool, GraphQLNamedType]:
    """(is it a list, the named type inside)."""
    while isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return isinstance(type_, GraphQLList), get_named_type(type_)


class Pricer:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables

    def selection(
        self, selection_set: SelectionSetNode | None, parent: GraphQLNamedType, seen: frozenset[str]
    ) -> int:
        if selection_set is None:
            return 0
        total = 0
        for node in selection_set.selections:
            if isinstance(node, FieldNode):
                total += self.field(node, parent, seen)
            elif isinstance(node, InlineFragmentNode):
                condition = (
                    self.schema.get_type(node.type_condition.name.value)
                    if node.type_condition
                    else parent
                )
                total += self.selection(node.selection_set, condition or parent, seen)
            elif isinstance(node, FragmentSpreadNode):
                name = node.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in seen:  # validation reports both
                    continue
                condition = self.schema.get_type(fragment.type_condition.name.value)
                total += self.selection(fragment.selection_set, condition or parent, seen | {name})
        return total

    def field(self, node: FieldNode, parent: GraphQLNamedType, seen: frozenset[str]) -> int:
        name = node.name.value
        if name.startswith("__"):
            return 1
        fields = getattr(parent, "fields", None)
        definition = fields.get(name) if fields else None
        if definition is None:
            return 1
        is_list, inner = _unwrap(definition.type)
        below = self.selection(node.selection_set, inner, seen)
        if inner.name.endswith("Connection"):
            return 1 + self.page(node) * below
        if is_list and parent.name.endswith("Connection"):
            return 1 + below  # a page's edges: its connection's `first` counted them
        if is_list:
            return 1 + LIST_BOUNDS.get(name, DEFAULT_LIST_BOUND) * max(below, 1)
        return 1 + below

    def page(self, node: FieldNode) -> int:
        """The page size asked for: a literal, or a variable's value; else the default.
        (A malformed value is for validation and the resolver to refuse.)"""
        first: Any = None
        for argument in node.arguments or ():
            if argument.name.value != "first":
                continue
            if isinstance(argument.value, IntValueNode):
                first = int(argument.value.value)
            elif isinstance(argument.value, VariableNode):
                first = self.variables.get(argument.value.name.value)
        if isinstance(first, bool) or not isinstance(first, int) or first < 0:
            return DEFAULT_PAGE
        return min(first, MAX_PAGE)


def price(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any] | None,
) -> int:
    root = schema.get_root_type(operation.operation)
    if root is None:
        return 0
    return Pricer(schema, fragments, variables or {}).selection(
        operation.selection_set, root, frozenset()
    )


def operation_of(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((o for o in operations if o.name and o.name.value == name), None)


def price_document(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
) -> int:
    """The price of the operation a request runs (0 when it names none: validation says so).
    Safe on an unvalidated document: unknown fields cost 1 and are left to validation."""
    operation = operation_of(document, operation_name)
    if operation is None:
        return 0
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    return price(schema, operation, fragments, variables)


def too_complex(price_: int, budget: int) -> GraphQLError:
    return GraphQLError(
        f"This query would cost {price_:,}, above the budget of {budget:,}: ask for fewer "
        "items per page (first), fewer nested lists or fewer aliases.",
        extensions={"code": "QUERY_TOO_COMPLEX", "price": price_, "budget": budget},
    )
