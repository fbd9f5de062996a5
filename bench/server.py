"""The server under test: uvicorn in its own process (a port of its own), serving the
bench's app factory on one data set."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from bench.datasets import AUDIT_KEY, ROOT, SECRET_KEY

HOST = "127.0.0.1"
QUERY_BUDGET = 1_000_000


class BenchError(Exception):
    """Something the benchmark cannot measure past (printed, then exit status 1)."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def environment(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET_KEY,
        "INDABA_AUDIT_KEY": AUDIT_KEY,
        "INDABA_ENV": "production",
        "INDABA_RATE_LIMIT": "0",  # the load would be throttled: measure the work, not the limit
        "INDABA_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # committees>meetings>motions>votes is priced above the default budget (25,000).
        "INDABA_QUERY_BUDGET": str(QUERY_BUDGET),
    }


def load_demo(database_url: str) -> None:
    """`python -m server migrate` and `demo` into the database at `database_url`."""
    for command in ("migrate", "demo"):
        subprocess.run(  # noqa: S603
            [sys.executable, "-m", "server", command],
            cwd=ROOT,
            env=environment(database_url),
            check=True,
            capture_output=True,
        )


@contextmanager
def serving(
    database_url: str, *, workers: int = 1, loop: str = "auto", http: str = "auto"
) -> Iterator[int]:
    """Start uvicorn, wait until /healthz answers, yield its port; stop it afterwards.
    `loop` / `http` as uvicorn's options ("auto": uvloop and httptools when installed)."""
    port = free_port()
    command = [
        sys.executable, "-m", "uvicorn", "--factory", "bench.app:create",
        "--host", HOST, "--port", str(port), "--workers", str(workers),
        "--loop", loop, "--http", http,
        "--no-access-log", "--log-level", "warning",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=environment(database_url))  # noqa: S603
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise BenchError(f"uvicorn exited with status {process.returncode}")
            try:
                with socket.create_connection((HOST, port), timeout=1) as sock:
                    sock.sendall(f"GET /healthz HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode())
                    if sock.recv(64).startswith(b"HTTP/1.1 200"):
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise BenchError("uvicorn did not answer /healthz within 60 s")
            time.sleep(0.2)
        if workers > 1:
            time.sleep(1.0)  # every worker has started its lifespan
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
