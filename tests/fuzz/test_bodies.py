"""Malformed requests at the HTTP level: random bytes, real requests cut short, wrong content
types, huge numbers, deep nesting, lone surrogates. Each answer is a 4xx, never a 5xx;
where it is JSON it is a GraphQL error carrying a contract code; the service still
answers afterwards."""

from __future__ import annotations

import json
import os
from typing import Any

import httpx
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.fuzz.contract import assert_clean, describe
from tests.world import World

EXAMPLES = int(os.environ.get("INDABA_FUZZ_BODY_EXAMPLES", "300"))
SEEDED = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Real requests, as a partner's integration sends them.
REQUESTS: list[dict[str, Any]] = [
    {"query": "{ viewer { isAnonymous person { name } } }"},
    {
        "query": "query($n: Int, $after: String) { decisions(first: $n, after: $after) "
        "{ totalCount edges { cursor node { id reference title } } } }",
        "variables": {"n": 5, "after": None},
    },
    {
        "query": "query($s: String) { decisions(search: $s) { totalCount } }",
        "variables": {"s": "water"},
    },
    {
        "query": "mutation($id: ID!, $c: VoteChoice!) { castVote(motionId: $id, choice: $c) "
        "{ id tally { cast } } }",
        "variables": {"id": "TW90aW9uOjE", "c": "FOR"},
        "operationName": None,
    },
    {
        "query": "mutation($i: DraftUpdateInput!) { draftUpdate(input: $i) { id title } }",
        "variables": {"i": {"title": "Water", "body": "The **tanker** came."}},
    },
]


def _variable(draw: st.DrawFn, request: dict[str, Any]) -> str:
    """One of the variables the request declares (or a stray one when it declares none)."""
    return draw(st.sampled_from(sorted(request.get("variables") or {"stray": None})))


def _encode(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


# Bodies nothing can read as one GraphQL operation: each must be refused (4xx).
random_bytes = st.binary(max_size=400)
random_text = st.text(max_size=200).map(lambda text: text.encode("utf-8", "surrogatepass"))


@st.composite
def truncated(draw: st.DrawFn) -> bytes:
    body = _encode(draw(st.sampled_from(REQUESTS)))
    return body[: draw(st.integers(min_value=0, max_value=len(body) - 1))]


@st.composite
def deep(draw: st.DrawFn) -> bytes:
    """A body or a variable nested deeper than anyone needs (up to 100,000 levels)."""
    depth = draw(st.sampled_from([65, 100, 1000, 5000, 50_000, 100_000]))
    opener, closer = draw(st.sampled_from([("[", "]"), ('{"a":', "}")]))
    nested = opener * depth + "1" + closer * depth
    if draw(st.booleans()):
        return nested.encode()
    request = draw(st.sampled_from(REQUESTS))
    return (
        '{"query": ' + json.dumps(request["query"]) + ', "variables": {"n": ' + nested + "}}"
    ).encode()


@st.composite
def surrogate(draw: st.DrawFn) -> bytes:
    """A lone UTF-16 surrogate, escaped in the JSON, in a variable, a key or the query."""
    lone = "\\u" + format(draw(st.integers(min_value=0xD800, max_value=0xDFFF)), "04x")
    request = draw(st.sampled_from(REQUESTS))
    where = draw(st.sampled_from(["variable", "key", "query", "operationName"]))
    if where == "query":
        return _encode({**request, "query": "QUERY"}).replace(
            b'"QUERY"', json.dumps(request["query"]).encode()[:-1] + f'# {lone}"'.encode()
        )
    if where == "operationName":
        return _encode({**request, "operationName": "NAME"}).replace(b"NAME", lone.encode())
    name = _variable(draw, request)
    variables = {**(request.get("variables") or {}), ("KEY" if where == "key" else name): "VALUE"}
    return _encode({**request, "variables": variables}).replace(
        b"KEY" if where == "key" else b"VALUE", lone.encode()
    )


class Sent:
    """A request body and its content type, shown short (bodies run to 200 kB; hypothesis
    would print a dataclass field by field)."""

    def __init__(self, content_type: str, body: bytes) -> None:
        self.content_type = content_type
        self.body = body

    def __repr__(self) -> str:
        shown = self.body if len(self.body) <= 400 else self.body[:300] + b"..." + self.body[-60:]
        return f"Sent({self.content_type!r}, {shown!r}, {len(self.body)} bytes)"


def _json(body: bytes) -> Sent:
    return Sent("application/json", body)


# Bodies that are well-formed JSON objects with odd values: a clean answer (a 4xx or a
# GraphQL error), whatever the values.
HUGE = st.sampled_from(
    [
        "9" * 20,
        "9" * 400,
        "9" * 4301,  # past Python's int-from-text limit
        "-" + "9" * 5000,
        "1e400",
        "-1e400",
        "1e-400",
        "0.0000000000000000000000000001",
        "1" + "0" * 308 + ".5",
        "NaN",
        "Infinity",
        "-Infinity",
        "-0",
        "2147483648",
        "-2147483649",
        "9223372036854775808",
    ]
)


@st.composite
def huge_number(draw: st.DrawFn) -> bytes:
    request = draw(st.sampled_from(REQUESTS))
    number = draw(HUGE)
    variables = dict(request.get("variables") or {})
    variables[_variable(draw, request)] = "NUMBER"
    return _encode({**request, "variables": variables}).replace(b'"NUMBER"', number.encode())


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def odd_fields(draw: st.DrawFn) -> bytes:
    """A real request with one of its members replaced by any JSON value."""
    request = dict(draw(st.sampled_from(REQUESTS)))
    request[draw(st.sampled_from(["query", "variables", "operationName", "extensions"]))] = draw(
        JSON
    )
    return _encode(request)


CONTENT_TYPES = st.one_of(
    st.sampled_from(
        [
            "",
            "text/plain",
            "application/graphql",
            "application/x-www-form-urlencoded",
            "multipart/form-data",
            "multipart/form-data; boundary=",
            "multipart/form-data; boundary=xyz",
            "application/json; charset=utf-16",
            "application/json; charset=latin-1",
            "application/jsonx",
            "application/*",
            "*/*",
            "application/xml",
        ]
    ),
    st.text(max_size=40).filter(lambda t: t.isprintable() and t.isascii()),
)


@st.composite
def wrong_content_type(draw: st.DrawFn) -> Sent:
    return Sent(draw(CONTENT_TYPES), _encode(draw(st.sampled_from(REQUESTS))))


def _typed(strategy: st.SearchStrategy[bytes]) -> st.SearchStrategy[Sent]:
    return strategy.map(_json)


MALFORMED = st.one_of(
    _typed(random_bytes), _typed(random_text), _typed(truncated()), _typed(deep()),
    _typed(surrogate()),
)  # fmt: skip
ODD = st.one_of(_typed(huge_number()), _typed(odd_fields()), wrong_content_type())


async def _post(client: httpx.AsyncClient, sent: Sent, token: str | None) -> httpx.Response:
    headers = {"Content-Type": sent.content_type} if sent.content_type else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return await client.post("/graphql", content=sent.body, headers=headers)


@SEEDED
@given(sent=MALFORMED, signed_in=st.booleans())
async def test_malformed_bodies_are_refused_cleanly(
    fuzz_client: httpx.AsyncClient, world: World, sent: Sent, signed_in: bool
):
    response = await _post(fuzz_client, sent, world.tokens["chair"] if signed_in else None)
    answer = assert_clean(sent, response, json_required=False)
    assert 400 <= response.status_code < 500, describe(sent, response)
    if answer is None:  # the web server's own refusal of a body over the size limit
        assert response.status_code == 413, describe(sent, response)
    else:
        assert [e["extensions"]["code"] for e in answer["errors"]] == ["BAD_USER_INPUT"], answer


@SEEDED
@given(sent=ODD, signed_in=st.booleans())
async def test_odd_values_and_content_types_get_clean_answers(
    fuzz_client: httpx.AsyncClient, world: World, sent: Sent, signed_in: bool
):
    response = await _post(fuzz_client, sent, world.tokens["chair"] if signed_in else None)
    assert_clean(sent, response)
