"""Who is asking: a person (or nobody) and the relations they hold today."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from governance import clock
from governance.enums import MemberRole
from governance.models import Membership, Person
from governance.models.bodies import in_force_on
from governance.throttles import execute
from governance.voting_rules import votes

# Membership roles as policy relations.
ROLE_RELATIONS = {
    MemberRole.CHAIR: "chair",
    MemberRole.DEPUTY_CHAIR: "deputy_chair",
    MemberRole.SECRETARY: "secretary",
    MemberRole.MEMBER: "member",
    MemberRole.OBSERVER: "observer",
}


def today() -> date:
    """The day memberships are read on: the clock's (governance/clock.py)."""
    return clock.today()


@dataclass(frozen=True, slots=True)
class Viewer:
    person_id: int | None = None
    name: str | None = None
    organization_id: int | None = None
    is_admin: bool = False
    is_communications: bool = False
    # body id -> relations held there today ("member", "chair", "voting_member", ...)
    relations_by_body: Mapping[int, frozenset[str]] = field(default_factory=dict)
    is_system: bool = False  # the platform itself (SYSTEM below): no person, not anonymous

    @property
    def is_anonymous(self) -> bool:
        return self.person_id is None and not self.is_system

    def global_relations(self) -> frozenset[str]:
        relations = {"anyone"}
        if not self.is_anonymous:
            relations.add("signed_in")
            if self.is_admin:
                relations.add("admin")
            if self.is_communications:
                relations.add("communications")
        return frozenset(relations)

    def relations_in(self, body_id: int | None) -> frozenset[str]:
        if body_id is None:
            return frozenset()
        return self.relations_by_body.get(body_id, frozenset())

    def bodies_with(self, relation: str) -> frozenset[int]:
        return frozenset(b for b, rels in self.relations_by_body.items() if relation in rels)


ANONYMOUS = Viewer()

# The platform itself, acting where no person does: the operator at the command line
# (create-admin) and the demo's loader where it stands in for an operator (organizations,
# people, bodies, memberships). It may do what a platform admin may do and nothing more:
# it holds the admin relation, no membership and no name on any item, so it reads what an
# admin with no memberships reads (PUBLIC and INTERNAL) and acts on nothing that needs a
# person (proposing, voting, recording minutes: governance.guards.signed_in refuses it).
# The audit trail records its changes with no actor (NULL), as it always recorded the
# demo's loading and the operator's tokens.
SYSTEM = Viewer(name="the platform", is_admin=True, is_system=True)


async def load_viewer(person: Person, on: date | None = None) -> Viewer:
    """One query: the person's memberships in force today, as relations per body."""
    rows = await Membership.filter(in_force_on(on or today()), person_id=person.id).values_list(
        "body_id", "role", "voting_rights"
    )
    return viewer_of(person, rows)


def viewer_of(person: Person, memberships: Iterable[tuple[int, str, Any]]) -> Viewer:
    """The viewer a person is, given their memberships in force (body, role, voting rights)."""
    relations: dict[int, set[str]] = {}
    for body_id, role, voting_rights in memberships:
        held = relations.setdefault(body_id, {"member"})
        held.add(ROLE_RELATIONS[MemberRole(role)])
        if votes(MemberRole(role), bool(voting_rights)):
            held.add("voting_member")
    return Viewer(
        person_id=person.id,
        name=person.name,
        organization_id=person.organization_id,
        is_admin=person.is_admin,
        is_communications=person.is_communications,
        relations_by_body={body: frozenset(rels) for body, rels in relations.items()},
    )


@cache
def _person_columns() -> tuple[str, ...]:
    # Read once Tortoise is set up (foreign keys' columns are known only then).
    return tuple(sorted(Person._meta.db_fields))


# The person and their memberships in force on a day, in one statement: one row per
# membership, or one row of NULL membership columns for a person who holds none (the
# condition on the day sits in the LEFT JOIN, so it never drops the person).
_WITH_MEMBERSHIPS = (
    "SELECT {columns}, m.body_id AS m_body_id, m.role AS m_role,"
    " m.voting_rights AS m_voting_rights"
    " FROM person p {join}"
    " LEFT JOIN membership m ON m.person_id = p.id"
    " AND m.start_date <= ? AND (m.end_date IS NULL OR m.end_date > ?)"
    " WHERE {where}"
)


@dataclass(frozen=True)
class Found:
    person: Person
    viewer: Viewer
    joined: dict[str, Any]  # the columns asked of the joined table, by their alias


async def load_person_and_viewer(
    where: str,
    values: Sequence[Any],
    *,
    join: str = "",
    joined: Sequence[str] = (),
    on: date | None = None,
) -> Found | None:
    """The one person `where` names (SQL on `p`, the person, and any `join`ed table, with
    `?` markers), as a Person and as the Viewer they are on a day, in ONE statement.
    `joined` are extra columns to read (`t.id AS t_id`), returned by their alias.
    Whatever the caller's condition is (a live token, a session's person), the day's
    memberships come with it, so a credential costs one round trip to the database."""
    day = on or today()
    person_columns = _person_columns()
    columns = ", ".join([*(f'p."{c}" AS "{c}"' for c in person_columns), *joined])
    sql = _WITH_MEMBERSHIPS.format(columns=columns, join=join, where=where)
    rows = await execute(sql, [day, day, *values])
    if not rows:
        return None
    first = dict(rows[0])
    person = Person._init_from_db(**{c: first[c] for c in person_columns})
    memberships = [
        (row["m_body_id"], row["m_role"], row["m_voting_rights"])
        for row in rows
        if row["m_body_id"] is not None
    ]
    aliases = [column.rsplit(" AS ", 1)[1] for column in joined]
    return Found(person, viewer_of(person, memberships), {a: first[a] for a in aliases})
