"""Action plans (PRODUCT.md, "Indicators and action plans"): adopted by a committee for a
period, optionally monitored by another, reported on, and rolled over into the next plan
with the actions still open. Their actions are action items with a plan."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from tortoise.functions import Count
from tortoise.transactions import in_transaction

from governance import audit, clock, validation
from governance.action_items import FINISHED
from governance.decisions import committee
from governance.enums import ActionPlanStatus, ActionStatus, Classification
from governance.errors import N_, BadInput, Forbidden, NotFound, Phrase
from governance.guards import carry_names, described, found, name_creator, signed_in
from governance.lifecycles import ACTION_PLAN
from governance.models import ActionItem, ActionPlan, Decision, Indicator, ProgressReport
from governance.references import action_plan_reference
from permissions import Viewer, may, require, visible

# ------------------------------------------------------------------ completion


def completion(done: int, counted: int) -> float:
    """The share of a plan's actions that are DONE, cancelled ones left out; 0 without any."""
    return done / counted if counted else 0.0


async def completions(viewer: Viewer, plan_ids: Sequence[int]) -> dict[int, float]:
    """Each plan's completion as the viewer sees it, in one statement whatever the number
    of plans: over the actions they may see. Counting a hidden action would tell them it
    exists (a RESTRICTED action would move the share a secretary sees)."""
    ids = sorted(set(plan_ids))
    counts: dict[int, list[int]] = {plan: [0, 0] for plan in ids}  # done, counted
    if ids:
        rows = (
            await visible(viewer, ActionItem)
            .filter(plan_id__in=ids)
            .exclude(status=ActionStatus.CANCELLED)
            .annotate(n=Count("id"))
            .group_by("plan_id", "status")
            .values_list("plan_id", "status", "n")
        )
        for plan_id, status, n in rows:
            counts[plan_id][1] += n
            if status == ActionStatus.DONE:
                counts[plan_id][0] += n
    return {plan: completion(done, counted) for plan, (done, counted) in counts.items()}


# ------------------------------------------------------------------ the plan


async def create_action_plan(
    viewer: Viewer,
    *,
    body_id: int,
    title: str,
    period_start: date,
    period_end: date,
    classification: Classification,
    monitored_by_id: int | None = None,
    decision_id: int | None = None,
    indicator_ids: Sequence[int] = (),
) -> ActionPlan:
    actor = signed_in(viewer)
    title = validation.text(title, "title", validation.TITLE)
    body = await committee(body_id)
    await require(
        viewer,
        "create",
        "action_plan",
        on=body,
        message=Phrase(
            "Only the chair or secretary of %(body)s draws up its action plans.", body=body.name
        ),
    )
    validation.ordered(period_start, period_end, N_("period"))
    if monitored_by_id is not None:
        monitor = await committee(monitored_by_id)
        if monitor.id == body.id:
            raise BadInput(
                "The monitoring committee must be another committee than the adopting one."
            )
    if decision_id is not None:
        decision = await found(visible(viewer, Decision), decision_id, "decision")
        if decision.committee_id != body.id:
            raise BadInput("The adopting decision must be one of this committee's.")
    wanted = sorted(set(indicator_ids))
    indicators = await visible(viewer, Indicator).filter(id__in=wanted)
    if len(indicators) != len(wanted):
        raise NotFound("No indicator with that id.")
    async with in_transaction():
        plan = await _create(
            body.id,
            body.prefix,
            title,
            period_start,
            period_end,
            classification,
            monitored_by_id,
            decision_id,
            None,
            actor,
        )
        if indicators:
            await plan.indicators.add(*indicators)
        await name_creator(viewer, "action_plan", plan.id, classification)
        await audit.record(
            actor,
            "action_plan.create",
            f"Drew up {plan.reference}: "
            + described("action plan", title, classification, body.name),
            "action_plan",
            plan.id,
        )
    return plan


async def _create(
    body_id: int,
    prefix: str,
    title: str,
    period_start: date,
    period_end: date,
    classification: Classification,
    monitored_by_id: int | None,
    decision_id: int | None,
    previous_id: int | None,
    actor: int,
) -> ActionPlan:
    return await ActionPlan.create(
        reference=await action_plan_reference(body_id, prefix, clock.today().year),
        title=title,
        body_id=body_id,
        monitored_by_id=monitored_by_id,
        period_start=period_start,
        period_end=period_end,
        classification=classification,
        decision_id=decision_id,
        previous_id=previous_id,
        created_by_id=actor,
        created_at=clock.now(),
    )


async def transition_action_plan(
    viewer: Viewer, *, plan_id: int, status: ActionPlanStatus
) -> ActionPlan:
    actor = signed_in(viewer)
    plan = await found(visible(viewer, ActionPlan), plan_id, "action plan")
    await require(
        viewer,
        "transition",
        plan,
        message=N_("Only the adopting committee's chair or secretary moves this plan."),
    )
    async with in_transaction():
        await ACTION_PLAN.move(plan, "transition", to=status)
        await audit.record(
            actor,
            "action_plan.transition",
            f"{plan.reference} is now {status.value}",
            "action_plan",
            plan.id,
        )
    return await ActionPlan.get(id=plan.id)


async def roll_over_action_plan(viewer: Viewer, *, plan_id: int, period_end: date) -> ActionPlan:
    """Close the plan and open the next one (a draft, to be adopted): `previous` set, the
    period from the day after the old end to `period_end`, its indicators kept, and the
    actions neither DONE nor CANCELLED moved to it; finished ones stay with the old plan."""
    actor = signed_in(viewer)
    plan = await found(visible(viewer, ActionPlan), plan_id, "action plan")
    await require(
        viewer,
        "roll_over",
        plan,
        message=N_("Only the adopting committee's chair or secretary rolls this plan over."),
    )
    start = plan.period_end + timedelta(days=1)
    if period_end < start:
        raise BadInput(
            "periodEnd must be after %(plan)s's end (%(end)s).",
            plan=plan.reference,
            end=plan.period_end.isoformat(),
        )
    body = await plan.body
    async with in_transaction():
        await ACTION_PLAN.move(plan, "roll_over")
        following = await _create(
            body.id,
            body.prefix,
            plan.title,
            start,
            period_end,
            plan.classification,
            plan.monitored_by_id,
            None,
            plan.id,
            actor,
        )
        indicators = await plan.indicators.all()
        if indicators:
            await following.indicators.add(*indicators)
        await carry_names([("action_plan", plan.id)], "action_plan", following.id)
        moved = (
            await ActionItem.filter(plan_id=plan.id)
            .exclude(status__in=FINISHED)
            .update(plan_id=following.id)
        )
        await audit.record(
            actor,
            "action_plan.transition",
            f"{plan.reference} is now CLOSED, rolled over into {following.reference}",
            "action_plan",
            plan.id,
        )
        await audit.record(
            actor,
            "action_plan.roll_over",
            f"{plan.reference} rolled over into {following.reference} "
            f"({moved} open action{'' if moved == 1 else 's'} carried over)",
            "action_plan",
            following.id,
        )
    return following


# ------------------------------------------------------------------ progress reports


async def submit_progress_report(
    viewer: Viewer, *, plan_id: int, period_end: date, summary: str, obstacles: str | None
) -> ProgressReport:
    actor = signed_in(viewer)
    plan = await found(visible(viewer, ActionPlan), plan_id, "action plan")
    allowed = await may(viewer, plan, "report", "report_as_monitor")
    if not any(allowed.values()):
        raise Forbidden(
            "Only the adopting committee's chair or secretary, or a member of the "
            "monitoring committee, reports on this plan."
        )
    summary = validation.text(summary, "summary", validation.LONG_TEXT, multiline=True)
    obstacles = validation.optional_text(
        obstacles, "obstacles", validation.LONG_TEXT, multiline=True
    )
    if period_end < plan.period_start:
        raise BadInput(
            "periodEnd must not come before the plan's start (%(start)s).",
            start=plan.period_start.isoformat(),
        )
    async with in_transaction():
        await ACTION_PLAN.move(plan, "report")
        report = await ProgressReport.create(
            plan_id=plan.id,
            period_end=period_end,
            summary=summary,
            obstacles=obstacles,
            submitted_by_id=actor,
            submitted_at=clock.now(),
        )
        await audit.record(
            actor,
            "progress_report.submit",
            f"Reported on {plan.reference} to {period_end.isoformat()}",
            "progress_report",
            report.id,
        )
    return report
