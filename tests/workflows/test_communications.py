"""Public updates: draft → review → approval by a second officer → publish → retract, publishing
only what the committee cleared, and who may do each."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from governance.enums import Classification, DecisionStatus, ReleaseStatus, UpdateStatus
from governance.models import Decision, Update
from tests.graphql import gid, gql
from tests.workflows.helpers import ok, pk, refused
from tests.workflows.helpers import workflow_world as build

C = Classification
S = UpdateStatus
UPDATE = """id title status urgent publishedAt author { id } approvedBy { id }
  decisions { reference }"""
DRAFT = f"mutation($input: DraftUpdateInput!) {{ draftUpdate(input: $input) {{ {UPDATE} }} }}"
SUBMIT = f"mutation($id: ID!) {{ submitUpdate(updateId: $id) {{ {UPDATE} }} }}"
APPROVE = f"mutation($id: ID!) {{ approveUpdate(updateId: $id) {{ {UPDATE} }} }}"
PUBLISH = f"mutation($id: ID!) {{ publishUpdate(updateId: $id) {{ {UPDATE} }} }}"
RETRACT = f"""mutation($id: ID!, $r: String!) {{
  retractUpdate(updateId: $id, reason: $r) {{ {UPDATE} }}
}}"""
PUBLIC_FEED = "{ updates(first: 50) { totalCount edges { node { title urgent } } } }"
MOVES = {
    "submit": (SUBMIT, S.DRAFT, S.IN_REVIEW),
    "approve": (APPROVE, S.IN_REVIEW, S.APPROVED),
    "publish": (PUBLISH, S.APPROVED, S.PUBLISHED),
    "retract": (RETRACT, S.PUBLISHED, S.RETRACTED),
}


async def cleared(world, level=C.INTERNAL) -> Decision:
    decision = world.decisions[level]
    await Decision.filter(id=decision.id).update(
        release=ReleaseStatus.CLEARED_FOR_RELEASE, classification=C.PUBLIC
    )
    return decision


async def update_at(world, status: S, title: str = "Update") -> str:
    now = datetime.now(UTC)
    update = await Update.create(
        title=title, body="Body.", status=status, author_id=world.people["comms"].id,
        listed_at=now, published_at=now if status in (S.PUBLISHED, S.RETRACTED) else None,
    )  # fmt: skip
    return gid("Update", update.id)


async def public_titles(client) -> list[str]:
    data = await ok(client, PUBLIC_FEED, token=None)
    return [e["node"]["title"] for e in data["updates"]["edges"]]


async def test_an_update_from_draft_to_retraction(client):
    world = await build()
    comms, comms2 = world.tokens["comms"], world.tokens["comms2"]
    decision = await cleared(world)
    drafted = (
        await ok(
            client,
            DRAFT,
            {
                "input": {
                    "title": "Water shortage: boil-water notice",
                    "summary": "Residents of ward 4 should boil water.",
                    "body": "The committee has **cleared** this notice.",
                    "urgent": True,
                    "decisionIds": [gid("Decision", decision.id)],
                }
            },
            token=comms,
        )
    )["draftUpdate"]
    assert (drafted["status"], drafted["urgent"]) == ("DRAFT", True)
    assert drafted["author"] == {"id": gid("Person", world.people["comms"].id)}
    assert drafted["decisions"] == [{"reference": decision.reference}]
    update = drafted["id"]
    assert "Water shortage: boil-water notice" not in await public_titles(client)

    assert (await ok(client, SUBMIT, {"id": update}, token=comms))["submitUpdate"][
        "status"
    ] == "IN_REVIEW"
    # The author does not approve their own update.
    assert await refused(client, APPROVE, {"id": update}, token=comms) == "FORBIDDEN"
    approved = (await ok(client, APPROVE, {"id": update}, token=comms2))["approveUpdate"]
    assert approved["status"] == "APPROVED"
    assert approved["approvedBy"] == {"id": gid("Person", world.people["comms2"].id)}
    assert "Water shortage: boil-water notice" not in await public_titles(client)

    published = (await ok(client, PUBLISH, {"id": update}, token=comms))["publishUpdate"]
    assert published["status"] == "PUBLISHED"
    assert published["publishedAt"]
    feed = await ok(client, PUBLIC_FEED, token=None)
    newest = feed["updates"]["edges"][0]["node"]
    assert newest == {"title": "Water shortage: boil-water notice", "urgent": True}

    blank = {"id": update, "r": " "}
    assert await refused(client, RETRACT, blank, token=comms2) == "BAD_USER_INPUT"
    retracted = await ok(client, RETRACT, {"id": update, "r": "Issued in error."}, token=comms2)
    assert retracted["retractUpdate"]["status"] == "RETRACTED"
    assert "Water shortage: boil-water notice" not in await public_titles(client)
    row = await Update.get(id=pk(update))
    assert row.retraction_reason == "Issued in error."


async def test_each_step_only_from_its_own_state(client):
    world = await build()
    results, expected = {}, {}
    for name, (query, frm, to) in MOVES.items():
        for status in S:
            update = await update_at(world, status)
            variables = {"id": update, "r": "Reason."} if name == "retract" else {"id": update}
            result = await gql(client, query, variables, token=world.tokens["comms2"])
            results[name, status] = (
                next(iter(result.data.values()))["status"] if result.ok else result.only_code()
            )
            expected[name, status] = to.value if status == frm else "INVALID_TRANSITION"
    assert results == expected


async def test_publishing_waits_for_every_linked_decision_to_be_cleared_and_in_force(client):
    world = await build()
    comms, comms2 = world.tokens["comms"], world.tokens["comms2"]
    public, internal = world.decisions[C.PUBLIC], world.decisions[C.INTERNAL]
    await cleared(world, C.PUBLIC)
    drafted = await ok(
        client,
        DRAFT,
        {"input": {"title": "Two decisions", "body": "Both.",
                   "decisionIds": [gid("Decision", public.id), gid("Decision", internal.id)]}},
        token=comms,
    )  # fmt: skip
    update = drafted["draftUpdate"]["id"]
    await ok(client, SUBMIT, {"id": update}, token=comms)
    await ok(client, APPROVE, {"id": update}, token=comms2)

    # The internal decision is not cleared for release.
    result = await gql(client, PUBLISH, {"id": update}, token=comms)
    assert result.only_code() == "INVALID_TRANSITION"
    assert internal.reference in result.errors[0]["message"]

    # Cleared, but revoked meanwhile: still not publishable.
    await ok(
        client,
        "mutation($id: ID!) { setDecisionRelease(decisionId: $id, release: CLEARED_FOR_RELEASE) { id } }",
        {"id": gid("Decision", internal.id)},
        token=world.tokens["secretary"],
    )
    await Decision.filter(id=public.id).update(status=DecisionStatus.REVOKED)
    assert await refused(client, PUBLISH, {"id": update}, token=comms) == "INVALID_TRANSITION"
    await Decision.filter(id=public.id).update(status=DecisionStatus.SUPERSEDED)
    assert await refused(client, PUBLISH, {"id": update}, token=comms) == "INVALID_TRANSITION"
    assert (await Update.get(title="Two decisions")).status == S.APPROVED

    await Decision.filter(id=public.id).update(status=DecisionStatus.IN_FORCE)
    published = await ok(client, PUBLISH, {"id": update}, token=comms)
    assert published["publishUpdate"]["status"] == "PUBLISHED"
    assert sorted(d["reference"] for d in published["publishUpdate"]["decisions"]) == sorted(
        [public.reference, internal.reference]
    )


async def test_only_decisions_the_drafter_sees_can_be_linked(client):
    world = await build()
    hidden = {"input": {"title": "Leak", "body": "Leak.",
                        "decisionIds": [gid("Decision", world.decisions[C.CONFIDENTIAL].id)]}}  # fmt: skip
    assert await refused(client, DRAFT, hidden, token=world.tokens["comms"]) == "NOT_FOUND"
    assert not await Update.filter(title="Leak").exists()


async def test_who_may_draft_and_handle_updates(client):
    world = await build()
    draft = {"input": {"title": "Notice", "body": "Body."}}
    roles = ["anonymous", "participant", "member", "chair", "admin"]
    expected = {
        "anonymous": "UNAUTHENTICATED",
        "participant": "FORBIDDEN",
        "member": "FORBIDDEN",
        "chair": "FORBIDDEN",
        "admin": "FORBIDDEN",
    }
    out = {}
    for role in roles:
        result = await gql(client, DRAFT, draft, token=world.tokens[role])
        out[role] = result.only_code() if result.errors else None
    assert out == expected
    # A published update is public: others see it, and may not retract it.
    published = gid("Update", world.published_update.id)
    for role in roles:
        code = await refused(
            client, RETRACT, {"id": published, "r": "No."}, token=world.tokens[role]
        )
        assert code == expected[role], role
    await ok(client, RETRACT, {"id": published, "r": "Outdated."}, token=world.tokens["comms"])


@pytest.mark.parametrize("name", list(MOVES))
async def test_an_unpublished_update_is_not_found_by_those_outside_communications(client, name):
    world = await build()
    query, frm, _ = MOVES[name]
    update = await update_at(world, frm if frm != S.PUBLISHED else S.DRAFT)
    variables = {"id": update, "r": "Reason."} if name == "retract" else {"id": update}
    assert await refused(client, query, variables, token=world.tokens["participant"]) == (
        "NOT_FOUND"
    )
