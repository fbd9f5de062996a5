"""Tokens with least privilege, integration accounts, and admins who reach for content.

PRODUCT.md's "Trust": a person issues their own tokens; an ADMIN issues tokens
for integration accounts only; a read-only token is refused every mutation; an
admin who adds themself to a body or names themself on an item is recorded
and the body's chair is told.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from governance.access import mint_token
from governance.enums import Classification, NotificationKind
from governance.models import AuditEvent, Decision, Notification, Person
from tests.graphql import gql
from tests.world import TODAY, World, build_world

ISSUE = """mutation($p: ID!, $ro: Boolean, $e: DateTime) {
  issueApiToken(personId: $p, readOnly: $ro, expiresAt: $e) { token readOnly expiresAt }
}"""
MY_TOKENS = "{ viewer { apiTokens { id prefix readOnly createdAt expiresAt lastUsedAt } } }"
REVOKE = "mutation($id: ID!) { revokeApiToken(tokenId: $id) }"
ADD_MEMBER = (
    "mutation($b: ID!, $p: ID!, $role: MemberRole!) { addMember(input: {bodyId: $b, "
    f'personId: $p, role: $role, votingRights: false, startDate: "{TODAY.isoformat()}"}})'
    " { role } }"
)
GRANT = "mutation($s: ID!, $p: ID!) { grantAccess(subjectId: $s, personId: $p) }"
CREATE_INTEGRATION = """mutation { createPerson(input: {name: "Sibanye water telemetry",
  email: "telemetry@example.org", isIntegration: true}) { id isIntegration } }"""


def me(world: World, role: str) -> str:
    return world.gid("Person", world.people[role].id)


async def test_a_read_only_token_reads_but_is_refused_every_mutation(client):
    world = await build_world()
    issued = await gql(client, ISSUE, {"p": me(world, "secretary"), "ro": True},
                       token=world.tokens["secretary"])  # fmt: skip
    assert issued.ok, issued.errors
    assert issued.data["issueApiToken"]["readOnly"] is True
    token = issued.data["issueApiToken"]["token"]

    reads = await gql(client, "{ viewer { person { name } } }", token=token)
    assert reads.data == {"viewer": {"person": {"name": "Secretary Person"}}}
    # Refused for what it is, before its arguments are even looked at.
    for mutation in (
        'mutation { revokeApiTokens(personId: "not-an-id") }',
        "mutation($p: ID!) { issueApiToken(personId: $p) { token } }",
    ):
        refused = await gql(client, mutation, {"p": me(world, "secretary")}, token=token)
        assert refused.only_code() == "FORBIDDEN", mutation
        assert "read-only" in refused.errors[0]["message"]
    assert await Person.get(id=world.people["secretary"].id).values_list("id", flat=True)


async def test_people_list_and_revoke_their_own_tokens(client):
    world = await build_world()
    expires = (datetime.now(UTC) + timedelta(days=30)).replace(microsecond=0)
    second = await gql(
        client, ISSUE, {"p": me(world, "member"), "ro": True, "e": expires.isoformat()},
        token=world.tokens["member"],
    )  # fmt: skip
    token = second.data["issueApiToken"]["token"]
    await gql(client, "{ viewer { isAnonymous } }", token=token)  # marks it used

    listed = (await gql(client, MY_TOKENS, token=world.tokens["member"])).data
    tokens = listed["viewer"]["apiTokens"]
    assert len(tokens) == 2
    newest = tokens[0]
    assert token.startswith(newest["prefix"]) and len(newest["prefix"]) < 16
    assert newest["readOnly"] is True
    assert datetime.fromisoformat(newest["expiresAt"]) == expires
    assert newest["lastUsedAt"] is not None
    assert token not in str(listed)

    # Another person cannot revoke it, or learn it exists; the owner can.
    for role in ("chair", "participant"):
        other = await gql(client, REVOKE, {"id": newest["id"]}, token=world.tokens[role])
        assert other.only_code() == "NOT_FOUND", role
    nobody = await gql(client, "query($id: ID!) { node(id: $id) { id } }", {"id": newest["id"]},
                       token=world.tokens["chair"])  # fmt: skip
    assert nobody.data == {"node": None}
    assert (await gql(client, REVOKE, {"id": newest["id"]}, token=world.tokens["member"])).data == {
        "revokeApiToken": True
    }
    assert (await gql(client, "{ viewer { isAnonymous } }", token=token)).status == 401
    left = (await gql(client, MY_TOKENS, token=world.tokens["member"])).data
    assert [t["id"] for t in left["viewer"]["apiTokens"]] == [tokens[1]["id"]]


async def test_an_admin_issues_tokens_for_integration_accounts_and_nobody_else(client):
    world = await build_world()
    admin = world.tokens["admin"]
    # The first release let an admin mint a chair's token and read all the chair reads.
    chairs = await gql(client, ISSUE, {"p": me(world, "chair")}, token=admin)
    assert chairs.only_code() == "FORBIDDEN"

    created = await gql(client, CREATE_INTEGRATION, token=admin)
    assert created.data["createPerson"]["isIntegration"] is True
    account = created.data["createPerson"]["id"]
    issued = await gql(client, ISSUE, {"p": account, "ro": True}, token=admin)
    assert issued.ok, issued.errors
    # A non-admin cannot, even for an integration account.
    assert (await gql(client, ISSUE, {"p": account}, token=world.tokens["chair"])).only_code() == (
        "FORBIDDEN"
    )

    # An integration account is never a member of a body, nor named on an item.
    body = world.gid("Committee", world.bodies["sc"].id)
    joined = await gql(client, ADD_MEMBER, {"b": body, "p": account, "role": "MEMBER"},
                       token=admin)  # fmt: skip
    assert joined.only_code() == "BAD_USER_INPUT"
    assert "integration account" in joined.errors[0]["message"]
    restricted = world.decisions[Classification.RESTRICTED]
    named = await gql(
        client, GRANT,
        {"s": world.gid("Decision", restricted.id), "p": account},
        token=world.tokens["chair"],
    )  # fmt: skip
    assert named.only_code() == "BAD_USER_INPUT"
    assert "integration account" in named.errors[0]["message"]


async def test_an_admin_who_adds_themself_to_a_body_is_recorded_and_the_chair_told(client):
    world = await build_world()
    body = world.gid("Committee", world.bodies["sc"].id)
    joined = await gql(client, ADD_MEMBER, {"b": body, "p": me(world, "admin"), "role": "MEMBER"},
                       token=world.tokens["admin"])  # fmt: skip
    assert joined.ok, joined.errors

    event = await AuditEvent.filter(action="membership.add").order_by("-seq").first()
    assert event is not None and event.actor_id == world.people["admin"].id
    assert "Admin Person added themself to MCPP Steering Committee" in event.summary
    told = await Notification.filter(kind=NotificationKind.MEMBERSHIP_CHANGED).order_by("person_id")
    assert {n.person_id for n in told} == {world.people["admin"].id, world.people["chair"].id}
    assert all(n.subject_type == "body" and "Admin Person" in n.title for n in told)


async def test_naming_oneself_on_a_restricted_item_is_recorded_and_the_chair_told(client):
    world = await build_world()
    admin = world.people["admin"]
    # The admin chairs the operations unit, so sees its RESTRICTED decisions.
    ou = world.gid("Committee", world.bodies["ou"].id)
    await gql(client, ADD_MEMBER, {"b": ou, "p": me(world, "admin"), "role": "CHAIR"},
              token=world.tokens["admin"])  # fmt: skip
    decision = await Decision.create(
        committee_id=world.bodies["ou"].id, reference="OU-2026-001", title="Retain counsel",
        text="Resolved.", decided_on=TODAY, classification=Classification.RESTRICTED,
        recorded_classification=Classification.RESTRICTED,
    )  # fmt: skip
    await Notification.all().delete()
    named = await gql(
        client, GRANT,
        {"s": world.gid("Decision", decision.id), "p": me(world, "admin")},
        token=world.tokens["admin"],
    )  # fmt: skip
    assert named.data == {"grantAccess": True}
    event = await AuditEvent.filter(action="access.grant").order_by("-seq").first()
    assert event is not None and "named themself" in event.summary
    assert "Retain counsel" not in event.summary
    told = await Notification.all()
    assert [(n.person_id, n.kind, n.subject_id) for n in told] == [
        (admin.id, NotificationKind.MEMBERSHIP_CHANGED, decision.id)
    ]
    assert "Retain counsel" not in told[0].title


async def test_an_expiry_must_name_its_time_zone(client):
    world = await build_world()
    naive = (datetime.now(UTC) + timedelta(days=1)).replace(tzinfo=None).isoformat()
    refused = await gql(client, ISSUE, {"p": me(world, "member"), "e": naive},
                        token=world.tokens["member"])  # fmt: skip
    assert refused.only_code() == "BAD_USER_INPUT"
    assert "time zone" in refused.errors[0]["message"]
    person = world.people["member"]
    assert (await mint_token(person, actor_id=None)).token.startswith("ind_")
