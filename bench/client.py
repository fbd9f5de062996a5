"""A light HTTP/1.1 client on raw asyncio streams, keep-alive, one request at a time per
connection. The machine has 2 cores and the load generator competes with the server for
them, so the client does as little as it can: no header objects, no decompression."""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()

    def encode(self, host: str) -> bytes:
        lines = [f"{self.method} {self.path} HTTP/1.1", f"Host: {host}"]
        lines += [f"{name}: {value}" for name, value in self.headers]
        if self.body or self.method == "POST":
            lines.append(f"Content-Length: {len(self.body)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + self.body


def graphql(
    query: str, variables: dict[str, Any] | None = None, token: str | None = None
) -> Request:
    payload: dict[str, Any] = {"query": query}
    if variables:
        payload["variables"] = variables
    headers = [("Content-Type", "application/json")]
    if token:
        headers.append(("Authorization", f"Bearer {token}"))
    return Request("POST", "/graphql", json.dumps(payload).encode(), tuple(headers))


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


class Connection:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def send(self, request: Request) -> Response:
        if self.writer is None or self.reader is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(request.encode(f"{self.host}:{self.port}"))
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding") == "chunked":
            chunks = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip(), 16)
                chunk = await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                chunks.append(chunk[:-2])
            body = b"".join(chunks)
        else:
            body = await self.reader.read()
        if headers.get("connection") == "close":
            await self.close()
        return Response(int(status_line.split()[1]), headers, body)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


@dataclass
class LoadResult:
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests
    errors: int = 0
    seconds: float = 0.0
    first_error: str = ""

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


Check = Callable[[Response], str | None]  # an error message, or None when the answer is good


def ok_json(response: Response) -> str | None:
    if response.status != 200:
        return f"HTTP {response.status}: {response.body[:200]!r}"
    if b'"errors"' in response.body[:20_000]:
        return f"GraphQL errors: {response.body[:300]!r}"
    return None


async def load(
    host: str,
    port: int,
    request: Request,
    *,
    clients: int,
    seconds: float,
    check: Check = ok_json,
) -> LoadResult:
    """`clients` connections sending `request` back to back for `seconds`."""
    result = LoadResult()
    deadline = time.perf_counter() + seconds

    async def one_client() -> None:
        connection = Connection(host, port)
        try:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                try:
                    response = await connection.send(request)
                    problem = check(response)
                except (OSError, asyncio.IncompleteReadError, ValueError) as error:
                    problem = f"{type(error).__name__}: {error}"
                    await connection.close()
                if problem is None:
                    result.latencies.append(time.perf_counter() - started)
                else:
                    result.errors += 1
                    result.first_error = result.first_error or problem
        finally:
            await connection.close()

    started = time.perf_counter()
    await asyncio.gather(*(one_client() for _ in range(clients)))
    result.seconds = time.perf_counter() - started
    return result


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(fraction * len(ordered))))
    return ordered[rank - 1]
