"""Who may see what: PRODUCT.md's read table, through every path a partner can take.

The table below is PRODUCT.md's "Who may see what (reads)" applied to the test
world (tests/world.py): for each role, which classifications of the steering
committee's items it sees. Every path (lists and their totalCount, filters,
search, nested fields and connections, `node`, single lookups) is one generic
check run for every role against that one table.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from string import Template
from typing import Any, TypeVar

import pytest

from governance.access import mint_token
from governance.enums import Classification, PartyRole, RecommendationStatus
from governance.models import (
    ActionItem,
    Agreement,
    AgreementParty,
    Commitment,
    Decision,
    Minutes,
    Person,
    Recommendation,
    Update,
)
from tests.graphql import gql
from tests.world import (
    TODAY,
    World,
    agenda_item_at,
    build_world,
    decision_at,
    indicator_at,
    measured,
    motion_at,
    name_on,
    owned_action_item,
    plan_at,
    reported,
)

PUBLIC, INTERNAL, CONFIDENTIAL, RESTRICTED = LEVELS = tuple(Classification)

ANYONE = frozenset({PUBLIC})
SIGNED_IN = frozenset({PUBLIC, INTERNAL})
MEMBERS = frozenset({PUBLIC, INTERNAL, CONFIDENTIAL})
NAMED = frozenset({PUBLIC, INTERNAL, RESTRICTED})
EVERYTHING = frozenset(LEVELS)

# ------------------------------------------------------------------ the table

# Meetings (their minutes, agenda items, motions), decisions and action items of the
# steering committee: role -> classifications seen.
COMMITTEE_ITEMS = {
    "anonymous": ANYONE,
    "participant": SIGNED_IN,
    "member": MEMBERS,
    "observer": MEMBERS,  # an observer is an active member of the body
    "chair": EVERYTHING,  # the owning body's chair sees RESTRICTED items
    "secretary": MEMBERS,  # ... its secretary does not, unless named
    "party": SIGNED_IN,  # a party organization's people: agreements only
    "advisor": SIGNED_IN,
    "board_chair": SIGNED_IN,
    "comms": SIGNED_IN,
    "comms2": SIGNED_IN,
    "admin": SIGNED_IN,  # ADMIN is not a key to content
    "named": NAMED,  # named on every RESTRICTED item, member of nothing
    "former": SIGNED_IN,  # membership ended today
}
# Agreements (and their commitments) governed by the steering committee; the party
# organization is a party to every one.
AGREEMENTS = {**COMMITTEE_ITEMS, "party": MEMBERS}
# Submitted recommendations from the advisory board to the steering committee: members of
# both bodies see CONFIDENTIAL ones, both chairs see RESTRICTED ones.
RECOMMENDATIONS = {**COMMITTEE_ITEMS, "advisor": MEMBERS, "board_chair": EVERYTHING}

# Owners see what they own, whatever its classification (PRODUCT.md, second release): the
# world's action items are the municipality's, the participant's organization, and the party
# organization is the committed party of every commitment these tests make.
ACTION_ITEMS = {**COMMITTEE_ITEMS, "participant": EVERYTHING}
COMMITMENTS = {**AGREEMENTS, "party": EVERYTHING}
# Results (issue 12): an indicator reads as the committee's items and, like its agreement,
# by the parties to it (the world's indicators are each tied to the world's agreement of
# their level); its measurements read as it does. An action plan and its reports read as
# the items of both its committees (the Operations Unit, which monitors the world's plans,
# has no member among the roles: tests/api/test_results.py has its monitor).
INDICATORS = {**COMMITTEE_ITEMS, "party": MEMBERS}

SEES: dict[str, dict[str, frozenset[Classification]]] = {
    "meeting": COMMITTEE_ITEMS,
    "minutes": COMMITTEE_ITEMS,
    "agenda_item": COMMITTEE_ITEMS,
    "motion": COMMITTEE_ITEMS,
    "decision": COMMITTEE_ITEMS,
    "action_item": ACTION_ITEMS,
    "agreement": AGREEMENTS,
    "commitment": COMMITMENTS,
    "recommendation": RECOMMENDATIONS,
    "indicator": INDICATORS,
    "measurement": INDICATORS,
    "action_plan": COMMITTEE_ITEMS,
    "progress_report": COMMITTEE_ITEMS,
}
ROLES = tuple(COMMITTEE_ITEMS)

# Not decided by classification:
BOARD = frozenset({"advisor", "board_chair"})  # a DRAFT recommendation is the board's alone
COMMUNICATIONS = frozenset({"comms", "comms2"})  # unpublished updates

NOUN = {
    "meeting": "meeting",
    "decision": "decision",
    "action_item": "action",
    "agreement": "agreement",
    "recommendation": "recommendation",
    "agenda_item": "agenda item",
    "motion": "motion",
    "indicator": "indicator",
    "measurement": "measurement",
    "action_plan": "action plan",
    "progress_report": "progress report",
}


def titles(kind: str, levels: frozenset[Classification]) -> set[str]:
    """The world titles its items "<CLASSIFICATION> <noun>"."""
    return {f"{level.value} {NOUN[kind]}" for level in levels}


def seen(kind: str, role: str) -> set[str]:
    return titles(kind, SEES[kind][role])


def dig(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


def place(world: World) -> dict[str, str]:
    """Ids the queries below name."""
    return {
        "sc": world.gid("Committee", world.bodies["sc"].id),
        "pab": world.gid("AdvisoryBoard", world.bodies["pab"].id),
        "party": world.gid("Organization", world.orgs["party"].id),
    }


T = TypeVar("T")


async def by_role(ask: Callable[[str], Awaitable[T]]) -> dict[str, T]:
    """The answer for every role: compared with the expected table in one assertion."""
    return {role: await ask(role) for role in ROLES}


def table(expected: Callable[[str], T]) -> dict[str, T]:
    return {role: expected(role) for role in ROLES}


# ------------------------------------------------------------------ lists, filters, search, counts

CONNECTION = "{ totalCount pageInfo { hasNextPage } edges { node { title } } }"


@dataclass(frozen=True)
class Listing:
    query: str  # a Template: $conn is the connection's selection, $sc/$pab/$party ids
    path: tuple[str, ...]  # to the connection in `data`
    kind: str
    only: Classification | None = None  # a search that matches one level's item
    more: Callable[[World], Awaitable[Any]] | None = None  # items the world lacks

    def expected(self, role: str) -> set[str]:
        levels = SEES[self.kind][role]
        if self.only is not None:
            levels = levels & {self.only}
        shown = titles(self.kind, levels)
        if self.kind == "recommendation" and role in BOARD and self.only is None:
            shown.add("Draft recommendation")
        return shown


def listing(name: str, query: str, path: tuple[str, ...], kind: str, **more: Any) -> Any:
    return pytest.param(Listing(query, path, kind, **more), id=name)


async def results_at_every_level(world: World) -> dict[str, dict[Classification, str]]:
    """An indicator (tied to the agreement of its level) with a figure that reaches its
    target, and an action plan with a report, at each level: their global ids by kind."""
    found: dict[str, dict[Classification, str]] = {
        kind: {} for kind in ("Indicator", "Measurement", "ActionPlan", "ProgressReport")
    }
    for level in LEVELS:
        indicator = await indicator_at(world, level)
        found["Indicator"][level] = world.gid("Indicator", indicator.id)
        found["Measurement"][level] = world.gid("Measurement", (await measured(indicator)).id)
        plan = await plan_at(world, level)
        found["ActionPlan"][level] = world.gid("ActionPlan", plan.id)
        found["ProgressReport"][level] = world.gid("ProgressReport", (await reported(plan)).id)
    return found


NAMED_CONNECTION = "{ totalCount pageInfo { hasNextPage } edges { node { title: name } } }"
SC_NODE = '{ body(slug: "mcpp-steering-committee") { ... on Committee '


def results_listing(name: str, query: str, path: tuple[str, ...], kind: str) -> Any:
    if kind == "indicator":  # an indicator has a name, not a title
        query = query.replace("$conn", NAMED_CONNECTION)
    return listing(name, query, path, kind, more=results_at_every_level)


RESULTS_LISTINGS = [
    results_listing("indicators", "{ indicators(first: 100) $conn }", ("indicators",),
                    "indicator"),
    results_listing("indicators(bodyId)", '{ indicators(bodyId: "$sc") $conn }',
                    ("indicators",), "indicator"),
    # The status filter is computed after the visibility filter, never before.
    results_listing("indicators(status)", "{ indicators(status: ACHIEVED) $conn }",
                    ("indicators",), "indicator"),
    results_listing("committee.indicators", SC_NODE + "{ indicators $conn } } }",
                    ("body", "indicators"), "indicator"),
    results_listing("actionPlans", "{ actionPlans $conn }", ("actionPlans",), "action_plan"),
    results_listing("actionPlans(bodyId, status)",
                    '{ actionPlans(bodyId: "$sc", status: DRAFT) $conn }', ("actionPlans",),
                    "action_plan"),
    results_listing("committee.actionPlans", SC_NODE + "{ actionPlans $conn } } }",
                    ("body", "actionPlans"), "action_plan"),
]  # fmt: skip

LISTINGS = [
    listing("meetings", "{ meetings(first: 100) $conn }", ("meetings",), "meeting"),
    listing(
        "meetings(bodyId)",
        '{ meetings(first: 100, bodyId: "$sc") $conn }',
        ("meetings",),
        "meeting",
    ),
    listing("decisions", "{ decisions(first: 100) $conn }", ("decisions",), "decision"),
    listing(
        "decisions(committeeId)",
        '{ decisions(committeeId: "$sc") $conn }',
        ("decisions",),
        "decision",
    ),
    listing(
        "decisions(status)", "{ decisions(status: IN_FORCE) $conn }", ("decisions",), "decision"
    ),
    listing(
        "decisions(decidedFrom)",
        f'{{ decisions(decidedFrom: "{TODAY.isoformat()}") $conn }}',
        ("decisions",),
        "decision",
    ),
    listing("decisions(search)", '{ decisions(search: "text") $conn }', ("decisions",), "decision"),
    *[
        listing(
            f"decisions(search:{level.value.lower()})",
            f'{{ decisions(search: "{level.value.lower()}") $conn }}',
            ("decisions",),
            "decision",
            only=level,
        )
        for level in LEVELS
    ],
    listing("agreements", "{ agreements $conn }", ("agreements",), "agreement"),
    listing(
        "agreements(partyId)",
        '{ agreements(partyId: "$party") $conn }',
        ("agreements",),
        "agreement",
    ),
    listing(
        "agreements(status)", "{ agreements(status: ACTIVE) $conn }", ("agreements",), "agreement"
    ),
    listing("recommendations", "{ recommendations $conn }", ("recommendations",), "recommendation"),
    listing(
        "recommendations(addressedToId)",
        '{ recommendations(addressedToId: "$sc") $conn }',
        ("recommendations",),
        "recommendation",
    ),
    listing(
        "recommendations(boardId)",
        '{ recommendations(boardId: "$pab") $conn }',
        ("recommendations",),
        "recommendation",
    ),
    listing("actionItems", "{ actionItems $conn }", ("actionItems",), "action_item"),
    listing(
        "actionItems(overdue)",
        "{ actionItems(overdue: true) $conn }",
        ("actionItems",),
        "action_item",
    ),
    listing(
        "actionItems(committeeId, status)",
        '{ actionItems(committeeId: "$sc", status: OPEN) $conn }',
        ("actionItems",),
        "action_item",
    ),
    listing(
        "committee.meetings",
        '{ body(slug: "mcpp-steering-committee") { meetings $conn } }',
        ("body", "meetings"),
        "meeting",
    ),
    listing(
        "committee.decisions",
        '{ body(slug: "mcpp-steering-committee") { ... on Committee { decisions $conn } } }',
        ("body", "decisions"),
        "decision",
    ),
    listing(
        "committee.actionItems",
        '{ body(slug: "mcpp-steering-committee") { ... on Committee { actionItems $conn } } }',
        ("body", "actionItems"),
        "action_item",
    ),
    listing(
        "committee.recommendationsReceived",
        '{ node(id: "$sc") { ... on Committee { recommendationsReceived $conn } } }',
        ("node", "recommendationsReceived"),
        "recommendation",
    ),
    listing(
        "advisoryBoard.recommendations",
        '{ node(id: "$pab") { ... on AdvisoryBoard { recommendations $conn } } }',
        ("node", "recommendations"),
        "recommendation",
    ),
    *RESULTS_LISTINGS,
    listing(
        "organization.agreements",
        '{ node(id: "$party") { ... on Organization { agreements $conn } } }',
        ("node", "agreements"),
        "agreement",
    ),
]


@pytest.mark.parametrize("listing", LISTINGS)
async def test_lists_and_counts_show_only_what_the_viewer_may_see(client, listing):
    world = await build_world()
    if listing.more is not None:
        await listing.more(world)
    query = Template(listing.query).substitute(conn=CONNECTION, **place(world))

    async def ask(role: str) -> tuple[set[str], int]:
        result = await gql(client, query, token=world.tokens[role])
        assert result.ok, result.errors
        connection = dig(result.data, listing.path)
        assert connection["pageInfo"]["hasNextPage"] is False
        return {edge["node"]["title"] for edge in connection["edges"]}, connection["totalCount"]

    assert await by_role(ask) == table(
        lambda role: (listing.expected(role), len(listing.expected(role)))
    )


async def test_updates_list_shows_unpublished_ones_to_communications_only(client):
    world = await build_world()
    query = f"{{ updates {CONNECTION} drafts: updates(status: DRAFT) {CONNECTION} }}"

    async def ask(role: str) -> tuple[set[str], int, int]:
        result = await gql(client, query, token=world.tokens[role])
        assert result.ok, result.errors
        updates, drafts = result.data["updates"], result.data["drafts"]
        return (
            {e["node"]["title"] for e in updates["edges"]},
            updates["totalCount"],
            drafts["totalCount"],
        )

    def expected(role: str) -> tuple[set[str], int, int]:
        if role in COMMUNICATIONS:
            return {"Water programme launched", "Draft update"}, 2, 1
        return {"Water programme launched"}, 1, 0

    assert await by_role(ask) == table(expected)


# ------------------------------------------------------------------ node(id:) and single lookups

NodeBuilder = Callable[[World], Awaitable[dict[Classification, str]]]


async def world_items(world: World, kind: str) -> dict[Classification, str]:
    type_name = {
        "meeting": "Meeting",
        "decision": "Decision",
        "agreement": "Agreement",
        "recommendation": "Recommendation",
        "action_item": "ActionItem",
    }[kind]
    items = {
        "meeting": world.meetings,
        "decision": world.decisions,
        "agreement": world.agreements,
        "recommendation": world.recommendations,
        "action_item": world.action_items,
    }[kind]
    return {level: world.gid(type_name, item.id) for level, item in items.items()}


async def minutes_of_meetings(world: World) -> dict[Classification, str]:
    found = {}
    for level, meeting in world.meetings.items():
        minutes = await Minutes.create(meeting_id=meeting.id, content="Present: all.")
        found[level] = world.gid("Minutes", minutes.id)
    return found


async def agenda_items_in_meetings(world: World) -> dict[Classification, str]:
    """An open agenda item inherits its meeting's classification."""
    return {
        level: world.gid("AgendaItem", (await agenda_item_at(world, meeting, PUBLIC)).id)
        for level, meeting in world.meetings.items()
    }


async def closed_session_agenda_items(world: World) -> dict[Classification, str]:
    """A closed-session item of a PUBLIC meeting is as classified as itself."""
    meeting = world.meetings[PUBLIC]
    return {
        level: world.gid("AgendaItem", (await agenda_item_at(world, meeting, level)).id)
        for level in LEVELS
    }


async def motions_in_meetings(world: World) -> dict[Classification, str]:
    return {
        level: world.gid("Motion", (await motion_at(world, meeting, PUBLIC)).id)
        for level, meeting in world.meetings.items()
    }


async def motions_by_classification(world: World) -> dict[Classification, str]:
    meeting = world.meetings[PUBLIC]
    return {
        level: world.gid("Motion", (await motion_at(world, meeting, level)).id) for level in LEVELS
    }


async def motions_under_closed_session_items(world: World) -> dict[Classification, str]:
    """A PUBLIC motion under a closed-session agenda item is as hidden as the item."""
    meeting = world.meetings[PUBLIC]
    found = {}
    for level in LEVELS:
        item = await agenda_item_at(world, meeting, level)
        found[level] = world.gid(
            "Motion", (await motion_at(world, meeting, PUBLIC, agenda_item=item)).id
        )
    return found


async def commitments_of_agreements(world: World) -> dict[Classification, str]:
    found = {}
    for level, agreement in world.agreements.items():
        commitment = await Commitment.create(
            agreement_id=agreement.id, party_id=world.orgs["party"].id, description="Fund it."
        )
        found[level] = world.gid("Commitment", commitment.id)
    return found


async def action_items_owned_by_an_outsider(world: World) -> dict[Classification, str]:
    """Owned by the advisor, who sits on the advisory board, not on the committee."""
    return {
        level: world.gid("ActionItem", (await owned_action_item(world, level, "advisor")).id)
        for level in LEVELS
    }


def results(type_name: str) -> NodeBuilder:
    async def build(world: World) -> dict[Classification, str]:
        return (await results_at_every_level(world))[type_name]

    return build


def items(kind: str) -> NodeBuilder:
    return lambda world: world_items(world, kind)


NODES = [
    pytest.param(items("meeting"), "meeting", id="Meeting"),
    pytest.param(items("decision"), "decision", id="Decision"),
    pytest.param(items("agreement"), "agreement", id="Agreement"),
    pytest.param(items("recommendation"), "recommendation", id="Recommendation"),
    pytest.param(items("action_item"), "action_item", id="ActionItem"),
    pytest.param(minutes_of_meetings, "minutes", id="Minutes-of-meeting"),
    pytest.param(agenda_items_in_meetings, "agenda_item", id="AgendaItem-in-meeting"),
    pytest.param(closed_session_agenda_items, "agenda_item", id="AgendaItem-closed-session"),
    pytest.param(motions_in_meetings, "motion", id="Motion-in-meeting"),
    pytest.param(motions_by_classification, "motion", id="Motion-own-classification"),
    pytest.param(motions_under_closed_session_items, "motion", id="Motion-under-closed-item"),
    pytest.param(commitments_of_agreements, "commitment", id="Commitment-of-agreement"),
    pytest.param(
        action_items_owned_by_an_outsider,
        "owned_action_item",
        id="ActionItem-owned-by-a-non-member",
    ),
    pytest.param(results("Indicator"), "indicator", id="Indicator"),
    pytest.param(results("Measurement"), "measurement", id="Measurement-of-indicator"),
    pytest.param(results("ActionPlan"), "action_plan", id="ActionPlan"),
    pytest.param(results("ProgressReport"), "progress_report", id="ProgressReport-of-plan"),
]


async def resolved(client: Any, token: str | None, items: dict[Classification, str]) -> set:
    """The classifications whose item `node(id:)` resolves for the token."""
    shown = set()
    for level, gid in items.items():
        result = await gql(client, "query($id: ID!) { node(id: $id) { id } }", {"id": gid},
                           token=token)  # fmt: skip
        assert result.ok, result.errors
        if result.data["node"] is not None:
            assert result.data["node"]["id"] == gid
            shown.add(level)
    return shown


# Owned by the advisor in person: the advisor sees them all; the participant's organization
# owns none of these.
OWNED_BY_THE_ADVISOR = {**COMMITTEE_ITEMS, "advisor": EVERYTHING}


@pytest.mark.parametrize(("build", "kind"), NODES)
async def test_node_resolves_only_what_the_viewer_may_see(client, build, kind):
    world = await build_world()
    items = await build(world)
    expected = OWNED_BY_THE_ADVISOR if kind == "owned_action_item" else SEES[kind]

    assert await by_role(lambda role: resolved(client, world.tokens[role], items)) == expected


async def test_single_lookups_by_reference_answer_only_what_the_viewer_may_see(client):
    world = await build_world()
    query = (
        "query($ref: String!) { decision(reference: $ref) { title } agreement(reference: $ref) "
        "{ title } }"
    )
    references = [world.decisions[level].reference for level in LEVELS] + [
        world.agreements[level].reference for level in LEVELS
    ]

    async def ask(role: str) -> set[str]:
        found = set()
        for reference in references:
            result = await gql(client, query, {"ref": reference}, token=world.tokens[role])
            assert result.ok, result.errors
            for hit in (result.data["decision"], result.data["agreement"]):
                if hit is not None:
                    found.add(hit["title"])
        return found

    assert await by_role(ask) == table(
        lambda role: seen("decision", role) | seen("agreement", role)
    )


async def test_indicator_and_plan_lookups_answer_only_what_the_viewer_may_see(client):
    world = await build_world()
    await results_at_every_level(world)
    query = (
        "query($code: String!, $ref: String!) { indicator(code: $code) { title: name } "
        "actionPlan(reference: $ref) { title } }"
    )
    codes = [f"SC-KPI-{n:03d}" for n in range(1, 5)]
    references = [f"W-AP-{TODAY.year}-{n:03d}" for n in range(1, 5)]

    async def ask(role: str) -> set[str]:
        found = set()
        for code, reference in zip(codes, references, strict=True):
            variables = {"code": code, "ref": reference}
            result = await gql(client, query, variables, token=world.tokens[role])
            assert result.ok, result.errors
            for hit in (result.data["indicator"], result.data["actionPlan"]):
                if hit is not None:
                    found.add(hit["title"])
        return found

    assert await by_role(ask) == table(
        lambda role: seen("indicator", role) | seen("action_plan", role)
    )


# ---------------------------------------------------------- before submission, after publication


@pytest.mark.parametrize("level", LEVELS)
async def test_a_draft_recommendation_is_seen_by_the_board_alone_whatever_its_classification(
    client, level
):
    world = await build_world()
    draft = await Recommendation.create(
        reference="PAB-R-DRAFT", board_id=world.bodies["pab"].id,
        addressed_to_id=world.bodies["sc"].id, title="A draft", text="Being written.",
        classification=level,
    )  # fmt: skip
    await name_on(world, "recommendation", draft.id, level)
    query = """query($id: ID!) {
        node(id: $id) { id }
        recommendations(status: DRAFT) { totalCount }
        body(slug: "mcpp-steering-committee") {
            ... on Committee { recommendationsReceived { totalCount } }
        }
    }"""

    async def ask(role: str) -> tuple[bool, int, int]:
        variables = {"id": world.gid("Recommendation", draft.id)}
        result = await gql(client, query, variables, token=world.tokens[role])
        assert result.ok, result.errors
        received = result.data["body"]["recommendationsReceived"]["totalCount"]
        return (
            result.data["node"] is not None,
            result.data["recommendations"]["totalCount"],
            received,
        )

    def expected(role: str) -> tuple[bool, int, int]:
        drafts = 2 if role in BOARD else 0  # the world's own draft is one
        return role in BOARD, drafts, len(SEES["recommendation"][role]) + drafts

    assert await by_role(ask) == table(expected)


async def test_a_recommendation_withdrawn_before_submission_stays_the_boards(client):
    world = await build_world()
    common = {
        "board_id": world.bodies["pab"].id, "addressed_to_id": world.bodies["sc"].id,
        "text": "Withdrawn.", "classification": PUBLIC, "status": RecommendationStatus.WITHDRAWN,
    }  # fmt: skip
    never_submitted = await Recommendation.create(reference="PAB-W-1", title="never", **common)
    submitted = await Recommendation.create(
        reference="PAB-W-2", title="after", submitted_at=datetime.now(UTC), **common
    )
    query = "query($a: ID!, $b: ID!) { a: node(id: $a) { id } b: node(id: $b) { id } }"
    variables = {
        "a": world.gid("Recommendation", never_submitted.id),
        "b": world.gid("Recommendation", submitted.id),
    }

    async def ask(role: str) -> tuple[bool, bool]:
        result = await gql(client, query, variables, token=world.tokens[role])
        assert result.ok, result.errors
        return result.data["a"] is not None, result.data["b"] is not None

    # once submitted, its classification (PUBLIC) decides
    assert await by_role(ask) == table(lambda role: (role in BOARD, True))


async def test_unpublished_updates_resolve_for_communications_only(client):
    world = await build_world()
    query = "query($a: ID!, $b: ID!) { a: node(id: $a) { id } b: node(id: $b) { id } }"
    variables = {
        "a": world.gid("Update", world.published_update.id),
        "b": world.gid("Update", world.draft_update.id),
    }

    async def ask(role: str) -> tuple[bool, bool]:
        result = await gql(client, query, variables, token=world.tokens[role])
        assert result.ok, result.errors
        return result.data["a"] is not None, result.data["b"] is not None

    assert await by_role(ask) == table(lambda role: (True, role in COMMUNICATIONS))


# ------------------------------------------------------------------ nested fields

# Each builder links items at every classification to parents everyone may see (PUBLIC
# ones), and returns the parents' ids; the field must show a child only where the
# viewer may see the child itself.
Parents = Callable[[World], Awaitable[list[str]]]


@dataclass(frozen=True)
class Nested:
    parents: Parents
    query: str  # $id: a parent
    path: tuple[str, ...]  # to the child (an object, a list, or null)
    kind: str  # whose read rule decides


def _children(found: Any) -> list[str]:
    if found is None:
        return []
    return [child["title"] for child in (found if isinstance(found, list) else [found])]


async def supersedes_each_level(world: World) -> list[str]:
    parents = []
    for level in LEVELS:
        parent = await decision_at(
            world, PUBLIC, "Amendment", supersedes_id=world.decisions[level].id
        )
        parents.append(world.gid("Decision", parent.id))
    return parents


async def superseded_by_each_level(world: World) -> list[str]:
    parents = []
    for level in LEVELS:
        old = await decision_at(world, PUBLIC, "Old")
        await Decision.filter(id=world.decisions[level].id).update(supersedes_id=old.id)
        parents.append(world.gid("Decision", old.id))
    return parents


def decision_linking(field: str, target: Callable[[World, Classification], Awaitable[int]]):
    async def build(world: World) -> list[str]:
        parents = []
        for level in LEVELS:
            parent = await decision_at(
                world, PUBLIC, "Linking", **{field: await target(world, level)}
            )
            parents.append(world.gid("Decision", parent.id))
        return parents

    return build


async def _agreement(world: World, level: Classification) -> int:
    return world.agreements[level].id


async def _recommendation(world: World, level: Classification) -> int:
    return world.recommendations[level].id


async def _motion(world: World, level: Classification) -> int:
    return (await motion_at(world, world.meetings[PUBLIC], level)).id


async def action_items_of_a_decision(world: World) -> list[str]:
    parent = await decision_at(world, PUBLIC, "Assigning")
    for item in world.action_items.values():
        await ActionItem.filter(id=item.id).update(decision_id=parent.id)
    return [world.gid("Decision", parent.id)]


async def decision_of_each_motion(world: World) -> list[str]:
    parents = []
    for level in LEVELS:
        motion = await motion_at(world, world.meetings[PUBLIC], PUBLIC, "Adopted")
        await Decision.filter(id=world.decisions[level].id).update(motion_id=motion.id)
        parents.append(world.gid("Motion", motion.id))
    return parents


async def decision_of_each_action_item(world: World) -> list[str]:
    parents = []
    for level in LEVELS:
        item = await ActionItem.create(
            committee_id=world.bodies["sc"].id, title="Follow up", classification=PUBLIC,
            decision_id=world.decisions[level].id,
        )  # fmt: skip
        parents.append(world.gid("ActionItem", item.id))
    return parents


async def decisions_of_an_agreement(world: World) -> list[str]:
    agreement = world.agreements[PUBLIC]
    for decision in world.decisions.values():
        await Decision.filter(id=decision.id).update(agreement_id=agreement.id)
    return [world.gid("Agreement", agreement.id)]


async def response_decision_of_each_recommendation(world: World) -> list[str]:
    parents = []
    for n, level in enumerate(LEVELS):
        rec = await Recommendation.create(
            reference=f"PAB-RESP-{n}", board_id=world.bodies["pab"].id,
            addressed_to_id=world.bodies["sc"].id, title="Answered", text="Do it.",
            classification=PUBLIC, status=RecommendationStatus.ACCEPTED,
            submitted_at=datetime.now(UTC), response_text="Agreed.",
            responded_at=datetime.now(UTC), response_decision_id=world.decisions[level].id,
        )  # fmt: skip
        parents.append(world.gid("Recommendation", rec.id))
    return parents


async def agenda_of_a_meeting(world: World) -> list[str]:
    for level in LEVELS:
        await agenda_item_at(world, world.meetings[PUBLIC], level)
    return [world.gid("Meeting", world.meetings[PUBLIC].id)]


async def motions_of_a_meeting(world: World) -> list[str]:
    for level in LEVELS:
        await motion_at(world, world.meetings[PUBLIC], level)
    return [world.gid("Meeting", world.meetings[PUBLIC].id)]


async def public_motions_under_closed_session_items(world: World) -> list[str]:
    """Titled by their agenda item's classification, which narrows what is shown."""
    for level in LEVELS:
        item = await agenda_item_at(world, world.meetings[PUBLIC], level, f"{level.value} session")
        await motion_at(
            world, world.meetings[PUBLIC], PUBLIC, f"{level.value} motion", agenda_item=item
        )
    return [world.gid("Meeting", world.meetings[PUBLIC].id)]


async def motions_of_an_agenda_item(world: World) -> list[str]:
    item = await agenda_item_at(world, world.meetings[PUBLIC], PUBLIC, "Open item")
    for level in LEVELS:
        await motion_at(world, world.meetings[PUBLIC], level, agenda_item=item)
    return [world.gid("AgendaItem", item.id)]


async def decisions_of_a_published_update(world: World) -> list[str]:
    """A decision withheld again after publication keeps its link, not its visibility."""
    update = await Update.get(id=world.published_update.id)
    await update.decisions.add(*world.decisions.values())
    return [world.gid("Update", update.id)]


async def indicators_of_an_agreement(world: World) -> list[str]:
    agreement = world.agreements[PUBLIC]
    for level in LEVELS:
        await indicator_at(world, level, agreement_id=agreement.id)
    return [world.gid("Agreement", agreement.id)]


async def indicators_of_a_plan(world: World) -> list[str]:
    plan = await plan_at(world, PUBLIC, "Open plan")
    await plan.indicators.add(*[await indicator_at(world, level) for level in LEVELS])
    return [world.gid("ActionPlan", plan.id)]


async def actions_of_a_plan(world: World) -> list[str]:
    plan = await plan_at(world, PUBLIC, "Open plan")
    for item in world.action_items.values():
        await ActionItem.filter(id=item.id).update(plan_id=plan.id)
    return [world.gid("ActionPlan", plan.id)]


async def plan_of_each_action_item(world: World) -> list[str]:
    parents = []
    for level in LEVELS:
        item = await ActionItem.create(
            committee_id=world.bodies["sc"].id, title="Follow up", classification=PUBLIC,
            plan_id=(await plan_at(world, level)).id,
        )  # fmt: skip
        parents.append(world.gid("ActionItem", item.id))
    return parents


async def previous_of_each_plan(world: World) -> list[str]:
    parents = []
    for level in LEVELS:
        previous = await plan_at(world, level)
        plan = await plan_at(world, PUBLIC, "Next plan", previous_id=previous.id)
        parents.append(world.gid("ActionPlan", plan.id))
    return parents


async def decision_of_each_plan(world: World) -> list[str]:
    parents = []
    for level in LEVELS:
        plan = await plan_at(world, PUBLIC, "Adopted", decision_id=world.decisions[level].id)
        parents.append(world.gid("ActionPlan", plan.id))
    return parents


def on(type_name: str, selection: str) -> str:
    return f"query($id: ID!) {{ node(id: $id) {{ ... on {type_name} {{ {selection} }} }} }}"


NESTED = [
    pytest.param(
        Nested(supersedes_each_level, on("Decision", "supersedes { title }"),
               ("node", "supersedes"), "decision"),
        id="decision.supersedes",
    ),
    pytest.param(
        Nested(superseded_by_each_level, on("Decision", "supersededBy { title }"),
               ("node", "supersededBy"), "decision"),
        id="decision.supersededBy",
    ),
    pytest.param(
        Nested(decision_linking("agreement_id", _agreement), on("Decision", "agreement { title }"),
               ("node", "agreement"), "agreement"),
        id="decision.agreement",
    ),
    pytest.param(
        Nested(decision_linking("recommendation_id", _recommendation),
               on("Decision", "recommendation { title }"), ("node", "recommendation"),
               "recommendation"),
        id="decision.recommendation",
    ),
    pytest.param(
        Nested(decision_linking("motion_id", _motion), on("Decision", "motion { title }"),
               ("node", "motion"), "motion"),
        id="decision.motion",
    ),
    pytest.param(
        Nested(action_items_of_a_decision, on("Decision", "actionItems { title }"),
               ("node", "actionItems"), "action_item"),
        id="decision.actionItems",
    ),
    pytest.param(
        Nested(decision_of_each_motion, on("Motion", "decision { title }"),
               ("node", "decision"), "decision"),
        id="motion.decision",
    ),
    pytest.param(
        Nested(decision_of_each_action_item, on("ActionItem", "decision { title }"),
               ("node", "decision"), "decision"),
        id="actionItem.decision",
    ),
    pytest.param(
        Nested(decisions_of_an_agreement, on("Agreement", "decisions { title }"),
               ("node", "decisions"), "decision"),
        id="agreement.decisions",
    ),
    pytest.param(
        Nested(response_decision_of_each_recommendation,
               on("Recommendation", "response { decision { title } }"),
               ("node", "response", "decision"), "decision"),
        id="recommendation.response.decision",
    ),
    pytest.param(
        Nested(agenda_of_a_meeting, on("Meeting", "agenda { title }"), ("node", "agenda"),
               "agenda_item"),
        id="meeting.agenda",
    ),
    pytest.param(
        Nested(motions_of_a_meeting, on("Meeting", "motions { title }"), ("node", "motions"),
               "motion"),
        id="meeting.motions",
    ),
    pytest.param(
        Nested(public_motions_under_closed_session_items, on("Meeting", "motions { title }"),
               ("node", "motions"), "motion"),
        id="meeting.motions-under-closed-items",
    ),
    pytest.param(
        Nested(motions_of_an_agenda_item, on("AgendaItem", "motions { title }"),
               ("node", "motions"), "motion"),
        id="agendaItem.motions",
    ),
    pytest.param(
        Nested(decisions_of_a_published_update, on("Update", "decisions { title }"),
               ("node", "decisions"), "decision"),
        id="update.decisions",
    ),
    pytest.param(
        Nested(indicators_of_an_agreement, on("Agreement", "indicators { title: name }"),
               ("node", "indicators"), "indicator"),
        id="agreement.indicators",
    ),
    pytest.param(
        Nested(indicators_of_a_plan, on("ActionPlan", "indicators { title: name }"),
               ("node", "indicators"), "indicator"),
        id="actionPlan.indicators",
    ),
    pytest.param(
        Nested(actions_of_a_plan, on("ActionPlan", "actions { title }"), ("node", "actions"),
               "action_item"),
        id="actionPlan.actions",
    ),
    pytest.param(
        Nested(plan_of_each_action_item, on("ActionItem", "plan { title }"), ("node", "plan"),
               "action_plan"),
        id="actionItem.plan",
    ),
    pytest.param(
        Nested(previous_of_each_plan, on("ActionPlan", "previous { title }"),
               ("node", "previous"), "action_plan"),
        id="actionPlan.previous",
    ),
    pytest.param(
        Nested(decision_of_each_plan, on("ActionPlan", "decision { title }"),
               ("node", "decision"), "decision"),
        id="actionPlan.decision",
    ),
]  # fmt: skip


@pytest.mark.parametrize("nested", NESTED)
async def test_nested_fields_show_only_what_the_viewer_may_see(client, nested):
    world = await build_world()
    parents = await nested.parents(world)

    async def ask(role: str) -> list[str]:
        shown: list[str] = []
        for parent in parents:
            result = await gql(client, nested.query, {"id": parent}, token=world.tokens[role])
            assert result.ok, result.errors
            assert result.data["node"] is not None, "every parent is PUBLIC"
            shown += _children(dig(result.data, nested.path))
        return sorted(shown)

    assert await by_role(ask) == table(lambda role: sorted(seen(nested.kind, role)))


# ------------------------------------------------------------------ what is public to all


async def test_bodies_memberships_and_organizations_are_public(client):
    world = await build_world()
    query = """{
        committees { totalCount }
        advisoryBoards { totalCount }
        organizations { totalCount }
        body(slug: "mcpp-steering-committee") {
            name mandate members { role person { name organization { name } } }
        }
    }"""

    async def ask(role: str) -> tuple[int, int, int, dict[str, str]]:
        result = await gql(client, query, token=world.tokens[role])
        assert result.ok, result.errors
        data = result.data
        members = {m["person"]["name"]: m["role"] for m in data["body"]["members"]}
        return (
            data["committees"]["totalCount"],
            data["advisoryBoards"]["totalCount"],
            data["organizations"]["totalCount"],
            members,
        )

    everyone_sees = (2, 1, len(world.orgs), {
        "Chair Person": "CHAIR", "Secretary Person": "SECRETARY",
        "Member Person": "MEMBER", "Observer Person": "OBSERVER",
    })  # fmt: skip
    assert await by_role(ask) == table(lambda role: everyone_sees)


# ------------------------------------------------------------------ whose items they are

STEERING_COMMITTEE = frozenset({"member", "observer", "chair", "secretary"})


def without_the_steering_committee(table: dict[str, frozenset[Classification]]) -> dict:
    """The table for items the steering committee does not own: its people are outsiders."""
    return {role: SIGNED_IN if role in STEERING_COMMITTEE else table[role] for role in ROLES}


async def recommendations_to_another_committee(world: World) -> dict[Classification, str]:
    found = {}
    for level in LEVELS:
        rec = await Recommendation.create(
            reference=f"PAB-OU-{level.value}", board_id=world.bodies["pab"].id,
            addressed_to_id=world.bodies["ou"].id, title="To the operations unit",
            text="Advice.", classification=level, status=RecommendationStatus.SUBMITTED,
            submitted_at=datetime.now(UTC),
        )  # fmt: skip
        await name_on(world, "recommendation", rec.id, level)
        found[level] = world.gid("Recommendation", rec.id)
    return found


async def agreements_without_a_governing_committee(world: World) -> dict[Classification, str]:
    found = {}
    for level in LEVELS:
        agreement = await Agreement.create(
            reference=f"MOU-{level.value}", title="Memorandum", classification=level
        )
        await AgreementParty.create(
            agreement_id=agreement.id, organization_id=world.orgs["party"].id,
            role=PartyRole.FUNDER,
        )  # fmt: skip
        await name_on(world, "agreement", agreement.id, level)
        found[level] = world.gid("Agreement", agreement.id)
    return found


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        pytest.param(
            recommendations_to_another_committee,
            without_the_steering_committee(RECOMMENDATIONS),
            id="recommendation-to-another-committee",
        ),
        pytest.param(
            agreements_without_a_governing_committee,
            without_the_steering_committee(AGREEMENTS),
            id="agreement-without-governing-committee",
        ),
    ],
)
async def test_only_the_owning_bodies_members_and_chairs_count(client, build, expected):
    world = await build_world()
    items = await build(world)

    assert await by_role(lambda role: resolved(client, world.tokens[role], items)) == expected


# ------------------------------------------------------------------ owners see what they own


OWNED = """query($item: ID!) {
    node(id: $item) { ... on ActionItem { title decision { title } } }
    actionItems { totalCount edges { node { title } } }
    body(slug: "mcpp-steering-committee") {
        ... on Committee { actionItems { totalCount } decisions { totalCount } }
    }
    decisions { totalCount }
    meetings { totalCount }
}"""


@pytest.mark.parametrize("level", [CONFIDENTIAL, RESTRICTED])
async def test_an_owner_sees_their_item_and_nothing_else_of_the_committee(client, level):
    world = await build_world()
    item = await owned_action_item(
        world, level, "advisor", "Report on the pumps", decision_id=world.decisions[level].id
    )
    variables = {"item": world.gid("ActionItem", item.id)}

    # Denied, before the item was theirs: the participant owns nothing here.
    stranger = await gql(client, OWNED, variables, token=world.tokens["participant"])
    assert stranger.ok, stranger.errors
    assert stranger.data["node"] is None

    # The owner sees the item, but neither the hidden decision it follows from nor the
    # committee's other hidden items: lists and counts grow by their own item alone.
    owner = await gql(client, OWNED, variables, token=world.tokens["advisor"])
    assert owner.ok, owner.errors
    assert owner.data["node"] == {"title": "Report on the pumps", "decision": None}
    listed = {edge["node"]["title"] for edge in owner.data["actionItems"]["edges"]}
    assert listed == titles("action_item", SIGNED_IN) | {"Report on the pumps"}
    assert owner.data["actionItems"]["totalCount"] == 3
    committee = owner.data["body"]
    assert committee == {"actionItems": {"totalCount": 3}, "decisions": {"totalCount": 2}}
    assert owner.data["decisions"]["totalCount"] == owner.data["meetings"]["totalCount"] == 2

    # The chair sees the decision: the null above is the owner's view, not a missing link.
    chair = await gql(client, OWNED, variables, token=world.tokens["chair"])
    assert chair.data["node"]["decision"] == {"title": f"{level.value} decision"}


COMMITTED = """query($commitment: ID!, $agreement: ID!, $party: ID!, $reference: String!) {
    commitment: node(id: $commitment) { ... on Commitment { description status } }
    agreementNode: node(id: $agreement) { id }
    agreement(reference: $reference) { title }
    party: node(id: $party) { ... on Organization { agreements { totalCount } } }
}"""


async def test_a_committed_party_sees_its_commitment_but_not_the_hidden_agreement(client):
    world = await build_world()
    agreement = world.agreements[RESTRICTED]
    commitment = await Commitment.create(
        agreement_id=agreement.id, party_id=world.orgs["party"].id, description="Fund it."
    )
    variables = {
        "commitment": world.gid("Commitment", commitment.id),
        "agreement": world.gid("Agreement", agreement.id),
        "party": world.gid("Organization", world.orgs["party"].id),
        "reference": agreement.reference,
    }

    # Denied: a member of the governing committee is no party to a RESTRICTED agreement.
    member = await gql(client, COMMITTED, variables, token=world.tokens["member"])
    assert member.ok, member.errors
    assert member.data["commitment"] is None

    # The committed party's people see their commitment, and of the agreement nothing more
    # than before: not by id, not by reference, not among their organization's agreements.
    party = await gql(client, COMMITTED, variables, token=world.tokens["party"])
    assert party.ok, party.errors
    assert party.data["commitment"] == {"description": "Fund it.", "status": "PENDING"}
    assert party.data["agreementNode"] is None and party.data["agreement"] is None
    assert party.data["party"]["agreements"]["totalCount"] == len(MEMBERS)


def test_a_commitment_names_no_agreement_its_party_might_not_see():
    """A committed party may see a commitment whose agreement is hidden from it: the contract's
    Commitment has no field leading to the agreement. One added later must be nullable and
    read null for such a party (the loaders' visibility-filtered `one("agreement")` does)."""
    from graphql import GraphQLObjectType, get_named_type
    from graphql import build_schema as parse_sdl

    from schema import build_schema

    commitment = parse_sdl(build_schema().as_str()).get_type("Commitment")
    assert isinstance(commitment, GraphQLObjectType)
    named = {get_named_type(f.type).name for f in commitment.fields.values()}
    assert "Agreement" not in named and "AgreementConnection" not in named
    assert named >= {"Organization", "CommitmentStatus"}  # the check reads real fields


NODE_ID = "query($id: ID!) { node(id: $id) { id } }"
STATUS_REPORT = """mutation($c: ID!) {
    updateCommitmentStatus(commitmentId: $c, status: ON_TRACK) { status }
}"""
AUDITED = """query($subject: ID!) {
    about: auditEvents(subjectId: $subject) { totalCount }
    all: auditEvents(first: 100) { edges { node { summary } } }
}"""


async def test_a_commitments_audit_lines_name_its_agreement_only_to_those_who_see_it(client):
    world = await build_world()
    # An admin of the committed party's organization: reads the audit trail, about what they see.
    admin = await Person.create(
        name="Party Admin", email="party-admin@example.org", is_admin=True,
        organization_id=world.orgs["party"].id,
    )  # fmt: skip
    token = (await mint_token(admin, actor_id=None)).token

    async def reported(level: Classification) -> tuple[str, str]:
        agreement = world.agreements[level]
        commitment = await Commitment.create(
            agreement_id=agreement.id, party_id=world.orgs["party"].id, description="Fund it."
        )
        subject = world.gid("Commitment", commitment.id)
        done = await gql(client, STATUS_REPORT, {"c": subject}, token=world.tokens["chair"])
        assert done.ok, done.errors
        return subject, agreement.reference

    # Denied: the commitment under the RESTRICTED agreement is theirs to see, its audit line
    # (which names the agreement) is not.
    hidden, reference = await reported(RESTRICTED)
    assert (await gql(client, NODE_ID, {"id": hidden}, token=token)).data["node"] is not None
    audit = await gql(client, AUDITED, {"subject": hidden}, token=token)
    assert audit.ok, audit.errors
    assert audit.data["about"]["totalCount"] == 0
    assert not [e for e in audit.data["all"]["edges"] if reference in e["node"]["summary"]]

    # Allowed: under the CONFIDENTIAL agreement, which its parties see, the line shows.
    shown, _ = await reported(CONFIDENTIAL)
    audit = await gql(client, AUDITED, {"subject": shown}, token=token)
    assert audit.data["about"]["totalCount"] == 1
