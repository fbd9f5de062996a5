"""A graphql-transport-ws client and the live calls the WebSocket tests share."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

from tests.live import LiveServer


async def call(server: LiveServer, query: str, variables: dict | None = None, token=None) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with httpx.AsyncClient(timeout=30) as http:
        response = await http.post(
            f"{server.url}/graphql", json={"query": query, "variables": variables or {}},
            headers=headers,
        )  # fmt: skip
    body = response.json()
    assert not body.get("errors"), body["errors"]
    return body["data"]


class Subscriber:
    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.next_id = 0

    async def subscribe(self, query: str, variables: dict | None = None) -> str:
        self.next_id += 1
        sid = str(self.next_id)
        payload = {"query": query, "variables": variables or {}}
        await self.ws.send(json.dumps({"id": sid, "type": "subscribe", "payload": payload}))
        return sid

    async def receive(self, wait: float = 10) -> dict | None:
        """The next message about an operation (pings answered), or None after `wait` seconds."""
        deadline = asyncio.get_running_loop().time() + wait
        while True:
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                return None
            try:
                message = json.loads(await asyncio.wait_for(self.ws.recv(), left))
            except TimeoutError:
                return None
            if message["type"] == "ping":
                await self.ws.send(json.dumps({"type": "pong"}))
                continue
            if message["type"] == "pong":
                continue
            return message


@asynccontextmanager
async def subscriber(server: LiveServer, token: str | None = None) -> AsyncIterator[Subscriber]:
    url = server.url.replace("http://", "ws://") + "/graphql"
    async with connect(url, subprotocols=[Subprotocol("graphql-transport-ws")]) as ws:
        init: dict[str, Any] = {"type": "connection_init"}
        if token:
            init["payload"] = {"Authorization": f"Bearer {token}"}
        await ws.send(json.dumps(init))
        ack = json.loads(await asyncio.wait_for(ws.recv(), 10))
        assert ack["type"] == "connection_ack", ack
        yield Subscriber(ws)


async def open_motion(server, tokens, classification: str, *, secret: bool = False) -> str:
    committee = await call(
        server, '{ body(slug: "mcpp-steering-committee") { id } }', token=tokens["secretary"]
    )
    starts = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    meeting = await call(
        server,
        "mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id } }",
        {"i": {"bodyId": committee["body"]["id"], "title": f"{classification} live meeting",
               "startsAt": starts, "classification": classification}},
        token=tokens["secretary"],
    )  # fmt: skip
    motion = await call(
        server,
        "mutation($i: ProposeMotionInput!) { proposeMotion(input: $i) { id } }",
        {"i": {"meetingId": meeting["scheduleMeeting"]["id"], "title": "Ring-fence the water account",
               "text": "Resolved.", "votingRule": "SIMPLE_MAJORITY", "secretBallot": secret,
               "classification": classification}},
        token=tokens["secretary"],
    )  # fmt: skip
    motion_id = motion["proposeMotion"]["id"]
    await call(
        server,
        "mutation($id: ID!) { openVoting(motionId: $id) { id } }",
        {"id": motion_id},
        token=tokens["chair"],
    )
    return motion_id


async def cast(server, tokens, role: str, motion_id: str, choice: str) -> None:
    await call(
        server,
        "mutation($id: ID!, $c: VoteChoice!) { castVote(motionId: $id, choice: $c) { id } }",
        {"id": motion_id, "c": choice},
        token=tokens[role],
    )


async def first_tally(sub: Subscriber, sid: str, server, tokens, motion_id: str, voter: str):
    """Cast (again) until the subscription, which registers asynchronously, reports it."""
    for _ in range(20):
        await cast(server, tokens, voter, motion_id, "FOR")
        message = await sub.receive(wait=0.5)
        if message is not None:
            assert message["id"] == sid, message
            return message
    raise AssertionError("no tally change arrived")
