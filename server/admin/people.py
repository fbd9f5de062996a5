"""People, and the tokens of integration accounts (a token's value is shown once, when issued).

A person issues their own tokens on "My API tokens" (server.admin.tokens); here an
admin issues tokens for integration accounts only (the rule is
governance.access.issue_api_token's: the page just does not offer the rest), and may
revoke anyone's."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from starlette.responses import Response

from governance import access, account_links, administration, validation
from governance.credentials import hash_password
from governance.enums import PlatformRole
from governance.errors import NotFound
from governance.models import AccountLink, ApiToken, Membership, Organization, Person
from governance.models.account_links import LinkPurpose
from schema.keyset import Order
from server.admin import forms, tokens
from server.admin.dashboard import bodies_by_id
from server.admin.pages import Admin
from server.admin.paging import page_of
from server.i18n import gettext as _
from server.i18n import ngettext

PAGE = "admin/person.html"


async def index(admin: Admin) -> Response:
    people, search = await admin.searched(Person.all())
    page = await page_of(admin, people, Order("name"), route="people")
    return admin.render(
        "admin/people.html",
        {
            "section": "people",
            "people": page.rows,
            "page": page,
            "organizations": {o.id: o for o in await Organization.all().order_by("name")},
            # Emails are never public: only the platform admin, who manages accounts, sees them.
            "show_email": await admin.can("create", "person"),
            "q": search,
        },
        fragment="results",
    )


async def create(admin: Admin) -> Response:
    form = await admin.form()
    # Empty: the person is invited by email to choose one (governance.account_links).
    password = forms.text(form, "password")
    if password:
        validation.password(password)  # the one rule, the CLI's too
    roles = [
        role
        for role in (PlatformRole.ADMIN, PlatformRole.COMMUNICATIONS)
        if forms.checked(form, role.value.lower())
    ]
    person = await administration.create_person(
        admin.viewer,
        name=forms.text(form, "name"),
        email=forms.text(form, "email"),
        title=forms.optional(form, "title"),
        organization_id=forms.optional_number(form, "organization_id", _("an organization")),
        platform_roles=roles,
        password_hash=hash_password(password) if password else None,
        is_integration=forms.checked(form, "integration"),
    )
    return admin.go(admin.url("person", person_id=person.id))


async def person_context(admin: Admin, person_id: int) -> dict[str, Any]:
    person = await Person.get_or_none(id=person_id)
    if person is None:
        raise NotFound("No person with that id.")
    is_me = person.id == admin.person_id
    # One's own tokens are on "My API tokens"; here, an integration account's.
    may_issue = person.is_integration and await admin.can("issue", "integration_token")
    # Any of the person's tokens answers for all, as revoke_api_tokens asks it.
    may_revoke = await admin.can("revoke", ApiToken(person_id=person.id))
    # Someone without a password yet may be invited (again) by whoever adds people.
    may_invite = account_links.invitable(person) and await admin.can("create", "person")
    invitation = (
        await AccountLink.filter(person_id=person.id, purpose=LinkPurpose.INVITATION)
        .order_by("-created_at", "-id")
        .first()
        if may_invite
        else None
    )
    return {
        "section": "people",
        "person": person,
        "organization": await Organization.get_or_none(id=person.organization_id)
        if person.organization_id
        else None,
        "memberships": await Membership.filter(person_id=person.id).order_by("-start_date"),
        "bodies": await bodies_by_id(),
        "show_email": await admin.can("create", "person") or is_me,
        "is_me": is_me,
        "live_tokens": await ApiToken.filter(person_id=person.id, revoked_at__isnull=True).count()
        if may_issue or may_revoke
        else None,
        "tokens": await ApiToken.filter(person_id=person.id, revoked_at__isnull=True).order_by(
            "-created_at", "-id"
        )
        if may_issue
        else [],
        "may": {"issue": may_issue, "revoke": may_revoke, "invite": may_invite},
        "invitation": invitation,
        "invitation_expired": invitation is not None and invitation.expires_at <= datetime.now(UTC),
    }


async def show(admin: Admin) -> Response:
    return admin.render(PAGE, await person_context(admin, admin.path_id("person_id")))


async def issue_token(admin: Admin) -> Response:
    """The token is in this response and nowhere else: only its hash is stored."""
    person_id = admin.path_id("person_id")
    form = await admin.form()
    issued = await access.issue_api_token(
        admin.viewer,
        person_id=person_id,
        expires_at=tokens.expiry(forms.optional_day(form, "expires_on", _("the expiry date"))),
        read_only=forms.checked(form, "read_only"),
    )
    context = await person_context(admin, person_id)
    context["issued"] = issued
    admin.message = _("Copy the token now: it will not be shown again.")
    return admin.render(PAGE, context, fragment="tokens")


async def revoke_tokens(admin: Admin) -> Response:
    person_id = admin.path_id("person_id")
    revoked = await access.revoke_api_tokens(admin.viewer, person_id=person_id)
    return await admin.done(
        PAGE,
        lambda: person_context(admin, person_id),
        fragment="tokens",
        redirect=admin.url("person", person_id=person_id),
        message=ngettext("Revoked %(count)s token.", "Revoked %(count)s tokens.", revoked)
        % {"count": revoked},
    )


async def invite(admin: Admin) -> Response:
    """Send the invitation again: a new link, and the one sent before dies."""
    person_id = admin.path_id("person_id")
    await account_links.invite(admin.viewer, person_id=person_id)
    return await admin.done(
        PAGE,
        lambda: person_context(admin, person_id),
        fragment="invitation",
        redirect=admin.url("person", person_id=person_id),
        message=_("Invitation sent: its link works once, for 7 days."),
    )
