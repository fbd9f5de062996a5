"""The audit trail: every change appends an event in its own transaction, refused changes
append nothing, confidential content is never quoted, the database refuses to rewrite it,
and `python -m server verify-audit` finds a row altered or removed by hand (HMAC digests
keyed with INDABA_AUDIT_KEY), and with `--expect` a cut tail or an emptied table."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.connection import get_connection
from tortoise.transactions import in_transaction

from governance import audit
from governance.enums import Classification
from governance.models import Agreement, AuditEvent, AuditHead
from tests.graphql import gid, gql
from tests.workflows.helpers import ok, refused, soon
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


OTHER_KEY = "another-audit-key-that-is-long-enough-0123456789"
HEAD = re.compile(r"^head (\d+):([0-9a-f]{64})$", re.MULTILINE)


@pytest.fixture
def cli(database_url, settings):
    """`python -m server …` as the operator runs it, on the tests' database and audit key."""

    def run(*args: str, key: str = settings.audit_key) -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "verify-audit-test-secret-key-0123456789abcdef",
            "INDABA_AUDIT_KEY": key,
            "INDABA_ENV": "test",
        }
        return subprocess.run(
            [sys.executable, "-m", "server", *args],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip

    return run


def printed_head(result: subprocess.CompletedProcess[str]) -> str:
    """The `head N:DIGEST` line verify-audit prints, as an operator copies it."""
    assert result.returncode == 0, result.stderr
    found = HEAD.search(result.stdout)
    assert found, result.stdout
    return f"{found[1]}:{found[2]}"


async def execute(sql: str) -> None:
    await get_connection("default").execute_script(sql)


@asynccontextmanager
async def as_database_owner() -> AsyncIterator[None]:
    """Tamper as whoever owns the database can: switch the append-only triggers off first
    (PostgreSQL: disable them; SQLite: drop them), and put them back afterwards."""
    connection = get_connection("default")
    if connection.capabilities.dialect == "postgres":
        await execute("ALTER TABLE audit_event DISABLE TRIGGER USER")
        try:
            yield
        finally:
            await execute("ALTER TABLE audit_event ENABLE TRIGGER USER")
        return
    # The append-only guards (migration 0003); the record version's triggers (0006) stay.
    triggers = await connection.execute_query_dict(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_event'"
        " AND name LIKE 'audit_event_no_%'"
    )
    assert len(triggers) == 2, triggers  # UPDATE and DELETE are both guarded
    await execute("".join(f'DROP TRIGGER "{t["name"]}";' for t in triggers))
    try:
        yield
    finally:
        await execute("".join(f"{t['sql']};" for t in triggers))


@asynccontextmanager
async def rekey_permit() -> AsyncIterator[BaseDBAsyncClient]:
    """A transaction carrying the PostgreSQL setting the re-key's UPDATEs pass with."""
    async with in_transaction() as connection:
        await connection.execute_script("SET LOCAL indaba.audit_rekey = 'on'")
        yield connection


async def suspend(client, world, *levels: Classification) -> None:
    """One audited change per agreement: suspend it."""
    for level in levels:
        await ok(
            client,
            "mutation($a: ID!) { transitionAgreement(agreementId: $a, status: SUSPENDED) { id } }",
            {"a": gid("Agreement", world.agreements[level].id)},
            token=world.tokens["chair"],
        )


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


async def test_the_database_refuses_to_update_or_delete_audit_rows(client):
    world = await build()
    await suspend(client, world, C.PUBLIC)
    before = await AuditEvent.all().order_by("seq").values_list("seq", "summary", "hash")
    assert len(before) > 1
    postgres = get_connection("default").capabilities.dialect == "postgres"

    # Denied: a plain UPDATE, DELETE (and on PostgreSQL TRUNCATE), whoever sends it.
    with pytest.raises(Exception, match="append-only: UPDATE refused"):
        await execute("UPDATE audit_event SET summary = 'Nothing happened' WHERE seq = 1")
    with pytest.raises(Exception, match="append-only: DELETE refused"):
        await execute("DELETE FROM audit_event WHERE seq = 1")
    if postgres:
        with pytest.raises(Exception, match="append-only: TRUNCATE refused"):
            await execute("TRUNCATE audit_event")
        # The re-key's permit lets its UPDATEs through, in its own transaction only; it
        # never lets a DELETE through.
        with pytest.raises(Exception, match="append-only: DELETE refused"):
            async with rekey_permit() as connection:
                await connection.execute_script("DELETE FROM audit_event WHERE seq = 1")
    assert await AuditEvent.all().order_by("seq").values_list("seq", "summary", "hash") == before
    assert (await audit.verify()).ok

    # Allowed: the owner who switches the guard off first, and verification then says so.
    async with as_database_owner():
        await execute("UPDATE audit_event SET summary = 'Nothing happened' WHERE seq = 1")
    assert (await audit.verify()).broken_at == 1
    if postgres:
        async with rekey_permit() as connection:
            await connection.execute_script(
                "UPDATE audit_event SET summary = 'Re-keyed' WHERE seq = 2"
            )
        assert await AuditEvent.filter(seq=2).values_list("summary", flat=True) == ["Re-keyed"]
        with pytest.raises(Exception, match="append-only: UPDATE refused"):  # it lapsed
            await execute("UPDATE audit_event SET summary = 'Again' WHERE seq = 2")


async def test_verify_audit_reports_a_row_edited_by_hand(client, cli):
    world = await build()
    await suspend(client, world, C.PUBLIC, C.INTERNAL)
    total = await AuditEvent.all().count()
    assert total > 5

    intact = cli("verify-audit")
    assert intact.returncode == 0, intact.stderr
    assert f"{total} events verified" in intact.stdout
    last = await AuditEvent.get(seq=total)
    assert printed_head(intact) == f"{total}:{last.hash}"

    # Someone rewrites history in the database: which agreement moved, and who did it.
    async with as_database_owner():
        await execute(
            "UPDATE audit_event SET summary = 'MCPP-AGR-01: ACTIVE → EXPIRED' WHERE seq = 4"
        )
    broken = cli("verify-audit")
    assert broken.returncode == 1
    assert "event 4" in broken.stderr
    assert "altered" in broken.stderr
    assert "head" not in broken.stdout
    async with as_database_owner():
        await execute("UPDATE audit_event SET summary = 'x', actor_id = NULL WHERE seq = 2")
    assert (await audit.verify()).broken_at == 2  # the first broken link is named


async def test_verify_finds_removed_and_rehashed_rows(client):
    world = await build()
    await suspend(client, world, C.PUBLIC, C.INTERNAL, C.CONFIDENTIAL)
    total = await AuditEvent.all().count()
    assert (await audit.verify()).ok

    # An event altered and re-hashed by someone who knows the scheme and holds the key:
    # the next link breaks.
    event = await AuditEvent.get(seq=total - 2)
    event.summary = "Nothing happened"
    event.hash = audit._digest(event)
    async with as_database_owner():
        await event.save()
    result = await audit.verify()
    assert (result.ok, result.broken_at) == (False, total - 1)

    # A row removed from the middle of the chain.
    async with as_database_owner():
        await execute(f"DELETE FROM audit_event WHERE seq = {total - 4}")
    result = await audit.verify()
    assert (result.ok, result.broken_at) == (False, total - 4)
    assert "missing" in (result.reason or "")


async def test_a_digest_recomputed_without_the_key_is_caught_at_that_event(client):
    world = await build()
    await suspend(client, world, C.PUBLIC)
    total = await AuditEvent.all().count()
    # Whoever can write to the database but lacks INDABA_AUDIT_KEY can still compute the
    # first release's plain SHA-256 digest of an altered row, and of every later link.
    previous = ""
    async with as_database_owner():
        for event in await AuditEvent.filter(seq__gte=2).order_by("seq"):
            if event.seq == 2:
                event.summary = "Nothing happened"
            else:
                event.prev_hash = previous
            event.hash = previous = audit._digest(event, legacy=True)
            await event.save()
        await AuditHead.filter(id=1).update(hash=previous)
    result = await audit.verify()
    assert (result.ok, result.broken_at) == (False, 2)
    assert result.reason == "event 2 was altered after it was written"
    assert total > 2


async def test_verify_finds_the_last_rows_removed(client):
    world = await build()
    await suspend(client, world, C.PUBLIC)
    total = await AuditEvent.all().count()
    async with as_database_owner():
        await execute(f"DELETE FROM audit_event WHERE seq = {total}")
    result = await audit.verify()
    assert (result.ok, result.broken_at) == (False, total)
    assert "removed" in (result.reason or "")


async def resign_after(seq: int) -> None:
    """What someone holding the key could do: recompute every link after `seq` and the head."""
    previous = (await AuditEvent.get(seq=seq)).hash
    for event in await AuditEvent.filter(seq__gt=seq).order_by("seq"):
        event.prev_hash = previous
        event.hash = previous = audit._digest(event)
        await event.save()
    await AuditHead.filter(id=1).update(hash=previous)


async def test_a_checkpoint_catches_a_rewritten_history_a_cut_tail_and_an_emptied_trail(
    client, cli
):
    world = await build()
    await suspend(client, world, C.PUBLIC)
    kept = printed_head(cli("verify-audit"))  # copied into the minutes
    position = int(kept.split(":")[0])
    held = cli("verify-audit", "--expect", kept)
    assert held.returncode == 0, held.stderr
    assert f"Checkpoint {kept} holds." in held.stdout

    # More events afterwards: the checkpoint still holds.
    await suspend(client, world, C.INTERNAL)
    assert cli("verify-audit", "--expect", kept).returncode == 0

    # History rewritten by someone holding the key: the chain verifies, the checkpoint not.
    async with as_database_owner():
        await execute("UPDATE audit_event SET summary = 'Nothing happened' WHERE seq = 2")
        await resign_after(1)
    assert cli("verify-audit").returncode == 0
    rewritten = cli("verify-audit", "--expect", kept)
    assert rewritten.returncode == 1
    assert f"Checkpoint {kept} not confirmed" in rewritten.stderr
    assert f"the history up to event {position} was rewritten" in rewritten.stderr

    # The tail cut and the head moved back: intact, shorter, and the checkpoint is gone.
    kept = printed_head(cli("verify-audit"))
    total = int(kept.split(":")[0])
    async with as_database_owner():
        await execute(f"DELETE FROM audit_event WHERE seq > {total - 2}")
    last = await AuditEvent.get(seq=total - 2)
    await AuditHead.filter(id=1).update(seq=last.seq, hash=last.hash)
    assert printed_head(cli("verify-audit")) == f"{last.seq}:{last.hash}"
    cut = cli("verify-audit", "--expect", kept)
    assert cut.returncode == 1
    assert f"the trail ends at event {total - 2}: event {total} and any after it were removed" in (
        cut.stderr
    )

    # The events emptied: the head alone says so; the head emptied too: the checkpoint says so.
    kept = printed_head(cli("verify-audit"))
    async with as_database_owner():
        await execute("DELETE FROM audit_event")
    emptied = cli("verify-audit")
    assert emptied.returncode == 1 and "removed from the end" in emptied.stderr
    await execute("DELETE FROM audit_head")
    assert printed_head(cli("verify-audit")) == f"0:{audit.GENESIS}"
    gone = cli("verify-audit", "--expect", kept)
    assert gone.returncode == 1
    assert "the trail is empty" in gone.stderr


def test_a_malformed_checkpoint_is_refused_before_anything_runs(cli):
    digest = "a" * 64
    for malformed in ("12", f"x:{digest}", f"0:{digest}", f"3:{digest[:-1]}", f"3:{'g' * 64}"):
        result = cli("verify-audit", "--expect", malformed)
        assert result.returncode == 2, malformed
        assert "N:DIGEST" in result.stderr or "DIGEST must be" in result.stderr, result.stderr
        assert "intact" not in result.stdout


async def test_a_wrong_audit_key_fails_verification_naming_the_key(client, cli, settings):
    world = await build()
    await suspend(client, world, C.PUBLIC)
    assert cli("verify-audit").returncode == 0
    wrong = cli("verify-audit", key=OTHER_KEY)
    assert wrong.returncode == 1
    assert "INDABA_AUDIT_KEY" in wrong.stderr
    assert OTHER_KEY not in wrong.stderr + wrong.stdout
    assert settings.audit_key not in wrong.stderr + wrong.stdout


async def test_nothing_is_appended_to_a_chain_under_another_key(client):
    world = await build()
    agreement = world.agreements[C.PUBLIC]
    before = await AuditEvent.all().count()
    # Denied: the trail's head names another key (the operator changed INDABA_AUDIT_KEY
    # without re-keying); the change is refused whole rather than audited unverifiably.
    await AuditHead.filter(id=1).update(key_id="0123456789abcdef")
    code = await refused(
        client,
        "mutation($a: ID!) { transitionAgreement(agreementId: $a, status: SUSPENDED) { id } }",
        {"a": gid("Agreement", agreement.id)},
        token=world.tokens["chair"],
    )
    assert code == "INTERNAL"
    assert await AuditEvent.all().count() == before
    assert (await Agreement.get(id=agreement.id)).status == "ACTIVE"
    # Allowed once the head is this key's again.
    await AuditHead.filter(id=1).update(key_id=audit.key_id())
    await suspend(client, world, C.PUBLIC)
    assert await AuditEvent.all().count() == before + 1


async def write_first_release_chain(count: int) -> None:
    """Rows as the first release wrote them: plain SHA-256 links, a head with no key id."""
    previous, start = audit.GENESIS, datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    for seq in range(1, count + 1):
        event = AuditEvent(
            seq=seq, at=start + timedelta(minutes=seq), actor_id=None, action="person.create",
            summary=f"Created person {seq}", subject_type="person", subject_id=seq,
            prev_hash=previous,
        )  # fmt: skip
        event.hash = previous = audit._digest(event, legacy=True)
        await event.save()
    await AuditHead.create(id=1, seq=count, hash=previous, key_id="")


async def test_migrate_rekeys_a_first_release_chain_once_and_records_it(cli):
    await write_first_release_chain(7)
    result = await audit.verify()
    assert not result.ok and "first release" in (result.reason or "")

    migrated = cli("migrate")
    assert migrated.returncode == 0, migrated.stderr
    assert (
        "Audit trail re-keyed: 7 events from the first release's unkeyed SHA-256 chain "
        "(verified first)." in migrated.stdout
    )
    result = await audit.verify()
    assert (result.ok, result.checked) == (True, 8)
    rekey = await AuditEvent.get(seq=8)
    assert rekey.action == "audit.rekey"
    assert "7 events from the first release's unkeyed SHA-256 chain" in rekey.summary
    assert (await AuditHead.get(id=1)).key_id == audit.key_id()
    assert cli("verify-audit").returncode == 0

    again = cli("migrate")
    assert again.returncode == 0, again.stderr
    assert "re-keyed" not in again.stdout
    assert await AuditEvent.all().count() == 8


async def test_migrate_refuses_to_rekey_a_tampered_first_release_chain(cli):
    await write_first_release_chain(5)
    async with as_database_owner():
        await execute("UPDATE audit_event SET summary = 'Nothing happened' WHERE seq = 3")
    before = await AuditEvent.all().order_by("seq").values_list("hash", flat=True)

    refused_ = cli("migrate")
    assert refused_.returncode == 2
    assert "was not re-keyed: it does not verify (event 3 was altered" in refused_.stderr
    assert "--rekey-unverified" in refused_.stderr
    assert await AuditEvent.all().order_by("seq").values_list("hash", flat=True) == before

    forced = cli("migrate", "--rekey-unverified")
    assert forced.returncode == 0, forced.stderr
    assert "(NOT verified)" in forced.stdout
    assert (await audit.verify()).ok
    assert (
        "NOT verified: it does not verify (event 3 was altered"
        in (await AuditEvent.get(seq=6)).summary
    )


async def test_migrate_rekeys_from_a_key_it_cannot_check_only_when_told(client, cli):
    world = await build()
    await suspend(client, world, C.PUBLIC)
    total = await AuditEvent.all().count()

    # Denied: the operator replaced INDABA_AUDIT_KEY; the old key is not here to verify.
    refused_ = cli("migrate", key=OTHER_KEY)
    assert refused_.returncode == 2
    assert f"HMAC key id {audit.key_id()}, which is not here to verify it" in refused_.stderr
    assert "--rekey-unverified" in refused_.stderr
    assert cli("verify-audit", key=OTHER_KEY).returncode == 1
    assert cli("verify-audit").returncode == 0  # untouched: the old key still verifies it

    # Allowed when asked for, and recorded as unverified.
    forced = cli("migrate", "--rekey-unverified", key=OTHER_KEY)
    assert forced.returncode == 0, forced.stderr
    assert f"Audit trail re-keyed: {total} events from HMAC key id" in forced.stdout
    assert cli("verify-audit", key=OTHER_KEY).returncode == 0
    old = cli("verify-audit")
    assert old.returncode == 1 and "INDABA_AUDIT_KEY" in old.stderr
    rekey = await AuditEvent.get(seq=total + 1)
    assert (rekey.action, "NOT verified" in rekey.summary) == ("audit.rekey", True)
    assert cli("migrate", key=OTHER_KEY).stdout.count("re-keyed") == 0


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
