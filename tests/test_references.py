"""Register numbers continue after rows that arrived without their counter (an import)."""

from __future__ import annotations

from datetime import UTC, datetime

from governance import decisions
from governance.enums import Classification
from governance.models import ReferenceCounter
from permissions import load_viewer
from tests.world import build_world


async def test_a_register_continues_after_imported_decisions():
    world = await build_world()  # writes SC-<year>-001…004 without touching the counters
    assert not await ReferenceCounter.exists()
    chair = await load_viewer(world.people["chair"])
    decision = await decisions.record_decision(
        chair,
        committee_id=world.bodies["sc"].id,
        title="Next",
        text="Recorded after an import.",
        decided_on=datetime.now(UTC).date(),
        classification=Classification.PUBLIC,
    )
    assert decision.reference == f"SC-{datetime.now(UTC).year}-005"
