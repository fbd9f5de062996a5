"""What the demo's replay has made so far, by the data's keys, and who acts in it."""

from __future__ import annotations

from dataclasses import dataclass, field

from demo.timeline import Timeline
from governance.models import (
    ActionPlan,
    AgendaItem,
    Agreement,
    Body,
    Decision,
    FocusArea,
    Indicator,
    Meeting,
    Motion,
    Organization,
    Person,
    Recommendation,
)
from permissions import Viewer, load_viewer


@dataclass
class Replay:
    timeline: Timeline = field(default_factory=Timeline)
    orgs: dict[str, Organization] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    bodies: dict[str, Body] = field(default_factory=dict)
    focus_areas: dict[str, FocusArea] = field(default_factory=dict)
    meetings: dict[str, Meeting] = field(default_factory=dict)
    items: dict[tuple[str, int], AgendaItem] = field(default_factory=dict)
    motions: dict[str, Motion] = field(default_factory=dict)
    decisions: dict[str, Decision] = field(default_factory=dict)
    agreements: dict[str, Agreement] = field(default_factory=dict)
    recommendations: dict[str, Recommendation] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    plans: dict[str, ActionPlan] = field(default_factory=dict)

    async def viewer(self, person: str) -> Viewer:
        """The person as the services see them on the clock's day: their memberships then."""
        return await load_viewer(self.people[person])

    def person_id(self, key: str | None) -> int | None:
        return self.people[key].id if key else None

    def org_id(self, key: str | None) -> int | None:
        return self.orgs[key].id if key else None

    def decision_id(self, key: str | None) -> int | None:
        return self.decisions[key].id if key else None
