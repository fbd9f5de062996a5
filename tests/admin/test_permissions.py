"""Every admin route: signed out → the sign-in page; without the right → 403 or 404, as the
API answers; a change without the CSRF token → 403 and nothing changed; with the right → done."""

from __future__ import annotations

import pytest
from starlette.routing import Route

from server.admin.routes import routes
from tests.admin.cases import CASES, Case
from tests.admin.helpers import fingerprint, vary
from tests.graphql import gql

CODES = {403: "FORBIDDEN", 404: "NOT_FOUND"}


def route_keys() -> set[tuple[str, str]]:
    keys = set()
    for route in routes:
        assert isinstance(route, Route), route
        for method in route.methods or ():
            if method != "HEAD":
                keys.add((method, route.path))
    return keys


def test_every_admin_route_has_a_permission_case():
    keys = route_keys()
    assert keys - CASES.keys() == set(), "routes without a case in tests/admin/cases.py"
    assert CASES.keys() - keys == set(), "cases for routes that no longer exist"


ROUTED = [
    pytest.param(key, case, id=f"{key[0]} {key[1]}")
    for key, case in sorted(CASES.items(), key=lambda item: (item[0][1], item[0][0]))
]


@pytest.mark.parametrize(("key", "case"), ROUTED)
async def test_route_permissions(key, case: Case, setting, signed_in, browser, client):
    method, _ = key
    path = case.path(setting)
    data = case.data(setting) if case.data else {}
    files = case.files(setting) if case.files else None
    before = await fingerprint()

    # Signed out: sent to sign in, and nothing changes.
    if not case.public:
        response = await browser().request(method, path, data=data or None)
        assert response.status_code == 303, response.text
        assert response.headers["location"].startswith("/admin/sign-in?next=")
        assert await fingerprint() == before

    # Signed in without the right: refused as the API refuses, and nothing changes.
    for role, status in case.denied:
        person = await signed_in(role)
        if method == "GET":
            response = await person.get(path)
        else:
            response = await person.post(path, data, files=files)
        assert response.status_code == status, (role, response.text)
        assert "no-store" in response.headers["cache-control"]
        assert await fingerprint() == before, role
        if case.api:
            query, variables = case.api
            result = await gql(client, query, variables(setting), token=setting.world.tokens[role])
            if method == "GET":  # a read: the API shows nothing where the admin says 404
                assert (result.data["node"] is None) == (status == 404), (role, result.data)
            else:
                expected = (case.api_differs or {}).get(role, CODES[status])
                assert result.codes == [expected], (role, result.errors)

    # A change without the CSRF token (from another site, say): refused, nothing changes.
    if method == "POST":
        if case.public:
            response = await browser().post(path, data=data)
        else:
            person = await signed_in(case.allowed)
            response = await person.post(path, data, csrf=False)
            assert response.status_code == 403, response.text
            response = await person.post(path, {**data, "csrf_token": "forged"}, csrf=False)
        assert response.status_code == 403, response.text
        assert (
            "set-cookie" not in response.headers
            or "indaba_session=" not in (response.headers["set-cookie"])
        )
        assert await fingerprint() == before

    # With the right: done.
    if case.public:
        return
    person = await signed_in(case.allowed)
    response = await (person.get(path) if method == "GET" else person.post(path, data, files=files))
    assert response.status_code == case.status, response.text
    assert "hx-request" in vary(response)
    assert response.headers["cache-control"] == "no-store"
    if method == "POST" and case.changes:
        assert await fingerprint() != before
