"""What the fuzzers found, kept as plain cases: each answered INTERNAL (or dropped the
connection) before its fix, and must answer a contract error now, on both databases.
A case the fuzzers find next belongs here too, with the input they printed."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.fuzz.contract import assert_clean
from tests.world import World

FAR = "9999-12-31T23:59:59.999999-12:00"  # year 10000 once in UTC
EARLY = "0001-01-01T00:00:00+14:00"  # year 0 once in UTC
ISSUE = "mutation($p: ID!, $e: DateTime) { issueApiToken(personId: $p, expiresAt: $e) { token } }"
SCHEDULE = """mutation($b: ID!, $at: DateTime!) {
  scheduleMeeting(input: {bodyId: $b, title: "Far off", startsAt: $at, classification: PUBLIC}) { id }
}"""
ADD_PERSON = 'mutation($e: String!) { createPerson(input: {name: "Nul", email: $e}) { id } }'


async def _ask(
    client: httpx.AsyncClient, world: World, role: str, query: str, variables: dict[str, Any]
) -> dict[str, Any]:
    token = world.tokens[role]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    return assert_clean((role, query, variables), response)


def _codes(answer: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in answer.get("errors") or []]


# governance/access.py: an expiry past what UTC can hold was stored as it came (INTERNAL).
@pytest.mark.parametrize("expires_at", [FAR, EARLY])
async def test_a_token_expiry_out_of_range_is_bad_input(fuzz_client, world, expires_at):
    me = world.gid("Person", world.people["member"].id)
    refused = await _ask(fuzz_client, world, "member", ISSUE, {"p": me, "e": expires_at})
    assert _codes(refused) == ["BAD_USER_INPUT"]
    assert "expiresAt" in refused["errors"][0]["message"]
    allowed = await _ask(fuzz_client, world, "member", ISSUE, {"p": me, "e": "2099-01-01T00:00Z"})
    assert allowed["data"]["issueApiToken"]["token"].startswith("ind_")


# governance/validation.py (aware): the same for a meeting's start.
@pytest.mark.parametrize("starts_at", [FAR, EARLY])
async def test_a_meeting_start_out_of_range_is_bad_input(fuzz_client, world, starts_at):
    body = world.gid("Committee", world.bodies["sc"].id)
    refused = await _ask(fuzz_client, world, "chair", SCHEDULE, {"b": body, "at": starts_at})
    assert _codes(refused) == ["BAD_USER_INPUT"]
    assert "startsAt" in refused["errors"][0]["message"]
    allowed = await _ask(
        fuzz_client, world, "chair", SCHEDULE, {"b": body, "at": "9999-12-30T00:00:00-12:00"}
    )
    assert allowed["data"]["scheduleMeeting"]["id"]


# governance/validation.py (email): a NUL in an address was stored on SQLite and INTERNAL on
# PostgreSQL, which refuses NUL in text.
@pytest.mark.parametrize("email", ["a\x00b@example.org", "ab@exa\x01mple.org"])
async def test_an_email_with_control_characters_is_bad_input(fuzz_client, world, email):
    refused = await _ask(fuzz_client, world, "admin", ADD_PERSON, {"e": email})
    assert _codes(refused) == ["BAD_USER_INPUT"]
    allowed = await _ask(fuzz_client, world, "admin", ADD_PERSON, {"e": "ab@example.org"})
    assert allowed["data"]["createPerson"]["id"]


# schema/ (the lead's): filters and lookups that reached the database with what it cannot hold.
@pytest.mark.parametrize(
    ("query", "variables"),
    [
        # a naive time: tortoise warns and assumes UTC (INTERNAL under the suite's warnings)
        ("query($t: DateTime) { meetings(from: $t) { totalCount } }", {"t": "2030-01-01T00:00:00"}),
        (
            'query($t: DateTime) { body(slug: "mcpp-steering-committee") '
            "{ meetings(to: $t) { totalCount } } }",
            {"t": "2030-01-01T00:00:00"},
        ),
        # past what UTC can hold (PostgreSQL: "date value out of range")
        ("query($t: DateTime) { meetings(from: $t) { totalCount } }", {"t": FAR}),
        ("query($t: DateTime) { meetings(to: $t) { totalCount } }", {"t": EARLY}),
        # a NUL, which PostgreSQL refuses in text ("invalid byte sequence for encoding UTF8")
        ("query($s: String!) { body(slug: $s) { name } }", {"s": "mcpp\x00"}),
        ("query($s: String!) { decision(reference: $s) { title } }", {"s": "SC\x00"}),
        ("query($s: String!) { agreement(reference: $s) { title } }", {"s": "MCPP\x00"}),
        ("query($s: String) { decisions(search: $s) { totalCount } }", {"s": "wa\x00ter"}),
    ],
)
async def test_filters_and_lookups_never_answer_internal(fuzz_client, world, query, variables):
    for role in ("anonymous", "member"):
        answer = await _ask(fuzz_client, world, role, query, variables)
        assert set(_codes(answer)) <= {"BAD_USER_INPUT"}, answer


# server/payloads.py (the lead's): a number past Python's 4,300-digit limit raised ValueError
# out of json.loads: a 500 over HTTP, a dropped connection over the WebSocket.
async def test_a_number_too_long_to_read_is_bad_input(fuzz_client, world):
    body = '{"query": "{ viewer { isAnonymous } }", "variables": {"n": ' + "9" * 4301 + "}}"
    response = await fuzz_client.post(
        "/graphql", content=body.encode(), headers={"Content-Type": "application/json"}
    )
    answer = assert_clean(body[:80], response)
    assert response.status_code == 400
    assert _codes(answer) == ["BAD_USER_INPUT"]
    small = json.dumps({"query": "{ viewer { isAnonymous } }", "variables": {"n": 9}})
    response = await fuzz_client.post(
        "/graphql", content=small.encode(), headers={"Content-Type": "application/json"}
    )
    assert response.json()["data"] == {"viewer": {"isAnonymous": True}}


# schema/pagination.py (the lead's): a cursor is sealed but not tied to its list, and its
# value went to the database as it came: a decisions cursor (a date) as auditEvents(after:)
# (an integer seq) was INTERNAL on both databases, and on PostgreSQL so was a name or a
# reference as the after: of any list ordered by a date or a time.
LISTS = ("organizations", "committees", "decisions", "agreements", "auditEvents")
ORDERED_BY_TIME = ("meetings", "decisions", "recommendations", "updates", "auditEvents")


@pytest.mark.parametrize("source", LISTS)
async def test_a_cursor_of_another_list_is_bad_input(fuzz_client, world, source):
    first = await _ask(
        fuzz_client, world, "admin", f"{{ {source}(first: 1) {{ edges {{ cursor }} }} }}", {}
    )
    cursor = first["data"][source]["edges"][0]["cursor"]
    for target in ORDERED_BY_TIME:
        query = f"query($c: String) {{ {target}(first: 1, after: $c) {{ totalCount }} }}"
        answer = await _ask(fuzz_client, world, "admin", query, {"c": cursor})
        if target != source:
            assert set(_codes(answer)) <= {"BAD_USER_INPUT"}, (source, target, answer)
