"""What the register exports (server/register_exports.py) share: their filters read from the
query string into conditions, the references a row may show, one handler shape, and the
admin lists' links to them.

A filter is given once, non-empty, and named as the API's argument (server.exports.filters);
a value out of its range is BAD_INPUT, answered 400 with what would do.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from datetime import date
from enum import Enum
from typing import Any, TypeVar
from urllib.parse import urlencode

from jinja2 import Environment
from starlette.requests import Request
from starlette.responses import Response
from tortoise.expressions import Q

from governance.errors import BadInput
from governance.models import Agreement, Body
from permissions import Viewer, visible
from server.auth import Authenticated
from server.csv_export import bad_request, csv_response, requester
from server.exports import filters

E = TypeVar("E", bound=Enum)


# ------------------------------------------------------------------ reading the filters


def choice(given: Mapping[str, str], name: str, enum: type[E]) -> E | None:
    if name not in given:
        return None
    try:
        return enum(given[name])
    except ValueError:
        raise BadInput(
            "`%(name)s` is one of %(values)s.", name=name, values=", ".join(e.value for e in enum)
        ) from None


def day(given: Mapping[str, str], name: str) -> date | None:
    if name not in given:
        return None
    try:
        return date.fromisoformat(given[name])
    except ValueError:
        raise BadInput("`%(name)s` is a date, as 2026-03-31.", name=name) from None


def flag(given: Mapping[str, str], name: str) -> bool | None:
    if name not in given:
        return None
    if given[name] not in ("true", "false"):
        raise BadInput("`%(name)s` is true or false.", name=name)
    return given[name] == "true"


async def committee_id(viewer: Viewer, given: Mapping[str, str]) -> int | None:
    if "committee" not in given:
        return None
    found = await visible(viewer, Body).filter(slug=given["committee"]).first()
    if found is None:
        raise BadInput("No committee has the slug `%(slug)s`.", slug=given["committee"])
    return found.id


async def agreement_id(viewer: Viewer, given: Mapping[str, str]) -> int | None:
    """Only an agreement the viewer may see filters anything (as the API's `agreementId`);
    naming a hidden one reads exactly as naming none that exists."""
    if "agreement" not in given:
        return None
    found = await visible(viewer, Agreement).filter(reference=given["agreement"]).first()
    if found is None:
        raise BadInput(
            "No agreement has the reference `%(reference)s`.", reference=given["agreement"]
        )
    return found.id


async def references(viewer: Viewer, model: Any, wanted: set[int | None]) -> dict[int, str]:
    """The references of those of `wanted` the viewer may see: one statement, or none."""
    tied = sorted(i for i in wanted if i is not None)
    if not tied:
        return {}
    return dict(await visible(viewer, model).filter(id__in=tied).values_list("id", "reference"))


Rows = Callable[[Viewer, list[Q]], AsyncIterator[Sequence[Sequence[Any]]]]


async def export(
    request: Request,
    filename: str,
    header: Sequence[str],
    allowed: Sequence[str],
    where: Callable[[Viewer, dict[str, str]], Any],
    rows: Rows,
) -> Response:
    who: Authenticated | Response = await requester(request)
    if isinstance(who, Response):
        return who
    try:
        given = filters(request.query_params, allowed)
        conditions: list[Q] = await where(who.viewer, given)
    except BadInput as error:
        return bad_request(str(error))
    return csv_response(who, filename, header, rows(who.viewer, conditions))


def when(**conditions: Any) -> list[Q]:
    """Filters given as keywords, the absent ones (None) dropped."""
    return [Q(**{k: v}) for k, v in conditions.items() if v is not None]


# ------------------------------------------------------------------ links


def export_query(**given: Any) -> str:
    """An export's query string from a list's filters, the empty ones left out (an empty
    filter is a 400): `export_query(committee="sc", status=None)` → "?committee=sc"."""
    query = urlencode({k: str(v) for k, v in given.items() if v not in (None, "", False)})
    return "?" + query if query else ""


def install(env: Environment) -> None:
    env.globals["export_query"] = export_query
