"""The whole portal as the public walks it: every page reached by following every link from
`/` (pages, paging, feeds and open data), over the demo and a programme built to trip it
(tests/portal/hostile.py). Not one of them names anything the public may not see: not the
secret word of the hostile items, not the title of any hidden item of the demo."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import httpx

from demo import load_demo
from governance.enums import Classification
from governance.models import Agreement, Body, Decision
from permissions import ANONYMOUS, visible
from tests.portal.hostile import SECRET, hostile_world
from tests.test_demo import hidden_from_the_public, named_in

LINK = re.compile(r'(?:href|action)="(/[^"#]*)"')
# Not pages: the admin (signed in), the API, static files, and files to download (the PDFs
# and documents are read through the same layer; tests/api/test_meeting_papers.py and
# tests/api/test_documents.py check what they hold).
ELSEWHERE = ("/admin", "/graphql", "/static/", "/documents/", "/favicon.ico")
KINDS = ("/updates/", "/decisions/", "/bodies/", "/meetings/", "/agreements/", "/indicators",
         "/open-data", "/feeds/", "/exports/")  # fmt: skip


async def crawl(client: httpx.AsyncClient) -> dict[str, str]:
    pages: dict[str, str] = {}
    queue = ["/"]
    while queue:
        path = queue.pop(0)
        if path in pages:
            continue
        response = await client.get(path)
        assert response.status_code == 200, (path, response.status_code, response.text[:300])
        pages[path] = response.text
        for link in LINK.findall(response.text):
            link = html.unescape(link)
            if link.startswith(ELSEWHERE) or urlsplit(link).path.endswith(".pdf"):
                continue
            if link not in pages:
                queue.append(link)
    return pages


async def test_the_whole_portal_names_nothing_hidden(client):
    assert await load_demo() is not None
    world = await hostile_world()
    hidden_titles = await hidden_from_the_public()
    assert any(SECRET in title for title in hidden_titles)  # the hostile items are in it too

    pages = await crawl(client)

    reached = {kind for kind in KINDS for path in pages if path.startswith(kind)}
    assert reached == set(KINDS), set(KINDS) - reached
    # Every public decision, body and agreement is a page reached from the home page.
    public_decisions = await visible(ANONYMOUS, Decision).values_list("reference", flat=True)
    agreements = await visible(ANONYMOUS, Agreement).values_list("reference", flat=True)
    expected = {
        *(f"/decisions/{reference}" for reference in public_decisions),
        *(f"/agreements/{reference}" for reference in agreements),
        *(f"/bodies/{slug}" for slug in await Body.all().values_list("slug", flat=True)),
    }
    assert expected - set(pages) == set()
    assert len(public_decisions) >= 8 and len(agreements) >= 2
    texts = {path: html.unescape(text) for path, text in pages.items()}
    leaks = {path: named_in(iter([text]), hidden_titles) for path, text in texts.items()}
    assert {path: found for path, found in leaks.items() if found} == {}
    assert [path for path, text in texts.items() if SECRET.lower() in text.lower()] == []
    # A French visitor is shown French versions first: the same walk names nothing either.
    client.headers["accept-language"] = "fr"
    french = {path: html.unescape(text) for path, text in (await crawl(client)).items()}
    del client.headers["accept-language"]
    assert len(french) >= len(pages) * 0.9
    assert {path for path, text in french.items() if named_in(iter([text]), hidden_titles)} == set()
    assert [path for path, text in french.items() if SECRET.lower() in text.lower()] == []
    # Hidden things reached by name give the page of a thing that does not exist.
    for path in world.hidden.values():
        assert path not in pages
        assert (await client.get(path)).status_code == 404

    # The register's search finds no hidden decision by its own words.
    hidden = Decision.exclude(classification=Classification.PUBLIC)
    for reference, title in await hidden.values_list("reference", "title"):
        for query in (reference, title):
            words = " ".join(query.split()[:10])  # the search takes ten words at most
            found = await client.get("/decisions", params={"q": words})
            assert found.status_code == 200
            assert f'href="/decisions/{reference}"' not in found.text, query
