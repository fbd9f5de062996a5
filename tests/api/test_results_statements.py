"""Results lists cost a fixed number of SQL statements whatever their length: indicators
with their figures, status and progress (the status filter included), plans with their
actions, indicators, reports and completion, and both nested under committees."""

from __future__ import annotations

from datetime import date

from governance.enums import ActionStatus, BodyKind, Classification
from governance.models import ActionItem, Body, Decision
from tests.api.test_sql_statements import _viewer_on, app, counting_statements  # noqa: F401
from tests.graphql import gql
from tests.world import TODAY, World, indicator_at, measured, plan_at, reported

CONFIDENTIAL = Classification.CONFIDENTIAL

INDICATORS = """{ indicators(first: 100$filter) { totalCount edges { node { code status progress
    body { name } agreement { reference }
    latest { value periodEnd recordedBy { name } }
    measurements(first: 10) { totalCount edges { node { value indicator { code } } } } } } } }"""

PLANS = """{ actionPlans(first: 100) { totalCount edges { node { reference status completion
    body { name } monitoredBy { name } decision { reference } previous { reference }
    actions { title status plan { reference } } indicators { code status }
    reports(first: 10) { totalCount edges { node { summaryHtml author { name } } } } } } } }"""

COMMITTEES = """{ committees(first: 100) { edges { node { name
    indicators(first: 10) { totalCount edges { node { code status progress latest { value } } } }
    actionPlans(first: 10) { totalCount edges { node { reference completion
        actions { title } reports { totalCount } } } } } } } }"""


async def committees(count: int) -> tuple[World, str]:
    """`count` committees; a world whose steering committee is the first of them (the
    helpers make their items there), and a reader who is a member of all of them."""
    world = World()
    bodies = [
        await Body.create(
            name=f"Committee {i:03d}", slug=f"committee-{i:03d}",
            kind=BodyKind.STEERING_COMMITTEE, quorum=1, prefix=f"C{i}",
        )
        for i in range(count)
    ]  # fmt: skip
    world.bodies = {"sc": bodies[0], "ou": bodies[-1]}
    return world, await _viewer_on(bodies)


async def with_indicators(rows: int) -> str:
    world, token = await committees(2)
    for i in range(rows):
        indicator = await indicator_at(world, CONFIDENTIAL, agreement_id=None)
        for quarter in (1, 2, 3):  # the last one short: OFF_TRACK for a third of them
            await measured(indicator, 30.0 * quarter if i % 3 else 1.0, quarter)
    return token


async def with_plans(rows: int) -> str:
    world, token = await committees(2)
    indicators = [await indicator_at(world, CONFIDENTIAL, agreement_id=None) for _ in range(2)]
    previous = None
    for i in range(rows):
        decision = await Decision.create(
            reference=f"D-{i}", committee_id=world.bodies["sc"].id, title="Adopt the plan",
            text="Adopted.", decided_on=TODAY, classification=CONFIDENTIAL,
            recorded_classification=CONFIDENTIAL,
        )  # fmt: skip
        plan = await plan_at(
            world, CONFIDENTIAL, decision_id=decision.id,
            previous_id=previous.id if previous and i % 2 else None,
        )  # fmt: skip
        previous = plan
        await plan.indicators.add(*indicators)
        for status in (ActionStatus.DONE, ActionStatus.OPEN, ActionStatus.CANCELLED):
            await ActionItem.create(
                committee_id=world.bodies["sc"].id, title=f"Action {i}", status=status,
                classification=CONFIDENTIAL, plan_id=plan.id,
            )  # fmt: skip
        await reported(plan)
        await reported(plan)
    return token


async def with_committees(count: int) -> str:
    world, token = await committees(count)
    bodies = list((await Body.all().order_by("id"))[:count])
    for n, body in enumerate(bodies):
        world.bodies = {"sc": body, "ou": bodies[(n + 1) % count]}
        for _ in range(2):
            indicator = await indicator_at(world, CONFIDENTIAL, agreement_id=None)
            await measured(indicator, 60.0)
        plan = await plan_at(world, CONFIDENTIAL, period_start=date(TODAY.year, 1, 1 + n % 28))
        await ActionItem.create(
            committee_id=body.id, title="Act", classification=CONFIDENTIAL, plan_id=plan.id,
            status=ActionStatus.DONE,
        )  # fmt: skip
        await reported(plan)
    return token


async def measure(client, build, query: str, sizes: tuple[int, int], path: str) -> dict:
    from tests.conftest import empty_tables

    counts = {}
    for rows in sizes:
        await empty_tables()
        token = await build(rows)
        with counting_statements() as statements:
            result = await gql(client, query, token=token)
        assert result.ok, result.errors
        counts[rows] = (len(statements), result.data[path])
    return counts


async def test_indicators_with_figures_status_and_progress_cost_the_same_at_3_and_30(client):
    query = INDICATORS.replace("$filter", "")
    counts = await measure(client, with_indicators, query, (3, 30), "indicators")
    for rows, (_, found) in counts.items():
        assert found["totalCount"] == rows
        edges = found["edges"]
        assert len(edges) == rows
        for n, edge in enumerate(edges):
            node = edge["node"]
            assert node["measurements"]["totalCount"] == 3
            assert node["latest"]["value"] == (90.0 if n % 3 else 1.0)
            assert node["status"] == ("ON_TRACK" if n % 3 else "OFF_TRACK"), node
    print(f"indicators: SQL statements by rows: { {k: v[0] for k, v in counts.items()} }")
    assert counts[3][0] == counts[30][0] <= 16


async def test_the_status_filter_costs_the_same_at_3_and_30(client):
    query = INDICATORS.replace("$filter", ", status: OFF_TRACK")
    counts = await measure(client, with_indicators, query, (3, 30), "indicators")
    for rows, (_, found) in counts.items():
        assert found["totalCount"] == len(found["edges"]) == (rows + 2) // 3
        assert {e["node"]["status"] for e in found["edges"]} == {"OFF_TRACK"}
    print(f"indicators(status): SQL statements by rows: { {k: v[0] for k, v in counts.items()} }")
    assert counts[3][0] == counts[30][0] <= 16


async def test_plans_with_actions_indicators_reports_and_completion_cost_the_same(client):
    counts = await measure(client, with_plans, PLANS, (3, 30), "actionPlans")
    for rows, (_, found) in counts.items():
        assert found["totalCount"] == rows
        for edge in found["edges"]:
            node = edge["node"]
            assert node["completion"] == 0.5  # one DONE, one OPEN, the CANCELLED one left out
            assert len(node["actions"]) == 3 and len(node["indicators"]) == 2
            assert node["reports"]["totalCount"] == 2
            assert node["decision"] is not None
    print(f"actionPlans: SQL statements by rows: { {k: v[0] for k, v in counts.items()} }")
    assert counts[3][0] == counts[30][0] <= 20


async def test_committees_indicators_and_plans_cost_the_same_at_3_and_30_committees(client):
    counts = await measure(client, with_committees, COMMITTEES, (3, 30), "committees")
    for rows, (_, found) in counts.items():
        assert len(found["edges"]) == rows
        for edge in found["edges"]:
            node = edge["node"]
            assert node["indicators"]["totalCount"] == 2
            assert {e["node"]["status"] for e in node["indicators"]["edges"]} == {"ON_TRACK"}
            # Its own plan and the one it monitors.
            assert node["actionPlans"]["totalCount"] == 2
            assert [e["node"]["completion"] for e in node["actionPlans"]["edges"]] == [1.0, 1.0]
    print(f"committees: SQL statements by rows: { {k: v[0] for k, v in counts.items()} }")
    assert counts[3][0] == counts[30][0] <= 25
