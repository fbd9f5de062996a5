"""Rate limits: a token, an admin session or an anonymous address that asks too often is told
to wait (429 with Retry-After), nobody else is slowed, and several workers count together."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from typing import Any

import httpx
import pytest
import pytest_asyncio
from websockets.asyncio.client import connect
from websockets.typing import Subprotocol

from governance.credentials import hash_password
from governance.models import Person
from server.app import create_app
from server.settings import Settings
from tests.admin.helpers import PASSWORD, sign_in
from tests.live import LiveServer, live_server
from tests.world import build_world

QUERY = "{ viewer { isAnonymous } }"
LIMIT = 10


@pytest_asyncio.fixture
async def limited(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(replace(settings, rate_limit=LIMIT), manage_database=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


async def statuses(http: httpx.AsyncClient, n: int, **kwargs: Any) -> list[int]:
    return [(await http.post("/graphql", json={"query": QUERY}, **kwargs)).status_code
            for _ in range(n)]  # fmt: skip


def bearer(token: str | None) -> dict[str, dict[str, str]]:
    return {"headers": {"Authorization": f"Bearer {token}"}}


async def test_a_token_over_its_limit_waits_and_others_do_not(limited):
    world = await build_world()
    answers = await statuses(limited, LIMIT + 3, **bearer(world.tokens["member"]))
    assert answers[:LIMIT] == [200] * LIMIT
    assert answers[LIMIT:] == [429] * 3

    refused = await limited.post(
        "/graphql", json={"query": QUERY}, **bearer(world.tokens["member"])
    )
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    error = refused.json()["errors"][0]
    assert error["message"].startswith("Too many requests")
    assert error["extensions"]["retryAfter"] == int(refused.headers["retry-after"])
    # Another token, and the public, are not slowed by it.
    assert await statuses(limited, 3, **bearer(world.tokens["chair"])) == [200] * 3
    assert await statuses(limited, 3) == [200] * 3


async def test_the_anonymous_limit_is_half_and_made_up_tokens_count_against_the_address(limited):
    await build_world()
    answers = await statuses(limited, LIMIT // 2 + 1)
    assert answers == [200] * (LIMIT // 2) + [429]
    # A new made-up token each time is no way round it.
    fakes = [
        (
            await limited.post("/graphql", json={"query": QUERY}, **bearer(f"ind_fake{n}"))
        ).status_code
        for n in range(3)
    ]
    assert fakes == [429] * 3


async def test_an_admin_session_has_its_own_limit(limited):
    world = await build_world()
    secretary = world.people["secretary"]
    await Person.filter(id=secretary.id).update(password_hash=hash_password(PASSWORD))
    session = await sign_in(limited, secretary.email)  # 3 requests
    pages = [(await session.get("/admin/meetings")).status_code for _ in range(LIMIT)]
    assert pages.count(429) >= 1 and pages[0] == 200
    refused = await session.get("/admin/meetings")
    assert refused.status_code == 429 and "Too many requests" in refused.text
    assert "retry-after" in refused.headers


async def test_static_files_and_health_are_not_counted(limited):
    assert [(await limited.get("/healthz")).status_code for _ in range(3 * LIMIT)] == [200] * 30


async def test_zero_turns_limiting_off(settings):
    app = create_app(replace(settings, rate_limit=0), manage_database=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        assert set(await statuses(http, 3 * LIMIT)) == {200}
    assert Settings.from_env({"INDABA_RATE_LIMIT": "0"}).rate_limit == 0
    assert Settings.from_env({"INDABA_RATE_LIMIT": "300"}).rate_limit == 300


# ------------------------------------------------------------------ a real server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Two workers on PostgreSQL, to show they count together; one on SQLite."""
    env = {"INDABA_RATE_LIMIT": str(LIMIT)}
    if os.environ.get("INDABA_TEST_DATABASE_URL"):
        env["WEB_CONCURRENCY"] = "2"
    with live_server(tmp_path_factory.mktemp("rate-limits"), demo=False, env=env) as running:
        yield running


async def test_workers_count_together(server):
    """On PostgreSQL two workers answer; the limit holds across both."""
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
        answers = await asyncio.gather(
            *(http.post("/graphql", json={"query": QUERY}, headers={"Connection": "close"})
              for _ in range(3 * LIMIT))
        )  # fmt: skip
    codes = [a.status_code for a in answers]
    # Anonymous: half the limit, whichever worker answered.
    assert codes.count(200) == LIMIT // 2
    assert codes.count(429) == 3 * LIMIT - LIMIT // 2


async def test_websocket_operations_count_like_requests(server, tmp_path):
    result = server.cli("create-admin", "--email", "ops@example.org", "--name", "Ops",
                        "--password", "a-long-enough-password")  # fmt: skip
    assert result.returncode == 0, result.stderr
    token = server.token("ops@example.org")
    url = server.url.replace("http://", "ws://") + "/graphql"
    # The handshake carries the token too, so it counts against the token, not the address.
    headers = {"Authorization": f"Bearer {token}"}
    async with connect(
        url, subprotocols=[Subprotocol("graphql-transport-ws")], additional_headers=headers
    ) as ws:
        await ws.send(json.dumps({"type": "connection_init",
                                  "payload": {"Authorization": f"Bearer {token}"}}))  # fmt: skip
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        outcomes = []
        for n in range(LIMIT + 2):
            await ws.send(json.dumps({"id": str(n), "type": "subscribe",
                                      "payload": {"query": QUERY}}))  # fmt: skip
            while True:
                message = json.loads(await asyncio.wait_for(ws.recv(), 10))
                if message["type"] in ("next", "error"):
                    outcomes.append(message)
                    break
    kinds = [m["type"] for m in outcomes]
    assert kinds[: LIMIT - 1] == ["next"] * (LIMIT - 1)  # the handshake was the first
    assert kinds[LIMIT - 1 :] == ["error"] * 3
    assert outcomes[-1]["payload"][0]["message"].startswith("Too many requests")
