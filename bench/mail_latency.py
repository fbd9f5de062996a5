"""Email delivery latency, from a notification's commit to its arrival at the SMTP server.

    python -m bench.mail_latency [--count 1000] [--rate 50] [--database-url postgres://…]

It commits `count` notifications, each with its EMAIL outbox item in one transaction
(what governance.notifications does), at `rate` a second (0: all at once, a burst), while
`python -m server worker` runs as its own process, as in production, and an SMTP server
(aiosmtpd) in this process notes when each message arrives, by its Message-ID (the
item's delivery id). Latency = arrival - commit, both read on this process's monotonic
clock. Without --database-url: a fresh SQLite file in a temporary directory.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from email.parser import BytesHeaderParser
from email.policy import default
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from tortoise.transactions import in_transaction

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "bench-mail-secret-key-0123456789abcdef"  # noqa: S105 (a throwaway database)


class Arrivals:
    def __init__(self) -> None:
        self.at: dict[str, float] = {}

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        headers = BytesHeaderParser(policy=default).parsebytes(envelope.content)
        self.at[str(headers["Message-ID"]).strip("<>").split("@")[0]] = time.monotonic()
        return "250 Message accepted"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def measure(database_url: str, count: int, rate: float) -> dict[str, float]:
    from governance import audit, clock, outbox
    from governance.enums import NotificationKind, OutboxChannel
    from governance.models import Notification, Person
    from permissions import policy
    from server import database

    arrivals = Arrivals()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    controller = Controller(arrivals, hostname="127.0.0.1", port=port)
    controller.start()
    audit.configure(SECRET_KEY + "-audit")
    await database.migrate(database_url)
    await database.connect(database_url)
    await policy.sync_from_file()
    person, _ = await Person.get_or_create(email="reader@example.org", defaults={"name": "Reader"})
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET_KEY,
        "INDABA_AUDIT_KEY": SECRET_KEY + "-audit",
        "INDABA_SMTP_URL": f"smtp://127.0.0.1:{port}",
        "INDABA_PUBLIC_URL": "https://indaba.example.org",
    }
    worker = subprocess.Popen(  # noqa: ASYNC220 (started once, then left to run)
        [sys.executable, "-m", "server", "worker"], cwd=ROOT, env=env
    )
    committed: dict[str, float] = {}
    try:
        await asyncio.sleep(3)  # the worker's start-up is not part of a delivery
        started = time.monotonic()
        for n in range(count):
            if rate:
                await asyncio.sleep(max(0.0, started + n / rate - time.monotonic()))
            async with in_transaction():
                row = await Notification.create(
                    person_id=person.id,
                    kind=NotificationKind.MINUTES_APPROVED,
                    title=f"Minutes approved ({n})",
                    created_at=clock.now(),
                )
                item = await outbox.enqueue(
                    OutboxChannel.EMAIL,
                    NotificationKind.MINUTES_APPROVED.value,
                    person_id=person.id,
                    payload={"notification_id": row.id},
                )
            committed[item.delivery_id] = time.monotonic()
        for _ in range(120 * 20):  # two minutes at most for the last to arrive
            if len(arrivals.at) >= count:
                break
            await asyncio.sleep(0.05)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        controller.stop()
        await database.close()
    latencies = [arrivals.at[d] - t for d, t in committed.items() if d in arrivals.at]
    return {
        "sent": len(committed),
        "arrived": len(latencies),
        "p50": percentile(latencies, 0.50),
        "p90": percentile(latencies, 0.90),
        "p99": percentile(latencies, 0.99),
        "max": max(latencies),
        "mean": statistics.fmean(latencies),
    }


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.mail_latency")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=50.0, help="commits a second; 0: a burst")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite://{Path(tmp) / 'mail.sqlite3'}"
        from server.settings import normalise_database_url

        result = asyncio.run(measure(normalise_database_url(url), args.count, args.rate))
    kind = "burst" if not args.rate else f"{args.rate:g}/s"
    print(
        f"commit -> SMTP, {result['arrived']}/{result['sent']} notifications ({kind}, "
        f"{url.split(':')[0]}): p50 {result['p50'] * 1000:.0f} ms, "
        f"p90 {result['p90'] * 1000:.0f} ms, p99 {result['p99'] * 1000:.0f} ms, "
        f"max {result['max'] * 1000:.0f} ms"
    )
    return 0 if result["arrived"] == result["sent"] else 1


if __name__ == "__main__":
    sys.exit(main())
