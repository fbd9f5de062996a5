"""A real server in a subprocess, on its own freshly migrated database with the demo loaded.

Used where a test needs what a client meets over the network: websockets
(subscriptions) and the browser tests. On PostgreSQL each server gets a new
database next to the suite's own.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class LiveServer:
    url: str
    database_url: str
    env: dict[str, str]

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "server", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def token(self, email: str) -> str:
        result = self.cli("issue-token", "--email", email)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _postgres_database(base_url: str, name: str, *, drop: bool = False) -> str:
    import asyncio

    import asyncpg

    parts = urlsplit(base_url.replace("postgres://", "postgresql://", 1))
    admin = urlunsplit(parts._replace(path="/postgres", query=""))

    async def run() -> None:
        connection = await asyncpg.connect(admin)
        try:
            if drop:
                await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            else:
                await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()

    asyncio.run(run())
    return urlunsplit(urlsplit(base_url)._replace(path=f"/{name}"))


@contextlib.contextmanager
def live_server(
    tmp: Path, *, demo: bool = True, env: dict[str, str] | None = None
) -> Iterator[LiveServer]:
    base = os.environ.get("INDABA_TEST_DATABASE_URL")
    pg_name = None
    if base:
        pg_name = f"indaba_live_{uuid.uuid4().hex[:8]}"
        database_url = _postgres_database(base, pg_name)
    else:
        database_url = f"sqlite://{tmp / 'live.sqlite3'}"
    port = free_port()
    extra = env or {}
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "live-server-secret-key-0123456789abcdef",
        "INDABA_ENV": "development",
        "INDABA_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "PYTHONUNBUFFERED": "1",
        "INDABA_RATE_LIMIT": "0",  # tests drive a server harder than any person; see test_rate_limits
        **extra,
    }
    server = LiveServer(f"http://127.0.0.1:{port}", database_url, env)
    for command in (("migrate",), ("demo",)) if demo else (("migrate",),):
        result = server.cli(*command)
        assert result.returncode == 0, result.stderr
    log = (tmp / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "server", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{server.url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((tmp / "server.log").read_text())
            time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        if pg_name and base:
            _postgres_database(base, pg_name, drop=True)
