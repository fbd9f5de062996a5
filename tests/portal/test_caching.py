"""Caching: a page anyone may keep for a minute, revalidated by its ETag; never a
response to a request that carries a credential (server.portal.rendering)."""

from __future__ import annotations

import httpx

from governance.models import Person
from tests.admin.helpers import PASSWORD_HASH, sign_in
from tests.admin.helpers import vary as varies_on
from tests.portal.hostile import hostile_world

PAGES = ["/", "/updates", "/decisions", "/indicators", "/open-data"]


async def test_a_signed_in_request_is_never_cached_publicly(app, client):
    world = await hostile_world()
    await Person.filter(id__gt=0).update(password_hash=PASSWORD_HASH)
    paths = [*PAGES, f"/bodies/{world.body.slug}", f"/decisions/{world.decision.reference}"]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        await sign_in(http, "pieter@example.org")
        for path in paths:
            signed = await http.get(path)
            assert signed.status_code == 200, path
            assert signed.headers["cache-control"] == "private, no-store", path
            assert "etag" not in signed.headers, path
            assert {"cookie", "authorization"} <= varies_on(signed), path
    for headers in ({"Authorization": "Bearer anything"}, {"Cookie": "indaba_session=stale"}):
        for path in paths:
            response = await client.get(path, headers=headers)
            assert response.headers["cache-control"] == "private, no-store", (path, headers)
            assert "etag" not in response.headers
    # The same pages, asked by the public.
    for path in paths:
        public = await client.get(path)
        assert public.headers["cache-control"] == "public, max-age=60", path
        assert public.headers["etag"].startswith('W/"'), path
        assert {"cookie", "authorization"} <= varies_on(public), path


async def test_an_unchanged_page_is_revalidated_with_its_etag_and_a_changed_one_is_not(client):
    world = await hostile_world()
    path = f"/bodies/{world.body.slug}"
    first = await client.get(path)
    etag = first.headers["etag"]
    again = await client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    assert again.headers["cache-control"] == "public, max-age=60"
    # A list of tags, and the strong form of the same tag, match too (weak comparison).
    listed = await client.get(path, headers={"If-None-Match": f'"other", {etag[2:]}'})
    assert listed.status_code == 304
    assert (await client.get(path, headers={"If-None-Match": '"other"'})).status_code == 200
    # The mandate changes: the page is another page, with another tag.
    world.body.mandate = "Oversees water and sanitation in Northam."
    await world.body.save()
    changed = await client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and "sanitation" in changed.text
    assert changed.headers["etag"] != etag
    # Credentials win over a matching tag: no 304, no tag, nothing for a shared cache.
    signed = await client.get(
        path, headers={"If-None-Match": changed.headers["etag"], "Authorization": "Bearer x"}
    )
    assert signed.status_code == 200 and signed.headers["cache-control"] == "private, no-store"


async def test_a_missing_page_is_not_kept(client):
    await hostile_world()
    missing = await client.get("/decisions/NWC-2026-001")  # confidential: the same as absent
    assert missing.status_code == 404
    assert missing.headers["cache-control"] == "no-store" and "etag" not in missing.headers
