"""The Node interface and `node(id:)`: any id, if (and only if) the viewer may see it."""

from __future__ import annotations

from typing import Any, ClassVar, Generic, Self, TypeVar, cast

import strawberry
from tortoise.models import Model

from permissions import kinds
from schema import ids
from schema.context import Info

M = TypeVar("M", bound=Model)


def type_name(row: Any) -> str:
    """The GraphQL type of a row, as its kind declares (bodies are committees or boards)."""
    return kinds.of(row).type_name(row)


@strawberry.interface
class Node:
    id: strawberry.Private[int]  # the row's own: a node's values are rows (Rows)

    @strawberry.field(name="id")
    def global_id(self) -> strawberry.ID:
        return ids.encode(type_name(self), self.id)


class Rows(Generic[M]):
    """A GraphQL type whose values are rows of one Tortoise model, `_model`.

    Strawberry hands each resolver the row itself as `self`, so the type declares what
    its resolvers read of the row (the foreign keys, as `strawberry.Private`: columns
    GraphQL does not show). The loaders are keyed by these types (schema.loaders)."""

    _model: ClassVar[type[Model]]

    @classmethod
    def of(cls, row: M) -> Self:
        """A row of the model (a service's answer), as a value of this type: it is one."""
        return cast(Self, row)


def row_of(value: Rows[M]) -> M:
    """The row a value is, for the domain's functions, which take rows."""
    return cast(M, value)


class Backed(Rows[M]):
    """Rows of a type that implements an interface: which object type a value is, by
    its model."""

    @classmethod
    def is_type_of(cls, obj: Any, _info: Any) -> bool:
        return isinstance(obj, cls._model)


async def resolve_node(info: Info, value: str) -> Any:
    decoded = ids.decode(value)
    if decoded is None:
        return None
    name, row_id = decoded
    row = await info.context.loaders.of_kind(kinds.BY_TYPE_NAME[name]).load(row_id)
    return row if row is not None and type_name(row) == name else None


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Any item by its global id; null when absent or not visible.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return await resolve_node(info, id)
