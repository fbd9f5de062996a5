"""Persisted queries by hash (Apollo's APQ): a partner sends the hash, the document once.

An unknown hash is PERSISTED_QUERY_NOT_FOUND; the document sent with its hash is
checked, run and kept; then the hash alone runs it, by POST or by GET (a query,
never a mutation). A kept document obeys every limit, per request and per viewer.
Also: a repeated document is parsed once, and both caches stay bounded.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

import httpx
import pytest
from graphql.language import parser

from schema.documents import Documents
from server import persisted
from server.app import create_app
from tests.graphql import Result
from tests.world import build_world

MEETINGS = "{ meetings(first: 100) { totalCount } }"
PAGES = (
    "query($n: Int) { committees(first: $n) { edges { node { meetings(first: $n) { edges { "
    "node { title motions { title votes { choice voter { name } } } } } } } } } }"
)
DEEP = (  # cheap (one item a page) but too deep
    "{ committees(first: 1) { edges { node { meetings(first: 1) { edges { node { body { "
    "meetings(first: 1) { edges { node { body { meetings(first: 1) { edges { node { title"
    + " }"
    * 15
)


def sha(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()


def apq(sha256: str, version: Any = 1) -> dict[str, Any]:
    return {"persistedQuery": {"version": version, "sha256Hash": sha256}}


async def post(
    client: httpx.AsyncClient,
    extensions: Any,
    query: str | None = None,
    variables: dict[str, Any] | None = None,
    token: str | None = None,
) -> Result:
    body: dict[str, Any] = {"extensions": extensions}
    if query is not None:
        body["query"] = query
    if variables is not None:
        body["variables"] = variables
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await client.post("/graphql", json=body, headers=headers)
    return Result(response.status_code, response.json())


async def get(
    client: httpx.AsyncClient,
    extensions: Any,
    variables: dict[str, Any] | None = None,
    token: str | None = None,
    **params: str,
) -> Result:
    params["extensions"] = json.dumps(extensions)
    if variables is not None:
        params["variables"] = json.dumps(variables)
    headers = {"Accept": "*/*"}  # curl's default: must not get GraphiQL
    if token:
        headers["Authorization"] = f"Bearer {token}"
    response = await client.get("/graphql", params=params, headers=headers)
    return Result(response.status_code, response.json())


async def test_an_unknown_hash_is_not_found_then_the_document_registers_it(client):
    query = "{ viewer { isAnonymous } }"
    unknown = await post(client, apq(sha(query)))
    assert unknown.status == 200
    assert unknown.body == {
        "errors": [
            {
                "message": "PersistedQueryNotFound",
                "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"},
            }
        ]
    }
    by_get = await get(client, apq(sha(query)))
    assert by_get.only_code() == "PERSISTED_QUERY_NOT_FOUND"

    registered = await post(client, apq(sha(query)), query)
    assert registered.ok and registered.data == {"viewer": {"isAnonymous": True}}
    by_post = await post(client, apq(sha(query)))
    assert by_post.ok and by_post.data == {"viewer": {"isAnonymous": True}}
    by_get = await get(client, apq(sha(query).upper()))  # hex in either case
    assert by_get.status == 200 and by_get.data == {"viewer": {"isAnonymous": True}}


async def test_a_wrong_hash_is_refused_and_nothing_is_kept(client):
    query = "{ viewer { isAnonymous } }"
    other = sha("{ committees { totalCount } }")
    wrong = await post(client, apq(other), query)
    assert wrong.status == 400
    assert wrong.only_code() == "BAD_USER_INPUT"
    assert wrong.errors[0]["message"] == "provided sha does not match query"
    assert (await post(client, apq(other))).only_code() == "PERSISTED_QUERY_NOT_FOUND"


async def test_malformed_persisted_queries_are_bad_input_never_a_crash(client):
    good = sha("{ viewer { isAnonymous } }")
    for extensions in (
        apq(good, version=2),
        apq(good, version=True),
        apq("abc"),
        apq(good + "0"),
        apq("z" * 64),
        apq(12345),
        {"persistedQuery": "yes"},
        {"persistedQuery": [1, 2]},
        {"persistedQuery": {"version": 1, "sha256Hash": good, "x": "y" * 10_000}},
        [1, 2, 3],
        "persistedQuery",
    ):
        for result in (await post(client, extensions), await get(client, extensions)):
            assert result.status == 400, (extensions, result.body)
            assert result.only_code() == "BAD_USER_INPUT"
    version = await post(client, apq(good, version=2))
    assert "version 1" in version.errors[0]["message"]
    # Many other extensions alongside are no business of ours, and no crash either.
    huge = {f"k{n}": n for n in range(5000)}
    assert (await post(client, {**huge, **apq(good)})).only_code() == "PERSISTED_QUERY_NOT_FOUND"


async def test_get_runs_persisted_queries_only_never_a_document_or_a_mutation(client):
    world = await build_world()
    # Denied: a document in the URL, even with its hash.
    query = "{ viewer { isAnonymous } }"
    sent = await client.get(
        "/graphql", params={"query": query, "extensions": json.dumps(apq(sha(query)))}
    )
    assert sent.status_code == 400
    assert "POST" in sent.json()["errors"][0]["message"]
    # A mutation kept by hash (it ran by POST, refused for its argument) is refused by GET.
    mutation = 'mutation { revokeApiTokens(personId: "x") }'
    token = world.tokens["chair"]
    by_post = await post(client, apq(sha(mutation)), mutation, token=token)
    assert by_post.codes and "PERSISTED_QUERY_NOT_FOUND" not in by_post.codes
    assert (await post(client, apq(sha(mutation)), token=token)).codes == by_post.codes  # kept
    by_get = await get(client, apq(sha(mutation)), token=token)
    assert by_get.status in (400, 405)
    assert by_get.data is None and by_get.only_code() == "BAD_USER_INPUT"
    assert "mutation" in by_get.errors[0]["message"].lower()
    # Allowed: a query, by its hash.
    await post(client, apq(sha(query)), query, token=token)
    assert (await get(client, apq(sha(query)), token=token)).data == {
        "viewer": {"isAnonymous": False}
    }


async def test_a_persisted_query_shows_each_viewer_what_they_may_see(client):
    world = await build_world()
    await post(client, apq(sha(MEETINGS)), MEETINGS, token=world.tokens["member"])
    counts = {}
    for role in ("anonymous", "member"):
        for how in (post, get):
            result = await how(client, apq(sha(MEETINGS)), token=world.tokens[role])
            assert result.ok, result.errors
            counts[role, how.__name__] = result.data["meetings"]["totalCount"]
    assert counts["anonymous", "post"] == counts["anonymous", "get"]
    assert counts["member", "post"] == counts["member", "get"]
    assert counts["anonymous", "post"] < counts["member", "post"]


async def test_a_persisted_query_is_priced_per_request(client):
    await build_world()
    cheap = await post(client, apq(sha(PAGES)), PAGES, {"n": 1})
    assert cheap.ok, cheap.errors
    assert cheap.body["extensions"]["cost"]["price"] < 25_000
    # Denied: the same kept document, asked for a hundred times as much.
    dear = await post(client, apq(sha(PAGES)), variables={"n": 100})
    assert dear.only_code() == "QUERY_TOO_COMPLEX"
    assert (await get(client, apq(sha(PAGES)), {"n": 100})).only_code() == "QUERY_TOO_COMPLEX"
    # Allowed again, by hash: the variables were the price.
    assert (await get(client, apq(sha(PAGES)), {"n": 1})).ok


async def test_a_tighter_budget_holds_for_a_kept_document(settings, orm):
    await build_world()
    app = create_app(dataclasses.replace(settings, query_budget=100), manage_database=False)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as http:
        cheap = "{ viewer { isAnonymous } }"
        assert (await post(http, apq(sha(cheap)), cheap)).ok
        refused = await post(http, apq(sha(PAGES)), PAGES, {"n": 1})
        assert refused.only_code() == "QUERY_TOO_COMPLEX"
        assert "budget of 100" in refused.errors[0]["message"]
        # Refused before it ran: never kept.
        assert (await get(http, apq(sha(PAGES)), {"n": 1})).only_code() == (
            "PERSISTED_QUERY_NOT_FOUND"
        )


async def test_a_document_over_the_depth_limit_is_refused_every_time_and_never_kept(client):
    for _ in range(3):  # the second and third come from the caches
        refused = await post(client, apq(sha(DEEP)), DEEP)
        assert refused.only_code() == "QUERY_TOO_COMPLEX"
        assert "depth" in refused.errors[0]["message"]
    assert (await post(client, apq(sha(DEEP)))).only_code() == "PERSISTED_QUERY_NOT_FOUND"


async def test_a_repeated_document_is_parsed_once(client, monkeypatch):
    calls: list[str] = []
    real = parser.parse

    def counting(source: Any, **options: Any) -> Any:
        calls.append(str(source))
        return real(source, **options)

    monkeypatch.setattr(parser, "parse", counting)
    query = "{ viewer { isAnonymous } } # parsed once"
    for _ in range(3):
        result = await post(client, None, query)
        assert result.ok, result.errors
    assert calls == [query]
    # A different document is parsed, and the limits still apply to the cached one.
    assert (await post(client, None, DEEP)).only_code() == "QUERY_TOO_COMPLEX"
    assert (await post(client, None, DEEP)).only_code() == "QUERY_TOO_COMPLEX"
    assert calls == [query, DEEP]


def test_the_caches_stay_bounded():
    kept = persisted.PersistedQueries(max_queries=3, max_weight=100)
    for n in range(50):
        query = f"{{ a{n}: viewer {{ isAnonymous }} }}"
        ask = persisted.asked(apq(sha(query)))
        assert ask is not None
        kept.keep(ask, kept.resolve(ask, query))
    assert len(kept) == 3
    assert kept.cache.weight <= 100
    latest = persisted.asked(apq(sha("{ a49: viewer { isAnonymous } }")))
    first = persisted.asked(apq(sha("{ a0: viewer { isAnonymous } }")))
    assert latest is not None and first is not None
    assert kept.resolve(latest, None) == "{ a49: viewer { isAnonymous } }"
    with pytest.raises(persisted.PersistedQueryNotFound):
        kept.resolve(first, None)  # the oldest was evicted
    # By weight: a flood of long documents keeps no more text than the bound.
    documents = Documents(max_documents=100, max_weight=10_000)
    for n in range(200):
        documents.parse("{ viewer { isAnonymous } }" + f" # {n}" + " " * 1000, {})
    assert documents.cache.weight <= 10_000 and len(documents.cache) < 10
    documents.parse("{ viewer { isAnonymous } }" + " " * 20_000, {})  # heavier than the bound
    assert documents.cache.weight <= 10_000
