"""Action items: assigned by a committee, reported on by their owner (person or organization)
or the committee's chair or secretary; overdue when past due and not DONE or CANCELLED."""

from __future__ import annotations

from governance.enums import ActionStatus, Classification
from governance.models import ActionItem, Decision
from tests.graphql import codes, gid, gql
from tests.workflows.helpers import ok, pk, refused
from tests.workflows.helpers import workflow_world as build
from tests.world import TODAY, day

C = Classification
S = ActionStatus
CREATE = """mutation($input: CreateActionItemInput!) {
  createActionItem(input: $input) {
    id title status dueDate classification committee { id } ownerPerson { id }
    ownerOrganization { id } decision { reference }
  }
}"""
STATUS = """mutation($id: ID!, $s: ActionStatus!) {
  updateActionItemStatus(actionItemId: $id, status: $s) { id status }
}"""
LIST = """query($o: Boolean, $s: ActionStatus) {
  actionItems(overdue: $o, status: $s, first: 100) { totalCount edges { node { title } } }
}"""


def create_input(world, level=C.INTERNAL, **overrides):
    return {
        "input": {
            "committeeId": gid("Committee", world.bodies["sc"].id),
            "title": "Circulate the implementation plans",
            "ownerPersonId": gid("Person", world.people["member"].id),
            "dueDate": str(day(14)),
            "classification": level.value,
            **overrides,
        }
    }


async def test_who_may_assign_an_action_item(client):
    world = await build()
    variables = create_input(world, decisionId=gid("Decision", world.decisions[C.INTERNAL].id))
    assert await codes(
        client,
        world,
        CREATE,
        variables,
        ["anonymous", "participant", "member", "observer", "board_chair", "admin"],
    ) == {
        "anonymous": "UNAUTHENTICATED",
        "participant": "FORBIDDEN",
        "member": "FORBIDDEN",
        "observer": "FORBIDDEN",
        "board_chair": "FORBIDDEN",
        "admin": "FORBIDDEN",
    }
    created = (await ok(client, CREATE, variables, token=world.tokens["secretary"]))[
        "createActionItem"
    ]
    assert created["status"] == "OPEN"
    assert created["ownerPerson"] == {"id": gid("Person", world.people["member"].id)}
    assert created["decision"] == {"reference": world.decisions[C.INTERNAL].reference}
    await ok(client, CREATE, create_input(world, C.RESTRICTED), token=world.tokens["chair"])
    assert await ActionItem.all().count() == 4 + 2

    board = create_input(world, committeeId=gid("AdvisoryBoard", world.bodies["pab"].id))
    assert await refused(client, CREATE, board, token=world.tokens["board_chair"]) == (
        "BAD_USER_INPUT"
    )
    nobody = create_input(world, ownerPersonId=gid("Person", 999_999))
    assert await refused(client, CREATE, nobody, token=world.tokens["chair"]) == "NOT_FOUND"
    foreign = await Decision.create(
        reference=f"OU-{TODAY.year}-001", committee_id=world.bodies["ou"].id, title="OU",
        text="OU.", decided_on=TODAY, classification=C.PUBLIC, recorded_classification=C.PUBLIC,
    )  # fmt: skip
    other = create_input(world, decisionId=gid("Decision", foreign.id))
    assert await refused(client, CREATE, other, token=world.tokens["chair"]) == "BAD_USER_INPUT"
    hidden = create_input(world, decisionId=gid("Decision", world.decisions[C.RESTRICTED].id))
    assert await refused(client, CREATE, hidden, token=world.tokens["secretary"]) == "NOT_FOUND"


async def test_who_may_report_progress(client):
    world = await build()
    # The world's items are owned by the participant's municipality.
    internal = gid("ActionItem", world.action_items[C.INTERNAL].id)
    variables = {"id": internal, "s": "IN_PROGRESS"}
    assert await codes(
        client, world, STATUS, variables, ["anonymous", "party", "member", "observer", "admin"]
    ) == {
        "anonymous": "UNAUTHENTICATED",
        "party": "FORBIDDEN",
        "member": "FORBIDDEN",
        "observer": "FORBIDDEN",
        "admin": "FORBIDDEN",
    }
    for role, status in (("participant", "IN_PROGRESS"), ("chair", "BLOCKED"),
                         ("secretary", "IN_PROGRESS")):  # fmt: skip
        data = await ok(client, STATUS, {"id": internal, "s": status}, token=world.tokens[role])
        assert data["updateActionItemStatus"]["status"] == status, role

    # An item owned by a person: that person reports on it.
    mine = (await ok(client, CREATE, create_input(world), token=world.tokens["chair"]))[
        "createActionItem"
    ]["id"]
    data = await ok(client, STATUS, {"id": mine, "s": "DONE"}, token=world.tokens["member"])
    assert data["updateActionItemStatus"]["status"] == "DONE"

    # A confidential item: those outside the committee do not see it at all, except its
    # owners (the municipality's people), who see what they own and report on it.
    confidential = {"id": gid("ActionItem", world.action_items[C.CONFIDENTIAL].id), "s": "DONE"}
    assert await codes(client, world, STATUS, confidential, ["party", "admin", "member"]) == {
        "party": "NOT_FOUND", "admin": "NOT_FOUND", "member": "FORBIDDEN"
    }  # fmt: skip
    data = await ok(client, STATUS, confidential, token=world.tokens["participant"])
    assert data["updateActionItemStatus"]["status"] == "DONE"


async def test_status_moves_until_done_or_cancelled(client):
    world = await build()
    results, expected = {}, {}
    for frm in S:
        for to in S:
            item = await ActionItem.create(
                committee_id=world.bodies["sc"].id, title="Item", classification=C.INTERNAL,
                status=frm,
            )  # fmt: skip
            result = await gql(
                client,
                STATUS,
                {"id": gid("ActionItem", item.id), "s": to.value},
                token=world.tokens["secretary"],
            )
            results[frm, to] = (
                result.data["updateActionItemStatus"]["status"]
                if result.ok
                else (result.only_code())
            )
            expected[frm, to] = "INVALID_TRANSITION" if frm in (S.DONE, S.CANCELLED) else to.value
            if not result.ok:
                assert (await ActionItem.get(id=item.id)).status == frm
    assert results == expected


async def overdue_world(world):
    """Beside the world's four OPEN items three days late: a spread of dues and states."""
    sc = world.bodies["sc"].id
    for title, due, status in [
        ("late but done", day(-5), S.DONE),
        ("late but cancelled", day(-5), S.CANCELLED),
        ("late and blocked", day(-1), S.BLOCKED),
        ("due today", day(0), S.IN_PROGRESS),
        ("due next week", day(7), S.OPEN),
        ("no due date", None, S.OPEN),
    ]:
        await ActionItem.create(
            committee_id=sc, title=title, due_date=due, status=status, classification=C.PUBLIC
        )


async def titles(client, world, variables):
    data = await ok(client, LIST, variables, token=world.tokens["chair"])
    found = sorted(e["node"]["title"] for e in data["actionItems"]["edges"])
    assert data["actionItems"]["totalCount"] == len(found)
    return found


async def test_overdue_lists_what_is_past_due_and_unfinished(client):
    world = await build()
    await overdue_world(world)
    late = sorted([f"{level.value} action" for level in C] + ["late and blocked"])
    assert await titles(client, world, {"o": True}) == late
    assert await titles(client, world, {"o": True, "s": "BLOCKED"}) == ["late and blocked"]
    # Finishing an item takes it off the overdue list.
    item = gid("ActionItem", world.action_items[C.PUBLIC].id)
    await ok(client, STATUS, {"id": item, "s": "DONE"}, token=world.tokens["secretary"])
    assert "PUBLIC action" not in await titles(client, world, {"o": True})
    assert pk(item) == world.action_items[C.PUBLIC].id


async def test_not_overdue_lists_everything_else(client):
    world = await build()
    await overdue_world(world)
    assert await titles(client, world, {"o": False}) == sorted(
        ["due next week", "due today", "late but cancelled", "late but done", "no due date"]
    )
