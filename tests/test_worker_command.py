"""`python -m server worker` and `serve --with-worker`, run as an operator runs them, on the
tests' database: what is queued arrives at a real SMTP server; SIGTERM or Ctrl-C (SIGINT)
stops the process cleanly; on SQLite a second worker is refused, on PostgreSQL two share
1,000 emails and send each exactly once (issue 14)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from governance import clock, outbox
from governance.enums import NotificationKind, OutboxChannel, OutboxStatus
from governance.models import Notification, OutboxItem, Person
from tests.conftest import AUDIT_KEY, SECRET
from tests.smtp_server import smtp_server
from tests.test_mail import free_port


@pytest.fixture
def inbox():
    with smtp_server() as box:
        yield box


ROOT = Path(__file__).resolve().parent.parent


def environment(database_url: str, smtp_port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET,
        "INDABA_AUDIT_KEY": AUDIT_KEY,
        "INDABA_ENV": "test",
        "INDABA_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}",
        "INDABA_PUBLIC_URL": "https://indaba.example.org",
    }


def start(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "server", *args], cwd=ROOT, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip


async def queued(title: str) -> OutboxItem:
    person = await Person.get_or_none(email="thandi@example.org") or await Person.create(
        name="Thandi Mokoena", email="thandi@example.org"
    )
    row = await Notification.create(person_id=person.id, kind=NotificationKind.MINUTES_APPROVED,
                                    title=title, created_at=clock.now())  # fmt: skip
    return await outbox.enqueue(
        OutboxChannel.EMAIL, "MINUTES_APPROVED", person_id=person.id,
        payload={"notification_id": row.id},
    )  # fmt: skip


async def arrives(inbox, count: int, within: float = 30.0) -> None:
    deadline = time.monotonic() + within
    for _ in range(int(within * 10)):
        if len(inbox.messages) >= count or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.1)
    assert len(inbox.messages) == count


def stopped(process: subprocess.Popen[str], how: signal.Signals) -> tuple[int, str, str]:
    process.send_signal(how)
    out, err = process.communicate(timeout=30)
    return process.returncode, out, err


async def test_the_worker_sends_what_is_queued_and_stops_on_sigterm(database_url, inbox):
    env = environment(database_url, inbox.port)
    item = await queued("Minutes of the steering committee approved")
    worker = start(env, "worker")
    try:
        await arrives(inbox, 1)
        assert inbox.messages[0]["Subject"] == "Minutes of the steering committee approved"
        if database_url.startswith("sqlite"):
            second = await asyncio.to_thread(
                subprocess.run, [sys.executable, "-m", "server", "worker"], cwd=ROOT, env=env,
                text=True, capture_output=True, timeout=60, check=False,
            )  # fmt: skip
            assert second.returncode == 2
            assert "Another worker is already running" in second.stderr
        await queued("A second one, sent by the same running worker")
        await arrives(inbox, 2)
    finally:
        code, out, err = stopped(worker, signal.SIGTERM)
    assert code == 0, err
    assert "Indaba worker running; email via 127.0.0.1" in out
    assert "Indaba worker stopped." in out
    assert (await OutboxItem.get(id=item.id)).status == OutboxStatus.SENT


async def test_serve_with_worker_sends_from_the_servers_process_and_stops_on_ctrl_c(
    database_url,
    inbox,
):
    env = environment(database_url, inbox.port)
    await queued("Sent by the server's own worker")
    server = start(env, "serve", "--port", str(free_port()), "--with-worker")
    try:
        await arrives(inbox, 1, within=60)
    finally:
        code, out, err = stopped(server, signal.SIGINT)
    assert code == 0, err
    assert "Worker     in this process; email via 127.0.0.1" in out


async def test_two_worker_processes_on_postgresql_deliver_1000_emails_exactly_once(
    database_url, inbox
):
    if not database_url.startswith("postgres"):
        pytest.skip("several workers run on PostgreSQL only (SQLite refuses a second)")
    person = await Person.create(name="Thandi Mokoena", email="thandi@example.org")
    rows = [
        Notification(person_id=person.id, kind=NotificationKind.MINUTES_APPROVED,
                     title=f"Minutes approved ({n})", created_at=clock.now())
        for n in range(1000)
    ]  # fmt: skip
    await Notification.bulk_create(rows)
    for row in await Notification.filter(person_id=person.id).order_by("id"):
        await outbox.enqueue(
            OutboxChannel.EMAIL, "MINUTES_APPROVED", person_id=person.id,
            payload={"notification_id": row.id},
        )  # fmt: skip
    env = environment(database_url, inbox.port)
    workers = [start(env, "worker"), start(env, "worker")]
    try:
        await arrives(inbox, 1000, within=240)
        await asyncio.sleep(2)  # a duplicate would come now
    finally:
        codes = [stopped(worker, signal.SIGTERM)[0] for worker in workers]
    assert codes == [0, 0]
    ids = Counter(str(m["Message-ID"]) for m in inbox.messages)
    assert len(ids) == 1000 and set(ids.values()) == {1}
    assert await OutboxItem.filter(status=OutboxStatus.SENT).count() == 1000
