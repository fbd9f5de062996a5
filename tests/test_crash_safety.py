"""Crash safety: a server killed with SIGKILL in the middle of a burst of writes comes back on
the same database with its audit trail intact, the database consistent, and every write it
had acknowledged (a 200 with data and no errors) still there, each with its audit line.

Runs on SQLite, and on PostgreSQL when INDABA_TEST_DATABASE_URL is set (each run gets a
database of its own, dropped afterwards). Three rounds: burst, kill, restart, check.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.live import ROOT, LiveServer, _postgres_database, free_port

ROUNDS = 2
# Acknowledged writes a round waits for before the kill; the writers are still going then.
KILL_AFTER = 40

COMMITTEE = '{ body(slug: "mcpp-steering-committee") { id } }'
CREATE_ITEM = """mutation($committee: ID!, $title: String!) {
  createActionItem(input: {committeeId: $committee, title: $title, classification: INTERNAL}) {
    id title
  }
}"""
DRAFT = """mutation($title: String!) {
  draftUpdate(input: {title: $title, body: "Written as the server fell."}) { id title }
}"""
ORGANIZATION = """mutation($title: String!) {
  createOrganization(input: {name: $title, kind: NGO}) { id title: name }
}"""
# Who writes what: the mutation, its field in the answer, the table and the audit action
# its row and its audit line land in.
WRITERS = {
    "chair": (CREATE_ITEM, "createActionItem", "action_item", "title", "action_item.create"),
    "secretary": (CREATE_ITEM, "createActionItem", "action_item", "title", "action_item.create"),
    "comms": (DRAFT, "draftUpdate", "update", "title", "update.draft"),
    "comms2": (DRAFT, "draftUpdate", "update", "title", "update.draft"),
    "admin": (ORGANIZATION, "createOrganization", "organization", "name", "organization.create"),
}


@dataclass
class Node:
    """A server process on a database that outlives it."""

    server: LiveServer
    port: int
    log: Path
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "server", "serve", "--host", "127.0.0.1",
                 "--port", str(self.port)],
                cwd=ROOT, env=self.server.env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.server.url}/healthz", timeout=1).status_code == 200:
                    return
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(self.log.read_text())
            time.sleep(0.1)

    def kill(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def node(tmp_path: Path) -> Iterator[Node]:
    """The demo on a database of its own, served by a process this test may kill."""
    base = os.environ.get("INDABA_TEST_DATABASE_URL")
    pg_name = f"indaba_crash_{uuid.uuid4().hex[:8]}" if base else None
    if base and pg_name:
        database_url = _postgres_database(base, pg_name)
    else:
        database_url = f"sqlite://{tmp_path / 'crash.sqlite3'}"
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "crash-safety-secret-key-0123456789abcdef",
        "INDABA_AUDIT_KEY": "crash-safety-audit-key-0123456789abcdef",
        "INDABA_ENV": "development",
        "INDABA_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "INDABA_RATE_LIMIT": "0",  # a burst from five tokens: the limiter is not under test
        "PYTHONUNBUFFERED": "1",
    }
    server = LiveServer(f"http://127.0.0.1:{port}", database_url, env)
    for command in (("migrate",), ("demo",)):
        result = server.cli(*command)
        assert result.returncode == 0, result.stderr
    running = Node(server, port, tmp_path / "server.log")
    try:
        yield running
    finally:
        running.stop()
        if base and pg_name:
            _postgres_database(base, pg_name, drop=True)


@dataclass
class Burst:
    """Writers posting as fast as the server answers, each write under a unique title."""

    server: LiveServer
    tokens: dict[str, str]
    committee: str
    round: int
    acknowledged: list[tuple[str, str, str]] = field(default_factory=list)  # role, id, title
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)
    cut_off: int = 0  # writers whose request was in flight when the server died

    def write(self, role: str) -> None:
        query, answer_field, *_ = WRITERS[role]
        headers = {"Authorization": f"Bearer {self.tokens[role]}"}
        with httpx.Client(base_url=self.server.url, headers=headers, timeout=30) as http:
            n = 0
            while not self.stop.is_set():
                n += 1
                title = f"Crash {self.round}-{role}-{n}"
                variables: dict[str, Any] = {"title": title, "committee": self.committee}
                try:
                    response = http.post("/graphql", json={"query": query, "variables": variables})
                except httpx.HTTPError:
                    # The server is gone: what was not answered was not acknowledged.
                    with self.lock:
                        self.cut_off += 1
                    return
                body = response.json() if response.status_code == 200 else {}
                data = (body.get("data") or {}).get(answer_field)
                if body.get("errors") or not data:
                    continue
                assert data["title"] == title, body
                with self.lock:
                    self.acknowledged.append((role, data["id"], title))

    def count(self) -> int:
        with self.lock:
            return len(self.acknowledged)


def rows(database_url: str, sql: str) -> list[tuple[Any, ...]]:
    """What a SQL statement returns, read straight from the database."""
    if database_url.startswith("sqlite:"):
        path = database_url.removeprefix("sqlite://").split("?", 1)[0]
        with contextlib.closing(sqlite3.connect(path)) as connection:
            return connection.execute(sql).fetchall()

    async def fetch() -> list[tuple[Any, ...]]:
        import asyncpg

        connection = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
        try:
            return [tuple(record) for record in await connection.fetch(sql)]
        finally:
            await connection.close()

    return asyncio.run(fetch())


def assert_consistent(database_url: str) -> None:
    """The database's own checks, and every table readable to the end."""
    if database_url.startswith("sqlite:"):
        assert rows(database_url, "PRAGMA integrity_check") == [("ok",)]
        assert rows(database_url, "PRAGMA foreign_key_check") == []
        tables = [
            t for (t,) in rows(database_url, "SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
    else:
        tables = [
            t
            for (t,) in rows(
                database_url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            )
        ]
    assert "audit_event" in tables
    for table in tables:
        rows(database_url, f'SELECT * FROM "{table}"')  # a torn page would fail to read


def assert_present(
    server: LiveServer, tokens: dict[str, str], acknowledged: list[tuple[str, str, str]]
) -> None:
    """Each acknowledged write reads back, as its writer, with the title it was given."""
    fields = (
        "id ... on ActionItem { title } ... on Update { title } ... on Organization { title: name }"
    )
    for role in WRITERS:
        mine = [(global_id, title) for who, global_id, title in acknowledged if who == role]
        for start in range(0, len(mine), 12):  # two aliases each, under the limit of 30
            page = mine[start : start + 12]
            query = " ".join(
                f"n{i}: node(id: {json.dumps(global_id)}) {{ {fields} }}"
                for i, (global_id, _) in enumerate(page)
            )
            response = httpx.post(
                f"{server.url}/graphql",
                json={"query": "{ " + query + " }"},
                headers={"Authorization": f"Bearer {tokens[role]}"},
                timeout=30,
            )
            found = response.json()["data"]
            assert found is not None, response.text
            for i, (global_id, title) in enumerate(page):
                assert found[f"n{i}"] == {"id": global_id, "title": title}, (role, title, found)


def assert_each_row_audited(database_url: str) -> None:
    """No half-done write: every row the bursts created has its audit line, and no audit
    line names a row that is not there (a change and its line commit together or not at all)."""
    for table, column, action in {(w[2], w[3], w[4]) for w in WRITERS.values()}:
        subject = table
        missing = rows(
            database_url,
            f"SELECT t.id FROM \"{table}\" t WHERE t.{column} LIKE 'Crash %' AND NOT EXISTS ("
            f"SELECT 1 FROM audit_event a WHERE a.subject_type = '{subject}' "
            f"AND a.subject_id = t.id AND a.action = '{action}')",
        )
        assert missing == [], f"{table} rows without their audit line: {missing}"
        orphans = rows(
            database_url,
            f"SELECT a.seq FROM audit_event a WHERE a.action = '{action}' AND NOT EXISTS ("
            f'SELECT 1 FROM "{table}" t WHERE t.id = a.subject_id)',
        )
        assert orphans == [], f"audit lines for {table} rows that are not there: {orphans}"


def issue_tokens(server: LiveServer) -> dict[str, str]:
    """A token per writer, issued by the command line, in parallel."""
    processes = {
        role: subprocess.Popen(
            [sys.executable, "-m", "server", "issue-token", "--email", f"{role}@example.org"],
            cwd=ROOT,
            env=server.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for role in WRITERS
    }
    tokens = {}
    for role, process in processes.items():
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        tokens[role] = out.strip()
    return tokens


def verify_audit(server: LiveServer) -> str:
    result = server.cli("verify-audit")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Audit trail intact" in result.stdout
    return result.stdout


def test_a_killed_server_restarts_with_every_acknowledged_write(node: Node) -> None:
    server = node.server
    tokens = issue_tokens(server)
    node.start()
    committee = httpx.post(
        f"{server.url}/graphql", json={"query": COMMITTEE},
        headers={"Authorization": f"Bearer {tokens['chair']}"}, timeout=30,
    ).json()["data"]["body"]["id"]  # fmt: skip
    acknowledged: list[tuple[str, str, str]] = []
    for round_number in range(1, ROUNDS + 1):
        burst = Burst(server, tokens, committee, round_number)
        writers = [threading.Thread(target=burst.write, args=(role,)) for role in WRITERS]
        for writer in writers:
            writer.start()
        deadline = time.monotonic() + 60
        while burst.count() < KILL_AFTER and time.monotonic() < deadline:
            time.sleep(0.005)
        node.kill()  # mid-burst: five writers have requests in flight
        burst.stop.set()
        for writer in writers:
            writer.join(timeout=30)
        assert burst.count() >= KILL_AFTER, f"only {burst.count()} writes before the deadline"
        assert burst.cut_off > 0, "no write was in flight when the server was killed"
        acknowledged += burst.acknowledged

        node.start()  # the same database, the same port; the next round's burst shows that
        # nothing the dead process held (a lock, an open transaction) blocks the new one
        verify_audit(server)
        assert_consistent(server.database_url)
        assert_each_row_audited(server.database_url)
        assert_present(server, tokens, acknowledged)

    # The service takes writes again after its last restart, and the chain goes on intact.
    response = httpx.post(
        f"{server.url}/graphql",
        json={"query": DRAFT, "variables": {"title": "Crash over"}},
        headers={"Authorization": f"Bearer {tokens['comms']}"},
        timeout=30,
    ).json()
    assert response["data"]["draftUpdate"]["title"] == "Crash over", response
    verify_audit(server)
