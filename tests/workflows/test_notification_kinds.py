"""Each kind of notification reaches exactly PRODUCT.md's recipients, and of them only those
who may see its subject at that moment (governance.tell, governance.notifications)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from tortoise.transactions import in_transaction

from governance import action_items, administration, ballots, communications, meetings, tell
from governance import recommendations as recs
from governance.enums import (
    BodyKind,
    Classification,
    MemberRole,
    NotificationKind,
    OutboxChannel,
    RecommendationStatus,
    VotingRule,
)
from governance.models import (
    ActionItem,
    Meeting,
    Notification,
    NotificationPreference,
    OutboxItem,
    Person,
)
from permissions import load_viewer
from tests.api.test_sql_statements import counting_statements
from tests.world import TODAY, World, build_world, plan_at

K = NotificationKind
C = Classification


@pytest.fixture
async def world() -> World:
    return await build_world()


async def told(world: World, kind: NotificationKind) -> dict[str, str]:
    """Who was told of `kind` (by their role in the world), with their title."""
    role_of = {p.id: role for role, p in world.people.items()}
    rows = await Notification.filter(kind=kind).order_by("id")
    return {role_of.get(n.person_id, str(n.person_id)): n.title for n in rows}


async def as_(world: World, role: str):
    return await load_viewer(world.people[role])


async def schedule(world: World, role: str, level: Classification) -> Meeting:
    return await meetings.schedule_meeting(
        await as_(world, role),
        body_id=world.bodies["sc"].id,
        title=f"Budget review ({level.value})",
        starts_at=datetime.now(UTC) + timedelta(days=7),
        ends_at=None,
        location=None,
        classification=level,
    )


async def test_a_meeting_scheduled_tells_the_active_members_who_may_see_it(world):
    await schedule(world, "chair", C.PUBLIC)
    # The former member's membership ended today; people outside the body are not told.
    assert set(await told(world, K.MEETING_SCHEDULED)) == {
        "chair", "secretary", "member", "observer",
    }  # fmt: skip


async def test_a_confidential_meeting_scheduled_tells_members_only(world):
    meeting = await schedule(world, "chair", C.CONFIDENTIAL)
    titles = await told(world, K.MEETING_SCHEDULED)
    assert set(titles) == {"chair", "secretary", "member", "observer"}
    assert set(titles.values()) == {"Meeting scheduled: Budget review (CONFIDENTIAL)"}
    row = await Notification.filter(kind=K.MEETING_SCHEDULED).first()
    assert (row.subject_type, row.subject_id) == ("meeting", meeting.id)


async def test_a_restricted_meeting_scheduled_tells_only_the_members_who_may_see_it(world):
    # Denied: the member and the observer may not see a RESTRICTED meeting; allowed: the
    # chair (reads RESTRICTED) and the secretary who scheduled it (named as its creator).
    await schedule(world, "secretary", C.RESTRICTED)
    assert set(await told(world, K.MEETING_SCHEDULED)) == {"chair", "secretary"}


async def test_a_ballot_opened_tells_the_voters_on_the_roll(world):
    meeting = world.meetings[C.PUBLIC]
    chair = await as_(world, "chair")
    motion = await ballots.propose_motion(
        chair, meeting_id=meeting.id, agenda_item_id=None, title="Adopt the budget",
        text="That the budget be adopted.", proposer_id=world.people["member"].id,
        seconder_id=world.people["chair"].id, voting_rule=VotingRule.SIMPLE_MAJORITY,
        secret_ballot=False, classification=C.CONFIDENTIAL,
    )  # fmt: skip
    assert await told(world, K.BALLOT_OPENED) == {}
    await ballots.open_voting(chair, motion_id=motion.id)
    # The secretary and the observer have no vote; the former member's term is over.
    assert await told(world, K.BALLOT_OPENED) == {
        "chair": "Voting is open: Adopt the budget",
        "member": "Voting is open: Adopt the budget",
    }


async def test_minutes_circulated_ask_the_chair_to_approve_and_tell_the_members(world):
    meeting = world.meetings[C.CONFIDENTIAL]
    secretary = await as_(world, "secretary")
    await meetings.save_minutes(
        secretary, meeting_id=meeting.id, content="We met.", expected_version=None
    )
    await meetings.circulate_minutes(secretary, meeting_id=meeting.id)
    assert await told(world, K.MINUTES_CIRCULATED) == {
        "chair": "Minutes to approve: CONFIDENTIAL meeting",
        "secretary": "Minutes circulated: CONFIDENTIAL meeting",
        "member": "Minutes circulated: CONFIDENTIAL meeting",
        "observer": "Minutes circulated: CONFIDENTIAL meeting",
    }
    assert await told(world, K.MINUTES_APPROVED) == {}
    await meetings.approve_minutes(await as_(world, "chair"), meeting_id=meeting.id)
    assert set(await told(world, K.MINUTES_APPROVED)) == {
        "chair", "secretary", "member", "observer",
    }  # fmt: skip


async def test_minutes_of_a_restricted_meeting_reach_only_who_sees_it(world):
    meeting = world.meetings[C.RESTRICTED]
    chair = await as_(world, "chair")
    await meetings.save_minutes(chair, meeting_id=meeting.id, content="x", expected_version=None)
    await meetings.circulate_minutes(chair, meeting_id=meeting.id)
    # "named" is named on the meeting but no member of the body: not a recipient.
    assert set(await told(world, K.MINUTES_CIRCULATED)) == {"chair"}


async def assign(world: World, level: Classification, **owner: int) -> ActionItem:
    return await action_items.create_action_item(
        await as_(world, "chair"), committee_id=world.bodies["sc"].id, title="Fix the pump",
        due_date=TODAY + timedelta(days=10), decision_id=None, classification=level,
        **{"owner_person_id": None, "owner_organization_id": None, **owner},
    )  # fmt: skip


async def test_an_action_item_assigned_tells_its_owner_person(world):
    await assign(world, C.RESTRICTED, owner_person_id=world.people["member"].id)
    assert await told(world, K.ACTION_ITEM_ASSIGNED) == {
        "member": "Action item assigned: Fix the pump"
    }


async def test_an_action_item_assigned_to_an_organization_tells_its_people(world):
    # The company's people: the member and the secretary; a RESTRICTED item is theirs to see.
    await assign(world, C.RESTRICTED, owner_organization_id=world.orgs["company"].id)
    assert set(await told(world, K.ACTION_ITEM_ASSIGNED)) == {"member", "secretary"}


async def test_reminders_of_an_action_item_tell_its_owners(world):
    item = world.action_items[C.CONFIDENTIAL]  # owned by the municipality: the participant
    async with in_transaction():
        await tell.action_item(item, K.ACTION_ITEM_DUE)
        await tell.action_item(item, K.ACTION_ITEM_OVERDUE)
    assert set(await told(world, K.ACTION_ITEM_DUE)) == {"participant"}
    assert (await told(world, K.ACTION_ITEM_OVERDUE))["participant"].startswith(
        "Action item overdue since"
    )


async def test_a_progress_report_due_tells_the_secretary_and_the_monitoring_committee(world):
    ou_member = await Person.create(name="Ops Person", email="ops@example.org")
    await administration.Membership.create(
        person_id=ou_member.id, body_id=world.bodies["ou"].id, role=MemberRole.MEMBER,
        voting_rights=True, start_date=TODAY - timedelta(days=9),
    )  # fmt: skip
    plan = await plan_at(world, C.CONFIDENTIAL)
    async with in_transaction():
        await tell.progress_report_due(plan)
    # Not the adopting committee's chair nor its members: its secretary, and the monitors.
    assert set(await told(world, K.PROGRESS_REPORT_DUE)) == {"secretary", str(ou_member.id)}


async def test_a_recommendation_submitted_tells_the_addressed_chair_and_secretary(world):
    board_chair = await as_(world, "board_chair")
    for level in (C.CONFIDENTIAL, C.RESTRICTED):
        draft = await recs.draft_recommendation(
            board_chair, board_id=world.bodies["pab"].id, addressed_to_id=world.bodies["sc"].id,
            title=f"Water ({level.value})", text="Do it.", rationale=None, classification=level,
        )  # fmt: skip
        await recs.submit_recommendation(board_chair, recommendation_id=draft.id)
    rows = await Notification.filter(kind=K.RECOMMENDATION_SUBMITTED).order_by("id")
    role_of = {p.id: role for role, p in world.people.items()}
    # The secretary may not see the RESTRICTED one; the chair of the addressed body may.
    assert [(role_of[n.person_id], n.title.split(" ", 3)[-1]) for n in rows] == [
        ("chair", "Water (CONFIDENTIAL)"),
        ("secretary", "Water (CONFIDENTIAL)"),
        ("chair", "Water (RESTRICTED)"),
    ]


async def test_a_recommendation_answered_tells_the_board(world):
    rec = world.recommendations[C.CONFIDENTIAL]
    await recs.respond_to_recommendation(
        await as_(world, "chair"), recommendation_id=rec.id,
        status=RecommendationStatus.ACCEPTED, text="Agreed.", decision_id=None,
    )  # fmt: skip
    assert set(await told(world, K.RECOMMENDATION_ANSWERED)) == {"advisor", "board_chair"}


async def test_an_update_for_approval_tells_the_other_communications_people(world):
    comms = await as_(world, "comms")
    update = await communications.draft_update(
        comms, title="Pump fixed", summary=None, body="Fixed.", urgent=False, decision_ids=[]
    )
    await communications.submit_update(comms, update_id=update.id)
    assert await told(world, K.UPDATE_AWAITING_APPROVAL) == {
        "comms2": "Update awaiting approval: Pump fixed"
    }
    comms2 = await as_(world, "comms2")
    await communications.approve_update(comms2, update_id=update.id)
    await communications.publish_update(comms2, update_id=update.id)
    assert set(await told(world, K.UPDATE_PUBLISHED)) == {"comms", "comms2"}


async def test_a_membership_change_tells_the_person_and_the_chair(world):
    admin = await as_(world, "admin")
    await administration.add_member(
        admin, body_id=world.bodies["sc"].id, person_id=world.people["advisor"].id,
        role=MemberRole.MEMBER, organization_id=None, voting_rights=True, start_date=TODAY,
    )  # fmt: skip
    assert set(await told(world, K.MEMBERSHIP_CHANGED)) == {"advisor", "chair"}


async def test_a_change_that_rolls_back_tells_nobody(world):
    with pytest.raises(RuntimeError):
        async with in_transaction():
            await tell.meeting_scheduled(world.meetings[C.PUBLIC])
            assert await Notification.filter(kind=K.MEETING_SCHEDULED).count() == 4
            raise RuntimeError("the change fails after notifying")
    assert await Notification.filter(kind=K.MEETING_SCHEDULED).count() == 0
    assert await OutboxItem.filter(topic=K.MEETING_SCHEDULED.value).count() == 0


async def test_an_email_is_queued_per_recipient_as_their_preference_says(world):
    people = world.people
    await NotificationPreference.create(
        person_id=people["member"].id, kind=K.MEETING_SCHEDULED, email=True, digest=True
    )
    await NotificationPreference.create(
        person_id=people["observer"].id, kind=K.MEETING_SCHEDULED, email=False, digest=False
    )
    # Another kind's choice does not count for this one.
    await NotificationPreference.create(
        person_id=people["secretary"].id, kind=K.BALLOT_OPENED, email=False, digest=False
    )
    await schedule(world, "chair", C.PUBLIC)
    notes = {n.person_id: n for n in await Notification.filter(kind=K.MEETING_SCHEDULED)}
    items = await OutboxItem.filter(topic="MEETING_SCHEDULED").order_by("person_id")
    # The digest gathers the member's; the observer chose the app only.
    assert [i.person_id for i in items] == sorted([people["chair"].id, people["secretary"].id])
    for item in items:
        assert item.channel == OutboxChannel.EMAIL
        assert item.payload == {"notification_id": notes[item.person_id].id}
        assert (item.subject_type, item.subject_id) == ("meeting", notes[item.person_id].subject_id)
    assert len(notes) == 4


async def test_an_integration_account_gets_no_email(world):
    robot = await Person.create(name="Robot", email="robot@example.org", is_integration=True)
    async with in_transaction():
        await tell.notify(K.MEMBERSHIP_CHANGED, [robot.id], "x", subject_type="body",
                          subject_id=world.bodies["sc"].id)  # fmt: skip
    assert await Notification.filter(person_id=robot.id).count() == 1
    assert await OutboxItem.filter(person_id=robot.id).count() == 0


async def _body_of(n: int, prefix: str) -> tuple[int, list[int]]:
    from governance.models import AccessGrant, Body, Membership

    body = await Body.create(
        name=f"Panel {prefix}", slug=f"panel-{prefix}", kind=BodyKind.WORKING_GROUP,
        quorum=1, prefix=prefix.upper(),
    )  # fmt: skip
    people = [
        await Person.create(name=f"{prefix} {i}", email=f"{prefix}-{i}@example.org")
        for i in range(n)
    ]
    roles = [MemberRole.CHAIR, MemberRole.SECRETARY, MemberRole.OBSERVER]
    for i, person in enumerate(people):
        await Membership.create(
            person_id=person.id, body_id=body.id, role=roles[i] if i < 3 else MemberRole.MEMBER,
            voting_rights=i != 1, start_date=TODAY - timedelta(days=5),
        )  # fmt: skip
    meeting = await Meeting.create(
        body_id=body.id, title="Restricted", classification=C.RESTRICTED,
        starts_at=datetime.now(UTC) + timedelta(days=2),
    )  # fmt: skip
    # Half of the plain members are named on it: they see it, the others do not.
    for person in people[3::2]:
        await AccessGrant.create(subject_type="meeting", subject_id=meeting.id, person_id=person.id)
    return meeting.id, [p.id for p in people]


async def test_the_statements_of_a_notification_do_not_grow_with_its_recipients(world):
    counts, seen = [], []
    for n, prefix in ((5, "few"), (60, "many")):
        meeting_id, people = await _body_of(n, prefix)
        meeting = await Meeting.get(id=meeting_id)
        with counting_statements() as statements:
            async with in_transaction():
                told_rows = await tell.meeting_scheduled(meeting)
        counts.append(len([s for s in statements if "BEGIN" not in s.upper()[:10]]))
        seen.append((len(told_rows), n))
        # The chair, and the named members; the secretary, the observer and the rest not.
        assert {r.person_id for r in told_rows} == {people[0], *people[3::2]}
    assert counts[0] == counts[1], counts
    assert counts[0] <= 8, counts


async def _assembly_of(n: int) -> tuple[Meeting, list[int]]:
    """A body as large as a community assembly: n members, made in a few statements."""
    from governance.models import AccessGrant, Body, Membership

    body = await Body.create(
        name="Community assembly", slug="community-assembly", kind=BodyKind.WORKING_GROUP,
        quorum=1, prefix="CA",
    )  # fmt: skip
    await Person.bulk_create(
        [Person(name=f"Resident {i}", email=f"resident-{i}@example.org") for i in range(n)],
        batch_size=500,
    )
    people = await Person.filter(email__startswith="resident-").order_by("id")
    await Membership.bulk_create(
        [
            Membership(
                person_id=p.id, body_id=body.id,
                role=MemberRole.CHAIR if i == 0 else MemberRole.MEMBER,
                voting_rights=True, start_date=TODAY - timedelta(days=5),
            )
            for i, p in enumerate(people)
        ],
        batch_size=500,
    )  # fmt: skip
    meeting = await Meeting.create(
        body_id=body.id, title="Assembly in camera", classification=C.RESTRICTED,
        starts_at=datetime.now(UTC) + timedelta(days=2),
    )  # fmt: skip
    # Nine residents in ten are named on it; every tenth is not, and is not told.
    await AccessGrant.bulk_create(
        [AccessGrant(subject_type="meeting", subject_id=meeting.id, person_id=p.id)
         for i, p in enumerate(people) if i % 10],
        batch_size=500,
    )  # fmt: skip
    return meeting, [p.id for p in people]


async def test_a_notification_reaches_an_assembly_larger_than_a_statement_may_name(world):
    """A statement names at most ~32,000 values (SQLite's and PostgreSQL's limit on
    parameters), six for each notification written: seven thousand members, asked whether
    they see a restricted meeting, are told in statements of bounded size, their emails
    queued, and live subscribers hear each of theirs."""
    from governance import events, notifications

    meeting, people = await _assembly_of(7000)
    async with in_transaction():
        told_rows = await tell.meeting_scheduled(meeting)
    # The chair and the named; none of the unnamed.
    expected = {people[0], *(p for i, p in enumerate(people) if i % 10)}
    assert {r.person_id for r in told_rows} == expected
    assert len(told_rows) == len(expected) == 6301
    assert await Notification.filter(**meeting_filter(meeting)).count() == 6301
    emailed = await OutboxItem.filter(subject_type="meeting", subject_id=meeting.id)
    assert {o.person_id for o in emailed} == expected
    assert len({o.payload["notification_id"] for o in emailed}) == 6301

    last = people[-1]
    async with events.subscription(notifications.notification_topic(last)) as heard:
        await notifications.announce(told_rows)
        assert heard.get_nowait() == next(r.id for r in told_rows if r.person_id == last)


def meeting_filter(meeting: Meeting) -> dict:
    return {"subject_type": "meeting", "subject_id": meeting.id}
