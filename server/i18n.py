"""The language of a request, and the translations the templates read in it.

A page is in the signed-in person's language (Person.language, set on their profile), else
the one chosen with the switch (a cookie), else the best of `Accept-Language` among
LANGUAGES; English by default. A middleware works it out once per request and keeps it in a
context variable, which the Jinja environment's gettext callables and the date filters
read, so a template never passes it around. Emails and PDFs made outside a request (the
worker) render inside `speaking(language)`.

GraphQL error messages are not translated: clients match on them and on `extensions.code`.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations
from jinja2 import Environment

from governance import zones
from governance.errors import N_ as N_  # the no-op marker: a constant translated where shown
from governance.languages import DEFAULT as DEFAULT
from governance.languages import LANGUAGES as LANGUAGES
from governance.languages import _current, choose, current, supported

LOCALES = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"
COOKIE = "indaba_language"
COOKIE_AGE = 365 * 24 * 60 * 60
OWN_LOOKUP_SKIPPED = ("/admin", "/graphql", "/static/")


@cache
def translations(language: str) -> NullTranslations:
    """The compiled catalog (`make catalogs`); the .po itself when the .mo is missing, older
    or unreadable (a fresh checkout before `make`, or a compile under way)."""
    folder = LOCALES / language / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if not po.exists():
        return NullTranslations()
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        try:
            with mo.open("rb") as compiled:
                return Translations(compiled, domain=DOMAIN)
        except Exception:  # noqa: S110  # read the source instead
            pass
    with po.open("rb") as source:
        catalog = read_po(source, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def gettext(message: str) -> str:
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """A message whose French depends on what it is said of (`context`)."""
    return str(translations(current()).pgettext(context, message))


@contextmanager
def speaking(language: str | None) -> Iterator[str]:
    """Render inside it: an email in its recipient's language, a PDF in its reader's."""
    chosen = supported(language) or DEFAULT
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)


def safe_back(value: str | None) -> str:
    """Where the switch returns to: a path of this site only, never another site."""
    if not value or len(value) > 1000 or "\\" in value or any(ord(c) < 32 for c in value):
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or value.startswith("//"):
        return "/"
    return value


# The one style of a day and of a moment, in the admin and on the portal (Babel patterns):
# 1 Dec 2026, 14:00 in English; 1 déc. 2026, 14:00 in French.
DAY = "d MMM y"
MOMENT = "d MMM y, HH:mm"


def number(value: float | int | Decimal, places: int = 2, exact: bool = False) -> str:
    """A number as the current language writes it: 1,200.5 / 1 200,5. Up to `places`
    decimals, none trailing; `exact`: always `places` of them (an amount of money)."""
    pattern = "#,##0" + ("." + ("0" if exact else "#") * places if places else "")
    return str(format_decimal(value, format=pattern, locale=current()))


def date_format(value: date | datetime | None, style: str = DAY) -> str:
    """A date in the current language: 1 Dec 2026 / 1 déc. 2026."""
    if value is None:
        return ""
    day = value.date() if isinstance(value, datetime) else value
    return format_date(day, format=style, locale=current())


def datetime_format(value: datetime | None, style: str = MOMENT) -> str:
    """A date and time in its own zone (already the zone to show), in the current language."""
    if value is None:
        return ""
    return format_datetime(value, format=style, tzinfo=value.tzinfo or UTC, locale=current())


def moment_in(value: datetime | None, zone: str | None = None) -> str:
    """A moment on the clocks of `zone` (UTC for none), the zone named after it:
    1 Dec 2026, 14:00 Africa/Bamako / 1 déc. 2026, 14:00 Africa/Bamako."""
    if value is None:
        return ""
    here = zones.zone(zone)
    return f"{datetime_format(value.astimezone(here))} {here.key}"


def install(env: Environment) -> None:
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals["language"] = current
    env.globals["languages"] = LANGUAGES
    env.filters["date_l10n"] = date_format
    env.filters["datetime_l10n"] = datetime_format
    env.filters["moment_in"] = moment_in  # a moment with its zone named


class LanguageMiddleware:
    """Sets the request's language; the signed-in person's is one indexed read, only when a
    valid session cookie is present (on the portal and the PDFs)."""

    def __init__(self, app: Any, secret_key: str) -> None:
        self.app = app
        self.secret_key = secret_key

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        from starlette.requests import HTTPConnection

        connection = HTTPConnection(scope)
        # The admin sets the person's language from the row it loads anyway, and the API
        # answers in English (Viewer.locale reads the person): no statement of ours there.
        path = scope.get("path", "")
        person_language = (
            None
            if path.startswith(OWN_LOOKUP_SKIPPED)
            else await self._person_language(connection.cookies)
        )
        language = choose(
            person_language,
            connection.cookies.get(COOKIE),
            connection.headers.get("accept-language"),
        )
        token = _current.set(language)
        try:
            await self.app(scope, receive, send)
        finally:
            _current.reset(token)

    async def _person_language(self, cookies: dict[str, str]) -> str | None:
        from governance.models import Person
        from server import sessions

        session = sessions.read(cookies.get(sessions.COOKIE), self.secret_key)
        if session is None:
            return None
        found = await Person.filter(
            id=session.person_id, session_version=session.version
        ).values_list("language", flat=True)
        return str(found[0]) if found and found[0] else None
