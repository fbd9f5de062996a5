"""Who is asking: a person (or nobody) and the relations they hold today."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from governance.enums import MemberRole
from governance.models import Membership, Person
from governance.models.bodies import in_force_on
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
    return datetime.now(UTC).date()


@dataclass(frozen=True, slots=True)
class Viewer:
    person_id: int | None = None
    name: str | None = None
    organization_id: int | None = None
    is_admin: bool = False
    is_communications: bool = False
    # body id -> relations held there today ("member", "chair", "voting_member", ...)
    relations_by_body: Mapping[int, frozenset[str]] = field(default_factory=dict)

    @property
    def is_anonymous(self) -> bool:
        return self.person_id is None

    def global_relations(self) -> frozenset[str]:
        relations = {"anyone"}
        if self.person_id is not None:
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


async def load_viewer(person: Person, on: date | None = None) -> Viewer:
    """One query: the person's memberships in force today, as relations per body."""
    rows = await Membership.filter(in_force_on(on or today()), person_id=person.id).values_list(
        "body_id", "role", "voting_rights"
    )
    relations: dict[int, set[str]] = {}
    for body_id, role, voting_rights in rows:
        held = relations.setdefault(body_id, {"member"})
        held.add(ROLE_RELATIONS[MemberRole(role)])
        if votes(MemberRole(role), voting_rights):
            held.add("voting_member")
    return Viewer(
        person_id=person.id,
        name=person.name,
        organization_id=person.organization_id,
        is_admin=person.is_admin,
        is_communications=person.is_communications,
        relations_by_body={body: frozenset(rels) for body, rels in relations.items()},
    )
