"""Results (issue 12): indicators and measurements, action plans, progress reports and
the roll-over, through the services (the API and the admin come later)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from governance.action_items import create_action_item
from governance.action_plans import (
    completions,
    create_action_plan,
    roll_over_action_plan,
    submit_progress_report,
    transition_action_plan,
)
from governance.enums import (
    ActionPlanStatus,
    ActionStatus,
    Classification,
    IndicatorDirection,
    IndicatorFrequency,
    IndicatorStatus,
    MemberRole,
)
from governance.errors import BadInput, Conflict, Forbidden, InvalidTransition, NotFound
from governance.indicators import assessments
from governance.models import (
    ActionItem,
    ActionPlan,
    AuditEvent,
    Indicator,
    Measurement,
    Membership,
    Person,
    ProgressReport,
)
from governance.results import create_indicator, record_measurement
from permissions import visible
from tests.workflows.helpers import viewer
from tests.workflows.helpers import workflow_world as build
from tests.world import TODAY

C = Classification
P = ActionPlanStatus
YEAR = TODAY.year


def nrw(world, level=C.INTERNAL, **overrides):
    """Non-revenue water, from 40% in January 2025 to 30% in January 2027."""
    return {
        "body_id": world.bodies["sc"].id,
        "code": "MCPP-KPI-004",
        "name": "Non-revenue water",
        "description": "Water lost before billing.",
        "unit": "%",
        "direction": IndicatorDirection.DECREASE,
        "frequency": IndicatorFrequency.QUARTERLY,
        "baseline": 40.0,
        "baseline_date": date(2025, 1, 1),
        "target": 30.0,
        "target_date": date(2027, 1, 1),
        "classification": level,
        **overrides,
    }


async def indicator(world, level=C.INTERNAL, **overrides) -> Indicator:
    return await create_indicator(
        await viewer(world.people["chair"]), **nrw(world, level, **overrides)
    )


async def monitor(world) -> Person:
    """A member of the Operations Unit, which monitors the steering committee's plans."""
    person = await Person.create(name="Monitor Person", email="monitor@example.org")
    await Membership.create(
        person_id=person.id,
        body_id=world.bodies["ou"].id,
        role=MemberRole.MEMBER,
        start_date=TODAY - timedelta(days=30),
    )
    return person


async def plan(world, level=C.INTERNAL, **overrides) -> ActionPlan:
    fields = {
        "body_id": world.bodies["sc"].id,
        "title": "First three-month action plan",
        "monitored_by_id": world.bodies["ou"].id,
        "period_start": date(YEAR, 1, 1),
        "period_end": date(YEAR, 3, 31),
        "classification": level,
        **overrides,
    }
    return await create_action_plan(await viewer(world.people["chair"]), **fields)


async def adopted(world, level=C.INTERNAL) -> ActionPlan:
    draft = await plan(world, level)
    return await transition_action_plan(
        await viewer(world.people["chair"]), plan_id=draft.id, status=P.ADOPTED
    )


# ------------------------------------------------------------------ indicators


async def test_only_the_committees_officers_define_its_indicators():
    world = await build()
    with pytest.raises(Forbidden, match="chair or secretary"):
        await create_indicator(await viewer(world.people["member"]), **nrw(world))
    made = await create_indicator(await viewer(world.people["secretary"]), **nrw(world))
    assert (made.code, made.body_id, made.created_by_id) == (
        "MCPP-KPI-004",
        world.bodies["sc"].id,
        world.people["secretary"].id,
    )
    event = await AuditEvent.get(action="indicator.create", subject_id=made.id)
    assert event.subject_type == "indicator" and "MCPP-KPI-004" in event.summary


async def test_a_code_is_used_once_across_the_service_even_when_hidden():
    world = await build()
    await indicator(world, C.RESTRICTED)
    # The secretary cannot see the chair's RESTRICTED indicator, and is told no more than
    # that the code cannot be used.
    with pytest.raises(BadInput, match="cannot be used"):
        await create_indicator(await viewer(world.people["secretary"]), **nrw(world))


async def test_an_indicator_the_rule_cannot_judge_is_refused():
    world = await build()
    with pytest.raises(BadInput, match="missing: baselineDate"):
        await indicator(world, baseline_date=None)
    with pytest.raises(BadInput, match="targetDate must come after baselineDate"):
        await indicator(world, target_date=date(2024, 1, 1))
    kept = await indicator(
        world,
        direction=IndicatorDirection.MAINTAIN,
        baseline=None,
        baseline_date=None,
        target=95.0,
        target_date=None,
    )
    assert kept.direction == IndicatorDirection.MAINTAIN


# ------------------------------------------------------------------ measurements


async def test_figures_come_from_the_officers_or_the_agreements_parties():
    world = await build()
    agreement = world.agreements[C.INTERNAL]
    kpi = await indicator(world, agreement_id=agreement.id)
    figure = {"indicator_id": kpi.id, "period_start": date(2025, 1, 1), "value": 38.0}
    # A member of the committee, and someone of an organization not party to the agreement.
    for who in ("member", "participant"):
        with pytest.raises(Forbidden, match="parties to the indicator's agreement"):
            await record_measurement(
                await viewer(world.people[who]), period_end=date(2025, 3, 31), **figure
            )
    # The partner municipality reports its own figure; the secretary the next quarter's.
    own = await record_measurement(
        await viewer(world.people["party"]),
        period_end=date(2025, 3, 31),
        source="Billing",
        **figure,
    )
    assert (own.recorded_by_id, own.source) == (world.people["party"].id, "Billing")
    await record_measurement(
        await viewer(world.people["secretary"]),
        indicator_id=kpi.id,
        period_start=date(2025, 4, 1),
        period_end=date(2025, 6, 30),
        value=37.0,
    )
    assert await AuditEvent.filter(action="measurement.record").count() == 2


async def test_one_measurement_per_indicator_and_period():
    world = await build()
    kpi = await indicator(world)
    chair = await viewer(world.people["chair"])
    period = {"period_start": date(2025, 1, 1), "period_end": date(2025, 3, 31)}
    await record_measurement(chair, indicator_id=kpi.id, value=38.0, **period)
    with pytest.raises(Conflict, match="already has a measurement"):
        await record_measurement(chair, indicator_id=kpi.id, value=36.0, **period)
    assert await Measurement.filter(indicator_id=kpi.id).values_list("value", flat=True) == [38.0]
    with pytest.raises(BadInput, match="the end must not come before the start"):
        await record_measurement(
            chair,
            indicator_id=kpi.id,
            value=1.0,
            period_start=date(2025, 6, 30),
            period_end=date(2025, 4, 1),
        )


async def test_a_hidden_indicator_is_not_found_and_its_figures_not_seen():
    world = await build()
    kpi = await indicator(world, C.CONFIDENTIAL)
    chair = await viewer(world.people["chair"])
    await record_measurement(
        chair,
        indicator_id=kpi.id,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 3, 31),
        value=38.0,
    )
    outsider = await viewer(world.people["participant"])
    with pytest.raises(NotFound):
        await record_measurement(
            outsider,
            indicator_id=kpi.id,
            period_start=date(2025, 4, 1),
            period_end=date(2025, 6, 30),
            value=1.0,
        )
    assert await visible(outsider, Measurement).count() == 0
    assert await visible(outsider, Indicator).count() == 0
    member = await viewer(world.people["member"])
    assert await visible(member, Measurement).count() == 1


async def test_the_status_is_read_from_the_latest_period():
    world = await build()
    kpi = await indicator(world)
    chair = await viewer(world.people["chair"])
    assert (await assessments([kpi]))[kpi.id].status == IndicatorStatus.NO_DATA
    # Recorded out of order: the latest period end decides, not the latest recording.
    for start, end, value in [
        (date(2026, 1, 1), date(2026, 3, 31), 39.0),  # about 0.56 expected, 0.1 made
        (date(2025, 1, 1), date(2025, 3, 31), 38.0),
    ]:
        await record_measurement(
            chair, indicator_id=kpi.id, period_start=start, period_end=end, value=value
        )
    assessed = (await assessments([kpi]))[kpi.id]
    assert assessed.status == IndicatorStatus.OFF_TRACK
    assert assessed.progress == pytest.approx(0.1)


# ------------------------------------------------------------------ action plans


async def test_the_committees_officers_draw_up_plans_numbered_in_its_register():
    world = await build()
    with pytest.raises(Forbidden, match="draws up its action plans"):
        await create_action_plan(
            await viewer(world.people["member"]),
            body_id=world.bodies["sc"].id,
            title="Plan",
            period_start=date(YEAR, 1, 1),
            period_end=date(YEAR, 3, 31),
            classification=C.INTERNAL,
        )
    kpi = await indicator(world)
    first = await plan(world, indicator_ids=[kpi.id])
    second = await plan(world)
    assert (first.reference, second.reference) == (f"SC-AP-{YEAR}-001", f"SC-AP-{YEAR}-002")
    assert first.status == P.DRAFT
    assert [i.id for i in await first.indicators.all()] == [kpi.id]
    assert await AuditEvent.filter(action="action_plan.create").count() == 2
    with pytest.raises(BadInput, match="end must not come before the start"):
        await plan(world, period_start=date(YEAR, 4, 1), period_end=date(YEAR, 3, 1))


async def test_a_plan_belongs_to_both_committees():
    world = await build()
    confidential = await plan(world, C.CONFIDENTIAL)
    watcher = await viewer(await monitor(world))
    assert [p.id for p in await visible(watcher, ActionPlan)] == [confidential.id]
    for who in ("member", "chair"):
        assert await visible(await viewer(world.people[who]), ActionPlan).count() == 1
    outsider = await viewer(world.people["participant"])
    assert await visible(outsider, ActionPlan).count() == 0
    with pytest.raises(NotFound):
        await transition_action_plan(outsider, plan_id=confidential.id, status=P.ADOPTED)


async def test_a_plan_moves_only_along_its_lifecycle_by_the_adopting_officers():
    world = await build()
    draft = await plan(world)
    chair = await viewer(world.people["chair"])
    watcher = await viewer(await monitor(world))
    with pytest.raises(Forbidden, match="adopting committee's chair or secretary"):
        await transition_action_plan(watcher, plan_id=draft.id, status=P.ADOPTED)
    with pytest.raises(InvalidTransition, match="is DRAFT; only an ADOPTED action plan"):
        await transition_action_plan(chair, plan_id=draft.id, status=P.IN_PROGRESS)
    for status in (P.ADOPTED, P.IN_PROGRESS, P.COMPLETED, P.CLOSED):
        moved = await transition_action_plan(chair, plan_id=draft.id, status=status)
        assert moved.status == status
    with pytest.raises(InvalidTransition, match="cannot become DRAFT"):
        await transition_action_plan(chair, plan_id=draft.id, status=P.DRAFT)
    # Closed early, straight from ADOPTED.
    early = await adopted(world)
    closed = await transition_action_plan(chair, plan_id=early.id, status=P.CLOSED)
    assert closed.status == P.CLOSED


# ------------------------------------------------------------------ progress reports


async def test_reports_come_from_the_adopting_officers_or_the_monitoring_committee():
    world = await build()
    current = await adopted(world, C.CONFIDENTIAL)
    report = {"plan_id": current.id, "period_end": date(YEAR, 2, 28), "summary": "Half done."}
    # A plain member of the adopting committee sees the plan but does not report on it.
    with pytest.raises(Forbidden, match="member of the monitoring committee"):
        await submit_progress_report(await viewer(world.people["member"]), obstacles=None, **report)
    person = await monitor(world)
    made = await submit_progress_report(
        await viewer(person), obstacles="The bank account is not yet open.", **report
    )
    assert (made.submitted_by_id, made.obstacles) == (
        person.id,
        "The bank account is not yet open.",
    )
    await submit_progress_report(await viewer(world.people["secretary"]), obstacles=None, **report)
    assert await AuditEvent.filter(action="progress_report.submit").count() == 2
    # Seen as the plan is: by both committees, not by an outsider.
    assert await visible(await viewer(person), ProgressReport).count() == 2
    assert await visible(await viewer(world.people["participant"]), ProgressReport).count() == 0
    with pytest.raises(NotFound):
        await submit_progress_report(
            await viewer(world.people["participant"]), obstacles=None, **report
        )


async def test_a_draft_plan_is_not_reported_on():
    world = await build()
    draft = await plan(world)
    with pytest.raises(InvalidTransition, match="be reported on"):
        await submit_progress_report(
            await viewer(world.people["chair"]),
            plan_id=draft.id,
            period_end=date(YEAR, 2, 28),
            summary="Nothing yet.",
            obstacles=None,
        )


# ------------------------------------------------------------------ completion and roll-over


async def actions(world, current: ActionPlan) -> dict[ActionStatus, ActionItem]:
    return {
        status: await ActionItem.create(
            committee_id=world.bodies["sc"].id,
            title=f"{status.value} action",
            classification=C.INTERNAL,
            status=status,
            plan_id=current.id,
        )
        for status in ActionStatus
    }


async def test_completion_is_the_share_of_actions_done_leaving_out_cancelled_ones():
    world = await build()
    current, empty = await adopted(world), await plan(world)
    await actions(world, current)  # OPEN, IN_PROGRESS, DONE, BLOCKED, CANCELLED
    chair = await viewer(world.people["chair"])
    assert await completions(chair, [current.id, empty.id]) == {current.id: 0.25, empty.id: 0.0}


async def test_completion_counts_only_the_actions_the_reader_may_see():
    """A hidden action must not move the share: that would tell the reader it exists."""
    world = await build()
    current = await adopted(world)
    await ActionItem.create(
        committee_id=world.bodies["sc"].id, title="Done", classification=C.INTERNAL,
        status=ActionStatus.DONE, plan_id=current.id,
    )  # fmt: skip
    await ActionItem.create(
        committee_id=world.bodies["sc"].id, title="Settle with the contractor",
        classification=C.RESTRICTED, status=ActionStatus.OPEN, plan_id=current.id,
    )  # fmt: skip
    member = await viewer(world.people["member"])
    chair = await viewer(world.people["chair"])  # the owning body's chair reads RESTRICTED
    assert await completions(member, [current.id]) == {current.id: 1.0}
    assert await completions(chair, [current.id]) == {current.id: 0.5}


async def test_a_roll_over_closes_the_plan_and_carries_the_open_actions_on():
    world = await build()
    current = await adopted(world)
    items = await actions(world, current)
    chair = await viewer(world.people["chair"])
    with pytest.raises(Forbidden, match="rolls this plan over"):
        await roll_over_action_plan(
            await viewer(await monitor(world)), plan_id=current.id, period_end=date(YEAR, 6, 30)
        )
    with pytest.raises(BadInput, match="periodEnd must be after"):
        await roll_over_action_plan(chair, plan_id=current.id, period_end=date(YEAR, 3, 31))
    following = await roll_over_action_plan(chair, plan_id=current.id, period_end=date(YEAR, 6, 30))
    assert (following.previous_id, following.status, following.reference) == (
        current.id,
        P.DRAFT,
        f"SC-AP-{YEAR}-002",
    )
    assert (following.period_start, following.period_end) == (date(YEAR, 4, 1), date(YEAR, 6, 30))
    assert following.monitored_by_id == world.bodies["ou"].id
    assert (await ActionPlan.get(id=current.id)).status == P.CLOSED
    plans = {item.status: item.plan_id for item in await ActionItem.filter(plan_id__isnull=False)}
    assert plans == {
        ActionStatus.OPEN: following.id,
        ActionStatus.IN_PROGRESS: following.id,
        ActionStatus.BLOCKED: following.id,
        ActionStatus.DONE: current.id,
        ActionStatus.CANCELLED: current.id,
    }
    assert len(items) == 5
    assert await completions(await viewer(world.people["chair"]), [current.id]) == {current.id: 1.0}
    rolled = await AuditEvent.get(action="action_plan.roll_over")
    assert (rolled.subject_id, "3 open actions carried over" in rolled.summary) == (
        following.id,
        True,
    )
    closed = await AuditEvent.filter(action="action_plan.transition", subject_id=current.id)
    assert [event.summary for event in closed][-1].endswith(
        f"CLOSED, rolled over into {following.reference}"
    )
    # Once closed, it is not rolled over again.
    with pytest.raises(InvalidTransition, match="is CLOSED"):
        await roll_over_action_plan(chair, plan_id=current.id, period_end=date(YEAR, 9, 30))


async def test_a_plans_actions_are_its_committees_and_its_monitor_another_committee():
    world = await build()
    with pytest.raises(BadInput, match="another committee than the adopting one"):
        await plan(world, monitored_by_id=world.bodies["sc"].id)
    with pytest.raises(BadInput, match="advisory board"):
        await plan(world, monitored_by_id=world.bodies["pab"].id)
    current = await adopted(world)
    chair = await viewer(world.people["chair"])
    action = {
        "title": "Open the bank account",
        "owner_person_id": None,
        "owner_organization_id": None,
        "due_date": None,
        "decision_id": None,
        "classification": C.INTERNAL,
        "plan_id": current.id,
    }
    # An action of the steering committee's plan cannot be the Operations Unit's.
    ou_chair = await Person.create(name="OU Chair", email="ou-chair@example.org")
    await Membership.create(
        person_id=ou_chair.id,
        body_id=world.bodies["ou"].id,
        role=MemberRole.CHAIR,
        start_date=TODAY - timedelta(days=30),
    )
    with pytest.raises(BadInput, match="one this committee adopted"):
        await create_action_item(
            await viewer(ou_chair), committee_id=world.bodies["ou"].id, **action
        )
    item = await create_action_item(chair, committee_id=world.bodies["sc"].id, **action)
    assert item.plan_id == current.id
