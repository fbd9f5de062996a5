"""The kinds' declarations (permissions.kinds) and the one question asked of them,
permissions.can: ids keep their codes, a kind's own rules decide who acts, and a list is
checked in a fixed number of statements whatever its length."""

from __future__ import annotations

import base64

from governance.enums import Classification, CommitmentStatus, MemberRole, MotionStatus
from governance.models import Agreement, Commitment, Membership, Person
from permissions import allowed, can, load_viewer
from schema import ids, opaque
from tests.api.test_sql_statements import counting_statements
from tests.world import TODAY, build_world, meeting_at, motion_at

# The codes sealed into every id the first release issued: a client may hold any of them.
FIRST_RELEASE_CODES = {
    "Organization": 1,
    "Person": 2,
    "Committee": 3,
    "AdvisoryBoard": 4,
    "Meeting": 5,
    "AgendaItem": 6,
    "Minutes": 7,
    "Motion": 8,
    "Decision": 9,
    "Agreement": 10,
    "FocusArea": 11,
    "Commitment": 12,
    "Recommendation": 13,
    "ActionItem": 14,
    "Update": 15,
    "AuditEvent": 16,
    "ApiTokenInfo": 17,
}


def test_ids_issued_before_the_registry_still_resolve():
    for name, code in FIRST_RELEASE_CODES.items():
        sealed = opaque.seal(ids.ROW.pack(code, 42))
        assert ids.decode(sealed) == (name, 42), name
        legacy = base64.urlsafe_b64encode(f"{name}:42".encode()).decode().rstrip("=")
        assert ids.decode(legacy) == (name, 42), name
    # Every code names one type: a new kind takes a new code, never an old one.
    assert len(set(ids.TYPE_CODES.values())) == len(ids.TYPE_CODES)


async def test_a_voting_member_today_votes_only_if_on_the_roll_frozen_at_opening():
    world = await build_world()
    meeting = await meeting_at(world, Classification.PUBLIC)
    motion = await motion_at(world, meeting, Classification.PUBLIC, status=MotionStatus.OPEN)
    newcomer = await Person.create(name="Newcomer", email="newcomer@example.org")
    await Membership.create(
        person_id=newcomer.id,
        body_id=world.bodies["sc"].id,
        role=MemberRole.MEMBER,
        voting_rights=True,
        start_date=TODAY,
    )

    # Joined after voting opened: a voting member of the committee today, not a voter here.
    assert not await can(await load_viewer(newcomer), "vote", motion)
    # On the roll frozen when it opened.
    assert await can(await load_viewer(world.people["member"]), "vote", motion)


async def test_the_board_submits_and_the_committee_addressed_responds():
    world = await build_world()
    recommendation = world.draft_recommendation
    assert recommendation is not None
    committee_chair = await load_viewer(world.people["chair"])
    board_chair = await load_viewer(world.people["board_chair"])

    assert not await can(committee_chair, "submit", recommendation)
    assert await can(board_chair, "submit", recommendation)
    assert not await can(board_chair, "respond", recommendation)
    assert await can(committee_chair, "respond", recommendation)
    # Naming people on it is for either body's chair.
    assert await can(board_chair, "manage", "access_grant", on=recommendation)
    assert await can(committee_chair, "manage", "access_grant", on=recommendation)


async def test_a_list_is_checked_in_as_many_statements_for_40_rows_as_for_4():
    """Commitments of as many agreements: their governing bodies are one statement away."""
    world = await build_world()
    party, other = world.orgs["party"], world.orgs["company"]
    outsider = await load_viewer(world.people["participant"])
    committed = await load_viewer(world.people["party"])
    chair = await load_viewer(world.people["chair"])
    counts = {}
    for rows in (4, 40):
        commitments = []
        for number in range(rows):
            agreement = await Agreement.create(
                reference=f"LIST-{rows}-{number}",
                title=f"Agreement {number}",
                classification=Classification.CONFIDENTIAL,
                governing_body_id=world.bodies["sc"].id,
            )
            commitments.append(
                await Commitment.create(
                    agreement_id=agreement.id,
                    party_id=(party if number % 2 else other).id,
                    description=f"Commitment {number}",
                    status=CommitmentStatus.PENDING,
                )
            )
        with counting_statements() as statements:
            # Denied: someone of neither the committee nor a committed party reports on none.
            refused = await allowed(outsider, "update_status", commitments)
            # Allowed: the committed party's people on theirs, the governing chair on all.
            own = await allowed(committed, "update_status", commitments)
            chaired = await allowed(chair, "update_status", commitments)
        assert refused == []
        assert len(own) == rows // 2
        assert {c.party_id for c in own} == {party.id}
        assert chaired == commitments
        counts[rows] = len(statements)
    assert counts[4] == counts[40], counts
