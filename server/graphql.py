"""The GraphQL endpoint: strawberry's ASGI view with our context and guard rails."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError

from governance.files import FileStore
from permissions import Viewer
from schema import build_schema
from schema.context import Context
from schema.errors import classify_all
from schema.loaders import Loaders
from server import auth, payloads, persisted, rate_limits, sessions
from server.auth import NOBODY, Authenticated, BadCredentials, Credential
from server.connections import ConnectionCounts, LiveConnection
from server.settings import Settings


@dataclass
class GraphQLContext(Context):
    connection_params: dict[str, Any] | None = None
    credential: Credential | None = None
    # Set on the context of an operation that runs over a WebSocket connection.
    connection: LiveConnection | None = None

    def for_operation(self, viewer: Viewer, connection: LiveConnection) -> GraphQLContext:
        return GraphQLContext(
            viewer=viewer,
            request=self.request,
            response=self.response,
            read_only=self.read_only,
            credential=self.credential,
            connection=connection,
        )

    async def refresh(self) -> bool:
        if self.connection is not None:
            viewer = await self.connection.current_viewer()
            if viewer is None:
                return False
            self.viewer = viewer
        self.loaders = Loaders(self.viewer)
        return True


def request_error(status: int, message: str) -> Response:
    """A refusal of the HTTP request itself, in the shape of a GraphQL error."""
    code = "NOT_FOUND" if status == 404 else "BAD_USER_INPUT"
    body = {"data": None, "errors": [{"message": message, "extensions": {"code": code}}]}
    return JSONResponse(body, status_code=status)


def unauthenticated(message: str) -> Response:
    body = {
        "data": None,
        "errors": [{"message": message, "extensions": {"code": "UNAUTHENTICATED"}}],
    }
    return JSONResponse(body, status_code=401, headers={"WWW-Authenticate": "Bearer"})


class IndabaGraphQL(GraphQL[GraphQLContext, None]):
    graphql_transport_ws_handler_class = LiveConnection

    def __init__(self, settings: Settings) -> None:
        super().__init__(
            build_schema(
                max_depth=settings.max_query_depth,
                max_aliases=settings.max_aliases,
                max_tokens=settings.max_tokens,
                query_budget=settings.query_budget,
                production=settings.is_production,
            ),
            graphql_ide="graphiql" if settings.graphiql else None,
            # GET serves GraphiQL, and queries persisted by hash (server.persisted): never a
            # document in the URL, never a mutation (strawberry refuses one by GET).
            allow_queries_via_get=True,
            # graphql-transport-ws only: its handler re-checks the credential per operation.
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            max_subscriptions_per_connection=settings.max_subscriptions_per_connection,
            # `uploadDocument` (the GraphQL multipart request). A browser may send multipart
            # cross-site without a preflight, so a cookie-authenticated POST still needs the
            # session's CSRF token in a header (below); a token in Authorization can only
            # come from a client that holds it.
            multipart_uploads_enabled=True,
        )
        self.settings = settings
        self.connections = ConnectionCounts(
            per_key=settings.max_ws_per_person, total=settings.max_ws_total
        )
        self.persisted = persisted.PersistedQueries()
        self.files = FileStore(settings.files_dir)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            request = Request(scope, receive)
            try:
                who = await auth.authenticate(
                    request.headers,
                    request.cookies,
                    self.settings.secret_key,
                    self.settings.require_2fa,
                )
            except BadCredentials as error:
                # A made-up token has no bucket of its own: it counts against the address.
                wait = await self._count(scope, rate_limits.address_key(scope, self.settings))
                response = (
                    unauthenticated(str(error))
                    if wait is None
                    else rate_limits.too_many("/graphql", wait)
                )
                await response(scope, receive, send)
                return
            # A cookie-authenticated write must carry the session's CSRF token.
            if (
                request.method == "POST"
                and "authorization" not in request.headers
                and sessions.COOKIE in request.cookies
                and not sessions.csrf_matches(
                    sessions.read(request.cookies.get(sessions.COOKIE), self.settings.secret_key),
                    request.headers.get("x-csrf-token"),
                )
            ):
                who = NOBODY
            scope["indaba.who"] = who
            try:
                response = await self.run(request)
            except HTTPException as error:
                response = request_error(error.status_code, error.reason)
            except StarletteHTTPException as error:  # a malformed multipart body (a form)
                response = request_error(error.status_code, str(error.detail))
            except persisted.PersistedQueryNotFound:
                # Not an HTTP error (the client just resends the document), and never cached.
                response = JSONResponse(
                    persisted.NOT_FOUND_BODY, headers={"Cache-Control": "no-store"}
                )
            finally:
                # A multipart upload's files (spooled to disk past 1 MiB), however the
                # operation ended: refused before its resolver ran, or done.
                await request.close()
            await response(scope, receive, send)
            return
        await super().__call__(scope, receive, send)

    def parse_json(self, data: str | bytes) -> Any:
        """A POST's body (or a GET's variables), strictly (server.payloads): a client's
        malformed body is a 400 with the reason, never a 500."""
        try:
            decoded = payloads.decode_json(data)
            if not isinstance(decoded, dict):
                payloads.check_operation(decoded)  # says what a body must be
            return decoded
        except payloads.MalformedRequest as error:
            raise HTTPException(400, str(error)) from None

    def parse_query_params(self, params: Mapping[str, str | None]) -> dict[str, Any]:
        """A GET's `variables` and `extensions`: the same strict JSON, each an object."""
        data: dict[str, Any] = dict(params)
        for name in ("variables", "extensions"):
            raw = params.get(name)
            if raw:
                try:
                    value = payloads.decode_json(raw)
                except payloads.MalformedRequest as error:
                    raise HTTPException(400, f"`{name}`: {error}") from None
                if not isinstance(value, dict):
                    raise HTTPException(400, f"`{name}` must be a JSON object.")
                data[name] = value
        return data

    def should_render_graphql_ide(self, request: Any) -> bool:
        """A GET asking for a persisted query is an API call, whatever its Accept header
        (curl sends */*)."""
        return "extensions" not in request.query_params and super().should_render_graphql_ide(
            request
        )

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: GraphQLContext,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """Resolves a persisted query's hash to its document (server.persisted), and keeps a
        document sent with its hash once it has passed parsing and validation."""
        if request_adapter.method == "GET" and request_data.query is not None:
            raise HTTPException(
                400,
                "A GET runs a persisted query by its hash only: send the document by POST.",
            )
        ask = persisted.asked(request_data.extensions)
        if ask is not None:
            request_data.query = self.persisted.resolve(ask, request_data.query)
        result = await super().execute_single(
            request, request_adapter, sub_response, context, root_value, request_data
        )
        if ask is not None and request_data.query and not isinstance(result, PreExecutionError):
            self.persisted.keep(ask, request_data.query)
        return result

    def decode_json(self, data: str | bytes) -> object:
        """A WebSocket message: the same strict JSON; a bad one closes the connection with
        4400, as graphql-transport-ws says."""
        try:
            return payloads.decode_json(data)
        except payloads.MalformedRequest as error:
            raise json.JSONDecodeError(str(error), "", 0) from None

    async def get_context(self, request: Request | WebSocket, response: Any) -> GraphQLContext:
        who: Authenticated = request.scope.get("indaba.who", NOBODY)
        if isinstance(request, Request):
            # One URL answers every viewer: a cache must tell them apart, and never keep
            # what a signed-in viewer reads.
            response.headers["Vary"] = "Authorization, Cookie"
            if who.credential is not None:
                response.headers["Cache-Control"] = "no-store"
        return GraphQLContext(
            viewer=who.viewer,
            request=request,
            response=response,
            read_only=who.credential is not None and who.credential.read_only,
            over_http=isinstance(request, Request),
            credential=who.credential,
            files=self.files,
        )

    async def authenticate_connection(
        self, context: GraphQLContext, params: dict[str, Any]
    ) -> Authenticated:
        """A WebSocket's credential: a token in connection_init's payload, else the admin's
        session cookie sent with the handshake, else nobody."""
        authorization = params.get("Authorization") or params.get("authorization")
        if authorization:
            if not isinstance(authorization, str):
                raise BadCredentials("Send the API token as `Authorization: Bearer <token>`.")
            return await auth.authenticate(
                {"authorization": authorization}, {}, self.settings.secret_key
            )
        return await auth.from_session(
            context.request.cookies, self.settings.secret_key, self.settings.require_2fa
        )

    async def _count(self, scope: Any, key: rate_limits.Key) -> float | None:
        counter = scope.get("indaba.rate_limits")
        return None if counter is None else await counter.hit(key)

    async def count_operation(self, connection: LiveConnection) -> float | None:
        """A WebSocket operation counts like a request, against the connection's key."""
        if connection.rate_key is None:
            return None
        return await self._count(connection.context.request.scope, connection.rate_key)

    def peer_address(self, context: GraphQLContext) -> str:
        client = context.request.client if context.request is not None else None
        return client.host if client else "unknown"

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        # Errors raised before execution (a syntax error, the token limit) never reach
        # the schema extension; classify them here too.
        if result.errors:
            result.errors = classify_all(
                result.errors, hide_suggestions=self.settings.is_production
            )
        return await super().process_result(request, result)

    def encode_json(self, data: object) -> str:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
