"""Who, among many people, may see one row: the read rules of permissions.kinds, asked for
a whole audience in a fixed number of statements (a notification's recipients).

A viewer's filter on one row looks at few things: the relations they hold to everyone
(signed in, admin, communications), their relations in the bodies that own the row, and
the item relations they hold on it (named, owner, party, on the roll). People alike in
those see the row alike, so the filter is asked once per such group, of one of them: all
the groups in one statement, whatever the number of people. Nothing of the rule is copied
here: each group's answer is the kind's own `visible`, as for any read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from tortoise.expressions import Case, Q, Subquery, When

from governance.models import Person
from governance.throttles import chunks, execute
from permissions import kinds
from permissions.kind import AnyKind
from permissions.relations import values_at
from permissions.viewer import _WITH_MEMBERSHIPS, _person_columns, today, viewer_of
from permissions.visibility import Scope

# Kinds whose read rule (beyond their scope) looks only at their scope and the relations
# held to everyone; any other read rule is asked person by person (no notification is
# about those kinds: a vote, a document, an audit event, a token).
_READ_BY_SCOPE = frozenset({"recommendation", "update"})
_GROUPS_PER_STATEMENT = 200


@dataclass(frozen=True)
class Audience:
    people: dict[int, Person]  # by id
    viewers: dict[int, Any]  # person id -> Viewer on the day


async def load_audience(person_ids: Iterable[int], on: date | None = None) -> Audience:
    """The people and the viewers they are on a day, in ONE statement for up to a thousand
    of them (one more for each thousand beyond)."""
    wanted = sorted(set(person_ids))
    if not wanted:
        return Audience({}, {})
    day = on or today()
    person_columns = _person_columns()
    columns = ", ".join(f'p."{c}" AS "{c}"' for c in person_columns)
    rows: list[Any] = []
    for some in chunks(wanted):
        where = f"p.id IN ({', '.join('?' for _ in some)})"
        sql = _WITH_MEMBERSHIPS.format(columns=columns, join="", where=where)
        rows += await execute(sql, [day, day, *some])
    people: dict[int, Person] = {}
    memberships: dict[int, list[tuple[Any, Any, Any]]] = defaultdict(list)
    for row in map(dict, rows):
        person_id = row["id"]
        if person_id not in people:
            people[person_id] = Person._init_from_db(**{c: row[c] for c in person_columns})
        if row["m_body_id"] is not None:
            memberships[person_id].append((row["m_body_id"], row["m_role"], row["m_voting_rights"]))
    viewers = {pid: viewer_of(person, memberships[pid]) for pid, person in people.items()}
    return Audience(people, viewers)


def _scopes(kind: AnyKind) -> tuple[Scope, ...]:
    return (kind.scope, *kind.within)


async def _row_facts(
    kind: AnyKind, row: Any, viewers: Sequence[Any]
) -> tuple[set[int], list[set[tuple[int, int]]]]:
    """The row's owning bodies, and for each viewer the item relations they hold on it
    (by scope and relation index): a statement per path at most, never one per viewer."""
    bodies: set[int] = set()
    held: list[set[tuple[int, int]]] = [set() for _ in viewers]
    for s, scope in enumerate(_scopes(kind)):
        for path in scope.bodies:
            (value,) = await values_at([row], path)
            if value is not None:
                bodies.add(value)
        for r, relation in enumerate(scope.relations):
            for index, yes in enumerate(await relation.held_by(viewers, row)):
                if yes:
                    held[index].add((s, r))
    return bodies, held


async def who_sees(kind: AnyKind | str, subject_id: int, viewers: Sequence[Any]) -> set[int]:
    """The person ids, among the viewers', who may see the row `subject_id` of `kind`."""
    kind = kinds.get(kind) if isinstance(kind, str) else kind
    viewers = [v for v in viewers if v.person_id is not None]
    if not viewers:
        return set()
    if kind.public:
        exists = await kind.model.filter(id=subject_id).exists()
        return {v.person_id for v in viewers} if exists else set()
    row = await kind.model.get_or_none(id=subject_id)
    if row is None:
        return set()
    by_person = kind.read is not None and kind.name not in _READ_BY_SCOPE
    bodies, held = await _row_facts(kind, row, viewers)
    groups: dict[Hashable, list[Any]] = defaultdict(list)
    for viewer, relations in zip(viewers, held, strict=True):
        key = (
            viewer.global_relations(),
            frozenset((b, viewer.relations_in(b)) for b in bodies if viewer.relations_in(b)),
            frozenset(relations),
            viewer.person_id if by_person else None,
        )
        groups[key].append(viewer)
    # One statement: which groups' representative sees the row, by the kind's own filter
    # (a column per group: the row's id among those the representative's filter keeps).
    # PostgreSQL selects at most 1,664 columns: groups beyond a few hundred (people asked
    # one by one) take a statement per slice.
    seeing: set[int] = set()
    for members in chunks(list(groups.values()), _GROUPS_PER_STATEMENT):
        columns = {
            f"g{index}": Case(
                When(
                    Q(id__in=Subquery(kind.visible(group[0]).filter(id=subject_id).values("id"))),
                    then="1",
                ),
                default="0",
            )
            for index, group in enumerate(members)
        }
        answers = await kind.model.filter(id=subject_id).annotate(**columns).values(*columns)
        if not answers:
            return set()
        seeing.update(
            v.person_id
            for index, group in enumerate(members)
            if int(answers[0][f"g{index}"] or 0)
            for v in group
        )
    return seeing
