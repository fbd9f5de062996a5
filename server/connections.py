"""WebSocket connections (graphql-transport-ws) that never outlive their credential.

A connection proves who it is once, at `connection_init` (a token in the
payload, or the admin's session cookie), but it is *trusted* only per
operation: each subscribe message and each subscription event runs as the
viewer as of that moment, with today's memberships, through
:func:`server.auth.recheck`. When the credential itself is gone (a revoked or
expired token, a signed-out session) the connection is closed with 4401; a
watchdog closes it at the credential's expiry at the latest, and at once when
this process hears that the person's credentials changed.

Connections are capped per person (or per anonymous address) and in total.
The legacy `graphql-ws` protocol is not offered: this is the only handler.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections import Counter
from collections.abc import AsyncGenerator, AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
    Operation,
    _OperationStreamClosed,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ConnectionInitMessage,
    Message,
    SubscribeMessage,
)
from strawberry.utils.aio import aclosing

from governance import events
from permissions import ANONYMOUS, Viewer
from schema.errors import classify_all, classify_formatted
from server import payloads, rate_limits
from server.auth import Authenticated, BadCredentials, recheck

if TYPE_CHECKING:
    from server.graphql import GraphQLContext, IndabaGraphQL

log = logging.getLogger("indaba.connections")

# A safety net beside the push: credentials changed by hand in the database are
# noticed within this many seconds even when no event says so.
RECHECK_SECONDS = 30.0
UNAUTHORIZED = 4401
TOO_MANY = 4429
TRY_AGAIN_LATER = 1013


@dataclass
class ConnectionCounts:
    """Open connections in this process, per person (or anonymous address) and in all."""

    per_key: int
    total: int
    open: int = 0
    by_key: Counter[str] = field(default_factory=Counter)

    def admit(self) -> bool:
        if self.open >= self.total:
            return False
        self.open += 1
        return True

    def leave(self, key: str | None) -> None:
        self.open -= 1
        if key is not None:
            self.by_key[key] -= 1
            if self.by_key[key] <= 0:
                del self.by_key[key]

    def claim(self, key: str) -> bool:
        if self.by_key[key] >= self.per_key:
            return False
        self.by_key[key] += 1
        return True


def _valid_id(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= 100


def _valid_subscribe(message: Any) -> bool:
    payload = message.get("payload")
    return (
        _valid_id(message.get("id"))
        and isinstance(payload, dict)
        and isinstance(payload.get("query"), str)
        and isinstance(payload.get("variables") or {}, dict)
        and isinstance(payload.get("operationName") or "", str)
    )


class LiveConnection(BaseGraphQLTransportWSHandler["GraphQLContext", None]):
    view: IndabaGraphQL
    slot: str | None = None
    rate_key: rate_limits.Key | None = None
    watchdog: asyncio.Task[None] | None = None
    closing = False

    async def handle(self) -> None:
        counts = self.view.connections
        if not counts.admit():
            await self.websocket.close(TRY_AGAIN_LATER, "The service is busy; try again later.")
            return
        try:
            await super().handle()
        finally:
            counts.leave(self.slot)
            if self.watchdog is not None:
                self.watchdog.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self.watchdog

    async def handle_message(self, message: Message) -> None:
        if not isinstance(message, dict) or not isinstance(message.get("type"), str):
            await self.handle_invalid_message("Each message must be a JSON object with a type.")
            return
        if message["type"] == "complete" and not _valid_id(message.get("id")):
            await self.handle_invalid_message("A complete message needs the id of an operation.")
            return
        if message["type"] == "subscribe" and not _valid_subscribe(message):
            await self.handle_invalid_message(
                "A subscribe message needs an id and a payload with a query."
            )
            return
        if message["type"] == "subscribe":
            try:
                payloads.check_operation(message["payload"])
            except payloads.MalformedRequest as error:
                await self.send_message(
                    {
                        "id": message["id"],
                        "type": "error",
                        "payload": [
                            {"message": str(error), "extensions": {"code": "BAD_USER_INPUT"}}
                        ],
                    }
                )
                return
        await super().handle_message(message)

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        if self.connection_timed_out:
            return
        if self.connection_init_timeout_task:
            self.connection_init_timeout_task.cancel()
        payload = message.get("payload") or {}
        if not isinstance(payload, dict):
            await self.websocket.close(4400, "Invalid connection init payload")
            return
        if self.connection_init_received:
            await self.websocket.close(TOO_MANY, "Too many initialisation requests")
            return
        self.connection_init_received = True
        try:
            who = await self.view.authenticate_connection(self.context, payload)
        except BadCredentials as error:
            await self._close_unauthorized(str(error))
            return
        key = (
            f"person:{who.credential.person_id}"
            if who.credential is not None
            else f"address:{self.view.peer_address(self.context)}"
        )
        if not self.view.connections.claim(key):
            await self.websocket.close(TOO_MANY, "Too many open connections for this account.")
            return
        self.slot = key
        self.rate_key = self._rate_key(payload)
        self.context.viewer = who.viewer
        self.context.credential = who.credential
        self.context.read_only = who.credential is not None and who.credential.read_only
        await self.send_message({"type": "connection_ack"})
        self.connection_acknowledged = True
        if who.credential is not None:
            self.watchdog = asyncio.create_task(self._watch())
            self.watchdog.add_done_callback(self._task_done)

    def _rate_key(self, payload: dict[str, Any]) -> rate_limits.Key:
        settings = self.view.settings
        authorization = payload.get("Authorization") or payload.get("authorization")
        if isinstance(authorization, str) and authorization.partition(" ")[2].strip():
            return rate_limits.token_key(authorization.partition(" ")[2], settings)
        return rate_limits.key_for(self.context.request.scope, settings)

    async def current_viewer(self) -> Viewer | None:
        """The viewer as of now; None (and the connection closing) when the credential
        is gone."""
        credential = self.context.credential
        if credential is None:
            return ANONYMOUS
        try:
            return await recheck(credential)
        except BadCredentials as error:
            await self._close_unauthorized(str(error))
            return None

    async def _close_unauthorized(self, reason: str) -> None:
        if self.closing:
            return
        self.closing = True
        with contextlib.suppress(Exception):  # the peer may have gone already
            await self.websocket.close(UNAUTHORIZED, reason[:120])

    async def _watch(self) -> None:
        """Close at the credential's expiry at the latest, and as soon as this process hears
        that the person's credentials changed (revocation, sign-out)."""
        credential = self.context.credential
        assert credential is not None
        async with events.subscription(events.CREDENTIALS_TOPIC) as heard:
            while not self.closing:
                wait = RECHECK_SECONDS
                if credential.expires_at is not None:
                    left = (credential.expires_at - datetime.now(UTC)).total_seconds()
                    wait = max(0.0, min(wait, left))
                try:
                    if await asyncio.wait_for(heard.get(), wait) != credential.person_id:
                        continue
                except TimeoutError:
                    pass
                if await self.current_viewer() is None:
                    return

    async def run_operation(self, operation: Operation[GraphQLContext, None]) -> None:
        """As strawberry's, but each operation runs in its own context, as the viewer of
        the moment it starts; events re-check through Context.refresh."""
        try:
            viewer = await self.current_viewer()
            if viewer is None:
                return
            context = self.context.for_operation(viewer, self)
            result_source = await self.schema.stream(
                operation.query,
                variable_values=operation.variables,
                context_value=context,
                root_value=self.root_value,
                operation_name=operation.operation_name,
            )
            async with aclosing(result_source):
                await self._send_result_stream(operation, self._classified(result_source))
            await operation.send_operation_message({"id": operation.id, "type": "complete"})
        except _OperationStreamClosed:
            return
        except Exception as error:
            await self.handle_task_exception(error)
            with contextlib.suppress(Exception):
                await operation.send_operation_message({"id": operation.id, "type": "complete"})
            self.operations.pop(operation.id, None)
            raise

    async def _classified(self, results: AsyncIterator[Any]) -> AsyncGenerator[Any, None]:
        """Each result's errors get the contract's code while their cause is still known
        (the schema's own classification does not see every streamed result)."""
        hide = self.view.settings.is_production
        async for result in results:
            if getattr(result, "errors", None):
                result.errors = classify_all(result.errors, hide_suggestions=hide)
            yield result

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        wait = await self.view.count_operation(self) if self.connection_acknowledged else None
        if wait is not None:
            await self.send_message(
                {
                    "id": message["id"],
                    "type": "error",
                    "payload": [
                        {
                            "message": f"Too many requests: wait {math.ceil(wait)} seconds, "
                            "then try again.",
                            "extensions": {
                                "code": "QUERY_TOO_COMPLEX",
                                "retryAfter": math.ceil(wait),
                            },
                        }
                    ],
                }
            )
            return
        if (
            self.connection_acknowledged
            and self.max_subscriptions_per_connection is not None
            and len(self.operations) >= self.max_subscriptions_per_connection
            and message["id"] not in self.operations
        ):
            await self.send_message(
                {
                    "id": message["id"],
                    "type": "error",
                    "payload": [
                        {
                            "message": f"At most {self.max_subscriptions_per_connection} "
                            "operations run at once on one connection.",
                            "extensions": {"code": "BAD_USER_INPUT"},
                        }
                    ],
                }
            )
            return
        await super().handle_subscribe(message)

    async def send_message(self, message: Message) -> None:
        """Every error that leaves carries the contract's code and no internals."""
        hide = self.view.settings.is_production
        if message["type"] == "error":
            message = {
                **message,
                "payload": [
                    classify_formatted(e, hide_suggestions=hide) for e in message["payload"]
                ],
            }
        elif message["type"] == "next" and message["payload"].get("errors"):
            payload = message["payload"].copy()
            payload["errors"] = [
                classify_formatted(e, hide_suggestions=hide) for e in payload["errors"]
            ]
            message = {**message, "payload": payload}
        await super().send_message(message)


__all__ = ["Authenticated", "ConnectionCounts", "LiveConnection"]
