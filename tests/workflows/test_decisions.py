"""The decisions register: numbered references, superseding, revoking, clearing for release,
and who may do each."""

from __future__ import annotations

from governance.enums import Classification, MemberRole
from governance.models import Decision, Membership
from tests.graphql import codes, gid, gql
from tests.workflows.helpers import ok, refused
from tests.workflows.helpers import workflow_world as build
from tests.world import TODAY, day

C = Classification
DECISION = """id reference title status release classification decidedOn
  committee { id } supersedes { reference } supersededBy { reference }"""
RECORD = f"""mutation($input: RecordDecisionInput!) {{
  recordDecision(input: $input) {{ {DECISION} }}
}}"""
REVOKE = f"""mutation($id: ID!, $reason: String!) {{
  revokeDecision(decisionId: $id, reason: $reason) {{ {DECISION} }}
}}"""
RELEASE = f"""mutation($id: ID!, $r: ReleaseStatus!) {{
  setDecisionRelease(decisionId: $id, release: $r) {{ {DECISION} }}
}}"""
BY_REFERENCE = f"""query($r: String!) {{ decision(reference: $r) {{ {DECISION} }} }}"""


def record_input(world, level=C.INTERNAL, **overrides):
    return {
        "input": {
            "committeeId": gid("Committee", world.bodies["sc"].id),
            "title": "Adopt the strategic water management plan",
            "text": "The committee adopts the plan **as tabled**.",
            "decidedOn": str(day()),
            "classification": level.value,
            **overrides,
        }
    }


def did(world, level) -> str:
    return gid("Decision", world.decisions[level].id)


async def test_recorded_decisions_take_the_next_reference_of_their_committee(client):
    world = await build()
    year = TODAY.year
    first = (await ok(client, RECORD, record_input(world), token=world.tokens["chair"]))[
        "recordDecision"
    ]
    second = (await ok(client, RECORD, record_input(world), token=world.tokens["secretary"]))[
        "recordDecision"
    ]
    assert [first["reference"], second["reference"]] == [f"SC-{year}-005", f"SC-{year}-006"]
    assert first["status"] == "IN_FORCE"
    assert first["release"] == "NOT_FOR_RELEASE"
    assert first["committee"]["id"] == gid("Committee", world.bodies["sc"].id)
    # The register numbers by the year the decision was taken in.
    last_year = record_input(world, decidedOn=f"{year - 1}-11-30")
    old = (await ok(client, RECORD, last_year, token=world.tokens["chair"]))["recordDecision"]
    assert old["reference"] == f"SC-{year - 1}-001"
    # Another committee keeps its own register.
    ou = record_input(world, committeeId=gid("Committee", world.bodies["ou"].id))
    await Membership.create(
        person_id=world.people["chair"].id, body_id=world.bodies["ou"].id, role=MemberRole.CHAIR,
        voting_rights=True, start_date=day(-10),
    )  # fmt: skip
    ou_first = (await ok(client, RECORD, ou, token=world.tokens["chair"]))["recordDecision"]
    assert ou_first["reference"] == f"OU-{year}-001"
    # A revoked decision keeps its number: the next one is new.
    await ok(client, REVOKE, {"id": second["id"], "reason": "Error"}, token=world.tokens["chair"])
    third = (await ok(client, RECORD, record_input(world), token=world.tokens["chair"]))[
        "recordDecision"
    ]
    assert third["reference"] == f"SC-{year}-007"
    references = await Decision.all().values_list("reference", flat=True)
    assert len(references) == len(set(references))


async def test_who_may_record_a_decision(client):
    world = await build()
    variables = record_input(world)
    assert await codes(
        client,
        world,
        RECORD,
        variables,
        ["anonymous", "participant", "member", "observer", "board_chair", "admin", "comms"],
    ) == {
        "anonymous": "UNAUTHENTICATED",
        "participant": "FORBIDDEN",  # committees are public: seen, but not theirs to decide for
        "member": "FORBIDDEN",
        "observer": "FORBIDDEN",
        "board_chair": "FORBIDDEN",
        "admin": "FORBIDDEN",
        "comms": "FORBIDDEN",
    }
    assert await Decision.all().count() == 4
    missing = record_input(world, committeeId=gid("Committee", 999_999))
    assert await refused(client, RECORD, missing, token=world.tokens["chair"]) == "NOT_FOUND"
    board = record_input(world, committeeId=gid("AdvisoryBoard", world.bodies["pab"].id))
    assert await refused(client, RECORD, board, token=world.tokens["board_chair"]) == (
        "BAD_USER_INPUT"
    )


async def test_a_restricted_decision_names_whoever_recorded_it(client):
    world = await build()
    data = await ok(
        client, RECORD, record_input(world, C.RESTRICTED), token=world.tokens["secretary"]
    )
    reference = data["recordDecision"]["reference"]
    for role, sees in [("secretary", True), ("chair", True), ("member", False), ("named", False)]:
        shown = await gql(client, BY_REFERENCE, {"r": reference}, token=world.tokens[role])
        assert (shown.data["decision"] is not None) == sees, role


async def test_superseding_replaces_a_decision_in_force(client):
    world = await build()
    chair = world.tokens["chair"]
    old = did(world, C.INTERNAL)
    new = (
        await ok(
            client, RECORD, record_input(world, supersedesId=old, title="Amended plan"), token=chair
        )
    )["recordDecision"]
    assert new["supersedes"] == {"reference": world.decisions[C.INTERNAL].reference}
    assert new["status"] == "IN_FORCE"
    shown = (
        await ok(
            client,
            BY_REFERENCE,
            {"r": world.decisions[C.INTERNAL].reference},
            token=world.tokens["participant"],
        )
    )["decision"]
    assert shown["status"] == "SUPERSEDED"
    assert shown["supersededBy"] == {"reference": new["reference"]}
    # The old text stands as it was: a change is a new decision, never an edit.
    row = await Decision.get(id=world.decisions[C.INTERNAL].id)
    assert (row.title, row.text) == ("INTERNAL decision", "The internal text.")

    # A superseded or revoked decision is no longer in force: it cannot be superseded again.
    again = record_input(world, supersedesId=old)
    assert await refused(client, RECORD, again, token=chair) == "INVALID_TRANSITION"
    await ok(client, REVOKE, {"id": did(world, C.PUBLIC), "reason": "Void."}, token=chair)
    revoked = record_input(world, supersedesId=did(world, C.PUBLIC))
    assert await refused(client, RECORD, revoked, token=chair) == "INVALID_TRANSITION"
    assert await Decision.all().count() == 5

    # Only a decision of the same committee, and one the recorder may see.
    other = await Decision.create(
        reference=f"OU-{TODAY.year}-050", committee_id=world.bodies["ou"].id, title="OU",
        text="OU text.", decided_on=TODAY, classification=C.PUBLIC,
        recorded_classification=C.PUBLIC,
    )  # fmt: skip
    foreign = record_input(world, supersedesId=gid("Decision", other.id))
    assert await refused(client, RECORD, foreign, token=chair) == "BAD_USER_INPUT"
    hidden = record_input(world, supersedesId=did(world, C.RESTRICTED))
    assert await refused(client, RECORD, hidden, token=world.tokens["secretary"]) == "NOT_FOUND"
    assert await Decision.filter(status="SUPERSEDED").count() == 1


async def test_revoking_a_decision(client):
    world = await build()
    target = did(world, C.CONFIDENTIAL)
    variables = {"id": target, "reason": "Taken on incomplete information."}
    assert await codes(
        client,
        world,
        REVOKE,
        variables,
        ["anonymous", "participant", "party", "admin", "member", "observer"],
    ) == {
        "anonymous": "UNAUTHENTICATED",
        "participant": "NOT_FOUND",
        "party": "NOT_FOUND",
        "admin": "NOT_FOUND",
        "member": "FORBIDDEN",
        "observer": "FORBIDDEN",
    }
    blank = {"id": target, "reason": "   "}
    assert await refused(client, REVOKE, blank, token=world.tokens["chair"]) == "BAD_USER_INPUT"
    revoked = (await ok(client, REVOKE, variables, token=world.tokens["secretary"]))[
        "revokeDecision"
    ]
    assert revoked["status"] == "REVOKED"
    row = await Decision.get(id=world.decisions[C.CONFIDENTIAL].id)
    assert row.revoked_reason == "Taken on incomplete information."
    assert await refused(client, REVOKE, variables, token=world.tokens["chair"]) == (
        "INVALID_TRANSITION"
    )
    # A superseded decision is no longer in force either.
    await ok(
        client,
        RECORD,
        record_input(world, supersedesId=did(world, C.INTERNAL)),
        token=world.tokens["chair"],
    )
    superseded = {"id": did(world, C.INTERNAL), "reason": "Too late."}
    assert await refused(client, REVOKE, superseded, token=world.tokens["chair"]) == (
        "INVALID_TRANSITION"
    )
    # Visible to every signed-in person, but not theirs to revoke.
    internal = {"id": did(world, C.PUBLIC), "reason": "No."}
    assert await refused(client, REVOKE, internal, token=world.tokens["participant"]) == (
        "FORBIDDEN"
    )


async def test_clearing_for_release_makes_a_decision_public(client):
    world = await build()
    reference = world.decisions[C.CONFIDENTIAL].reference
    target = did(world, C.CONFIDENTIAL)
    anonymous = await gql(client, BY_REFERENCE, {"r": reference})
    assert anonymous.data == {"decision": None}

    variables = {"id": target, "r": "CLEARED_FOR_RELEASE"}
    assert await codes(
        client, world, RELEASE, variables, ["anonymous", "participant", "member", "comms"]
    ) == {
        "anonymous": "UNAUTHENTICATED",
        "participant": "NOT_FOUND",
        "member": "FORBIDDEN",
        "comms": "NOT_FOUND",
    }
    cleared = (await ok(client, RELEASE, variables, token=world.tokens["secretary"]))[
        "setDecisionRelease"
    ]
    assert (cleared["release"], cleared["classification"]) == ("CLEARED_FOR_RELEASE", "PUBLIC")
    shown = await gql(client, BY_REFERENCE, {"r": reference})
    assert shown.data["decision"]["release"] == "CLEARED_FOR_RELEASE"
    listed = await ok(
        client, "{ decisions(first: 50) { edges { node { reference } } } }", token=None
    )
    assert reference in [e["node"]["reference"] for e in listed["decisions"]["edges"]]

    # Withheld again, it returns to its recorded classification.
    withheld = await ok(
        client, RELEASE, {"id": target, "r": "NOT_FOR_RELEASE"}, token=world.tokens["chair"]
    )
    assert withheld["setDecisionRelease"]["classification"] == "CONFIDENTIAL"
    assert (await gql(client, BY_REFERENCE, {"r": reference})).data == {"decision": None}
    member = await gql(client, BY_REFERENCE, {"r": reference}, token=world.tokens["member"])
    assert member.data["decision"]["release"] == "NOT_FOR_RELEASE"
