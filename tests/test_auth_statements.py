"""Who is asking costs one SQL statement, and nothing about it is remembered.

A token is resolved (the token, its person and their memberships today) by one
statement; so is the admin's session. Nothing is cached between requests: a token
revoked by any means, by any process, is refused on the very next request, and a
membership that ends reads as ended on the next one.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from governance.models import ApiToken, Membership, Person
from server import auth
from tests.admin.helpers import PASSWORD_HASH, sign_in
from tests.api.test_sql_statements import counting_statements
from tests.graphql import gql
from tests.world import TODAY, build_world

# Asks the database nothing itself: every statement the request costs is the credential's.
NOTHING = "{ __typename }"


async def statements_of(client, token=None, headers=None):
    with counting_statements() as statements:
        result = await gql(client, NOTHING, token=token, headers=headers)
    assert result.ok, result.body
    return statements


async def test_an_authenticated_request_costs_one_statement_for_its_token(client):
    world = await build_world()
    token = world.tokens["chair"]
    assert await statements_of(client) == []  # anonymous: none

    # The first use in a minute also records when the token was last used …
    first = await statements_of(client, token)
    assert len(first) == 2, first
    assert first[1].startswith("UPDATE")
    # … after that, the token, its person and their memberships: one statement.
    again = await statements_of(client, token)
    assert len(again) == 1, again
    assert "api_token" in again[0] and "membership" in again[0]


async def test_a_revoked_token_is_refused_on_the_very_next_request(client):
    world = await build_world()
    token = world.tokens["member"]
    assert (await gql(client, NOTHING, token=token)).status == 200
    # Revoked behind this process's back (another worker, the command line): no event is
    # published here, and still the next request is refused.
    await ApiToken.filter(person_id=world.people["member"].id).update(revoked_at=datetime.now(UTC))
    refused = await gql(client, NOTHING, token=token)
    assert refused.status == 401 and refused.only_code() == "UNAUTHENTICATED"


async def test_an_expired_token_is_refused_on_the_next_request(client):
    world = await build_world()
    token = world.tokens["member"]
    assert (await gql(client, NOTHING, token=token)).status == 200
    past = datetime.now(UTC) - timedelta(seconds=1)
    await ApiToken.filter(person_id=world.people["member"].id).update(expires_at=past)
    assert (await gql(client, NOTHING, token=token)).status == 401


async def test_an_ended_membership_reads_as_ended_on_the_next_request(client):
    world = await build_world()
    token = world.tokens["member"]
    person = world.people["member"]
    assert (await auth.from_token(token)).viewer.relations_by_body
    await Membership.filter(person_id=person.id).update(end_date=TODAY)
    after = await gql(client, "{ viewer { isAnonymous } }", token=token)
    assert after.data == {"viewer": {"isAnonymous": False}}
    resolved = await auth.from_token(token)
    assert resolved.viewer.relations_by_body == {}


async def test_a_person_with_no_memberships_is_still_found(client):
    world = await build_world()
    resolved = await auth.from_token(world.tokens["participant"])
    assert resolved.viewer.person_id == world.people["participant"].id
    assert resolved.viewer.name == world.people["participant"].name


async def test_the_admins_session_costs_one_statement(client, settings):
    world = await build_world()
    await Person.all().update(password_hash=PASSWORD_HASH)
    browser = await sign_in(client, world.people["admin"].email)
    csrf = {"X-CSRF-Token": browser.csrf}
    statements = await statements_of(client, headers=csrf)
    assert len(statements) == 1, statements
    with counting_statements() as statements:
        found = await auth.admin_from_session(client.cookies, settings.secret_key)
    assert found is not None and found.person.id == world.people["admin"].id
    assert found.viewer.is_admin
    assert len(statements) == 1, statements

    # Signed out (the session's version moves on): the old cookie reads anonymously.
    person = world.people["admin"]
    person.session_version += 1
    await person.save(update_fields=["session_version"])
    assert await auth.admin_from_session(client.cookies, settings.secret_key) is None


async def test_a_live_connections_recheck_costs_one_statement(client):
    world = await build_world()
    resolved = await auth.from_token(world.tokens["chair"])
    assert resolved.credential is not None
    with counting_statements() as statements:
        viewer = await auth.recheck(resolved.credential)
    assert viewer == resolved.viewer
    assert len(statements) == 1, statements
    await ApiToken.filter(id=resolved.credential.token_id).update(revoked_at=datetime.now(UTC))
    try:
        await auth.recheck(resolved.credential)
    except auth.BadCredentials:
        pass
    else:
        raise AssertionError("a revoked token passed its recheck")
