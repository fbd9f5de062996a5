"""Light on the wire: answers compressed for clients that accept it, static files under
fingerprinted names a browser keeps for a year, the plain names still revalidated."""

from __future__ import annotations

import gzip
import re

import httpx

from tests.world import build_world

GZIP = {"Accept-Encoding": "gzip"}


async def raw(
    client: httpx.AsyncClient, method: str, url: str, **kwargs
) -> tuple[httpx.Response, bytes]:
    """The response and its bytes as they travelled (not decompressed)."""
    async with client.stream(method, url, **kwargs) as response:
        return response, b"".join([chunk async for chunk in response.aiter_raw()])


async def test_a_large_graphql_answer_travels_compressed_at_least_four_times_smaller(client):
    await build_world()
    query = {"query": "{ __schema { types { name description fields { name description } } } }"}
    plain, plain_bytes = await raw(
        client, "POST", "/graphql", json=query, headers={"Accept-Encoding": "identity"}
    )
    packed, packed_bytes = await raw(client, "POST", "/graphql", json=query, headers=GZIP)
    assert "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == "gzip"
    assert gzip.decompress(packed_bytes) == plain_bytes
    assert len(plain_bytes) >= 4 * len(packed_bytes), (len(plain_bytes), len(packed_bytes))


async def test_pages_link_fingerprinted_static_files_kept_for_a_year(client):
    home = await client.get("/graphql", headers={"accept": "text/html"})
    assert home.status_code == 200
    linked = re.findall(r'(?:href|src)="(/static/[^"]+)"', home.text)
    assert linked, home.text
    for path in linked:
        assert re.search(r"\.[0-9a-f]{12}\.(css|js|svg)$", path), path
        response, body = await raw(client, "GET", path, headers=GZIP)
        assert response.status_code == 200, path
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
        if path.endswith((".css", ".js")):
            assert response.headers["content-encoding"] == "gzip", path
            assert len(body) < len(gzip.decompress(body)), path


async def test_htmx_travels_compressed_and_the_plain_name_is_revalidated(client):
    plain = await client.get("/static/vendor/htmx.min.js")
    assert plain.status_code == 200
    assert plain.headers["cache-control"] == "no-cache"
    assert plain.headers.get("etag")
    response, body = await raw(client, "GET", "/static/vendor/htmx.min.js", headers=GZIP)
    assert response.headers["content-encoding"] == "gzip"
    assert len(body) * 2 < len(plain.content), (len(body), len(plain.content))


async def test_a_file_that_is_not_there_is_404_under_any_name(client):
    for path in ("/static/admin.000000000000.css", "/static/nothing.css", "/static/../app.py"):
        assert (await client.get(path)).status_code == 404, path
