"""The audit trail: every change appends an event in its own transaction, refused changes
append nothing, confidential content is never quoted, and `python -m server verify-audit`
finds a row altered or removed by hand."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tortoise.connection import get_connection

from governance import audit
from governance.enums import Classification
from governance.models import AuditEvent
from tests.graphql import gql
from tests.workflows.helpers import gid, ok, refused, soon
from tests.workflows.helpers import workflow_world as build
from tests.world import day

C = Classification
ROOT = Path(__file__).resolve().parents[2]
SECRET_TITLE = "Retrenchment of the Sishen water crew"
EVENTS = """query($s: ID, $first: Int) {
  auditEvents(subjectId: $s, first: $first) {
    totalCount edges { node { action summary subjectId actor { id } at } }
  }
}"""


def cli(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "verify-audit-test-secret-key-0123456789abcdef",
        "INDABA_ENV": "test",
    }
    return subprocess.run(
        [sys.executable, "-m", "server", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


async def execute(sql: str) -> None:
    await get_connection("default").execute_script(sql)


async def test_each_change_is_recorded_with_actor_action_and_subject(client):
    world = await build()
    sc = gid("Committee", world.bodies["sc"].id)
    before = await AuditEvent.all().count()
    meeting = (
        await ok(
            client,
            "mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id } }",
            {
                "i": {
                    "bodyId": sc,
                    "title": "Budget meeting",
                    "startsAt": soon(),
                    "classification": "PUBLIC",
                }
            },
            token=world.tokens["secretary"],
        )
    )["scheduleMeeting"]["id"]
    await ok(
        client,
        'mutation($m: ID!) { saveMinutes(meetingId: $m, content: "Draft") { id } }',
        {"m": meeting},
        token=world.tokens["secretary"],
    )
    decision = (
        await ok(
            client,
            "mutation($i: RecordDecisionInput!) { recordDecision(input: $i) { id reference } }",
            {
                "i": {
                    "committeeId": sc,
                    "title": "Adopt the budget",
                    "text": "Adopted.",
                    "decidedOn": str(day()),
                    "classification": "PUBLIC",
                }
            },
            token=world.tokens["chair"],
        )
    )["recordDecision"]
    await ok(
        client,
        "mutation($a: ID!) { transitionAgreement(agreementId: $a, status: SUSPENDED) { id } }",
        {"a": gid("Agreement", world.agreements[C.PUBLIC].id)},
        token=world.tokens["chair"],
    )
    assert await AuditEvent.all().count() == before + 4

    events = await ok(client, EVENTS, {"first": 4}, token=world.tokens["admin"])
    newest_first = [e["node"] for e in events["auditEvents"]["edges"]]
    assert [e["action"] for e in newest_first] == [
        "agreement.transition",
        "decision.record",
        "minutes.save",
        "meeting.schedule",
    ]
    chair, secretary = (gid("Person", world.people[r].id) for r in ("chair", "secretary"))
    assert [e["actor"]["id"] for e in newest_first] == [chair, chair, secretary, secretary]
    assert newest_first[0]["subjectId"] == gid("Agreement", world.agreements[C.PUBLIC].id)
    assert newest_first[1]["subjectId"] == decision["id"]
    assert decision["reference"] in newest_first[1]["summary"]
    assert newest_first[3]["subjectId"] == meeting
    assert "ACTIVE → SUSPENDED" in newest_first[0]["summary"]

    by_subject = await ok(client, EVENTS, {"s": decision["id"]}, token=world.tokens["admin"])
    assert [e["node"]["action"] for e in by_subject["auditEvents"]["edges"]] == ["decision.record"]
    assert (await audit.verify()).ok


async def test_a_refused_change_records_nothing(client):
    world = await build()
    before = await AuditEvent.all().count()
    sc = gid("Committee", world.bodies["sc"].id)
    # Refused inside its transaction: the supersede target is no longer in force.
    await ok(
        client,
        'mutation($id: ID!) { revokeDecision(decisionId: $id, reason: "Void") { id } }',
        {"id": gid("Decision", world.decisions[C.PUBLIC].id)},
        token=world.tokens["chair"],
    )
    assert await AuditEvent.all().count() == before + 1
    code = await refused(
        client,
        "mutation($i: RecordDecisionInput!) { recordDecision(input: $i) { id } }",
        {"i": {"committeeId": sc, "title": "New", "text": "New.", "decidedOn": str(day()),
               "classification": "PUBLIC",
               "supersedesId": gid("Decision", world.decisions[C.PUBLIC].id)}},
        token=world.tokens["chair"],
    )  # fmt: skip
    assert code == "INVALID_TRANSITION"
    code = await refused(
        client,
        "mutation($a: ID!) { transitionAgreement(agreementId: $a, status: DRAFT) { id } }",
        {"a": gid("Agreement", world.agreements[C.PUBLIC].id)},
        token=world.tokens["chair"],
    )
    assert code == "INVALID_TRANSITION"
    code = await refused(
        client,
        "mutation($a: ID!) { transitionAgreement(agreementId: $a, status: SUSPENDED) { id } }",
        {"a": gid("Agreement", world.agreements[C.PUBLIC].id)},
        token=world.tokens["member"],
    )
    assert code == "FORBIDDEN"
    assert await AuditEvent.all().count() == before + 1


async def test_summaries_never_quote_confidential_content(client):
    world = await build()
    sc = gid("Committee", world.bodies["sc"].id)
    chair, secretary = world.tokens["chair"], world.tokens["secretary"]
    meeting = gid("Meeting", world.meetings[C.CONFIDENTIAL].id)
    await ok(
        client,
        "mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id } }",
        {"i": {"bodyId": sc, "title": SECRET_TITLE, "startsAt": soon(),
               "classification": "CONFIDENTIAL"}},
        token=secretary,
    )  # fmt: skip
    await ok(
        client,
        "mutation($m: ID!, $t: String!) { addAgendaItem(meetingId: $m, input: {title: $t, "
        "classification: RESTRICTED}) { id } }",
        {"m": meeting, "t": SECRET_TITLE},
        token=chair,
    )
    await ok(
        client,
        "mutation($i: ProposeMotionInput!) { proposeMotion(input: $i) { id } }",
        {"i": {"meetingId": meeting, "title": SECRET_TITLE, "text": SECRET_TITLE,
               "votingRule": "SIMPLE_MAJORITY", "secretBallot": False,
               "classification": "CONFIDENTIAL"}},
        token=secretary,
    )  # fmt: skip
    await ok(
        client,
        "mutation($i: RecordDecisionInput!) { recordDecision(input: $i) { id } }",
        {"i": {"committeeId": sc, "title": SECRET_TITLE, "text": SECRET_TITLE,
               "decidedOn": str(day()), "classification": "RESTRICTED"}},
        token=chair,
    )  # fmt: skip
    await ok(
        client,
        "mutation($i: CreateActionItemInput!) { createActionItem(input: $i) { id } }",
        {"i": {"committeeId": sc, "title": SECRET_TITLE, "classification": "CONFIDENTIAL"}},
        token=chair,
    )
    await ok(
        client,
        "mutation($i: CreateAgreementInput!) { createAgreement(input: $i) { id } }",
        {"i": {"reference": "MCPP-AGR-SECRET", "title": SECRET_TITLE,
               "classification": "CONFIDENTIAL", "governingBodyId": sc,
               "parties": [{"organizationId": gid("Organization", world.orgs["party"].id),
                            "role": "FUNDER"}]}},
        token=chair,
    )  # fmt: skip
    await ok(
        client,
        "mutation($i: DraftRecommendationInput!) { draftRecommendation(input: $i) { id } }",
        {"i": {"boardId": gid("AdvisoryBoard", world.bodies["pab"].id), "addressedToId": sc,
               "title": SECRET_TITLE, "text": SECRET_TITLE, "classification": "CONFIDENTIAL"}},
        token=world.tokens["advisor"],
    )  # fmt: skip
    await ok(
        client,
        "mutation($m: ID!, $c: String!) { saveMinutes(meetingId: $m, content: $c) { id } }",
        {"m": meeting, "c": SECRET_TITLE},
        token=secretary,
    )
    summaries = await AuditEvent.all().order_by("seq").values_list("action", "summary")
    recorded = {action for action, _ in summaries}
    assert {
        "meeting.schedule", "agenda.add", "motion.propose", "decision.record",
        "action_item.create", "agreement.create", "recommendation.draft", "minutes.save",
    } <= recorded  # fmt: skip
    leaks = [(a, s) for a, s in summaries if "Sishen" in s or "Retrenchment" in s]
    assert leaks == []


async def test_only_admins_read_the_audit_trail(client):
    world = await build()
    assert (await gql(client, EVENTS, {})).only_code() == "UNAUTHENTICATED"
    for role in ("participant", "chair", "comms"):
        result = await gql(client, EVENTS, {}, token=world.tokens[role])
        assert result.only_code() == "FORBIDDEN", role
    data = await ok(client, EVENTS, {}, token=world.tokens["admin"])
    assert data["auditEvents"]["totalCount"] >= 1


async def test_verify_audit_reports_a_row_edited_by_hand(client, database_url):
    world = await build()
    for level in (C.PUBLIC, C.INTERNAL):
        await ok(
            client,
            "mutation($a: ID!) { transitionAgreement(agreementId: $a, status: SUSPENDED) { id } }",
            {"a": gid("Agreement", world.agreements[level].id)},
            token=world.tokens["chair"],
        )
    total = await AuditEvent.all().count()
    assert total > 5

    intact = cli(database_url, "verify-audit")
    assert intact.returncode == 0, intact.stderr
    assert f"{total} events verified" in intact.stdout

    # Someone rewrites history in the database: which agreement moved, and who did it.
    await execute("UPDATE audit_event SET summary = 'MCPP-AGR-01: ACTIVE → EXPIRED' WHERE seq = 4")
    broken = cli(database_url, "verify-audit")
    assert broken.returncode != 0
    assert "event 4" in broken.stderr
    assert "altered" in broken.stderr
    await execute("UPDATE audit_event SET summary = 'x', actor_id = NULL WHERE seq = 2")
    assert (await audit.verify()).broken_at == 2  # the first broken link is named


async def test_verify_finds_removed_and_rehashed_rows(client):
    world = await build()
    for level in (C.PUBLIC, C.INTERNAL, C.CONFIDENTIAL):
        await ok(
            client,
            "mutation($a: ID!) { transitionAgreement(agreementId: $a, status: SUSPENDED) { id } }",
            {"a": gid("Agreement", world.agreements[level].id)},
            token=world.tokens["chair"],
        )
    total = await AuditEvent.all().count()
    assert (await audit.verify()).ok

    # An event altered and re-hashed by someone who knows the scheme: the next link breaks.
    event = await AuditEvent.get(seq=total - 2)
    event.summary = "Nothing happened"
    event.hash = audit._digest(event)
    await event.save()
    result = await audit.verify()
    assert (result.ok, result.broken_at) == (False, total - 1)

    # A row removed from the middle of the chain.
    await execute(f"DELETE FROM audit_event WHERE seq = {total - 4}")
    result = await audit.verify()
    assert (result.ok, result.broken_at) == (False, total - 4)
    assert "missing" in (result.reason or "")


async def test_verify_finds_the_last_rows_removed(client):
    world = await build()
    await ok(
        client,
        "mutation($a: ID!) { transitionAgreement(agreementId: $a, status: SUSPENDED) { id } }",
        {"a": gid("Agreement", world.agreements[C.PUBLIC].id)},
        token=world.tokens["chair"],
    )
    total = await AuditEvent.all().count()
    await execute(f"DELETE FROM audit_event WHERE seq = {total}")
    result = await audit.verify()
    assert (result.ok, result.broken_at) == (False, total)
    assert "removed" in (result.reason or "")


async def test_an_admin_reads_events_only_about_what_they_may_see(client):
    world = await build()
    sc = gid("Committee", world.bodies["sc"].id)
    recorded = {}
    for level in ("PUBLIC", "CONFIDENTIAL"):
        data = await ok(
            client,
            "mutation($i: RecordDecisionInput!) { recordDecision(input: $i) { id } }",
            {"i": {"committeeId": sc, "title": f"{level} ruling", "text": "Ruled.",
                   "decidedOn": str(day()), "classification": level}},
            token=world.tokens["chair"],
        )  # fmt: skip
        recorded[level] = data["recordDecision"]["id"]
    admin = world.tokens["admin"]
    public = await ok(client, EVENTS, {"s": recorded["PUBLIC"]}, token=admin)
    assert public["auditEvents"]["totalCount"] == 1
    hidden = await ok(client, EVENTS, {"s": recorded["CONFIDENTIAL"]}, token=admin)
    assert hidden["auditEvents"] == {"totalCount": 0, "edges": []}
    everything = await ok(client, EVENTS, {"first": 100}, token=admin)
    subjects = {e["node"]["subjectId"] for e in everything["auditEvents"]["edges"]}
    assert recorded["PUBLIC"] in subjects
    assert recorded["CONFIDENTIAL"] not in subjects
