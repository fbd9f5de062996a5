"""Open data: the public record in the Popolo standard (`/open-data/popolo.json`) and a page
that explains it (`/open-data`). PRODUCT.md, "Minutes, the public copy, exports".

Everything is read as the anonymous public reads it (permissions.ANONYMOUS), through the
same visibility layer as the API: public bodies and partner organizations, the people who
sit on a body (never an email), their memberships with posts (the role in the body) on
behalf of their organization, PUBLIC meetings as events, public motions with their vote
events (the counts, and for open ballots each vote), and the decisions released to the
public. Ids are the API's opaque global ids, so the file tells nothing of what is hidden
(database ids counted over hidden rows would).

Popolo has no decision: they come as `decisions`, an extension beside the standard's
collections, described on the /open-data page.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from governance.enums import MemberRole, MotionOutcome, MotionStatus, VoteChoice
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
from permissions import ANONYMOUS, visible
from schema import ids
from server.portal.rendering import Shown, page

LICENCE = {
    "name": "Creative Commons Attribution 4.0 International",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
OPTION = {VoteChoice.FOR: "yes", VoteChoice.AGAINST: "no", VoteChoice.ABSTAIN: "abstain"}
# Popolo says "pass" or "fail"; without a quorum the motion failed too.
RESULT = {
    MotionOutcome.ADOPTED: "pass",
    MotionOutcome.REJECTED: "fail",
    MotionOutcome.NO_QUORUM: "fail",
}
POST_LABEL = {
    MemberRole.CHAIR: "Chair",
    MemberRole.DEPUTY_CHAIR: "Deputy chair",
    MemberRole.SECRETARY: "Secretary",
    MemberRole.MEMBER: "Member",
    MemberRole.OBSERVER: "Observer",
}


def gid(type_name: str, row_id: int) -> str:
    return ids.encode(type_name, row_id)


def body_id(body: Body) -> str:
    return gid("AdvisoryBoard" if body.is_advisory else "Committee", body.id)


def post_id(body: Body, role: MemberRole) -> str:
    return f"{body_id(body)}/{role.value.lower()}"


def day(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        # Popolo dates take whole seconds.
        return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return value.isoformat()


async def popolo() -> dict[str, Any]:
    """The whole public record as one Popolo document, in a fixed number of statements."""
    bodies = await visible(ANONYMOUS, Body).order_by("name", "id")
    organizations = await visible(ANONYMOUS, Organization).order_by("name", "id")
    memberships = await visible(ANONYMOUS, Membership).order_by("body_id", "start_date", "id")
    people = (
        await visible(ANONYMOUS, Person)
        .filter(id__in=sorted({m.person_id for m in memberships}))
        .order_by("name", "id")
    )
    meetings = await visible(ANONYMOUS, Meeting).order_by("starts_at", "id")
    motions = await visible(ANONYMOUS, Motion).order_by("created_at", "id")
    votes = await visible(ANONYMOUS, Vote).order_by("cast_at", "id")
    tallies = await _tallies([m.id for m in motions])
    decisions = await visible(ANONYMOUS, Decision).order_by("decided_on", "id")
    by_body = {b.id: b for b in bodies}
    meeting_body = {m.id: by_body[m.body_id] for m in meetings if m.body_id in by_body}
    posts = sorted({(m.body_id, m.role) for m in memberships}, key=lambda p: (p[0], p[1].value))
    ballots: dict[int, list[Vote]] = {}
    for vote in votes:
        ballots.setdefault(vote.motion_id, []).append(vote)

    return {
        "meta": {
            "generator": "Indaba",
            "generated_at": day(datetime.now(UTC)),
            "license": LICENCE,
            "standard": "http://www.popoloproject.com/",
        },
        "organizations": [
            *(_body(b) for b in bodies),
            *(
                {
                    "id": gid("Organization", o.id),
                    "name": o.name,
                    "classification": o.kind.value.lower(),
                }
                for o in organizations
            ),
        ],
        "persons": [{"id": gid("Person", p.id), "name": p.name} for p in people],
        "posts": [
            {
                "id": post_id(by_body[body], role),
                "label": f"{POST_LABEL[role]}, {by_body[body].name}",
                "role": POST_LABEL[role],
                "organization_id": body_id(by_body[body]),
            }
            for body, role in posts
            if body in by_body
        ],
        "memberships": [
            _membership(m, by_body[m.body_id]) for m in memberships if m.body_id in by_body
        ],
        "events": [_event(m, meeting_body[m.id]) for m in meetings if m.id in meeting_body],
        "motions": [
            # A public motion's meeting shows too (permissions.kinds.MOTION): its body.
            _motion(m, meeting_body.get(m.meeting_id))
            for m in motions
        ],
        "vote_events": [
            _vote_event(m, meeting_body.get(m.meeting_id), tallies, ballots)
            for m in motions
            if m.status in (MotionStatus.OPEN, MotionStatus.CLOSED)
        ],
        "decisions": [_decision(d, by_body.get(d.committee_id)) for d in decisions],
    }


async def _tallies(motion_ids: list[int]) -> dict[int, Counter[VoteChoice]]:
    """Each motion's counts (secret ballots too: a count names nobody), one statement."""
    rows = await Vote.filter(motion_id__in=motion_ids).values_list("motion_id", "choice")
    tallies: dict[int, Counter[VoteChoice]] = {}
    for motion_id, choice in rows:
        tallies.setdefault(motion_id, Counter())[VoteChoice(choice)] += 1
    return tallies


def _body(body: Body) -> dict[str, Any]:
    found: dict[str, Any] = {
        "id": body_id(body),
        "name": body.name,
        "classification": body.kind.value.lower(),
        "identifiers": [{"scheme": "indaba-slug", "identifier": body.slug}],
    }
    if body.mandate:
        found["description"] = body.mandate
    return found


def _membership(membership: Membership, body: Body) -> dict[str, Any]:
    found: dict[str, Any] = {
        # Memberships have no id of their own in the API: the post, the person, the start.
        "id": "/".join(
            (
                post_id(body, membership.role),
                gid("Person", membership.person_id),
                membership.start_date.isoformat(),
            )
        ),
        "person_id": gid("Person", membership.person_id),
        "organization_id": body_id(body),
        "post_id": post_id(body, membership.role),
        "role": POST_LABEL[membership.role],
        "start_date": day(membership.start_date),
    }
    if membership.end_date is not None:
        found["end_date"] = day(membership.end_date)
    if membership.organization_id is not None:
        found["on_behalf_of_id"] = gid("Organization", membership.organization_id)
    if membership.constituency:
        found["label"] = membership.constituency
    return found


def _event(meeting: Meeting, body: Body) -> dict[str, Any]:
    found: dict[str, Any] = {
        "id": gid("Meeting", meeting.id),
        "name": meeting.title,
        "classification": "meeting",
        "start_date": day(meeting.starts_at),
        "organization_id": body_id(body),
        "status": meeting.status.value.lower(),
    }
    if meeting.ends_at is not None:
        found["end_date"] = day(meeting.ends_at)
    if meeting.location:
        found["location"] = {"name": meeting.location}
    return found


def _motion(motion: Motion, body: Body | None) -> dict[str, Any]:
    found: dict[str, Any] = {
        "id": gid("Motion", motion.id),
        "text": f"{motion.title}\n\n{motion.text}".strip(),
        "classification": "motion",
        "date": day(motion.opened_at or motion.created_at),
        "requirement": motion.voting_rule.value.lower().replace("_", " "),
    }
    if body is not None:
        found["organization_id"] = body_id(body)
    if motion.outcome in RESULT:
        found["result"] = RESULT[motion.outcome]
    if motion.proposer_id is not None:
        found["creator_id"] = gid("Person", motion.proposer_id)
    return found


def _vote_event(
    motion: Motion,
    body: Body | None,
    tallies: dict[int, Counter[VoteChoice]],
    ballots: dict[int, list[Vote]],
) -> dict[str, Any]:
    counts = tallies.get(motion.id, Counter())
    found: dict[str, Any] = {
        "id": f"{gid('Motion', motion.id)}/vote",
        "motion_id": gid("Motion", motion.id),
        "start_date": day(motion.opened_at),
        "counts": [{"option": OPTION[c], "value": counts.get(c, 0)} for c in VoteChoice],
        "votes": [
            {"voter_id": gid("Person", v.voter_id), "option": OPTION[v.choice]}
            for v in ballots.get(motion.id, [])
        ],
    }
    if body is not None:
        found["organization_id"] = body_id(body)
    if motion.closed_at is not None:
        found["end_date"] = day(motion.closed_at)
    if motion.outcome in RESULT:
        found["result"] = RESULT[motion.outcome]
    return found


def _decision(decision: Decision, body: Body | None) -> dict[str, Any]:
    found: dict[str, Any] = {
        "id": gid("Decision", decision.id),
        "identifier": decision.reference,
        "title": decision.title,
        "text": decision.text,
        "date": day(decision.decided_on),
        "status": decision.status.value.lower(),
    }
    if body is not None:
        found["organization_id"] = body_id(body)
    if decision.motion_id is not None:
        found["motion_id"] = gid("Motion", decision.motion_id)
    return found


async def popolo_json(_request: Request) -> Response:
    return JSONResponse(
        await popolo(),
        headers={
            "Cache-Control": "public, max-age=300",
            "Content-Disposition": 'inline; filename="popolo.json"',
        },
    )


@page
async def open_data_page(_request: Request) -> Shown:
    return Shown("public/open_data.html", {"licence": LICENCE})
