"""What a well-formed GraphQL request body is, checked before anything else reads it.

A client's mistake (a body that is not a JSON object, bytes that are not UTF-8,
JSON nested thousands deep, a lone surrogate that no database can store) is a
400 with a sentence saying what is wrong, never a 500 or a traceback in the log.
The same checks guard the WebSocket's messages.
"""

from __future__ import annotations

import json
from typing import Any

MAX_DEPTH = 64  # GraphQL variables have no business being deeper than this


class MalformedRequest(ValueError):
    """The request itself is not a GraphQL request; the message says why."""


def _depth(value: Any, limit: int) -> bool:
    """True when `value` nests no deeper than `limit` (iterative: no recursion to blow)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return False
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return True


def unstorable_text(value: Any) -> str | None:
    """What is wrong with the first string no database can store, or None: a lone
    surrogate ("\\ud800" decoded from JSON; no UTF-8 encoder takes it) or a NUL
    (PostgreSQL refuses it in text)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return "a NUL character (\\u0000), which is not text"
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return "a lone UTF-16 surrogate (such as \\ud800), which is not text"
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def check_operation(data: Any) -> dict[str, Any]:
    """One GraphQL operation: a JSON object (no batches) whose fields have their types."""
    if not isinstance(data, dict):
        raise MalformedRequest(
            'The request body must be a JSON object such as {"query": "{ viewer { isAnonymous } }"}; '
            "batches and other JSON values are not accepted."
        )
    for name, kinds in (
        ("query", (str, type(None))),
        ("variables", (dict, type(None))),
        ("operationName", (str, type(None))),
        ("extensions", (dict, type(None))),
    ):
        if not isinstance(data.get(name), kinds):
            expected = "a string" if str in kinds else "an object"
            raise MalformedRequest(f"`{name}` must be {expected} or null.")
    return data


def decode_json(body: bytes | str) -> Any:
    """JSON, strictly: UTF-8, no deeper than MAX_DEPTH, every string encodable."""
    try:
        text = body.decode("utf-8") if isinstance(body, bytes) else body
    except UnicodeDecodeError:
        raise MalformedRequest("The request body is not valid UTF-8.") from None
    try:
        data = json.loads(text)
    except RecursionError:
        raise MalformedRequest(f"The request nests deeper than {MAX_DEPTH} levels.") from None
    except json.JSONDecodeError as error:
        raise MalformedRequest(
            f"The request body is not valid JSON (line {error.lineno}, column {error.colno})."
        ) from None
    except ValueError:  # a number of thousands of digits (Python's int limit)
        raise MalformedRequest("The request holds a number too long to read.") from None
    if not _depth(data, MAX_DEPTH):
        raise MalformedRequest(f"The request nests deeper than {MAX_DEPTH} levels.")
    problem = unstorable_text(data)
    if problem is not None:
        raise MalformedRequest(f"The request contains {problem}.")
    return data


def decode_operation(body: bytes | str) -> dict[str, Any]:
    """The body of a POST: strict JSON holding one operation."""
    return check_operation(decode_json(body))
