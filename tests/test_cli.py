"""The command line as PRODUCT.md lists it, run the way an operator runs it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def operator(tmp_path_factory):
    database = tmp_path_factory.mktemp("cli") / "cli.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite://{database}",
        "SECRET_KEY": "cli-test-secret-key-0123456789abcdef",
    }

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "server", *args],
            cwd=ROOT,
            env=env,
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


def test_verify_audit_reports_an_intact_chain(operator):
    result = operator("verify-audit")
    assert result.returncode == 0, result.stderr
    assert "intact" in result.stdout


def test_serve_refuses_several_workers_on_sqlite(operator):
    result = operator("serve", "--workers", "4")
    assert result.returncode == 2
    assert "one worker" in result.stderr and "PostgreSQL" in result.stderr


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
