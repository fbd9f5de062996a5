"""permissions.audience answers, for many people at once, exactly what each person's own
filter answers (permissions.kinds): for every row of every kind a notification can be
about, and everyone in the world, whatever their role, grants and memberships."""

from __future__ import annotations

from governance.enums import Classification, MotionStatus
from governance.models import Person
from permissions import Viewer, audience, kinds, load_viewer
from permissions.audience import load_audience, who_sees
from tests.world import build_world, motion_at, plan_at

SUBJECTS = ("meeting", "motion", "action_item", "recommendation", "update", "action_plan",
            "decision", "agreement", "body")  # fmt: skip


async def assert_each_row_agrees(people: list[Person], viewers: list[Viewer]) -> int:
    """Asserts who_sees against each person's own filter for every row of every subject kind;
    returns how many rows it checked."""
    one_by_one = {p.id: await load_viewer(p) for p in people}
    checked = 0
    for name in SUBJECTS:
        kind = kinds.get(name)
        for row_id in await kind.model.all().values_list("id", flat=True):
            expected = {
                person_id
                for person_id, viewer in one_by_one.items()
                if await kind.visible(viewer).filter(id=row_id).exists()
            }
            assert await who_sees(kind, row_id, viewers) == expected, (name, row_id)
            checked += 1
    return checked


async def test_who_sees_a_row_is_what_each_persons_filter_says():
    world = await build_world()
    for level in Classification:
        for meeting_level in (Classification.INTERNAL, Classification.RESTRICTED):
            # Open ones: their voters (on the roll) read them whatever the meeting says.
            await motion_at(world, world.meetings[meeting_level], level, status=MotionStatus.OPEN)
        await plan_at(world, level)
    people = list(world.people.values())
    viewers = list((await load_audience(p.id for p in people)).viewers.values())
    assert (
        await assert_each_row_agrees(people, viewers) >= 38
    )  # every row of these kinds in the world
    # Nobody sees a row that is not there.
    assert await who_sees(kinds.get("meeting"), 10**6, viewers) == set()


async def test_groups_asked_in_several_statements_give_the_same_answer(monkeypatch):
    """PostgreSQL selects at most 1,664 columns, so who_sees asks its groups in slices: with
    slices of two groups, every row's answer is still each person's own filter's."""
    monkeypatch.setattr(audience, "_GROUPS_PER_STATEMENT", 2)
    world = await build_world()
    await plan_at(world, Classification.RESTRICTED)
    people = list(world.people.values())
    viewers = list((await load_audience(p.id for p in people)).viewers.values())
    assert await assert_each_row_agrees(people, viewers) >= 9
