"""The admin with impossible ids: a number no row can have, in a URL, a query string or a
form field, is Not Found or bad input, never a 500."""

from __future__ import annotations

import re

import pytest
from starlette.routing import Route

from server.admin import routes as admin_routes

HUGE = "9" * 30


def int_routes() -> list[tuple[str, str]]:
    found = []
    for route in admin_routes.routes:
        if isinstance(route, Route) and ":int}" in route.path:
            for method in sorted(route.methods or ()):
                if method != "HEAD":
                    found.append((method, route.path))
    return found


async def test_every_admin_url_with_an_out_of_range_id_is_not_found(setting, signed_in, client):
    admin = await signed_in("admin")
    routes = int_routes()
    assert len(routes) > 30
    for method, path in routes:
        for number in (HUGE, str(2**31)):
            url = "/admin" + re.sub(r"\{\w+:int\}", number, path)
            response = await (admin.get(url) if method == "GET" else admin.post(url, {}))
            assert response.status_code == 404, (method, url, response.status_code)
    assert (await client.get("/healthz")).status_code == 200


@pytest.mark.parametrize("value", ["²", HUGE, "-3", "1e3"])
async def test_admin_query_strings_and_form_fields_with_impossible_ids(setting, signed_in, value):
    secretary = await signed_in("secretary")
    for page in ("/admin/meetings", "/admin/decisions"):
        for name in ("body", "committee", "page"):
            response = await secretary.get(page, params={name: value})
            assert response.status_code == 200, (page, name, response.status_code)
    meeting = setting.ids["meeting"]
    # A form field naming a person by an impossible number is refused as bad input.
    refused = await secretary.post(
        f"/admin/meetings/{meeting}/motions",
        {"title": "Tariffs", "text": "Raised.", "proposer_id": value,
         "voting_rule": "SIMPLE_MAJORITY", "classification": "PUBLIC"},
    )  # fmt: skip
    assert refused.status_code == 400, refused.status_code
    assert "proposer" in refused.text
