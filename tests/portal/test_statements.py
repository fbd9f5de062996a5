"""No N+1 on the portal: each page costs the same number of SQL statements with one row
of each thing on it as with dozens (tests/api/test_sql_statements.py counts the same way)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from governance.enums import (
    AgreementStatus,
    Classification,
    IndicatorDirection,
    IndicatorFrequency,
    MemberRole,
    OrganizationKind,
    PartyRole,
    ReleaseStatus,
    UpdateStatus,
)
from governance.models import (
    AgendaItem,
    Agreement,
    AgreementParty,
    Commitment,
    Decision,
    Indicator,
    Measurement,
    Meeting,
    Membership,
    MinutesSection,
    Organization,
    Person,
    Update,
)
from tests.api.test_sql_statements import counting_statements
from tests.portal.hostile import Hostile, gid, hostile_world
from tests.portal.test_pages import pages

PUBLIC = Classification.PUBLIC
MORE = 12


async def statements(client, world: Hostile) -> dict[str, int]:  # type: ignore[no-untyped-def]
    counted = {}
    for name, path in pages(world).items():
        with counting_statements() as seen:
            response = await client.get(path)
        assert response.status_code == 200, path
        counted[name] = len(seen)
    return counted


async def grow(world: Hostile) -> None:
    """Dozens more of everything each page lists, all public."""
    now = datetime.now(UTC)
    today = now.date()
    body = world.body
    for n in range(MORE):
        org = await Organization.create(name=f"Partner {n}", kind=OrganizationKind.NGO)
        person = await Person.create(name=f"Member {n}", email=f"member{n}@example.org")
        await Membership.create(
            body=body, person=person, role=MemberRole.MEMBER, organization=org,
            start_date=today - timedelta(days=10),
        )  # fmt: skip
        for days in (5 + n, -5 - n):
            await Meeting.create(
                body=body, title=f"Meeting {n} {days}", starts_at=now + timedelta(days=days),
                classification=PUBLIC,
            )  # fmt: skip
        decision = await Decision.create(
            reference=f"NWC-2025-{n + 1:03d}", committee=body, title=f"Earlier decision {n}",
            text="Decided.", decided_on=today - timedelta(days=100 + n), classification=PUBLIC,
            recorded_classification=PUBLIC, release=ReleaseStatus.CLEARED_FOR_RELEASE,
            agreement=world.agreement,
        )  # fmt: skip
        update = await Update.create(
            title=f"Update {n}", body="…", status=UpdateStatus.PUBLISHED,
            published_at=now - timedelta(days=n + 1), listed_at=now - timedelta(days=n + 1),
        )  # fmt: skip
        await update.decisions.add(decision, world.decision)
        await AgreementParty.create(
            agreement=world.agreement, organization=org, role=PartyRole.IMPLEMENTER
        )
        await Commitment.create(agreement=world.agreement, party=org, description=f"Commit {n}")
        await Agreement.create(
            reference=f"NWC-AGR-2025-{n:02d}", title=f"Agreement {n}", classification=PUBLIC,
            governing_body=body, status=AgreementStatus.SIGNED,
        )  # fmt: skip
        item = await AgendaItem.create(
            meeting=world.meeting, position=10 + n, title=f"Item {n}", classification=PUBLIC
        )
        minutes_id = (await world.meeting.minutes).id  # type: ignore[attr-defined]
        await MinutesSection.create(minutes_id=minutes_id, agenda_item=item, content=f"Said {n}.")
        indicator = await Indicator.create(
            code=f"NWC-KPI-1{n:02d}", name=f"Indicator {n}", unit="%",
            direction=IndicatorDirection.INCREASE, frequency=IndicatorFrequency.MONTHLY,
            baseline=10, baseline_date=today - timedelta(days=300), target=50,
            target_date=today + timedelta(days=60), body=body, agreement=world.agreement,
            classification=PUBLIC,
        )  # fmt: skip
        for month in range(4):
            end = today - timedelta(days=30 * month + 1)
            await Measurement.create(
                indicator=indicator, period_start=end - timedelta(days=29), period_end=end,
                value=20 + month,
            )  # fmt: skip


async def test_each_page_costs_the_same_statements_whatever_it_lists(client):
    world = await hostile_world()
    few = await statements(client, world)
    await grow(world)
    many = await statements(client, world)
    assert many == few
    # And few of them: the home page reads four lists, a body page seven things.
    assert max(few.values()) <= 10, few
    assert (await client.get(f"/meetings/{gid(world.meeting.id)}")).text.count("Said ") == MORE
