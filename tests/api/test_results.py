"""Results through the API (issue 12): indicators and their figures, action plans, progress
reports and the roll-over, as a partner's integration calls them. The services' own rules:
tests/workflows/test_results.py; who sees what: tests/test_access_*.py."""

from __future__ import annotations

from datetime import date, timedelta

from governance.access import mint_token
from governance.enums import ActionStatus, BodyKind, Classification, MemberRole, PartyRole
from governance.models import (
    ActionItem,
    Agreement,
    AgreementParty,
    AuditEvent,
    Body,
    Membership,
    Person,
)
from tests.graphql import gid, gql
from tests.workflows.helpers import ok, pk, refused, workflow_world
from tests.world import TODAY, World, plan_at, reported

C = Classification
YEAR = TODAY.year

INDICATOR_FIELDS = """id code name unit direction frequency baseline baselineDate target targetDate
    classification body { name } agreement { reference } status progress
    latest { value periodEnd } measurements { totalCount edges { node { value periodEnd } } }"""
CREATE_INDICATOR = f"""mutation($input: CreateIndicatorInput!) {{
    createIndicator(input: $input) {{ {INDICATOR_FIELDS} }} }}"""
RECORD = """mutation($input: RecordMeasurementInput!) { recordMeasurement(input: $input) {
    id value periodStart periodEnd note source recordedBy { name } indicator { code status } } }"""
PLAN_FIELDS = """id reference title status classification periodStart periodEnd
    body { name } monitoredBy { name } decision { reference } previous { reference }
    actions { title status plan { reference } } indicators { code } completion
    reports { totalCount edges { node { summary summaryHtml obstacles author { name } } } }"""
CREATE_PLAN = f"""mutation($input: CreateActionPlanInput!) {{
    createActionPlan(input: $input) {{ {PLAN_FIELDS} }} }}"""
TRANSITION = """mutation($p: ID!, $s: ActionPlanStatus!) {
    transitionActionPlan(planId: $p, status: $s) { status } }"""
REPORT = """mutation($input: SubmitProgressReportInput!) { submitProgressReport(input: $input) {
    periodEnd summary summaryHtml obstacles author { name } plan { reference status } } }"""
ROLL_OVER = f"""mutation($p: ID!, $end: Date!) {{
    rollOverActionPlan(planId: $p, periodEnd: $end) {{ {PLAN_FIELDS} }} }}"""


def sc(world: World) -> str:
    return gid("Committee", world.bodies["sc"].id)


def ou(world: World) -> str:
    return gid("Committee", world.bodies["ou"].id)


def indicator_input(world: World, **overrides) -> dict:
    """Revenue collection: from 60% at the start of 2025 to 90% at the start of 2027."""
    return {
        "bodyId": sc(world),
        "code": "MCPP-KPI-002",
        "name": "Revenue collection rate",
        "unit": "%",
        "direction": "INCREASE",
        "frequency": "QUARTERLY",
        "baseline": 60.0,
        "baselineDate": "2025-01-01",
        "target": 90.0,
        "targetDate": "2027-01-01",
        "classification": "INTERNAL",
        **overrides,
    }


async def define(client, world: World, **overrides) -> dict:
    data = await ok(
        client,
        CREATE_INDICATOR,
        {"input": indicator_input(world, **overrides)},
        token=world.tokens["chair"],
    )
    return data["createIndicator"]


def figure(indicator_id: str, start: str, end: str, value: float, **more) -> dict:
    return {
        "input": {
            "indicatorId": indicator_id,
            "periodStart": start,
            "periodEnd": end,
            "value": value,
            **more,
        }
    }


async def monitor(world: World) -> str:
    """A member of the Operations Unit (the monitoring committee), on no other body: a token."""
    person = await Person.create(name="Monitor Person", email="monitor@example.org")
    await Membership.create(
        person_id=person.id,
        body_id=world.bodies["ou"].id,
        role=MemberRole.MEMBER,
        start_date=TODAY - timedelta(days=30),
    )
    return (await mint_token(person, actor_id=None)).token


def plan_input(world: World, **overrides) -> dict:
    return {
        "bodyId": sc(world),
        "title": "First three-month action plan",
        "monitoredById": ou(world),
        "periodStart": f"{YEAR}-01-01",
        "periodEnd": f"{YEAR}-03-31",
        "classification": "INTERNAL",
        **overrides,
    }


async def draw_up(client, world: World, **overrides) -> dict:
    data = await ok(
        client, CREATE_PLAN, {"input": plan_input(world, **overrides)}, token=world.tokens["chair"]
    )
    return data["createActionPlan"]


async def adopt(client, world: World, plan: dict) -> None:
    await ok(client, TRANSITION, {"p": plan["id"], "s": "ADOPTED"}, token=world.tokens["chair"])


# ------------------------------------------------------------------ indicators


async def test_a_committees_officers_define_its_indicators_and_its_members_do_not(client):
    world = await workflow_world()
    variables = {"input": indicator_input(world)}
    assert await refused(client, CREATE_INDICATOR, variables, token=world.tokens["member"]) == (
        "FORBIDDEN"
    )
    assert await refused(client, CREATE_INDICATOR, variables, token=None) == "UNAUTHENTICATED"

    made = await define(client, world, agreementId=gid("Agreement", world.agreements[C.PUBLIC].id))

    assert made["code"] == "MCPP-KPI-002"
    assert (made["body"]["name"], made["agreement"]["reference"]) == (
        "MCPP Steering Committee",
        world.agreements[C.PUBLIC].reference,
    )
    # Nothing measured yet.
    assert (made["status"], made["progress"], made["latest"]) == ("NO_DATA", None, None)
    assert made["measurements"] == {"totalCount": 0, "edges": []}
    assert await AuditEvent.exists(action="indicator.create", subject_id=pk(made["id"]))


async def test_an_indicator_the_status_rule_cannot_judge_or_a_taken_code_is_bad_input(client):
    world = await workflow_world()
    await define(client, world)
    token = world.tokens["chair"]
    for overrides in (
        {"code": "MCPP-KPI-003", "baselineDate": None},  # INCREASE needs it
        {"code": "MCPP-KPI-003", "target": 50.0},  # below the baseline
        {"code": "MCPP-KPI-003", "targetDate": "2024-01-01"},  # before the baseline's
        {"code": "MCPP-KPI-003", "name": "x" * 301},
        {"code": "MCPP KPI 003"},  # not a code
        {"code": "MCPP-KPI-002"},  # taken
        {"code": "MCPP-KPI-003", "bodyId": gid("Person", world.people["chair"].id)},
    ):
        variables = {"input": indicator_input(world, **overrides)}
        assert await refused(client, CREATE_INDICATOR, variables, token=token) == (
            "BAD_USER_INPUT"
        ), overrides


async def test_status_progress_and_latest_follow_the_latest_period(client):
    world = await workflow_world()
    made = await define(client, world)
    token = world.tokens["chair"]
    # From 60 (2025-01-01) to 90 (2027-01-01): by the end of 2025 half the way (75) is due.
    await ok(client, RECORD, figure(made["id"], "2025-10-01", "2025-12-31", 73.5), token=token)
    recorded = await ok(
        client,
        RECORD,
        figure(made["id"], "2025-04-01", "2025-06-30", 61.0, note="Slow start", source="Billing"),
        token=token,
    )
    figure_ = recorded["recordMeasurement"]
    assert (figure_["note"], figure_["source"], figure_["recordedBy"]["name"]) == (
        "Slow start",
        "Billing",
        "Chair Person",
    )
    # The earlier period, recorded last, does not move the status.
    assert figure_["indicator"] == {"code": "MCPP-KPI-002", "status": "ON_TRACK"}

    query = f'{{ indicator(code: "MCPP-KPI-002") {{ {INDICATOR_FIELDS} }} }}'
    found = (await ok(client, query, token=token))["indicator"]
    assert found["latest"] == {"value": 73.5, "periodEnd": "2025-12-31"}
    assert found["progress"] == (73.5 - 60) / 30
    assert found["status"] == "ON_TRACK"
    # Oldest first.
    assert [e["node"]["periodEnd"] for e in found["measurements"]["edges"]] == [
        "2025-06-30",
        "2025-12-31",
    ]
    assert found["measurements"]["totalCount"] == 2

    # A later figure, well short of where the indicator should be.
    await ok(client, RECORD, figure(made["id"], "2026-01-01", "2026-06-30", 63.0), token=token)
    found = (await ok(client, query, token=token))["indicator"]
    assert (found["status"], found["progress"]) == ("OFF_TRACK", 0.1)


async def test_a_period_is_measured_once_and_a_bad_figure_refused(client):
    world = await workflow_world()
    made = await define(client, world)
    token = world.tokens["chair"]
    await ok(client, RECORD, figure(made["id"], "2025-01-01", "2025-03-31", 62.0), token=token)

    again = figure(made["id"], "2025-01-01", "2025-03-31", 64.0)
    assert await refused(client, RECORD, again, token=token) == "CONFLICT"
    for bad in (
        figure(made["id"], "2025-06-30", "2025-04-01", 64.0),  # ends before it starts
        figure(made["id"], "2025-04-01", "2025-06-30", 1e300),  # beyond any figure
        figure(made["id"], "2025-04-01", "2025-06-30", 64.0, source="s" * 301),
        figure(gid("Decision", world.decisions[C.PUBLIC].id), "2025-04-01", "2025-06-30", 1.0),
    ):
        assert await refused(client, RECORD, bad, token=token) == "BAD_USER_INPUT", bad
    # A member of the committee does not record figures.
    member = figure(made["id"], "2025-04-01", "2025-06-30", 64.0)
    assert await refused(client, RECORD, member, token=world.tokens["member"]) == "FORBIDDEN"
    assert await AuditEvent.filter(action="measurement.record").count() == 1


async def test_a_partners_integration_token_reports_its_own_agreements_figures_only(client):
    world = await workflow_world()
    # The party organization's integration account (no person behind it, a token only).
    robot = await Person.create(
        name="Gamagara billing system",
        email="billing@gamagara.example.org",
        organization_id=world.orgs["party"].id,
        is_integration=True,
    )
    token = (await mint_token(robot, actor_id=None)).token
    others = await Agreement.create(
        reference="MCPP-AGR-77", title="Another agreement", classification=C.INTERNAL,
        governing_body_id=world.bodies["sc"].id,
    )  # fmt: skip
    await AgreementParty.create(
        agreement_id=others.id, organization_id=world.orgs["company"].id, role=PartyRole.FUNDER
    )
    theirs = await define(
        client, world, agreementId=gid("Agreement", world.agreements[C.INTERNAL].id)
    )
    not_theirs = await define(
        client, world, code="MCPP-KPI-009", agreementId=gid("Agreement", others.id)
    )
    confidential = await define(
        client,
        world,
        code="MCPP-KPI-010",
        classification="CONFIDENTIAL",
        agreementId=gid("Agreement", others.id),
    )

    refused_ = figure(not_theirs["id"], "2025-01-01", "2025-03-31", 62.0)
    assert await refused(client, RECORD, refused_, token=token) == "FORBIDDEN"
    # One it may not even see is not found.
    hidden = figure(confidential["id"], "2025-01-01", "2025-03-31", 62.0)
    assert await refused(client, RECORD, hidden, token=token) == "NOT_FOUND"

    data = await ok(
        client,
        RECORD,
        figure(theirs["id"], "2025-01-01", "2025-03-31", 62.0, source="Billing system"),
        token=token,
    )
    assert data["recordMeasurement"]["recordedBy"]["name"] == "Gamagara billing system"
    assert data["recordMeasurement"]["indicator"]["code"] == "MCPP-KPI-002"


async def test_indicators_filter_by_committee_agreement_and_computed_status_page_by_page(client):
    world = await workflow_world()
    token = world.tokens["chair"]
    agreement = gid("Agreement", world.agreements[C.PUBLIC].id)
    # Codes 01..07: the odd ones OFF_TRACK, 02 and 06 ACHIEVED, 04 never measured.
    for n in range(1, 8):
        made = await define(
            client, world, code=f"K-{n:02d}", agreementId=agreement if n <= 3 else None
        )
        if n != 4:
            value = 61.0 if n % 2 else 95.0
            await ok(client, RECORD, figure(made["id"], "2026-01-01", "2026-03-31", value),
                     token=token)  # fmt: skip
    other = await Body.create(
        name="Working group", slug="wg", kind=BodyKind.WORKING_GROUP, quorum=1, prefix="WG"
    )
    await Membership.create(person_id=world.people["chair"].id, body_id=other.id,
                            role=MemberRole.CHAIR, start_date=TODAY)  # fmt: skip
    await define(client, world, code="K-00", bodyId=gid("Committee", other.id))

    async def codes(arguments: str) -> tuple[list[str], int, bool, str | None]:
        arguments = f"({arguments})" if arguments else ""
        query = f"""{{ indicators{arguments} {{ totalCount
            pageInfo {{ hasNextPage endCursor }} edges {{ node {{ code status }} }} }} }}"""
        found = (await ok(client, query, token=token))["indicators"]
        return (
            [e["node"]["code"] for e in found["edges"]],
            found["totalCount"],
            found["pageInfo"]["hasNextPage"],
            found["pageInfo"]["endCursor"],
        )

    assert (await codes(""))[:3] == ([f"K-{n:02d}" for n in range(8)], 8, False)
    assert (await codes(f'bodyId: "{gid("Committee", other.id)}"'))[0] == ["K-00"]
    assert (await codes(f'agreementId: "{agreement}"'))[0] == ["K-01", "K-02", "K-03"]
    assert (await codes("status: NO_DATA"))[:3] == (["K-00", "K-04"], 2, False)
    assert (await codes(f'status: ACHIEVED, agreementId: "{agreement}"'))[0] == ["K-02"]

    # OFF_TRACK is K-01, 03, 05, 07: two pages of two, each after the last one's cursor.
    first, total, more, cursor = await codes("status: OFF_TRACK, first: 2")
    assert (first, total, more) == (["K-01", "K-03"], 4, True)
    second, total, more, cursor = await codes(f'status: OFF_TRACK, first: 2, after: "{cursor}"')
    assert (second, total, more) == (["K-05", "K-07"], 4, False)
    assert (await codes(f'status: OFF_TRACK, after: "{cursor}"'))[:3] == ([], 4, False)
    # A cursor of the whole list continues the filtered one in the same order.
    _, _, _, cursor = await codes("first: 4")  # ... K-03
    assert (await codes(f'status: ACHIEVED, after: "{cursor}"'))[0] == ["K-06"]
    assert (
        await refused(
            client,
            '{ indicators(status: OFF_TRACK, after: "nonsense") { totalCount } }',
            token=token,
        )
        == "BAD_USER_INPUT"
    )


async def test_an_agreement_lists_its_indicators(client):
    world = await workflow_world()
    agreement = world.agreements[C.PUBLIC]
    await define(client, world, code="B-2", agreementId=gid("Agreement", agreement.id))
    await define(client, world, code="A-1", agreementId=gid("Agreement", agreement.id))
    await define(client, world, code="C-3")
    query = """query($r: String!) { agreement(reference: $r) { indicators { code } } }"""
    found = await ok(client, query, {"r": agreement.reference}, token=world.tokens["member"])
    assert found["agreement"]["indicators"] == [{"code": "A-1"}, {"code": "B-2"}]


# ------------------------------------------------------------------ action plans


async def test_the_adopting_officers_draw_up_a_plan_numbered_in_their_register(client):
    world = await workflow_world()
    indicator = await define(client, world)
    decision = world.decisions[C.PUBLIC]
    variables = {
        "input": plan_input(
            world,
            decisionId=gid("Decision", decision.id),
            indicatorIds=[indicator["id"]],
        )
    }
    assert await refused(client, CREATE_PLAN, variables, token=world.tokens["member"]) == (
        "FORBIDDEN"
    )
    plan = (await ok(client, CREATE_PLAN, variables, token=world.tokens["secretary"]))[
        "createActionPlan"
    ]
    assert plan["reference"] == f"SC-AP-{YEAR}-001"
    assert (plan["status"], plan["body"]["name"], plan["monitoredBy"]["name"]) == (
        "DRAFT",
        "MCPP Steering Committee",
        "Operations Unit",
    )
    assert plan["decision"] == {"reference": decision.reference}
    assert plan["indicators"] == [{"code": "MCPP-KPI-002"}]
    assert (plan["actions"], plan["completion"], plan["previous"]) == ([], 0.0, None)
    assert (await draw_up(client, world))["reference"] == f"SC-AP-{YEAR}-002"

    for overrides in (
        {"monitoredById": sc(world)},  # itself
        {"periodEnd": f"{YEAR - 1}-12-31"},  # ends before it starts
        {"title": ""},
        {"indicatorIds": ["not-an-id"]},
    ):
        variables = {"input": plan_input(world, **overrides)}
        assert await refused(client, CREATE_PLAN, variables, token=world.tokens["chair"]) == (
            "BAD_USER_INPUT"
        ), overrides


async def test_a_plan_moves_along_its_lifecycle_only(client):
    world = await workflow_world()
    plan = await draw_up(client, world)
    token = world.tokens["chair"]
    skip = {"p": plan["id"], "s": "COMPLETED"}
    assert await refused(client, TRANSITION, skip, token=token) == "INVALID_TRANSITION"
    adopt_ = {"p": plan["id"], "s": "ADOPTED"}
    assert await refused(client, TRANSITION, adopt_, token=world.tokens["member"]) == "FORBIDDEN"
    for status in ("ADOPTED", "IN_PROGRESS", "COMPLETED", "CLOSED"):
        moved = await ok(client, TRANSITION, {"p": plan["id"], "s": status}, token=token)
        assert moved["transitionActionPlan"]["status"] == status
    again = {"p": plan["id"], "s": "IN_PROGRESS"}
    assert await refused(client, TRANSITION, again, token=token) == "INVALID_TRANSITION"


async def test_a_monitoring_committee_member_reports_on_the_plan_and_reads_it(client):
    world = await workflow_world()
    plan = await draw_up(client, world, classification="CONFIDENTIAL")
    watcher = await monitor(world)
    report = {
        "input": {
            "planId": plan["id"],
            "periodEnd": f"{YEAR}-02-28",
            "summary": "Two of five actions **done**. <script>alert(1)</script>",
            "obstacles": "The bank account is not open yet.",
        }
    }
    # Not before it is adopted.
    assert await refused(client, REPORT, report, token=watcher) == "INVALID_TRANSITION"
    await adopt(client, world, plan)
    # A member of the adopting committee who is not an officer, and someone of neither.
    assert await refused(client, REPORT, report, token=world.tokens["member"]) == "FORBIDDEN"
    assert await refused(client, REPORT, report, token=world.tokens["participant"]) == ("NOT_FOUND")
    early = {"input": {**report["input"], "periodEnd": f"{YEAR - 1}-12-31"}}
    assert await refused(client, REPORT, early, token=watcher) == "BAD_USER_INPUT"

    sent = (await ok(client, REPORT, report, token=watcher))["submitProgressReport"]
    assert sent["author"]["name"] == "Monitor Person"
    assert sent["obstacles"] == "The bank account is not open yet."
    assert "<strong>done</strong>" in sent["summaryHtml"]
    assert "<script" not in sent["summaryHtml"]
    # Reporting leaves the plan's status as it was.
    assert sent["plan"] == {"reference": plan["reference"], "status": "ADOPTED"}

    # The monitor reads the plan, by reference, by id and through its committee.
    query = f"""query($r: String!, $id: ID!, $ou: ID!) {{
        actionPlan(reference: $r) {{ {PLAN_FIELDS} }}
        node(id: $id) {{ ... on ActionPlan {{ reference }} }}
        committee: node(id: $ou) {{ ... on Committee {{ actionPlans {{ totalCount
            edges {{ node {{ reference }} }} }} }} }} }}"""
    variables = {"r": plan["reference"], "id": plan["id"], "ou": ou(world)}
    read = await ok(client, query, variables, token=watcher)
    assert read["actionPlan"]["reports"]["totalCount"] == 1
    assert read["node"] == {"reference": plan["reference"]}
    assert read["committee"]["actionPlans"] == {
        "totalCount": 1,
        "edges": [{"node": {"reference": plan["reference"]}}],
    }


async def test_actions_complete_a_plan_and_the_open_ones_roll_over(client):
    world = await workflow_world()
    plan = await draw_up(client, world)
    await adopt(client, world, plan)
    create = """mutation($input: CreateActionItemInput!) { createActionItem(input: $input) {
        id plan { reference } } }"""
    made = []
    for title in ("Open the bank account", "Hire the facilitator", "Print the leaflets"):
        variables = {"input": {"committeeId": sc(world), "title": title,
                               "classification": "INTERNAL", "planId": plan["id"]}}  # fmt: skip
        data = await ok(client, create, variables, token=world.tokens["chair"])
        assert data["createActionItem"]["plan"] == {"reference": plan["reference"]}
        made.append(pk(data["createActionItem"]["id"]))
    await ActionItem.filter(id=made[1]).update(status=ActionStatus.DONE)
    await ActionItem.filter(id=made[2]).update(status=ActionStatus.CANCELLED)
    # Another committee's plan is not this committee's to attach actions to.
    theirs = await plan_at(world, C.INTERNAL, body_id=world.bodies["ou"].id, monitored_by_id=None)
    variables = {"input": {"committeeId": sc(world), "title": "Elsewhere",
                           "classification": "INTERNAL",
                           "planId": gid("ActionPlan", theirs.id)}}  # fmt: skip
    assert await refused(client, create, variables, token=world.tokens["chair"]) == (
        "BAD_USER_INPUT"
    )

    query = f"""query($r: String!) {{ actionPlan(reference: $r) {{ {PLAN_FIELDS} }} }}"""
    before = (await ok(client, query, {"r": plan["reference"]}, token=world.tokens["chair"]))[
        "actionPlan"
    ]
    assert before["completion"] == 0.5  # one done of two, the cancelled one left out

    roll = {"p": plan["id"], "end": f"{YEAR}-03-31"}  # not after the old end
    assert await refused(client, ROLL_OVER, roll, token=world.tokens["chair"]) == "BAD_USER_INPUT"
    roll = {"p": plan["id"], "end": f"{YEAR}-06-30"}
    assert await refused(client, ROLL_OVER, roll, token=world.tokens["member"]) == "FORBIDDEN"
    following = (await ok(client, ROLL_OVER, roll, token=world.tokens["chair"]))[
        "rollOverActionPlan"
    ]
    assert following["reference"] == f"SC-AP-{YEAR}-002"
    assert (following["periodStart"], following["periodEnd"], following["status"]) == (
        f"{YEAR}-04-01",
        f"{YEAR}-06-30",
        "DRAFT",
    )
    assert following["previous"] == {"reference": plan["reference"]}
    assert [a["title"] for a in following["actions"]] == ["Open the bank account"]
    assert following["completion"] == 0.0
    after = (await ok(client, query, {"r": plan["reference"]}, token=world.tokens["chair"]))[
        "actionPlan"
    ]
    assert after["status"] == "CLOSED"
    assert sorted(a["title"] for a in after["actions"]) == [
        "Hire the facilitator",
        "Print the leaflets",
    ]
    assert after["completion"] == 1.0
    assert await refused(client, ROLL_OVER, roll, token=world.tokens["chair"]) == (
        "INVALID_TRANSITION"
    )


async def test_a_committees_plans_are_those_it_adopted_and_those_it_monitors(client):
    world = await workflow_world()
    # Alternating: the committee adopts the even months' plans and monitors the odd ones'.
    for month in range(1, 8):
        adopter, watcher = ("sc", "ou") if month % 2 == 0 else ("ou", "sc")
        await plan_at(
            world, C.INTERNAL, f"Plan {month}", body_id=world.bodies[adopter].id,
            monitored_by_id=world.bodies[watcher].id, period_start=date(YEAR, month, 1),
        )  # fmt: skip
    await plan_at(world, C.INTERNAL, "Unwatched", body_id=world.bodies["ou"].id,
                  monitored_by_id=None)  # fmt: skip
    token = world.tokens["member"]
    nested = """query($id: ID!, $after: String) { node(id: $id) { ... on Committee {
        actionPlans(first: 3, after: $after) { totalCount pageInfo { hasNextPage endCursor }
        edges { node { title } } } } } }"""
    seen, after, pages = [], None, 0
    while True:
        found = await ok(client, nested, {"id": sc(world), "after": after}, token=token)
        page = found["node"]["actionPlans"]
        assert page["totalCount"] == 7
        seen += [e["node"]["title"] for e in page["edges"]]
        pages += 1
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [f"Plan {month}" for month in range(7, 0, -1)]  # latest period first
    assert pages == 3

    flat = """query($id: ID!) { actionPlans(bodyId: $id) { totalCount edges { node { title } } }
        adopted: actionPlans(status: ADOPTED) { totalCount } }"""
    found = await ok(client, flat, {"id": sc(world)}, token=token)
    assert [e["node"]["title"] for e in found["actionPlans"]["edges"]] == seen
    assert found["adopted"]["totalCount"] == 0


async def test_a_committee_lists_its_indicators(client):
    world = await workflow_world()
    for code in ("B", "A", "C"):
        await define(client, world, code=f"SC-{code}")
    query = """query($id: ID!) { node(id: $id) { ... on Committee {
        indicators(first: 2) { totalCount pageInfo { hasNextPage } edges { node { code } } } } } }"""
    found = (await ok(client, query, {"id": sc(world)}, token=world.tokens["member"]))["node"]
    assert found["indicators"] == {
        "totalCount": 3,
        "pageInfo": {"hasNextPage": True},
        "edges": [{"node": {"code": "SC-A"}}, {"node": {"code": "SC-B"}}],
    }


async def test_a_measurement_and_a_report_resolve_by_their_ids(client):
    world = await workflow_world()
    made = await define(client, world)
    recorded = await ok(
        client,
        RECORD,
        figure(made["id"], "2025-01-01", "2025-03-31", 62.0),
        token=world.tokens["chair"],
    )
    row = await plan_at(world, C.INTERNAL)
    report = await reported(row)
    query = """query($m: ID!, $r: ID!) {
        m: node(id: $m) { ... on Measurement { value indicator { code } } }
        r: node(id: $r) { ... on ProgressReport { summary plan { reference } } } }"""
    variables = {"m": recorded["recordMeasurement"]["id"], "r": gid("ProgressReport", report.id)}
    found = await ok(client, query, variables, token=world.tokens["member"])
    assert found == {
        "m": {"value": 62.0, "indicator": {"code": "MCPP-KPI-002"}},
        "r": {"summary": "INTERNAL progress report", "plan": {"reference": row.reference}},
    }


async def test_results_lists_are_priced_before_they_run(client):
    world = await workflow_world()
    # A plan's actions count as up to 50, its indicators as up to 30, a page as its `first`.
    heavy = """{ actionPlans(first: 100) { edges { node { actions { title }
        indicators { measurements(first: 100) { edges { node { value } } } } } } } }"""
    result = await gql(client, heavy, token=world.tokens["chair"])
    assert result.only_code() == "QUERY_TOO_COMPLEX"
    price = result.errors[0]["extensions"]["price"]
    # 100 plans x (50 actions + 30 indicators x 100 measurements)
    assert price > 100 * (50 + 30 * 100)
    light = "{ actionPlans(first: 2) { edges { node { actions { title } } } } }"
    answered = await gql(client, light, token=world.tokens["chair"])
    assert answered.ok, answered.errors
    assert answered.body["extensions"]["cost"]["price"] == 1 + 2 * (1 + 1 + (1 + 50))


def readme_query(name: str) -> str:
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    start = text.index(f"query {name} {{")
    return text[start : text.index("```", start)]


async def test_the_readmes_results_query_shows_indicators_and_plans(client):
    world = await workflow_world()
    made = await define(client, world, classification="PUBLIC")
    await ok(client, RECORD, figure(made["id"], "2026-01-01", "2026-03-31", 61.0),
             token=world.tokens["chair"])  # fmt: skip
    plan = await draw_up(client, world, classification="PUBLIC")
    await adopt(client, world, plan)
    found = await ok(client, readme_query("Results"), token=None)  # anonymous: the public record
    assert found["indicators"]["edges"] == [
        {"node": {"code": "MCPP-KPI-002", "name": "Revenue collection rate", "unit": "%",
                  "target": 90.0, "status": "OFF_TRACK", "progress": 1 / 30,
                  "latest": {"value": 61.0, "periodEnd": "2026-03-31"}}}
    ]  # fmt: skip
    assert found["offTrack"] == {"totalCount": 1}
    assert [e["node"]["reference"] for e in found["actionPlans"]["edges"]] == [plan["reference"]]
