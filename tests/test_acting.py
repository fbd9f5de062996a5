"""`acting` (the rows a viewer may act on, as SQL) answers as `allowed` does row by row:
what waits for someone (governance.waiting) is what the write checks would let them do."""

from __future__ import annotations

from typing import Any

import pytest
from tortoise.models import Model

from governance.enums import Classification
from governance.models import (
    ActionItem,
    Agreement,
    Commitment,
    Decision,
    Meeting,
    Minutes,
    Motion,
    Recommendation,
    Update,
)
from permissions import ANONYMOUS, acting, allowed, load_viewer
from tests.admin.helpers import admin_world
from tests.world import ROLES, owned_action_item

ACTIONS: list[tuple[type[Model], str]] = [
    (Minutes, "approve"),
    (Minutes, "circulate"),
    (Motion, "vote"),
    (Motion, "close"),
    (Recommendation, "respond"),
    (Recommendation, "submit"),
    (Update, "approve"),
    (ActionItem, "update_status"),
    (Meeting, "manage"),
    (Decision, "release"),
    (Agreement, "manage"),
    (Commitment, "update_status"),
]


@pytest.mark.parametrize(("model", "action"), ACTIONS, ids=lambda v: getattr(v, "__name__", v))
async def test_acting_agrees_with_the_write_checks(model: type[Model], action: str) -> None:
    setting = await admin_world()
    world = setting.world
    await owned_action_item(world, Classification.RESTRICTED, "advisor", "The advisor's")
    rows: list[Any] = await model.all()
    assert rows
    seen_some = False
    for role in ROLES:
        viewer = ANONYMOUS if role == "anonymous" else await load_viewer(world.people[role])
        expected = {row.id for row in await allowed(viewer, action, rows)}
        found = set(await model.filter(acting(viewer, action, model)).values_list("id", flat=True))
        assert found == expected, role
        seen_some = seen_some or bool(expected)
    assert seen_some  # someone may: the comparison is not between two empty sets
