"""How a status machine moves a row: one conditional UPDATE, and one wording of a refusal.

Each kind declares its moves once, as data (governance.lifecycles): an action ("close",
"revoke", "report"), the statuses it leaves from, and the status it reaches (None: the
status stays and the move only locks the row, as a vote does on an open ballot).
`Lifecycle.move` makes a move as one conditional UPDATE, first in the caller's transaction
where order matters:

    UPDATE <table> SET status = :to, <changes> WHERE id = :id AND status IN (:from)

On PostgreSQL the UPDATE takes the row's lock, so two moves of one row queue: the second
runs once the first commits, finds the row no longer in a from-status and is refused. On
SQLite the single writer serialises them the same way. So exactly one close of a ballot
counts it and records its decision, one of two supersessions wins, and a vote cast while the
ballot closes is either counted or refused, never lost.

A move is judged first against the status the service read. A move declared from several
statuses at once applies from whichever of them holds when the row is locked (a motion
withdrawn while it is being opened is still withdrawn). Where each from-status is a move of
its own (`each`: an agreement's transitions, a committee's answers, an action item's
reports), the move applies only from the status the person saw: of two officers moving one
agreement at once, one succeeds and the other is told it changed meanwhile.

A refusal is INVALID_TRANSITION, in one wording: "<This motion | SC-2026-004> is <STATUS>;
only <an OPEN motion | a decision in force> can <be closed | become ACTIVE>." ("…; it
cannot become DRAFT." where no status leads there). The admin asks `moves(row)` and
`actions(row)` which buttons to draw, so no template compares statuses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, TypeVar

from tortoise.expressions import F
from tortoise.models import Model

from governance.errors import N_, InvalidTransition, NotFound, Phrase

S = TypeVar("S", bound=StrEnum)


@dataclass(frozen=True, init=False)
class Move(Generic[S]):
    """One move: `action` takes a row from any of `frm` to `to` (None: the status stays)."""

    action: str
    frm: frozenset[S]
    to: S | None
    says: str = ""  # what a refusal says the move does ("be closed"); else "become <to>"

    def __init__(self, action: str, frm: Iterable[S], to: S | None, says: str = "") -> None:
        object.__setattr__(self, "action", action)
        object.__setattr__(self, "frm", frozenset(frm))
        object.__setattr__(self, "to", to)
        object.__setattr__(self, "says", says)


def each(action: str, frm: Iterable[S], *targets: S) -> tuple[Move[S], ...]:
    """A move of its own from each status to each target: it applies only from the status
    the person saw, so a move made meanwhile refuses it."""
    return tuple(Move(action, {status}, target) for status in frm for target in targets)


# How a refusal names a row that has no reference of its own, by the lifecycle's noun.
SUBJECTS = {
    "motion": N_("This motion"),
    "meeting": N_("This meeting"),
    "minutes": N_("These minutes"),
    "decision": N_("This decision"),
    "agreement": N_("This agreement"),
    "commitment": N_("This commitment"),
    "recommendation": N_("This recommendation"),
    "action item": N_("This action item"),
    "update": N_("This update"),
    "action plan": N_("This action plan"),
}
# A refusal's sentences, for one row (This motion, SC-2026-004) and for rows (These minutes).
CHANGED = (
    N_("%(subject)s changed meanwhile (it is now %(status)s); reload it and try again."),
    N_("%(subject)s changed meanwhile (they are now %(status)s); reload them and try again."),
)
CANNOT = (
    N_("%(subject)s is %(status)s; it cannot %(does)s."),
    N_("%(subject)s are %(status)s; they cannot %(does)s."),
)
ONLY = (
    N_("%(subject)s is %(status)s; %(which)s can %(does)s."),
    N_("%(subject)s are %(status)s; %(which)s can %(does)s."),
)


@dataclass(frozen=True)
class Lifecycle(Generic[S]):
    noun: str
    model: type[Model]
    statuses: type[S]
    table: tuple[Move[S], ...]
    column: str = "status"
    plural: bool = False
    # How a refusal names a set of from-statuses ("a decision in force").
    names: Mapping[frozenset[S], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.noun not in SUBJECTS:  # a slip in the code, found at import
            raise ValueError(f"Name a {self.noun} in lifecycle.SUBJECTS for its refusals.")

    def status(self, row: Model) -> S:
        return self.statuses(getattr(row, self.column))

    def moves(self, row: Model) -> list[Move[S]]:
        """The moves open to the row now, in the order declared."""
        status = self.status(row)
        return [move for move in self.table if status in move.frm]

    def actions(self, row: Model) -> frozenset[str]:
        """The actions open to the row now ("open", "withdraw"…): the admin's buttons."""
        return frozenset(move.action for move in self.moves(row))

    def leaving(self, action: str) -> list[S]:
        """The statuses `action` leaves from, for a query that must agree with the table."""
        frm = set().union(*(move.frm for move in self.table if move.action == action))
        return [status for status in self.statuses if status in frm]

    def final(self) -> tuple[S, ...]:
        """The statuses a row never leaves."""
        return tuple(s for s in self.statuses if not any(s in m.frm for m in self.table))

    def check(self, row: Model, action: str | None = None, *, to: S | None = None) -> Move[S]:
        """The move the row's status, as read, allows; INVALID_TRANSITION if there is none."""
        candidates = self._candidates(action, to)
        seen = self.status(row)
        for move in candidates:
            if seen in move.frm:
                return move
        raise self._refusal(row, seen, candidates, to)

    async def move(
        self, row: Model, action: str | None = None, *, to: S | None = None, **changes: Any
    ) -> Move[S]:
        """Make the move named by `action` or by its target `to`, with `changes`, as one
        conditional UPDATE that also locks the row; INVALID_TRANSITION if it is not allowed,
        or no longer is."""
        chosen = self.check(row, action, to=to)
        target = F(self.column) if chosen.to is None else chosen.to
        leaving = [status for status in self.statuses if status in chosen.frm]
        query = self.model.filter(id=row.pk, **{f"{self.column}__in": leaving})
        if await query.update(**{self.column: target}, **changes):
            return chosen
        current = await self.model.get_or_none(id=row.pk)
        if current is None:
            raise NotFound("No %(what)s with that id.", what=Phrase(self.noun))
        raise self._refusal(row, self.status(current), self._candidates(action, to), to)

    def _candidates(self, action: str | None, to: S | None) -> list[Move[S]]:
        candidates = [
            move
            for move in self.table
            if (action is None or move.action == action) and (to is None or move.to == to)
        ]
        if not candidates and to is None:
            raise ValueError(f"A {self.noun} has no move {action!r}.")  # a slip in the code
        return candidates

    def _refusal(
        self, row: Model, current: S, candidates: list[Move[S]], to: S | None
    ) -> InvalidTransition:
        # Each part a template of its own (the catalog's), so that a translation can follow
        # its own grammar; in English, word for word the sentence above.
        reference = getattr(row, "reference", None)
        plural = self.plural and not reference
        subject = reference or Phrase(SUBJECTS[self.noun])
        # Statuses go as enum values: the API's word in English, the reader's in the admin.
        status = current
        if any(current in move.frm for move in candidates):
            return InvalidTransition(CHANGED[plural], subject=subject, status=status)
        target = to if to is not None else candidates[0].to
        says = candidates[0].says if to is None else ""
        become = target if target else current
        does = Phrase(says) if says else Phrase("become %(status)s", status=become)
        frm = frozenset().union(*(move.frm for move in candidates))
        if not frm:
            return InvalidTransition(CANNOT[plural], subject=subject, status=status, does=does)
        return InvalidTransition(
            ONLY[plural], subject=subject, status=status, which=self._which(frm), does=does
        )

    def _which(self, frm: frozenset[S]) -> Phrase:
        """'only an OPEN motion', 'only a decision in force', 'only DRAFT minutes'."""
        noun = Phrase(self.noun)
        if frm in self.names:
            named = Phrase(self.names[frm])
            if self.plural:
                return Phrase("only %(noun)s %(named)s", noun=noun, named=named)
            if self.noun[0] in "AEIOUaeiou":
                return Phrase("only an %(noun)s %(named)s", noun=noun, named=named)
            return Phrase("only a %(noun)s %(named)s", noun=noun, named=named)
        listed = [status for status in self.statuses if status in frm]
        either: S | Phrase = listed[0]
        if len(listed) > 1:
            either = Phrase("%(some)s or %(last)s", some=tuple(listed[:-1]), last=listed[-1])
        if self.plural:
            return Phrase("only %(statuses)s %(noun)s", statuses=either, noun=noun)
        if listed[0].value[0] in "AEIOUaeiou":
            return Phrase("only an %(statuses)s %(noun)s", statuses=either, noun=noun)
        return Phrase("only a %(statuses)s %(noun)s", statuses=either, noun=noun)
