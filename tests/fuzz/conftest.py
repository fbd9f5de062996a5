"""A populated world, the real app (rate limits off) and a caller per role for the fuzzers."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest_asyncio

from governance.access import mint_token
from server.app import create_app
from server.settings import Settings
from tests.fuzz.contract import assert_clean, still_answers
from tests.fuzz.population import Pools, pools_of, populate
from tests.world import World

# Who the generated operations run as: nobody, a voting member of the steering committee,
# its chair, and a platform admin.
ROLES = ("anonymous", "member", "chair", "admin")


@dataclasses.dataclass
class Fuzz:
    """One role's session against the app: sends an operation, checks the answer against the
    contract, and feeds what came back into the pools."""

    client: httpx.AsyncClient
    world: World
    role: str
    pools: Pools
    cases: int = 0
    codes: dict[str, int] = dataclasses.field(default_factory=dict)

    @property
    def token(self) -> str | None:
        return self.world.tokens[self.role]

    async def send(self, query: str) -> dict[str, Any]:
        self.cases += 1
        response = await self._post(query)
        if response.status_code == 401 and self.token is not None:
            # A generated revokeApiToken(s) may have revoked this role's own token: a clean
            # answer; take a new token so the rest of the run still acts as the role.
            assert_clean(query, response)
            person = self.world.people[self.role]
            self.world.tokens[self.role] = (await mint_token(person, actor_id=None)).token
            response = await self._post(query)
        body = assert_clean((self.role, query), response)
        for error in body.get("errors") or []:
            code = error["extensions"]["code"]
            self.codes[code] = self.codes.get(code, 0) + 1
        if not body.get("errors"):
            self.codes["ok"] = self.codes.get("ok", 0) + 1
        self.pools.harvest(body.get("data"))
        return body

    async def _post(self, query: str) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return await self.client.post("/graphql", json={"query": query}, headers=headers)


@pytest_asyncio.fixture
async def fuzz_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    # Thousands of requests a minute from one token: the rate limiter would rightly answer
    # 429, which is not what these tests look at.
    app = create_app(dataclasses.replace(settings, rate_limit=0), manage_database=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client
        await still_answers(client)


@pytest_asyncio.fixture
async def world() -> World:
    return await populate()


@pytest_asyncio.fixture
async def pools(world: World) -> Pools:
    return await pools_of(world)


@pytest_asyncio.fixture
async def fuzzers(fuzz_client: httpx.AsyncClient, world: World, pools: Pools) -> dict[str, Fuzz]:
    """A session per role, sharing the world and the pools: an id one role was shown is
    tried by the others too."""
    return {role: Fuzz(fuzz_client, world, role, pools) for role in ROLES}
