"""Hand-written twins of the comparison's GraphQL queries: the same JSON, byte for byte,
read straight through the ORM. Mounted only by the bench's app factory (bench.app),
never by the service, and anonymous: they serve what anyone may read (PUBLIC)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from graphql import GraphQLSchema, parse
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench import queries
from governance.enums import BodyKind, Classification
from governance.models import Body, Decision
from schema import build_schema
from schema.cost import price_document

PUBLIC = Classification.PUBLIC
DECIDED = ("-decided_on", "-id")


@cache
def _graphql_schema() -> GraphQLSchema:
    return build_schema()._schema


@cache
def _price(query: str) -> int:
    """The price GraphQL reports in `extensions.cost` for the twin's query: worked out once
    per process, so it costs the hand-written endpoint nothing per request."""
    return price_document(_graphql_schema(), parse(query), None, None)


def _json(request: Request, query: str, data: Any) -> Response:
    # The envelope and encoding of the GraphQL endpoint (server.graphql.encode_json).
    budget = request.app.state.settings.query_budget
    answer = {"data": data, "extensions": {"cost": {"price": _price(query), "budget": budget}}}
    body = json.dumps(answer, ensure_ascii=False, separators=(",", ":"))
    return Response(body, media_type="application/json")


def _decision(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "reference": row["reference"],
        "title": row["title"],
        "decidedOn": row["decided_on"].isoformat(),
        "status": row["status"].value,
        "release": row["release"].value,
    }


async def one(request: Request) -> Response:
    rows = (
        await Decision.filter(
            reference=request.query_params.get("reference", ""), classification=PUBLIC
        )
        .limit(1)
        .values("reference", "title", "text", "decided_on", "classification", "status", "release")
    )
    if not rows:
        return _json(request, queries.ONE, {"decision": None})
    row = rows[0]
    return _json(
        request,
        queries.ONE,
        {
            "decision": {
                "reference": row["reference"],
                "title": row["title"],
                "text": row["text"],
                "decidedOn": row["decided_on"].isoformat(),
                "classification": row["classification"].value,
                "status": row["status"].value,
                "release": row["release"].value,
            }
        },
    )


async def hundred(request: Request) -> Response:
    rows = (
        await Decision.filter(classification=PUBLIC)
        .order_by(*DECIDED)
        .limit(100)
        .values(
            "reference",
            "title",
            "decided_on",
            "status",
            "release",
            "committee__name",
            "committee__slug",
        )
    )
    edges = [
        {
            "node": {
                **_decision(row),
                "committee": {"name": row["committee__name"], "slug": row["committee__slug"]},
            }
        }
        for row in rows
    ]
    return _json(request, queries.HUNDRED, {"decisions": {"edges": edges}})


async def thousand(request: Request) -> Response:
    bodies = (
        await Body.exclude(kind=BodyKind.ADVISORY_BOARD)
        .order_by("name", "id")
        .limit(10)
        .values("id", "name")
    )
    edges = []
    for body in bodies:
        rows = (
            await Decision.filter(committee_id=body["id"], classification=PUBLIC)
            .order_by(*DECIDED)
            .limit(100)
            .values("reference", "title", "decided_on", "status", "release")
        )
        decisions = {"edges": [{"node": _decision(row)} for row in rows]}
        edges.append({"node": {"name": body["name"], "decisions": decisions}})
    return _json(request, queries.THOUSAND, {"committees": {"edges": edges}})


routes = [
    Route("/bench/one", one),
    Route("/bench/hundred", hundred),
    Route("/bench/thousand", thousand),
]
