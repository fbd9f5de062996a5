"""Administration: duplicates are refused as bad input, in words an admin understands."""

from __future__ import annotations

from tests.graphql import gql
from tests.world import build_world

CREATE_BODY = """mutation($slug: String!) { createBody(input: {name: "Working group", slug: $slug,
    kind: WORKING_GROUP, quorum: 2}) { slug } }"""
CREATE_PERSON = """mutation($email: String!) { createPerson(input: {name: "New Person",
    email: $email}) { name } }"""


async def test_a_duplicate_slug_or_email_is_bad_input_and_nothing_is_created(client):
    world = await build_world()
    admin = world.tokens["admin"]
    taken = await gql(client, CREATE_BODY, {"slug": "mcpp-steering-committee"}, token=admin)
    assert taken.only_code() == "BAD_USER_INPUT"
    assert "mcpp-steering-committee" in taken.errors[0]["message"]
    bad = await gql(client, CREATE_BODY, {"slug": "Not A Slug"}, token=admin)
    assert bad.only_code() == "BAD_USER_INPUT"
    fresh = await gql(client, CREATE_BODY, {"slug": "working-group"}, token=admin)
    assert fresh.data == {"createBody": {"slug": "working-group"}}

    again = await gql(client, CREATE_PERSON, {"email": "MEMBER@example.org"}, token=admin)
    assert again.only_code() == "BAD_USER_INPUT"
    assert "email" in again.errors[0]["message"]
