"""The platform itself (permissions.SYSTEM), acting where no person does: the operator's
command line and the demo's loader. It does a platform admin's work and nothing that needs
a person, reads what an admin with no memberships reads, and the audit trail records it
as nobody."""

from __future__ import annotations

import pytest

from governance import administration, ballots
from governance.enums import (
    Classification,
    MotionStatus,
    OrganizationKind,
    VoteChoice,
    VotingRule,
)
from governance.errors import Forbidden, Unauthenticated
from governance.models import AuditEvent, Meeting
from permissions import ANONYMOUS, SYSTEM, load_viewer, visible
from tests.world import build_world, motion_at


async def test_the_platform_does_an_admins_work_and_the_trail_names_nobody():
    world = await build_world()
    member = await load_viewer(world.people["member"])
    with pytest.raises(Unauthenticated):
        await administration.create_organization(
            ANONYMOUS, name="Musina Local Municipality", kind=OrganizationKind.MUNICIPALITY
        )
    with pytest.raises(Forbidden):
        await administration.create_organization(
            member, name="Musina Local Municipality", kind=OrganizationKind.MUNICIPALITY
        )

    musina = await administration.create_organization(
        SYSTEM, name="Musina Local Municipality", kind=OrganizationKind.MUNICIPALITY
    )
    person = await administration.create_person(
        SYSTEM, name="Ops Admin", email="ops@example.org", organization_id=musina.id
    )
    lines = await AuditEvent.filter(action__in=["organization.create", "person.create"])
    assert [(line.subject_id, line.actor_id) for line in lines] == [
        (musina.id, None),
        (person.id, None),
    ]


async def test_the_platform_is_no_person_it_neither_moves_nor_votes():
    world = await build_world()
    meeting = world.meetings[Classification.PUBLIC]
    with pytest.raises(Forbidden, match="no person"):
        await ballots.propose_motion(
            SYSTEM, meeting_id=meeting.id, agenda_item_id=None, title="That the platform",
            text="Decides.", proposer_id=None, seconder_id=None,
            voting_rule=VotingRule.SIMPLE_MAJORITY, secret_ballot=False,
            classification=Classification.PUBLIC,
        )  # fmt: skip
    open_motion = await motion_at(world, meeting, Classification.PUBLIC, status=MotionStatus.OPEN)
    with pytest.raises(Forbidden, match="no person"):
        await ballots.cast_vote(SYSTEM, motion_id=open_motion.id, choice=VoteChoice.FOR)


async def test_the_platform_reads_what_an_admin_without_memberships_reads():
    world = await build_world()
    admin = await load_viewer(world.people["admin"])
    as_admin = set(await visible(admin, Meeting).values_list("classification", flat=True))
    as_system = set(await visible(SYSTEM, Meeting).values_list("classification", flat=True))
    assert as_system == as_admin == {Classification.PUBLIC, Classification.INTERNAL}
