"""A history replayed in the order it happened, each step with the clock set to its moment.

Steps are written down first (in any order), then run sorted by their moment, so that
whatever the services number or date (references, decision dates, ballots opened and
closed, the audit trail) comes out as it would have, had it all been entered on the day.
Nothing is dated after the moment the replay started: a step planned later today runs
then, at that moment.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, time, timedelta

from governance import clock

Step = Callable[[], Awaitable[object]]


class Timeline:
    def __init__(self) -> None:
        self.started = clock.now()
        self.today = self.started.date()
        self._steps: list[tuple[datetime, int, Step]] = []

    def day(self, offset: int) -> date:
        """A day counted from today (-1 is yesterday)."""
        return self.today + timedelta(days=offset)

    def at(self, offset: int, hour: int = 9, minute: int = 0) -> datetime:
        return datetime.combine(self.day(offset), time(hour, minute), tzinfo=UTC)

    def add(self, moment: datetime, step: Step) -> None:
        self._steps.append((moment, len(self._steps), step))

    async def run(self) -> None:
        # Same moment: in the order they were added.
        for moment, _, step in sorted(self._steps, key=lambda entry: entry[:2]):
            with clock.set_to(min(moment, self.started)):
                await step()
