"""The benchmark cannot rot: its generator writes the shape it claims, its hand-written
endpoints answer GraphQL's bytes exactly (and the check notices when they do not), and the
service never serves them. Timing is `make bench`'s job, never asserted here."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest_asyncio

from bench.app import create as create_bench_app
from bench.generate import MEMBER_EMAIL, SEARCH_WORD, populate
from bench.measure import CASES, Prepared, comparison_requests, difference, prepare
from bench.report import compare
from governance.enums import Classification, ReleaseStatus
from governance.models import Body, Decision, Meeting, Membership, Motion, Vote
from schema import opaque
from server.app import create_app
from server.settings import Settings
from tests.conftest import SECRET


@pytest_asyncio.fixture
async def bench_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_bench_app(settings, manage_database=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


async def test_the_generator_writes_the_issues_shape() -> None:
    made = await populate(300)

    assert (made.decisions, made.meetings, made.motions) == (300, 30, 90)
    assert await Decision.all().count() == 300
    assert await Meeting.all().count() == 30
    assert await Motion.all().count() == 90
    assert 3 * 90 <= made.votes == await Vote.all().count() <= 8 * 90
    bodies = await Body.all().count()
    assert bodies == made.committees == 20
    assert await Membership.all().count() == bodies * 10  # committees with members
    recorded = Counter(await Decision.all().values_list("recorded_classification", flat=True))
    assert set(recorded) == {
        Classification.PUBLIC,
        Classification.INTERNAL,
        Classification.CONFIDENTIAL,
    }
    released = await Decision.filter(release=ReleaseStatus.CLEARED_FOR_RELEASE)
    assert released, "some classified decisions are cleared for release"
    assert all(d.classification == Classification.PUBLIC for d in released)
    assert all(d.recorded_classification != Classification.PUBLIC for d in released)
    assert await Decision.filter(motion_id__isnull=False).exists()  # adopted motions recorded
    assert await Decision.filter(title__icontains=SEARCH_WORD).exists()  # search finds some


async def test_hand_written_twins_answer_graphqls_bytes(
    bench_client: httpx.AsyncClient,
) -> None:
    await populate(300)
    public = await Decision.filter(classification=Classification.PUBLIC).order_by("id").first()
    assert public is not None
    graphql, hand = comparison_requests(Prepared(public.reference, "", "", {}))

    for case in CASES:
        g, h = graphql[case], hand[case]
        ours = await bench_client.request(g.method, g.path, content=g.body, headers=dict(g.headers))
        theirs = await bench_client.request(h.method, h.path, content=h.body)
        assert ours.status_code == theirs.status_code == 200
        assert "errors" not in ours.json()
        assert ours.json()["data"], case
        # Denied, then allowed: one byte changed is caught and located; the real twin is not.
        tampered = theirs.content[:-2] + b"?" + theirs.content[-1:]
        assert difference(ours.content, tampered) is not None
        assert difference(ours.content, theirs.content) is None, case
    hundred = await bench_client.request("GET", "/bench/hundred")
    assert hundred.json()["data"]["decisions"]["edges"][0]["node"]["committee"]["name"]


async def test_every_query_the_bench_sends_is_answered_without_errors(settings: Settings) -> None:
    """The scaling, concurrency and comparison queries, in-process on a tiny set: a renamed
    field or a new limit breaks this test, not the next `make bench` (prepare raises on any
    GraphQL error and counts each query's statements)."""
    await populate(300)
    try:
        prepared = await prepare(settings.database_url, MEMBER_EMAIL)
    finally:
        opaque.configure(SECRET)  # prepare seals cursors with the bench's key

    assert set(prepared.statements) == {
        "first_query", "nested", "total_count", "total_count_after_write", "search", "deep_page", "member", *CASES,
    }  # fmt: skip
    assert all(count >= 1 for count in prepared.statements.values())
    assert prepared.token.startswith("ind_")


async def test_the_service_never_serves_the_hand_written_endpoints(settings: Settings) -> None:
    transport = httpx.ASGITransport(app=create_app(settings, manage_database=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        assert (await http.get("/bench/hundred")).status_code == 404


def test_compare_sets_two_runs_side_by_side(tmp_path: Path) -> None:
    before, after = tmp_path / "before.json", tmp_path / "after.json"
    run = {"meta": {"commit": "a"}, "scaling": {"sqlite": {"search": {"100k": {"p50_ms": 30.0}}}}}
    before.write_text(json.dumps(run))
    run["scaling"]["sqlite"]["search"]["100k"]["p50_ms"] = 15.0
    after.write_text(json.dumps(run))

    out = compare(before, after)

    assert "scaling.sqlite.search.100k.p50_ms" in out
    assert "0.50" in out
