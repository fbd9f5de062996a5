"""Webhooks through the API (issue 14): anyone signed in registers their own, the secret
is in the creation's answer and nowhere after; nobody else sees, finds by id or deletes
them; a refused URL is BAD_USER_INPUT."""

from __future__ import annotations

from governance.access import mint_token
from governance.enums import Classification, OutboxChannel
from governance.models import Person, Webhook
from governance.webhook_urls import networks
from server import worker
from server.webhooks import webhook_sender
from tests.graphql import gid, gql
from tests.receiver import Receiver
from tests.world import build_world

CREATE = """
mutation($url: String!, $events: [WebhookEvent!]!) {
  createWebhook(input: {url: $url, events: $events}) {
    secret webhook { id url events active createdAt deliveries { attempt } }
  }
}"""
LIST = "{ viewer { webhooks { id url events active deliveries { event statusCode } } } }"
NODE = "query($id: ID!) { node(id: $id) { __typename ... on Webhook { id url } } }"
DELETE = "mutation($id: ID!) { deleteWebhook(webhookId: $id) }"
URL = "https://93.184.216.34/indaba"  # a public address: no DNS needed
EVENTS = ["UPDATE_PUBLISHED", "DECISION_RECORDED", "DECISION_RECORDED"]


async def test_a_webhook_is_its_owners_alone(client):
    world = await build_world()
    anonymous = await gql(client, CREATE, {"url": URL, "events": EVENTS})
    assert anonymous.only_code() == "UNAUTHENTICATED"

    created = await gql(client, CREATE, {"url": URL, "events": EVENTS}, token=world.tokens["party"])
    assert created.ok, created.errors
    answer = created.data["createWebhook"]
    assert len(answer["secret"]) == 64
    hook = answer["webhook"]
    # Each event once, in the contract's order.
    assert hook["events"] == ["DECISION_RECORDED", "UPDATE_PUBLISHED"]
    assert (hook["url"], hook["active"], hook["deliveries"]) == (URL, True, [])
    row = await Webhook.get()
    assert hook["id"] == gid("Webhook", row.id)

    # The owner lists it and finds it by id; the secret is never shown again.
    mine = await gql(client, LIST, token=world.tokens["party"])
    assert [h["id"] for h in mine.data["viewer"]["webhooks"]] == [hook["id"]]
    assert answer["secret"] not in str(mine.body)
    found = await gql(client, NODE, {"id": hook["id"]}, token=world.tokens["party"])
    assert found.data["node"] == {"__typename": "Webhook", "id": hook["id"], "url": URL}

    # Nobody else: not another person, not an admin, not the public.
    for role in ("member", "admin", "anonymous"):
        theirs = await gql(client, LIST, token=world.tokens[role])
        if role != "anonymous":
            assert theirs.data["viewer"]["webhooks"] == []
        node = await gql(client, NODE, {"id": hook["id"]}, token=world.tokens[role])
        assert node.data["node"] is None
    for role in ("member", "admin"):
        refused = await gql(client, DELETE, {"id": hook["id"]}, token=world.tokens[role])
        assert refused.only_code() == "NOT_FOUND"
    assert await Webhook.exists(id=row.id)

    deleted = await gql(client, DELETE, {"id": hook["id"]}, token=world.tokens["party"])
    assert deleted.data == {"deleteWebhook": True}
    assert not await Webhook.exists(id=row.id)
    again = await gql(client, DELETE, {"id": hook["id"]}, token=world.tokens["party"])
    assert again.only_code() == "NOT_FOUND"


async def test_an_integration_account_registers_its_own_a_read_only_token_cannot(client):
    world = await build_world()
    account = await Person.create(name="Partner system", email="", is_integration=True)
    token = (await mint_token(account, actor_id=None)).token
    created = await gql(client, CREATE, {"url": URL, "events": ["MEETING_SCHEDULED"]}, token=token)
    assert created.ok, created.errors
    read_only = (await mint_token(world.people["member"], actor_id=None, read_only=True)).token
    refused = await gql(client, CREATE, {"url": URL, "events": EVENTS}, token=read_only)
    assert refused.only_code() == "FORBIDDEN"
    assert await Webhook.filter(person_id=world.people["member"].id).count() == 0


async def test_a_refused_url_or_no_event_is_bad_user_input(client):
    world = await build_world()
    token = world.tokens["member"]
    for url, events in [
        ("https://169.254.169.254/latest/meta-data/", EVENTS),
        ("https://10.0.0.1/hook", EVENTS),
        ("http://93.184.216.34/hook", EVENTS),
        ("not a url", EVENTS),
        (URL, []),
    ]:
        result = await gql(client, CREATE, {"url": url, "events": events}, token=token)
        assert result.only_code() == "BAD_USER_INPUT", (url, result.errors)
    metadata = await gql(
        client, CREATE, {"url": "https://169.254.169.254/x", "events": EVENTS}, token=token
    )
    assert "private, loopback, link-local or reserved" in metadata.errors[0]["message"]
    assert await Webhook.all().count() == 0


async def test_the_owner_reads_the_last_deliveries(client, monkeypatch):
    world = await build_world()
    monkeypatch.setenv("INDABA_WEBHOOK_ALLOW", "127.0.0.0/8")
    async with Receiver(status=503) as receiver:
        created = await gql(
            client,
            CREATE,
            {"url": receiver.url, "events": ["DECISION_RELEASED"]},
            token=world.tokens["chair"],
        )
        assert created.ok, created.errors
        released = await gql(
            client,
            "mutation($d: ID!) { setDecisionRelease(decisionId: $d, release: CLEARED_FOR_RELEASE)"
            " { id } }",
            {"d": gid("Decision", world.decisions[Classification.INTERNAL].id)},
            token=world.tokens["chair"],
        )
        assert released.ok, released.errors
        senders = {OutboxChannel.WEBHOOK: webhook_sender(networks("127.0.0.0/8"))}
        assert await worker.run_once(senders) == 1
    mine = await gql(
        client,
        "{ viewer { webhooks { deliveries { event attempt statusCode succeeded at } } } }",
        token=world.tokens["chair"],
    )
    ((delivery,),) = [h["deliveries"] for h in mine.data["viewer"]["webhooks"]]
    assert delivery["at"]
    del delivery["at"]
    assert delivery == {
        "event": "DECISION_RELEASED",
        "attempt": 1,
        "statusCode": 503,
        "succeeded": False,
    }
