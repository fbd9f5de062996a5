"""An indicator's status and progress, computed here and nowhere else (PRODUCT.md,
"Indicators and action plans"): the API, the admin, the exports and the charts all ask
`assess`, so a figure never reads ON_TRACK in one place and AT_RISK in another.

From the latest measurement (the one with the latest period end):

- NO_DATA without a measurement.
- INCREASE/DECREASE: progress = (latest - baseline) / (target - baseline) and
  expected = (latest.periodEnd - baselineDate) / (targetDate - baselineDate), clamped to
  0..1. ACHIEVED when progress ≥ 1; ON_TRACK when progress ≥ expected - 0.10; AT_RISK
  when progress ≥ expected - 0.25; else OFF_TRACK.
- MAINTAIN: ON_TRACK when |latest - target| ≤ 5% of |target| (≤ 0.05 at a target of 0),
  else OFF_TRACK; progress is null.

Boundaries are inclusive, to within floating-point rounding (`SLACK`): 0.4 measured
against 0.5 expected is ON_TRACK, however the subtraction rounds.

Where the definition is incomplete (rows made before the rules, since the services
refuse such definitions): without either date nothing says how far along the
indicator should be, so it is judged against the whole target (expected = 1); without a
baseline, or with the target equal to it, progress is null and the status is ACHIEVED
once the target is reached in the indicator's direction, else OFF_TRACK.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from tortoise.functions import Max

from governance import validation
from governance.enums import IndicatorDirection, IndicatorStatus
from governance.errors import BadInput
from governance.models import Indicator, Measurement

ON_TRACK_MARGIN = 0.10
AT_RISK_MARGIN = 0.25
MAINTAIN_TOLERANCE = 0.05  # a share of |target|, or an absolute margin at a target of 0
SLACK = 1e-9

Direction = IndicatorDirection
Status = IndicatorStatus


@dataclass(frozen=True)
class Assessment:
    status: IndicatorStatus
    progress: float | None  # null for MAINTAIN, without data, or when it cannot be computed
    expected: float | None = None  # where an INCREASE/DECREASE indicator should be by now
    # The measurement judged (assess_indicator sets it): its value and period go with the
    # status they gave, read once, so a figure recorded meanwhile cannot split them.
    latest: Measurement | None = None


def expected_share(baseline_date: date | None, target_date: date | None, on: date) -> float:
    """How far from baseline to target the indicator should be on `on`, from 0 to 1."""
    if baseline_date is None or target_date is None or target_date <= baseline_date:
        return 1.0
    share = (on - baseline_date).days / (target_date - baseline_date).days
    return min(1.0, max(0.0, share))


def progress_of(
    direction: IndicatorDirection, baseline: float | None, target: float, latest: float
) -> float | None:
    if direction == Direction.MAINTAIN or baseline is None or target == baseline:
        return None
    return (latest - baseline) / (target - baseline)


def assess(
    *,
    direction: IndicatorDirection,
    baseline: float | None,
    baseline_date: date | None,
    target: float,
    target_date: date | None,
    latest: float | None,
    latest_period_end: date | None,
) -> Assessment:
    """The status rule. `latest` is None when nothing was measured."""
    if latest is None or latest_period_end is None:
        return Assessment(Status.NO_DATA, None)
    if direction == Direction.MAINTAIN:
        margin = MAINTAIN_TOLERANCE * abs(target) if target != 0 else MAINTAIN_TOLERANCE
        near = abs(latest - target) <= margin + SLACK
        return Assessment(Status.ON_TRACK if near else Status.OFF_TRACK, None)
    progress = progress_of(direction, baseline, target, latest)
    if progress is None:
        reached = latest >= target if direction == Direction.INCREASE else latest <= target
        return Assessment(Status.ACHIEVED if reached else Status.OFF_TRACK, None)
    expected = expected_share(baseline_date, target_date, latest_period_end)
    if progress >= 1 - SLACK:
        status = Status.ACHIEVED
    elif progress >= expected - ON_TRACK_MARGIN - SLACK:
        status = Status.ON_TRACK
    elif progress >= expected - AT_RISK_MARGIN - SLACK:
        status = Status.AT_RISK
    else:
        status = Status.OFF_TRACK
    return Assessment(status, progress, expected)


def assess_indicator(indicator: Indicator, latest: Measurement | None) -> Assessment:
    return replace(_assess_row(indicator, latest), latest=latest)


def _assess_row(indicator: Indicator, latest: Measurement | None) -> Assessment:
    return assess(
        direction=indicator.direction,
        baseline=indicator.baseline,
        baseline_date=indicator.baseline_date,
        target=indicator.target,
        target_date=indicator.target_date,
        latest=None if latest is None else latest.value,
        latest_period_end=None if latest is None else latest.period_end,
    )


async def latest_measurements(indicator_ids: Sequence[int]) -> dict[int, Measurement]:
    """Each indicator's latest measurement (latest period end; of two ending the same day,
    the one recorded last), in two statements whatever the number of indicators."""
    ids = sorted(set(indicator_ids))
    if not ids:
        return {}
    ends = (
        await Measurement.filter(indicator_id__in=ids)
        .annotate(last=Max("period_end"))
        .group_by("indicator_id")
        .values_list("indicator_id", "last")
    )
    last = dict(ends)
    if not last:
        return {}
    rows = await Measurement.filter(
        indicator_id__in=sorted(last), period_end__in=sorted(set(last.values()))
    ).order_by("id")
    found: dict[int, Measurement] = {}
    for row in rows:
        if row.period_end == last.get(row.indicator_id):
            found[row.indicator_id] = row  # ordered by id: the one recorded last wins
    return found


async def assessments(indicators: Sequence[Indicator]) -> dict[int, Assessment]:
    """Each indicator's status and progress, for a list in two statements."""
    latest = await latest_measurements([indicator.id for indicator in indicators])
    return {
        indicator.id: assess_indicator(indicator, latest.get(indicator.id))
        for indicator in indicators
    }


def check_definition(
    *,
    direction: IndicatorDirection,
    baseline: float | None,
    baseline_date: date | None,
    target: float,
    target_date: date | None,
) -> None:
    """BAD_INPUT unless the rule above can judge the indicator: INCREASE and DECREASE need
    a baseline (value and date) and a target (value and date) on the right side of it;
    MAINTAIN needs the target (which the type requires); a target date after the baseline's."""
    for value, field in ((baseline, "baseline"), (target, "target")):
        if value is not None:
            validation.figure(value, field)
    if direction != Direction.MAINTAIN:
        missing = [
            name
            for name, value in (
                ("baseline", baseline),
                ("baselineDate", baseline_date),
                ("targetDate", target_date),
            )
            if value is None
        ]
        if missing:
            raise BadInput(
                "An %(direction)s indicator needs a baseline (value and date) and a "
                "target (value and date); missing: %(missing)s.",
                direction=direction.value,
                missing=", ".join(missing),
            )
        if direction == Direction.INCREASE and baseline is not None and not target > baseline:
            raise BadInput("An INCREASE indicator's target must be above its baseline.")
        if direction == Direction.DECREASE and baseline is not None and not target < baseline:
            raise BadInput("A DECREASE indicator's target must be below its baseline.")
    if baseline_date is not None and target_date is not None and target_date <= baseline_date:
        raise BadInput("targetDate must come after baselineDate.")
