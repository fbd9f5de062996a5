"""What the admin's templates use besides their context: display filters and the `ui` macros."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from starlette.templating import Jinja2Templates

from governance import agreements, enums, zones
from schema import ids
from server import i18n
from server.admin.charts import figure, share
from server.labels import label, options


def when(value: datetime | None, zone: str | None = None) -> str:
    """A moment in UTC, or on the clocks of `zone` (a meeting's time in its body's zone),
    the zone named, in the reader's language: 1 Dec 2026, 14:00 Africa/Bamako."""
    return i18n.moment_in(value, zone)


def on(value: date | datetime | None) -> str:
    """A day in the reader's language: 1 Dec 2026 / 1 déc. 2026."""
    return i18n.date_format(value) if value else ""


def money(amount_minor: int | None, currency: str | None) -> str:
    """45,000,000.00 ZAR, 1,500,000 XOF / 45 000 000,00 ZAR: exact at any size (a decimal
    from the integer minor units, never a float), in the currency's own minor digits and the
    reader's language, the code after the figure and never wrapped away from it."""
    if amount_minor is None or currency is None:
        return ""
    amount = Decimal(agreements.format_amount(amount_minor, currency))
    figure = i18n.number(amount, agreements.minor_digits(currency), exact=True)
    return f"{figure}\u00a0{currency}"


def datetime_local(value: datetime | None, zone: str = "UTC") -> str:
    """The value of a `datetime-local` field: the wall-clock time in `zone`."""
    return zones.local(value, zone).strftime("%Y-%m-%dT%H:%M") if value else ""


def choices(items: Any, text: str = "name") -> list[tuple[int, str]]:
    """Rows as (id, text) pairs for a select."""
    return [(item.id, getattr(item, text)) for item in items]


def sealed(row_id: int, type_name: str) -> str:
    """A row's public id, the API's global id: opaque, so links never show how many rows
    exist between two (an update's page: the drafts between two published ones)."""
    return str(ids.encode(type_name, row_id))


def install(templates: Jinja2Templates) -> None:
    env = templates.env
    env.filters.update(
        when=when,
        on=on,
        label=label,
        money=money,
        datetime_local=datetime_local,
        options=options,
        choices=choices,
        figure=figure,
        share=share,
        sealed=sealed,
    )
    env.globals["enums"] = enums
    env.globals["ui"] = env.get_template("admin/_macros.html").module
    env.globals["charts"] = env.get_template("admin/_charts.html").module
