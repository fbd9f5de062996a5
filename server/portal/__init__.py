"""The public portal (PRODUCT.md, "Language, time, the public portal"): server-rendered
pages that work without JavaScript, each read as the anonymous public reads it
(permissions.ANONYMOUS) through the same visibility layer as the API, in a fixed number of
SQL statements, with caching headers that never apply to a signed-in request
(server.portal.rendering). `/open-data` is server.open_data's; the feeds, server.feeds'."""

from __future__ import annotations

from starlette.routing import Route

from server.portal import bodies, register, results

routes = [
    Route("/", register.home, name="home"),
    Route("/updates", register.updates, name="public_updates"),
    Route("/updates/{update_id}", register.update, name="public_update"),
    Route("/decisions", register.decisions, name="public_decisions"),
    Route("/decisions/{reference}", register.decision, name="public_decision"),
    Route("/bodies/{slug}", bodies.body_page, name="public_body"),
    Route("/meetings/{meeting_id}", bodies.meeting_page, name="public_meeting"),
    Route("/agreements/{reference}", results.agreement_page, name="public_agreement"),
    Route("/indicators", results.indicators_page, name="public_indicators"),
]
