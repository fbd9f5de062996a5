"""Results, replayed: the MCPP's and SayPro's indicators with their quarterly figures, and
Kati's first three-month action plan, from its adoption to its roll-over.

Indicators are defined by their committee's secretary (after the committee first sat; the
figures of earlier quarters are then entered as a catch-up) and measured quarter by quarter
about three weeks after each quarter ends, by the secretary or, for some, by a party to the
indicator's agreement reporting its own figure. Baselines are at the start of the quarter
five quarters back (in 2025 for a demo loaded in 2026) and targets at the end of the
quarter five ahead: the latest figure is halfway through, and its status is the rule's
(governance.indicators), whatever day the demo is loaded.

Kati's plan covers the quarter that ends the day before the demo is loaded; the
consultation framework adopted it three weeks in (motion cf1_plan), the monitoring
committee reported on it (naming the bank account obstacle), and the framework's
secretary rolled it over into the next plan, a draft for its next meeting (cf2), with the
open actions moved to it and the finished ones left behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from demo.agreements import FINANCE, INFRA, PLANNING, WATER
from demo.bodies import secretary_of
from demo.follow_up import plan_action_item
from demo.register import CONF, INT, PUB
from demo.replay import Replay
from demo.timeline import Step
from governance import action_plans, results
from governance.enums import (
    ActionPlanStatus,
    ActionStatus,
    Classification,
    IndicatorDirection,
    IndicatorFrequency,
)

UP, DOWN, KEEP = (
    IndicatorDirection.INCREASE,
    IndicatorDirection.DECREASE,
    IndicatorDirection.MAINTAIN,
)
QUARTERLY = IndicatorFrequency.QUARTERLY
REPORTED_AFTER = 20  # days after a quarter ends


@dataclass(frozen=True)
class IndicatorSpec:
    key: str
    body: str
    code: str
    name: str
    description: str
    unit: str
    direction: IndicatorDirection
    baseline: float
    target: float
    classification: Classification
    defined: int  # the day the secretary defined it
    # One a quarter, the latest last: the quarter before the demo's, and those before it.
    figures: tuple[float, ...]
    source: str | None = None
    agreement: str | None = None
    area: str | None = None
    # A party to the agreement reporting the latest quarter itself: person, source, note.
    partner: tuple[str, str, str | None] | None = None
    frequency: IndicatorFrequency = QUARTERLY


INDICATORS = [
    IndicatorSpec("nrw", "sc", "MCPP-KPI-001", "Non-revenue water, Thabazimbi",
        "Share of the water put into the network that is never billed: leaks, illegal "
        "connections and meter errors.", "%", DOWN, 46.0, 30.0, PUB, -395,
        (45.6, 46.3, 47.9, 48.8, 49.5), "Thabazimbi water balance (bulk meter readings)",
        "framework", WATER),
    IndicatorSpec("revenue", "sc", "MCPP-KPI-002", "Revenue collection rate, Thabazimbi",
        "Revenue collected as a share of revenue billed over the quarter.", "%", UP, 61.0,
        85.0, INT, -65, (61.8, 63.5, 66.0, 70.2, 74.4),
        "Thabazimbi billing system, Section 71 report", "revenue", FINANCE,
        ("thabazimbi_mm", "Thabazimbi billing system, Section 71 report",
         "Meter audit completed in wards 2 and 5; indigent register review under way.")),
    IndicatorSpec("assets", "sc", "MCPP-KPI-003",
        "Infrastructure asset register completeness, Greater Tubatse/Fetakgomo",
        "Water, sanitation and roads assets verified in the field and entered in the "
        "register, as a share of the estimated total.", "%", UP, 35.0, 100.0, PUB, -58,
        (36.0, 39.0, 44.0, 50.0, 56.0), "Municipal asset register (GRAP 17)",
        "tubatse_assets", INFRA,
        ("advisor", "University of Limpopo field verification",
         "Field teams still wait for access to two pump stations.")),
    IndicatorSpec("blue_drop", "sc", "MCPP-KPI-004",
        "Drinking water quality compliance (Blue Drop), Thabazimbi",
        "Share of drinking water samples that meet SANS 241.", "%", KEEP, 95.8, 95.0, PUB,
        -395, (96.1, 95.4, 93.8, 94.6, 95.2), "Thabazimbi water quality monitoring programme",
        area=WATER),
    IndicatorSpec("gamagara_losses", "sc", "MCPP-KPI-005",
        "Water losses, Kathu and Olifantshoek", "Water lost between the bulk meters and the "
        "consumer meters in Gamagara.", "%", DOWN, 38.0, 25.0, CONF, -80, (36.2, 34.0),
        "Gamagara water balance", "gamagara_water", WATER,
        ("party", "Gamagara bulk and consumer meter readings", None)),
    IndicatorSpec("policies", "ou", "SAYPRO-KPI-001",
        "Municipal policies reviewed against national and provincial frameworks",
        "Policies of the participating municipalities reviewed by the Operations Unit.",
        "policies", UP, 0.0, 24.0, PUB, -290, (2.0, 5.0, 8.0, 12.0, 15.0),
        "Operations Unit policy review register", area=PLANNING),
    IndicatorSpec("feedback", "ou", "SAYPRO-KPI-002",
        "Stakeholder feedback answered within 30 days",
        "Feedback from municipal stakeholders and communities answered within 30 days.", "%",
        UP, 55.0, 90.0, INT, -290, (57.0, 58.0, 61.0, 63.0, 65.0),
        "Stakeholder engagement log", area=PLANNING),
    IndicatorSpec("reports", "ou", "SAYPRO-KPI-003",
        "Quarterly reports delivered to the Steering Committee on time",
        "Reports on policy and strategy implementation delivered by the agreed date.", "%",
        KEEP, 100.0, 100.0, INT, -290, (100.0, 100.0, 75.0, 100.0, 100.0),
        "Documentation and reporting register"),
    IndicatorSpec("interns", "ou", "SAYPRO-KPI-004", "Policy research interns hosted",
        "Interns from partner universities hosted by the Operations Unit.", "interns", UP, 0.0,
        12.0, PUB, -14, (), area=PLANNING, frequency=IndicatorFrequency.ANNUALLY),
]  # fmt: skip


def quarter(today: date, shift: int) -> date:
    """The first day of the quarter `shift` quarters from today's."""
    index = today.year * 4 + (today.month - 1) // 3 + shift
    return date(index // 4, index % 4 * 3 + 1, 1)


def plan_results(demo: Replay) -> None:
    for spec in INDICATORS:
        _plan_indicator(demo, spec)
    _plan_kati(demo)


def _plan_indicator(demo: Replay, spec: IndicatorSpec) -> None:
    timeline = demo.timeline
    today = timeline.today
    secretary = secretary_of(spec.body)

    async def define() -> None:
        demo.indicators[spec.key] = await results.create_indicator(
            await demo.viewer(secretary),
            body_id=demo.bodies[spec.body].id,
            code=spec.code,
            name=spec.name,
            description=spec.description,
            unit=spec.unit,
            direction=spec.direction,
            frequency=spec.frequency,
            baseline=spec.baseline,
            baseline_date=quarter(today, -5),
            target=spec.target,
            target_date=quarter(today, 5) - timedelta(days=1),
            classification=spec.classification,
            agreement_id=demo.agreements[spec.agreement].id if spec.agreement else None,
            focus_area_id=demo.focus_areas[spec.area].id if spec.area else None,
        )

    def measure(by: str, start: date, value: float, source: str | None, note: str | None) -> Step:
        async def step() -> None:
            await results.record_measurement(
                await demo.viewer(by),
                indicator_id=demo.indicators[spec.key].id,
                period_start=start,
                period_end=quarter(start, 1) - timedelta(days=1),
                value=value,
                note=note,
                source=source,
            )

        return step

    timeline.add(timeline.at(spec.defined, 10), define)
    count = len(spec.figures)
    for position, value in enumerate(spec.figures):
        start = quarter(today, position - count)
        reported = (quarter(start, 1) - today).days + REPORTED_AFTER - 1
        by, source, note = secretary, spec.source, None
        if spec.partner is not None and position == count - 1:
            by, source, note = spec.partner
        # Quarters that ended before it was defined are entered that day, in order.
        moment = timeline.at(max(reported, spec.defined), 11, position)
        timeline.add(moment, measure(by, start, value, source, note))


# ------------------------------------------------------------------ Kati's action plan

ADOPTED_ON = -70  # at the consultation framework's meeting cf1, by motion cf1_plan
PLAN_TITLE = "Plan d'action de trois mois : beurre de karité et maraîchage"
AS_ = ActionStatus
# The plan's actions, assigned by the framework's secretary the day after it was adopted
# (see demo/register.py, ACTION_ITEMS, for their columns).
PLAN_ACTIONS = [
    ("cf", "Inscrire au PDESC les actions désignées des coopératives", None, "kati", -69, -15,
     AS_.DONE, PUB, "d_plan"),
    ("cf", "Diffuser chaque mois une émission de radio sur le plan d'action", None, "radio", -69, 5,
     AS_.IN_PROGRESS, PUB, "d_plan"),
    ("cf", "Ouvrir le compte de la coopérative auprès de l'institution de microfinance locale",
     None, "shea", -69, -5, AS_.OPEN, INT, "d_plan"),
    ("cf", "Organiser le déplacement des membres à la foire de Kati", "monitor", None, -69, -20,
     AS_.BLOCKED, INT, "d_plan"),
    ("cf", "Former les trésoriers des coopératives à la tenue des comptes", None, "giz", -69, -30,
     AS_.DONE, PUB, "d_plan"),
    ("cf", "Arrêter avec les détenteurs coutumiers les conditions d'accès au périmètre irrigué",
     None, "kati", -30, 40, AS_.OPEN, CONF, None),
]  # fmt: skip
REPORT = (
    "Deux des six actions sont réalisées : les actions désignées des coopératives sont "
    "inscrites au PDESC et les trésoriers sont formés à la tenue des comptes. Radio Rurale de "
    "Kati diffuse chaque mois son émission sur le plan.",
    "La coopérative de beurre de karité ne peut pas ouvrir son compte auprès de l'institution "
    "de microfinance locale tant que ses statuts ne sont pas enregistrés ; sans compte, le "
    "déplacement de ses membres à la foire de Kati ne peut pas être payé. L'accès à la terre "
    "pour le périmètre irrigué dépend encore des conditions des détenteurs coutumiers.",
)
KATI_INDICATOR = IndicatorSpec("kati_training", "cf", "KATI-IND-001",
    "Membres des coopératives formés à la tenue des comptes et à la gestion",
    "Membres des coopératives de beurre de karité et de maraîchage formés dans le cadre du "
    "plan.", "membres", UP, 0.0, 40.0, PUB, -69, (), agreement="kati_plan",
    area=PLANNING)  # fmt: skip


def _plan_kati(demo: Replay) -> None:
    timeline = demo.timeline
    secretary = secretary_of("cf")  # also the monitoring committee's
    start, end = timeline.day(-91), timeline.day(-1)  # the quarter before today's
    spec = KATI_INDICATOR

    async def adopt() -> None:
        viewer = await demo.viewer(secretary)
        indicator = await results.create_indicator(
            viewer,
            body_id=demo.bodies["cf"].id,
            code=spec.code,
            name=spec.name,
            description=spec.description,
            unit=spec.unit,
            direction=spec.direction,
            frequency=spec.frequency,
            baseline=spec.baseline,
            baseline_date=start,
            target=spec.target,
            target_date=timeline.day(90),
            classification=spec.classification,
            agreement_id=demo.agreements["kati_plan"].id,
            focus_area_id=demo.focus_areas[PLANNING].id,
        )
        demo.indicators[spec.key] = indicator
        plan = await action_plans.create_action_plan(
            viewer,
            body_id=demo.bodies["cf"].id,
            title=PLAN_TITLE,
            period_start=start,
            period_end=end,
            classification=Classification.PUBLIC,
            monitored_by_id=demo.bodies["mc"].id,
            decision_id=demo.decisions["d_plan"].id,
            indicator_ids=[indicator.id],
        )
        demo.plans["kati1"] = await action_plans.transition_action_plan(
            viewer, plan_id=plan.id, status=ActionPlanStatus.ADOPTED
        )

    async def start_work() -> None:
        await action_plans.transition_action_plan(
            await demo.viewer(secretary),
            plan_id=demo.plans["kati1"].id,
            status=ActionPlanStatus.IN_PROGRESS,
        )

    async def report() -> None:
        # After the monitoring committee's meeting mc1, by one of its members.
        summary, obstacles = REPORT
        await action_plans.submit_progress_report(
            await demo.viewer("monitor"),
            plan_id=demo.plans["kati1"].id,
            period_end=timeline.day(-30),
            summary=summary,
            obstacles=obstacles,
        )

    async def trained() -> None:
        await results.record_measurement(
            await demo.viewer(secretary),
            indicator_id=demo.indicators[spec.key].id,
            period_start=start,
            period_end=timeline.day(-30),
            value=18.0,
            note="Les trésoriers des deux coopératives et le bureau de la coopérative de karité.",
            source="Feuilles de présence des formations de la GIZ",
        )

    async def roll_over() -> None:
        # The next plan, a draft for the framework's next meeting (cf2), holds what is open.
        demo.plans["kati2"] = await action_plans.roll_over_action_plan(
            await demo.viewer(secretary),
            plan_id=demo.plans["kati1"].id,
            period_end=timeline.day(90),
        )

    timeline.add(timeline.at(ADOPTED_ON, 16), adopt)
    timeline.add(timeline.at(ADOPTED_ON + 1, 8), start_work)
    for row in PLAN_ACTIONS:
        plan_action_item(demo, *row, plan="kati1")
    timeline.add(timeline.at(-30, 15), report)
    timeline.add(timeline.at(-29, 10), trained)
    timeline.add(timeline.at(-1, 17), roll_over)
