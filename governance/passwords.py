"""Changing one's own password: proven with the current one (a session left open on a
shared computer must not be enough to take the account), held to the password rule,
audited. Every other session of the person ends, and so do their emailed links."""

from __future__ import annotations

import asyncio

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from governance import audit, events, validation
from governance.credentials import hash_password, verify_password
from governance.errors import N_, BadInput, Conflict
from governance.models import Person

WRONG_CURRENT = N_("Your current password is not right.")


async def change_password(person_id: int, current: str, new: str) -> Person:
    """The person, with their new password and session version (the caller re-issues its
    own session from it)."""
    person = await Person.get(id=person_id)
    if person.is_integration:
        raise Conflict("An integration account has no password.")
    # Checked even without a password, against the dummy hash: the time tells nothing.
    if not await asyncio.to_thread(verify_password, person.password_hash, current[:1000]):
        raise BadInput(WRONG_CURRENT)
    validation.password(new)
    hashed = await asyncio.to_thread(hash_password, new)
    async with in_transaction():
        changed = await Person.filter(
            id=person_id, password_hash=person.password_hash, session_version=person.session_version
        ).update(password_hash=hashed, session_version=F("session_version") + 1)
        if not changed:  # changed in another tab meanwhile, or signed out everywhere
            raise Conflict("Your account changed meanwhile: sign in again and retry.")
        await audit.record(
            person_id, "person.change_password", "Changed their password", "person", person_id
        )
    await events.publish(events.CREDENTIALS_TOPIC, person_id)
    return await Person.get(id=person_id)
