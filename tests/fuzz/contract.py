"""What every answer must be, whatever was asked: the contract's error shape, never a 5xx."""

from __future__ import annotations

import json
from typing import Any

import httpx

# The contract's codes; INTERNAL is among them, but an answer carrying it is a defect.
CODES = {
    "UNAUTHENTICATED",
    "FORBIDDEN",
    "NOT_FOUND",
    "BAD_USER_INPUT",
    "CONFLICT",
    "INVALID_TRANSITION",
    "QUERY_TOO_COMPLEX",
}


def describe(sent: Any, response: httpx.Response) -> str:
    return f"sent {sent!r}\nanswered {response.status_code}: {response.text[:2000]}"


def json_body(response: httpx.Response) -> Any:
    """The answer's JSON, or None when it is not JSON (a plain 4xx from the web server)."""
    if "json" not in response.headers.get("content-type", ""):
        return None
    return json.loads(response.content)


def assert_clean(sent: Any, response: httpx.Response, *, json_required: bool = True) -> Any:
    """No 5xx; a JSON answer's errors each carry a contract code, never INTERNAL; a refusal
    (4xx) of a GraphQL request says why in a GraphQL error. Returns the JSON body."""
    where = describe(sent, response)
    assert response.status_code < 500, where
    body = json_body(response)
    if body is None:
        assert not json_required, where
        assert response.status_code >= 400, where
        return None
    assert isinstance(body, dict), where
    errors = body.get("errors") or []
    for error in errors:
        code = (error.get("extensions") or {}).get("code")
        assert code in CODES, where
        assert "Traceback" not in error.get("message", ""), where
    if response.status_code >= 400:
        assert errors, where
    else:
        assert "data" in body, where
    return body


async def still_answers(client: httpx.AsyncClient) -> None:
    """The service answers a trivial query after whatever came before."""
    response = await client.post("/graphql", json={"query": "{ viewer { isAnonymous } }"})
    assert response.status_code == 200, response.text
    assert response.json()["data"] == {"viewer": {"isAnonymous": True}}, response.text
