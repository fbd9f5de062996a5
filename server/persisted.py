"""Persisted queries by hash: Apollo's automatic persisted queries (APQ), over POST and GET.

A partner's integration sends `extensions: {"persistedQuery": {"version": 1,
"sha256Hash": "<64 hex>"}}` without the document. Unknown hash: the answer is
the error PersistedQueryNotFound (code PERSISTED_QUERY_NOT_FOUND, HTTP 200),
and the client sends the document again with the hash; the server checks that
the hash is the document's SHA-256, runs it, and keeps it once it has passed
parsing and validation (a document that never ran is not kept). Later requests
send the hash alone, by POST or by GET (GET runs queries only, never a
mutation; a GET never carries a document, so documents stay out of URLs and
logs, as Apollo's client does: it resends the document by POST).

PERSISTED_QUERY_NOT_FOUND is not one of the contract's codes: it is Apollo's,
which clients look for by name, and only a request that asked for a persisted
query can receive it. Every other refusal here is BAD_USER_INPUT.

Where documents are kept: in this process, in a bounded least-recently-used
map. With several workers (PostgreSQL), each worker learns a hash on its own;
a miss on another worker only makes the client send the document once more,
which the protocol expects (a restart or an eviction is the same).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from cross_web import HTTPException

from schema.documents import BoundedCache

MAX_QUERIES = 1000
MAX_WEIGHT = 4_000_000  # characters of document text, across every kept query
HASH = re.compile(r"[0-9a-fA-F]{64}")
NOT_FOUND_BODY = {
    "errors": [
        {"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}
    ]
}


class PersistedQueryNotFound(Exception):
    """The hash is not known here: the client should send the document with it."""


@dataclass(frozen=True)
class Ask:
    """A request's persisted-query extension, checked."""

    sha256: str  # lowercase hex


def asked(extensions: dict[str, Any] | None) -> Ask | None:
    """The request's persistedQuery, or None when it has none; a malformed one is a 400."""
    if not extensions or "persistedQuery" not in extensions:
        return None
    value = extensions["persistedQuery"]
    if not isinstance(value, dict) or set(value) - {"version", "sha256Hash"}:
        raise HTTPException(
            400,
            '`extensions.persistedQuery` must be {"version": 1, "sha256Hash": "<64 hex digits>"}.',
        )
    version = value.get("version")
    if version != 1 or isinstance(version, bool):
        raise HTTPException(400, "Only version 1 of persisted queries is supported.")
    sha256 = value.get("sha256Hash")
    if not isinstance(sha256, str) or not HASH.fullmatch(sha256):
        raise HTTPException(
            400, "`persistedQuery.sha256Hash` must be a SHA-256 hash: 64 hexadecimal digits."
        )
    return Ask(sha256.lower())


def sha256_of(query: str) -> str:
    return hashlib.sha256(query.encode("utf-8")).hexdigest()


class PersistedQueries:
    """The documents this process knows by hash."""

    def __init__(self, *, max_queries: int = MAX_QUERIES, max_weight: int = MAX_WEIGHT) -> None:
        self.cache: BoundedCache[str] = BoundedCache(
            max_entries=max_queries, max_weight=max_weight, weigh=len
        )

    def __len__(self) -> int:
        return len(self.cache)

    def resolve(self, ask: Ask, query: str | None) -> str:
        """The document to run: the one sent (which must match its hash) or the one kept."""
        if query is not None:
            if sha256_of(query) != ask.sha256:
                raise HTTPException(400, "provided sha does not match query")
            return query
        kept = self.cache.get(ask.sha256)
        if kept is None:
            raise PersistedQueryNotFound
        return kept

    def keep(self, ask: Ask, query: str) -> None:
        if self.cache.get(ask.sha256) is None:
            self.cache.put(ask.sha256, query)
