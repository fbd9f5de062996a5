"""API tokens in the admin: "My API tokens" (one's own: listed, issued once, revoked) and an
admin issuing tokens for integration accounts, never for a person."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

from governance.models import ApiToken, Person
from tests.graphql import gql

NEW_TOKEN = re.compile(r'id="new-token">(ind_[^<]+)<')
WHO = "{ viewer { person { name } } }"
ISSUE_OWN = "mutation($p: ID!) { issueApiToken(personId: $p) { token } }"


async def test_my_api_tokens_lists_issues_once_and_revokes(setting, signed_in, client):
    me = await signed_in("participant")
    page = await me.get("/admin/tokens")
    assert page.status_code == 200
    assert 'href="/admin/tokens" aria-current="page">My API tokens</a>' in page.text
    existing = setting.world.tokens["participant"]
    assert existing[:10] in page.text and existing not in page.text  # the prefix, never the value

    until = (datetime.now(UTC) + timedelta(days=30)).date()
    issued = await me.post("/admin/tokens", {"expires_on": until.isoformat(), "read_only": "on"})
    assert issued.status_code == 200
    token = NEW_TOKEN.search(issued.text).group(1)
    assert token not in (await me.get("/admin/tokens")).text  # shown once
    row = await ApiToken.get(prefix=token[:10])
    assert row.read_only
    assert row.expires_at == datetime.combine(until, time(23, 59, 59), UTC)  # through that day
    listed = (await me.get("/admin/tokens")).text
    assert "Read-only" in listed and f"{until.day} {until:%b %Y}" in listed

    # It reads as me, and changes nothing.
    read = await gql(client, WHO, token=token)
    assert read.data["viewer"]["person"]["name"] == setting.world.people["participant"].name
    person_id = setting.world.gid("Person", setting.person("participant"))
    refused = await gql(client, ISSUE_OWN, {"p": person_id}, token=token)
    assert refused.codes == ["FORBIDDEN"]

    revoked = await me.post(f"/admin/tokens/{row.id}/revoke")
    assert revoked.status_code == 303
    result = await gql(client, WHO, token=token)
    assert result.status == 401 or result.errors
    assert token[:10] not in (await me.get("/admin/tokens")).text


async def test_an_expiry_in_the_past_is_refused(signed_in):
    me = await signed_in("participant")
    before = await ApiToken.all().count()
    yesterday = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    response = await me.post("/admin/tokens", {"expires_on": yesterday})
    assert response.status_code == 400
    assert "expiry date from today on" in response.text
    assert await ApiToken.all().count() == before


async def test_someone_elses_token_is_not_there_to_revoke(setting, signed_in):
    token = await ApiToken.get(id=setting.ids["participant_token"])
    member = await signed_in("member")
    assert (await member.post(f"/admin/tokens/{token.id}/revoke")).status_code == 404
    assert (await ApiToken.get(id=token.id)).revoked_at is None


async def test_an_admin_issues_tokens_for_integration_accounts_only(setting, signed_in, client):
    admin = await signed_in("admin")
    # A person: the page offers no token, and a forged request is refused.
    person_page = await admin.get(f"/admin/people/{setting.person('chair')}")
    assert "Issue a token" not in person_page.text
    assert "Revoke every token" in person_page.text  # an admin may still cut them off
    before = await ApiToken.all().count()
    forged = await admin.post(f"/admin/people/{setting.person('chair')}/tokens")
    assert forged.status_code == 403
    assert await ApiToken.all().count() == before

    # An integration account: offered, and issued.
    system = f"/admin/people/{setting.ids['integration']}"
    page = await admin.get(system)
    assert "Integration account" in page.text and "Issue a token" in page.text
    issued = await admin.post(system + "/tokens", {"read_only": "on"})
    assert issued.status_code == 200
    token = NEW_TOKEN.search(issued.text).group(1)
    assert (await gql(client, WHO, token=token)).data["viewer"]["person"]["name"] == (
        "Partner System"
    )
    assert token[:10] in (await admin.get(system)).text  # listed by its prefix


async def test_ones_own_person_page_points_to_my_api_tokens(setting, signed_in):
    me = await signed_in("chair")
    page = await me.get(f"/admin/people/{setting.person('chair')}")
    assert 'Your own tokens are on <a href="/admin/tokens">My API tokens</a>' in page.text
    assert "Issue a token" not in page.text


async def test_the_admin_adds_an_integration_account(signed_in):
    admin = await signed_in("admin")
    form = {"name": "Municipal ERP", "email": "erp@example.org", "integration": "on"}
    refused = await admin.post("/admin/people", {**form, "password": "a long enough password"})
    assert refused.status_code == 400
    assert "no password" in refused.text
    assert (await admin.post("/admin/people", form)).status_code == 303
    system = await Person.get(email="erp@example.org")
    assert system.is_integration and system.password_hash is None
    assert "Integration account" in (await admin.get("/admin/people")).text
