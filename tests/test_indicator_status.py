"""The status rule of PRODUCT.md ("Indicators and action plans"), case by case.

Baseline 2025-01-01, target 2027-01-01 (730 days): a measurement ending 2026-01-01 is
365/730 = 0.5 of the way, so 0.5 progress is expected of it."""

from __future__ import annotations

from datetime import date

import pytest

from governance.enums import IndicatorDirection, IndicatorStatus
from governance.errors import BadInput
from governance.indicators import assess, check_definition

D = IndicatorDirection
S = IndicatorStatus
BASE, TARGET = date(2025, 1, 1), date(2027, 1, 1)
HALF = date(2026, 1, 1)  # expected 0.5
LATE = date(2027, 6, 30)  # after the target date: expected clamped to 1
EARLY = date(2024, 6, 30)  # before the baseline date: expected clamped to 0

# (name, direction, baseline, baseline date, target, target date, latest, period end,
#  status, progress)
CASES = [
    ("no measurement", D.INCREASE, 40, BASE, 50, TARGET, None, None, S.NO_DATA, None),
    ("maintain, no measurement", D.MAINTAIN, None, None, 95, None, None, None, S.NO_DATA, None),
    # INCREASE, halfway through: 0.5 expected.
    ("increase on track", D.INCREASE, 40, BASE, 50, TARGET, 45, HALF, S.ON_TRACK, 0.5),
    ("increase at -0.10, on track", D.INCREASE, 40, BASE, 50, TARGET, 44, HALF, S.ON_TRACK, 0.4),
    ("increase below -0.10, at risk", D.INCREASE, 40, BASE, 50, TARGET, 43.9, HALF, S.AT_RISK, 0.39),
    ("increase at -0.25, at risk", D.INCREASE, 40, BASE, 50, TARGET, 42.5, HALF, S.AT_RISK, 0.25),
    ("increase below -0.25, off", D.INCREASE, 40, BASE, 50, TARGET, 42.4, HALF, S.OFF_TRACK, 0.24),
    ("increase falling, off", D.INCREASE, 40, BASE, 50, TARGET, 38, HALF, S.OFF_TRACK, -0.2),
    ("increase achieved early", D.INCREASE, 40, BASE, 50, TARGET, 50, HALF, S.ACHIEVED, 1.0),
    ("increase beyond target", D.INCREASE, 40, BASE, 50, TARGET, 55, LATE, S.ACHIEVED, 1.5),
    # After the target date the whole target is expected.
    ("increase late at 0.9", D.INCREASE, 40, BASE, 50, TARGET, 49, LATE, S.ON_TRACK, 0.9),
    ("increase late at 0.8", D.INCREASE, 40, BASE, 50, TARGET, 48, LATE, S.AT_RISK, 0.8),
    ("increase late at 0.7", D.INCREASE, 40, BASE, 50, TARGET, 47, LATE, S.OFF_TRACK, 0.7),
    # Before the baseline date nothing is expected yet.
    ("increase before baseline", D.INCREASE, 40, BASE, 50, TARGET, 39, EARLY, S.ON_TRACK, -0.1),
    # DECREASE: non-revenue water from 40% to 30%.
    ("decrease on track", D.DECREASE, 40, BASE, 30, TARGET, 35, HALF, S.ON_TRACK, 0.5),
    ("decrease at risk", D.DECREASE, 40, BASE, 30, TARGET, 37, HALF, S.AT_RISK, 0.3),
    ("decrease off track", D.DECREASE, 40, BASE, 30, TARGET, 41, HALF, S.OFF_TRACK, -0.1),
    ("decrease achieved", D.DECREASE, 40, BASE, 30, TARGET, 29, LATE, S.ACHIEVED, 1.1),
    ("decrease late", D.DECREASE, 40, BASE, 30, TARGET, 32, LATE, S.AT_RISK, 0.8),
    # Without a baseline date: judged against the whole target.
    ("no baseline date", D.INCREASE, 40, None, 50, TARGET, 48, HALF, S.AT_RISK, 0.8),
    ("no baseline date, reached", D.INCREASE, 40, None, 50, TARGET, 50, HALF, S.ACHIEVED, 1.0),
    # Without a baseline: no progress; reached or not.
    ("no baseline, short", D.INCREASE, None, None, 50, TARGET, 45, HALF, S.OFF_TRACK, None),
    ("no baseline, reached", D.DECREASE, None, None, 30, TARGET, 30, HALF, S.ACHIEVED, None),
    # MAINTAIN: within 5% of |target|, progress null.
    ("maintain within 5%", D.MAINTAIN, None, None, 95, None, 90.25, HALF, S.ON_TRACK, None),
    ("maintain beyond 5%", D.MAINTAIN, None, None, 95, None, 90.2, HALF, S.OFF_TRACK, None),
    ("maintain above, within", D.MAINTAIN, 90, BASE, 95, TARGET, 99.75, LATE, S.ON_TRACK, None),
    ("maintain negative target", D.MAINTAIN, None, None, -20, None, -21, HALF, S.ON_TRACK, None),
    ("maintain negative, off", D.MAINTAIN, None, None, -20, None, -21.5, HALF, S.OFF_TRACK, None),
    ("maintain at 0, within", D.MAINTAIN, None, None, 0, None, 0.05, HALF, S.ON_TRACK, None),
    ("maintain at 0, below", D.MAINTAIN, None, None, 0, None, -0.05, HALF, S.ON_TRACK, None),
    ("maintain at 0, beyond", D.MAINTAIN, None, None, 0, None, 0.06, HALF, S.OFF_TRACK, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("direction", "baseline", "baseline_date", "target", "target_date", "latest", "end",
     "status", "progress"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)  # fmt: skip
def test_status_rule(
    direction, baseline, baseline_date, target, target_date, latest, end, status, progress
):
    result = assess(
        direction=direction,
        baseline=baseline,
        baseline_date=baseline_date,
        target=target,
        target_date=target_date,
        latest=latest,
        latest_period_end=end,
    )
    assert result.status == status
    if progress is None:
        assert result.progress is None
    else:
        assert result.progress == pytest.approx(progress)


def test_expected_is_clamped_and_proportional():
    common = {"direction": D.INCREASE, "baseline": 0, "target": 100}
    dates = {"baseline_date": BASE, "target_date": TARGET}
    assert assess(**common, **dates, latest=1, latest_period_end=EARLY).expected == 0
    assert assess(**common, **dates, latest=1, latest_period_end=HALF).expected == 0.5
    assert assess(**common, **dates, latest=1, latest_period_end=LATE).expected == 1


DEFINITIONS = [
    ({"direction": D.INCREASE, "baseline": None, "baseline_date": BASE}, "missing: baseline"),
    ({"direction": D.DECREASE, "baseline_date": None}, "missing: baselineDate"),
    ({"direction": D.INCREASE, "target_date": None}, "missing: targetDate"),
    ({"direction": D.INCREASE, "target": 40}, "target must be above its baseline"),
    ({"direction": D.DECREASE, "target": 50}, "target must be below its baseline"),
    ({"direction": D.INCREASE, "target_date": BASE}, "targetDate must come after baselineDate"),
    ({"direction": D.MAINTAIN, "target_date": date(2024, 1, 1)}, "targetDate must come after"),
    ({"direction": D.INCREASE, "target": float("nan")}, "target must be a number"),
    ({"direction": D.INCREASE, "baseline": 1e16}, "baseline must be a number"),
]


@pytest.mark.parametrize(("changes", "message"), DEFINITIONS)
def test_definitions_the_rule_cannot_judge_are_refused(changes, message):
    valid = {
        "direction": D.INCREASE,
        "baseline": 40.0,
        "baseline_date": BASE,
        "target": 50.0,
        "target_date": TARGET,
    }
    check_definition(**valid)
    with pytest.raises(BadInput, match=message):
        check_definition(**{**valid, **changes})


def test_maintain_needs_only_its_target():
    check_definition(
        direction=D.MAINTAIN, baseline=None, baseline_date=None, target=95, target_date=None
    )
