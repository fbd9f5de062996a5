"""The GraphQL endpoint: strawberry's ASGI view with our context and guard rails."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET, UnsetType

from permissions import ANONYMOUS
from schema import build_schema
from schema.context import Context
from schema.errors import classify_all
from server import sessions
from server.auth import BadCredentials, viewer_for, viewer_from_token
from server.settings import Settings


class GraphQLContext(Context):
    connection_params: dict[str, Any] | None = None


def unauthenticated(message: str) -> Response:
    body = {
        "data": None,
        "errors": [{"message": message, "extensions": {"code": "UNAUTHENTICATED"}}],
    }
    return JSONResponse(body, status_code=401, headers={"WWW-Authenticate": "Bearer"})


class IndabaGraphQL(GraphQL[GraphQLContext, None]):
    def __init__(self, settings: Settings) -> None:
        super().__init__(
            build_schema(
                max_depth=settings.max_query_depth,
                max_aliases=settings.max_aliases,
                max_tokens=settings.max_tokens,
                production=settings.is_production,
            ),
            graphql_ide="graphiql" if settings.graphiql else None,
            allow_queries_via_get=False,  # GET serves GraphiQL only; no query, no mutation
            max_subscriptions_per_connection=settings.max_subscriptions_per_connection,
        )
        self.settings = settings

    async def handle(self, scope: Any, receive: Any, send: Any) -> None:
        await super().__call__(scope, receive, send)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            request = Request(scope, receive)
            try:
                scope["indaba.viewer"] = await viewer_for(
                    request.headers, request.cookies, self.settings.secret_key
                )
            except BadCredentials as error:
                await unauthenticated(str(error))(scope, receive, send)
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
                scope["indaba.viewer"] = ANONYMOUS
        await super().__call__(scope, receive, send)

    async def get_context(self, request: Request | WebSocket, response: Any) -> GraphQLContext:
        viewer = request.scope.get("indaba.viewer")
        if viewer is None:  # websockets: the cookie now, a token in connection_init later
            try:
                viewer = await viewer_for({}, request.cookies, self.settings.secret_key)
            except BadCredentials:
                viewer = ANONYMOUS
        return GraphQLContext(viewer=viewer, request=request, response=response)

    async def on_ws_connect(self, context: GraphQLContext) -> UnsetType | dict[str, object] | None:
        params = context.connection_params or {}
        authorization = params.get("Authorization") or params.get("authorization")
        if authorization:
            scheme, _, token = str(authorization).partition(" ")
            if scheme.lower() != "bearer":
                raise ConnectionRejectionError()
            try:
                context.viewer = await viewer_from_token(token)
            except BadCredentials:
                raise ConnectionRejectionError() from None
            context.loaders = type(context.loaders)(context.viewer)
        return UNSET

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
