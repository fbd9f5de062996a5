"""One place where every error gets the contract's `extensions.code`.

Domain errors keep their message. Request errors (syntax, validation, variable
coercion) are BAD_USER_INPUT, the limiters' are QUERY_TOO_COMPLEX. Anything
else is INTERNAL: logged with a correlation id, and only that id reaches the
client, never a traceback, SQL or an internal message.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterator

from graphql import GraphQLError, GraphQLFormattedError
from strawberry.extensions import SchemaExtension

from governance.errors import DomainError

log = logging.getLogger("indaba.graphql")

TOO_COMPLEX = re.compile(
    r"exceeds maximum operation depth|aliases found|more than \d+ tokens|"
    r"at most \d+ operations|too complex",
    re.IGNORECASE,
)
SUGGESTION = re.compile(r"\s*Did you mean .*\?$")


REQUEST_ERRORS = (GraphQLError, ValueError, TypeError)


def classify(error: GraphQLError, *, hide_suggestions: bool) -> GraphQLError:
    if error.extensions and "code" in error.extensions:
        return error  # classified already (on the way through the extension)
    original = error.original_error
    if isinstance(original, DomainError):
        return _with(error, original.message, original.code)
    # Errors before execution (syntax, validation, variables) have no path.
    if error.path is None and (original is None or isinstance(original, REQUEST_ERRORS)):
        code = "QUERY_TOO_COMPLEX" if TOO_COMPLEX.search(error.message) else "BAD_USER_INPUT"
        message = SUGGESTION.sub("", error.message) if hide_suggestions else error.message
        return _with(error, message, code)
    correlation = uuid.uuid4().hex[:12]
    log.error(
        "Unexpected error %s at %s: %s",
        correlation,
        ".".join(str(p) for p in error.path or []),
        error.message,
        exc_info=original or error,
    )
    return _with(
        error,
        f"Something went wrong on our side; quote {correlation} when reporting it.",
        "INTERNAL",
        correlationId=correlation,
    )


def _with(error: GraphQLError, message: str, code: str, **more: str) -> GraphQLError:
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions={"code": code, **more},
    )


def classify_formatted(
    error: GraphQLFormattedError, *, hide_suggestions: bool
) -> GraphQLFormattedError:
    """The same rules for an error already turned into JSON (what a transport sends):
    the last guard on the WebSocket, where some errors never pass through the schema."""
    extensions = error.get("extensions") or {}
    if "code" in extensions:
        return error
    message = str(error.get("message", ""))
    if error.get("path"):
        correlation = uuid.uuid4().hex[:12]
        log.error("Unexpected error %s at %s: %s", correlation, error.get("path"), message)
        return {
            "message": f"Something went wrong on our side; quote {correlation} when reporting it.",
            "path": error["path"],
            "extensions": {"code": "INTERNAL", "correlationId": correlation},
        }
    code = "QUERY_TOO_COMPLEX" if TOO_COMPLEX.search(message) else "BAD_USER_INPUT"
    if hide_suggestions:
        message = SUGGESTION.sub("", message)
    classified: GraphQLFormattedError = {"message": message, "extensions": {"code": code}}
    if error.get("locations"):
        classified["locations"] = error["locations"]
    return classified


def classify_all(errors: list[GraphQLError], *, hide_suggestions: bool) -> list[GraphQLError]:
    return [classify(e, hide_suggestions=hide_suggestions) for e in errors]


class ErrorCodes(SchemaExtension):
    def __init__(self, *, hide_suggestions: bool = False) -> None:
        self.hide_suggestions = hide_suggestions

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = classify_all(result.errors, hide_suggestions=self.hide_suggestions)
