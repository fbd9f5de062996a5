"""Guard rails on what one request may ask for."""

from __future__ import annotations

from collections.abc import Iterator

from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import SchemaExtension


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
