"""Data sets of 1k / 10k / 100k decisions, written through the models (bulk_create).

The shape follows the 100k set of issue 10: per 1,000 decisions, 100 meetings, 300 motions
and about 1,570 votes, over 20 committees with members; classifications mixed (PUBLIC,
INTERNAL, CONFIDENTIAL), some of the classified decisions cleared for release. Names and
words come from the demo's programme (MCPP, Kati). Seeded: the same size gives the same data.

SQLite files are cached under data/bench/, keyed by GENERATOR_VERSION (bump it whenever
the shape changes) and the migrations (bench.datasets.cache_key); PostgreSQL data sets go
into one database per size.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from governance.enums import (
    BodyKind,
    Classification,
    DecisionStatus,
    MeetingStatus,
    MemberRole,
    MotionOutcome,
    MotionStatus,
    OrganizationKind,
    ReleaseStatus,
    VoteChoice,
    VotingRule,
)
from governance.models import (
    Body,
    Decision,
    Meeting,
    Membership,
    Motion,
    Organization,
    Person,
    Vote,
)

GENERATOR_VERSION = 1
BATCH = 2000

SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}

PLACES = ["Thabazimbi", "Tubatse", "Kati", "Gamagara", "Musina"]
KINDS = [
    (BodyKind.STEERING_COMMITTEE, "Steering Committee", "SC"),
    (BodyKind.OPERATIONS_UNIT, "Policy and Strategy Operations Unit", "OU"),
    (BodyKind.CONSULTATION_FRAMEWORK, "consultation framework", "CF"),
    (BodyKind.MONITORING_COMMITTEE, "action plan monitoring committee", "MC"),
]
ORGANIZATIONS = [
    ("Anglo American", OrganizationKind.PRIVATE_SECTOR),
    ("Kumba Iron Ore", OrganizationKind.PRIVATE_SECTOR),
    ("De Beers", OrganizationKind.PRIVATE_SECTOR),
    ("Department of Cooperative Governance", OrganizationKind.NATIONAL_GOVERNMENT),
    ("SayPro", OrganizationKind.NGO),
    ("University of Limpopo", OrganizationKind.ACADEMIC),
    ("Kati shea butter cooperative", OrganizationKind.COOPERATIVE),
    ("PACT/GIZ", OrganizationKind.DEVELOPMENT_PARTNER),
]
TOPICS = [
    "strategic water management",
    "infrastructure lifecycle management",
    "strategic development planning",
    "municipal financial viability",
    "the shea butter value chain",
    "market gardening cooperatives",
    "the three-month action plan",
    "revenue collection",
    "bulk water supply",
    "the PDESC commune plan",
]
VERBS = ["Approve", "Adopt", "Endorse", "Fund", "Review", "Defer", "Extend", "Close out"]
OBJECTS = [
    "the borehole rehabilitation plan",
    "the asset register update",
    "the budget for",
    "the stakeholder engagement report on",
    "the terms of reference for",
    "the quarterly report on",
    "the procurement of meters for",
    "the capacity-building programme for",
]
# The word the benchmark searches for: in about one decision title in eight.
SEARCH_WORD = "borehole"
# The signed-in reader of the concurrency run: a MEMBER of the first committee.
MEMBER_EMAIL = "member3@bench.example.org"
MEMBERS_PER_COMMITTEE = 10


@dataclass(frozen=True)
class Shape:
    decisions: int
    committees: int = 20

    @property
    def meetings(self) -> int:
        return self.decisions // 10

    @property
    def motions(self) -> int:
        return self.meetings * 3


@dataclass
class Generated:
    decisions: int = 0
    meetings: int = 0
    motions: int = 0
    votes: int = 0
    committees: int = 0
    people: int = 0
    member_email: str = ""


def _classification(rng: random.Random) -> Classification:
    roll = rng.random()
    if roll < 0.5:
        return Classification.PUBLIC
    return Classification.INTERNAL if roll < 0.8 else Classification.CONFIDENTIAL


def _aware(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


async def populate(size: int, *, seed: int = 10) -> Generated:
    """Write one data set of `size` decisions into the connected (migrated, empty) database."""
    rng = random.Random(seed)
    shape = Shape(size)
    made = Generated()
    first_day = date(2016, 1, 1)
    span = 3650  # ten years of governance

    await Organization.bulk_create([Organization(name=n, kind=k) for n, k in ORGANIZATIONS])
    organizations = await Organization.all().order_by("id")

    bodies: list[Body] = []
    for number in range(shape.committees):
        kind, label, prefix = KINDS[number % len(KINDS)]
        place = PLACES[(number // len(KINDS)) % len(PLACES)]
        bodies.append(
            Body(
                name=f"{place} {label}",
                slug=f"{place.lower()}-{prefix.lower()}-{number}",
                kind=kind,
                mandate=f"Governs {TOPICS[number % len(TOPICS)]} in {place}.",
                quorum=4,
                prefix=f"{prefix}{number}",
            )
        )
    await Body.bulk_create(bodies)
    bodies = list(await Body.all().order_by("id"))
    made.committees = len(bodies)

    people = [
        Person(
            name=f"{rng.choice(['Thandi', 'Sipho', 'Awa', 'Moussa', 'Lerato', 'Pieter'])} "
            f"{rng.choice(['Mokoena', 'Ndlovu', 'Traoré', 'Coulibaly', 'van Wyk', 'Dlamini'])} {i}",
            email=f"member{i}@bench.example.org",
            title="Member",
            organization_id=organizations[i % len(organizations)].id,
        )
        for i in range(shape.committees * MEMBERS_PER_COMMITTEE)
    ]
    await Person.bulk_create(people, batch_size=BATCH)
    person_ids = [p.id for p in await Person.all().order_by("id").only("id")]
    made.people = len(person_ids)
    made.member_email = MEMBER_EMAIL
    voters: dict[int, list[int]] = {}
    memberships = []
    for b, body in enumerate(bodies):
        ids = person_ids[b * MEMBERS_PER_COMMITTEE : (b + 1) * MEMBERS_PER_COMMITTEE]
        roles = [MemberRole.CHAIR, MemberRole.DEPUTY_CHAIR, MemberRole.SECRETARY]
        for position, person_id in enumerate(ids):
            role = roles[position] if position < len(roles) else MemberRole.MEMBER
            voting = role != MemberRole.SECRETARY
            memberships.append(
                Membership(
                    body_id=body.id,
                    person_id=person_id,
                    role=role,
                    organization_id=organizations[position % len(organizations)].id,
                    voting_rights=voting,
                    start_date=first_day,
                )
            )
        voters[body.id] = [
            pid for pos, pid in enumerate(ids) if pos != 2
        ]  # the secretary does not vote
    await Membership.bulk_create(memberships, batch_size=BATCH)

    # Meetings, spread over ten years, evenly across committees.
    meetings = []
    for i in range(shape.meetings):
        body = bodies[i % len(bodies)]
        day = first_day + timedelta(days=rng.randrange(span))
        meetings.append(
            Meeting(
                body_id=body.id,
                title=f"{body.name}: meeting on {TOPICS[i % len(TOPICS)]}",
                starts_at=_aware(day, 9),
                ends_at=_aware(day, 12),
                location=f"{PLACES[i % len(PLACES)]} municipal offices",
                status=MeetingStatus.ADJOURNED,
                classification=_classification(rng),
            )
        )
    await Meeting.bulk_create(meetings, batch_size=BATCH)
    meeting_rows = await Meeting.all().order_by("id").values_list("id", "body_id", "starts_at")
    made.meetings = len(meeting_rows)

    motions = []
    for meeting_id, _body_id, _starts in meeting_rows:
        for k in range(3):
            secret = rng.random() < 0.1
            motions.append(
                Motion(
                    meeting_id=meeting_id,
                    title=f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {TOPICS[k * 3 % len(TOPICS)]}",
                    text="That the committee " + rng.choice(VERBS).lower() + " the proposal.",
                    voting_rule=VotingRule.SIMPLE_MAJORITY,
                    secret_ballot=secret,
                    classification=_classification(rng),
                    status=MotionStatus.CLOSED,
                    outcome=MotionOutcome.ADOPTED if rng.random() < 0.7 else MotionOutcome.REJECTED,
                    eligible_count=9,
                    present_count=8,
                    quorum_required=4,
                )
            )
    await Motion.bulk_create(motions, batch_size=BATCH)
    meeting_of = {mid: (body_id, starts) for mid, body_id, starts in meeting_rows}
    motion_rows = await Motion.all().order_by("id").values_list("id", "meeting_id", "outcome")
    made.motions = len(motion_rows)

    # Votes: 3 to 7 ballots a motion, one in four with an eighth: about 5.23 on average.
    votes: list[Vote] = []
    for motion_id, meeting_id, _outcome in motion_rows:
        body_id, starts = meeting_of[meeting_id]
        count = rng.randint(3, 7) + (1 if rng.random() < 0.23 else 0)
        for voter_id in rng.sample(voters[body_id], count):
            votes.append(
                Vote(
                    motion_id=motion_id,
                    voter_id=voter_id,
                    choice=rng.choice(
                        [VoteChoice.FOR, VoteChoice.FOR, VoteChoice.AGAINST, VoteChoice.ABSTAIN]
                    ),
                    cast_at=starts + timedelta(hours=1),
                )
            )
        if len(votes) >= BATCH * 5:
            made.votes += len(votes)
            await Vote.bulk_create(votes, batch_size=BATCH)
            votes = []
    made.votes += len(votes)
    await Vote.bulk_create(votes, batch_size=BATCH)

    # Decisions: adopted motions record theirs; the rest are decided without a motion.
    adopted: dict[int, list[int]] = {}
    for motion_id, meeting_id, outcome in motion_rows:
        if outcome == MotionOutcome.ADOPTED:
            adopted.setdefault(meeting_of[meeting_id][0], []).append(motion_id)
    decisions: list[Decision] = []
    numbers: dict[tuple[int, int], int] = {}
    for i in range(size):
        body = bodies[i % len(bodies)]
        day = first_day + timedelta(days=rng.randrange(span))
        numbers[(body.id, day.year)] = number = numbers.get((body.id, day.year), 0) + 1
        recorded = _classification(rng)
        released = recorded != Classification.PUBLIC and rng.random() < 0.15
        pending = adopted.get(body.id)
        topic = rng.choice(TOPICS)
        decisions.append(
            Decision(
                reference=f"{body.prefix}-{day.year}-{number:03d}",
                committee_id=body.id,
                motion_id=pending.pop() if pending else None,
                title=f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {topic}"[:300],
                text=(
                    f"The committee resolved to act on {topic}. "
                    f"Responsible: {rng.choice(ORGANIZATIONS)[0]}. "
                    "Progress is reported at the next meeting."
                ),
                decided_on=day,
                classification=Classification.PUBLIC if released else recorded,
                recorded_classification=recorded,
                status=DecisionStatus.IN_FORCE if rng.random() < 0.9 else DecisionStatus.AMENDED,
                release=ReleaseStatus.CLEARED_FOR_RELEASE
                if released
                else ReleaseStatus.NOT_FOR_RELEASE,
            )
        )
        if len(decisions) >= BATCH * 5:
            await Decision.bulk_create(decisions, batch_size=BATCH)
            made.decisions += len(decisions)
            decisions = []
    await Decision.bulk_create(decisions, batch_size=BATCH)
    made.decisions += len(decisions)
    return made
