"""The GraphQL types whose values are rows (schema.node.Rows) declare what their
resolvers read of a row; the type checker trusts those declarations, so every one must
be a column (or attribute) of the type's model, and the model the type names for the
checker (`Backed[m.Meeting]`) must be the one the loaders query (`_model`)."""

from __future__ import annotations

import dataclasses
import typing

import strawberry
from strawberry.types.field import StrawberryField

from governance import models as m
from schema import build_schema
from schema.node import Backed, Rows


def rows_types() -> list[type[Rows[typing.Any]]]:
    build_schema()  # every schema module imported, every type declared
    found: list[type[Rows[typing.Any]]] = []
    pending: list[type[Rows[typing.Any]]] = [Rows]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("schema.") and hasattr(sub, "__strawberry_definition__"):
                found.append(sub)
    return found


def not_on_the_model(cls: type[Rows[typing.Any]]) -> list[str]:
    """The row attributes a type declares (shown or Private) that its model lacks, and its
    model named twice differently."""
    model = cls._model
    meta = model._meta
    # A foreign key `body` is read as `body_id` (Tortoise adds it to fields_map at init).
    columns = set(meta.fields_map) | {f"{fk}_id" for fk in meta.fk_fields | meta.o2o_fields}
    wrong = [
        field.name
        for field in dataclasses.fields(cls)
        if not (isinstance(field, StrawberryField) and field.base_resolver is not None)
        and field.name not in columns
        and not hasattr(model, field.name)
    ]
    for klass in cls.__mro__:
        for base in klass.__dict__.get("__orig_bases__", ()):
            named = typing.get_args(base)[0] if typing.get_origin(base) in (Rows, Backed) else model
            if not isinstance(named, typing.TypeVar) and named is not model:
                wrong.append(f"{named.__name__} (for the checker)")
    return wrong


def test_a_type_declaring_what_its_model_lacks_is_reported():
    @strawberry.type
    class Careless(Rows[m.Motion]):
        _model = m.Meeting
        title: str
        body_id: strawberry.Private[int]
        quorum_met: strawberry.Private[bool]

        @strawberry.field
        def shown(self) -> int:
            return 1

    assert not_on_the_model(Careless) == ["quorum_met", "Motion (for the checker)"]


def test_every_rows_type_declares_only_what_its_model_has():
    types = rows_types()
    assert {cls.__name__ for cls in types} >= {"Meeting", "Committee", "Membership", "Vote"}
    for cls in types:
        assert not_on_the_model(cls) == [], cls.__name__
