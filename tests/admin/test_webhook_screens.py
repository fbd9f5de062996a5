"""My webhooks in the admin (issue 14): registered with the secret shown once, listed with
their last deliveries, deleted; a refused URL says why."""

from __future__ import annotations

import re

import pytest

from governance import decisions
from governance.enums import Classification, OutboxChannel
from governance.models import Webhook
from governance.webhook_urls import networks
from server import worker
from server.webhooks import webhook_sender
from tests.receiver import Receiver
from tests.workflows.helpers import viewer
from tests.world import TODAY

HTMX = {"HX-Request": "true"}


async def test_a_webhook_is_registered_with_its_secret_shown_once_then_listed_and_deleted(
    setting, signed_in, monkeypatch: pytest.MonkeyPatch
):
    member = await signed_in("member")
    refused = await member.post(
        "/admin/webhooks", {"url": "https://169.254.169.254/", "events": ["DECISION_RECORDED"]}
    )
    assert refused.status_code == 400
    assert "private, loopback, link-local or reserved" in refused.text
    monkeypatch.setenv("INDABA_WEBHOOK_ALLOW", "127.0.0.0/8")
    async with Receiver() as receiver:
        created = await member.post(
            "/admin/webhooks",
            {"url": receiver.url, "events": ["DECISION_RECORDED", "MEETING_SCHEDULED"]},
            headers=HTMX,
        )
        assert created.status_code == 200
        secret = re.search(r'id="new-secret">([0-9a-f]{64})<', created.text).group(1)
        hook = await Webhook.get(person_id=setting.person("member"))
        assert hook.events == ["DECISION_RECORDED", "MEETING_SCHEDULED"]
        page = await member.get("/admin/webhooks")
        assert secret not in page.text and receiver.url in page.text
        assert "Nothing delivered yet." in page.text
        # Someone else's page does not show it.
        assert receiver.url not in (await (await signed_in("chair")).get("/admin/webhooks")).text

        await decisions.record_decision(
            await viewer(setting.world.people["chair"]),
            committee_id=setting.body("sc"),
            title="Water plan adopted",
            text="Adopted.",
            decided_on=TODAY,
            classification=Classification.PUBLIC,
        )
        senders = {OutboxChannel.WEBHOOK: webhook_sender(networks("127.0.0.0/8"))}
        assert await worker.run_once(senders) == 1
    page = await member.get("/admin/webhooks")
    assert "Decision recorded" in page.text and "200 OK" in page.text
    # The profile links here.
    assert 'href="/admin/webhooks"' in (await member.get("/admin/profile")).text

    deleted = await member.post(f"/admin/webhooks/{hook.id}/delete")
    assert deleted.status_code == 303
    assert not await Webhook.exists(id=hook.id)
    assert "You have no webhooks." in (await member.get("/admin/webhooks")).text
