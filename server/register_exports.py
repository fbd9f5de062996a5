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
`open` and `mine` (action items). The filters' reading and the links: server/export_filters.py.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from decimal import Decimal
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from tortoise.expressions import Q

from governance import action_items
from governance.agreements import format_amount
from governance.enums import ActionStatus, CommitmentStatus, DecisionStatus, ReleaseStatus
from governance.models import ActionItem, Agreement, Commitment, Decision
from governance.search import matching
from permissions import Viewer, holding, visible
from permissions.kinds import ACTION_ITEM, COMMITMENT, DECISION
from schema.keyset import Order
from server.csv_export import chunks
from server.export_filters import (
    agreement_id,
    choice,
    committee_id,
    day,
    export,
    flag,
    references,
    when,
)

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


routes = [
    Route("/exports/decisions.csv", decisions_csv, name="export_decisions"),
    Route("/exports/action-items.csv", action_items_csv, name="export_action_items"),
    Route("/exports/commitments.csv", commitments_csv, name="export_commitments"),
]
