"""SQLite: the server's writes and the operator's CLI share one file without "database is locked".

The first release's CLI (`issue-token`, `demo`) run beside a busy server made 3 of 450 writes
fail with INTERNAL: a transaction that had read before writing could not upgrade to the
write lock while the other process held it, and SQLite answers that at once, without
waiting out the busy timeout. Write transactions now start with BEGIN IMMEDIATE
(server/sqlite.py); with plain BEGIN this test saw 3 to 6 of about 560 writes fail.
"""

from __future__ import annotations

import os
import queue
import threading
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest

from tests.live import LiveServer, live_server

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("INDABA_TEST_DATABASE_URL")),
    reason="SQLite's file lock only: PostgreSQL locks rows and waits for them",
)

OPERATOR_CYCLES = 3  # per operator: two tokens, then the demo
ISSUE_TOKEN = ("issue-token", "--email", "member@example.org")
CLIENTS = ("chair", "secretary", "admin", "comms", "comms2")

COMMITTEE = '{ body(slug: "mcpp-steering-committee") { id } }'
CREATE_ITEM = """mutation($committee: ID!, $title: String!) {
  createActionItem(input: {committeeId: $committee, title: $title, classification: INTERNAL}) {
    id
  }
}"""
REPORT = """mutation($id: ID!, $status: ActionStatus!) {
  updateActionItemStatus(actionItemId: $id, status: $status) { status }
}"""
# Reads before it writes (is the name taken?): the kind of transaction that failed at once.
ORGANIZATION = """mutation($name: String!) {
  createOrganization(input: {name: $name, kind: NGO}) { id }
}"""
PERSON = """mutation($name: String!, $email: String!) {
  createPerson(input: {name: $name, email: $email}) { id }
}"""
DRAFT = """mutation($title: String!) {
  draftUpdate(input: {title: $title, body: "Written while the operator works."}) { id }
}"""
SUBMIT = "mutation($id: ID!) { submitUpdate(updateId: $id) { status } }"
APPROVE = "mutation($id: ID!) { approveUpdate(updateId: $id) { status } }"
PUBLISH = "mutation($id: ID!) { publishUpdate(updateId: $id) { status } }"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    # No rate limit: the test measures the database, not the limiter.
    env = {"INDABA_RATE_LIMIT": "0"}
    with live_server(tmp_path_factory.mktemp("sqlite-writers"), env=env) as running:
        yield running


def test_server_writes_never_fail_while_the_cli_writes(server: LiveServer) -> None:
    tokens = {role: server.token(f"{role}@example.org") for role in CLIENTS}
    outcomes: Counter[str] = Counter()
    failures: list[str] = []
    lock = threading.Lock()

    def write(client: httpx.Client, query: str, variables: dict) -> dict | None:
        try:
            response = client.post("/graphql", json={"query": query, "variables": variables})
            body = response.json() if response.status_code == 200 else {}
            failure = None if body.get("data") and not body.get("errors") else body or response.text
        except (httpx.HTTPError, ValueError) as error:
            failure = repr(error)
        with lock:
            outcomes["failed" if failure else "written"] += 1
            if failure:
                failures.append(str(failure))
                return None
        return body["data"]

    def client(role: str) -> httpx.Client:
        headers = {"Authorization": f"Bearer {tokens[role]}"}
        return httpx.Client(base_url=server.url, headers=headers, timeout=60)

    with client("chair") as http:
        committee_id = http.post("/graphql", json={"query": COMMITTEE}).json()["data"]["body"]["id"]
    operator_done = threading.Event()

    def rounds() -> Iterator[int]:
        """Write until the operator is done, so every CLI run meets the server's writes."""
        n = 0
        while not operator_done.is_set():
            yield n
            n += 1

    def committee_officer(role: str) -> None:
        with client(role) as http:
            for n in rounds():
                created = write(
                    http, CREATE_ITEM, {"committee": committee_id, "title": f"{role} task {n}"}
                )
                if created:
                    item = created["createActionItem"]["id"]
                    write(http, REPORT, {"id": item, "status": "IN_PROGRESS"})

    def organizations() -> None:
        with client("admin") as http:
            for n in rounds():
                write(http, ORGANIZATION, {"name": f"Partner {n}"})

    def people() -> None:
        with client("admin") as http:
            for n in rounds():
                write(http, PERSON, {"name": f"Partner lead {n}", "email": f"lead{n}@example.net"})

    submitted: queue.Queue[str | None] = queue.Queue()

    def author() -> None:
        try:
            with client("comms") as http:
                for n in rounds():
                    drafted = write(http, DRAFT, {"title": f"Note {n}"})
                    if drafted and write(http, SUBMIT, {"id": drafted["draftUpdate"]["id"]}):
                        submitted.put(drafted["draftUpdate"]["id"])
        finally:
            submitted.put(None)  # the reviewer stops whatever happened here

    def reviewer() -> None:
        with client("comms2") as http:
            while (update := submitted.get()) is not None:
                if write(http, APPROVE, {"id": update}):
                    write(http, PUBLISH, {"id": update})

    clients = [
        threading.Thread(target=committee_officer, args=("chair",)),
        threading.Thread(target=committee_officer, args=("secretary",)),
        threading.Thread(target=organizations),
        threading.Thread(target=people),
        threading.Thread(target=author),
        threading.Thread(target=reviewer),
    ]
    for thread in clients:
        thread.start()
    # Two operators meanwhile (tokens and the idempotent demo), each a new process per command.
    cli_errors: list[str] = []

    def operator() -> None:
        for _ in range(OPERATOR_CYCLES):
            for command in (ISSUE_TOKEN, ISSUE_TOKEN, ("demo",)):
                result = server.cli(*command)
                if result.returncode != 0:
                    with lock:
                        cli_errors.append(result.stderr[-500:])

    operators = [threading.Thread(target=operator) for _ in range(2)]
    try:
        for thread in operators:
            thread.start()
        for thread in operators:
            thread.join()
    finally:
        operator_done.set()
        for thread in clients:
            thread.join(timeout=120)

    attempted = outcomes["written"] + outcomes["failed"]
    assert attempted >= 300, outcomes  # several hundred writes met the operator's
    assert failures == [], f"{len(failures)} of {attempted} failed: {failures[:3]}"
    assert cli_errors == [], cli_errors[:3]
