"""Every malformed request gets a clean answer: a 4xx (or a GraphQL error) with
`extensions.code`, never a 500, never INTERNAL, and the server answers the next request.

The cases are the ones found from outside against the first release (issue 8)."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest

from tests.graphql import gql
from tests.world import build_world

HUGE = "9" * 30
CODES = {"UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "BAD_USER_INPUT", "CONFLICT",
         "INVALID_TRANSITION", "QUERY_TOO_COMPLEX"}  # fmt: skip


async def still_answers(client) -> None:
    result = await gql(client, "{ viewer { isAnonymous } }")
    assert result.data == {"viewer": {"isAnonymous": True}}


def clean(response, status: int = 400) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    codes = [e["extensions"]["code"] for e in body["errors"]]
    assert codes and set(codes) <= CODES, body
    assert "Traceback" not in response.text and "sqlite" not in response.text.lower()
    return body


@pytest.mark.parametrize(
    "body",
    [b"42", b'"x"', b"true", b"null", b"[]", b"[{}]", b"3.5e999"],
    ids=["number", "string", "true", "null", "empty list", "a batch", "huge float"],
)
async def test_a_body_that_is_not_one_json_object_is_bad_input(client, body):
    response = await client.post(
        "/graphql", content=body, headers={"Content-Type": "application/json"}
    )
    message = clean(response)["errors"][0]["message"]
    assert "JSON object" in message
    await still_answers(client)


async def test_bytes_that_are_not_utf8_are_bad_input(client):
    body = b'{"query": "{ viewer { isAnonymous } }", "x": "\xff\xfe"}'
    response = await client.post("/graphql", content=body, headers={"Content-Type": "application/json"})  # fmt: skip
    assert "UTF-8" in clean(response)["errors"][0]["message"]
    await still_answers(client)


async def test_json_nested_fifty_thousand_deep_is_bad_input(client):
    for body in (b"[" * 50_000 + b"]" * 50_000, b'{"query": "{ viewer { isAnonymous } }", '
                 b'"variables": {"a": ' + b"[" * 50_000 + b"]" * 50_000 + b"}}"):  # fmt: skip
        response = await client.post(
            "/graphql", content=body, headers={"Content-Type": "application/json"}
        )
        assert "deeper" in clean(response)["errors"][0]["message"]
    await still_answers(client)


async def test_a_subscription_over_http_is_bad_input(client):
    result = await gql(client, "subscription { updatePublished { title } }")
    assert result.only_code() == "BAD_USER_INPUT"
    assert "WebSocket" in result.errors[0]["message"]


async def test_a_lone_surrogate_in_a_variable_is_bad_input(client):
    body = (
        b'{"query": "query($s: String) { decisions(search: $s) { totalCount } }",'
        b' "variables": {"s": "\\ud800 water"}}'
    )
    response = await client.post("/graphql", content=body, headers={"Content-Type": "application/json"})  # fmt: skip
    assert "surrogate" in clean(response)["errors"][0]["message"]
    # In the query text itself, the GraphQL parser refuses it.
    literal = await gql(client, '{ decisions(search: "\\ud800") { totalCount } }')
    assert literal.only_code() == "BAD_USER_INPUT"
    await still_answers(client)


def legacy(number: str) -> str:
    return base64.urlsafe_b64encode(f"Decision:{number}".encode()).decode()


@pytest.mark.parametrize("number", ["²", "٣", str(2**63), str(2**31), HUGE, "-1", "0"])
async def test_an_id_whose_number_is_not_a_row_finds_nothing(client, number):
    world = await build_world()
    found = await gql(client, "query($id: ID!) { node(id: $id) { id } }", {"id": legacy(number)})
    assert found.ok and found.data == {"node": None}
    named = await gql(
        client, "mutation($id: ID!) { revokeDecision(decisionId: $id, reason: \"x\") { id } }",
        {"id": legacy(number)}, token=world.tokens["chair"],
    )  # fmt: skip
    assert named.only_code() == "BAD_USER_INPUT"


def forged_cursor(payload: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


CURSORS = {
    "not base64": "%%%",
    "wrong value type": forged_cursor([["v", {"a": 1}], 1]),
    "id out of range": forged_cursor([["v", "x"], 2**70]),
    "id a string": forged_cursor([["v", "x"], "1"]),
    "garbage": "A" * 40,
}


@pytest.mark.parametrize("cursor", CURSORS.values(), ids=CURSORS.keys())
async def test_a_cursor_that_is_not_ours_is_bad_input_at_any_level(client, cursor):
    world = await build_world()
    top = await gql(client, "query($a: String) { decisions(first: 2, after: $a) { totalCount } }",
                    {"a": cursor})  # fmt: skip
    assert top.only_code() == "BAD_USER_INPUT"
    nested = await gql(
        client,
        "query($a: String) { committees(first: 2) { edges { node { "
        "decisions(first: 2, after: $a) { totalCount } } } } }",
        {"a": cursor}, token=world.tokens["chair"],
    )  # fmt: skip
    assert set(nested.codes) == {"BAD_USER_INPUT"}, nested.body


async def test_a_naive_expiry_is_bad_input(client):
    world = await build_world()
    naive = (datetime.now(UTC) + timedelta(days=2)).replace(tzinfo=None).isoformat()
    result = await gql(
        client, "mutation($p: ID!, $e: DateTime) { issueApiToken(personId: $p, expiresAt: $e) { token } }",
        {"p": world.gid("Person", world.people["member"].id), "e": naive}, token=world.tokens["member"],
    )  # fmt: skip
    assert result.only_code() == "BAD_USER_INPUT"


# ------------------------------------------------------------------ the public pages and the admin


@pytest.mark.parametrize(
    "path", [f"/updates/{HUGE}", "/updates/²", f"/updates/{2**31}", "/updates/x"]
)
async def test_a_public_update_that_cannot_exist_is_not_found(client, path):
    assert (await client.get(path)).status_code == 404
    await still_answers(client)
