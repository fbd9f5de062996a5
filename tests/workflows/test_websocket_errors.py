"""Over the WebSocket, errors keep the contract too: every error carries `extensions.code`,
no Python or SQL text, no "Did you mean" in production, and a malformed frame closes the
connection with a 44xx code instead of crashing anything."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from tests.live import LiveServer, live_server

CODES = {"UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "BAD_USER_INPUT", "CONFLICT",
         "INVALID_TRANSITION", "QUERY_TOO_COMPLEX"}  # fmt: skip


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    production = {
        "INDABA_ENV": "production",
        "INDABA_AUDIT_KEY": "live-audit-key-for-production-mode-0123456789",
    }
    with live_server(tmp_path_factory.mktemp("ws-errors"), env=production) as running:
        yield running


async def exchange(server: LiveServer, *frames: Any, token: str | None = None) -> list[Any]:
    """Send connection_init then each frame; everything the server answers (a close code
    as an int), until it has been quiet for a second."""
    url = server.url.replace("http://", "ws://") + "/graphql"
    answers: list[Any] = []
    async with connect(url, subprotocols=[Subprotocol("graphql-transport-ws")]) as ws:
        init: dict[str, Any] = {"type": "connection_init"}
        if token:
            init["payload"] = {"Authorization": f"Bearer {token}"}
        await ws.send(json.dumps(init))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        try:
            for frame in frames:
                await ws.send(frame if isinstance(frame, str) else json.dumps(frame))
            while True:
                answers.append(json.loads(await asyncio.wait_for(ws.recv(), 1.5)))
        except TimeoutError:
            pass
        except ConnectionClosed as closed:
            answers.append(closed.rcvd.code if closed.rcvd else -1)
    return answers


def subscribe(query: str, variables: dict | None = None, sid: str = "1") -> dict:
    return {
        "id": sid,
        "type": "subscribe",
        "payload": {"query": query, "variables": variables or {}},
    }


def errors_of(answers: list[Any]) -> list[dict]:
    found = []
    for answer in answers:
        if isinstance(answer, dict) and answer.get("type") == "error":
            found.extend(answer["payload"])
        elif isinstance(answer, dict) and answer.get("type") == "next":
            found.extend(answer["payload"].get("errors") or [])
    return found


def assert_contract(errors: list[dict]) -> None:
    assert errors
    for error in errors:
        assert error["extensions"]["code"] in CODES, error
        assert "Did you mean" not in error["message"], error
        assert "Traceback" not in error["message"] and "sql" not in error["message"].lower()


async def test_request_errors_carry_a_code_and_no_suggestion_in_production(server):
    token = server.token("member@example.org")
    cases = [
        subscribe("{ decisionz(first: 1) { totalCount } }", sid="unknown-field"),
        subscribe(
            "query($n: Int) { decisions(first: $n) { totalCount } }", {"n": "many"}, sid="coercion"
        ),
        subscribe("query($s: Strin) { decisions(search: $s) { totalCount } }", sid="unknown-type"),
        subscribe(
            "mutation($id: ID!) { castVote(motionId: $id, choice: FOR) { id } }",
            {"id": "not-an-id"},
            sid="domain",
        ),
    ]
    for case in cases:
        answers = await exchange(server, case, token=token)
        errors = errors_of(answers)
        assert errors, (case["id"], answers)
        assert_contract(errors)
        assert all(isinstance(a, dict) for a in answers), (case["id"], answers)


async def test_a_query_too_expensive_is_refused_on_the_websocket_too(server):
    pages = "committees(first: 100) { edges { node { meetings(first: 100) { edges { node { title } } } } } }"
    query = "{ " + " ".join(f"a{n}: {pages}" for n in range(10)) + " }"
    errors = errors_of(await exchange(server, subscribe(query)))
    assert [e["extensions"]["code"] for e in errors] == ["QUERY_TOO_COMPLEX"]


@pytest.mark.parametrize(
    "frame",
    ["not json", "[" * 50_000 + "]" * 50_000, "[1, 2]", "42", '{"type": 7}',
     json.dumps({"id": "1", "type": "subscribe", "payload": ["x"]}),
     json.dumps({"id": {"a": 1}, "type": "subscribe", "payload": {"query": "{ viewer { isAnonymous } }"}}),
     json.dumps(subscribe("query($s: String) { decisions(search: $s) { totalCount } }", {"s": "\ud800"}))],
    ids=["text", "deep", "list", "number", "type not a string", "payload a list", "id an object",
         "lone surrogate"],
)  # fmt: skip
async def test_a_malformed_frame_closes_the_connection_cleanly(server, frame):
    answers = await exchange(server, frame)
    assert answers and answers[-1] == 4400, answers
    # And the server is still there for the next one.
    fine = await exchange(server, subscribe("{ viewer { isAnonymous } }"))
    data = [a["payload"]["data"] for a in fine if isinstance(a, dict) and a["type"] == "next"]
    assert data == [{"viewer": {"isAnonymous": True}}]
