"""Register numbers: `<PREFIX>-<YEAR>-<NNN>` (`<PREFIX>-R-…` for recommendations, `<PREFIX>-AP-…`
for action plans), unique per scope and never reused.

The counter row is incremented with a single UPDATE (taking its row lock on
PostgreSQL, the database lock on SQLite) inside the caller's transaction, so two
concurrent recordings can never draw the same number.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.models import Model
from tortoise.transactions import in_transaction

from governance.models import ActionPlan, Decision, Recommendation, ReferenceCounter


async def next_number(
    scope: str, year: int, floor: Callable[[], Awaitable[int]] | None = None
) -> int:
    """Call inside the transaction that uses the number. `floor` gives the highest number
    already in use, read only when a year's counter starts (rows imported without one)."""
    for _ in range(3):
        counter = ReferenceCounter.filter(scope=scope, year=year)
        if await counter.update(last_number=F("last_number") + 1):
            row = await counter.get()
            return row.last_number
        try:
            # First number of the year. A concurrent first insert loses on the unique
            # constraint (inside a savepoint) and takes the UPDATE path next turn.
            first = (await floor() if floor else 0) + 1
            async with in_transaction():
                await ReferenceCounter.create(scope=scope, year=year, last_number=first)
            return first
        except IntegrityError:
            continue
    raise RuntimeError(f"Could not draw a number for {scope} {year}.")


def highest(references: Iterable[object]) -> int:
    """The highest trailing number among references like SC-2026-007."""
    tails = [str(reference).rsplit("-", 1)[-1] for reference in references]
    return max((int(tail) for tail in tails if tail.isdigit()), default=0)


async def _drawn(scope: str, year: int, model: type[Model], stem: str) -> str:
    async def in_use() -> int:
        existing = model.filter(reference__startswith=stem).values_list("reference", flat=True)
        return highest(await existing)

    return f"{stem}{await next_number(scope, year, in_use):03d}"


async def decision_reference(body_id: int, prefix: str, year: int) -> str:
    """The next SC-2026-007 of a committee's register."""
    return await _drawn(f"decision:{body_id}", year, Decision, f"{prefix}-{year}-")


async def recommendation_reference(board_id: int, prefix: str, year: int) -> str:
    """The next PAB-R-2026-003 of an advisory board."""
    return await _drawn(f"recommendation:{board_id}", year, Recommendation, f"{prefix}-R-{year}-")


async def action_plan_reference(body_id: int, prefix: str, year: int) -> str:
    """The next CF-AP-2026-001 of a committee's action plans."""
    return await _drawn(f"action_plan:{body_id}", year, ActionPlan, f"{prefix}-AP-{year}-")
