"""Item relations: what a viewer can be to one row, each declared once, as data.

The owner of an action item, the committed party of a commitment, a voter on a
motion's frozen roll, the person a token belongs to, someone named on a RESTRICTED
item, a party to an agreement. Each declaration is found two ways: as SQL, the rows
on which the viewer holds it (the reads of permissions.visibility), and on rows
already loaded (the write checks of permissions.can), in one statement for a whole
list, or none when the row itself says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from tortoise.expressions import Q, Subquery
from tortoise.models import Model
from tortoise.queryset import QuerySet

from governance.models import AccessGrant, AgreementParty
from governance.throttles import chunks
from permissions.viewer import Viewer

Who = Literal["person", "organization"]


def q(path: str, value: Any) -> Q:
    """The condition `path` = `value` (or `path__in`, `path__isnull`...)."""
    condition: dict[str, Any] = {path: value}
    return Q(**condition)


def viewer_id(viewer: Viewer, who: Who) -> int | None:
    return viewer.person_id if who == "person" else viewer.organization_id


async def values_at(rows: Sequence[Model], path: str) -> list[Any]:
    """Each row's value at `path`: a field of its own, or (`meeting__body_id`) of the row
    it points at, read for the whole list in one statement."""
    if "__" not in path:
        return [getattr(row, path) for row in rows]
    link, rest = path.split("__", 1)
    if not rows:
        return []
    fk: Any = type(rows[0])._meta.fields_map[link]
    keys = [getattr(row, fk.source_field) for row in rows]
    wanted = sorted({key for key in keys if key is not None})
    found: dict[Any, Any] = {}
    if wanted:
        related = fk.related_model.filter(**{f"{fk.to_field}__in": wanted})
        found = dict(await related.values_list(fk.to_field, rest))
    return [found.get(key) for key in keys]


@dataclass(frozen=True)
class Match:
    """The row's `field` is the viewer, or the viewer's organization: the owner of an
    action item, the committed party of a commitment, the person a token is for."""

    name: str
    field: str
    who: Who = "person"

    def where(self, viewer: Viewer) -> Q | None:
        who = viewer_id(viewer, self.who)
        return None if who is None else q(self.field, who)

    async def held_on(self, viewer: Viewer, rows: Sequence[Model]) -> list[bool]:
        who = viewer_id(viewer, self.who)
        if who is None:
            return [False] * len(rows)
        return [value == who for value in await values_at(rows, self.field)]

    async def held_by(self, viewers: Sequence[Viewer], row: Model) -> list[bool]:
        """`held_on` turned around: which of many viewers hold it on one row."""
        (value,) = await values_at([row], self.field)
        return [value is not None and viewer_id(v, self.who) == value for v in viewers]

    def through(self, link: str) -> Match:
        return Match(self.name, f"{link}__{self.field}", self.who)


@dataclass(frozen=True)
class Listed:
    """The row's `field` is among the ids the viewer is linked to in `table` (its `key`
    column, where its `by` column is the viewer): named people, parties, the roll."""

    name: str
    field: str
    table: type[Model]
    key: str
    by: str
    who: Who = "person"
    also: tuple[tuple[str, Any], ...] = ()  # further columns the links must match

    def links(self, viewer: Viewer) -> QuerySet[Any] | None:
        who = viewer_id(viewer, self.who)
        if who is None:
            return None
        return self.table.filter(**{self.by: who}, **dict(self.also))

    def where(self, viewer: Viewer) -> Q | None:
        links = self.links(viewer)
        if links is None:
            return None
        return q(f"{self.field}__in", Subquery(links.values(self.key)))

    async def held_on(self, viewer: Viewer, rows: Sequence[Model]) -> list[bool]:
        links = self.links(viewer)
        values = await values_at(rows, self.field)
        wanted = sorted({value for value in values if value is not None})
        if links is None or not wanted:
            return [False] * len(rows)
        linked = set(
            await links.filter(**{f"{self.key}__in": wanted}).values_list(self.key, flat=True)
        )
        return [value in linked for value in values]

    async def held_by(self, viewers: Sequence[Viewer], row: Model) -> list[bool]:
        """`held_on` turned around: which of many viewers hold it on one row, in one
        statement for up to a thousand of them."""
        (value,) = await values_at([row], self.field)
        ids = sorted({i for v in viewers if (i := viewer_id(v, self.who)) is not None})
        if value is None or not ids:
            return [False] * len(viewers)
        linked: set[Any] = set()
        for some in chunks(ids):
            linked.update(
                await self.table.filter(
                    **{self.key: value, f"{self.by}__in": some}, **dict(self.also)
                ).values_list(self.by, flat=True)
            )
        return [viewer_id(v, self.who) in linked for v in viewers]

    def through(self, link: str) -> Listed:
        # The row's own id seen from a row that points at it is that row's foreign key.
        field = f"{link}_id" if self.field == "id" else f"{link}__{self.field}"
        return Listed(self.name, field, self.table, self.key, self.by, self.who, self.also)


Relation = Match | Listed


def named(kind: str, field: str = "id") -> Listed:
    """People named on a RESTRICTED item of `kind` (its access grants)."""
    return Listed(
        "named", field, AccessGrant, "subject_id", "person_id", also=(("subject_type", kind),)
    )


def party(field: str) -> Listed:
    """The people of an organization that is a party to the agreement at `field`."""
    return Listed("party", field, AgreementParty, "agreement_id", "organization_id", "organization")
