"""Domain errors, raised by services and mapped once to GraphQL codes and admin notices.

A refusal keeps its English template and its parameters apart: `BadInput("%(field)s must
not be empty.", field="title")`. `.message` is the English text, which the API sends
as it always has (clients match on it); the admin shows `localized(reader)`, the same
template translated in the reader's language. The template is the catalog's msgid, so it
is a literal at the raise site (pybabel extracts it, see the Makefile's `extract`); what
varies (a name, a reference, a limit, a field's name) is a parameter, never part of it.
A parameter may itself be a `Phrase`, translated in turn (a noun, a status phrase); a
`datetime` or a status (an enum value, or a tuple of them) is written the way the reader's
`Reader` writes it ("30 mars 2031, 02:30", « Révoquée »), while the English `.message` keeps
what the API has always said ("30 Mar 2031, 02:30", REVOKED).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

Translate = Callable[[str], str]
Moment = Callable[[datetime], str]  # a moment as the reader's language writes it
Label = Callable[[Enum], str]  # a status (or any enum value) in the reader's words


def N_(message: str) -> str:
    """Marks a message for extraction only (a constant used as a refusal later)."""
    return message


class Phrase:
    """Words with their parameters, English until `localized`: part of a refusal."""

    __slots__ = ("params", "template")

    def __init__(self, template: str, /, **params: object) -> None:
        self.template = template
        self.params: Mapping[str, object] = params

    def __str__(self) -> str:
        return _filled(self.template, self.params, None)

    def __repr__(self) -> str:
        return f"Phrase({str(self)!r})"

    def localized(self, reader: Reader) -> str:
        if not self.template:  # gettext("") is the catalog's header
            return ""
        try:
            return _filled(reader.gettext(self.template), self.params, reader)
        except (KeyError, ValueError, TypeError):  # a broken translation: the English stands
            return str(self)


@dataclass(frozen=True)
class Reader:
    """How the reader's language writes a refusal's parts: its words, a moment, a status."""

    gettext: Translate
    moment: Moment | None = None
    label: Label | None = None


def _filled(template: str, params: Mapping[str, object], reader: Reader | None) -> str:
    if not params:
        return template
    return template % {name: _written(value, reader) for name, value in params.items()}


def _written(value: object, reader: Reader | None) -> str:
    """A parameter as the reader reads it; in English (no reader) as the API says it."""
    if isinstance(value, Phrase):
        return value.localized(reader) if reader else str(value)
    if isinstance(value, datetime):
        return reader.moment(value) if reader and reader.moment else f"{value:%d %b %Y, %H:%M}"
    if isinstance(value, Enum):
        return reader.label(value) if reader and reader.label else str(value.value)
    if isinstance(value, tuple):  # several, listed: "DRAFT, OPEN"
        return ", ".join(_written(each, reader) for each in value)
    return str(value)


class DomainError(Exception):
    """A refusal a person can understand; `code` is the contract's error code."""

    code = "INTERNAL"

    def __init__(self, message: str, /, **params: object) -> None:
        self.phrase = Phrase(message, **params)
        self.message = str(self.phrase)
        super().__init__(self.message)

    @property
    def template(self) -> str:
        return self.phrase.template

    @property
    def params(self) -> Mapping[str, object]:
        return self.phrase.params

    def localized(self, reader: Reader) -> str:
        """The message in the reader's language; English when it has no translation."""
        return self.phrase.localized(reader)


class Unauthenticated(DomainError):
    code = "UNAUTHENTICATED"

    def __init__(self, message: str = N_("Sign in, or send an API token, to do this.")) -> None:
        super().__init__(message)


class Forbidden(DomainError):
    code = "FORBIDDEN"


class NotFound(DomainError):
    code = "NOT_FOUND"


class BadInput(DomainError):
    code = "BAD_USER_INPUT"


class Conflict(DomainError):
    code = "CONFLICT"


class InvalidTransition(DomainError):
    code = "INVALID_TRANSITION"


class QueryTooComplex(DomainError):
    code = "QUERY_TOO_COMPLEX"
