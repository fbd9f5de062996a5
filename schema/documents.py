"""Parsing a request's document once per distinct text, in a cache with a bound on memory.

strawberry's ParserCache bounds only the number of documents (an lru_cache),
not their size: a parsed document of 4,000 tokens (the token limit) holds about
1.6 MB of nodes and tokens, so 256 of them could hold 400 MB. Here an entry
weighs its text's length, and the cache holds at most MAX_DOCUMENTS entries and
MAX_WEIGHT characters of text, whichever comes first (about 75 MB of parsed
documents at the worst, a few hundred KB for the queries partners really send).
A flood of distinct documents only evicts the oldest.

Each entry also keeps the validation results of its document (schema.validation),
per set of rules in force, so both caches share the one bound. Nothing here
skips a limit: the token limit is a parse option (part of the key: a document
over it is never parsed, so never cached), and the price, the depth, alias and
NUL rules are checked per request (schema.validation), from cache or not.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from graphql import DocumentNode, GraphQLError
from graphql.language import parser

MAX_DOCUMENTS = 256
MAX_WEIGHT = 1_000_000  # characters of document text
MAX_RULE_SETS = 4  # validations kept per document: with or without introspection, in practice

V = TypeVar("V")


class BoundedCache(Generic[V]):
    """A least-recently-used map bounded by its number of entries and their total weight."""

    def __init__(self, *, max_entries: int, max_weight: int, weigh: Callable[[V], int]) -> None:
        self.max_entries = max_entries
        self.max_weight = max_weight
        self.weigh = weigh
        self.weight = 0
        self._entries: OrderedDict[Any, tuple[V, int]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Any) -> V | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        self._entries.move_to_end(key)
        return entry[0]

    def put(self, key: Any, value: V) -> None:
        weight = self.weigh(value)
        if weight > self.max_weight:
            return  # would evict everything else: not worth keeping
        old = self._entries.pop(key, None)
        if old is not None:
            self.weight -= old[1]
        self._entries[key] = (value, weight)
        self.weight += weight
        while len(self._entries) > self.max_entries or self.weight > self.max_weight:
            _, (_, dropped) = self._entries.popitem(last=False)
            self.weight -= dropped


@dataclass
class Parsed:
    text: str
    document: DocumentNode
    # (rules in force) -> the errors validation found; see schema.validation
    validations: OrderedDict[tuple[Any, ...], list[GraphQLError]] = field(
        default_factory=OrderedDict
    )

    def validated(self, rules: tuple[Any, ...]) -> list[GraphQLError] | None:
        return self.validations.get(rules)

    def remember(self, rules: tuple[Any, ...], errors: list[GraphQLError]) -> None:
        self.validations[rules] = errors
        if len(self.validations) > MAX_RULE_SETS:
            self.validations.popitem(last=False)


class Documents:
    """The parsed documents of one schema (built with it, gone with it)."""

    def __init__(self, *, max_documents: int = MAX_DOCUMENTS, max_weight: int = MAX_WEIGHT):
        self.cache: BoundedCache[Parsed] = BoundedCache(
            max_entries=max_documents, max_weight=max_weight, weigh=lambda p: len(p.text)
        )

    def parse(self, text: str, options: dict[str, Any]) -> Parsed:
        """The parsed document; a syntax error (or one over the token limit) raises, uncached."""
        key = (text, tuple(sorted(options.items())))
        parsed = self.cache.get(key)
        if parsed is None:
            # Looked up on the module at call time, so a test can count real parses.
            parsed = Parsed(text, parser.parse(text, **options))
            self.cache.put(key, parsed)
        return parsed
