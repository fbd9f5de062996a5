"""Valid GraphQL operations drawn from the live schema (hypothesis-graphql).

Every generated document is valid against the schema; the values in it are what a
buggy or hostile client sends: random text (control characters and NUL included),
hostile ids, dates at the ends of the calendar, naive and aware times. Random values
alone never get past "not an id", so most arguments are then retargeted by name: an
argument called `meetingId` gets a real meeting's id most of the time, `first` a small
page, `after` a cursor some list returned, `slug` something shaped like a slug.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import graphql
from hypothesis import strategies as st
from hypothesis_graphql import mutations, nodes, queries

from schema import build_schema
from tests.fuzz.population import HOSTILE_IDS, Pools

# The schema the server serves, as graphql-core sees it (not a copy of the contract).
SCHEMA: graphql.GraphQLSchema = build_schema()._schema

# Text as clients type it; surrogates cannot be sent as UTF-8 at all (the malformed-body
# fuzzer sends them escaped).
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60)

# Strings that have broken text handling elsewhere: NUL (PostgreSQL refuses it in text),
# LIKE's wildcards and escape, a right-to-left override, a combining mark alone, very long.
HOSTILE_TEXT = st.sampled_from(
    ["\x00", "a\x00b", "%", "_", "\\", "%_%", "\u202e", "\u0301", "\ufeff", "x" * 10_001]
)


def _with_nul(value: str) -> str:
    middle = len(value) // 2
    return value[:middle] + "\x00" + value[middle:]


def _sometimes_poisoned(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Mostly the value; now and then the value with a NUL in its middle."""
    return st.one_of(strategy, strategy, strategy, strategy.map(_with_nul))


_ZONES = st.sampled_from([UTC, timezone(timedelta(hours=14)), timezone(timedelta(hours=-12))])
_SOON = {"min_value": datetime(2000, 1, 1), "max_value": datetime(2040, 12, 31)}
_DATES = st.one_of(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
    st.sampled_from([date.min, date.max, date(1970, 1, 1), date(2024, 2, 29)]),
).map(date.isoformat)
_DATETIMES = st.one_of(
    st.datetimes(**_SOON, timezones=_ZONES),
    st.sampled_from(
        [
            datetime.min.replace(tzinfo=timezone(timedelta(hours=14))),
            datetime.max.replace(tzinfo=timezone(timedelta(hours=-12))),
            datetime.max.replace(tzinfo=UTC),
            datetime(2030, 1, 1),
        ]
    ),
    st.datetimes(**_SOON),  # naive
).map(datetime.isoformat)
_NOT_A_DATE = st.sampled_from(["", "yesterday", "2026-02-30", "10000-01-01", "0000-00-00"])

# What an argument named so is for: the GraphQL types its id names.
BODIES = ("Committee", "AdvisoryBoard")
ID_TYPES: dict[str, tuple[str, ...]] = {
    "person": ("Person",),
    "proposer": ("Person",),
    "seconder": ("Person",),
    "ownerPerson": ("Person",),
    "meeting": ("Meeting",),
    "agendaItem": ("AgendaItem",),
    "motion": ("Motion",),
    "update": ("Update",),
    "recommendation": ("Recommendation",),
    "body": BODIES,
    "committee": ("Committee",),
    "board": ("AdvisoryBoard",),
    "addressedTo": ("Committee",),
    "governingBody": ("Committee",),
    "organization": ("Organization",),
    "party": ("Organization",),
    "ownerOrganization": ("Organization",),
    "decision": ("Decision",),
    "supersedes": ("Decision",),
    "agreement": ("Agreement",),
    "commitment": ("Commitment",),
    "actionItem": ("ActionItem",),
    "token": ("ApiTokenInfo",),
    "focusArea": ("FocusArea",),
    "subject": (),  # any item
    "": (),  # node(id:)
}


def custom_scalars(pools: Pools) -> dict[str, st.SearchStrategy[Any]]:
    """Value nodes for the scalars, before retargeting: mostly what a field expects,
    sometimes garbage."""
    ids = st.one_of(pools.id_of(), st.sampled_from(HOSTILE_IDS), TEXT).map(nodes.String)
    strings = st.one_of(TEXT, TEXT, pools.word(), HOSTILE_TEXT).map(nodes.String)
    return {
        "ID": ids,
        "String": strings,
        "Date": st.one_of(_DATES, _DATES, _DATES, _NOT_A_DATE).map(nodes.String),
        "DateTime": st.one_of(_DATETIMES, _DATETIMES, _DATETIMES, _NOT_A_DATE).map(nodes.String),
        # A file comes only through the multipart request: inline, anything is garbage.
        "Upload": strings,
    }


def likely_values(pools: Pools) -> dict[str, st.SearchStrategy[graphql.ValueNode]]:
    """Values that get past input checks, for arguments and input fields by name."""
    small = st.integers(min_value=0, max_value=30).map(nodes.Int)
    likely: dict[str, st.SearchStrategy[graphql.ValueNode]] = {
        "first": small,
        "quorum": small,
        "position": small,
        "expectedVersion": small,
        "amountMinor": st.integers(min_value=0, max_value=2**31 - 1).map(nodes.Int),
        # A cursor of another list is refused: the first page, more often than not.
        "after": st.one_of(
            _sometimes_poisoned(pools.cursor()).map(nodes.String), st.just(nodes.Null)
        ),
        "slug": _sometimes_poisoned(st.from_regex(r"\A[a-z0-9]{1,10}(-[a-z0-9]{1,6}){0,2}\Z")).map(
            nodes.String
        ),
        "prefix": st.from_regex(r"\A[A-Z]{2,5}\Z").map(nodes.String),
        "reference": _sometimes_poisoned(
            st.one_of(pools.word(), st.from_regex(r"\A[A-Z]{2,4}-[0-9]{4}-[0-9]{3}\Z"))
        ).map(nodes.String),
        "search": _sometimes_poisoned(st.one_of(pools.word(), HOSTILE_TEXT)).map(nodes.String),
        "email": _sometimes_poisoned(st.emails()).map(nodes.String),
        "currency": st.sampled_from(["ZAR", "XOF", "EUR", "JPY", "KWD", "zar", "XXX"]).map(
            nodes.String
        ),
        "amount": st.decimals(
            min_value=Decimal(0), max_value=Decimal(10**16), places=3, allow_nan=False
        ).map(nodes.String),
    }
    for stem, types in ID_TYPES.items():
        one = pools.id_of(*types).map(nodes.String)
        name = f"{stem}Id" if stem else "id"
        likely[name] = one
        likely[f"{stem}Ids"] = st.lists(one, max_size=3).map(
            lambda values: graphql.ListValueNode(values=tuple(values))
        )
    return likely


class _Replace(graphql.Visitor):
    def __init__(self, replacements: dict[int, graphql.ValueNode]) -> None:
        super().__init__()
        self.replacements = replacements

    def enter_argument(self, node: graphql.ArgumentNode, *_: Any) -> Any:
        value = self.replacements.get(id(node))
        return None if value is None else graphql.ArgumentNode(name=node.name, value=value)

    def enter_object_field(self, node: graphql.ObjectFieldNode, *_: Any) -> Any:
        value = self.replacements.get(id(node))
        return None if value is None else graphql.ObjectFieldNode(name=node.name, value=value)


def _named_values(document: graphql.DocumentNode) -> list[Any]:
    """Every argument and input field of the document, in order."""
    found: list[Any] = []

    class Collect(graphql.Visitor):
        def enter_argument(self, node: Any, *_: Any) -> None:
            found.append(node)

        def enter_object_field(self, node: Any, *_: Any) -> None:
            found.append(node)

    graphql.visit(document, Collect())
    return found


def operations(pools: Pools) -> st.SearchStrategy[str]:
    """A query or a mutation with most named arguments retargeted. Usually one root field,
    each field of Query and Mutation equally likely (left to itself the generator favours
    the first few); sometimes several root fields at once."""
    scalars = custom_scalars(pools)
    likely = likely_values(pools)

    def as_document(document: graphql.DocumentNode) -> graphql.DocumentNode:
        return document

    assert SCHEMA.query_type is not None and SCHEMA.mutation_type is not None
    single = [
        generate(SCHEMA, fields=[name], custom_scalars=scalars, print_ast=as_document)
        for generate, root in ((queries, SCHEMA.query_type), (mutations, SCHEMA.mutation_type))
        for name in root.fields
    ]
    one_field = st.sampled_from(single).flatmap(lambda strategy: strategy)
    documents = st.one_of(
        one_field,
        one_field,
        one_field,
        queries(SCHEMA, custom_scalars=scalars, print_ast=as_document),
        mutations(SCHEMA, custom_scalars=scalars, print_ast=as_document),
    )
    retarget = st.integers(min_value=0, max_value=9).map(bool)  # nine times in ten

    @st.composite
    def operation(draw: st.DrawFn) -> str:
        document = draw(documents)
        replacements: dict[int, graphql.ValueNode] = {}
        for node in _named_values(document):
            strategy = likely.get(node.name.value)
            if strategy is None or isinstance(node.value, graphql.NullValueNode):
                continue
            if draw(retarget):
                replacements[id(node)] = draw(strategy)
        if replacements:
            document = graphql.visit(document, _Replace(replacements))
        return graphql.print_ast(document)

    return operation()
