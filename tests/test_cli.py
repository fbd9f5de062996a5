"""The command line as PRODUCT.md lists it, run the way an operator runs it."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def cli_database(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cli") / "cli.sqlite3"


@pytest.fixture(scope="module")
def operator(cli_database):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite://{cli_database}",
        "SECRET_KEY": "cli-test-secret-key-0123456789abcdef",
    }
    env.pop("INDABA_AUDIT_KEY", None)  # derived from SECRET_KEY, as in development

    def run(
        *args: str, stdin: str | None = None, audit_key: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "server", *args],
            cwd=ROOT,
            env=env if audit_key is None else {**env, "INDABA_AUDIT_KEY": audit_key},
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    return run


def test_migrate_then_demo_are_idempotent(operator):
    first = operator("migrate")
    assert first.returncode == 0, first.stderr
    again = operator("migrate")
    assert again.returncode == 0, again.stderr
    assert "Access policy up to date." in again.stdout

    loaded = operator("demo")
    assert loaded.returncode == 0, loaded.stderr
    assert "Demo programme loaded." in loaded.stdout
    assert "secretary@example.org" in loaded.stdout
    reloaded = operator("demo")
    assert "already present" in reloaded.stdout


def test_issue_token_prints_the_token_and_nothing_else(operator):
    result = operator("issue-token", "--email", "chair@example.org")
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"ind_[A-Za-z0-9_-]{40,}\n", result.stdout)
    unknown = operator("issue-token", "--email", "nobody@example.org")
    assert unknown.returncode == 1 and unknown.stdout == ""
    assert "nobody@example.org" in unknown.stderr


def test_create_admin_with_and_without_a_password(operator):
    created = operator(
        "create-admin",
        "--email",
        "ops@example.org",
        "--name",
        "Ops Admin",
        "--password",
        "a-long-password",
    )
    assert created.returncode == 0, created.stderr
    twice = operator(
        "create-admin",
        "--email",
        "ops@example.org",
        "--name",
        "Ops Admin",
        "--password",
        "a-long-password",
    )
    assert twice.returncode != 0 and "already has an account" in twice.stderr
    # Not a terminal and no --password: refuse rather than hang on a prompt.
    no_password = operator("create-admin", "--email", "x@example.org", "--name", "X", stdin="")
    assert no_password.returncode == 2 and "--password" in no_password.stderr


def test_create_admin_goes_through_the_service_and_its_rules(operator):
    # Denied: the service's own rules, as in the admin and the API.
    short = operator(
        "create-admin", "--email", "ops3@example.org", "--name", "Ops Three",
        "--password", "elevenchars",
    )  # fmt: skip
    assert short.returncode == 2
    assert short.stderr == "Choose a password of at least 12 characters.\n"
    bad_email = operator(
        "create-admin", "--email", "not-an-address", "--name", "Ops Three",
        "--password", "twelve chars",
    )  # fmt: skip
    assert bad_email.returncode == 2 and "email" in bad_email.stderr.lower()
    assert "Traceback" not in short.stderr + bad_email.stderr

    # Allowed: twelve characters are enough; the audit trail has the service's line.
    made = operator(
        "create-admin", "--email", "Ops3@Example.org", "--name", "Ops Three",
        "--password", "twelve chars",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "ops3@example.org created" in made.stdout  # the service's spelling of the address
    assert operator("verify-audit").returncode == 0


def test_verify_audit_reports_an_intact_chain(operator):
    result = operator("verify-audit")
    assert result.returncode == 0, result.stderr
    assert "intact" in result.stdout


HEAD = re.compile(r"^head (\d+):([0-9a-f]{64})$", re.MULTILINE)


def head_of(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    found = HEAD.search(result.stdout)
    assert found, result.stdout
    return f"{found[1]}:{found[2]}"


def test_verify_audit_prints_a_head_that_serves_as_a_checkpoint(operator):
    kept = head_of(operator("verify-audit"))
    held = operator("verify-audit", "--expect", kept)
    assert held.returncode == 0, held.stderr
    assert f"Checkpoint {kept} holds." in held.stdout
    # More events afterwards; the head line pasted whole is accepted too.
    operator("create-admin", "--email", "ops2@example.org", "--name", "Ops Two",
             "--password", "a-long-password")  # fmt: skip
    later = head_of(operator("verify-audit"))
    assert int(later.split(":")[0]) == int(kept.split(":")[0]) + 1
    assert operator("verify-audit", "--expect", f"head {kept}").returncode == 0

    position, digest = kept.split(":")
    other = f"{position}:{'0' * 64}"
    mismatch = operator("verify-audit", "--expect", other)
    assert mismatch.returncode == 1
    assert f"event {position}'s digest is now {digest}" in mismatch.stderr
    for malformed in (position, f"{position}:{digest[:40]}", f"-1:{digest}", "latest"):
        refused = operator("verify-audit", "--expect", malformed)
        assert refused.returncode == 2, malformed
        assert "--expect" in refused.stderr


def test_a_checkpoint_catches_a_tail_cut_by_the_database_owner(operator, cli_database):
    kept = head_of(operator("verify-audit"))
    position = int(kept.split(":")[0])
    # The owner of the file drops the guard, removes the last event and moves the head back.
    with sqlite3.connect(cli_database) as db:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            db.execute("DELETE FROM audit_event WHERE seq = ?", (position,))
        db.execute("DROP TRIGGER audit_event_no_delete")
        db.execute("DELETE FROM audit_event WHERE seq = ?", (position,))
        previous = db.execute(
            "SELECT hash FROM audit_event WHERE seq = ?", (position - 1,)
        ).fetchone()[0]
        db.execute("UPDATE audit_head SET seq = ?, hash = ?", (position - 1, previous))
    shorter = operator("verify-audit")
    assert head_of(shorter) == f"{position - 1}:{previous}"  # intact, and one event short
    cut = operator("verify-audit", "--expect", kept)
    assert cut.returncode == 1
    assert f"the trail ends at event {position - 1}" in cut.stderr


def test_verify_audit_with_another_key_names_the_key(operator):
    wrong = operator("verify-audit", audit_key="a-different-audit-key-0123456789abcdef")
    assert wrong.returncode == 1
    assert "INDABA_AUDIT_KEY" in wrong.stderr and "another audit key" in wrong.stderr
    assert "a-different-audit-key" not in wrong.stderr
    short = operator("verify-audit", audit_key="too-short")
    assert short.returncode == 2 and "INDABA_AUDIT_KEY must be at least 32" in short.stderr


def test_serve_refuses_several_workers_on_sqlite(operator):
    result = operator("serve", "--workers", "4")
    assert result.returncode == 2
    assert "one worker" in result.stderr and "PostgreSQL" in result.stderr


NOT_MIGRATED = "The database is not migrated yet: run `python -m server migrate` first.\n"
NEEDS_A_DATABASE = [
    ("demo",),
    ("issue-token", "--email", "chair@example.org"),
    ("create-admin", "--email", "ops@example.org", "--name", "Ops", "--password", "twelve chars"),
    ("verify-audit",),
    ("serve", "--port", "1"),  # refused before it would listen
]


def newcomer(database_url: str) -> Callable[..., subprocess.CompletedProcess[str]]:
    env = {**os.environ, "DATABASE_URL": database_url,
           "SECRET_KEY": "cli-test-secret-key-0123456789abcdef"}  # fmt: skip
    env.pop("INDABA_AUDIT_KEY", None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "server", *args], cwd=ROOT, env=env, capture_output=True,
            text=True, timeout=120, check=False, stdin=subprocess.DEVNULL,
        )  # fmt: skip

    return run


@pytest.mark.parametrize("command", NEEDS_A_DATABASE, ids=lambda c: c[0])
def test_an_unmigrated_sqlite_database_is_named_not_created(tmp_path, command):
    folder = tmp_path / "data"  # not there yet, as on a fresh checkout
    run = newcomer(f"sqlite://{folder / 'indaba.sqlite3'}")

    refused = run(*command)
    assert (refused.returncode, refused.stderr, refused.stdout) == (2, NOT_MIGRATED, "")
    assert not folder.exists()  # no empty database file, not even its folder

    # An empty file (left by an older release's attempt): the same line, not a traceback.
    folder.mkdir()
    (folder / "indaba.sqlite3").touch()
    refused = run(*command)
    assert (refused.returncode, refused.stderr) == (2, NOT_MIGRATED)


def test_after_migrate_the_commands_get_to_work(tmp_path):
    run = newcomer(f"sqlite://{tmp_path / 'data' / 'indaba.sqlite3'}")
    assert run("issue-token", "--email", "chair@example.org").stderr == NOT_MIGRATED

    migrated = run("migrate")
    assert migrated.returncode == 0, migrated.stderr
    nobody = run("issue-token", "--email", "chair@example.org")
    assert nobody.returncode == 1 and "Nobody has the email address" in nobody.stderr


@pytest.mark.skipif(
    not os.environ.get("INDABA_TEST_DATABASE_URL"), reason="needs PostgreSQL to make a database"
)
def test_an_unmigrated_postgresql_database_says_to_migrate_first():
    from tests.live import _postgres_database

    name = f"indaba_cli_{uuid.uuid4().hex[:8]}"
    run = newcomer(_postgres_database(os.environ["INDABA_TEST_DATABASE_URL"], name))
    try:
        for command in NEEDS_A_DATABASE:
            refused = run(*command)
            assert (refused.returncode, refused.stderr) == (2, NOT_MIGRATED), command
        migrated = run("migrate")
        assert migrated.returncode == 0, migrated.stderr
        nobody = run("issue-token", "--email", "chair@example.org")
        assert nobody.returncode == 1 and "Nobody has the email address" in nobody.stderr
    finally:
        _postgres_database(os.environ["INDABA_TEST_DATABASE_URL"], name, drop=True)


def test_export_schema_into_a_closed_pipe_exits_quietly():
    """`export-schema | head -1`: the reader leaves early. Closed here before anything is
    written, so the write meets the closed pipe whatever the pipe's size."""
    process = subprocess.Popen(
        [sys.executable, "-m", "server", "export-schema"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None
    process.stdout.close()
    _, stderr = process.communicate(timeout=120)
    assert (process.returncode, stderr) == (0, b"")

    # ... and read whole, it is the schema.
    whole = subprocess.run(
        [sys.executable, "-m", "server", "export-schema"], cwd=ROOT, capture_output=True,
        text=True, timeout=120, check=True,
    )  # fmt: skip
    assert "type Query {" in whole.stdout


def test_production_without_a_secret_key_says_what_to_do(operator):
    result = subprocess.run(
        [sys.executable, "-m", "server", "export-schema"],
        cwd=ROOT,
        env={**os.environ, "INDABA_ENV": "production", "SECRET_KEY": ""},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "SECRET_KEY is required" in result.stderr


# The first release's database, as it stands before the upgrade: migrations up to 0001,
# and a trail chained with plain SHA-256 (written here with the first release's digest).
FIRST_RELEASE = """
import asyncio, sys
from datetime import UTC, datetime
from tortoise import Tortoise
from tortoise.connection import get_connection
from tortoise.migrations.api import migrate
from governance import audit
from governance.models import AuditEvent
from server.database import tortoise_config

async def main(url):
    await migrate(config=tortoise_config(url), target="models.0001_initial")
    await Tortoise.init(config=tortoise_config(url))
    previous = audit.GENESIS
    for seq in (1, 2, 3):
        event = AuditEvent(seq=seq, at=datetime(2025, 3, seq, tzinfo=UTC), action="demo.load",
                           summary=f"Event {seq}", prev_hash=previous)
        event.hash = previous = audit._digest(event, legacy=True)
        await event.save()
    await get_connection("default").execute_query(
        "INSERT INTO audit_head (id, seq, hash) VALUES (1, 3, ?)", [previous])
    await Tortoise.close_connections()

asyncio.run(main(sys.argv[1]))
"""


def test_upgrading_a_first_release_database_rekeys_its_trail(tmp_path):
    url = f"sqlite://{tmp_path / 'first-release.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "upgrade-secret-key-0123456789abcdef"}
    env.pop("INDABA_AUDIT_KEY", None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True,
            timeout=120, check=False,
        )  # fmt: skip

    written = run("-c", FIRST_RELEASE, url)
    assert written.returncode == 0, written.stderr
    upgraded = run("-m", "server", "migrate")
    assert upgraded.returncode == 0, upgraded.stderr[-2000:]
    assert "re-keyed: 3 events from the first release's unkeyed SHA-256 chain" in upgraded.stdout
    verified = run("-m", "server", "verify-audit")
    assert verified.returncode == 0, verified.stderr
    assert "4 events verified" in verified.stdout
