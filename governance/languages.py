"""The languages Indaba speaks, and the language of the request being served.

The request's language is the signed-in person's (Person.language), else the switch's
choice, else the best of `Accept-Language`, else English; server.i18n works it out once per
request and keeps it here, where templates, emails and the API's `Viewer.locale` read it.
"""

from __future__ import annotations

from contextvars import ContextVar

# Each language's own name, as the switch shows it (never translated).
LANGUAGES: dict[str, str] = {"en": "English", "fr": "Français"}
DEFAULT = "en"

_current: ContextVar[str] = ContextVar("indaba_language", default=DEFAULT)


def current() -> str:
    return _current.get()


def use(language: str | None) -> None:
    """The request's language from here on, when it is one we speak: the admin sets the
    signed-in person's from the row it loads anyway (no statement of its own)."""
    chosen = supported(language)
    if chosen is not None:
        _current.set(chosen)


def supported(value: str | None) -> str | None:
    """A language this site speaks, from a tag such as `fr-ML`; None for any other."""
    if not value:
        return None
    primary = value.strip().lower().replace("_", "-").split("-")[0]
    return primary if primary in LANGUAGES else None


def negotiate(header: str | None) -> str | None:
    """The best of an `Accept-Language` header (RFC 9110 weights) among LANGUAGES; the
    first named wins a tie."""
    best: tuple[float, int, str] | None = None
    for position, part in enumerate((header or "")[:500].split(",")):
        tag, _, params = part.partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        language = supported(tag)
        if language and weight > 0 and (best is None or (weight, -position) > best[:2]):
            best = (weight, -position, language)
    return best[2] if best else None


def choose(person_language: str | None, cookie: str | None, accept: str | None) -> str:
    return supported(person_language) or supported(cookie) or negotiate(accept) or DEFAULT


async def set_language(person_id: int, value: str | None) -> str | None:
    """A person's own language (their profile, or the switch while signed in); empty: none,
    the browser's decides. Audited like every change to a person."""
    from tortoise.transactions import in_transaction

    from governance import audit
    from governance.errors import BadInput
    from governance.models import Person

    language = supported(value) if value else None
    if value and language is None:
        raise BadInput("Choose one of: %(languages)s.", languages=", ".join(LANGUAGES))
    async with in_transaction():
        await Person.filter(id=person_id).update(language=language)
        await audit.record(
            person_id,
            "person.set_language",
            f"Set their language to {language or 'none (the browser decides)'}",
            "person",
            person_id,
        )
    return language
