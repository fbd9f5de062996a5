"""Each event a webhook may listen to is queued by the change it tells of, in that change's
transaction (issue 14): the admin's own changes, as the permission table makes them."""

from __future__ import annotations

import pytest

from governance import clock
from governance.enums import OutboxChannel, WebhookEvent
from governance.models import OutboxItem, Webhook
from tests.admin.cases import CASES
from tests.admin.helpers import Setting

EVENTS = [
    (("POST", "/meetings"), WebhookEvent.MEETING_SCHEDULED, "meeting"),
    (("POST", "/decisions"), WebhookEvent.DECISION_RECORDED, "decision"),
    (
        ("POST", "/decisions/{decision_id:int}/supersede"),
        WebhookEvent.DECISION_RECORDED,
        "decision",
    ),
    (("POST", "/decisions/{decision_id:int}/release"), WebhookEvent.DECISION_RELEASED, "decision"),
    (
        ("POST", "/meetings/{meeting_id:int}/minutes/approve"),
        WebhookEvent.MINUTES_APPROVED,
        "minutes",
    ),
    (
        ("POST", "/agreements/{agreement_id:int}/status"),
        WebhookEvent.AGREEMENT_CHANGED,
        "agreement",
    ),
    (
        ("POST", "/agreements/{agreement_id:int}/commitments"),
        WebhookEvent.AGREEMENT_CHANGED,
        "agreement",
    ),
    (
        ("POST", "/recommendations/{recommendation_id:int}/respond"),
        WebhookEvent.RECOMMENDATION_ANSWERED,
        "recommendation",
    ),
    (("POST", "/updates/{update_id:int}/publish"), WebhookEvent.UPDATE_PUBLISHED, "update"),
    (
        ("POST", "/indicators/{indicator_id:int}/measurements"),
        WebhookEvent.MEASUREMENT_RECORDED,
        "measurement",
    ),
]


@pytest.mark.parametrize(
    ("key", "event", "subject_type"), EVENTS, ids=[k[1] for k, _e, _s in EVENTS]
)
async def test_the_change_queues_its_event_for_each_webhook_listening(
    key, event, subject_type, setting: Setting, signed_in
):
    listening = await Webhook.create(
        person_id=setting.person("member"), url="https://93.184.216.34/a", events=[event.value],
        secret="1" * 64, created_at=clock.now(),
    )  # fmt: skip
    others = [e.value for e in WebhookEvent if e != event]
    await Webhook.create(
        person_id=setting.person("member"), url="https://93.184.216.34/b", events=others,
        secret="2" * 64, created_at=clock.now(),
    )  # fmt: skip
    await Webhook.create(
        person_id=setting.person("chair"), url="https://93.184.216.34/c", events=[event.value],
        secret="3" * 64, created_at=clock.now(), active=False,
    )  # fmt: skip
    await OutboxItem.filter(channel=OutboxChannel.WEBHOOK).delete()
    case = CASES[key]
    person = await signed_in(case.allowed)
    response = await person.post(case.path(setting), case.data(setting) if case.data else {})
    assert response.status_code == case.status, response.text[:500]
    (item,) = await OutboxItem.filter(channel=OutboxChannel.WEBHOOK)
    assert (item.topic, item.subject_type, item.payload) == (
        event.value,
        subject_type,
        {"webhook_id": listening.id},
    )
    assert item.person_id == setting.person("member") and item.subject_id is not None
