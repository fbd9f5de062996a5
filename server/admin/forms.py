"""Reading the admin's forms: every field parsed here, refusals as BadInput."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from starlette.datastructures import FormData

from governance import validation, zones
from governance.errors import N_, BadInput, Phrase

# The words the admin's forms name their fields with (server/admin/*.py), for the catalogs.
LABELS = (
    N_("a decision"),
    N_("a party"),
    N_("a person"),
    N_("a role"),
    N_("an organization"),
    N_("classification"),
    N_("each party's role"),
    N_("status"),
    N_("the adopting committee"),
    N_("the advisory board"),
    N_("the agreement"),
    N_("the baseline"),
    N_("the committed party"),
    N_("the committee"),
    N_("the committee addressed"),
    N_("the day decided"),
    N_("the direction"),
    N_("the document"),
    N_("the end"),
    N_("The end"),
    N_("the end date"),
    N_("the end of the period reported on"),
    N_("the frequency"),
    N_("the governing committee"),
    N_("the kind of body"),
    N_("the kind of organization"),
    N_("the monitoring committee"),
    N_("the new plan's last day"),
    N_("the owner"),
    N_("the period's first day"),
    N_("the period's last day"),
    N_("the quorum"),
    N_("the release"),
    N_("the response"),
    N_("the start"),
    N_("The start"),
    N_("the start date"),
    N_("the status"),
    N_("the target"),
    N_("the value"),
    N_("the version edited"),
)


def _label(name: str, label: str | None) -> Phrase:
    """How a refusal names a field: the words the form gives (in LABELS), else its name."""
    words = label or name.replace("_", " ")
    return Phrase(words)


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    # A NUL is no character anyone types, and no text column stores it.
    return value.replace("\x00", "") if isinstance(value, str) else ""


def optional(form: FormData, name: str) -> str | None:
    value = text(form, name).strip()
    return value or None


def number(form: FormData, name: str, label: str | None = None) -> int:
    value = validation.row_id(text(form, name).strip())
    if value is None:
        raise BadInput("Choose or enter %(label)s.", label=_label(name, label))
    return value


def count(form: FormData, name: str, label: str | None = None) -> int:
    """A whole number that is a quantity, not a row (a quorum, a version): zero or more."""
    value = text(form, name).strip()
    if not value.isascii() or not value.isdigit() or len(value) > 9:
        raise BadInput("Enter %(label)s as a whole number.", label=_label(name, label))
    return int(value)


def optional_count(form: FormData, name: str, label: str | None = None) -> int | None:
    return count(form, name, label) if text(form, name).strip() else None


def optional_number(form: FormData, name: str, label: str | None = None) -> int | None:
    return number(form, name, label) if text(form, name).strip() else None


def numbers(form: FormData, name: str) -> list[int]:
    values = [
        validation.row_id(v.strip()) for v in form.getlist(name) if isinstance(v, str) and v.strip()
    ]
    chosen = [v for v in values if v is not None]
    if len(chosen) != len(values):
        raise BadInput("%(label)s must be chosen from the list.", label=_label(name, None))
    return chosen


def choice(form: FormData, name: str, enum: Any, label: str | None = None) -> Any:
    value = text(form, name).strip()
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(e.value.replace("_", " ").lower() for e in enum)
        raise BadInput(
            "Choose %(label)s: %(allowed)s.", label=_label(name, label), allowed=allowed
        ) from None


def checked(form: FormData, name: str) -> bool:
    return text(form, name) in ("on", "true", "1", "yes")


def day(form: FormData, name: str, label: str | None = None) -> date:
    value = text(form, name).strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadInput("Enter %(label)s as a date.", label=_label(name, label)) from None


def optional_day(form: FormData, name: str, label: str | None = None) -> date | None:
    return day(form, name, label) if text(form, name).strip() else None


def moment(form: FormData, name: str, label: str | None = None, zone: str = "UTC") -> datetime:
    """A `datetime-local` field, read on the clocks of `zone` (a meeting's, its body's)."""
    value = text(form, name).strip()
    words = label or name.replace("_", " ")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise BadInput("Enter %(label)s as a date and time.", label=_label(name, label)) from None
    return zones.from_local(parsed, zone, words[:1].upper() + words[1:])


def optional_moment(
    form: FormData, name: str, label: str | None = None, zone: str = "UTC"
) -> datetime | None:
    return moment(form, name, label, zone) if text(form, name).strip() else None
