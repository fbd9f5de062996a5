"""Organizations, people, bodies and memberships: the platform admin's work."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from governance import account_links, audit, clock, notifications, validation
from governance.enums import (
    BodyKind,
    MemberRole,
    NotificationKind,
    OrganizationKind,
    PlatformRole,
)
from governance.errors import N_, BadInput, Conflict, NotFound
from governance.guards import acting
from governance.models import Body, Membership, Notification, Organization, Person
from governance.models.account_links import LinkPurpose
from governance.models.bodies import in_force_on
from permissions import Viewer, require


async def create_organization(viewer: Viewer, *, name: str, kind: OrganizationKind) -> Organization:
    actor = acting(viewer)
    name = validation.text(name, "name", validation.NAME)
    await require(
        viewer, "create", "organization", message=N_("Only a platform admin adds organizations.")
    )
    async with in_transaction():
        if await Organization.filter(name=name).exists():
            raise BadInput("An organization named “%(name)s” already exists.", name=name)
        organization = await Organization.create(name=name, kind=kind)
        await audit.record(
            actor,
            "organization.create",
            f"Added organization “{name}”",
            "organization",
            organization.id,
        )
    return organization


async def create_person(
    viewer: Viewer,
    *,
    name: str,
    email: str,
    title: str | None = None,
    organization_id: int | None = None,
    platform_roles: Iterable[PlatformRole] = (),
    password_hash: str | None = None,
    is_integration: bool = False,
) -> Person:
    """A person, or (`is_integration`) an integration account: a partner's system that
    reads and writes through API tokens an admin issues, and never signs in."""
    actor = acting(viewer)
    name = validation.text(name, "name", validation.NAME)
    email = validation.email(email)
    title = validation.optional_text(title, "title", validation.NAME)
    roles = set(platform_roles)
    await require(viewer, "create", "person", message=N_("Only a platform admin adds people."))
    if is_integration and (password_hash is not None or PlatformRole.ADMIN in roles):
        raise BadInput("An integration account has no password and no admin role.")
    async with in_transaction():
        if organization_id is not None and not await Organization.exists(id=organization_id):
            raise NotFound("No organization with that id.")
        if await Person.filter(email=email).exists():
            raise BadInput("Someone with that email address already has an account.")
        person = await Person.create(
            name=name,
            email=email,
            title=title,
            organization_id=organization_id,
            is_admin=PlatformRole.ADMIN in roles,
            is_communications=PlatformRole.COMMUNICATIONS in roles,
            password_hash=password_hash,
            is_integration=is_integration,
        )
        what = f"integration account {name}" if is_integration else name
        await audit.record(actor, "person.create", f"Added {what}", "person", person.id)
        # Someone who will sign in and has no password yet is invited to set one (an
        # admin who typed a password passes it on themself; integration accounts never
        # sign in). The email leaves only if this commits.
        if account_links.invitable(person):
            await account_links.issue(person, LinkPurpose.INVITATION)
    return person


QUORUM_LIMIT = 500
KEEP = object()  # an argument not given: that part of the body stays as it is


def _prefix_for(name: str, kind: BodyKind) -> str:
    initials = "".join(word[0] for word in re.findall(r"[A-Za-z]+", name) if word[0].isupper())
    fallback = {"ADVISORY_BOARD": "AB", "STEERING_COMMITTEE": "SC"}.get(kind.value, "C")
    return (initials or fallback)[:6]


async def create_body(
    viewer: Viewer,
    *,
    name: str,
    slug: str,
    kind: BodyKind,
    quorum: int,
    mandate: str | None = None,
    prefix: str | None = None,
    time_zone: str = "UTC",
) -> Body:
    actor = acting(viewer)
    name = validation.text(name, "name", validation.NAME)
    slug = validation.slug(slug)
    mandate = validation.optional_text(mandate, "mandate", validation.LONG_TEXT, multiline=True)
    quorum = validation.positive(quorum, "quorum", limit=QUORUM_LIMIT)
    time_zone = validation.time_zone(time_zone)
    if prefix is not None and not re.fullmatch(r"[A-Z]{1,6}", prefix):
        raise BadInput("prefix must be one to six capital letters, such as SC.")
    await require(viewer, "create", "body", message=N_("Only a platform admin creates bodies."))
    async with in_transaction():
        if await Body.filter(slug=slug).exists():
            raise BadInput(
                "The slug “%(slug)s” is already used by another body; choose another.", slug=slug
            )
        body = await Body.create(
            name=name,
            slug=slug,
            kind=kind,
            mandate=mandate,
            quorum=quorum,
            prefix=prefix or _prefix_for(name, kind),
            time_zone=time_zone,
        )
        await audit.record(actor, "body.create", f"Created {name}", "body", body.id)
    return body


async def update_body(
    viewer: Viewer,
    *,
    body_id: int,
    name: str | None = None,
    mandate: str | object | None = KEEP,
    quorum: int | None = None,
    time_zone: str | None = None,
) -> Body:
    """Correct a body's name, mandate, quorum or time zone (None: unchanged; an empty
    mandate clears it). Bodies are public, so only a missing one is NOT_FOUND."""
    actor = acting(viewer)
    changes: dict[str, Any] = {}
    if name is not None:
        changes["name"] = validation.text(name, "name", validation.NAME)
    if mandate is not KEEP:
        text = mandate if isinstance(mandate, str) else None
        changes["mandate"] = validation.optional_text(
            text, "mandate", validation.LONG_TEXT, multiline=True
        )
    if quorum is not None:
        changes["quorum"] = validation.positive(quorum, "quorum", limit=QUORUM_LIMIT)
    if time_zone is not None:
        changes["time_zone"] = validation.time_zone(time_zone)
    await require(viewer, "update", "body", message=N_("Only a platform admin changes a body."))
    async with in_transaction():
        body = await Body.filter(id=body_id).select_for_update().first()
        if body is None:
            raise NotFound("No body with that id.")
        changed = {key: value for key, value in changes.items() if getattr(body, key) != value}
        if not changed:
            return body
        await Body.filter(id=body.id).update(**changed)
        await audit.record(
            actor, "body.update", f"Changed {body.name}: {_changes(body, changed)}", "body", body.id
        )
    return await Body.get(id=body.id)


def _changes(body: Body, changed: dict[str, object]) -> str:
    """What changed, for the trail (a body is public: its values may be quoted)."""
    said = []
    for key, value in changed.items():
        if key == "mandate":
            said.append("mandate cleared" if value is None else "mandate rewritten")
        else:
            label = key.replace("_", " ")
            said.append(f"{label} {getattr(body, key)} → {value}")
    return "; ".join(said)


async def add_member(
    viewer: Viewer,
    *,
    body_id: int,
    person_id: int,
    role: MemberRole,
    organization_id: int | None,
    voting_rights: bool,
    start_date: date,
    constituency: str | None = None,
) -> Membership:
    actor = acting(viewer)
    await require(
        viewer, "manage", "membership", message=N_("Only a platform admin manages memberships.")
    )
    if role == MemberRole.OBSERVER and voting_rights:
        raise BadInput("An observer has no voting rights.")
    # Free text, trimmed; blank is none. Constituencies are named as each body names them.
    constituency = validation.optional_text(constituency, "constituency", validation.CONSTITUENCY)
    async with in_transaction():
        body = await Body.get_or_none(id=body_id)
        person = await Person.get_or_none(id=person_id)
        if body is None:
            raise NotFound("No body with that id.")
        if person is None:
            raise NotFound("No person with that id.")
        if person.is_integration:
            raise BadInput("An integration account is never a member of a body.")
        if organization_id is not None and not await Organization.exists(id=organization_id):
            raise NotFound("No organization with that id.")
        overlapping = Membership.filter(
            in_force_on(start_date) | Q(start_date__gt=start_date),
            body_id=body_id,
            person_id=person_id,
        )
        if await overlapping.exists():
            raise Conflict(
                "%(person)s already has a membership of %(body)s from that date.",
                person=person.name,
                body=body.name,
            )
        if role == MemberRole.CHAIR:
            chair = await Membership.filter(
                in_force_on(start_date), body_id=body_id, role=role
            ).first()
            if chair is not None:
                raise Conflict(
                    "%(body)s already has a chair on that date; end that term first.",
                    body=body.name,
                )
        membership = await Membership.create(
            body_id=body_id,
            person_id=person_id,
            role=role,
            organization_id=organization_id
            if organization_id is not None
            else person.organization_id,
            voting_rights=voting_rights,
            start_date=start_date,
            constituency=constituency,
        )
        as_role = role.value.lower().replace("_", " ")
        if constituency is not None:
            as_role += f" ({constituency})"
        himself = person.id == actor
        await audit.record(
            actor,
            "membership.add",
            f"{person.name} added themself to {body.name} as {as_role}"
            if himself
            else f"{person.name} joined {body.name} as {as_role}",
            "body",
            body.id,
        )
        told = await _membership_changed(
            body, person, start_date, f"joined {body.name} as {as_role}"
        )
    await notifications.announce(told)
    return membership


async def _membership_changed(
    body: Body, person: Person, on: date, what: str
) -> list[Notification]:
    """The person and the body's chair are told (MEMBERSHIP_CHANGED): a body and its
    memberships are public, so the title may name both."""
    chairs = await notifications.chairs_of([body.id], max(on, clock.today()))
    return await notifications.notify(
        NotificationKind.MEMBERSHIP_CHANGED,
        [person.id, *chairs],
        f"{person.name} {what}",
        subject_type="body",
        subject_id=body.id,
    )


async def end_membership(
    viewer: Viewer, *, body_id: int, person_id: int, end_date: date
) -> Membership:
    actor = acting(viewer)
    await require(
        viewer, "manage", "membership", message=N_("Only a platform admin manages memberships.")
    )
    async with in_transaction():
        membership = (
            await Membership.filter(body_id=body_id, person_id=person_id, end_date__isnull=True)
            .select_for_update()
            .first()
        )
        if membership is None:
            raise NotFound("That person has no open membership of that body.")
        if end_date <= membership.start_date:
            raise BadInput("endDate must come after the membership's start date.")
        membership.end_date = end_date
        await membership.save(update_fields=["end_date"])
        person = await Person.get(id=person_id)
        body = await Body.get(id=body_id)
        await audit.record(
            actor,
            "membership.end",
            f"{person.name}'s membership of {body.name} ends on {end_date.isoformat()}",
            "body",
            body_id,
        )
        told = await _membership_changed(
            body, person, clock.today(), f"leaves {body.name} on {end_date.isoformat()}"
        )
    await notifications.announce(told)
    return membership
