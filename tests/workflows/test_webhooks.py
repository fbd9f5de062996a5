"""Webhooks delivered (issue 14): a real receiver on 127.0.0.1 gets a signed body that
verifies, carrying only what the webhook's owner may see at delivery time; a receiver
answering 500 is tried again later and later, 8 times; 50 failed deliveries in a row
turn a webhook off and tell its owner; private addresses are refused."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
from tortoise.transactions import in_transaction

from governance import clock, decisions, webhooks
from governance.enums import (
    Classification,
    NotificationKind,
    OutboxChannel,
    OutboxStatus,
    RecommendationStatus,
    ReleaseStatus,
    WebhookEvent,
)
from governance.errors import BadInput
from governance.models import (
    Decision,
    Notification,
    OutboxItem,
    Recommendation,
    Webhook,
    WebhookDelivery,
)
from governance.webhook_urls import networks
from server import webhooks as server_webhooks
from server import worker
from server.settings import Settings, SettingsError
from server.webhooks import subject_data, webhook_sender
from tests.graphql import gid
from tests.receiver import Receiver
from tests.workflows.helpers import viewer, workflow_world
from tests.world import TODAY

LOCAL = networks("127.0.0.0/8")
SENDERS = {OutboxChannel.WEBHOOK: webhook_sender(LOCAL)}


@pytest.fixture
def local(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests call a receiver on 127.0.0.1, as INDABA_WEBHOOK_ALLOW lets an intranet."""
    monkeypatch.setenv("INDABA_WEBHOOK_ALLOW", "127.0.0.0/8")


async def record(world, classification: Classification, title: str = "Water plan adopted"):
    return await decisions.record_decision(
        await viewer(world.people["chair"]),
        committee_id=world.bodies["sc"].id,
        title=title,
        text="The committee adopts the plan.",
        decided_on=TODAY,
        classification=classification,
    )


async def hook(world, role: str, url: str, *events: WebhookEvent):
    created = await webhooks.create_webhook(
        await viewer(world.people[role]), url=url, events=events or [WebhookEvent.DECISION_RECORDED]
    )
    return created


def verifies(secret: str, body: bytes, signature: str) -> bool:
    """What the README's receiver does."""
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


async def test_a_receiver_gets_a_signed_body_with_only_what_the_owner_may_see(local):
    world = await workflow_world()
    async with Receiver() as receiver:
        outsider = await hook(world, "participant", receiver.url)
        chair = await hook(world, "chair", receiver.url)
        public = await record(world, Classification.PUBLIC)
        confidential = await record(world, Classification.CONFIDENTIAL, "Settlement terms")
        queued = await OutboxItem.filter(channel=OutboxChannel.WEBHOOK).count()
        assert queued == 4  # two webhooks, two decisions: who sees what is decided later
        assert await worker.run_once(SENDERS) == 4
    secrets = {outsider.webhook.id: outsider.secret, chair.webhook.id: chair.secret}
    got = []
    for request in receiver.requests:
        assert request.method == "POST" and request.target == "/hooks/indaba"
        assert request.headers["content-type"] == "application/json"
        assert request.headers["x-indaba-event"] == "DECISION_RECORDED"
        item = await OutboxItem.get(delivery_id=request.headers["x-indaba-delivery"])
        secret = secrets[item.payload["webhook_id"]]
        assert verifies(secret, request.body, request.headers["x-indaba-signature"])
        other = next(s for s in secrets.values() if s != secret)
        assert not verifies(other, request.body, request.headers["x-indaba-signature"])
        body = json.loads(request.body)
        assert set(body) == {"event", "deliveredAt", "data"}
        got.append((item.payload["webhook_id"], body["data"]["reference"]))
        if body["data"]["reference"] == public.reference:
            data = body["data"]
            assert data["__typename"] == "Decision"
            assert data["title"] == "Water plan adopted"
            assert data["classification"] == "PUBLIC"
            assert data["committee"]["id"]  # an item it names: by id
    # The participant may not see the CONFIDENTIAL decision: nothing of it reaches them.
    assert sorted(got) == sorted(
        [
            (outsider.webhook.id, public.reference),
            (chair.webhook.id, public.reference),
            (chair.webhook.id, confidential.reference),
        ]
    )
    assert (
        "Settlement"
        not in b"".join(
            r.body
            for r in receiver.requests
            if verifies(outsider.secret, r.body, r.headers["x-indaba-signature"])
        ).decode()
    )
    statuses = await OutboxItem.filter(channel=OutboxChannel.WEBHOOK).values_list(
        "status", flat=True
    )
    assert set(statuses) == {OutboxStatus.SENT}
    kept = await webhooks.deliveries(chair.webhook.id)
    assert [(d.attempt, d.status_code, d.succeeded) for d in kept] == [(1, 200, True)] * 2


async def test_a_change_that_rolls_back_calls_no_one(local):
    world = await workflow_world()
    await hook(world, "chair", "http://127.0.0.1:9/hook")

    class Boom(Exception):
        pass

    with pytest.raises(Boom):
        async with in_transaction():
            decision = await record(world, Classification.PUBLIC)
            assert await OutboxItem.filter(channel=OutboxChannel.WEBHOOK).count() == 1
            raise Boom
    assert not await Decision.exists(id=decision.id)
    assert await OutboxItem.filter(channel=OutboxChannel.WEBHOOK).count() == 0


async def test_what_the_owner_may_see_is_read_at_delivery_time(local):
    world = await workflow_world()
    async with Receiver() as receiver:
        outsider = await hook(world, "participant", receiver.url, WebhookEvent.DECISION_RELEASED)
        decision = await record(world, Classification.CONFIDENTIAL)
        chair = await viewer(world.people["chair"])
        await decisions.set_release(
            chair, decision_id=decision.id, release=ReleaseStatus.CLEARED_FOR_RELEASE
        )
        # Withheld again before the worker came by: the participant may no longer see it.
        await decisions.set_release(
            chair, decision_id=decision.id, release=ReleaseStatus.NOT_FOR_RELEASE
        )
        assert await worker.run_once(SENDERS) == 1
        assert receiver.requests == []
        assert await WebhookDelivery.filter(webhook_id=outsider.webhook.id).count() == 0
        # Cleared again: delivered, as PUBLIC.
        await decisions.set_release(
            chair, decision_id=decision.id, release=ReleaseStatus.CLEARED_FOR_RELEASE
        )
        assert await worker.run_once(SENDERS) == 1
    (request,) = receiver.requests
    body = json.loads(request.body)
    assert body["event"] == "DECISION_RELEASED"
    assert body["data"]["classification"] == "PUBLIC"


async def test_a_failing_receiver_is_tried_again_later_and_later_8_times(local):
    world = await workflow_world()
    async with Receiver(status=500) as receiver:
        made = await hook(world, "chair", receiver.url)
        await record(world, Classification.PUBLIC)
        (item,) = await OutboxItem.filter(channel=OutboxChannel.WEBHOOK)
        now = clock.now()
        waits = []
        for _attempt in range(8):
            with clock.set_to(now):
                assert await worker.run_once(SENDERS) == 1
                # Not due again until its backoff has passed.
                assert await worker.run_once(SENDERS) == 0
            row = await OutboxItem.get(id=item.id)
            if row.status == OutboxStatus.FAILED:
                break
            waits.append((row.next_attempt_at - now).total_seconds())
            now = row.next_attempt_at + timedelta(seconds=1)
    assert row.status == OutboxStatus.FAILED and row.attempts == 8
    assert len(receiver.requests) == 8
    # The same delivery each time: receivers de-duplicate on it.
    assert {r.headers["x-indaba-delivery"] for r in receiver.requests} == {item.delivery_id}
    assert len(waits) == 7 and waits == sorted(waits) and waits[-1] > 10 * waits[0]
    assert 20 * 3600 < sum(waits) < 26 * 3600  # about a day
    kept = await webhooks.deliveries(made.webhook.id)
    assert [(d.attempt, d.status_code, d.succeeded) for d in kept] == [
        (n, 500, False) for n in range(8, 0, -1)
    ]
    hooked = await Webhook.get(id=made.webhook.id)
    assert (hooked.active, hooked.consecutive_failures) == (True, 1)


async def test_50_failed_deliveries_in_a_row_turn_the_webhook_off_and_tell_its_owner(local):
    world = await workflow_world()
    async with Receiver(status=503) as receiver:
        made = await hook(world, "member", receiver.url)
        decision = await record(world, Classification.PUBLIC)
        await OutboxItem.all().delete()

        async def deliveries_failing_their_last_attempt(count: int) -> None:
            for _ in range(count):
                await webhooks.emit(WebhookEvent.DECISION_RECORDED, "decision", decision.id)
            await OutboxItem.filter(status=OutboxStatus.PENDING).update(attempts=7)
            while await worker.run_once(SENDERS):
                pass

        await deliveries_failing_their_last_attempt(49)
        row = await Webhook.get(id=made.webhook.id)
        assert (row.active, row.consecutive_failures) == (True, 49)
        assert not await Notification.filter(person_id=world.people["member"].id).exists()
        await deliveries_failing_their_last_attempt(1)
    row = await Webhook.get(id=made.webhook.id)
    assert (row.active, row.consecutive_failures) == (False, 50)
    (told,) = await Notification.filter(person_id=world.people["member"].id)
    assert told.kind == NotificationKind.WEBHOOK_DEACTIVATED
    assert (told.subject_type, told.subject_id) == ("webhook", row.id)
    assert "turned off" in told.title
    assert not await Notification.exclude(person_id=world.people["member"].id).exists()
    # Off: new events queue nothing for it.
    assert await webhooks.emit(WebhookEvent.DECISION_RECORDED, "decision", decision.id) == 0


async def test_a_success_clears_the_failures_in_a_row(local):
    world = await workflow_world()
    async with Receiver(status=500) as receiver:
        made = await hook(world, "chair", receiver.url)
        await Webhook.filter(id=made.webhook.id).update(consecutive_failures=49)
        receiver.status = 204
        await record(world, Classification.PUBLIC)
        assert await worker.run_once(SENDERS) == 1
    row = await Webhook.get(id=made.webhook.id)
    assert (row.active, row.consecutive_failures) == (True, 0)


# ------------------------------------------------------------------ addresses (SSRF)


@pytest.mark.parametrize(
    "url",
    [
        "https://10.0.0.1/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://127.0.0.1/hook",
        "https://localhost/hook",  # a name that resolves to 127.0.0.1
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",  # IPv4 inside IPv6
        "https://[fe80::1]/hook",
        "https://0.0.0.0/hook",
        "https://224.0.0.1/hook",
        "https://100.64.0.1/hook",  # shared (carrier-grade NAT)
        "http://93.184.216.34/hook",  # public, but not https
        "ftp://93.184.216.34/hook",
        "https://user:secret@93.184.216.34/hook",
        "https://no-such-host.invalid/hook",
    ],
)
async def test_a_private_or_unfit_address_is_refused(url):
    world = await workflow_world()
    with pytest.raises(BadInput):
        await hook(world, "participant", url)
    assert await Webhook.all().count() == 0


async def test_a_public_https_address_is_accepted_and_the_allow_list_opens_a_network(
    monkeypatch: pytest.MonkeyPatch,
):
    world = await workflow_world()
    await hook(world, "participant", "https://93.184.216.34/hook")
    with pytest.raises(BadInput):
        await hook(world, "participant", "http://localhost:8080/hook")
    monkeypatch.setenv("INDABA_WEBHOOK_ALLOW", "127.0.0.0/8,::1")
    await hook(world, "participant", "http://localhost:8080/hook")
    with pytest.raises(BadInput):  # the allow list opens its networks, no others
        await hook(world, "participant", "http://10.0.0.1/hook")
    assert await Webhook.all().count() == 2


async def test_each_delivery_checks_the_address_again_and_connects_to_the_checked_one(local):
    world = await workflow_world()
    async with Receiver() as receiver:
        # By name: the request goes to the address checked, with the name in Host.
        await hook(world, "chair", f"http://localhost:{receiver.port}/hooks/indaba")
        await record(world, Classification.PUBLIC)
        assert await worker.run_once(SENDERS) == 1
        (request,) = receiver.requests
        assert request.headers["host"] == f"localhost:{receiver.port}"
        # The allow list gone (the network is private after all): nothing goes out, and
        # the attempt says why.
        await record(world, Classification.PUBLIC, "Second decision")
        strict = {OutboxChannel.WEBHOOK: webhook_sender(())}
        assert await worker.run_once(strict) == 1
        assert len(receiver.requests) == 1
    newest = (await WebhookDelivery.all().order_by("-id"))[0]
    assert (newest.succeeded, newest.status_code) == (False, None)
    assert newest.error is not None and "refused" in newest.error


async def test_a_receiver_too_slow_to_answer_is_a_failed_attempt(local, monkeypatch):
    monkeypatch.setattr(server_webhooks, "TIMEOUT_SECONDS", 0.5)  # 10 s in production
    world = await workflow_world()
    async with Receiver(delay=3) as receiver:
        made = await hook(world, "chair", receiver.url)
        await record(world, Classification.PUBLIC)
        assert await worker.run_once(SENDERS) == 1
    (attempt,) = await webhooks.deliveries(made.webhook.id)
    assert (attempt.status_code, attempt.succeeded) == (None, False)
    assert attempt.error is not None and attempt.error.startswith("no answer within")
    (item,) = await OutboxItem.filter(channel=OutboxChannel.WEBHOOK)
    assert (item.status, item.attempts) == (OutboxStatus.PENDING, 1)  # to be tried again


def test_the_allowed_networks_are_read_and_checked_with_the_settings():
    assert Settings.from_env(
        {"INDABA_WEBHOOK_ALLOW": "127.0.0.0/8, ::1"}
    ).webhook_allow_networks == (
        ipaddress.ip_network("127.0.0.0/8"),
        ipaddress.ip_network("::1"),
    )
    with pytest.raises(SettingsError, match="INDABA_WEBHOOK_ALLOW"):
        Settings.from_env({"INDABA_WEBHOOK_ALLOW": "intranet"})


async def test_a_redirect_is_not_followed(local):
    world = await workflow_world()
    async with Receiver(status=302) as receiver:
        made = await hook(world, "chair", receiver.url)
        await record(world, Classification.PUBLIC)
        assert await worker.run_once(SENDERS) == 1
    assert len(receiver.requests) == 1
    (attempt,) = await webhooks.deliveries(made.webhook.id)
    assert (attempt.status_code, attempt.succeeded) == (302, False)


async def test_a_deleted_webhook_is_sent_nothing_more(local):
    world = await workflow_world()
    async with Receiver() as receiver:
        made = await hook(world, "chair", receiver.url)
        await record(world, Classification.PUBLIC)
        await webhooks.delete_webhook(
            await viewer(world.people["chair"]), webhook_id=made.webhook.id
        )
        assert await worker.run_once(SENDERS) == 1
    assert receiver.requests == []


# ------------------------------------------------------------------ the README's receiver


def readme_receiver(secret: str) -> tuple[type, str]:
    """The README's receiver class, with a webhook's secret in place of the example's."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme.split("## Webhooks", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    code, serve = code.rsplit("\n", 2)[0], code.rsplit("\n", 2)[1]
    assert serve.startswith("HTTPServer(")  # the last line serves; here, a thread does
    code = code.replace('b"the secret createWebhook showed you"', repr(secret.encode()))
    namespace: dict[str, Any] = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    return namespace["Receiver"], code


@pytest.mark.parametrize("right_secret", [True, False])
async def test_the_readme_receiver_accepts_a_delivery_and_refuses_a_forged_one(local, right_secret):
    world = await workflow_world()
    server = HTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    made = await hook(world, "chair", url)
    handler, _code = readme_receiver(made.secret if right_secret else "not the secret")
    server.RequestHandlerClass = handler
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        await record(world, Classification.PUBLIC)
        assert await worker.run_once(SENDERS) == 1
    finally:
        server.shutdown()
        server.server_close()
    (attempt,) = await webhooks.deliveries(made.webhook.id)
    assert (attempt.status_code, attempt.succeeded) == (
        (204, True) if right_secret else (401, False)
    )


async def test_data_is_what_node_answers_the_owner_the_objects_it_holds_included():
    world = await workflow_world()
    answered = world.recommendations[Classification.PUBLIC]
    await Recommendation.filter(id=answered.id).update(
        status=RecommendationStatus.ACCEPTED,
        response_text="We accept and will fund it.",
        responded_at=clock.now(),
        responded_by_id=world.people["chair"].id,
    )
    data = await subject_data(world.people["participant"], "recommendation", answered.id)
    assert data is not None
    assert data["status"] == "ACCEPTED"
    assert data["response"]["text"] == "We accept and will fund it."
    assert data["response"]["respondedBy"] == {"id": gid("Person", world.people["chair"].id)}
    assert data["addressedTo"] == {"id": gid("Committee", world.bodies["sc"].id)}
    hidden = world.recommendations[Classification.CONFIDENTIAL]
    assert await subject_data(world.people["participant"], "recommendation", hidden.id) is None
    assert await subject_data(world.people["chair"], "recommendation", hidden.id) is not None
