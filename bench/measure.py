"""What the benchmark measures, one function per part of the issue's Targets."""

from __future__ import annotations

import asyncio
import gzip
import logging
import re
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

import httpx

from bench import queries
from bench.client import Connection, LoadResult, Request, graphql, load, ok_json, percentile
from bench.datasets import AUDIT_KEY, SECRET_KEY
from bench.server import HOST, QUERY_BUDGET, BenchError
from governance.access import mint_token
from governance.enums import Classification
from governance.models import Decision, Person
from permissions import ANONYMOUS, visible
from permissions.kinds import DECISION
from schema import opaque
from schema.keyset import Order, encode_cursor
from server.app import create_app
from server.settings import Settings

# ------------------------------------------------------------------ in-process: statements


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not record.getMessage().startswith(("Created connection", "Closed connection")):
            self.statements.append(record.getMessage())


@contextmanager
def counting_statements() -> Iterator[list[str]]:
    """Every SQL statement Tortoise sends, as tests/api/test_sql_statements.py counts them."""
    logger = logging.getLogger("tortoise.db_client")
    handler, level, propagate = _Counter(), logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        yield handler.statements
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


@dataclass
class Prepared:
    """What the requests need from the data set, read in-process before the server starts."""

    reference: str  # a PUBLIC decision, for the one-object query
    deep_cursor: str  # nine tenths down the anonymous decisions list
    token: str  # an API token of a committee member
    statements: dict[str, int]


def scaling_requests(prepared: Prepared) -> dict[str, Request]:
    return {
        "first_query": graphql(queries.FIRST_QUERY),
        "nested": graphql(queries.NESTED),
        "total_count": graphql(queries.TOTAL),
        "total_count_after_write": graphql(queries.TOTAL),
        "search": graphql(queries.SEARCH),
        "deep_page": graphql(queries.DEEP, {"after": prepared.deep_cursor}),
    }


def member_request(prepared: Prepared) -> Request:
    return graphql(queries.MEMBER, token=prepared.token)


async def prepare(database_url: str, member_email: str) -> Prepared:
    """Run inside bench.datasets.connected(database_url)."""
    decisions = visible(ANONYMOUS, Decision)
    count = await decisions.count()
    order = Order.of(DECISION)
    deep = await decisions.order_by(*order.sql()).offset(count * 9 // 10).first()
    middle = await decisions.order_by("id").offset(count // 2).first()
    if deep is None or middle is None or middle.classification != Classification.PUBLIC:
        raise BenchError("the data set has no PUBLIC decisions to read")
    opaque.configure(SECRET_KEY)  # cursors sealed as the server seals them
    person = await Person.get(email=member_email)
    issued = await mint_token(person, actor_id=None)
    prepared = Prepared(middle.reference, encode_cursor(order, deep), issued.token, {})
    settings = Settings(
        database_url=database_url,
        secret_key=SECRET_KEY,
        audit_key=AUDIT_KEY,
        environment="production",
        rate_limit=0,
        query_budget=QUERY_BUDGET,
    )
    app = create_app(settings, manage_database=False)
    requests = {
        **scaling_requests(prepared),
        "member": member_request(prepared),
        **comparison_requests(prepared)[0],
    }
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=f"http://{HOST}") as client:
        for name, request in requests.items():
            await _send_in_process(client, request)  # warm: policy, validation cache
            with counting_statements() as statements:
                await _send_in_process(client, request)
            prepared.statements[name] = len(statements)
    return prepared


async def _send_in_process(client: httpx.AsyncClient, request: Request) -> None:
    response = await client.request(
        request.method, request.path, content=request.body, headers=dict(request.headers)
    )
    if response.status_code != 200 or b'"errors"' in response.content[:20_000]:
        raise BenchError(f"{request.path}: {response.status_code} {response.content[:300]!r}")


# ------------------------------------------------------------------ over HTTP: latency


@dataclass
class Latency:
    p50_ms: float
    p95_ms: float
    requests: int


async def latency(
    port: int,
    request: Request,
    *,
    min_requests: int,
    min_seconds: float,
    max_requests: int = 400,
    before_each: Callable[[], Awaitable[None]] | None = None,
) -> Latency:
    """One client, requests back to back after two to warm up: p50 and p95. `before_each`
    runs before each timed request, outside the time."""
    connection = Connection(HOST, port)
    try:
        for _ in range(2):
            _checked(await connection.send(request))
        times: list[float] = []
        started = time.perf_counter()
        while len(times) < max_requests and (
            len(times) < min_requests or time.perf_counter() - started < min_seconds
        ):
            if before_each is not None:
                await before_each()
            begun = time.perf_counter()
            _checked(await connection.send(request))
            times.append(time.perf_counter() - begun)
    finally:
        await connection.close()
    return Latency(percentile(times, 0.5) * 1000, percentile(times, 0.95) * 1000, len(times))


def _checked(response: Any) -> Any:
    problem = ok_json(response)
    if problem:
        raise BenchError(problem)
    return response


# ------------------------------------------------------------------ GraphQL vs hand-written

CASES = ("one_object", "hundred_with_committee", "thousand")


def comparison_requests(prepared: Prepared) -> tuple[dict[str, Request], dict[str, Request]]:
    """(GraphQL, hand-written) per case."""
    reference = prepared.reference
    return (
        {
            "one_object": graphql(queries.ONE, {"reference": reference}),
            "hundred_with_committee": graphql(queries.HUNDRED),
            "thousand": graphql(queries.THOUSAND),
        },
        {
            "one_object": Request("GET", f"/bench/one?reference={reference}"),
            "hundred_with_committee": Request("GET", "/bench/hundred"),
            "thousand": Request("GET", "/bench/thousand"),
        },
    )


def _objects(body: bytes) -> int:
    """Decisions in an answer (the committees they nest in are not counted)."""
    return len(re.findall(rb'"reference":', body))


def difference(graphql_body: bytes, hand_body: bytes) -> str | None:
    """Where two answers first differ (with the bytes around it); None when identical."""
    if graphql_body == hand_body:
        return None
    pairs = zip(graphql_body, hand_body, strict=False)
    at = next(
        (i for i, (x, y) in enumerate(pairs) if x != y), min(len(graphql_body), len(hand_body))
    )
    around = slice(max(0, at - 60), at + 60)
    return f"at byte {at}: {graphql_body[around]!r} != {hand_body[around]!r}"


async def identical(port: int, prepared: Prepared) -> dict[str, int]:
    """Fail loudly unless each hand-written twin answers the same bytes as GraphQL."""
    gql, hand = comparison_requests(prepared)
    sizes = {}
    connection = Connection(HOST, port)
    try:
        for case in CASES:
            a = _checked(await connection.send(gql[case])).body
            b = _checked(await connection.send(hand[case])).body
            problem = difference(a, b)
            if problem:
                raise BenchError(
                    f"{case}: the hand-written answer differs from GraphQL's {problem}"
                )
            sizes[case] = _objects(a)
    finally:
        await connection.close()
    return sizes


async def compare_throughput(
    port: int, prepared: Prepared, *, rounds: int, seconds: float, clients: int = 10
) -> dict[str, dict[str, float]]:
    """Interleaved: per round, each case runs GraphQL then hand-written (the order swapped
    every other round), `clients` connections for `seconds` each."""
    gql, hand = comparison_requests(prepared)
    objects = await identical(port, prepared)
    totals: dict[str, dict[str, LoadResult]] = {c: {} for c in CASES}
    for case in CASES:  # warm both
        await load(HOST, port, gql[case], clients=clients, seconds=0.5)
        await load(HOST, port, hand[case], clients=clients, seconds=0.5)
    for round_ in range(rounds):
        for case in CASES:
            order = [("graphql", gql[case]), ("hand", hand[case])]
            for kind, request in order if round_ % 2 == 0 else order[::-1]:
                result = await load(HOST, port, request, clients=clients, seconds=seconds)
                if result.errors:
                    raise BenchError(
                        f"{case} ({kind}): {result.errors} errors: {result.first_error}"
                    )
                total = totals[case].setdefault(kind, LoadResult())
                total.latencies += result.latencies
                total.seconds += result.seconds
    out = {}
    for case in CASES:
        g, h = totals[case]["graphql"], totals[case]["hand"]
        out[case] = {
            "objects": objects[case],
            "graphql_rps": round(g.throughput, 1),
            "hand_rps": round(h.throughput, 1),
            "ratio": round(g.throughput / h.throughput, 3) if h.throughput else 0.0,
            "graphql_p50_ms": round(percentile(g.latencies, 0.5) * 1000, 2),
            "hand_p50_ms": round(percentile(h.latencies, 0.5) * 1000, 2),
        }
    return out


# ------------------------------------------------------------------ concurrency


async def concurrent(port: int, request: Request, *, clients: int, seconds: float) -> LoadResult:
    await load(HOST, port, request, clients=clients, seconds=1.0)  # warm every worker
    return await load(HOST, port, request, clients=clients, seconds=seconds)


def summary(result: LoadResult, clients: int) -> dict[str, Any]:
    p50 = percentile(result.latencies, 0.5) * 1000
    p99 = percentile(result.latencies, 0.99) * 1000
    return {
        "clients": clients,
        "seconds": round(result.seconds, 1),
        "requests": result.requests,
        "errors": result.errors,
        "throughput_rps": round(result.throughput, 1),
        "p50_ms": round(p50, 1),
        "p99_ms": round(p99, 1),
        "p99_over_p50": round(p99 / p50, 2) if p50 else 0.0,
        **({"first_error": result.first_error} if result.errors else {}),
    }


# ------------------------------------------------------------------ bytes


async def compression(port: int, request: Request) -> dict[str, float]:
    """A GraphQL answer's size plain and as GZipMiddleware sends it."""
    connection = Connection(HOST, port)
    try:
        plain = _checked(await connection.send(request)).body
        zipped_request = replace(request, headers=(*request.headers, ("Accept-Encoding", "gzip")))
        response = await connection.send(zipped_request)
    finally:
        await connection.close()
    if (
        response.headers.get("content-encoding") != "gzip"
        or gzip.decompress(response.body) != plain
    ):
        raise BenchError("the GraphQL answer did not come back gzipped, or not the same")
    return {
        "plain_bytes": len(plain),
        "gzip_bytes": len(response.body),
        "ratio": round(len(plain) / len(response.body), 2),
    }


LATER_PAGES = ("/admin/meetings", "/admin/decisions", "/admin/meetings/1")
ASSET = re.compile(rb'(?:href|src)="(/static/[^"]+)"')


async def admin_bytes(port: int, cookie: str) -> dict[str, Any]:
    """Bytes on the wire (bodies, gzip) for the secretary: the first load of /admin/ with
    every asset it links, then later pages (assets cached: immutable)."""
    headers = (("Accept-Encoding", "gzip"), ("Cookie", cookie))
    connection = Connection(HOST, port)
    sizes: dict[str, int] = {}
    try:
        page = await connection.send(Request("GET", "/admin/", headers=headers))
        if page.status != 200:
            raise BenchError(f"/admin/ answered {page.status} for the secretary")
        sizes["/admin/"] = len(page.body)
        html = (
            gzip.decompress(page.body)
            if page.headers.get("content-encoding") == "gzip"
            else page.body
        )
        for path in dict.fromkeys(m.decode() for m in ASSET.findall(html)):
            asset = await connection.send(Request("GET", path, headers=headers))
            if asset.status != 200:
                raise BenchError(f"{path} answered {asset.status}")
            sizes[path] = len(asset.body)
        first = sum(sizes.values())
        later = {}
        for path in LATER_PAGES:
            response = await connection.send(Request("GET", path, headers=headers))
            if response.status != 200:
                raise BenchError(f"{path} answered {response.status} for the secretary")
            later[path] = len(response.body)
    finally:
        await connection.close()
    return {
        "first_load": sizes,
        "first_load_bytes": first,
        "later_pages": later,
        "later_max_bytes": max(later.values()),
    }


async def pause() -> None:
    await asyncio.sleep(0.5)
