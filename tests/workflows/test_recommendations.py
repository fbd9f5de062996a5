"""Recommendations: drafted by an advisory board, submitted, answered by the committee
addressed, withdrawn before a response, implemented after acceptance."""

from __future__ import annotations

from datetime import UTC, datetime

from governance.enums import Classification, RecommendationStatus
from governance.models import Decision, Recommendation
from tests.graphql import codes, gid, gql
from tests.workflows.helpers import ok, pk, refused
from tests.workflows.helpers import workflow_world as build
from tests.world import TODAY

C = Classification
S = RecommendationStatus
REC = """id reference status classification submittedAt board { id } addressedTo { id }
  response { text respondedAt respondedBy { id } decision { reference } }"""
DRAFT = f"""mutation($input: DraftRecommendationInput!) {{
  draftRecommendation(input: $input) {{ {REC} }}
}}"""
SUBMIT = f"mutation($id: ID!) {{ submitRecommendation(recommendationId: $id) {{ {REC} }} }}"
WITHDRAW = f"mutation($id: ID!) {{ withdrawRecommendation(recommendationId: $id) {{ {REC} }} }}"
RESPOND = f"""mutation($input: RespondToRecommendationInput!) {{
  respondToRecommendation(input: $input) {{ {REC} }}
}}"""
NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on Recommendation {{ {REC} }} }} }}"

# What the addressed committee may answer, from each state (PRODUCT.md's lifecycle).
RESPONSES = {
    S.SUBMITTED: {S.UNDER_REVIEW, S.ACCEPTED, S.PARTIALLY_ACCEPTED, S.REJECTED},
    S.UNDER_REVIEW: {S.ACCEPTED, S.PARTIALLY_ACCEPTED, S.REJECTED},
    S.ACCEPTED: {S.IMPLEMENTED},
    S.PARTIALLY_ACCEPTED: {S.IMPLEMENTED},
}
# Withdrawn by the board before the committee's response.
WITHDRAWABLE = {S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW}


def draft_input(world, level=C.CONFIDENTIAL, **overrides):
    return {
        "input": {
            "boardId": gid("AdvisoryBoard", world.bodies["pab"].id),
            "addressedToId": gid("Committee", world.bodies["sc"].id),
            "title": "Publish a KPI dashboard",
            "text": "Publish the programme's KPIs quarterly.",
            "rationale": "Partners ask for it.",
            "classification": level.value,
            **overrides,
        }
    }


async def at_status(world, status: S, number: int, level=C.INTERNAL) -> str:
    rec = await Recommendation.create(
        reference=f"PAB-R-T-{number:03d}", board_id=world.bodies["pab"].id,
        addressed_to_id=world.bodies["sc"].id, title=f"{status.value} recommendation",
        text="Text.", classification=level, status=status,
        submitted_at=None if status == S.DRAFT else datetime.now(UTC),
    )  # fmt: skip
    return gid("Recommendation", rec.id)


async def test_from_draft_to_implemented(client):
    world = await build()
    drafted = (await ok(client, DRAFT, draft_input(world), token=world.tokens["advisor"]))[
        "draftRecommendation"
    ]
    assert drafted["reference"] == f"PAB-R-{TODAY.year}-100"
    assert (drafted["status"], drafted["submittedAt"], drafted["response"]) == ("DRAFT", None, None)
    rec = drafted["id"]

    # While it is a draft the board alone sees it; the committee addressed does not.
    for role, sees in [("board_chair", True), ("advisor", True), ("chair", False),
                       ("secretary", False), ("admin", False)]:  # fmt: skip
        shown = await gql(client, NODE, {"id": rec}, token=world.tokens[role])
        assert (shown.data["node"] is not None) == sees, role

    submitted = (await ok(client, SUBMIT, {"id": rec}, token=world.tokens["board_chair"]))[
        "submitRecommendation"
    ]
    assert submitted["status"] == "SUBMITTED"
    assert submitted["submittedAt"]
    assert (await gql(client, NODE, {"id": rec}, token=world.tokens["chair"])).data["node"]

    decision = gid("Decision", world.decisions[C.CONFIDENTIAL].id)
    respond = {"recommendationId": rec, "status": "UNDER_REVIEW", "text": "On the agenda."}
    review = (await ok(client, RESPOND, {"input": respond}, token=world.tokens["secretary"]))[
        "respondToRecommendation"
    ]
    assert review["status"] == "UNDER_REVIEW"
    accept = {**respond, "status": "ACCEPTED", "text": "Accepted in full.", "decisionId": decision}
    accepted = (await ok(client, RESPOND, {"input": accept}, token=world.tokens["chair"]))[
        "respondToRecommendation"
    ]
    assert accepted["status"] == "ACCEPTED"
    assert accepted["response"]["text"] == "Accepted in full."
    assert accepted["response"]["respondedAt"]
    assert accepted["response"]["respondedBy"] == {"id": gid("Person", world.people["chair"].id)}
    assert accepted["response"]["decision"] == {
        "reference": world.decisions[C.CONFIDENTIAL].reference
    }
    # The board follows the response.
    shown = await ok(client, NODE, {"id": rec}, token=world.tokens["advisor"])
    assert shown["node"]["response"]["text"] == "Accepted in full."

    done = {"recommendationId": rec, "status": "IMPLEMENTED", "text": "Dashboard published."}
    implemented = (await ok(client, RESPOND, {"input": done}, token=world.tokens["chair"]))[
        "respondToRecommendation"
    ]
    assert implemented["status"] == "IMPLEMENTED"
    for status in S:
        again = {"recommendationId": rec, "status": status.value, "text": "Again."}
        code = await refused(client, RESPOND, {"input": again}, token=world.tokens["chair"])
        assert code == "INVALID_TRANSITION", status
    assert await refused(client, WITHDRAW, {"id": rec}, token=world.tokens["board_chair"]) == (
        "INVALID_TRANSITION"
    )


async def test_implementing_keeps_the_decision_the_committee_responded_with(client):
    world = await build()
    rec = await at_status(world, S.SUBMITTED, 1)
    decision = world.decisions[C.INTERNAL]
    accept = {"recommendationId": rec, "status": "ACCEPTED", "text": "Accepted.",
              "decisionId": gid("Decision", decision.id)}  # fmt: skip
    await ok(client, RESPOND, {"input": accept}, token=world.tokens["chair"])
    done = {"recommendationId": rec, "status": "IMPLEMENTED", "text": "Done."}
    implemented = (await ok(client, RESPOND, {"input": done}, token=world.tokens["chair"]))[
        "respondToRecommendation"
    ]
    assert implemented["status"] == "IMPLEMENTED"
    assert implemented["response"]["decision"] == {"reference": decision.reference}


async def test_every_response_from_every_state(client):
    world = await build()
    results, expected = {}, {}
    number = 0
    for frm in S:
        for to in S:
            number += 1
            rec = await at_status(world, frm, number)
            variables = {"input": {"recommendationId": rec, "status": to.value, "text": "Reply."}}
            result = await gql(client, RESPOND, variables, token=world.tokens["chair"])
            after = (await Recommendation.get(id=pk(rec))).status
            if result.ok:
                assert after == to
                results[frm, to] = "moved"
            else:
                assert after == frm
                results[frm, to] = result.only_code()
            if frm == S.DRAFT:
                expected[frm, to] = "NOT_FOUND"  # the committee does not see a draft
            else:
                expected[frm, to] = (
                    "moved" if to in RESPONSES.get(frm, ()) else "INVALID_TRANSITION"
                )
    assert results == expected


async def test_submitting_and_withdrawing_from_every_state(client):
    world = await build()
    submitted, withdrawn = {}, {}
    for number, frm in enumerate(S, start=1):
        rec = await at_status(world, frm, number)
        result = await gql(client, SUBMIT, {"id": rec}, token=world.tokens["board_chair"])
        submitted[frm] = (
            result.data["submitRecommendation"]["status"] if result.ok else (result.only_code())
        )
        rec = await at_status(world, frm, 100 + number)
        result = await gql(client, WITHDRAW, {"id": rec}, token=world.tokens["board_chair"])
        withdrawn[frm] = (
            result.data["withdrawRecommendation"]["status"] if result.ok else (result.only_code())
        )
    assert submitted == {s: "SUBMITTED" if s == S.DRAFT else "INVALID_TRANSITION" for s in S}
    assert withdrawn == {s: "WITHDRAWN" if s in WITHDRAWABLE else "INVALID_TRANSITION" for s in S}


async def test_a_draft_withdrawn_before_submission_stays_the_boards(client):
    world = await build()
    rec = await at_status(world, S.DRAFT, 1)
    await ok(client, WITHDRAW, {"id": rec}, token=world.tokens["board_chair"])
    assert (await gql(client, NODE, {"id": rec}, token=world.tokens["chair"])).data["node"] is None
    shown = await ok(client, NODE, {"id": rec}, token=world.tokens["advisor"])
    assert shown["node"]["status"] == "WITHDRAWN"


async def test_who_may_draft(client):
    world = await build()
    assert await codes(
        client,
        world,
        DRAFT,
        draft_input(world),
        ["anonymous", "participant", "chair", "member", "admin"],
    ) == {
        "anonymous": "UNAUTHENTICATED",
        "participant": "FORBIDDEN",
        "chair": "FORBIDDEN",  # the committee's chair is not on the board
        "member": "FORBIDDEN",
        "admin": "FORBIDDEN",
    }
    for role in ("advisor", "board_chair"):
        await ok(client, DRAFT, draft_input(world), token=world.tokens[role])
    to_board = draft_input(world, addressedToId=gid("AdvisoryBoard", world.bodies["pab"].id))
    assert await refused(client, DRAFT, to_board, token=world.tokens["advisor"]) == (
        "BAD_USER_INPUT"
    )
    from_committee = draft_input(world, boardId=gid("Committee", world.bodies["ou"].id))
    assert await refused(client, DRAFT, from_committee, token=world.tokens["advisor"]) == (
        "BAD_USER_INPUT"
    )
    references = await Recommendation.all().values_list("reference", flat=True)
    assert sorted(r for r in references if r.endswith(("-100", "-101"))) == [
        f"PAB-R-{TODAY.year}-100",
        f"PAB-R-{TODAY.year}-101",
    ]


async def test_who_may_submit_and_withdraw(client):
    world = await build()
    draft = gid("Recommendation", world.draft_recommendation.id)
    roles = ["anonymous", "chair", "participant", "advisor"]
    expected = {
        "anonymous": "UNAUTHENTICATED",
        "chair": "NOT_FOUND",  # a draft is the board's alone
        "participant": "NOT_FOUND",
        "advisor": "FORBIDDEN",  # a board member, but not its chair or secretary
    }
    assert await codes(client, world, SUBMIT, {"id": draft}, roles) == expected
    assert await codes(client, world, WITHDRAW, {"id": draft}, roles) == expected
    await ok(client, SUBMIT, {"id": draft}, token=world.tokens["board_chair"])
    # Submitted (and PUBLIC), the committee sees it but does not withdraw it.
    assert await codes(client, world, WITHDRAW, {"id": draft}, roles) == {
        **expected,
        "chair": "FORBIDDEN",
        "participant": "FORBIDDEN",
    }
    data = await ok(client, WITHDRAW, {"id": draft}, token=world.tokens["board_chair"])
    assert data["withdrawRecommendation"]["status"] == "WITHDRAWN"


async def test_who_may_respond(client):
    world = await build()
    rec = gid("Recommendation", world.recommendations[C.CONFIDENTIAL].id)
    respond = {"input": {"recommendationId": rec, "status": "REJECTED", "text": "Not now."}}
    assert await codes(
        client,
        world,
        RESPOND,
        respond,
        ["anonymous", "participant", "admin", "member", "observer", "board_chair", "advisor"],
    ) == {
        "anonymous": "UNAUTHENTICATED",
        "participant": "NOT_FOUND",
        "admin": "NOT_FOUND",
        "member": "FORBIDDEN",
        "observer": "FORBIDDEN",
        "board_chair": "FORBIDDEN",  # the board does not answer its own recommendation
        "advisor": "FORBIDDEN",
    }
    other = await at_status(world, S.SUBMITTED, 1)
    foreign = await Decision.create(
        reference=f"OU-{TODAY.year}-009", committee_id=world.bodies["ou"].id, title="OU",
        text="OU.", decided_on=TODAY, classification=C.PUBLIC, recorded_classification=C.PUBLIC,
    )  # fmt: skip
    with_foreign = {"input": {"recommendationId": other, "status": "ACCEPTED", "text": "Yes.",
                              "decisionId": gid("Decision", foreign.id)}}  # fmt: skip
    assert await refused(client, RESPOND, with_foreign, token=world.tokens["chair"]) == (
        "BAD_USER_INPUT"
    )
    data = await ok(client, RESPOND, respond, token=world.tokens["secretary"])
    assert data["respondToRecommendation"]["status"] == "REJECTED"
