"""Nothing tells a viewer that an item they may not see exists.

Not an error code or message (a mutation naming a hidden item answers exactly
as one naming an id that was never issued), not `node` or a lookup, not the
audit trail (admins only, and only about items the admin may see, never quoting
a confidential item), not a feed, and a secret ballot never shows who voted how.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from governance import events
from governance.enums import (
    Classification,
    MemberRole,
    MotionStatus,
    UpdateStatus,
)
from governance.models import Attendance, AuditEvent, Body, Membership, Update
from permissions import ANONYMOUS, Viewer, load_viewer
from schema import build_schema, ids
from schema.context import Context
from tests.graphql import Result, gql
from tests.test_access_reads import LEVELS, ROLES, SEES
from tests.test_access_writes import WRITES, agreement_at, everyone, recommendation_at
from tests.world import (
    TODAY,
    World,
    agenda_item_at,
    build_world,
    continue_registers,
    decision_at,
    meeting_at,
    motion_at,
)

PUBLIC, INTERNAL, CONFIDENTIAL, RESTRICTED = tuple(Classification)
NEVER_ISSUED = 987654
# Types whose items may be hidden from a viewer; any other id names a public item.
HIDEABLE = {
    "Meeting", "AgendaItem", "Minutes", "Motion", "Decision", "Agreement", "Commitment",
    "Recommendation", "ActionItem", "Update", "Indicator", "Measurement", "ActionPlan",
    "ProgressReport",
}  # fmt: skip


def refusal(result: Result) -> tuple[Any, list[tuple[str, Any]]]:
    """What the caller learns: the data and each error's message and extensions."""
    return result.data, [(e["message"], e.get("extensions")) for e in result.errors]


def never_issued(variables: dict[str, Any], only: str | None = None) -> dict[str, Any]:
    """The same request with the hideable item's id (or `only` that variable's) replaced by
    an id of the same type that was never issued."""

    def swap(value: Any, key: str) -> Any:
        if isinstance(value, dict):
            return {k: swap(v, k) for k, v in value.items()}
        decoded = ids.decode(value) if isinstance(value, str) else None
        if decoded is None or decoded[0] not in HIDEABLE or only not in (None, key):
            return value
        return ids.encode(decoded[0], NEVER_ISSUED)

    swapped = swap(variables, "")
    assert swapped != variables, "the request names no hideable item"
    return swapped


# ------------------------------------------------------------------ mutations naming hidden items

NAMING_AN_ITEM = [
    pytest.param(write, id=name) for name, write in WRITES.items() if write.sees is not everyone
]


@pytest.mark.parametrize("write", NAMING_AN_ITEM)
async def test_a_mutation_naming_a_hidden_item_answers_as_for_an_id_never_issued(client, write):
    world = await build_world()
    await continue_registers(world)

    hidden, absent = {}, {}
    for role in ROLES:
        # the least classified item this (signed-in) role may not see, if any
        unseen = [level for level in write.levels if not write.sees(role, level)]
        if role == "anonymous" or not unseen:
            continue
        level = unseen[0]
        variables = await write.target(world, level, role)
        token = world.tokens[role]
        hidden[role] = refusal(await gql(client, write.document, variables, token=token))
        absent[role] = refusal(
            await gql(client, write.document, never_issued(variables), token=token)
        )

    assert hidden, "some role may not see the item"
    assert hidden == absent


Secondary = Callable[[World], Awaitable[tuple[str, dict[str, Any]]]]


def recording(citing: str, variables: dict[str, Any], world: World) -> tuple[str, dict]:
    """recordDecision by the steering committee, citing another item."""
    name = next(iter(variables))
    document = (
        f"mutation($sc: ID!, $day: Date!, ${name}: ID) {{ recordDecision(input: {{"
        'committeeId: $sc, title: "Tariffs", text: "Set.", decidedOn: $day, '
        f"classification: INTERNAL, {citing}}}) {{ id }} }}"
    )
    committee = world.gid("Committee", world.bodies["sc"].id)
    return document, {"sc": committee, "day": TODAY.isoformat(), **variables}


async def decision_on_hidden_agreement(world: World) -> tuple[str, dict[str, Any]]:
    agreement = await agreement_at(world, RESTRICTED)
    return recording("agreementId: $a", {"a": world.gid("Agreement", agreement.id)}, world)


async def decision_on_hidden_recommendation(world: World) -> tuple[str, dict[str, Any]]:
    rec = await recommendation_at(world, RESTRICTED)
    return recording("recommendationId: $r", {"r": world.gid("Recommendation", rec.id)}, world)


async def decision_superseding_a_hidden_one(world: World) -> tuple[str, dict[str, Any]]:
    old = await decision_at(world, RESTRICTED)
    return recording("supersedesId: $d", {"d": world.gid("Decision", old.id)}, world)


async def action_item_for_a_hidden_decision(world: World) -> tuple[str, dict[str, Any]]:
    decision = await decision_at(world, RESTRICTED)
    return (
        "mutation($sc: ID!, $d: ID) { createActionItem(input: {committeeId: $sc, "
        'title: "Do it", classification: INTERNAL, decisionId: $d}) { id } }',
        {
            "sc": world.gid("Committee", world.bodies["sc"].id),
            "d": world.gid("Decision", decision.id),
        },
    )


async def response_citing_a_hidden_decision(world: World) -> tuple[str, dict[str, Any]]:
    decision = await decision_at(world, RESTRICTED)
    rec = await recommendation_at(world, CONFIDENTIAL)
    return (
        "mutation($r: ID!, $d: ID) { respondToRecommendation(input: {recommendationId: $r, "
        'status: ACCEPTED, text: "Agreed.", decisionId: $d}) { id } }',
        {"r": world.gid("Recommendation", rec.id), "d": world.gid("Decision", decision.id)},
    )


async def motion_under_a_hidden_agenda_item(world: World) -> tuple[str, dict[str, Any]]:
    meeting = await meeting_at(world, CONFIDENTIAL)
    item = await agenda_item_at(world, meeting, RESTRICTED)
    return (
        "mutation($m: ID!, $i: ID) { proposeMotion(input: {meetingId: $m, agendaItemId: $i, "
        'title: "T", text: "That.", votingRule: SIMPLE_MAJORITY, secretBallot: false, '
        "classification: CONFIDENTIAL}) { id } }",
        {"m": world.gid("Meeting", meeting.id), "i": world.gid("AgendaItem", item.id)},
    )


SECONDARY = [  # (the request, the variable citing the hidden item)
    pytest.param(decision_on_hidden_agreement, "a", id="recordDecision(agreementId)"),
    pytest.param(decision_on_hidden_recommendation, "r", id="recordDecision(recommendationId)"),
    pytest.param(decision_superseding_a_hidden_one, "d", id="recordDecision(supersedesId)"),
    pytest.param(action_item_for_a_hidden_decision, "d", id="createActionItem(decisionId)"),
    pytest.param(response_citing_a_hidden_decision, "d", id="respondToRecommendation(decisionId)"),
    pytest.param(motion_under_a_hidden_agenda_item, "i", id="proposeMotion(agendaItemId)"),
]


@pytest.mark.parametrize(("build", "cited"), SECONDARY)
async def test_an_allowed_write_citing_a_hidden_item_answers_as_for_an_id_never_issued(
    client, build, cited
):
    """The secretary may act on the main item, but may not see the RESTRICTED one it cites."""
    world = await build_world()
    await continue_registers(world)
    document, variables = await build(world)
    token = world.tokens["secretary"]

    hidden = await gql(client, document, variables, token=token)
    absent = await gql(client, document, never_issued(variables, only=cited), token=token)

    assert hidden.only_code() == "NOT_FOUND"
    assert refusal(hidden) == refusal(absent)


async def test_an_update_citing_a_hidden_decision_answers_as_for_an_id_never_issued(client):
    world = await build_world()
    document = (
        "mutation($d: [ID!]) "
        '{ draftUpdate(input: {title: "T", body: "B", decisionIds: $d}) { id } }'
    )
    hidden = {"d": [world.gid("Decision", world.decisions[CONFIDENTIAL].id)]}
    absent = {"d": [ids.encode("Decision", NEVER_ISSUED)]}

    answers = [
        refusal(await gql(client, document, v, token=world.tokens["comms"]))
        for v in (hidden, absent)
    ]

    assert answers[0][1][0][1]["code"] == "NOT_FOUND"
    assert answers[0] == answers[1]


async def test_publishing_names_only_the_blocking_decisions_the_publisher_may_see(client):
    world = await build_world()
    update = await Update.create(
        title="Tariffs", body="New tariffs.", status=UpdateStatus.APPROVED,
        author_id=world.people["comms"].id, approved_by_id=world.people["comms2"].id,
        listed_at=datetime.now(UTC),
    )  # fmt: skip
    # Neither is cleared for release; the communications team may see only the INTERNAL one.
    await update.decisions.add(world.decisions[INTERNAL], world.decisions[RESTRICTED])

    result = await gql(
        client, "mutation($u: ID!) { publishUpdate(updateId: $u) { id } }",
        {"u": world.gid("Update", update.id)}, token=world.tokens["comms"],
    )  # fmt: skip

    assert result.only_code() == "INVALID_TRANSITION"
    message = result.errors[0]["message"]
    assert world.decisions[INTERNAL].reference in message
    assert world.decisions[RESTRICTED].reference not in message


# ------------------------------------------------------------------ reads: hidden reads as absent


async def test_node_and_lookups_answer_a_hidden_item_as_one_never_issued(client):
    world = await build_world()
    token = world.tokens["participant"]
    cases = [
        ("query($id: ID!) { node(id: $id) { id } }",
         {"id": world.gid("Decision", world.decisions[CONFIDENTIAL].id)},
         {"id": ids.encode("Decision", NEVER_ISSUED)}),
        ("query($id: ID!) { node(id: $id) { id } }",
         {"id": world.gid("Meeting", world.meetings[RESTRICTED].id)},
         {"id": ids.encode("Meeting", NEVER_ISSUED)}),
        ("query($r: String!) { decision(reference: $r) { id } }",
         {"r": world.decisions[CONFIDENTIAL].reference}, {"r": f"SC-{TODAY.year}-999"}),
        ("query($r: String!) { agreement(reference: $r) { id } }",
         {"r": world.agreements[RESTRICTED].reference}, {"r": "MCPP-AGR-99"}),
        ("query($s: String!) { decisions(search: $s) { totalCount edges { cursor } } }",
         {"s": "confidential"}, {"s": "zzzzzz"}),
    ]  # fmt: skip

    for query, hidden, absent in cases:
        shown = await gql(client, query, hidden, token=token)
        missing = await gql(client, query, absent, token=token)
        assert shown.ok, shown.errors
        assert shown.body == missing.body, query


async def test_people_s_emails_and_password_hashes_are_not_in_the_api(client):
    world = await build_world()
    fields = await gql(client, '{ __type(name: "Person") { fields { name } } }',
                       token=world.tokens["admin"])  # fmt: skip
    assert fields.ok, fields.errors
    names = {f["name"] for f in fields.data["__type"]["fields"]}
    assert names.isdisjoint({"email", "passwordHash", "password", "tokenHash", "sessionVersion"})

    asked = await gql(client, "{ viewer { person { email } } }", token=world.tokens["admin"])
    assert asked.only_code() == "BAD_USER_INPUT"


# ------------------------------------------------------------------ the audit trail

AUDIT = """query($s: ID) { auditEvents(first: 100, subjectId: $s) {
    totalCount edges { node { id subjectId summary action } }
} }"""


def creating(field: str, input_type: str) -> str:
    return f"mutation($i: {input_type}!) {{ {field}(input: $i) {{ id }} }}"


SCHEDULE = creating("scheduleMeeting", "ScheduleMeetingInput")
RECORD = creating("recordDecision", "RecordDecisionInput")
CREATE_AGREEMENT = creating("createAgreement", "CreateAgreementInput")
CREATE_ACTION_ITEM = creating("createActionItem", "CreateActionItemInput")
DRAFT_RECOMMENDATION = creating("draftRecommendation", "DraftRecommendationInput")
PROPOSE = creating("proposeMotion", "ProposeMotionInput")
ADD_AGENDA_ITEM = (
    "mutation($m: ID!, $i: AgendaItemInput!) { addAgendaItem(meetingId: $m, input: $i) { id } }"
)


async def test_the_audit_trail_is_for_admins_only(client):
    world = await build_world()

    async def answer(role: str) -> str:
        result = await gql(client, AUDIT, token=world.tokens[role])
        return "ok" if result.ok else result.only_code()

    event = await AuditEvent.filter(subject_type="person").first()
    as_node = {"id": ids.encode("AuditEvent", event.id)}

    async def node(role: str) -> bool:
        result = await gql(client, "query($id: ID!) { node(id: $id) { id } }", as_node,
                           token=world.tokens[role])  # fmt: skip
        assert result.ok, result.errors
        return result.data["node"] is not None

    answers = {role: (await answer(role), await node(role)) for role in ROLES}

    expected = {role: ("FORBIDDEN", False) for role in ROLES} | {
        "anonymous": ("UNAUTHENTICATED", False),
        "admin": ("ok", True),
    }
    assert answers == expected


async def record_at_every_level(client, world: World) -> dict[str, tuple[str, Classification]]:
    """Changes through the API at every classification: subject id -> (kind, classification)."""
    sc = world.gid("Committee", world.bodies["sc"].id)
    pab = world.gid("AdvisoryBoard", world.bodies["pab"].id)
    party = world.gid("Organization", world.orgs["party"].id)
    meeting = world.gid("Meeting", world.meetings[PUBLIC].id)
    starts = (datetime.now(UTC) + timedelta(days=9)).isoformat()
    subjects: dict[str, tuple[str, Classification]] = {}
    for n, level in enumerate(LEVELS):
        for kind, document, variables, token in [
            ("meeting", SCHEDULE, {"i": {
                "bodyId": sc, "title": "Tariffs", "startsAt": starts, "classification": level,
            }}, "chair"),
            ("agenda_item", ADD_AGENDA_ITEM, {
                "m": meeting, "i": {"title": "Tariffs", "classification": level},
            }, "chair"),
            ("motion", PROPOSE, {"i": {
                "meetingId": meeting, "title": "Tariffs", "text": "That.", "classification": level,
                "votingRule": "SIMPLE_MAJORITY", "secretBallot": False,
            }}, "chair"),
            ("decision", RECORD, {"i": {
                "committeeId": sc, "title": "Tariffs", "text": "Raised.",
                "decidedOn": TODAY.isoformat(), "classification": level,
            }}, "chair"),
            ("agreement", CREATE_AGREEMENT, {"i": {
                "reference": f"AUD-{n}", "title": "Tariffs", "classification": level,
                "governingBodyId": sc, "parties": [{"organizationId": party, "role": "FUNDER"}],
            }}, "chair"),
            ("action_item", CREATE_ACTION_ITEM, {"i": {
                "committeeId": sc, "title": "Tariffs", "classification": level,
            }}, "chair"),
            ("recommendation", DRAFT_RECOMMENDATION, {"i": {
                "boardId": pab, "addressedToId": sc, "title": "Tariffs", "text": "Lower them.",
                "classification": level,
            }}, "board_chair"),
        ]:  # fmt: skip
            result = await gql(client, document, variables, token=world.tokens[token])
            assert result.ok, result.errors
            subjects[next(iter(result.data.values()))["id"]] = (kind, level)
    for subject, (kind, _) in list(subjects.items()):
        if kind == "recommendation":
            submitted = await gql(
                client, "mutation($r: ID!) { submitRecommendation(recommendationId: $r) { id } }",
                {"r": subject}, token=world.tokens["board_chair"],
            )  # fmt: skip
            assert submitted.ok, submitted.errors
    return subjects


async def audited(client, token: str | None, subjects: dict) -> dict[str, set[Classification]]:
    result = await gql(client, AUDIT, token=token)
    assert result.ok, result.errors
    events = result.data["auditEvents"]
    assert events["totalCount"] == len(events["edges"])
    seen: dict[str, set[Classification]] = {}
    for edge in events["edges"]:
        if edge["node"]["subjectId"] in subjects:
            kind, level = subjects[edge["node"]["subjectId"]]
            seen.setdefault(kind, set()).add(level)
    return seen


async def test_an_admin_sees_events_only_about_items_the_admin_may_see(client):
    world = await build_world()
    await continue_registers(world)
    subjects = await record_at_every_level(client, world)
    kinds = {kind for kind, _ in subjects.values()}
    admin = world.tokens["admin"]

    assert await audited(client, admin, subjects) == {k: set(SEES[k]["admin"]) for k in kinds}

    # ... which their own memberships widen, like anyone's
    joined = await gql(
        client,
        "mutation($b: ID!, $p: ID!, $d: Date!) { addMember(input: {bodyId: $b, personId: $p, "
        "role: MEMBER, votingRights: false, startDate: $d}) { role } }",
        {"b": world.gid("Committee", world.bodies["sc"].id),
         "p": world.gid("Person", world.people["admin"].id), "d": TODAY.isoformat()},
        token=admin,
    )  # fmt: skip
    assert joined.ok, joined.errors
    assert await audited(client, admin, subjects) == {k: set(SEES[k]["member"]) for k in kinds}


async def test_an_admin_cannot_find_events_about_a_hidden_item_by_its_id(client):
    world = await build_world()
    await continue_registers(world)
    subjects = await record_at_every_level(client, world)
    hidden = next(s for s, (kind, level) in subjects.items() if level == RESTRICTED)
    type_name, row_id = ids.decode(hidden)
    event = await AuditEvent.filter(subject_type=ids.KINDS[type_name], subject_id=row_id).first()
    admin = world.tokens["admin"]

    by_subject = await gql(client, AUDIT, {"s": hidden}, token=admin)
    by_absent = await gql(client, AUDIT, {"s": ids.encode(type_name, NEVER_ISSUED)}, token=admin)
    as_node = await gql(client, "query($id: ID!) { node(id: $id) { id } }",
                        {"id": ids.encode("AuditEvent", event.id)}, token=admin)  # fmt: skip

    assert by_subject.data["auditEvents"]["totalCount"] == 0
    assert by_subject.body == by_absent.body
    assert as_node.ok and as_node.data["node"] is None


async def test_audit_summaries_never_quote_a_confidential_or_restricted_item(client):
    """An admin who chairs a body sees every event about its items; the summaries of
    CONFIDENTIAL and RESTRICTED ones describe them without quoting their titles."""
    world = await build_world()
    ou = await Body.get(slug="operations-unit")
    await Membership.create(
        person_id=world.people["admin"].id, body_id=ou.id, role=MemberRole.CHAIR,
        voting_rights=True, start_date=TODAY - timedelta(days=1),
    )  # fmt: skip
    admin = world.tokens["admin"]
    ou_id = world.gid("Committee", ou.id)
    party = world.gid("Organization", world.orgs["party"].id)
    starts = (datetime.now(UTC) + timedelta(days=9)).isoformat()
    open_meeting = await gql(
        client, SCHEDULE,
        {"i": {"bodyId": ou_id, "title": "Open", "startsAt": starts, "classification": "PUBLIC"}},
        token=admin,
    )  # fmt: skip
    meeting = open_meeting.data["scheduleMeeting"]["id"]

    for level in (CONFIDENTIAL, RESTRICTED):
        title = f"Tariff rise {level.value.lower()} quagga"
        for document, variables in [
            (SCHEDULE,
             {"i": {"bodyId": ou_id, "title": title, "startsAt": starts, "classification": level}}),
            (ADD_AGENDA_ITEM,
             {"m": meeting, "i": {"title": title, "classification": level}}),
            (PROPOSE,
             {"i": {"meetingId": meeting, "title": title, "text": "That.", "classification": level,
                    "votingRule": "SIMPLE_MAJORITY", "secretBallot": False}}),
            (RECORD,
             {"i": {"committeeId": ou_id, "title": title, "text": "Raised.",
                    "classification": level, "decidedOn": TODAY.isoformat()}}),
            (CREATE_AGREEMENT,
             {"i": {"reference": f"OU-{level.value}", "title": title, "classification": level,
                    "governingBodyId": ou_id,
                    "parties": [{"organizationId": party, "role": "FUNDER"}]}}),
            (CREATE_ACTION_ITEM,
             {"i": {"committeeId": ou_id, "title": title, "classification": level}}),
        ]:  # fmt: skip
            result = await gql(client, document, variables, token=admin)
            assert result.ok, result.errors

    trail = await gql(client, AUDIT, token=admin)
    assert trail.ok, trail.errors
    summaries = [e["node"]["summary"] for e in trail.data["auditEvents"]["edges"]]
    about_them = [s for s in summaries if "CONFIDENTIAL" in s or "RESTRICTED" in s]
    assert len(about_them) >= 12, summaries  # the admin does see those events
    assert [s for s in summaries if "quagga" in s] == []


async def test_an_audit_summary_never_names_a_decision_the_admin_may_not_see(client):
    world = await build_world()
    await continue_registers(world)
    sc = world.gid("Committee", world.bodies["sc"].id)
    for level in (CONFIDENTIAL, RESTRICTED):
        superseding = await gql(
            client, RECORD,
            {"i": {"committeeId": sc, "title": "Revised tariffs", "text": "Replaced.",
                   "decidedOn": TODAY.isoformat(), "classification": "PUBLIC",
                   "supersedesId": world.gid("Decision", world.decisions[level].id)}},
            token=world.tokens["chair"],
        )  # fmt: skip
        assert superseding.ok, superseding.errors

    trail = await gql(client, AUDIT, token=world.tokens["admin"])

    assert trail.ok, trail.errors
    summaries = " | ".join(e["node"]["summary"] for e in trail.data["auditEvents"]["edges"])
    assert "Revised tariffs" in summaries  # the admin sees the new decisions' events
    for level in (CONFIDENTIAL, RESTRICTED):
        assert world.decisions[level].reference not in summaries


# ------------------------------------------------------------------ secret ballots

CLOSE = "mutation($m: ID!) { closeVoting(motionId: $m) { status } }"
CAST = "mutation($m: ID!, $c: VoteChoice!) { castVote(motionId: $m, choice: $c) { id } }"
MOTION = """query($m: ID!) { node(id: $m) { ... on Motion {
    votes { voter { name } choice }
    tally { cast for against abstain }
} } }"""


@pytest.mark.parametrize("secret", [True, False], ids=["secret ballot", "open ballot"])
async def test_a_secret_ballot_never_shows_who_voted_how(client, secret):
    world = await build_world()
    meeting = world.meetings[PUBLIC]
    motion = await motion_at(world, meeting, PUBLIC, status=MotionStatus.OPEN, secret_ballot=secret)
    variables = {"m": world.gid("Motion", motion.id)}
    for voter, choice in [("member", "FOR"), ("chair", "AGAINST")]:
        cast = await gql(client, CAST, {**variables, "c": choice}, token=world.tokens[voter])
        assert cast.ok, cast.errors

    async def what(role: str) -> tuple[list[tuple[str, str]], dict[str, Any]]:
        result = await gql(client, MOTION, variables, token=world.tokens[role])
        assert result.ok, result.errors
        votes = sorted((v["voter"]["name"], v["choice"]) for v in result.data["node"]["votes"])
        return votes, result.data["node"]["tally"]

    open_answers = {role: await what(role) for role in ROLES}
    closed = await gql(client, CLOSE, variables, token=world.tokens["chair"])
    assert closed.ok, closed.errors
    closed_answers = {role: await what(role) for role in ROLES}
    trail = await gql(client, AUDIT, {"s": variables["m"]}, token=world.tokens["admin"])

    ballots = [("Chair Person", "AGAINST"), ("Member Person", "FOR")]
    counted = {"cast": 2, "for": 1, "against": 1, "abstain": 0}
    sealed = {"cast": 2, "for": None, "against": None, "abstain": None}
    if secret:
        assert open_answers == {role: ([], sealed) for role in ROLES}
        assert closed_answers == {role: ([], counted) for role in ROLES}
    else:
        assert open_answers == closed_answers == {role: (ballots, counted) for role in ROLES}
    votes = [e["node"] for e in trail.data["auditEvents"]["edges"]]
    summaries = [e["summary"] for e in votes if e["action"].startswith("vote.")]
    assert len(summaries) == 2
    mentions_choice = any("FOR" in s or "AGAINST" in s for s in summaries)
    assert mentions_choice is not secret


# ------------------------------------------------------------------ feeds


async def test_feeds_carry_only_what_the_anonymous_public_may_see(client):
    world = await build_world()

    atom = await client.get("/feeds/updates.atom")
    calendar = await client.get("/feeds/mcpp-steering-committee.ics")

    assert atom.status_code == calendar.status_code == 200
    assert world.published_update.title in atom.text
    assert world.draft_update.title not in atom.text
    shown = {level for level in LEVELS if f"{level.value} meeting" in calendar.text}
    assert shown == set(SEES["meeting"]["anonymous"])


async def test_an_admin_naming_a_restricted_item_the_admin_may_not_see_gets_not_found(client):
    world = await build_world()
    restricted = world.gid("Decision", world.decisions[RESTRICTED].id)
    person = world.gid("Person", world.people["participant"].id)
    document = "mutation($s: ID!, $p: ID!) { grantAccess(subjectId: $s, personId: $p) }"

    hidden = await gql(
        client, document, {"s": restricted, "p": person}, token=world.tokens["admin"]
    )
    absent = await gql(client, document, never_issued({"s": restricted, "p": person}),
                       token=world.tokens["admin"])  # fmt: skip

    assert hidden.only_code() == "NOT_FOUND"
    assert refusal(hidden) == refusal(absent)


# ------------------------------------------------------------------ subscriptions

TALLY = """subscription($m: ID!) {
    tallyChanged(motionId: $m) { id votes { choice } tally { cast for } }
}"""


async def viewer_of(world: World, role: str) -> Viewer:
    return ANONYMOUS if role == "anonymous" else await load_viewer(world.people[role])


async def first_event(viewer: Viewer, document: str, variables: dict, motion_id: int) -> Any:
    """Subscribe as the viewer, announce a change to the motion, and return what arrives:
    an error at once, the event, or None when nothing comes."""
    stream = await build_schema().subscribe(
        document, variable_values=variables, context_value=Context(viewer=viewer)
    )
    waiting = asyncio.ensure_future(stream.__anext__())
    topic = events.tally_topic(motion_id)
    try:
        # Publish only once the subscription listens (or has answered with an error):
        # a fixed sleep loses the race on a loaded machine.
        deadline = asyncio.get_running_loop().time() + 5
        while not events._subscribers.get(topic) and not waiting.done():
            if asyncio.get_running_loop().time() > deadline:
                break
            await asyncio.sleep(0.005)
        events.deliver(topic, motion_id)
        done, _ = await asyncio.wait({waiting}, timeout=2)
        return waiting.result() if done else None
    finally:
        waiting.cancel()
        with contextlib.suppress(BaseException):
            await stream.aclose()


def delivered(result: Any) -> str:
    if result is None:
        return "nothing"
    if result.errors:
        return result.errors[0].extensions["code"]
    return "event"


async def test_a_tally_subscription_follows_the_read_table(client):
    world = await build_world()
    motions = {
        level: await motion_at(world, world.meetings[PUBLIC], level, status=MotionStatus.OPEN)
        for level in LEVELS
    }

    async def answers(role: str) -> tuple[str, ...]:
        viewer = await viewer_of(world, role)
        return tuple([
            delivered(await first_event(viewer, TALLY, {"m": world.gid("Motion", m.id)}, m.id))
            for m in motions.values()
        ])  # fmt: skip

    got = {role: await answers(role) for role in ROLES}

    assert got == {
        role: tuple("event" if level in SEES["motion"][role] else "NOT_FOUND" for level in LEVELS)
        for role in ROLES
    }


async def test_a_tally_subscription_to_a_hidden_motion_answers_as_for_an_id_never_issued(client):
    world = await build_world()
    hidden = await motion_at(world, world.meetings[PUBLIC], RESTRICTED, status=MotionStatus.OPEN)
    viewer = await viewer_of(world, "member")

    answers = [
        await first_event(viewer, TALLY, {"m": world.gid("Motion", row_id)}, row_id)
        for row_id in (hidden.id, NEVER_ISSUED)
    ]

    assert [(e.message, e.extensions) for e in answers[0].errors] == [
        (e.message, e.extensions) for e in answers[1].errors
    ]


async def test_a_secret_ballots_live_tally_shows_no_choices(client):
    world = await build_world()
    motion = await motion_at(
        world, world.meetings[PUBLIC], PUBLIC, status=MotionStatus.OPEN, secret_ballot=True
    )
    variables = {"m": world.gid("Motion", motion.id)}
    cast = await gql(client, CAST, {**variables, "c": "FOR"}, token=world.tokens["member"])
    assert cast.ok, cast.errors

    event = await first_event(await viewer_of(world, "chair"), TALLY, variables, motion.id)

    assert event.errors is None or not event.errors
    assert event.data["tallyChanged"]["votes"] == []
    assert event.data["tallyChanged"]["tally"] == {"cast": 1, "for": None}


# ------------------------------------------------------------- closed sessions and the register


@pytest.mark.parametrize("closed", ["closed-session agenda item", "confidential meeting"])
async def test_a_motion_adopted_in_closed_session_does_not_enter_the_register_in_the_open(
    client, closed
):
    """A PUBLIC motion under a CONFIDENTIAL agenda item (or in a CONFIDENTIAL meeting) is
    hidden from outsiders; the decision recorded when it is adopted repeats its title and
    text, so it must be no less classified than the motion as shown."""
    world = await build_world()
    if closed == "confidential meeting":
        meeting, item = await meeting_at(world, CONFIDENTIAL), None
    else:
        meeting = world.meetings[PUBLIC]
        item = await agenda_item_at(world, meeting, CONFIDENTIAL, "Closed session")
    motion = await motion_at(
        world, meeting, PUBLIC, "Suspend the water manager", agenda_item=item,
        status=MotionStatus.OPEN,
    )  # fmt: skip
    await Attendance.bulk_create(
        [
            Attendance(meeting_id=meeting.id, person_id=world.people[r].id, status="PRESENT")
            for r in ("member", "chair")
        ]
    )
    variables = {"m": world.gid("Motion", motion.id)}
    for voter in ("member", "chair"):
        cast = await gql(client, CAST, {**variables, "c": "FOR"}, token=world.tokens[voter])
        assert cast.ok, cast.errors
    closed_vote = await gql(client, CLOSE, variables, token=world.tokens["chair"])
    assert closed_vote.ok, closed_vote.errors

    async def register_shows(role: str) -> int:
        found = await gql(client, '{ decisions(search: "water manager") { totalCount } }',
                          token=world.tokens[role])  # fmt: skip
        assert found.ok, found.errors
        return found.data["decisions"]["totalCount"]

    assert await register_shows("member") == 1  # recorded, and seen by those who saw the motion
    assert {role: await register_shows(role) for role in ("anonymous", "participant")} == {
        "anonymous": 0,
        "participant": 0,
    }


# ------------------------------------------------------------------ filters naming hidden items


async def test_a_filter_naming_a_hidden_item_finds_nothing(client):
    """A PUBLIC decision linked to an agreement at each classification: filtering the
    register by an agreement the viewer may not see answers as for an id never issued."""
    world = await build_world()
    for level in LEVELS:
        await decision_at(world, PUBLIC, "Funding", agreement_id=world.agreements[level].id)
    query = "query($a: ID!) { decisions(agreementId: $a) { totalCount } }"

    async def found(role: str) -> dict[Classification, int]:
        counts = {}
        for level in LEVELS:
            variables = {"a": world.gid("Agreement", world.agreements[level].id)}
            result = await gql(client, query, variables, token=world.tokens[role])
            assert result.ok, result.errors
            counts[level] = result.data["decisions"]["totalCount"]
        return counts

    answers = {role: await found(role) for role in ROLES}

    assert answers == {
        role: {level: int(level in SEES["agreement"][role]) for level in LEVELS} for role in ROLES
    }


# ------------------------------------------------------------------ a hidden indicator's figures

FIGURES = """query($m: ID!, $i: ID!, $code: String!, $sc: ID!, $plan: String!, $agr: String!) {
    measurement: node(id: $m) { id }
    indicatorNode: node(id: $i) { id }
    indicator(code: $code) { code }
    indicators(first: 100) { totalCount edges { node { code measurements { totalCount } } } }
    achieved: indicators(status: ACHIEVED) { totalCount edges { node { code } } }
    committee: node(id: $sc) { ... on Committee { indicators { totalCount
        edges { node { code latest { value } measurements { totalCount } } } } } }
    actionPlan(reference: $plan) { indicators { code } }
    agreement(reference: $agr) { indicators { code } } }"""
RECORD_FIGURE = """mutation($i: ID!) { recordMeasurement(input: {indicatorId: $i,
    periodStart: "2026-04-01", periodEnd: "2026-06-30", value: 12.5}) { id } }"""


async def test_a_hidden_indicators_figures_are_reached_by_no_path(client):
    """A CONFIDENTIAL indicator with figures, beside a PUBLIC one, on a PUBLIC plan and
    agreement: to someone who may not see it, every path answers as if it did not exist."""
    from tests.world import indicator_at, measured, plan_at

    world = await build_world()
    agreement = world.agreements[PUBLIC]
    shown = await indicator_at(world, PUBLIC, agreement_id=agreement.id)
    hidden = await indicator_at(world, CONFIDENTIAL, agreement_id=agreement.id)
    figures = [await measured(indicator, 100.0, quarter) for indicator in (shown, hidden)
               for quarter in (1, 2)]  # fmt: skip
    plan = await plan_at(world, PUBLIC)
    await plan.indicators.add(shown, hidden)
    variables = {
        "m": ids.encode("Measurement", figures[2].id),
        "i": ids.encode("Indicator", hidden.id),
        "code": hidden.code,
        "sc": ids.encode("Committee", world.bodies["sc"].id),
        "plan": plan.reference,
        "agr": agreement.reference,
    }
    absent = {**variables, "m": ids.encode("Measurement", NEVER_ISSUED),
              "i": ids.encode("Indicator", NEVER_ISSUED), "code": "NEVER-ISSUED"}  # fmt: skip

    for role in ("participant", "advisor", "former"):
        token = world.tokens[role]
        seen = await gql(client, FIGURES, variables, token=token)
        assert seen.ok, seen.errors
        assert seen.data["measurement"] is None and seen.data["indicatorNode"] is None
        assert seen.data["indicator"] is None
        one = [{"code": shown.code, "measurements": {"totalCount": 2}}]
        assert seen.data["indicators"] == {"totalCount": 1, "edges": [{"node": one[0]}]}
        assert seen.data["achieved"] == {"totalCount": 1, "edges": [{"node": {"code": shown.code}}]}
        committee = seen.data["committee"]["indicators"]
        assert committee["totalCount"] == 1
        assert [e["node"]["code"] for e in committee["edges"]] == [shown.code]
        assert seen.data["actionPlan"] == {"indicators": [{"code": shown.code}]}
        assert seen.data["agreement"] == {"indicators": [{"code": shown.code}]}
        # The same answer as for ids and a code never issued.
        assert seen.body == (await gql(client, FIGURES, absent, token=token)).body
        # Recording a figure on it: as on an indicator that does not exist.
        hidden_write = await gql(client, RECORD_FIGURE, {"i": variables["i"]}, token=token)
        absent_write = await gql(client, RECORD_FIGURE, {"i": absent["i"]}, token=token)
        assert refusal(hidden_write) == refusal(absent_write)
        assert hidden_write.only_code() == "NOT_FOUND"

    # A member of the committee sees both, and their figures.
    member = await gql(client, FIGURES, variables, token=world.tokens["member"])
    assert member.data["measurement"] == {"id": variables["m"]}
    assert member.data["indicators"]["totalCount"] == 2
    assert member.data["achieved"]["totalCount"] == 2
