"""An open WebSocket connection is only as good as its credential, operation by operation.

The attacks of the first release, replayed against a real server: a revoked
token still cast a vote and read a CONFIDENTIAL decision, a signed-out chair's
socket still read a RESTRICTED one, a former member's socket still read
CONFIDENTIAL items. Each credential change is tried twice: through the product
(which tells open connections at once) and behind its back, straight in the
database, so the per-operation check is shown on its own.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from demo import DEMO_PASSWORD
from tests.admin.helpers import SignedIn, sign_in
from tests.live import LiveServer, live_server
from tests.ws import call, cast, open_motion

DEPUTY = "nomvula.sithole@example.org"  # the steering committee's deputy chair
PER_PERSON = 3
TOTAL = 12
CONFIDENTIAL_DECISIONS = "{ decisions(first: 100) { edges { node { reference classification } } } }"
RESTRICTED_DECISIONS = CONFIDENTIAL_DECISIONS
TALLY = "subscription($id: ID!) { tallyChanged(motionId: $id) { id tally { cast } } }"
CAST = "mutation($id: ID!) { castVote(motionId: $id, choice: FOR) { id } }"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    env = {"INDABA_WS_PER_PERSON": str(PER_PERSON), "INDABA_WS_TOTAL": str(TOTAL)}
    with live_server(tmp_path_factory.mktemp("live-credentials"), env=env) as running:
        yield running


@pytest.fixture(scope="module")
def tokens(server: LiveServer) -> dict[str, str]:
    return {
        role: server.token(f"{role}@example.org")
        for role in ("chair", "secretary", "member", "admin", "participant")
    }


class Socket:
    """One graphql-transport-ws connection, driven one operation at a time."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.ids = 0

    async def start(self, query: str, variables: dict | None = None) -> str:
        self.ids += 1
        message = {"id": str(self.ids), "type": "subscribe",
                   "payload": {"query": query, "variables": variables or {}}}  # fmt: skip
        await self.ws.send(json.dumps(message))
        return str(self.ids)

    async def next_message(self, wait: float = 10) -> dict | int | None:
        """The next message, the close code once the server closed, or None after `wait`."""
        try:
            while True:
                message = json.loads(await asyncio.wait_for(self.ws.recv(), wait))
                if message["type"] == "ping":
                    await self.ws.send(json.dumps({"type": "pong"}))
                    continue
                return message
        except TimeoutError:
            return None
        except ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd else -1

    async def run(self, query: str, variables: dict | None = None) -> dict | int:
        """A query or mutation: its result, or the close code if the server hung up."""
        sid = await self.start(query, variables)
        while True:
            message = await self.next_message()
            assert message is not None, "no answer"
            if isinstance(message, int):
                return message
            if message.get("id") != sid:
                continue
            if message["type"] == "next":
                return message["payload"]
            if message["type"] == "error":
                return {"errors": message["payload"]}

    async def closed(self, wait: float) -> int | None:
        """The close code if the server closes within `wait` seconds (ignoring messages)."""
        deadline = asyncio.get_running_loop().time() + wait
        while (left := deadline - asyncio.get_running_loop().time()) > 0:
            message = await self.next_message(left)
            if isinstance(message, int):
                return message
            if message is None:
                return None
        return None


OPEN: list[Socket] = []


@pytest.fixture(autouse=True)
async def close_sockets() -> Any:
    """Each test starts with no connection of an earlier one counting against the caps."""
    yield
    while OPEN:
        await OPEN.pop().ws.close()
    await asyncio.sleep(0.3)  # the server lets go of them


async def open_socket(
    server: LiveServer, token: str | None = None, cookie: str | None = None
) -> Socket | int:
    """A connection past connection_init, or the close code if the server refused it."""
    url = server.url.replace("http://", "ws://") + "/graphql"
    headers = {"Cookie": cookie} if cookie else None
    protocols = [Subprotocol("graphql-transport-ws")]
    ws = await connect(url, subprotocols=protocols, additional_headers=headers)
    socket = Socket(ws)
    OPEN.append(socket)
    init: dict[str, Any] = {"type": "connection_init"}
    if token:
        init["payload"] = {"Authorization": f"Bearer {token}"}
    try:
        await ws.send(json.dumps(init))
    except ConnectionClosed as closed:
        return closed.rcvd.code if closed.rcvd else -1
    ack = await socket.next_message()
    if isinstance(ack, int):
        return ack
    assert ack is not None and ack["type"] == "connection_ack", ack
    return socket


async def connected(server: LiveServer, **credential: Any) -> Socket:
    socket = await open_socket(server, **credential)
    assert isinstance(socket, Socket), f"refused with {socket}"
    return socket


async def behind_its_back(server: LiveServer, sql: str, *values: Any) -> None:
    """Change the database directly, as an operator would: no event tells the server."""
    if server.database_url.startswith("sqlite"):
        path = server.database_url.removeprefix("sqlite://").split("?", 1)[0]
        with sqlite3.connect(path, timeout=10) as db:
            db.execute(sql, values)
        return
    import asyncpg

    for n in range(1, len(values) + 1):
        sql = sql.replace("?", f"${n}", 1)
    connection = await asyncpg.connect(
        server.database_url.replace("postgres://", "postgresql://", 1)
    )
    try:
        await connection.execute(sql, *values)
    finally:
        await connection.close()


async def revoke_silently(server: LiveServer, token: str) -> None:
    digest = hashlib.sha256(token.encode()).hexdigest()
    await behind_its_back(
        server, "UPDATE api_token SET revoked_at = CURRENT_TIMESTAMP WHERE token_hash = ?", digest
    )


def levels(result: dict | int) -> set[str]:
    assert isinstance(result, dict) and not result.get("errors"), result
    return {e["node"]["classification"] for e in result["data"]["decisions"]["edges"]}


async def votes_cast(server: LiveServer, tokens: dict[str, str], motion_id: str) -> int:
    data = await call(
        server, "query($id: ID!) { node(id: $id) { ... on Motion { tally { cast } } } }",
        {"id": motion_id}, token=tokens["chair"],
    )  # fmt: skip
    return data["node"]["tally"]["cast"]


# ------------------------------------------------------------------ revoked tokens


async def test_revoking_a_token_closes_its_open_connection_at_once(server, tokens):
    token = server.token("member@example.org")
    socket = await connected(server, token=token)
    assert "CONFIDENTIAL" in levels(await socket.run(CONFIDENTIAL_DECISIONS))

    mine = await call(server, "{ viewer { apiTokens { id prefix } } }", token=token)
    token_id = next(t["id"] for t in mine["viewer"]["apiTokens"] if token.startswith(t["prefix"]))
    revoked = await call(
        server, "mutation($id: ID!) { revokeApiToken(tokenId: $id) }", {"id": token_id},
        token=tokens["member"],
    )  # fmt: skip
    assert revoked == {"revokeApiToken": True}

    assert await socket.closed(wait=5) == 4401
    assert await open_socket(server, token=token) == 4401


async def test_a_token_revoked_behind_the_servers_back_can_neither_read_nor_vote(server, tokens):
    motion_id = await open_motion(server, tokens, "CONFIDENTIAL")
    token = server.token("member@example.org")
    reader, voter = await connected(server, token=token), await connected(server, token=token)
    assert "CONFIDENTIAL" in levels(await reader.run(CONFIDENTIAL_DECISIONS))

    await revoke_silently(server, token)

    assert await reader.run(CONFIDENTIAL_DECISIONS) == 4401
    assert await voter.run(CAST, {"id": motion_id}) == 4401
    assert await votes_cast(server, tokens, motion_id) == 0


async def test_a_subscription_hears_no_event_once_its_token_is_revoked(server, tokens):
    motion_id = await open_motion(server, tokens, "CONFIDENTIAL")
    token = server.token("member@example.org")
    socket = await connected(server, token=token)
    await socket.start(TALLY, {"id": motion_id})
    # The subscription is live: the chair's vote reaches it.
    for _ in range(20):
        await cast(server, tokens, "chair", motion_id, "FOR")
        if (message := await socket.next_message(wait=0.5)) is not None:
            break
    assert isinstance(message, dict) and message["type"] == "next", message

    await revoke_silently(server, token)
    await cast(server, tokens, "chair", motion_id, "AGAINST")  # the chair changes their vote

    assert await socket.next_message(wait=5) == 4401


# ------------------------------------------------------------------ expiry


async def test_a_connection_does_not_outlive_its_tokens_expiry(server, tokens):
    expires = (datetime.now(UTC) + timedelta(seconds=3)).isoformat()
    issued = await call(
        server,
        "mutation($p: ID!, $e: DateTime) { issueApiToken(personId: $p, expiresAt: $e) { token } }",
        {"p": (await call(server, "{ viewer { person { id } } }", token=tokens["member"]))[
            "viewer"]["person"]["id"], "e": expires},
        token=tokens["member"],
    )  # fmt: skip
    token = issued["issueApiToken"]["token"]
    socket = await connected(server, token=token)
    assert "CONFIDENTIAL" in levels(await socket.run(CONFIDENTIAL_DECISIONS))

    # Nothing is sent: the server closes at expiry on its own.
    assert await socket.closed(wait=8) == 4401
    assert await open_socket(server, token=token) == 4401


# ------------------------------------------------------------------ signing out


async def signed_in(server: LiveServer, email: str) -> tuple[SignedIn, str]:
    """An admin session (as a browser holds it) and its cookie, for the WebSocket."""
    session = await sign_in(
        httpx.AsyncClient(base_url=server.url, timeout=30), email, DEMO_PASSWORD
    )
    cookie = "; ".join(f"{name}={value}" for name, value in session.http.cookies.items())
    return session, cookie


async def test_signing_out_closes_the_sessions_open_connection(server, tokens):
    session, cookie = await signed_in(server, "chair@example.org")
    try:
        socket = await connected(server, cookie=cookie)
        assert "RESTRICTED" in levels(await socket.run(RESTRICTED_DECISIONS))

        signed_out = await session.post("/admin/sign-out")
        assert signed_out.status_code in (200, 303), signed_out.text

        assert await socket.closed(wait=5) == 4401
        # The old cookie is nobody's now: a new connection with it reads as the public.
        stale = await connected(server, cookie=cookie)
        assert levels(await stale.run(RESTRICTED_DECISIONS)) <= {"PUBLIC"}
    finally:
        await session.http.aclose()


async def test_a_session_ended_behind_the_servers_back_reads_nothing_more(server, tokens):
    session, cookie = await signed_in(server, "chair@example.org")
    try:
        socket = await connected(server, cookie=cookie)
        assert "RESTRICTED" in levels(await socket.run(RESTRICTED_DECISIONS))
        await behind_its_back(
            server,
            "UPDATE person SET session_version = session_version + 1 WHERE email = ?",
            "chair@example.org",
        )
        assert await socket.run(RESTRICTED_DECISIONS) == 4401
    finally:
        await session.http.aclose()


# ------------------------------------------------------------------ ended memberships


async def test_an_ended_membership_takes_effect_on_the_open_connection(server, tokens):
    motion_id = await open_motion(server, tokens, "CONFIDENTIAL")
    token = server.token(DEPUTY)
    socket, listener = await connected(server, token=token), await connected(server, token=token)
    assert "CONFIDENTIAL" in levels(await socket.run(CONFIDENTIAL_DECISIONS))
    await listener.start(TALLY, {"id": motion_id})
    for _ in range(20):
        await cast(server, tokens, "chair", motion_id, "FOR")
        if await listener.next_message(wait=0.5) is not None:
            break

    committee = await call(
        server, '{ body(slug: "mcpp-steering-committee") { id } }', token=tokens["secretary"]
    )
    me = await call(server, "{ viewer { person { id } } }", token=token)
    await call(
        server,
        "mutation($b: ID!, $p: ID!, $d: Date!) { endMembership(bodyId: $b, personId: $p, "
        "endDate: $d) { endDate } }",
        {"b": committee["body"]["id"], "p": me["viewer"]["person"]["id"],
         "d": datetime.now(UTC).date().isoformat()},
        token=tokens["admin"],
    )  # fmt: skip

    # The credential is still good, so the connection stays; what it shows does not.
    assert "CONFIDENTIAL" not in levels(await socket.run(CONFIDENTIAL_DECISIONS))
    refused = await socket.run(CAST, {"id": motion_id})
    assert isinstance(refused, dict), refused
    assert [e["extensions"]["code"] for e in refused["errors"]] == ["NOT_FOUND"]
    await cast(server, tokens, "chair", motion_id, "AGAINST")
    while (message := await listener.next_message(wait=1.0)) is not None:
        assert isinstance(message, dict) and not (message.get("payload") or {}).get("data"), message


# ------------------------------------------------------------------ caps


async def test_connections_are_capped_per_person_and_in_total(server, tokens):
    mine = [await connected(server, token=tokens["participant"]) for _ in range(PER_PERSON)]
    # Another token of the same person counts against the same cap.
    assert await open_socket(server, token=server.token("participant@example.org")) == 4429
    await mine[0].ws.close()
    await asyncio.sleep(0.3)
    mine[0] = await connected(server, token=tokens["participant"])

    others = []
    for role in ("chair", "secretary", "admin", "member"):
        for _ in range(PER_PERSON):
            socket = await open_socket(server, token=tokens[role])
            others.append(socket)
    opened = [s for s in others if isinstance(s, Socket)]
    assert len(mine) + len(opened) == TOTAL
    assert [s for s in others if not isinstance(s, Socket)] == [1013] * (len(others) - len(opened))
    for socket in mine + opened:
        await socket.ws.close()
