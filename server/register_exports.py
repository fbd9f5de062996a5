"""CSV exports of the registers: `/exports/decisions.csv`, `/exports/action-items.csv` and
`/exports/commitments.csv` (PRODUCT.md, "Minutes, the public copy, exports" → CSV).

Each holds what the requester may see, read as the API reads it (the visibility layer's
SQL filter), in the shape of server/exports.py: filters as query parameters named after
the GraphQL arguments of the list (`?committee=<slug>&status=IN_FORCE`), anything else a
400 that says why, and a filter naming something out of the requester's sight a 400
worded exactly as for something that does not exist. A row never names what its reader
may not see: a decision's agreement, an action item's decision, a commitment's agreement
stay empty cells when hidden.

Beyond the API's arguments, each export also takes the filters of its admin list, so that
the list's "Download as CSV" link gives the rows on screen: `release` (decisions),
`open` and `mine` (action items).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar
from urllib.parse import urlencode

from jinja2 import Environment
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from tortoise.expressions import Q

from governance import action_items
from governance.agreements import format_amount
from governance.enums import ActionStatus, CommitmentStatus, DecisionStatus, ReleaseStatus
from governance.errors import BadInput
from governance.models import ActionItem, Agreement, Body, Commitment, Decision
from governance.search import matching
from permissions import Viewer, holding, visible
from permissions.kinds import ACTION_ITEM, COMMITMENT, DECISION
from schema.keyset import Order
from server.auth import Authenticated
from server.csv_export import bad_request, chunks, csv_response, requester
from server.exports import filters

E = TypeVar("E", bound=Enum)

DECISION_COLUMNS = (
    "reference", "title", "committee", "decided on", "status", "release", "classification",
    "agreement", "text",
)  # fmt: skip
ACTION_ITEM_COLUMNS = (
    "title", "committee", "decision", "owner", "due date", "status", "overdue",
    "classification",
)  # fmt: skip
COMMITMENT_COLUMNS = (
    "agreement", "party", "description", "amount", "currency", "due date", "status",
)  # fmt: skip


# ------------------------------------------------------------------ reading the filters


def choice(given: Mapping[str, str], name: str, enum: type[E]) -> E | None:
    if name not in given:
        return None
    try:
        return enum(given[name])
    except ValueError:
        raise BadInput(f"`{name}` is one of {', '.join(e.value for e in enum)}.") from None


def day(given: Mapping[str, str], name: str) -> date | None:
    if name not in given:
        return None
    try:
        return date.fromisoformat(given[name])
    except ValueError:
        raise BadInput(f"`{name}` is a date, as 2026-03-31.") from None


def flag(given: Mapping[str, str], name: str) -> bool | None:
    if name not in given:
        return None
    if given[name] not in ("true", "false"):
        raise BadInput(f"`{name}` is true or false.")
    return given[name] == "true"


async def committee_id(viewer: Viewer, given: Mapping[str, str]) -> int | None:
    if "committee" not in given:
        return None
    found = await visible(viewer, Body).filter(slug=given["committee"]).first()
    if found is None:
        raise BadInput(f"No committee has the slug `{given['committee']}`.")
    return found.id


async def agreement_id(viewer: Viewer, given: Mapping[str, str]) -> int | None:
    """Only an agreement the viewer may see filters anything (as the API's `agreementId`);
    naming a hidden one reads exactly as naming none that exists."""
    if "agreement" not in given:
        return None
    found = await visible(viewer, Agreement).filter(reference=given["agreement"]).first()
    if found is None:
        raise BadInput(f"No agreement has the reference `{given['agreement']}`.")
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


# ------------------------------------------------------------------ decisions


async def decision_filters(viewer: Viewer, given: dict[str, str]) -> list[Q]:
    """As `decisions(...)`: committee, status, agreement, decidedFrom, decidedTo, search; and
    the admin register's release."""
    conditions = when(
        committee_id=await committee_id(viewer, given),
        status=choice(given, "status", DecisionStatus),
        release=choice(given, "release", ReleaseStatus),
        agreement_id=await agreement_id(viewer, given),
        decided_on__gte=day(given, "decidedFrom"),
        decided_on__lte=day(given, "decidedTo"),
    )
    if "search" in given:
        # The API's and the admin's search: one rule (governance.search).
        conditions.append(await matching(given["search"], Decision))
    return conditions


async def decision_rows(
    viewer: Viewer, conditions: list[Q]
) -> AsyncIterator[Sequence[Sequence[Any]]]:
    """Two statements a chunk: the decisions with their committees; the references of the
    agreements among theirs that the viewer may see."""

    def rows() -> Any:
        return visible(viewer, Decision).filter(*conditions).select_related("committee")

    async for chunk in chunks(rows, Order.of(DECISION)):
        agreements = await references(viewer, Agreement, {d.agreement_id for d in chunk})
        yield [
            [
                d.reference,
                d.title,
                d.committee.name,
                d.decided_on,
                d.status,
                d.release,
                d.classification,
                agreements.get(d.agreement_id),
                d.text,
            ]
            for d in chunk
        ]


async def decisions_csv(request: Request) -> Response:
    allowed = ("committee", "status", "release", "agreement", "decidedFrom", "decidedTo", "search")
    return await export(
        request, "decisions.csv", DECISION_COLUMNS, allowed, decision_filters, decision_rows
    )


# ------------------------------------------------------------------ action items


async def action_item_filters(viewer: Viewer, given: dict[str, str]) -> list[Q]:
    """As `actionItems(...)`: committee, status, overdue; and the admin list's `open` (not
    yet DONE or CANCELLED) and `mine` (owned by the viewer or their organization)."""
    conditions = when(
        committee_id=await committee_id(viewer, given),
        status=choice(given, "status", ActionStatus),
    )
    overdue = flag(given, "overdue")
    if overdue is not None:
        conditions.append(action_items.overdue(overdue))
    unfinished = flag(given, "open")
    if unfinished is not None:
        finished = Q(status__in=action_items.FINISHED)
        conditions.append(~finished if unfinished else finished)
    if flag(given, "mine"):
        conditions.append(holding(viewer, "owner", ActionItem))
    return conditions


async def action_item_rows(
    viewer: Viewer, conditions: list[Q]
) -> AsyncIterator[Sequence[Sequence[Any]]]:
    """Two statements a chunk: the items with their committees and owners; the references
    of the decisions among theirs that the viewer may see."""

    def rows() -> Any:
        return (
            visible(viewer, ActionItem)
            .filter(*conditions)
            .select_related("committee", "owner_person", "owner_organization")
        )

    async for chunk in chunks(rows, Order.of(ACTION_ITEM)):
        decisions = await references(viewer, Decision, {i.decision_id for i in chunk})
        lines = []
        for item in chunk:
            owners = [o.name for o in (item.owner_person, item.owner_organization) if o]
            lines.append(
                [
                    item.title,
                    item.committee.name,
                    decisions.get(item.decision_id),
                    "; ".join(owners),
                    item.due_date,
                    item.status,
                    action_items.is_overdue(item),
                    item.classification,
                ]
            )
        yield lines


async def action_items_csv(request: Request) -> Response:
    allowed = ("committee", "status", "overdue", "open", "mine")
    return await export(
        request,
        "action-items.csv",
        ACTION_ITEM_COLUMNS,
        allowed,
        action_item_filters,
        action_item_rows,
    )


# ------------------------------------------------------------------ commitments


async def commitment_filters(viewer: Viewer, given: dict[str, str]) -> list[Q]:
    """An agreement's commitments (`Agreement.commitments`), by status."""
    return when(
        agreement_id=await agreement_id(viewer, given),
        status=choice(given, "status", CommitmentStatus),
    )


async def commitment_rows(
    viewer: Viewer, conditions: list[Q]
) -> AsyncIterator[Sequence[Sequence[Any]]]:
    """Two statements a chunk: the commitments with their parties; the references of their
    agreements that the viewer may see (a committed party sees its commitment whatever
    the agreement's classification says, and not always the agreement)."""

    def rows() -> Any:
        return visible(viewer, Commitment).filter(*conditions).select_related("party")

    async for chunk in chunks(rows, Order.of(COMMITMENT)):
        agreements = await references(viewer, Agreement, {c.agreement_id for c in chunk})
        lines = []
        for c in chunk:
            amount = None
            if c.amount_minor is not None and c.currency is not None:
                amount = Decimal(format_amount(c.amount_minor, c.currency))
            lines.append(
                [
                    agreements.get(c.agreement_id),
                    c.party.name,
                    c.description,
                    amount,
                    c.currency,
                    c.due_date,
                    c.status,
                ]
            )
        yield lines


async def commitments_csv(request: Request) -> Response:
    return await export(
        request,
        "commitments.csv",
        COMMITMENT_COLUMNS,
        ("agreement", "status"),
        commitment_filters,
        commitment_rows,
    )


# ------------------------------------------------------------------ links


def export_query(**given: Any) -> str:
    """An export's query string from a list's filters, the empty ones left out (an empty
    filter is a 400): `export_query(committee="sc", status=None)` → "?committee=sc"."""
    query = urlencode({k: str(v) for k, v in given.items() if v not in (None, "", False)})
    return "?" + query if query else ""


def install(env: Environment) -> None:
    env.globals["export_query"] = export_query


routes = [
    Route("/exports/decisions.csv", decisions_csv, name="export_decisions"),
    Route("/exports/action-items.csv", action_items_csv, name="export_action_items"),
    Route("/exports/commitments.csv", commitments_csv, name="export_commitments"),
]
