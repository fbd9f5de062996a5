"""Headers an attacker sends, and headers every response carries: the Host header is
checked against INDABA_ALLOWED_HOSTS before anything is written from it, and HSTS is
sent over https only."""

from __future__ import annotations

import contextlib
import xml.etree.ElementTree as ET
from dataclasses import replace

import httpx

from server.app import create_app
from tests.workflows.helpers import workflow_world as build

EVIL = "attacker.example"
HSTS = "max-age=31536000; includeSubDomains"


async def test_a_host_that_is_not_allowed_is_refused_before_anything_is_served(client):
    world = await build()
    paths = [
        "/feeds/updates.atom",
        f"/feeds/{world.bodies['sc'].slug}.ics",
        "/admin/sign-in",
        "/graphql",
        "/",
    ]
    for path in paths:
        for host in (EVIL, f"{EVIL}:443", "testserver.attacker.example", "[::2]"):
            refused = await client.get(path, headers={"Host": host})
            assert refused.status_code == 400, (path, host)
            assert refused.headers["content-type"].startswith("text/plain")
            assert refused.text == "Invalid host header"
            assert EVIL not in refused.text
        served = await client.get(path, headers={"Host": "localhost:8000"})
        assert served.status_code in (200, 405), (path, served.status_code)
    posted = await client.post(
        "/graphql", json={"query": "{ viewer { person { id } } }"}, headers={"Host": EVIL}
    )
    assert posted.status_code == 400


async def test_no_header_puts_another_host_into_a_feed(client):
    await build()
    forged = {
        "X-Forwarded-Host": EVIL,
        "X-Forwarded-Proto": "https",
        "Forwarded": f"host={EVIL};proto=https",
        "X-Original-URL": f"https://{EVIL}/",
    }
    atom = await client.get("/feeds/updates.atom", headers=forged)
    assert atom.status_code == 200
    assert EVIL not in atom.text
    feed = ET.fromstring(atom.content)  # noqa: S314 (our own server's output)
    hrefs = [link.get("href") for link in feed.iter("{http://www.w3.org/2005/Atom}link")]
    assert hrefs and all(href.startswith("http://testserver/") for href in hrefs)


async def test_hsts_is_sent_over_https_and_never_over_http(app):
    await build()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as plain:
        for path in ("/", "/graphql", "/feeds/updates.atom", "/admin/sign-in", "/no-such-page"):
            response = await plain.get(path)
            assert "strict-transport-security" not in response.headers, path
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as secure:
        for path in ("/", "/graphql", "/feeds/updates.atom", "/admin/sign-in", "/no-such-page"):
            response = await secure.get(path)
            assert response.headers["strict-transport-security"] == HSTS, path
        # Refusals too: a 400 for a wrong host and a 413 for a body too large.
        wrong_host = await secure.get("/", headers={"Host": EVIL})
        assert wrong_host.status_code == 400
        assert wrong_host.headers["strict-transport-security"] == HSTS
        too_big = await secure.post("/graphql", content=b"x" * (1024 * 1024))
        assert too_big.status_code == 413
        assert too_big.headers["strict-transport-security"] == HSTS


async def test_hsts_behind_a_trusted_proxy_that_terminates_tls(settings):
    """uvicorn runs without proxy headers: the scheme a trusted proxy forwards is believed,
    anybody else's X-Forwarded-Proto is not."""
    behind = create_app(replace(settings, trusted_proxies=("127.0.0.1",)), manage_database=False)
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    for peer, expected in ((("127.0.0.1", 4000), True), (("198.51.100.7", 4000), False)):
        transport = httpx.ASGITransport(app=behind, client=peer)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            response = await http.get("/", headers=forwarded)
        assert ("strict-transport-security" in response.headers) is expected, peer


async def test_a_websocket_naming_another_host_is_refused_before_its_handshake(app):
    """The same check on the WebSocket route: an HTTP 400 instead of the upgrade (the ASGI
    denial response uvicorn sends), so no subscription is ever served to that Host."""

    async def handshake(host: bytes) -> list[dict]:
        sent: list[dict] = []

        async def receive() -> dict:
            return {"type": "websocket.connect"}

        async def send(message: dict) -> None:
            sent.append(message)
            if message["type"] == "websocket.accept":
                raise _Accepted

        scope = {
            "type": "websocket", "asgi": {"version": "3.0"}, "http_version": "1.1",
            "scheme": "ws", "path": "/graphql", "raw_path": b"/graphql", "query_string": b"",
            "root_path": "", "headers": [(b"host", host)], "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8000), "subprotocols": ["graphql-transport-ws"],
            "extensions": {"websocket.http.response": {}}, "state": {},
        }  # fmt: skip
        with contextlib.suppress(_Accepted):
            await app(scope, receive, send)
        return sent

    refused = await handshake(EVIL.encode())
    assert [m["type"] for m in refused] == [
        "websocket.http.response.start",
        "websocket.http.response.body",
    ]
    assert refused[0]["status"] == 400
    accepted = await handshake(b"localhost:8000")
    assert accepted[-1]["type"] == "websocket.accept"


class _Accepted(Exception):
    """Stops the allowed connection once it is accepted: the handshake is all this test reads."""
