"""Random frames on a live graphql-transport-ws connection, after connection_init: whatever
comes, the server answers with protocol messages whose errors carry contract codes, or
closes the connection with a 44xx code; never an internal error (1011), never a dropped
connection, and it still serves everyone afterwards."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from tests.fuzz.contract import CODES
from tests.live import LiveServer, live_server
from tests.ws import subscriber

EXAMPLES = int(os.environ.get("INDABA_FUZZ_WS_EXAMPLES", "200"))
SEEDED = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PROTOCOL = Subprotocol("graphql-transport-ws")
SENTINEL = {
    "type": "subscribe",
    "id": "sentinel",
    "payload": {"query": "{ viewer { isAnonymous } }"},
}
SERVER_MESSAGES = {"connection_ack", "next", "error", "complete", "ping", "pong"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    # Hundreds of operations in a few seconds: the rate limiter is not what this looks at.
    env = {"INDABA_RATE_LIMIT": "0"}
    with live_server(tmp_path_factory.mktemp("fuzz-ws"), env=env) as running:
        yield running


class Target:
    """Where the frames go and what they may name (a short repr: hypothesis prints it)."""

    def __init__(self, server: LiveServer, token: str, ids: list[str]) -> None:
        self.server = server
        self.url = server.url.replace("http://", "ws://") + "/graphql"
        self.token = token
        self.ids = ids

    def __repr__(self) -> str:
        return f"Target({self.url})"


@pytest.fixture(scope="module")
def target(server: LiveServer) -> Target:
    """A chair's token, and ids of real motions and meetings from the demo."""
    token = server.token("chair@example.org")
    query = "{ meetings(first: 20) { edges { node { id motions { id } } } } }"
    answer = httpx.post(
        f"{server.url}/graphql",
        json={"query": query},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    ).json()
    meetings = [edge["node"] for edge in answer["data"]["meetings"]["edges"]]
    motions = [motion["id"] for meeting in meetings for motion in meeting["motions"]]
    assert motions, answer
    return Target(server, token, motions + [m["id"] for m in meetings])


# What a subscribe message may carry: real subscriptions, a query and a mutation (which
# run once), broken documents, hostile variables.
DOCUMENTS = [
    "subscription($id: ID!) { tallyChanged(motionId: $id) { id status tally { cast } } }",
    "subscription { updatePublished { title status } }",
    "subscription { updatePublished { title } tallyChanged(motionId: 1) { id } }",
    "{ viewer { isAnonymous } }",
    'mutation { draftUpdate(input: {title: "Fuzz", body: "Sent over the socket."}) { id } }',
    "subscription {",
    "subscription { nope }",
    "query a { viewer { isAnonymous } } query b { viewer { isAnonymous } }",
    "fragment F on Query { viewer { isAnonymous } } subscription { ...F }",
]
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
TYPES = st.one_of(
    st.sampled_from(
        [
            "subscribe",
            "subscribe",
            "subscribe",
            "complete",
            "ping",
            "pong",
            "connection_init",
            "next",
            "error",
            "connection_ack",
            "start",
            "stop",
            "connection_terminate",
            "ka",
        ]
    ),
    st.text(max_size=12),
    JSON,
)
IDS = st.one_of(st.sampled_from(["1", "2", "x"]), st.text(max_size=120), JSON)


@st.composite
def payloads(draw: st.DrawFn, ids: list[str]) -> Any:
    variables = st.one_of(
        st.fixed_dictionaries({"id": st.sampled_from(ids)}),
        st.dictionaries(st.sampled_from(["id", "x"]), JSON, max_size=2),
        JSON,
    )
    return draw(
        st.one_of(
            st.fixed_dictionaries(
                {"query": st.sampled_from(DOCUMENTS)},
                optional={
                    "variables": variables,
                    "operationName": st.one_of(st.none(), st.sampled_from(["a", "b"]), JSON),
                    "extensions": JSON,
                },
            ),
            JSON,
        )
    )


@st.composite
def messages(draw: st.DrawFn, ids: list[str]) -> str:
    """A message-shaped object: a type (known or not), perhaps an id and a payload."""
    message = draw(
        st.fixed_dictionaries({"type": TYPES}, optional={"id": IDS, "payload": payloads(ids)})
    )
    return json.dumps(message)


@st.composite
def garbage(draw: st.DrawFn) -> str | bytes:
    """A frame no message is made of: text, another JSON value, JSON nested 100,000 deep, a
    lone surrogate, a number past what Python reads, bytes."""
    kind = draw(st.sampled_from(["text", "json", "deep", "lone", "big", "bytes"]))
    if kind == "text":
        return draw(st.text(max_size=200))
    if kind == "json":
        return json.dumps(draw(JSON))
    if kind == "deep":
        depth = draw(st.sampled_from([65, 1000, 100_000]))
        return '{"type": "subscribe", "id": "d", "payload": ' + "[" * depth + "]" * depth + "}"
    if kind == "lone":
        lone = "\\u" + format(draw(st.integers(min_value=0xD800, max_value=0xDFFF)), "04x")
        return (
            '{"type": "subscribe", "id": "' + lone + '", '
            '"payload": {"query": "{ viewer { isAnonymous } }"}}'
        )
    if kind == "big":
        digits = draw(st.sampled_from(["9" * 30, "9" * 4301, "1e400"]))
        return (
            '{"type": "subscribe", "id": "b", "payload": '
            '{"query": "{ viewer { isAnonymous } }", "variables": {"n": ' + digits + "}}}"
        )
    return draw(st.binary(max_size=200))


@st.composite
def frames(draw: st.DrawFn, ids: list[str]) -> list[str | bytes]:
    """A few messages, then (usually) one frame of garbage: last, because the server may
    rightly close the connection at the first bad frame, and then reads nothing more."""
    sent: list[str | bytes] = draw(st.lists(messages(ids), max_size=3))
    last = draw(st.one_of(garbage(), garbage(), st.none()))
    if last is not None or not sent:
        sent.append(last if last is not None else draw(messages(ids)))
    return sent


def _check_message(raw: str | bytes, sent: list[Any]) -> dict[str, Any]:
    message = json.loads(raw)
    where = f"sent {sent!r}\nreceived {raw!r}"
    assert isinstance(message, dict) and message.get("type") in SERVER_MESSAGES, where
    payload = message.get("payload")
    errors = payload if message["type"] == "error" else (payload or {}).get("errors") or []
    if message["type"] == "error":
        assert isinstance(errors, list) and errors, where
    for error in errors:
        assert (error.get("extensions") or {}).get("code") in CODES, where
    return message


async def _exchange(url: str, token: str | None, sent: list[str | bytes]) -> None:
    async with connect(url, subprotocols=[PROTOCOL], open_timeout=10, close_timeout=2) as ws:
        init: dict[str, Any] = {"type": "connection_init"}
        if token:
            init["payload"] = {"Authorization": f"Bearer {token}"}
        await ws.send(json.dumps(init))
        assert json.loads(await asyncio.wait_for(ws.recv(), 10))["type"] == "connection_ack"
        try:
            for frame in sent:
                await ws.send(frame)
            # A query after the frames: its answer says the server has read them all and
            # still runs operations on this connection.
            await ws.send(json.dumps(SENTINEL))
            async with asyncio.timeout(10):
                while True:
                    message = _check_message(await ws.recv(), sent)
                    if message.get("id") == SENTINEL["id"] and message["type"] != "next":
                        assert message["type"] == "complete", message
                        return
        except ConnectionClosed as closed:
            code = closed.rcvd.code if closed.rcvd is not None else None
            assert code is not None and (4400 <= code < 4500 or code == 1000), (
                f"sent {sent!r}\nclosed with {code} {closed.rcvd}"
            )


@SEEDED
@given(data=st.data(), signed_in=st.booleans())
async def test_random_frames_never_break_the_server(
    target: Target, data: st.DataObject, signed_in: bool
):
    sent = data.draw(frames(target.ids), label="frames")
    await _exchange(target.url, target.token if signed_in else None, sent)


async def test_the_server_still_answers_after_the_frames(target: Target):
    """Runs after the fuzzer in this module (pytest keeps the order): the same server still
    serves a query over HTTP and a subscription over a fresh connection."""
    async with httpx.AsyncClient(timeout=30) as http:
        answer = await http.post(
            f"{target.server.url}/graphql", json={"query": "{ viewer { isAnonymous } }"}
        )
    assert answer.json()["data"] == {"viewer": {"isAnonymous": True}}
    async with subscriber(target.server, target.token) as sub:
        sid = await sub.subscribe("{ viewer { isAnonymous } }")
        message = await sub.receive()
    assert message is not None and message["id"] == sid, message
    assert message["payload"]["data"] == {"viewer": {"isAnonymous": False}}
