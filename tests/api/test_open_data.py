"""Open data (issue 13): /open-data/popolo.json is valid Popolo (checked against the
project's own draft-03 schemas, offline) and holds exactly what the anonymous public sees
through the API: the same meetings, motions and decisions, no classified word, no email."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from governance.enums import Classification, MotionOutcome, MotionStatus, VoteChoice
from governance.models import Membership, Vote
from tests.graphql import gql
from tests.world import build_world, motion_at

C = Classification
ROOT = Path(__file__).resolve().parents[2]
# The brief's copy beside the checkout when there is one, else the copy kept in tests/.
PUBLISHED = ROOT.parent / "shared" / "popolo"
POPOLO = PUBLISHED if PUBLISHED.is_dir() else ROOT / "tests" / "popolo"
COLLECTIONS = {
    "organizations": "organization",
    "persons": "person",
    "posts": "post",
    "memberships": "membership",
    "events": "event",
    "motions": "motion",
    "vote_events": "vote_event",
}


def validators() -> dict[str, Draft3Validator]:
    schemas = {p.stem: json.loads(p.read_text()) for p in POPOLO.glob("*.json")}
    registry: Registry = Registry().with_resources(
        (schema["id"], Resource(contents=schema, specification=DRAFT3))
        for schema in schemas.values()
    )
    return {name: Draft3Validator(schema, registry=registry) for name, schema in schemas.items()}


async def a_public_record():
    """The shared world, plus public motions: an open ballot with its votes, a secret one."""
    world = await build_world()
    meeting = world.meetings[C.PUBLIC]
    await Membership.filter(person_id=world.people["member"].id).update(constituency="Industry")
    shown = await motion_at(
        world, meeting, C.PUBLIC, "Adopt the water plan", status=MotionStatus.OPEN
    )
    secret = await motion_at(
        world, meeting, C.PUBLIC, "Elect the deputy chair", status=MotionStatus.OPEN,
        secret_ballot=True,
    )  # fmt: skip
    hidden = await motion_at(world, meeting, C.CONFIDENTIAL, status=MotionStatus.OPEN)
    now = datetime.now(UTC)
    for motion in (shown, secret, hidden):
        for person, choice in (("member", VoteChoice.FOR), ("chair", VoteChoice.AGAINST)):
            await Vote.create(
                motion_id=motion.id, voter_id=world.people[person].id, choice=choice, cast_at=now
            )
        motion.status, motion.outcome, motion.closed_at = (
            MotionStatus.CLOSED, MotionOutcome.REJECTED, now,
        )  # fmt: skip
        await motion.save()
    return world


async def test_the_file_is_valid_popolo(client):
    await a_public_record()
    answer = await client.get("/open-data/popolo.json")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/json")
    document = answer.json()
    checks = validators()
    for collection, schema in COLLECTIONS.items():
        assert document[collection], collection  # the world has some of each
        for item in document[collection]:
            errors = [e.message for e in checks[schema].iter_errors(item)]
            assert not errors, (collection, item, errors)
            for vote in item.get("votes", []):
                assert not list(checks["vote"].iter_errors(vote)), vote
            for count in item.get("counts", []):
                assert not list(checks["count"].iter_errors(count)), count
    assert document["meta"]["license"]["url"] == "https://creativecommons.org/licenses/by/4.0/"


async def test_it_holds_what_the_public_sees_and_nothing_else(client):
    await a_public_record()
    raw = (await client.get("/open-data/popolo.json")).text
    for word in ("INTERNAL", "CONFIDENTIAL", "RESTRICTED", "@example.org", "password"):
        assert word not in raw, word
    document = json.loads(raw)

    api = await gql(
        client,
        """{ meetings(first: 100) { edges { node { id motions { id } } } }
             decisions(first: 100) { edges { node { id reference } } } }""",
    )
    meetings = [e["node"] for e in api.data["meetings"]["edges"]]
    assert {e["id"] for e in document["events"]} == {m["id"] for m in meetings}
    assert {m["id"] for m in document["motions"]} == {
        motion["id"] for meeting in meetings for motion in meeting["motions"]
    }
    decisions = {e["node"]["id"] for e in api.data["decisions"]["edges"]}
    assert {d["id"] for d in document["decisions"]} == decisions

    events = {e["motion_id"]: e for e in document["vote_events"]}
    open_ballot = events[next(m["id"] for m in document["motions"] if "water plan" in m["text"])]
    assert {c["option"]: c["value"] for c in open_ballot["counts"]} == {
        "yes": 1, "no": 1, "abstain": 0,
    }  # fmt: skip
    assert sorted(v["option"] for v in open_ballot["votes"]) == ["no", "yes"]
    assert open_ballot["result"] == "fail"
    secret_ballot = events[next(m["id"] for m in document["motions"] if "deputy" in m["text"])]
    assert secret_ballot["votes"] == []  # counts only
    assert sum(c["value"] for c in secret_ballot["counts"]) == 2

    industry = [m for m in document["memberships"] if m.get("label") == "Industry"]
    assert industry and all(m["role"] == "Member" for m in industry)
    names = {p["name"] for p in document["persons"]}
    assert "Member Person" in names and all(set(p) == {"id", "name"} for p in document["persons"])


async def test_the_open_data_page_explains_the_file_and_its_licence(client):
    page = await client.get("/open-data")
    assert page.status_code == 200
    assert 'href="/open-data/popolo.json"' in page.text
    assert "Creative Commons Attribution 4.0 International" in page.text
    home = await client.get("/")
    assert 'href="/open-data"' in home.text
