"""Calling the API the way a partner's integration does."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from schema import ids


@dataclass
class Result:
    status: int
    body: dict[str, Any]

    @property
    def data(self) -> Any:
        return self.body.get("data")

    @property
    def errors(self) -> list[dict[str, Any]]:
        return self.body.get("errors") or []

    @property
    def codes(self) -> list[str]:
        return [e.get("extensions", {}).get("code") for e in self.errors]

    @property
    def ok(self) -> bool:
        return not self.errors

    def only_code(self) -> str:
        assert len(self.errors) == 1, self.errors
        return self.codes[0]


async def gql(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    token: str | None = None,
    headers: dict[str, str] | None = None,
) -> Result:
    sent = {"Content-Type": "application/json", **(headers or {})}
    if token:
        sent["Authorization"] = f"Bearer {token}"
    payload: dict[str, Any] = {"query": query}
    if variables is not None:
        payload["variables"] = variables
    response = await client.post("/graphql", json=payload, headers=sent)
    return Result(response.status_code, response.json())


def gid(type_name: str, row_id: int) -> str:
    """The global id the API gives a row of this type."""
    return ids.encode(type_name, row_id)


async def codes(
    client: httpx.AsyncClient,
    world: Any,
    query: str,
    variables: dict[str, Any] | None,
    roles: Any,
) -> dict[str, str | None]:
    """Each role's error code for the same call (None when it succeeded)."""
    out: dict[str, str | None] = {}
    for role in roles:
        result = await gql(client, query, variables, token=world.tokens[role])
        out[role] = result.only_code() if result.errors else None
    return out
