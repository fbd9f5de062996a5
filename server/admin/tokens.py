"""My API tokens: the viewer's own tokens, listed, issued (the value shown once) and revoked.

The rules are governance.access's: anyone issues their own tokens, read-only if they
like; only a hash is stored, so the value is in the answer to the issue and nowhere
else.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from starlette.responses import Response

from governance import access
from governance.errors import BadInput
from server.admin import forms
from server.admin.pages import Admin
from server.i18n import gettext as _

PAGE = "admin/tokens.html"


async def context(admin: Admin) -> dict[str, Any]:
    return {
        "section": "tokens",
        "tokens": await access.own_tokens(admin.viewer),
        "now": datetime.now(UTC),
        "today": datetime.now(UTC).date(),
    }


async def index(admin: Admin) -> Response:
    return admin.render(PAGE, await context(admin), fragment="tokens")


def expiry(day: date | None) -> datetime | None:
    """A token "valid until 31 January" works through that day (UTC)."""
    if day is None:
        return None
    if day < datetime.now(UTC).date():
        raise BadInput("Choose an expiry date from today on, or none.")
    return datetime.combine(day, time(23, 59, 59), UTC)


async def issue(admin: Admin) -> Response:
    form = await admin.form()
    issued = await access.issue_api_token(
        admin.viewer,
        person_id=admin.person_id,
        expires_at=expiry(forms.optional_day(form, "expires_on", _("the expiry date"))),
        read_only=forms.checked(form, "read_only"),
    )
    admin.message = _("Copy the token now: it will not be shown again.")
    return admin.render(PAGE, {**await context(admin), "issued": issued}, fragment="tokens")


async def revoke(admin: Admin) -> Response:
    await access.revoke_api_token(admin.viewer, token_id=admin.path_id("token_id"))
    return await admin.done(
        PAGE,
        lambda: context(admin),
        fragment="tokens",
        redirect=admin.url("tokens"),
        message=_("Token revoked: it no longer works, open connections included."),
    )
