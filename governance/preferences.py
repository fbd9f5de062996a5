"""A person's own preferences: the language they read Indaba in, and the zone they read
times in on their dashboard. Each is theirs to set (their profile, the language switch),
validated, and audited like every change to a person, in one transaction."""

from __future__ import annotations

from typing import Any

from tortoise.transactions import in_transaction

from governance import audit, validation
from governance.errors import BadInput
from governance.languages import LANGUAGES, supported
from governance.models import Person


async def set_language(person_id: int, value: str | None) -> str | None:
    """Empty: none, the browser's Accept-Language or the switch decides."""
    language = supported(value) if value else None
    if value and language is None:
        raise BadInput("Choose one of: %(languages)s.", languages=", ".join(LANGUAGES))
    shown = language or "none (the browser decides)"
    await _save(
        person_id, "person.set_language", f"Set their language to {shown}", language=language
    )
    return language


async def set_time_zone(person_id: int, value: str | None) -> str | None:
    """Their dashboard shows every time on its clocks, the zone named. Empty: none, each
    meeting's time in its body's zone. Meetings are still entered in their body's zone."""
    chosen = validation.time_zone(value) if value and value.strip() else None
    shown = chosen or "none (each meeting in its body's zone)"
    await _save(
        person_id, "person.set_time_zone", f"Set their time zone to {shown}", time_zone=chosen
    )
    return chosen


async def _save(person_id: int, action: str, description: str, **change: Any) -> None:
    async with in_transaction():
        await Person.filter(id=person_id).update(**change)
        await audit.record(person_id, action, description, "person", person_id)
