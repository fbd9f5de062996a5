from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack
from typing import Any

import httpx
import pytest_asyncio

from tests.admin.helpers import Setting, SignedIn, admin_world, sign_in

SignIn = Callable[[str], Awaitable[SignedIn]]


@pytest_asyncio.fixture
async def setting() -> Setting:
    return await admin_world()


@pytest_asyncio.fixture
async def browser(app: Any) -> AsyncIterator[Callable[..., httpx.AsyncClient]]:
    """A fresh cookie jar per person, as if each had their own browser."""
    async with AsyncExitStack() as stack:

        def open_browser(base_url: str = "http://testserver") -> httpx.AsyncClient:
            transport = httpx.ASGITransport(app=app)
            client = httpx.AsyncClient(transport=transport, base_url=base_url)
            stack.push_async_callback(client.aclose)
            return client

        yield open_browser


@pytest_asyncio.fixture
async def signed_in(setting: Setting, browser: Callable[..., httpx.AsyncClient]) -> SignIn:
    """Sign a role of the world in through the sign-in form."""

    async def as_role(role: str) -> SignedIn:
        return await sign_in(browser(), setting.world.people[role].email)

    return as_role
