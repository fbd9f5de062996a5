"""Links by email to set a password (PRODUCT.md, "Account emails"): an invitation when an
admin adds a person (7 days), a reset when a password is forgotten (1 hour).

- The token is 256-bit random; the row keeps its SHA-256 only. The email's outbox item
  carries the token in its payload until the item is done (governance.outbox drops it
  then): the worker builds the email at send time and needs it.
- A link is good once. It dies when used, when a newer link of the same purpose is
  issued to the person, and when the person signs out everywhere (the session version it
  was issued at no longer matches the person's). Setting a password moves the session
  version on too: the person's other sessions, and every other link of theirs, end.
- Expiry is read on the wall clock, like every credential (governance.clock explains
  why); `now` lets tests move it.
"""

from __future__ import annotations

import asyncio
import hmac
import secrets
from datetime import UTC, datetime, timedelta

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from governance import audit, events, outbox, validation
from governance.credentials import hash_password, token_digest
from governance.enums import OutboxChannel
from governance.errors import N_, BadInput, Conflict, NotFound
from governance.guards import acting
from governance.models import AccountLink, OutboxItem, Person
from governance.models.account_links import LinkPurpose
from permissions import Viewer, require

LIFETIME = {
    LinkPurpose.INVITATION: timedelta(days=7),
    LinkPurpose.PASSWORD_RESET: timedelta(hours=1),
}
SUBJECT = "account_link"  # the outbox item's subject_type
DEAD = N_("This link has expired or has already been used. Ask for a new one.")
MAX_TOKEN = 100


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


async def issue(person: Person, purpose: LinkPurpose, *, now: datetime | None = None) -> str:
    """A new link for `person` and the email that carries it; the person's earlier links of
    this purpose end. Call inside the change's transaction. The token, in clear, this once."""
    now = _now(now)
    earlier = await AccountLink.filter(
        person_id=person.id, purpose=purpose, ended_at__isnull=True
    ).values_list("id", flat=True)
    if earlier:
        await AccountLink.filter(id__in=earlier).update(ended_at=now)
        # Their emails, if still unsent, would only carry a dead link: forget the tokens.
        await OutboxItem.filter(subject_type=SUBJECT, subject_id__in=earlier).update(payload={})
    token = secrets.token_urlsafe(32)
    link = await AccountLink.create(
        person_id=person.id,
        purpose=purpose,
        token_hash=token_digest(token),
        session_version=person.session_version,
        created_at=now,
        expires_at=now + LIFETIME[purpose],
    )
    await outbox.enqueue(
        OutboxChannel.EMAIL,
        purpose.value,
        person_id=person.id,
        subject_type=SUBJECT,
        subject_id=link.id,
        payload={outbox.SECRET: token},
    )
    return token


def invitable(person: Person) -> bool:
    """Someone who signs in and has no password yet: an integration account never signs in."""
    return not person.is_integration and not person.password_hash


async def invite(viewer: Viewer, *, person_id: int, now: datetime | None = None) -> None:
    """An admin sends (again) an invitation; a newer link kills the one sent before."""
    actor = acting(viewer)
    await require(viewer, "create", "person", message=N_("Only a platform admin invites people."))
    async with in_transaction():
        person = await Person.get_or_none(id=person_id)
        if person is None:
            raise NotFound("No person with that id.")
        if person.is_integration:
            raise BadInput("An integration account never signs in: it gets no invitation.")
        if person.password_hash:
            raise Conflict(
                "%(name)s has already set a password; they can use “Forgot your password?”.",
                name=person.name,
            )
        await issue(person, LinkPurpose.INVITATION, now=now)
        await audit.record(
            actor,
            "person.invite",
            f"Sent an invitation to {person.name}",
            "person",
            person.id,
        )


async def request_reset(email: str, *, now: datetime | None = None) -> bool:
    """Someone asks for a reset link for `email`: issued when a person who may sign in has
    that address. Whether one was is for the caller's tests, never for its answer."""
    email = email.strip().lower()[:254]
    person = await Person.get_or_none(email=email) if email else None
    if person is None or person.is_integration:
        return False
    async with in_transaction():
        await issue(person, LinkPurpose.PASSWORD_RESET, now=now)
    return True


async def live(
    token: str, purpose: LinkPurpose, *, now: datetime | None = None
) -> AccountLink | None:
    """The live link `token` is, or None (unknown, used, replaced, expired, signed out)."""
    if not token or len(token) > MAX_TOKEN:
        return None
    digest = token_digest(token)
    link = await AccountLink.get_or_none(token_hash=digest, purpose=purpose)
    if link is None or not hmac.compare_digest(link.token_hash, digest):
        return None
    return link if await still_live(link, now=now) else None


async def still_live(link: AccountLink, *, now: datetime | None = None) -> bool:
    if link.ended_at is not None or link.expires_at <= _now(now):
        return False
    return await Person.filter(
        id=link.person_id, session_version=link.session_version, is_integration=False
    ).exists()


ACTIONS = {
    LinkPurpose.INVITATION: ("person.accept_invitation", "Set a first password from an invitation"),
    LinkPurpose.PASSWORD_RESET: ("person.reset_password", "Reset a forgotten password by email"),
}


async def set_password(
    token: str, purpose: LinkPurpose, password: str, *, now: datetime | None = None
) -> Person:
    """Spend the link on a new password (the password rule applies); the person's other
    sessions and links end. BadInput when the link is dead or the password refused (the
    link then stays good, to try another)."""
    now = _now(now)
    link = await live(token, purpose, now=now)
    if link is None:
        raise BadInput(DEAD)
    validation.password(password)
    hashed = await asyncio.to_thread(hash_password, password)  # argon2: off the event loop
    async with in_transaction():
        # Both conditions again, in the writing statements: a link used twice at once, or
        # a sign-out meanwhile, spends nothing.
        spent = await AccountLink.filter(id=link.id, ended_at__isnull=True).update(ended_at=now)
        changed = await Person.filter(
            id=link.person_id, session_version=link.session_version, is_integration=False
        ).update(password_hash=hashed, session_version=F("session_version") + 1)
        if not spent or not changed:
            raise BadInput(DEAD)  # rolls the spending back too
        await OutboxItem.filter(subject_type=SUBJECT, subject_id=link.id).update(payload={})
        action, summary = ACTIONS[purpose]
        await audit.record(link.person_id, action, summary, "person", link.person_id)
    await events.publish(events.CREDENTIALS_TOPIC, link.person_id)
    return await Person.get(id=link.person_id)
