"""What a kind of item declares (permissions.kinds holds the declarations), and what
follows from a declaration: its rows as a viewer may see them, its GraphQL type, and
where a write check finds the owning bodies and the item relations of a row."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any, Generic, TypeVar

from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from permissions.policy import current_policy
from permissions.relations import q, values_at
from permissions.viewer import Viewer
from permissions.visibility import BODY_RELATIONS, EVERYTHING, NOTHING, Scope, classified

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class AdminPage:
    """Where the admin shows a row: the route's name and the path parameter that takes
    the row's id, or, for a row shown on a list, the anchor before its id (`item-7`)."""

    route: str
    param: str | None = None
    anchor: str | None = None


@dataclass(frozen=True, eq=False)
class Kind(Generic[M]):
    """One kind of item: everything the API, the admin and the checks need to know of it."""

    name: str  # the policy's object, the grants' and the audit trail's subject type
    model: type[M]
    # GraphQL type names, and the code of each sealed into its ids: never renumber.
    types: Mapping[str, int] = field(default_factory=dict)
    type_of: Callable[[M], str] | None = None  # which type a row is, when there are several
    order: str = "id"  # what its lists sort by (then by id); "-" for descending
    scope: Scope = field(default_factory=Scope)  # classification, owning bodies, relations
    within: tuple[Scope, ...] = ()  # the items it belongs to, which must show too
    read: Callable[[Viewer], QuerySet[M]] | None = None  # a read rule beyond its scope
    # Actions decided by other bodies than the owning ones (or by none, the roll alone).
    acting: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    grantable: bool = False  # people can be named on it when RESTRICTED
    page: AdminPage | None = None
    # A kind whose audit events name another row (a commitment, its agreement's
    # reference): the event shows only to those who see that row too. (field, kind)
    events_name: tuple[tuple[str, str], ...] = ()

    @property
    def label(self) -> str:
        return self.name.replace("_", " ")

    @property
    def public(self) -> bool:
        """Anyone may read every row."""
        return self.read is None and self.scope.classification is None and not self.within

    def where(self, viewer: Viewer) -> Q:
        where = classified(viewer, self.scope)
        for scope in self.within:
            where &= classified(viewer, scope)
        return where

    def visible(self, viewer: Viewer) -> QuerySet[M]:
        """Its rows as the viewer may see them: every read goes through here."""
        if self.read is not None:
            return self.read(viewer)
        if self.public:
            return self.model.all()
        return self.model.filter(self.where(viewer))

    def holding(self, viewer: Viewer, relation: str) -> Q:
        """The rows on which the viewer holds an item relation ("owner"), as SQL."""
        where = self.scope.holding(viewer, relation)
        return NOTHING if where is None else where

    def acting_where(self, viewer: Viewer, action: str) -> Q:
        """The rows on which the viewer may do `action`, as SQL: what `can` answers row by
        row (permissions.can), as one `WHERE` for a whole table. A relation held to everyone
        allows every row; a role in a body allows the rows that body decides for the action
        (`acting`: a motion's vote, the frozen roll alone); an item relation (the owner, a
        voter on the roll) the rows it is held on. Statuses are not looked at: the
        lifecycle says which rows the action can still move."""
        policy = current_policy()
        if policy.allows_any(viewer.global_relations(), self.name, action):
            return EVERYTHING
        if viewer.is_anonymous:
            return NOTHING
        wanted = set(policy.relations_allowing(self.name, action))
        clauses: list[Q] = []
        bodies = sorted({b for r in wanted & BODY_RELATIONS for b in viewer.bodies_with(r)})
        if bodies:
            clauses += [q(f"{path}__in", bodies) for path in self.bodies_for(action)]
        for relation in self.scope.relations:
            if relation.name in wanted and (where := relation.where(viewer)) is not None:
                clauses.append(where)
        return reduce(or_, clauses) if clauses else NOTHING

    def type_name(self, row: M | None = None) -> str:
        if self.type_of is not None and row is not None:
            return self.type_of(row)
        if len(self.types) != 1:
            raise ValueError(f"A {self.label} is one of {sorted(self.types)}: give the row.")
        return next(iter(self.types))

    def bodies_for(self, action: str) -> tuple[str, ...]:
        return self.acting.get(action, self.scope.bodies)

    async def owning_bodies(
        self, rows: Sequence[M], paths: tuple[str, ...]
    ) -> list[list[int | None]]:
        """Each row's bodies at `paths`: read from the rows, or in one statement a path."""
        found = [await values_at(rows, path) for path in paths]
        return [[column[index] for column in found] for index in range(len(rows))]

    async def bodies_of(self, row: M) -> list[int]:
        """The row's owning bodies (its chairs are told of what is done on it)."""
        (bodies,) = await self.owning_bodies([row], self.scope.bodies)
        return [body for body in bodies if body is not None]

    async def item_relations(
        self, viewer: Viewer, rows: Sequence[M], wanted: set[str]
    ) -> list[set[str]]:
        """The item relations among `wanted` the viewer holds on each row (only those are
        looked for: a relation the action does not care about costs nothing)."""
        held: list[set[str]] = [set() for _ in rows]
        for relation in self.scope.relations:
            if relation.name in wanted:
                for relations, yes in zip(held, await relation.held_on(viewer, rows), strict=True):
                    if yes:
                        relations.add(relation.name)
        return held


AnyKind = Kind[Any]
