"""A small programme with one of everything, at every classification, and a token per role.

The people are the roles PRODUCT.md's access tables speak of; tests read like
those tables: `world.tokens["member"]` sees a CONFIDENTIAL meeting, and so on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from governance.access import mint_token
from governance.enums import (
    ActionStatus,
    AgreementStatus,
    BodyKind,
    Classification,
    MemberRole,
    OrganizationKind,
    PartyRole,
    RecommendationStatus,
    UpdateStatus,
)
from governance.models import (
    AccessGrant,
    ActionItem,
    Agreement,
    AgreementParty,
    Body,
    Decision,
    Meeting,
    Membership,
    Organization,
    Person,
    Recommendation,
    Update,
)
from schema import ids

LEVELS = list(Classification)
ROLES = (
    "anonymous",
    "participant",
    "member",
    "observer",
    "chair",
    "secretary",
    "party",
    "advisor",
    "board_chair",
    "comms",
    "comms2",
    "admin",
    "named",
    "former",
)


@dataclass
class World:
    people: dict[str, Person] = field(default_factory=dict)
    tokens: dict[str, str | None] = field(default_factory=dict)
    orgs: dict[str, Organization] = field(default_factory=dict)
    bodies: dict[str, Body] = field(default_factory=dict)
    meetings: dict[Classification, Meeting] = field(default_factory=dict)
    decisions: dict[Classification, Decision] = field(default_factory=dict)
    agreements: dict[Classification, Agreement] = field(default_factory=dict)
    recommendations: dict[Classification, Recommendation] = field(default_factory=dict)
    action_items: dict[Classification, ActionItem] = field(default_factory=dict)
    draft_recommendation: Recommendation | None = None
    published_update: Update | None = None
    draft_update: Update | None = None

    def gid(self, type_name: str, row_id: int) -> str:
        return ids.encode(type_name, row_id)


TODAY = datetime.now(UTC).date()


async def build_world() -> World:
    w = World()
    for key, name, kind in [
        ("municipality", "Thabazimbi Local Municipality", OrganizationKind.MUNICIPALITY),
        ("company", "Anglo American", OrganizationKind.PRIVATE_SECTOR),
        (
            "department",
            "Department of Cooperative Governance",
            OrganizationKind.NATIONAL_GOVERNMENT,
        ),
        ("party", "Gamagara Local Municipality", OrganizationKind.MUNICIPALITY),
        ("university", "University of Limpopo", OrganizationKind.ACADEMIC),
    ]:
        w.orgs[key] = await Organization.create(name=name, kind=kind)

    org_of = {
        "member": "company",
        "chair": "department",
        "secretary": "company",
        "party": "party",
        "advisor": "university",
        "board_chair": "university",
        "participant": "municipality",
    }
    for role in ROLES:
        if role == "anonymous":
            continue
        w.people[role] = await Person.create(
            name=f"{role.replace('_', ' ').title()} Person",
            email=f"{role}@example.org",
            organization_id=w.orgs[org_of[role]].id if role in org_of else None,
            is_admin=role == "admin",
            is_communications=role in ("comms", "comms2"),
        )

    w.bodies["sc"] = await Body.create(
        name="MCPP Steering Committee",
        slug="mcpp-steering-committee",
        kind=BodyKind.STEERING_COMMITTEE,
        quorum=2,
        prefix="SC",
        mandate="Strategic oversight.",
    )
    w.bodies["ou"] = await Body.create(
        name="Operations Unit",
        slug="operations-unit",
        kind=BodyKind.OPERATIONS_UNIT,
        quorum=1,
        prefix="OU",
    )
    w.bodies["pab"] = await Body.create(
        name="Partnership Advisory Board",
        slug="partnership-advisory-board",
        kind=BodyKind.ADVISORY_BOARD,
        quorum=1,
        prefix="PAB",
    )

    start = TODAY - timedelta(days=365)
    for person, body, role, voting, end in [
        ("chair", "sc", MemberRole.CHAIR, True, None),
        ("secretary", "sc", MemberRole.SECRETARY, False, None),
        ("member", "sc", MemberRole.MEMBER, True, None),
        ("observer", "sc", MemberRole.OBSERVER, False, None),
        ("former", "sc", MemberRole.MEMBER, True, TODAY),
        ("advisor", "pab", MemberRole.MEMBER, True, None),
        ("board_chair", "pab", MemberRole.CHAIR, True, None),
    ]:
        await Membership.create(
            person_id=w.people[person].id,
            body_id=w.bodies[body].id,
            role=role,
            voting_rights=voting,
            start_date=start,
            end_date=end,
        )

    sc, pab = w.bodies["sc"], w.bodies["pab"]
    for number, level in enumerate(LEVELS, start=1):
        w.meetings[level] = await Meeting.create(
            body_id=sc.id,
            title=f"{level.value} meeting",
            classification=level,
            starts_at=datetime.now(UTC) + timedelta(days=number),
        )
        w.decisions[level] = await Decision.create(
            reference=f"SC-{TODAY.year}-{number:03d}",
            committee_id=sc.id,
            title=f"{level.value} decision",
            text=f"The {level.value.lower()} text.",
            decided_on=TODAY,
            classification=level,
            recorded_classification=level,
        )
        w.agreements[level] = await Agreement.create(
            reference=f"MCPP-AGR-{number:02d}",
            title=f"{level.value} agreement",
            classification=level,
            governing_body_id=sc.id,
            status=AgreementStatus.ACTIVE,
        )
        await AgreementParty.create(
            agreement_id=w.agreements[level].id,
            organization_id=w.orgs["party"].id,
            role=PartyRole.BENEFICIARY,
        )
        w.recommendations[level] = await Recommendation.create(
            reference=f"PAB-R-{TODAY.year}-{number:03d}",
            board_id=pab.id,
            addressed_to_id=sc.id,
            title=f"{level.value} recommendation",
            text="Strengthen the water management plan.",
            classification=level,
            status=RecommendationStatus.SUBMITTED,
            submitted_at=datetime.now(UTC),
        )
        w.action_items[level] = await ActionItem.create(
            committee_id=sc.id,
            title=f"{level.value} action",
            classification=level,
            owner_organization_id=w.orgs["municipality"].id,
            status=ActionStatus.OPEN,
            due_date=TODAY - timedelta(days=3),
        )

    restricted = Classification.RESTRICTED
    for kind, item in [
        ("meeting", w.meetings[restricted]),
        ("decision", w.decisions[restricted]),
        ("agreement", w.agreements[restricted]),
        ("recommendation", w.recommendations[restricted]),
        ("action_item", w.action_items[restricted]),
    ]:
        await AccessGrant.create(
            subject_type=kind, subject_id=item.id, person_id=w.people["named"].id
        )

    w.draft_recommendation = await Recommendation.create(
        reference=f"PAB-R-{TODAY.year}-099",
        board_id=pab.id,
        addressed_to_id=sc.id,
        title="Draft recommendation",
        text="Still being written.",
        classification=Classification.PUBLIC,
    )
    now = datetime.now(UTC)
    w.published_update = await Update.create(
        title="Water programme launched",
        body="The **programme** starts.",
        status=UpdateStatus.PUBLISHED,
        author_id=w.people["comms"].id,
        approved_by_id=w.people["comms2"].id,
        published_at=now,
        listed_at=now,
    )
    w.draft_update = await Update.create(
        title="Draft update", body="Not yet.", author_id=w.people["comms"].id, listed_at=now
    )

    w.tokens["anonymous"] = None
    for role, person in w.people.items():
        w.tokens[role] = (await mint_token(person, actor_id=None)).token
    return w


def day(offset: int = 0) -> date:
    return TODAY + timedelta(days=offset)


# ------------------------------------------------------------- more items, for the access tests
# Fresh items at a given classification, owned by the steering committee; a RESTRICTED one
# names `named`, as the world's own RESTRICTED items do, so the roles' read table holds for it.

from governance.enums import MotionStatus, VotingRule  # noqa: E402
from governance.models import AgendaItem, EligibleVoter, Motion  # noqa: E402


async def name_on(w: World, kind: str, item_id: int, level: Classification) -> None:
    if level == Classification.RESTRICTED:
        await AccessGrant.create(
            subject_type=kind, subject_id=item_id, person_id=w.people["named"].id
        )


async def meeting_at(w: World, level: Classification, title: str | None = None) -> Meeting:
    meeting = await Meeting.create(
        body_id=w.bodies["sc"].id, title=title or f"{level.value} meeting", classification=level,
        starts_at=datetime.now(UTC) + timedelta(days=7),
    )  # fmt: skip
    await name_on(w, "meeting", meeting.id, level)
    return meeting


async def agenda_item_at(
    w: World, meeting: Meeting, level: Classification, title: str | None = None
) -> AgendaItem:
    position = await AgendaItem.filter(meeting_id=meeting.id).count() + 1
    item = await AgendaItem.create(
        meeting_id=meeting.id, position=position, title=title or f"{level.value} agenda item",
        classification=level,
    )  # fmt: skip
    await name_on(w, "agenda_item", item.id, level)
    return item


async def motion_at(
    w: World,
    meeting: Meeting,
    level: Classification,
    title: str | None = None,
    *,
    agenda_item: AgendaItem | None = None,
    status: MotionStatus = MotionStatus.DRAFT,
    secret_ballot: bool = False,
) -> Motion:
    """A motion; an OPEN one has its roll frozen as opening does (the body's voting members)."""
    motion = await Motion.create(
        meeting_id=meeting.id, agenda_item_id=agenda_item.id if agenda_item else None,
        title=title or f"{level.value} motion", text="That the committee resolves.",
        voting_rule=VotingRule.SIMPLE_MAJORITY, secret_ballot=secret_ballot,
        classification=level, status=status, proposer_id=w.people["member"].id,
    )  # fmt: skip
    if status == MotionStatus.OPEN:
        voters = [w.people["member"].id, w.people["chair"].id]
        await EligibleVoter.bulk_create(
            [EligibleVoter(motion_id=motion.id, person_id=p) for p in voters]
        )
        motion.eligible_count, motion.quorum_required = len(voters), w.bodies["sc"].quorum
        motion.opened_at = datetime.now(UTC)
        await motion.save()
    await name_on(w, "motion", motion.id, level)
    return motion


async def decision_at(
    w: World, level: Classification, title: str | None = None, **links: int
) -> Decision:
    number = 100 + await Decision.all().count()
    decision = await Decision.create(
        reference=f"SC-{TODAY.year}-{number:03d}", committee_id=w.bodies["sc"].id,
        title=title or f"{level.value} decision", text="Resolved.", decided_on=TODAY,
        classification=level, recorded_classification=level, **links,
    )  # fmt: skip
    await name_on(w, "decision", decision.id, level)
    return decision


async def continue_registers(w: World) -> None:
    """Let the services number new decisions and recommendations after the world's own.

    build_world writes SC-<year>-001… and PAB-R-<year>-001… directly, without drawing
    them from the counters, so the next recordDecision would draw 001 again."""
    from governance.models import ReferenceCounter

    for scope in (f"decision:{w.bodies['sc'].id}", f"recommendation:{w.bodies['pab'].id}"):
        await ReferenceCounter.create(scope=scope, year=TODAY.year, last_number=500)


async def owned_action_item(
    w: World, level: Classification, owner: str, title: str | None = None, **links: int
) -> ActionItem:
    """An action item of the steering committee owned by one of the world's people (who
    need not be a member: owners see what they own)."""
    item = await ActionItem.create(
        committee_id=w.bodies["sc"].id, title=title or f"{level.value} action",
        classification=level, owner_person_id=w.people[owner].id, status=ActionStatus.OPEN,
        **links,
    )  # fmt: skip
    await name_on(w, "action_item", item.id, level)
    return item


# ------------------------------------------------------------- results (issue 12), for the access tests

from governance.enums import IndicatorDirection, IndicatorFrequency  # noqa: E402
from governance.models import ActionPlan, Indicator, Measurement, ProgressReport  # noqa: E402


async def indicator_at(
    w: World, level: Classification, title: str | None = None, **links: int | None
) -> Indicator:
    """An INCREASE indicator of the steering committee, from 0 in 2025 to 100 in 2027,
    tied to the world's agreement of its level (whose party reports on it) unless told."""
    number = await Indicator.all().count() + 1
    if "agreement_id" not in links:
        links["agreement_id"] = w.agreements[level].id
    indicator = await Indicator.create(
        code=f"SC-KPI-{number:03d}", name=title or f"{level.value} indicator", unit="%",
        direction=IndicatorDirection.INCREASE, frequency=IndicatorFrequency.QUARTERLY,
        baseline=0.0, baseline_date=date(2025, 1, 1), target=100.0, target_date=date(2027, 1, 1),
        body_id=w.bodies["sc"].id, classification=level, **links,
    )  # fmt: skip
    await name_on(w, "indicator", indicator.id, level)
    return indicator


async def measured(indicator: Indicator, value: float = 100.0, quarter: int = 1) -> Measurement:
    """A figure for a quarter of 2026 (100 reaches the target: ACHIEVED)."""
    start = date(2026, 3 * quarter - 2, 1)
    end = date(2026 + quarter // 4, (3 * quarter) % 12 + 1, 1) - timedelta(days=1)
    return await Measurement.create(
        indicator_id=indicator.id, period_start=start, period_end=end, value=value,
        note=f"{indicator.classification.value} measurement",
    )  # fmt: skip


async def plan_at(w: World, level: Classification, title: str | None = None, **links) -> ActionPlan:
    """A DRAFT plan adopted by the steering committee and monitored by the Operations Unit
    unless told; numbered W-AP-…, apart from the references the services draw."""
    number = await ActionPlan.all().count() + 1
    fields = {
        "reference": f"W-AP-{TODAY.year}-{number:03d}",
        "title": title or f"{level.value} action plan",
        "body_id": w.bodies["sc"].id,
        "monitored_by_id": w.bodies["ou"].id,
        "period_start": date(TODAY.year, 1, 1),
        "period_end": date(TODAY.year, 3, 31),
        "classification": level,
        **links,
    }
    plan = await ActionPlan.create(**fields)
    await name_on(w, "action_plan", plan.id, level)
    return plan


async def reported(plan: ActionPlan) -> ProgressReport:
    return await ProgressReport.create(
        plan_id=plan.id, period_end=plan.period_end,
        summary=f"{plan.classification.value} progress report",
    )  # fmt: skip
