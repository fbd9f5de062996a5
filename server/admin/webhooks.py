"""My webhooks: the viewer's own, listed with their last deliveries, registered (the
secret shown once) and deleted. The rules are governance.webhooks'."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from governance import webhooks
from governance.enums import WebhookEvent
from server.admin import forms
from server.admin.pages import Admin
from server.i18n import N_
from server.i18n import gettext as _

PAGE = "admin/webhooks.html"
EVENTS = {
    WebhookEvent.DECISION_RECORDED: N_("A decision is recorded"),
    WebhookEvent.DECISION_RELEASED: N_("A decision is cleared for release"),
    WebhookEvent.MEETING_SCHEDULED: N_("A meeting is scheduled"),
    WebhookEvent.MINUTES_APPROVED: N_("Minutes are approved"),
    WebhookEvent.AGREEMENT_CHANGED: N_("An agreement changes status or gains a commitment"),
    WebhookEvent.RECOMMENDATION_ANSWERED: N_("A recommendation is answered"),
    WebhookEvent.UPDATE_PUBLISHED: N_("An update is published"),
    WebhookEvent.MEASUREMENT_RECORDED: N_("A measurement is recorded"),
}


async def context(admin: Admin) -> dict[str, Any]:
    hooks = await webhooks.own_webhooks(admin.viewer)
    return {
        "section": "webhooks",
        "webhooks": [(hook, await webhooks.deliveries(hook.id)) for hook in hooks],
        "events": {event: _(words) for event, words in EVENTS.items()},
    }


async def index(admin: Admin) -> Response:
    return admin.render(PAGE, await context(admin), fragment="webhooks")


async def create(admin: Admin) -> Response:
    form = await admin.form()
    created = await webhooks.create_webhook(
        admin.viewer,
        url=forms.text(form, "url"),
        events=[str(value) for value in form.getlist("events")],
    )
    admin.message = _("Copy the secret now: it will not be shown again.")
    values = {**await context(admin), "created": created}
    return admin.render(PAGE, values, fragment="webhooks")


async def delete(admin: Admin) -> Response:
    await webhooks.delete_webhook(admin.viewer, webhook_id=admin.path_id("webhook_id"))
    return await admin.done(
        PAGE,
        lambda: context(admin),
        fragment="webhooks",
        redirect=admin.url("webhooks"),
        message=_("Webhook deleted: nothing more is sent to it."),
    )
