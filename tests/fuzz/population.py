"""The world the fuzzers run in, and the ids and words they pick from.

A generated query whose ids are all random strings never gets past "not an id":
the fuzzer also picks real ids (every row the world holds, under the GraphQL type
that names it) and real words (slugs, references, emails, cursors), and grows
both pools with what the answers return, so later cases act on what earlier ones
created (a meeting scheduled, then an agenda item added to it).
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from typing import Any

from hypothesis import strategies as st

from governance.enums import BodyKind, Classification, MotionStatus
from governance.models import (
    ActionItem,
    AgendaItem,
    Agreement,
    ApiToken,
    AuditEvent,
    Body,
    Commitment,
    Decision,
    FocusArea,
    Meeting,
    Minutes,
    Motion,
    Organization,
    Person,
    Recommendation,
    Update,
)
from schema import ids
from tests.world import World, agenda_item_at, build_world, continue_registers, motion_at

# GraphQL type -> the table behind it (bodies are split by kind below).
MODELS: dict[str, Any] = {
    "Organization": Organization,
    "Person": Person,
    "Meeting": Meeting,
    "AgendaItem": AgendaItem,
    "Minutes": Minutes,
    "Motion": Motion,
    "Decision": Decision,
    "Agreement": Agreement,
    "FocusArea": FocusArea,
    "Commitment": Commitment,
    "Recommendation": Recommendation,
    "ActionItem": ActionItem,
    "Update": Update,
    "AuditEvent": AuditEvent,
    "ApiTokenInfo": ApiToken,
}


def _legacy(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


# Ids a hostile client would try: first-release ids (which still resolve), numbers out of
# range or in other scripts, a wrong type, empty and long strings.
HOSTILE_IDS = [
    _legacy("Meeting:1"),
    _legacy("Decision:2"),
    _legacy("Person:1"),
    _legacy("Meeting:²"),
    _legacy("Meeting:0"),
    _legacy("Meeting:-1"),
    _legacy(f"Meeting:{2**63}"),
    _legacy(f"Decision:{2**31}"),
    _legacy("Nothing:1"),
    "",
    " ",
    "0",
    "1",
    "x" * 101,
    "\x00",
]


class Pools:
    """What the fuzzer picks from, growing as the run goes on: ids by GraphQL type, words
    the schema looks things up by, cursors. A strategy reads a pool when it draws, so
    what one case's answer held can be used by the next."""

    def __init__(self, ids: Iterable[str], words: Iterable[str]) -> None:
        self.ids: dict[str, list[str]] = {}
        self.words: list[str] = []
        self.cursors: list[str] = []
        self._seen: set[str] = set()
        self.add_ids(ids)
        self._add(self.words, words)

    def _add(self, pool: list[str], values: Iterable[str]) -> None:
        for value in values:
            if value not in self._seen:
                self._seen.add(value)
                pool.append(value)

    def add_ids(self, values: Iterable[str]) -> None:
        for value in values:
            decoded = ids.decode(value)
            if decoded is not None:
                self._add(self.ids.setdefault(decoded[0], []), [value])

    def harvest(self, answer: Any) -> None:
        """Put the ids, cursors and references an answer holds into the pools."""
        stack = [answer]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                for key, value in item.items():
                    if not isinstance(value, str):
                        stack.append(value)
                    elif key == "id":
                        self.add_ids([value])
                    elif key in ("cursor", "endCursor", "startCursor"):
                        self._add(self.cursors, [value])
                    elif key in ("reference", "slug", "email"):
                        self._add(self.words, [value])
            elif isinstance(item, list):
                stack.extend(item)

    def id_of(self, *type_names: str) -> st.SearchStrategy[str]:
        """A known id of one of `type_names` (of any type when none is given or none known)."""

        def pick(i: int) -> str:
            names = type_names if any(self.ids.get(n) for n in type_names) else list(self.ids)
            known = [value for name in names for value in self.ids.get(name, ())]
            return known[i % len(known)]

        return _INDEX.map(pick)

    def word(self) -> st.SearchStrategy[str]:
        return _INDEX.map(lambda i: self.words[i % len(self.words)])

    def cursor(self) -> st.SearchStrategy[str]:
        return _INDEX.map(lambda i: self.cursors[i % len(self.cursors)] if self.cursors else "")


_INDEX = st.integers(min_value=0, max_value=2**16)


async def populate() -> World:
    """build_world() plus what mutations act on: agenda items, motions (draft and open),
    commitments, a focus area, minutes, and register counters past the world's own rows."""
    world = await build_world()
    await continue_registers(world)
    for level in (Classification.PUBLIC, Classification.CONFIDENTIAL):
        meeting = world.meetings[level]
        item = await agenda_item_at(world, meeting, level)
        await motion_at(world, meeting, level, agenda_item=item)
        await motion_at(world, meeting, level, status=MotionStatus.OPEN)
        await Minutes.create(meeting_id=meeting.id, content="The committee met.")
    for agreement in world.agreements.values():
        await Commitment.create(
            agreement_id=agreement.id,
            party_id=world.orgs["party"].id,
            description="Provide the water tanker.",
        )
    await FocusArea.create(name="Water")
    return world


async def pools_of(world: World) -> Pools:
    """Every row the world holds, by its global id, and the words it is looked up by."""
    found: list[str] = []
    for type_name, model in MODELS.items():
        for row_id in await model.all().order_by("id").values_list("id", flat=True):
            found.append(ids.encode(type_name, row_id))
    for body_id, kind in await Body.all().order_by("id").values_list("id", "kind"):
        type_name = "AdvisoryBoard" if kind == BodyKind.ADVISORY_BOARD else "Committee"
        found.append(ids.encode(type_name, body_id))
    words: list[str] = []
    words += await Body.all().order_by("id").values_list("slug", flat=True)
    words += await Decision.all().order_by("id").values_list("reference", flat=True)
    words += await Agreement.all().order_by("id").values_list("reference", flat=True)
    words += await Recommendation.all().order_by("id").values_list("reference", flat=True)
    words += await Person.all().order_by("id").values_list("email", flat=True)
    words += await Organization.all().order_by("id").values_list("name", flat=True)
    words += ["Water", "water", "%", "_", "SC", "MCPP-AGR-99"]
    return Pools(found, [w for w in words if w])
