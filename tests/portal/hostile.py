"""A programme built to trip the portal: items the public may not see (INTERNAL,
CONFIDENTIAL, RESTRICTED, unpublished, not released) on public bodies, linked to public
things, each carrying the word SECRET in its title or text, so that a page showing any of
them, or its title in a link, a count or a heading, gives itself away."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from governance.enums import (
    AgreementStatus,
    BodyKind,
    Classification,
    DecisionStatus,
    IndicatorDirection,
    IndicatorFrequency,
    MemberRole,
    MinutesStatus,
    MotionOutcome,
    MotionStatus,
    OrganizationKind,
    PartyRole,
    RecommendationStatus,
    ReleaseStatus,
    UpdateStatus,
    VotingRule,
)
from governance.models import (
    AccessGrant,
    ActionItem,
    AgendaItem,
    Agreement,
    AgreementParty,
    Body,
    Commitment,
    Decision,
    Document,
    Indicator,
    Measurement,
    Meeting,
    Membership,
    Minutes,
    MinutesSection,
    Motion,
    Organization,
    Person,
    Recommendation,
    Update,
)

SECRET = "Quokkaquartz"  # in nothing the public may read
C = Classification
PUBLIC, INTERNAL, CONFIDENTIAL, RESTRICTED = C.PUBLIC, C.INTERNAL, C.CONFIDENTIAL, C.RESTRICTED
HIDDEN = (INTERNAL, CONFIDENTIAL, RESTRICTED)


@dataclass
class Hostile:
    body: Body
    bamako: Body
    meeting: Meeting  # PUBLIC, upcoming, approved minutes with hidden sections
    past_meeting: Meeting  # PUBLIC, held, in Bamako
    decision: Decision  # PUBLIC, superseded by a hidden one, linked to a hidden agreement
    closed_session_decision: Decision  # PUBLIC, from a motion in closed session
    agreement: Agreement  # PUBLIC
    update: Update  # PUBLISHED, linking a public and a hidden decision
    indicator: Indicator  # PUBLIC
    hidden: dict[str, str] = field(default_factory=dict)  # what -> its public path


def secret(text: str) -> str:
    return f"{text} ({SECRET})"


async def hostile_world(today: date | None = None) -> Hostile:
    today = today or datetime.now(UTC).date()
    now = datetime.now(UTC).replace(microsecond=0)
    town = await Organization.create(
        name="Northam Local Municipality", kind=OrganizationKind.MUNICIPALITY
    )
    mine = await Organization.create(
        name="Platinum Mining Ltd", kind=OrganizationKind.PRIVATE_SECTOR
    )
    # A public member whose email carries the word: people's emails are never shown.
    chair = await Person.create(name="Nomsa Dlamini", email=f"{SECRET.lower()}@example.org")
    member = await Person.create(name="Pieter Botha", email="pieter@example.org")
    body = await Body.create(
        name="Northam Water Committee",
        slug="northam-water",
        kind=BodyKind.STEERING_COMMITTEE,
        quorum=1,
        prefix="NWC",
        mandate="Oversees water services in Northam.",
        time_zone="Africa/Johannesburg",
    )
    bamako = await Body.create(
        name="Kati Cooperatives Forum",
        slug="kati-forum",
        kind=BodyKind.CONSULTATION_FRAMEWORK,
        quorum=1,
        prefix="KCF",
        time_zone="Africa/Bamako",
    )
    start = today - timedelta(days=365)
    await Membership.create(
        body=body, person=chair, role=MemberRole.CHAIR, organization=town, start_date=start
    )
    await Membership.create(
        body=body, person=member, role=MemberRole.MEMBER, organization=mine, start_date=start
    )
    # A term that ended: not a member today (but public: memberships are, past ones too).
    await Membership.create(
        body=body,
        person=await Person.create(name="Former member", email="former@example.org"),
        role=MemberRole.MEMBER,
        start_date=start,
        end_date=today - timedelta(days=1),
    )

    meeting = await Meeting.create(
        body=body,
        title="Quarterly water meeting",
        starts_at=now + timedelta(days=10),
        location="Northam town hall",
        classification=PUBLIC,
    )
    past_meeting = await Meeting.create(
        body=bamako,
        title="Forum on the action plan",
        starts_at=now - timedelta(days=20),
        classification=PUBLIC,
    )
    hidden_meetings = [
        await Meeting.create(
            body=body,
            title=secret(f"{level.value} meeting"),
            starts_at=now + timedelta(days=3),
            classification=level,
        )
        for level in HIDDEN
    ]
    items = []
    for position, level in enumerate((PUBLIC, CONFIDENTIAL, PUBLIC, RESTRICTED, INTERNAL), 1):
        title = "Water losses" if level == PUBLIC and position == 1 else "Tariffs"
        items.append(
            await AgendaItem.create(
                meeting=meeting,
                position=position,
                classification=level,
                title=title if level == PUBLIC else secret(f"{level.value} item"),
                description=None if level == PUBLIC else secret("closed session"),
            )
        )
    minutes = await Minutes.create(
        meeting=meeting, content="The chair opened the meeting.", status=MinutesStatus.APPROVED
    )
    for item in items:
        text = "Losses stand at 38 percent." if item.classification == PUBLIC else secret("minuted")
        await MinutesSection.create(minutes=minutes, agenda_item=item, content=text)
    await AccessGrant.create(subject_type="agenda_item", subject_id=items[3].id, person_id=chair.id)
    # Draft minutes of a public meeting: not the public copy yet.
    await Minutes.create(meeting=past_meeting, content=secret("draft minutes"))

    closed_motion = await Motion.create(
        meeting=meeting,
        agenda_item=items[1],
        title=secret("closed-session motion"),
        text=secret("motion text"),
        voting_rule=VotingRule.SIMPLE_MAJORITY,
        classification=CONFIDENTIAL,
        status=MotionStatus.CLOSED,
        outcome=MotionOutcome.ADOPTED,
    )
    agreement = await Agreement.create(
        reference="NWC-AGR-2026-01",
        title="Northam water partnership",
        status=AgreementStatus.ACTIVE,
        classification=PUBLIC,
        governing_body=body,
        summary="Meters and leaks.",
    )
    await AgreementParty.create(agreement=agreement, organization=town, role=PartyRole.BENEFICIARY)
    await AgreementParty.create(agreement=agreement, organization=mine, role=PartyRole.FUNDER)
    await Commitment.create(
        agreement=agreement,
        party=mine,
        description="Fund 2,000 meters",
        amount_minor=450000000,
        currency="ZAR",
    )
    hidden_agreement = await Agreement.create(
        reference="NWC-AGR-2026-02",
        title=secret("Confidential agreement"),
        summary=secret("terms"),
        classification=CONFIDENTIAL,
        governing_body=body,
    )
    await AgreementParty.create(
        agreement=hidden_agreement, organization=town, role=PartyRole.FUNDER
    )

    def decision(number: int, level: Classification, title: str, **more: object) -> Decision:
        released = level == PUBLIC
        return Decision(
            reference=f"NWC-2026-{number:03d}",
            committee=body,
            title=title,
            text=f"The committee decided: {title}.",
            decided_on=today - timedelta(days=30 - number),
            classification=level,
            recorded_classification=CONFIDENTIAL if released else level,
            release=ReleaseStatus.CLEARED_FOR_RELEASE
            if released
            else ReleaseStatus.NOT_FOR_RELEASE,
            **more,
        )

    older_hidden = decision(
        1,
        CONFIDENTIAL,
        secret("Superseded confidential decision"),
        status=DecisionStatus.SUPERSEDED,
    )
    await older_hidden.save()
    public = decision(
        2,
        PUBLIC,
        "Repair the Northam reservoir",
        supersedes=older_hidden,
        agreement=hidden_agreement,
        status=DecisionStatus.SUPERSEDED,
    )
    await public.save()
    newer_hidden = decision(3, RESTRICTED, secret("Restricted successor"), supersedes=public)
    await newer_hidden.save()
    internal = decision(4, INTERNAL, secret("Internal decision"), agreement=agreement)
    await internal.save()
    closed_session = decision(5, PUBLIC, "Appoint a water engineer", motion=closed_motion)
    await closed_session.save()
    unreleased = decision(6, CONFIDENTIAL, secret("Not for release"))
    await unreleased.save()
    await ActionItem.create(
        committee=body, title=secret("Internal action"), decision=public, classification=INTERNAL
    )
    await Recommendation.create(
        reference="KCF-REC-2026-001",
        board=bamako,
        addressed_to=body,
        title=secret("Recommendation"),
        text=secret("text"),
        status=RecommendationStatus.SUBMITTED,
        classification=CONFIDENTIAL,
        submitted_at=now,
    )

    update = await Update.create(
        title="Reservoir repairs approved",
        summary="The committee approved repairs.",
        body="Repairs start next month.",
        status=UpdateStatus.PUBLISHED,
        published_at=now,
        listed_at=now,
    )
    await update.decisions.add(public, unreleased)
    # A French version of the published update still in review: a French visitor, whose
    # language the portal shows first, must still get the published English one.
    await Update.create(
        title=secret("Brouillon de traduction"),
        body=secret("brouillon"),
        status=UpdateStatus.IN_REVIEW,
        language="fr",
        translation_of=update,
        listed_at=now + timedelta(minutes=2),
    )
    in_review = await Update.create(
        title=secret("Draft update"),
        body=secret("draft"),
        status=UpdateStatus.IN_REVIEW,
        listed_at=now + timedelta(minutes=1),
    )

    indicator = await Indicator.create(
        code="NWC-KPI-001",
        name="Non-revenue water",
        unit="%",
        direction=IndicatorDirection.DECREASE,
        frequency=IndicatorFrequency.QUARTERLY,
        baseline=40,
        baseline_date=today - timedelta(days=200),
        target=25,
        target_date=today + timedelta(days=165),
        body=body,
        agreement=agreement,
        classification=PUBLIC,
    )
    await Measurement.create(
        indicator=indicator,
        period_start=today - timedelta(days=120),
        period_end=today - timedelta(days=30),
        value=35,
        source="Municipal meter readings",
    )
    hidden_indicator = await Indicator.create(
        code="NWC-KPI-002",
        name=secret("Confidential indicator"),
        unit="ML",
        direction=IndicatorDirection.MAINTAIN,
        frequency=IndicatorFrequency.MONTHLY,
        target=10,
        body=body,
        agreement=agreement,
        classification=CONFIDENTIAL,
    )
    await Measurement.create(
        indicator=hidden_indicator,
        period_start=today - timedelta(days=60),
        period_end=today - timedelta(days=30),
        value=11,
        source=secret("source"),
    )
    for attached in (
        {"meeting_id": meeting.id},
        {"decision_id": public.id},
        {"agreement_id": agreement.id},
    ):
        await Document.create(
            title=secret("Confidential paper"),
            filename=f"{SECRET}.pdf",
            content_type="application/pdf",
            size=100,
            sha256="0" * 64,
            classification=CONFIDENTIAL,
            body_id=body.id,
            **attached,
        )

    return Hostile(
        body=body,
        bamako=bamako,
        meeting=meeting,
        past_meeting=past_meeting,
        decision=public,
        closed_session_decision=closed_session,
        agreement=agreement,
        update=update,
        indicator=indicator,
        hidden={
            "a confidential decision": f"/decisions/{older_hidden.reference}",
            "a restricted decision": f"/decisions/{newer_hidden.reference}",
            "an internal decision": f"/decisions/{internal.reference}",
            "a decision not for release": f"/decisions/{unreleased.reference}",
            "a confidential agreement": f"/agreements/{hidden_agreement.reference}",
            **{
                f"a {m.classification.value.lower()} meeting": f"/meetings/{gid(m.id)}"
                for m in hidden_meetings
            },
            "an update in review": f"/updates/{in_review.id}",
        },
    )


def gid(meeting_id: int) -> str:
    from schema import ids

    return ids.encode("Meeting", meeting_id)
