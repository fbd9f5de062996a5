"""Access follows the record: a change takes effect on the very next request, no restart.

A new membership, an ended membership, a grant given or taken back, a new party,
a submitted recommendation, a decision cleared for release, a published update,
a revoked token: each is made through the API (or, where the API has no
mutation for it, in the record), and the same token's next request sees the
difference, in the same running app.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime, timedelta

import pytest

from governance import events
from governance.enums import Classification, MotionStatus, RecommendationStatus
from governance.models import AgreementParty, ApiToken, Person, Recommendation
from permissions import load_viewer
from schema import build_schema
from schema.context import Context
from tests.graphql import gql
from tests.test_access_reads import SEES
from tests.world import TODAY, World, build_world, motion_at

PUBLIC, INTERNAL, CONFIDENTIAL, RESTRICTED = tuple(Classification)
KINDS = ("meeting", "decision", "agreement", "recommendation", "action_item")

EVERY_LIST = """{
    meeting: meetings(first: 100) { edges { node { classification } } }
    decision: decisions(first: 100) { edges { node { classification } } }
    agreement: agreements(first: 100) { edges { node { classification } } }
    recommendation: recommendations(first: 100, status: SUBMITTED) {
        edges { node { classification } }
    }
    action_item: actionItems(first: 100) { edges { node { classification } } }
}"""


async def seen(client, token: str | None) -> dict[str, set[Classification]]:
    """Per kind, the classifications of the steering committee's items the token sees."""
    result = await gql(client, EVERY_LIST, token=token)
    assert result.ok, result.errors
    return {
        kind: {Classification(e["node"]["classification"]) for e in result.data[kind]["edges"]}
        for kind in KINDS
    }


def row(role: str) -> dict[str, set[Classification]]:
    """The read table's row for a role, per kind."""
    return {kind: set(SEES[kind][role]) for kind in KINDS}


# The participant's municipality owns the world's action items: whatever body the participant
# joins or leaves, they see those as their owner (PRODUCT.md: owners see what they own).
OWNER_OF_THE_ACTION_ITEMS = {"action_item": set(Classification)}


async def as_admin(client, world: World, document: str, variables: dict) -> None:
    result = await gql(client, document, variables, token=world.tokens["admin"])
    assert result.ok, result.errors


ADD_MEMBER = """mutation($b: ID!, $p: ID!, $role: MemberRole!, $start: Date!) {
    addMember(input: {bodyId: $b, personId: $p, role: $role, votingRights: true,
                      startDate: $start}) { role }
}"""
END_MEMBERSHIP = """mutation($b: ID!, $p: ID!, $end: Date!) {
    endMembership(bodyId: $b, personId: $p, endDate: $end) { endDate }
}"""


def membership(world: World, who: str, **more: str) -> dict[str, str]:
    return {
        "b": world.gid("Committee", world.bodies["sc"].id),
        "p": world.gid("Person", world.people[who].id),
        **more,
    }


# ------------------------------------------------------------------ memberships


async def test_a_new_membership_shows_the_bodys_confidential_items_on_the_next_request(client):
    world = await build_world()
    token = world.tokens["participant"]
    assert await seen(client, token) == row("participant")

    joining = membership(world, "participant", role="MEMBER", start=TODAY.isoformat())
    await as_admin(client, world, ADD_MEMBER, joining)

    assert await seen(client, token) == row("member") | OWNER_OF_THE_ACTION_ITEMS


async def test_a_membership_starting_tomorrow_shows_nothing_more_today(client):
    world = await build_world()
    token = world.tokens["participant"]

    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    await as_admin(
        client, world, ADD_MEMBER, membership(world, "participant", role="MEMBER", start=tomorrow)
    )

    assert await seen(client, token) == row("participant")


async def test_an_ended_membership_hides_the_bodys_confidential_items_on_the_next_request(client):
    world = await build_world()
    token = world.tokens["member"]
    assert await seen(client, token) == row("member")

    await as_admin(
        client, world, END_MEMBERSHIP, membership(world, "member", end=TODAY.isoformat())
    )

    assert await seen(client, token) == row("former")  # a member whose membership ended


async def test_a_membership_ending_tomorrow_still_counts_today(client):
    world = await build_world()

    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    await as_admin(client, world, END_MEMBERSHIP, membership(world, "member", end=tomorrow))

    assert await seen(client, world.tokens["member"]) == row("member")


async def test_a_new_chair_sees_restricted_items_and_the_old_one_no_longer_does(client):
    world = await build_world()
    old, new = world.tokens["chair"], world.tokens["participant"]
    assert await seen(client, old) == row("chair")

    await as_admin(client, world, END_MEMBERSHIP, membership(world, "chair", end=TODAY.isoformat()))
    chairing = membership(world, "participant", role="CHAIR", start=TODAY.isoformat())
    await as_admin(client, world, ADD_MEMBER, chairing)

    assert await seen(client, new) == row("chair")
    assert await seen(client, old) == row("former")


# ------------------------------------------------------------------ grants


GRANT = "mutation($s: ID!, $p: ID!) { grantAccess(subjectId: $s, personId: $p) }"
REVOKE = "mutation($s: ID!, $p: ID!) { revokeAccess(subjectId: $s, personId: $p) }"
NODE = "query($id: ID!) { node(id: $id) { id } }"
TYPE_NAMES = {
    "meeting": "Meeting",
    "decision": "Decision",
    "agreement": "Agreement",
    "recommendation": "Recommendation",
    "action_item": "ActionItem",
}


def restricted_item(world: World, kind: str) -> str:
    items = {
        "meeting": world.meetings,
        "decision": world.decisions,
        "agreement": world.agreements,
        "recommendation": world.recommendations,
        "action_item": world.action_items,
    }[kind]
    return world.gid(TYPE_NAMES[kind], items[RESTRICTED].id)


@pytest.mark.parametrize("kind", KINDS)
async def test_a_grant_shows_a_restricted_item_on_the_next_request_and_revoking_hides_it(
    client, kind
):
    world = await build_world()
    # Someone with no relation to any of the world's items (the participant's municipality
    # owns its action items).
    token, chair = world.tokens["former"], world.tokens["chair"]
    outsider = world.gid("Person", world.people["former"].id)
    naming = {"s": restricted_item(world, kind), "p": outsider}
    assert RESTRICTED not in (await seen(client, token))[kind]

    granted = await gql(client, GRANT, naming, token=chair)
    assert granted.ok, granted.errors
    # that item only: the world's RESTRICTED items of other kinds share its row id
    assert await seen(client, token) == row("former") | {kind: {PUBLIC, INTERNAL, RESTRICTED}}
    assert (await gql(client, NODE, {"id": naming["s"]}, token=token)).data["node"] is not None

    revoked = await gql(client, REVOKE, naming, token=chair)
    assert revoked.ok, revoked.errors
    assert await seen(client, token) == row("former")
    assert (await gql(client, NODE, {"id": naming["s"]}, token=token)).data["node"] is None


async def test_an_admin_named_on_an_item_sees_it_and_may_then_name_others(client):
    world = await build_world()
    admin = world.tokens["admin"]
    decision = restricted_item(world, "decision")
    participant = world.gid("Person", world.people["participant"].id)

    refused = await gql(client, GRANT, {"s": decision, "p": participant}, token=admin)
    assert refused.only_code() == "NOT_FOUND"

    admin_person = world.gid("Person", world.people["admin"].id)
    named = await gql(
        client, GRANT, {"s": decision, "p": admin_person}, token=world.tokens["chair"]
    )
    assert named.ok, named.errors

    assert (await gql(client, NODE, {"id": decision}, token=admin)).data["node"] is not None
    allowed = await gql(client, GRANT, {"s": decision, "p": participant}, token=admin)
    assert allowed.ok, allowed.errors
    assert (await gql(client, NODE, {"id": decision}, token=world.tokens["participant"])).data[
        "node"
    ] is not None


# ------------------------------------------------------------------ the item's own changes


async def test_a_new_party_organizations_people_see_the_confidential_agreement(client):
    world = await build_world()
    token = world.tokens["participant"]  # of the municipality, a party to nothing yet
    assert CONFIDENTIAL not in (await seen(client, token))["agreement"]

    await AgreementParty.create(
        agreement_id=world.agreements[CONFIDENTIAL].id,
        organization_id=world.orgs["municipality"].id,
        role="BENEFICIARY",
    )

    assert (await seen(client, token))["agreement"] == {PUBLIC, INTERNAL, CONFIDENTIAL}


async def test_a_confidential_agreement_created_with_a_party_is_seen_by_its_people(client):
    world = await build_world()
    created = await gql(
        client,
        """mutation($sc: ID!, $org: ID!) { createAgreement(input: {reference: "MCPP-AGR-NEW",
            title: "Ward 4 water", classification: CONFIDENTIAL, governingBodyId: $sc,
            parties: [{organizationId: $org, role: BENEFICIARY}]}) { id } }""",
        {"sc": world.gid("Committee", world.bodies["sc"].id),
         "org": world.gid("Organization", world.orgs["municipality"].id)},
        token=world.tokens["chair"],
    )  # fmt: skip
    assert created.ok, created.errors
    agreement = created.data["createAgreement"]["id"]

    for role, sees in [("participant", True), ("party", False), ("advisor", False)]:
        node = await gql(client, NODE, {"id": agreement}, token=world.tokens[role])
        assert (node.data["node"] is not None) is sees, role


async def test_a_submitted_recommendation_is_seen_by_the_addressed_committee(client):
    world = await build_world()
    draft = await Recommendation.create(
        reference="PAB-R-NEW", board_id=world.bodies["pab"].id,
        addressed_to_id=world.bodies["sc"].id, title="Meters", text="Meter every house.",
        classification=CONFIDENTIAL,
    )  # fmt: skip
    variables = {"id": world.gid("Recommendation", draft.id)}
    assert (await gql(client, NODE, variables, token=world.tokens["member"])).data["node"] is None

    submitted = await gql(
        client,
        "mutation($id: ID!) { submitRecommendation(recommendationId: $id) { status } }",
        variables,
        token=world.tokens["board_chair"],
    )
    assert submitted.ok, submitted.errors

    assert (await gql(client, NODE, variables, token=world.tokens["member"])).data["node"]
    assert (await gql(client, NODE, variables, token=world.tokens["participant"])).data[
        "node"
    ] is None
    assert (await Recommendation.get(id=draft.id)).status == RecommendationStatus.SUBMITTED


async def test_a_decision_cleared_for_release_is_public_and_withheld_again_is_not(client):
    world = await build_world()
    variables = {"id": world.gid("Decision", world.decisions[CONFIDENTIAL].id)}
    release = (
        "mutation($id: ID!, $r: ReleaseStatus!) "
        "{ setDecisionRelease(decisionId: $id, release: $r) { release } }"
    )

    async def anonymous_sees() -> bool:
        return (await gql(client, NODE, variables)).data["node"] is not None

    assert not await anonymous_sees()
    secretary = world.tokens["secretary"]
    cleared = await gql(client, release, {**variables, "r": "CLEARED_FOR_RELEASE"}, token=secretary)
    assert cleared.ok, cleared.errors
    assert await anonymous_sees()

    withheld = await gql(client, release, {**variables, "r": "NOT_FOR_RELEASE"}, token=secretary)
    assert withheld.ok, withheld.errors
    assert not await anonymous_sees()


async def test_a_published_update_is_public_on_the_next_request(client):
    world = await build_world()
    await world.draft_update.update_from_dict(
        {"status": "APPROVED", "approved_by_id": world.people["comms2"].id}
    ).save()
    variables = {"id": world.gid("Update", world.draft_update.id)}
    assert (await gql(client, NODE, variables)).data["node"] is None

    published = await gql(
        client, "mutation($id: ID!) { publishUpdate(updateId: $id) { status } }", variables,
        token=world.tokens["comms"],
    )  # fmt: skip
    assert published.ok, published.errors

    assert (await gql(client, NODE, variables)).data["node"] is not None


# ------------------------------------------------------------------ the person's own changes


async def test_a_new_communications_role_shows_unpublished_updates_on_the_next_request(client):
    world = await build_world()
    token = world.tokens["participant"]
    drafts = "{ updates(status: DRAFT) { totalCount } }"
    assert (await gql(client, drafts, token=token)).data["updates"]["totalCount"] == 0

    await Person.filter(id=world.people["participant"].id).update(is_communications=True)

    assert (await gql(client, drafts, token=token)).data["updates"]["totalCount"] == 1


async def test_a_revoked_token_is_refused_on_the_next_request(client):
    world = await build_world()
    token = world.tokens["member"]
    assert (await gql(client, "{ viewer { isAnonymous } }", token=token)).ok

    revoked = await gql(
        client, "mutation($p: ID!) { revokeApiTokens(personId: $p) }",
        {"p": world.gid("Person", world.people["member"].id)}, token=world.tokens["admin"],
    )  # fmt: skip
    assert revoked.ok, revoked.errors

    refused = await gql(client, "{ viewer { isAnonymous } }", token=token)
    assert refused.status == 401
    assert refused.only_code() == "UNAUTHENTICATED"


async def test_a_live_subscription_stops_showing_a_motion_once_the_membership_ends(client):
    """Subscriptions re-read each event as the subscriber is now, not as they subscribed."""
    world = await build_world()
    motion = await motion_at(
        world, world.meetings[CONFIDENTIAL], CONFIDENTIAL, status=MotionStatus.OPEN
    )
    stream = await build_schema().subscribe(
        "subscription($m: ID!) { tallyChanged(motionId: $m) { id } }",
        variable_values={"m": world.gid("Motion", motion.id)},
        context_value=Context(viewer=await load_viewer(world.people["member"])),
    )

    async def next_event() -> object | None:
        waiting = asyncio.ensure_future(stream.__anext__())
        topic = events.tally_topic(motion.id)
        for _ in range(1000):  # publish once the subscription listens, not after a guess
            if events._subscribers.get(topic) or waiting.done():
                break
            await asyncio.sleep(0.005)
        events.deliver(topic, motion.id)
        done, _ = await asyncio.wait({waiting}, timeout=2)
        if not done:
            waiting.cancel()
            return None
        return waiting.result()

    try:
        before = await next_event()
        assert before is not None and not before.errors
        await as_admin(
            client, world, END_MEMBERSHIP, membership(world, "member", end=TODAY.isoformat())
        )
        assert await next_event() is None
    finally:
        with contextlib.suppress(BaseException):
            await stream.aclose()


async def test_a_deputy_chair_sees_what_members_see_and_no_more(client):
    world = await build_world()

    deputy = membership(world, "participant", role="DEPUTY_CHAIR", start=TODAY.isoformat())
    await as_admin(client, world, ADD_MEMBER, deputy)

    assert (
        await seen(client, world.tokens["participant"]) == row("member") | OWNER_OF_THE_ACTION_ITEMS
    )


@pytest.mark.parametrize("role", ["MEMBER", "CHAIR"])
async def test_a_membership_of_another_body_shows_nothing_of_this_one(client, role):
    world = await build_world()
    elsewhere = {
        "b": world.gid("Committee", world.bodies["ou"].id),
        "p": world.gid("Person", world.people["participant"].id),
        "role": role,
        "start": TODAY.isoformat(),
    }

    await as_admin(client, world, ADD_MEMBER, elsewhere)

    assert await seen(client, world.tokens["participant"]) == row("participant")


async def test_an_expired_token_is_refused(client):
    world = await build_world()
    await ApiToken.filter(person_id=world.people["member"].id).update(
        expires_at=datetime.now(UTC) - timedelta(seconds=1)
    )

    refused = await gql(client, "{ viewer { isAnonymous } }", token=world.tokens["member"])

    assert refused.status == 401
    assert refused.only_code() == "UNAUTHENTICATED"


CREATE_RESTRICTED = {
    # what, created by whom, through which mutation (returning the new item's id)
    "meeting": ("secretary", "mutation($sc: ID!, $t: DateTime!) { made: scheduleMeeting(input: "
                "{bodyId: $sc, title: \"In camera\", startsAt: $t, classification: RESTRICTED}) "
                "{ id } }"),
    "decision": ("secretary", "mutation($sc: ID!, $d: Date!) { made: recordDecision(input: "
                 "{committeeId: $sc, title: \"In camera\", text: \"Decided.\", decidedOn: $d, "
                 "classification: RESTRICTED}) { id } }"),
    "action_item": ("secretary", "mutation($sc: ID!) { made: createActionItem(input: "
                    "{committeeId: $sc, title: \"In camera\", classification: RESTRICTED}) "
                    "{ id } }"),
    "agenda_item": ("secretary", "mutation($m: ID!) { made: addAgendaItem(meetingId: $m, "
                    "input: {title: \"In camera\", classification: RESTRICTED}) { id } }"),
    "motion": ("secretary", "mutation($m: ID!) { made: proposeMotion(input: {meetingId: $m, "
               "title: \"In camera\", text: \"That.\", votingRule: SIMPLE_MAJORITY, "
               "secretBallot: false, classification: RESTRICTED}) { id } }"),
    "agreement": ("admin", "mutation($sc: ID!, $o: ID!) { made: createAgreement(input: "
                  "{reference: \"MCPP-CAMERA\", title: \"In camera\", classification: RESTRICTED, "
                  "governingBodyId: $sc, parties: [{organizationId: $o, role: FUNDER}]}) "
                  "{ id } }"),
    "recommendation": ("advisor", "mutation($b: ID!, $sc: ID!) { made: draftRecommendation("
                       "input: {boardId: $b, addressedToId: $sc, title: \"In camera\", "
                       "text: \"Advice.\", classification: RESTRICTED}) { id } }"),
}  # fmt: skip


@pytest.mark.parametrize("kind", CREATE_RESTRICTED)
async def test_whoever_creates_a_restricted_item_is_named_on_it(client, kind):
    world = await build_world()
    creator, document = CREATE_RESTRICTED[kind]
    every = {
        "sc": world.gid("Committee", world.bodies["sc"].id),
        "b": world.gid("AdvisoryBoard", world.bodies["pab"].id),
        "o": world.gid("Organization", world.orgs["party"].id),
        "m": world.gid("Meeting", world.meetings[CONFIDENTIAL].id),
        "t": (datetime.now(UTC) + timedelta(days=3)).isoformat(),
        "d": TODAY.isoformat(),
    }
    variables = {name: value for name, value in every.items() if f"${name}:" in document}

    made = await gql(client, document, variables, token=world.tokens[creator])
    assert made.ok, made.errors
    item = {"id": made.data["made"]["id"]}
    if kind == "recommendation":  # once submitted, its classification decides, and names
        submitted = await gql(
            client, "mutation($id: ID!) { submitRecommendation(recommendationId: $id) { id } }",
            item, token=world.tokens["board_chair"],
        )  # fmt: skip
        assert submitted.ok, submitted.errors

    async def sees(role: str) -> bool:
        return (await gql(client, NODE, item, token=world.tokens[role])).data["node"] is not None

    assert {role: await sees(role) for role in (creator, "member", "named", "chair")} == {
        creator: True,
        "member": False,
        "named": False,
        "chair": True,
    }
