"""The Node interface and `node(id:)`: any id, if (and only if) the viewer may see it."""

from __future__ import annotations

from typing import Any, ClassVar

import strawberry
from tortoise.models import Model

from permissions import kinds
from schema import ids
from schema.context import Info


def type_name(row: Any) -> str:
    """The GraphQL type of a row, as its kind declares (bodies are committees or boards)."""
    return kinds.of(row).type_name(row)


@strawberry.interface
class Node:
    @strawberry.field
    def id(self) -> strawberry.ID:
        return ids.encode(type_name(self), self.id)  # type: ignore[attr-defined]


class Backed:
    """A GraphQL type whose values are rows of one Tortoise model."""

    _model: ClassVar[type[Model]]

    @classmethod
    def is_type_of(cls, obj: Any, _info: Any) -> bool:
        return isinstance(obj, cls._model)


async def resolve_node(info: Info, value: str) -> Any:
    decoded = ids.decode(value)
    if decoded is None:
        return None
    name, row_id = decoded
    row = await info.context.loaders.one(ids.KINDS[name]).load(row_id)
    return row if row is not None and type_name(row) == name else None


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Any item by its global id; null when absent or not visible.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return await resolve_node(info, id)
