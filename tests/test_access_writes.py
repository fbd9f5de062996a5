"""Who may do what: PRODUCT.md's write table, with the error each refused role gets.

PRODUCT.md: "A write by someone who may see the object but may not act on it is
FORBIDDEN; on an object they may not see it is NOT_FOUND. Without credentials it
is UNAUTHENTICATED." So each mutation is described by who may do it and which
item it names; the expected answer for every role and classification follows
from that and from the read table (tests/test_access_reads.py). Every attempt
names a fresh item, so one role's success never changes another's answer.
"""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from governance.access import mint_token
from governance.enums import (
    ActionPlanStatus,
    AgreementStatus,
    Classification,
    MemberRole,
    MinutesStatus,
    MotionStatus,
    PartyRole,
    RecommendationStatus,
    UpdateStatus,
)
from governance.models import (
    ActionItem,
    Agreement,
    AgreementParty,
    Commitment,
    Membership,
    Minutes,
    Person,
    Recommendation,
    Update,
)
from tests.graphql import gql
from tests.test_access_reads import BOARD, COMMITTEE_ITEMS, COMMUNICATIONS, LEVELS, ROLES, SEES
from tests.world import (
    TODAY,
    World,
    agenda_item_at,
    build_world,
    continue_registers,
    decision_at,
    indicator_at,
    meeting_at,
    motion_at,
    name_on,
    plan_at,
)

OK = "ok"
ADMIN = frozenset({"admin"})
CHAIR_OR_SECRETARY = frozenset({"chair", "secretary"})
SIGNED_IN = frozenset(ROLES) - {"anonymous"}

Level = Classification | None
Variables = dict[str, Any]
Target = Callable[[World, Level, str], Awaitable[Variables]]  # fresh item(s), for one attempt
_serial = itertools.count(1)


def everyone(role: str, level: Level) -> bool:
    """The item named is public (a body, a person) or the write names none."""
    return True


def reads(kind: str) -> Callable[[str, Level], bool]:
    return lambda role, level: level in SEES[kind][role]


def owned_by(owner: str) -> Callable[[str, Level], bool]:
    """An action item owned by a person: the committee's read table, and its owner sees it
    whatever its classification."""
    return lambda role, level: role == owner or level in COMMITTEE_ITEMS[role]


def board_members(role: str, level: Level) -> bool:
    return role in BOARD


def communications_team(role: str, level: Level) -> bool:
    return role in COMMUNICATIONS


@dataclass(frozen=True)
class Write:
    document: str
    allowed: frozenset[str]  # who may, in PRODUCT.md's words, among the world's roles
    target: Target
    sees: Callable[[str, Level], bool] = everyone  # may the role see the item named?
    levels: tuple[Level, ...] = tuple(LEVELS)
    # What an allowed role gets: OK, or a refusal that is not about access.
    when_allowed: Callable[[Level], str] = field(default=lambda level: OK)

    def expected(self, role: str, level: Level) -> str:
        if role == "anonymous":
            return "UNAUTHENTICATED"
        if not self.sees(role, level):
            return "NOT_FOUND"
        if role in self.allowed:
            return self.when_allowed(level)
        return "FORBIDDEN"


# ------------------------------------------------------------------ fresh items


async def new_person(w: World) -> Person:
    n = next(_serial)
    return await Person.create(name=f"New Person {n}", email=f"new{n}@example.org")


async def agreement_at(w: World, level: Classification) -> Agreement:
    agreement = await Agreement.create(
        reference=f"AGR-W-{next(_serial)}", title=f"{level.value} agreement",
        classification=level, governing_body_id=w.bodies["sc"].id, status=AgreementStatus.ACTIVE,
    )  # fmt: skip
    await AgreementParty.create(
        agreement_id=agreement.id, organization_id=w.orgs["party"].id, role=PartyRole.FUNDER
    )
    await name_on(w, "agreement", agreement.id, level)
    return agreement


async def recommendation_at(
    w: World, level: Classification, status: RecommendationStatus = RecommendationStatus.SUBMITTED
) -> Recommendation:
    submitted = None if status == RecommendationStatus.DRAFT else datetime.now(UTC)
    rec = await Recommendation.create(
        reference=f"PAB-W-{next(_serial)}", board_id=w.bodies["pab"].id,
        addressed_to_id=w.bodies["sc"].id, title=f"{level.value} recommendation",
        text="Advice.", classification=level, status=status, submitted_at=submitted,
    )  # fmt: skip
    await name_on(w, "recommendation", rec.id, level)
    return rec


async def action_item_at(
    w: World, level: Classification, owner: str = "organization"
) -> ActionItem:
    owned = (
        {"owner_organization_id": w.orgs["municipality"].id}
        if owner == "organization"
        else {"owner_person_id": w.people[owner].id}
    )
    item = await ActionItem.create(
        committee_id=w.bodies["sc"].id, title=f"{level.value} action", classification=level,
        **owned,
    )  # fmt: skip
    await name_on(w, "action_item", item.id, level)
    return item


async def update_in(w: World, status: UpdateStatus) -> Update:
    now = datetime.now(UTC)
    approved = status in (UpdateStatus.APPROVED, UpdateStatus.PUBLISHED)
    return await Update.create(
        title="Service restored", body="Water is back.", status=status,
        author_id=w.people["comms"].id,
        approved_by_id=w.people["comms2"].id if approved else None,
        published_at=now if status == UpdateStatus.PUBLISHED else None, listed_at=now,
    )  # fmt: skip


async def meeting_with_minutes(w: World, level: Classification, status: MinutesStatus) -> str:
    meeting = await meeting_at(w, level)
    await Minutes.create(meeting_id=meeting.id, content="Present: all.", status=status)
    return w.gid("Meeting", meeting.id)


async def motion_in(w: World, level: Classification, status: MotionStatus) -> str:
    meeting = await meeting_at(w, level)
    return w.gid("Motion", (await motion_at(w, meeting, level, status=status)).id)


# Items that can have people named on them, at a level: (GraphQL type, factory).
async def _grantable(w: World, kind: str, level: Classification) -> str:
    if kind == "meeting":
        return w.gid("Meeting", (await meeting_at(w, level)).id)
    if kind == "agenda_item":
        item = await agenda_item_at(w, await meeting_at(w, level), level)
        return w.gid("AgendaItem", item.id)
    if kind == "motion":
        return await motion_in(w, level, MotionStatus.DRAFT)
    if kind == "decision":
        return w.gid("Decision", (await decision_at(w, level)).id)
    if kind == "agreement":
        return w.gid("Agreement", (await agreement_at(w, level)).id)
    if kind == "recommendation":
        return w.gid("Recommendation", (await recommendation_at(w, level)).id)
    return w.gid("ActionItem", (await action_item_at(w, level)).id)


# ------------------------------------------------------------------ the table


def sc(w: World) -> str:
    return w.gid("Committee", w.bodies["sc"].id)


def person(w: World, role: str) -> str:
    return w.gid("Person", w.people[role].id)


def only_restricted_items_have_names(level: Level) -> str:
    return OK if level == Classification.RESTRICTED else "BAD_USER_INPUT"


def grant(kind: str, owners: frozenset[str]) -> Write:
    async def target(w: World, level: Level, role: str) -> Variables:
        return {"s": await _grantable(w, kind, level), "p": person(w, "participant")}

    return Write(
        "mutation($s: ID!, $p: ID!) { grantAccess(subjectId: $s, personId: $p) }",
        owners | ADMIN,  # an admin, but only on items the admin can see
        target,
        reads(kind),
        when_allowed=only_restricted_items_have_names,
    )


def revoke(kind: str, owners: frozenset[str]) -> Write:
    async def target(w: World, level: Level, role: str) -> Variables:
        return {"s": await _grantable(w, kind, level), "p": person(w, "named")}

    return Write(
        "mutation($s: ID!, $p: ID!) { revokeAccess(subjectId: $s, personId: $p) }",
        owners | ADMIN,
        target,
        reads(kind),
        when_allowed=only_restricted_items_have_names,
    )


async def _organization(w: World, level: Level, role: str) -> Variables:
    return {"input": {"name": f"Cooperative {next(_serial)}", "kind": "COOPERATIVE"}}


async def _person(w: World, level: Level, role: str) -> Variables:
    n = next(_serial)
    return {"input": {"name": "Thandi Mokoena", "email": f"thandi{n}@example.org"}}


async def _body(w: World, level: Level, role: str) -> Variables:
    n = next(_serial)
    return {"input": {"name": f"Working Group {n}", "slug": f"working-group-{n}",
                      "kind": "WORKING_GROUP", "quorum": 1}}  # fmt: skip


async def _add_member(w: World, level: Level, role: str) -> Variables:
    newcomer = await new_person(w)
    start = TODAY.isoformat()
    return {"input": {"bodyId": sc(w), "personId": w.gid("Person", newcomer.id),
                      "role": "MEMBER", "votingRights": True, "startDate": start}}  # fmt: skip


async def _end_membership(w: World, level: Level, role: str) -> Variables:
    leaving = await new_person(w)
    await Membership.create(
        person_id=leaving.id, body_id=w.bodies["sc"].id, role=MemberRole.MEMBER,
        voting_rights=True, start_date=TODAY - timedelta(days=30),
    )  # fmt: skip
    return {"b": sc(w), "p": w.gid("Person", leaving.id), "d": TODAY.isoformat()}


async def _someone_else(w: World, level: Level, role: str) -> Variables:
    other = await new_person(w)
    await mint_token(other, actor_id=None)
    return {"p": w.gid("Person", other.id)}


async def _integration(w: World, level: Level, role: str) -> Variables:
    account = await new_person(w)
    await Person.filter(id=account.id).update(is_integration=True)
    return {"p": w.gid("Person", account.id)}


async def _oneself(w: World, level: Level, role: str) -> Variables:
    return {"p": person(w, "participant" if role == "anonymous" else role)}


async def _schedule(w: World, level: Level, role: str) -> Variables:
    starts = (datetime.now(UTC) + timedelta(days=30)).isoformat()
    return {"input": {"bodyId": sc(w), "title": "Special meeting", "startsAt": starts,
                      "classification": level}}  # fmt: skip


async def _meeting(w: World, level: Level, role: str) -> Variables:
    assert level is not None
    return {"m": w.gid("Meeting", (await meeting_at(w, level)).id)}


async def _attendance(w: World, level: Level, role: str) -> Variables:
    assert level is not None
    return {"m": w.gid("Meeting", (await meeting_at(w, level)).id), "p": person(w, "member")}


async def _meeting_with(status: MinutesStatus, w: World, level: Level) -> Variables:
    assert level is not None
    return {"m": await meeting_with_minutes(w, level, status)}


async def _draft_minutes(w: World, level: Level, role: str) -> Variables:
    return await _meeting_with(MinutesStatus.DRAFT, w, level)


async def _circulated_minutes(w: World, level: Level, role: str) -> Variables:
    return await _meeting_with(MinutesStatus.CIRCULATED, w, level)


async def _propose(w: World, level: Level, role: str) -> Variables:
    assert level is not None
    meeting = await meeting_at(w, level)
    return {"input": {"meetingId": w.gid("Meeting", meeting.id), "title": "Adopt the plan",
                      "text": "That the plan be adopted.", "votingRule": "SIMPLE_MAJORITY",
                      "secretBallot": False, "classification": level}}  # fmt: skip


async def _draft_motion(w: World, level: Level, role: str) -> Variables:
    assert level is not None
    return {"m": await motion_in(w, level, MotionStatus.DRAFT)}


async def _open_motion(w: World, level: Level, role: str) -> Variables:
    assert level is not None
    return {"m": await motion_in(w, level, MotionStatus.OPEN), "p": person(w, "member")}


async def _record_decision(w: World, level: Level, role: str) -> Variables:
    return {"input": {"committeeId": sc(w), "title": "Adopt the water plan", "text": "Adopted.",
                      "decidedOn": TODAY.isoformat(), "classification": level}}  # fmt: skip


async def _decision(w: World, level: Level, role: str) -> Variables:
    assert level is not None
    return {"d": w.gid("Decision", (await decision_at(w, level)).id)}


async def _create_agreement(w: World, level: Level, role: str) -> Variables:
    party = w.gid("Organization", w.orgs["party"].id)
    return {"input": {"reference": f"MCPP-NEW-{next(_serial)}", "title": "Water services",
                      "classification": level, "governingBodyId": sc(w),
                      "parties": [{"organizationId": party, "role": "FUNDER"}]}}  # fmt: skip


async def _agreement(w: World, level: Level, role: str) -> Variables:
    assert level is not None
    return {
        "a": w.gid("Agreement", (await agreement_at(w, level)).id),
        "o": w.gid("Organization", w.orgs["party"].id),
    }


async def _commitment(w: World, level: Level, role: str) -> Variables:
    assert level is not None
    agreement = await agreement_at(w, level)
    commitment = await Commitment.create(
        agreement_id=agreement.id, party_id=w.orgs["party"].id, description="Fund the works."
    )
    return {"c": w.gid("Commitment", commitment.id)}


async def _draft_recommendation(w: World, level: Level, role: str) -> Variables:
    return {"input": {"boardId": w.gid("AdvisoryBoard", w.bodies["pab"].id),
                      "addressedToId": sc(w), "title": "Metering", "text": "Meter every house.",
                      "classification": level}}  # fmt: skip


async def _unsubmitted(w: World, level: Level, role: str) -> Variables:
    assert level is not None
    rec = await recommendation_at(w, level, RecommendationStatus.DRAFT)
    return {"r": w.gid("Recommendation", rec.id)}


async def _submitted(w: World, level: Level, role: str) -> Variables:
    assert level is not None
    return {"r": w.gid("Recommendation", (await recommendation_at(w, level)).id)}


async def _create_action_item(w: World, level: Level, role: str) -> Variables:
    return {"input": {"committeeId": sc(w), "title": "Repair the pumps",
                      "classification": level}}  # fmt: skip


def _action_item(owner: str) -> Target:
    async def target(w: World, level: Level, role: str) -> Variables:
        assert level is not None
        return {"a": w.gid("ActionItem", (await action_item_at(w, level, owner)).id)}

    return target


async def _draft_update(w: World, level: Level, role: str) -> Variables:
    return {"input": {"title": "Water restored", "body": "Service is back in Ward 4."}}


def _update(status: UpdateStatus) -> Target:
    async def target(w: World, level: Level, role: str) -> Variables:
        return {"u": w.gid("Update", (await update_in(w, status)).id)}

    return target


# --- results (issue 12)


async def _create_indicator(w: World, level: Level, role: str) -> Variables:
    return {"input": {"bodyId": sc(w), "code": f"W-KPI-{next(_serial)}",
                      "name": "Non-revenue water", "unit": "%", "direction": "MAINTAIN",
                      "frequency": "QUARTERLY", "target": 30.0, "classification": level}}  # fmt: skip


def _indicator(agreement: bool) -> Target:
    """A fresh indicator, tied to the world's agreement of its level (the party's) or to none."""

    async def target(w: World, level: Level, role: str) -> Variables:
        assert level is not None
        links = {} if agreement else {"agreement_id": None}
        indicator = await indicator_at(w, level, **links)
        return {"i": w.gid("Indicator", indicator.id)}

    return target


async def _create_plan(w: World, level: Level, role: str) -> Variables:
    return {"input": {"bodyId": sc(w), "title": "Three-month plan",
                      "periodStart": f"{TODAY.year}-01-01", "periodEnd": f"{TODAY.year}-03-31",
                      "classification": level}}  # fmt: skip


def _plan(status: ActionPlanStatus) -> Target:
    async def target(w: World, level: Level, role: str) -> Variables:
        assert level is not None
        return {"p": w.gid("ActionPlan", (await plan_at(w, level, status=status)).id)}

    return target


async def _action_in_plan(w: World, level: Level, role: str) -> Variables:
    assert level is not None
    plan = await plan_at(w, level)
    return {"input": {"committeeId": sc(w), "title": "Open the bank account",
                      "classification": "PUBLIC", "planId": w.gid("ActionPlan", plan.id)}}  # fmt: skip


def committee_reads(role: str, level: Level) -> bool:
    return level in COMMITTEE_ITEMS[role]


def officers_see_the_plan(role: str, level: Level) -> bool:
    """Who may not add actions to the committee is refused before the plan is looked up."""
    return role not in CHAIR_OR_SECRETARY or level in SEES["action_plan"][role]


NONE: tuple[Level, ...] = (None,)
COMMITTEE_OWNS = frozenset({"chair"})
BOTH_CHAIRS = frozenset({"chair", "board_chair"})

WRITES = {
    # --- administration: ADMIN
    "createOrganization": Write(
        "mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }",
        ADMIN, _organization, levels=NONE,
    ),
    "createPerson": Write(
        "mutation($input: CreatePersonInput!) { createPerson(input: $input) { id } }",
        ADMIN, _person, levels=NONE,
    ),
    "createBody": Write(
        "mutation($input: CreateBodyInput!) { createBody(input: $input) { id } }",
        ADMIN, _body, levels=NONE,
    ),
    "addMember": Write(
        "mutation($input: AddMemberInput!) { addMember(input: $input) { role } }",
        ADMIN, _add_member, levels=NONE,
    ),
    "endMembership": Write(
        "mutation($b: ID!, $p: ID!, $d: Date!) "
        "{ endMembership(bodyId: $b, personId: $p, endDate: $d) { endDate } }",
        ADMIN, _end_membership, levels=NONE,
    ),
    # Second release: an admin holding a person's token would read all that person reads,
    # so an admin issues tokens for integration accounts only, and nobody for another person.
    "issueApiToken(someone else)": Write(
        "mutation($p: ID!) { issueApiToken(personId: $p) { token } }",
        frozenset(), _someone_else, levels=NONE,
    ),
    "issueApiToken(integration account)": Write(
        "mutation($p: ID!) { issueApiToken(personId: $p) { token } }",
        ADMIN, _integration, levels=NONE,
    ),
    "issueApiToken(oneself)": Write(
        "mutation($p: ID!) { issueApiToken(personId: $p) { token } }",
        SIGNED_IN, _oneself, levels=NONE,
    ),
    "revokeApiTokens(someone else)": Write(
        "mutation($p: ID!) { revokeApiTokens(personId: $p) }", ADMIN, _someone_else, levels=NONE
    ),
    "revokeApiTokens(oneself)": Write(
        "mutation($p: ID!) { revokeApiTokens(personId: $p) }", SIGNED_IN, _oneself, levels=NONE
    ),
    # --- naming people on RESTRICTED items: the owning body's chair, or an admin who sees it
    **{f"grantAccess({kind})": grant(kind, COMMITTEE_OWNS)
       for kind in ("meeting", "agenda_item", "motion", "decision", "agreement", "action_item")},
    "grantAccess(recommendation)": grant("recommendation", BOTH_CHAIRS),
    **{f"revokeAccess({kind})": revoke(kind, COMMITTEE_OWNS)
       for kind in ("meeting", "agenda_item", "motion", "decision", "agreement", "action_item")},
    "revokeAccess(recommendation)": revoke("recommendation", BOTH_CHAIRS),
    # --- meetings and minutes: the body's chair or secretary; approval by the chair
    "scheduleMeeting": Write(
        "mutation($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id } }",
        CHAIR_OR_SECRETARY, _schedule,
    ),
    "addAgendaItem": Write(
        "mutation($m: ID!) { addAgendaItem(meetingId: $m, "
        "input: {title: \"Water tariffs\", classification: PUBLIC}) { id } }",
        CHAIR_OR_SECRETARY, _meeting, reads("meeting"),
    ),
    "recordAttendance": Write(
        "mutation($m: ID!, $p: ID!) { recordAttendance(meetingId: $m, "
        "entries: [{personId: $p, status: PRESENT}]) { id } }",
        CHAIR_OR_SECRETARY, _attendance, reads("meeting"),
    ),
    "saveMinutes": Write(
        "mutation($m: ID!) { saveMinutes(meetingId: $m, content: \"Present: all.\") { version } }",
        CHAIR_OR_SECRETARY, _meeting, reads("minutes"),
    ),
    "saveMinutesSections": Write(
        "mutation($m: ID!) { saveMinutesSections(meetingId: $m, sections: []) { version } }",
        CHAIR_OR_SECRETARY, _meeting, reads("minutes"),
    ),
    "circulateMinutes": Write(
        "mutation($m: ID!) { circulateMinutes(meetingId: $m) { status } }",
        CHAIR_OR_SECRETARY, _draft_minutes, reads("minutes"),
    ),
    "approveMinutes": Write(
        "mutation($m: ID!) { approveMinutes(meetingId: $m) { status } }",
        frozenset({"chair"}), _circulated_minutes, reads("minutes"),
    ),
    # --- motions and votes
    "proposeMotion": Write(
        "mutation($input: ProposeMotionInput!) { proposeMotion(input: $input) { id } }",
        frozenset({"member", "chair", "secretary"}), _propose, reads("meeting"),
    ),
    "openVoting": Write(
        "mutation($m: ID!) { openVoting(motionId: $m) { status } }",
        CHAIR_OR_SECRETARY, _draft_motion, reads("motion"),
    ),
    "castVote": Write(
        "mutation($m: ID!) { castVote(motionId: $m, choice: FOR) { status } }",
        frozenset({"member", "chair"}), _open_motion, reads("motion"),  # voting rights
    ),
    "recordVote": Write(
        "mutation($m: ID!, $p: ID!) { recordVote(motionId: $m, personId: $p, choice: FOR) "
        "{ status } }",
        CHAIR_OR_SECRETARY, _open_motion, reads("motion"),
    ),
    "closeVoting": Write(
        "mutation($m: ID!) { closeVoting(motionId: $m) { status } }",
        CHAIR_OR_SECRETARY, _open_motion, reads("motion"),
    ),
    "withdrawMotion": Write(
        "mutation($m: ID!) { withdrawMotion(motionId: $m) { status } }",
        CHAIR_OR_SECRETARY, _draft_motion, reads("motion"),
    ),
    # --- decisions: the committee's chair or secretary
    "recordDecision": Write(
        "mutation($input: RecordDecisionInput!) { recordDecision(input: $input) { reference } }",
        CHAIR_OR_SECRETARY, _record_decision,
    ),
    "revokeDecision": Write(
        "mutation($d: ID!) { revokeDecision(decisionId: $d, reason: \"Replaced.\") { status } }",
        CHAIR_OR_SECRETARY, _decision, reads("decision"),
    ),
    "setDecisionRelease": Write(
        "mutation($d: ID!) { setDecisionRelease(decisionId: $d, release: CLEARED_FOR_RELEASE) "
        "{ release } }",
        CHAIR_OR_SECRETARY, _decision, reads("decision"),
    ),
    # --- agreements: the governing committee's chair or secretary, or ADMIN
    "createAgreement": Write(
        "mutation($input: CreateAgreementInput!) { createAgreement(input: $input) { id } }",
        CHAIR_OR_SECRETARY | ADMIN, _create_agreement,
    ),
    "transitionAgreement": Write(
        "mutation($a: ID!) { transitionAgreement(agreementId: $a, status: SUSPENDED) { status } }",
        CHAIR_OR_SECRETARY | ADMIN, _agreement, reads("agreement"),
    ),
    "addCommitment": Write(
        "mutation($a: ID!, $o: ID!) { addCommitment(input: {agreementId: $a, partyId: $o, "
        "description: \"Fund the works.\"}) { id } }",
        CHAIR_OR_SECRETARY | ADMIN, _agreement, reads("agreement"),
    ),
    # the committed organization's people (the party's: they see it whatever the agreement's
    # classification), or the governing committee's chair or secretary
    "updateCommitmentStatus": Write(
        "mutation($c: ID!) { updateCommitmentStatus(commitmentId: $c, status: ON_TRACK) "
        "{ status } }",
        CHAIR_OR_SECRETARY | {"party"}, _commitment, reads("commitment"),
    ),
    # --- recommendations
    "draftRecommendation": Write(
        "mutation($input: DraftRecommendationInput!) { draftRecommendation(input: $input) "
        "{ id } }",
        BOARD, _draft_recommendation,  # a member of the advisory board
    ),
    "submitRecommendation": Write(
        "mutation($r: ID!) { submitRecommendation(recommendationId: $r) { status } }",
        frozenset({"board_chair"}), _unsubmitted, board_members,  # a draft is the board's alone
    ),
    "withdrawRecommendation": Write(
        "mutation($r: ID!) { withdrawRecommendation(recommendationId: $r) { status } }",
        frozenset({"board_chair"}), _submitted, reads("recommendation"),
    ),
    "respondToRecommendation": Write(
        "mutation($r: ID!) { respondToRecommendation(input: {recommendationId: $r, "
        "status: UNDER_REVIEW, text: \"We will study it.\"}) { status } }",
        CHAIR_OR_SECRETARY, _submitted, reads("recommendation"),  # of the addressed committee
    ),
    # --- action items
    "createActionItem": Write(
        "mutation($input: CreateActionItemInput!) { createActionItem(input: $input) { id } }",
        CHAIR_OR_SECRETARY, _create_action_item,
    ),
    # its owner (the participant's municipality), or the committee's chair or secretary
    "updateActionItemStatus(owned by an organization)": Write(
        "mutation($a: ID!) { updateActionItemStatus(actionItemId: $a, status: IN_PROGRESS) "
        "{ status } }",
        CHAIR_OR_SECRETARY | {"participant"}, _action_item("organization"), reads("action_item"),
    ),
    "updateActionItemStatus(owned by a person)": Write(
        "mutation($a: ID!) { updateActionItemStatus(actionItemId: $a, status: IN_PROGRESS) "
        "{ status } }",
        CHAIR_OR_SECRETARY | {"member"}, _action_item("member"),
        owned_by("member"),  # a RESTRICTED one too
    ),
    # owned by someone who sits on another body only: seen and reported on as its owner
    "updateActionItemStatus(owned by a non-member)": Write(
        "mutation($a: ID!) { updateActionItemStatus(actionItemId: $a, status: IN_PROGRESS) "
        "{ status } }",
        CHAIR_OR_SECRETARY | {"advisor"}, _action_item("advisor"),
        owned_by("advisor"),
    ),
    # --- results: the committee's chair or secretary; figures also from the agreement's parties
    "createIndicator": Write(
        "mutation($input: CreateIndicatorInput!) { createIndicator(input: $input) { id } }",
        CHAIR_OR_SECRETARY, _create_indicator,
    ),
    "recordMeasurement(the party's agreement)": Write(
        "mutation($i: ID!) { recordMeasurement(input: {indicatorId: $i, periodStart: "
        "\"2026-01-01\", periodEnd: \"2026-03-31\", value: 41.5}) { id } }",
        CHAIR_OR_SECRETARY | {"party"}, _indicator(agreement=True), reads("indicator"),
    ),
    "recordMeasurement(no agreement)": Write(
        "mutation($i: ID!) { recordMeasurement(input: {indicatorId: $i, periodStart: "
        "\"2026-01-01\", periodEnd: \"2026-03-31\", value: 41.5}) { id } }",
        CHAIR_OR_SECRETARY, _indicator(agreement=False), committee_reads,
    ),
    "createActionPlan": Write(
        "mutation($input: CreateActionPlanInput!) { createActionPlan(input: $input) { id } }",
        CHAIR_OR_SECRETARY, _create_plan,
    ),
    "transitionActionPlan": Write(
        "mutation($p: ID!) { transitionActionPlan(planId: $p, status: ADOPTED) { status } }",
        CHAIR_OR_SECRETARY, _plan(ActionPlanStatus.DRAFT), reads("action_plan"),
    ),
    # the adopting officers here; a member of the monitoring committee: tests/api/test_results.py
    "submitProgressReport": Write(
        "mutation($p: ID!) { submitProgressReport(input: {planId: $p, periodEnd: "
        f"\"{TODAY.year}-02-28\", summary: \"On course.\"}}) {{ id }} }}",
        CHAIR_OR_SECRETARY, _plan(ActionPlanStatus.ADOPTED), reads("action_plan"),
    ),
    "rollOverActionPlan": Write(
        "mutation($p: ID!) { rollOverActionPlan(planId: $p, periodEnd: "
        f"\"{TODAY.year}-06-30\") {{ id }} }}",
        CHAIR_OR_SECRETARY, _plan(ActionPlanStatus.ADOPTED), reads("action_plan"),
    ),
    "createActionItem(planId)": Write(
        "mutation($input: CreateActionItemInput!) { createActionItem(input: $input) { id } }",
        CHAIR_OR_SECRETARY, _action_in_plan, officers_see_the_plan,
    ),
    # --- communications: COMMUNICATIONS, approval by someone other than the author (comms)
    "draftUpdate": Write(
        "mutation($input: DraftUpdateInput!) { draftUpdate(input: $input) { id } }",
        COMMUNICATIONS, _draft_update, levels=NONE,
    ),
    "submitUpdate": Write(
        "mutation($u: ID!) { submitUpdate(updateId: $u) { status } }",
        COMMUNICATIONS, _update(UpdateStatus.DRAFT), communications_team, levels=NONE,
    ),
    "approveUpdate": Write(
        "mutation($u: ID!) { approveUpdate(updateId: $u) { status } }",
        frozenset({"comms2"}), _update(UpdateStatus.IN_REVIEW), communications_team,
        levels=NONE,
    ),
    "publishUpdate": Write(
        "mutation($u: ID!) { publishUpdate(updateId: $u) { status } }",
        COMMUNICATIONS, _update(UpdateStatus.APPROVED), communications_team, levels=NONE,
    ),
    "retractUpdate": Write(
        "mutation($u: ID!) { retractUpdate(updateId: $u, reason: \"Superseded.\") { status } }",
        COMMUNICATIONS, _update(UpdateStatus.PUBLISHED), levels=NONE,  # published: public
    ),
}  # fmt: skip


def cases() -> list[Any]:
    return [pytest.param(write, id=name) for name, write in WRITES.items()]


async def attempt(client: Any, world: World, write: Write, role: str, level: Level) -> str:
    variables = await write.target(world, level, role)
    result = await gql(client, write.document, variables, token=world.tokens[role])
    if result.ok:
        assert result.data is not None and all(v is not None for v in result.data.values())
        return OK
    return result.only_code()


@pytest.mark.parametrize("write", cases())
async def test_each_role_gets_the_answer_product_md_gives(client, write):
    """role -> the answer at each classification of the item named (PUBLIC … RESTRICTED)."""
    world = await build_world()
    await continue_registers(world)

    answers = {
        role: tuple([await attempt(client, world, write, role, level) for level in write.levels])
        for role in ROLES
    }

    expected = {
        role: tuple(write.expected(role, level) for level in write.levels) for role in ROLES
    }
    assert answers == expected
