"""Per-request DataLoaders: every nested field is one batched, visibility-filtered query.

Loaders are made per request (the viewer's filter is baked in) and per shape
(kind of item, parent field, page arguments); strawberry resolves the fields of
a list together, so a level of nesting costs a fixed number of statements
whatever the number of parents. Keys are sent in chunks well under the
databases' parameter limits.

A loader is keyed by the GraphQL type it answers with (`loaders.one(Person)`): the
type declares its model (schema.node.Rows), which names its kind (permissions.kinds),
and what `.load()` gives is typed as that type, whose values are the model's rows.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from strawberry.dataloader import DataLoader
from tortoise.expressions import Q
from tortoise.functions import Count
from tortoise.models import Model
from tortoise.queryset import QuerySet

from governance import counts as kept_counts
from governance import models as m
from governance.constituencies import constituency_parts
from governance.voting_rules import EMPTY, Part, Roll, motion_rolls, rolls
from permissions import Viewer, kinds
from permissions.kind import AnyKind
from schema.nested_pages import first_rows, parameterized
from schema.pagination import Connection, Order, connection, decode_cursor, page_size

if TYPE_CHECKING:
    from schema.node import Rows  # which reaches the loaders through schema.context

CHUNK = 5000
M = TypeVar("M", bound=Model)
R = TypeVar("R", bound="Rows[Any]")
Key = int | str  # an id, or a unique field's value (a slug, a reference)


def chunks(keys: Sequence[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(keys), CHUNK):
        yield list(keys[start : start + CHUNK])


@dataclass
class Page(Generic[R]):
    rows: list[R]
    has_next: bool


def _kind(type_: type[Rows[Any]]) -> AnyKind:
    return kinds.BY_MODEL[type_._model]


class Loaders:
    def __init__(self, viewer: Viewer) -> None:
        self.viewer = viewer
        self._loaders: dict[Hashable, DataLoader[Any, Any]] = {}
        self._version: asyncio.Future[int] | None = None

    def visible(self, type_: type[Rows[M]]) -> QuerySet[M]:
        """The rows of a type's model, as the viewer may see them (permissions.kinds)."""
        return _kind(type_).visible(self.viewer)

    def _loader(self, key: Hashable, load: Callable[[list[Any]], Any]) -> DataLoader[Any, Any]:
        loader = self._loaders.get(key)
        if loader is None:
            loader = self._loaders[key] = DataLoader(load_fn=load)
        return loader

    async def record_version(self) -> int:
        """The record's version (governance.counts), read once for this request."""
        if self._version is None:
            self._version = asyncio.ensure_future(kept_counts.version())
        return await self._version

    async def kept(self, make: Callable[[], Any], *, fresh: bool) -> Any:
        """A count's answer: kept from an earlier request while the record has not
        changed since (governance.counts), else asked of the database. The key is the
        statement and its parameters, which carry the viewer's visibility. `make` builds
        the query afresh each time: a Tortoise query built twice loses its joins."""
        if fresh:
            return await make()
        version = await self.record_version()
        sql, params = parameterized(make())
        key = (sql, repr(params))
        found = kept_counts.COUNTS.get(key, version)
        if found is None:
            found = await make()
            kept_counts.COUNTS.keep(key, version, found)
        return found

    async def count(self, queryset: QuerySet[Any], *, fresh: bool = False) -> int:
        """How many rows of `queryset` there are (the viewer's visible list, filtered)."""
        return int(await self.kept(queryset.count, fresh=fresh))

    def one(self, type_: type[R], by: str = "id") -> DataLoader[Key, R | None]:
        """The value (or None, when absent or hidden) whose `by` field equals the key."""
        return self.of_kind(_kind(type_), by)

    def required(self, type_: type[R]) -> DataLoader[Key, R]:
        """`one` (the same loader), for a non-null foreign key: typed as never None.

        A row's required links are to rows whoever sees the row sees too: public kinds
        (people, bodies, organizations) or the item its kind's scope lies within (a
        motion's meeting; permissions.kinds). Were one ever missing, the None would meet
        GraphQL's non-null check, as it always has."""
        return cast("DataLoader[Key, R]", self.one(type_))

    def of_kind(self, kind: AnyKind, by: str = "id") -> DataLoader[Key, Any]:
        """`one`, for a kind known only from data (a global id, an audit event's subject)."""

        async def load(keys: list[Key]) -> list[Any]:
            found: dict[Key, Any] = {}
            for chunk in chunks(sorted(set(keys))):
                for row in await kind.visible(self.viewer).filter(**{f"{by}__in": chunk}):
                    found[getattr(row, by)] = row
            return [found.get(key) for key in keys]

        return self._loader(("one", kind.name, by), load)

    def many(
        self,
        type_: type[R],
        by: str,
        order: Sequence[str] = ("id",),
        *,
        where: Q | None = None,
        variant: Hashable = None,
        **filters: Any,
    ) -> DataLoader[int, list[R]]:
        """The visible items whose `by` field equals the key, in `order`.

        `where` narrows further; `variant` names it in the loader's identity."""
        kind = _kind(type_)

        async def load(keys: list[int]) -> list[list[Any]]:
            grouped: dict[int, list[Any]] = defaultdict(list)
            for chunk in chunks(sorted(set(keys))):
                query = kind.visible(self.viewer).filter(**{f"{by}__in": chunk}, **filters)
                if where is not None:
                    query = query.filter(where)
                for row in await query.order_by(*order):
                    grouped[getattr(row, by)].append(row)
            return [grouped.get(key, []) for key in keys]

        frozen = tuple(sorted((k, repr(v)) for k, v in filters.items()))
        return self._loader(("many", kind.name, by, tuple(order), variant, frozen), load)

    def linked(
        self, type_: type[R], parent: type[Model], relation: str, order: Sequence[str] = ("id",)
    ) -> DataLoader[int, list[R]]:
        """The visible items linked to each parent through a many-to-many `relation`."""
        kind = _kind(type_)

        async def load(keys: list[int]) -> list[list[Any]]:
            pairs: list[tuple[int, int]] = []
            for chunk in chunks(sorted(set(keys))):
                pairs += await parent.filter(
                    id__in=chunk, **{f"{relation}__id__isnull": False}
                ).values_list("id", f"{relation}__id")
            rows: list[Any] = []
            for chunk in chunks(sorted({child for _, child in pairs})):
                rows += await kind.visible(self.viewer).filter(id__in=chunk).order_by(*order)
            position = {row.id: index for index, row in enumerate(rows)}
            by_id = {row.id: row for row in rows}
            grouped: dict[int, list[Any]] = defaultdict(list)
            for parent_id, child in pairs:
                if child in by_id:
                    grouped[parent_id].append(by_id[child])
            return [sorted(grouped.get(key, []), key=lambda r: position[r.id]) for key in keys]

        return self._loader(("linked", kind.name, parent, relation, tuple(order)), load)

    def page(
        self,
        type_: type[R],
        by: str,
        order: Order,
        first: int | None,
        after: str | None,
        **filters: Any,
    ) -> DataLoader[int, Page[R]]:
        """One page of a nested connection for every parent at once: two statements.

        The first cuts each parent's page in SQL (schema.nested_pages): it reads the
        ids of at most first + 1 visible rows per parent, after the cursor; the second
        fetches the rows on the pages. The total is a loader of its own (`total`),
        asked only when totalCount is.
        """
        kind = _kind(type_)
        size = page_size(first)
        cursor = decode_cursor(after, order)

        async def load(keys: list[int]) -> list[Page[Any]]:
            query = kind.visible(self.viewer).filter(**filters)
            if cursor is not None:
                query = query.filter(order.after(cursor))
            cut: dict[int, list[int]] = defaultdict(list)
            for parent, row_id in await first_rows(query, by, order, keys, size + 1):
                cut[parent].append(row_id)
            wanted = sorted({row_id for ids in cut.values() for row_id in ids[:size]})
            model = kind.visible(self.viewer).model
            rows: dict[int, Any] = {}
            for chunk in chunks(wanted):
                rows.update((row.id, row) for row in await model.filter(id__in=chunk))
            pages = []
            for key in keys:
                ids = cut.get(key, [])
                pages.append(Page([rows[i] for i in ids[:size]], len(ids) > size))
            return pages

        frozen = tuple(sorted((k, repr(v)) for k, v in filters.items()))
        return self._loader(("page", kind.name, by, order, size, after, frozen), load)

    def total(
        self, type_: type[R], by: str, *, fresh: bool = False, **filters: Any
    ) -> DataLoader[int, int]:
        """How many visible items each parent has: one GROUP BY for all the parents,
        sent only when a totalCount is resolved (and kept while the record stands still,
        unless `fresh`: governance.counts)."""
        kind = _kind(type_)

        async def load(keys: list[int]) -> list[int]:
            counts: dict[int, int] = {}
            for chunk in chunks(sorted(set(keys))):

                def query(chunk: list[int] = chunk) -> Any:
                    return (
                        kind.visible(self.viewer)
                        .filter(**{f"{by}__in": chunk}, **filters)
                        .annotate(n=Count("id"))
                        .group_by(by)
                        .values_list(by, "n")
                    )

                rows = await self.kept(query, fresh=fresh)
                counts.update((parent, n) for parent, n in rows)
            return [counts.get(key, 0) for key in keys]

        frozen = tuple(sorted((k, repr(v)) for k, v in filters.items()))
        return self._loader(("total", kind.name, by, fresh, frozen), load)

    async def connection(
        self,
        type_: type[R],
        by: str,
        parent_id: int,
        order: Order,
        first: int | None,
        after: str | None,
        **filters: Any,
    ) -> Connection[Any]:
        """A nested connection: its page now (batched with its siblings'), its total
        when asked for (batched too)."""
        page = await self.page(type_, by, order, first, after, **filters).load(parent_id)

        def total(loaders: Loaders, fresh: bool) -> Awaitable[int]:
            return loaders.total(type_, by, fresh=fresh, **filters).load(parent_id)

        return connection(
            page.rows,
            order,
            has_next=page.has_next,
            has_previous=after is not None,
            total=total,
        )


def roll_loader(loaders: Loaders) -> DataLoader[m.Meeting, Roll]:
    """Each meeting's live roll (eligible voters, voting members present), batched."""

    async def load(meetings: list[m.Meeting]) -> list[Roll]:
        found = await rolls(meetings)
        return [found.get(meeting.id, EMPTY) for meeting in meetings]

    return loaders._loader(("roll",), load)


def motion_roll_loader(loaders: Loaders) -> DataLoader[m.Motion, Roll]:
    """Each motion's roll (frozen once voting opened: governance.voting_rules), batched."""

    async def load(motions: list[m.Motion]) -> list[Roll]:
        found = await motion_rolls(motions)
        return [found[motion.id] for motion in motions]

    return loaders._loader(("motion_roll",), load)


def tally_loader(loaders: Loaders) -> DataLoader[int, dict[str, int]]:
    """Ballots per choice for each motion: one GROUP BY for the whole list."""

    async def load(motion_ids: list[int]) -> list[dict[str, int]]:
        counts: dict[int, dict[str, int]] = defaultdict(dict)
        for chunk in chunks(sorted(set(motion_ids))):
            rows = (
                await m.Vote.filter(motion_id__in=chunk)
                .annotate(n=Count("id"))
                .group_by("motion_id", "choice")
                .values_list("motion_id", "choice", "n")
            )
            for motion_id, choice, n in rows:
                counts[motion_id][str(choice)] = n
        return [counts.get(key, {}) for key in motion_ids]

    return loaders._loader(("tally",), load)


def constituency_loader(loaders: Loaders) -> DataLoader[m.Motion, list[Part]]:
    """Each motion's constituencies (governance.constituencies), batched: a fixed number of
    statements for the whole list."""

    async def load(motions: list[m.Motion]) -> list[list[Part]]:
        found = await constituency_parts(motions)
        return [found.get(motion.id, []) for motion in motions]

    return loaders._loader(("constituencies",), load)
