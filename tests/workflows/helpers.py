"""Shared steps of the workflow tests: ids, calls that must succeed or fail, small bodies."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from governance.access import mint_token
from governance.enums import BodyKind, MemberRole
from governance.models import Body, Membership, Person, ReferenceCounter
from permissions import Viewer, load_viewer
from schema import ids
from tests.graphql import Result, gid, gql
from tests.world import TODAY, World, build_world


def pk(global_id: str) -> int:
    decoded = ids.decode(global_id)
    assert decoded is not None, global_id
    return decoded[1]


async def ok(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None, *, token: Any
) -> Any:
    """The call succeeds; its data."""
    result = await gql(client, query, variables, token=token)
    assert result.ok, result.errors
    return result.data


async def refused(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    token: Any,
) -> str:
    """The call fails with exactly one error and no data; its code."""
    result: Result = await gql(client, query, variables, token=token)
    assert result.errors, f"expected a refusal, got {result.data}"
    assert not any((result.data or {}).values()), result.data
    return result.only_code()


async def workflow_world() -> World:
    """The shared test world, with its register counters set to the rows it inserted directly.

    build_world() writes decisions SC-<year>-001..004 and recommendations
    PAB-R-<year>-001..004 and 099 as an import would, without drawing numbers; the
    service's counters are set to match so that new entries continue the register.
    """
    world = await build_world()
    year = TODAY.year
    await ReferenceCounter.create(
        scope=f"decision:{world.bodies['sc'].id}", year=year, last_number=4
    )
    await ReferenceCounter.create(
        scope=f"recommendation:{world.bodies['pab'].id}", year=year, last_number=99
    )
    return world


async def viewer(person: Person) -> Viewer:
    return await load_viewer(person)


@dataclass
class Panel:
    """A committee of voting members made for one test, each with an API token."""

    body: Body
    chair: Person
    secretary: Person
    voters: list[Person] = field(default_factory=list)  # chair first
    tokens: dict[int, str] = field(default_factory=dict)  # person id -> token

    @property
    def gid(self) -> str:
        return gid("AdvisoryBoard" if self.body.is_advisory else "Committee", self.body.id)

    def token(self, person: Person) -> str:
        return self.tokens[person.id]


async def panel(
    voters: int,
    *,
    quorum: int,
    prefix: str = "VR",
    kind: BodyKind = BodyKind.WORKING_GROUP,
    observers: int = 0,
) -> Panel:
    """A body with a voting chair, a non-voting secretary and `voters - 1` voting members."""
    n = await Body.all().count() + 1
    body = await Body.create(
        name=f"Panel {prefix} {n}", slug=f"panel-{prefix.lower()}-{n}", kind=kind,
        quorum=quorum, prefix=prefix,
    )  # fmt: skip
    start = TODAY - timedelta(days=30)

    async def person(label: str, role: MemberRole, voting: bool) -> Person:
        who = await Person.create(
            name=f"{prefix} {label}", email=f"{prefix.lower()}-{n}-{label}@example.org"
        )
        await Membership.create(
            person_id=who.id, body_id=body.id, role=role, voting_rights=voting, start_date=start
        )
        return who

    chair = await person("chair", MemberRole.CHAIR, True)
    secretary = await person("secretary", MemberRole.SECRETARY, False)
    made = Panel(body, chair, secretary, [chair])
    for i in range(1, voters):
        made.voters.append(await person(f"member{i}", MemberRole.MEMBER, True))
    for i in range(observers):
        await person(f"observer{i}", MemberRole.OBSERVER, False)
    for who in [chair, secretary, *made.voters[1:]]:
        made.tokens[who.id] = (await mint_token(who, actor_id=None)).token
    return made


def soon(days: int = 1) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


# ------------------------------------------------------------------ GraphQL operations

MOTION = """
  id status outcome votingRule secretBallot classification
  tally { cast for against abstain eligible present quorumMet }
  votes { voter { id } choice recordedBy { id } }
  decision { id reference status classification committee { id } }
"""
SCHEDULE = """mutation($input: ScheduleMeetingInput!) {
  scheduleMeeting(input: $input) { id title status classification quorumPresent body { id } }
}"""
ATTEND = """mutation($m: ID!, $e: [AttendanceInput!]!) {
  recordAttendance(meetingId: $m, entries: $e) {
    id quorumPresent attendance { person { id } status }
  }
}"""
PROPOSE = f"""mutation($input: ProposeMotionInput!) {{
  proposeMotion(input: $input) {{ {MOTION} }}
}}"""
OPEN = f"""mutation($id: ID!) {{ openVoting(motionId: $id) {{ {MOTION} }} }}"""
CAST = f"""mutation($id: ID!, $c: VoteChoice!) {{
  castVote(motionId: $id, choice: $c) {{ {MOTION} }}
}}"""
RECORD = f"""mutation($id: ID!, $p: ID!, $c: VoteChoice!) {{
  recordVote(motionId: $id, personId: $p, choice: $c) {{ {MOTION} }}
}}"""
CLOSE = f"""mutation($id: ID!) {{ closeVoting(motionId: $id) {{ {MOTION} }} }}"""
WITHDRAW = f"""mutation($id: ID!) {{ withdrawMotion(motionId: $id) {{ {MOTION} }} }}"""
MOTION_QUERY = f"""query($id: ID!) {{ node(id: $id) {{ ... on Motion {{ {MOTION} }} }} }}"""


def attendance(*entries: tuple[Person, str]) -> list[dict[str, str]]:
    return [{"personId": gid("Person", who.id), "status": status} for who, status in entries]


async def meeting_for(
    client: httpx.AsyncClient, made: Panel, classification: str = "PUBLIC"
) -> str:
    data = await ok(
        client,
        SCHEDULE,
        {
            "input": {
                "bodyId": made.gid,
                "title": "Panel meeting",
                "startsAt": soon(),
                "classification": classification,
            }
        },
        token=made.token(made.secretary),
    )
    return data["scheduleMeeting"]["id"]


async def motion_for(
    client: httpx.AsyncClient,
    made: Panel,
    meeting_id: str,
    rule: str,
    *,
    secret: bool = False,
    classification: str = "PUBLIC",
    title: str = "Adopt the water plan",
) -> str:
    data = await ok(
        client,
        PROPOSE,
        {
            "input": {
                "meetingId": meeting_id,
                "title": title,
                "text": "The committee adopts the water management plan.",
                "votingRule": rule,
                "secretBallot": secret,
                "classification": classification,
            }
        },
        token=made.token(made.secretary),
    )
    return data["proposeMotion"]["id"]


async def run_ballot(
    client: httpx.AsyncClient,
    made: Panel,
    rule: str,
    choices: list[str],
    *,
    present: int | None = None,
    secret: bool = False,
) -> dict[str, Any]:
    """Meeting, attendance, motion, open, each voter casts in turn through the API, close.

    `choices[i]` is voter i's vote ("" for no vote); `present` voters (default: all)
    are recorded PRESENT, the others APOLOGIES.
    """
    meeting_id = await meeting_for(client, made)
    present = len(made.voters) if present is None else present
    entries = [
        (who, "PRESENT" if i < present else "APOLOGIES") for i, who in enumerate(made.voters)
    ]
    await ok(
        client,
        ATTEND,
        {"m": meeting_id, "e": attendance(*entries)},
        token=made.token(made.secretary),
    )
    motion_id = await motion_for(client, made, meeting_id, rule, secret=secret)
    await ok(client, OPEN, {"id": motion_id}, token=made.token(made.chair))
    for who, choice in zip(made.voters, choices, strict=False):
        if choice:
            await ok(client, CAST, {"id": motion_id, "c": choice}, token=made.token(who))
    data = await ok(client, CLOSE, {"id": motion_id}, token=made.token(made.secretary))
    return data["closeVoting"]
