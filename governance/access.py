"""API tokens, and the people named on RESTRICTED items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tortoise.models import Model
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from governance import audit, events, notifications, validation
from governance.credentials import new_token, token_prefix
from governance.enums import Classification, NotificationKind
from governance.errors import N_, BadInput, Forbidden, NotFound
from governance.guards import found, signed_in
from governance.models import AccessGrant, ApiToken, Person
from permissions import Viewer, can, kinds, require, visible
from permissions.kind import Kind
from permissions.viewer import today


@dataclass(frozen=True)
class IssuedToken:
    token: str  # shown once; only its hash is stored
    person: Person
    expires_at: datetime | None
    read_only: bool = False


async def mint_token(
    person: Person,
    *,
    actor_id: int | None,
    expires_at: datetime | None = None,
    read_only: bool = False,
) -> IssuedToken:
    if expires_at is not None:
        validation.aware(expires_at, "expiresAt")
        if expires_at <= datetime.now(UTC):
            raise BadInput("expiresAt must be in the future.")
    token, digest = new_token()
    async with in_transaction():
        await ApiToken.create(
            person_id=person.id,
            token_hash=digest,
            prefix=token_prefix(token),
            expires_at=expires_at,
            read_only=read_only,
        )
        kind = "a read-only API token" if read_only else "an API token"
        await audit.record(
            actor_id, "api_token.issue", f"Issued {kind} for {person.name}", "person", person.id
        )
    return IssuedToken(token, person, expires_at, read_only)


async def issue_api_token(
    viewer: Viewer,
    *,
    person_id: int,
    expires_at: datetime | None = None,
    read_only: bool = False,
) -> IssuedToken:
    """A person issues their own tokens; an ADMIN issues an integration account's, and
    nobody else's (an admin holding a chair's token would read all the chair reads)."""
    actor = signed_in(viewer)
    if person_id == actor:
        await require(viewer, "issue", ApiToken(person_id=actor))
        person = await Person.get(id=actor)
    else:
        await require(
            viewer, "issue", "integration_token", message=N_("You issue tokens for yourself only.")
        )
        account = await Person.get_or_none(id=person_id)
        if account is None:
            raise NotFound("No person with that id.")
        if not account.is_integration:
            raise Forbidden(
                "An admin issues tokens for integration accounts only; "
                "a person issues their own tokens."
            )
        person = account
    return await mint_token(person, actor_id=actor, expires_at=expires_at, read_only=read_only)


def own_tokens(viewer: Viewer) -> QuerySet[ApiToken]:
    """The viewer's tokens that were not revoked, newest first (expired ones included)."""
    return visible(viewer, ApiToken).order_by("-created_at", "-id")


async def revoke_api_token(viewer: Viewer, *, token_id: int) -> bool:
    """Revoke one token: one's own, or (ADMIN) anyone's. Takes effect on the next request,
    open WebSocket connections included."""
    actor = signed_in(viewer)
    async with in_transaction():
        row = await ApiToken.filter(id=token_id, revoked_at__isnull=True).first()
        if row is None or not await can(viewer, "revoke", row):
            raise NotFound("No API token with that id.")
        await ApiToken.filter(id=row.id).update(revoked_at=datetime.now(UTC))
        person = await Person.get(id=row.person_id)
        await audit.record(
            actor,
            "api_token.revoke",
            f"Revoked API token {row.prefix}… of {person.name}",
            "person",
            person.id,
        )
    await events.publish(events.CREDENTIALS_TOPIC, row.person_id)
    return True


async def revoke_api_tokens(viewer: Viewer, *, person_id: int) -> int:
    actor = signed_in(viewer)
    # Any of the person's tokens answers for all of them: their own, or an admin's work.
    await require(
        viewer,
        "revoke",
        ApiToken(person_id=person_id),
        message=N_("Only an admin revokes others' tokens."),
    )
    async with in_transaction():
        person = await Person.get_or_none(id=person_id)
        if person is None:
            raise NotFound("No person with that id.")
        revoked = await ApiToken.filter(person_id=person_id, revoked_at__isnull=True).update(
            revoked_at=datetime.now(UTC)
        )
        await audit.record(
            actor,
            "api_token.revoke",
            f"Revoked {revoked} API token(s) of {person.name}",
            "person",
            person_id,
        )
    await events.publish(events.CREDENTIALS_TOPIC, person_id)
    return revoked


# ------------------------------------------------------------------ grants


def grantable(subject_type: str) -> Kind[Any]:
    """The kind of item named by `subject_type`, if people can be named on it."""
    kind = kinds.BY_NAME.get(subject_type)
    if kind is None or not kind.grantable:
        labels = [k.label + "s" for k in kinds.ALL if k.grantable]
        raise BadInput(
            "People are named on %(kinds)s and %(last)s only.",
            kinds=", ".join(labels[:-1]),
            last=labels[-1],
        )
    return kind


async def grantable_item(viewer: Viewer, subject_type: str, subject_id: int) -> Model:
    kind = grantable(subject_type)
    item: Model = await found(kind.visible(viewer), subject_id, kind.label)
    await require(
        viewer,
        "manage",
        "access_grant",
        on=item,
        message=N_("Only the owning body's chair (or an admin) names people on this item."),
    )
    if getattr(item, "classification") != Classification.RESTRICTED:  # noqa: B009
        raise BadInput("Only RESTRICTED items have named people; this one is not restricted.")
    return item


async def grant_access(
    viewer: Viewer, *, subject_type: str, subject_id: int, person_id: int
) -> bool:
    actor = signed_in(viewer)
    item = await grantable_item(viewer, subject_type, subject_id)
    item_kind = kinds.get(subject_type)
    person = await Person.get_or_none(id=person_id)
    if person is None:
        raise NotFound("No person with that id.")
    if person.is_integration:
        raise BadInput("An integration account is never named on an item.")
    kind = subject_type.replace("_", " ")
    told = []
    async with in_transaction():
        _, created = await AccessGrant.get_or_create(
            subject_type=subject_type, subject_id=subject_id, person_id=person_id
        )
        if created and person_id == actor:
            # Naming oneself is how an admin would reach content: recorded, and the
            # owning body's chair is told.
            await audit.record(
                actor, "access.grant", f"{person.name} named themself on a RESTRICTED {kind}",
                subject_type, subject_id,
            )  # fmt: skip
            told = await notifications.notify(
                NotificationKind.MEMBERSHIP_CHANGED,
                await notifications.chairs_of(await item_kind.bodies_of(item), today()),
                f"{person.name} named themself on a restricted {kind}",
                subject_type=subject_type,
                subject_id=subject_id,
            )
        elif created:
            await audit.record(
                actor, "access.grant", f"Named {person.name} on a RESTRICTED {kind}",
                subject_type, subject_id,
            )  # fmt: skip
    await notifications.announce(told)
    return True


async def revoke_access(
    viewer: Viewer, *, subject_type: str, subject_id: int, person_id: int
) -> bool:
    actor = signed_in(viewer)
    await grantable_item(viewer, subject_type, subject_id)
    async with in_transaction():
        removed = await AccessGrant.filter(
            subject_type=subject_type, subject_id=subject_id, person_id=person_id
        ).delete()
        if removed:
            person = await Person.get(id=person_id)
            await audit.record(
                actor,
                "access.revoke",
                f"Removed {person.name} from a RESTRICTED {subject_type.replace('_', ' ')}",
                subject_type,
                subject_id,
            )
    return bool(removed)
