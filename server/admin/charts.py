"""The admin's charts, drawn on the server as SVG (templates/admin/_charts.html): readable
without JavaScript, with a title, a description and, beside each, a table of the figures.

This module only places things: every status, progress and expected share it shows comes
from governance.indicators (the status rule), asked as the API and the exports ask it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from governance import clock, indicators
from governance.enums import IndicatorDirection
from governance.indicators import Assessment
from governance.models import Indicator, Measurement
from server.i18n import date_format, ngettext, number
from server.i18n import gettext as _
from server.labels import label

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 40  # room for the axes' labels
SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 96, 24, 3
TICKS = 4


def figure(value: float | None, unit: str = "") -> str:
    """A measured value as the reader's language writes it, with no trailing zero:
    12.5 %, 1,200 m³ / 12,5 %, 1 200 m³; the unit never wraps away from it."""
    if value is None:
        return ""
    text = number(value)
    return f"{text}\u00a0{unit}" if unit else text


def share(value: float | None) -> str:
    """A progress or an expected share as a percentage: 0.45 → 45 %."""
    return "" if value is None else f"{number(round(value * 100))}\u00a0%"


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str  # what a screen reader and a hover say of it


@dataclass(frozen=True)
class Tick:
    at: float  # the pixel position on its axis
    label: str


@dataclass(frozen=True)
class Sparkline:
    width: int
    height: int
    points: str  # an SVG polyline's points
    last: Point | None
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: int  # the plot's right edge
    top: int
    bottom: int  # the plot's bottom edge
    title: str
    desc: str
    measured: str  # the polyline of the measurements
    dots: list[Point]
    expected: str  # the baseline-to-target line (or the target, for MAINTAIN)
    expected_label: str
    y_ticks: list[Tick]
    x_ticks: list[Tick]


@dataclass(frozen=True)
class Row:
    """One line of a chart's table: a measurement, and the status it gave when it was
    the latest (the rule asked of it)."""

    measurement: Measurement
    status: Assessment


def sparkline(measurements: Sequence[Measurement], unit: str = "") -> Sparkline:
    """The measurements (oldest first) as a small trend line, its own scale."""
    width, height, pad = SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD
    if not measurements:
        return Sparkline(width, height, "", None, _("No measurements yet"))
    values = [m.value for m in measurements]
    low, high = min(values), max(values)
    span = high - low or 1.0
    step = (width - 2 * pad) / max(1, len(values) - 1)
    points = [
        Point(
            pad + index * step if len(values) > 1 else width / 2,
            height - pad - (value - low) / span * (height - 2 * pad) if high != low else height / 2,
            figure(value, unit),
        )
        for index, value in enumerate(values)
    ]
    first, last = measurements[0], measurements[-1]
    label = ngettext(
        "%(count)s measurement, from %(first)s (%(first_day)s) to %(last)s (%(last_day)s)",
        "%(count)s measurements, from %(first)s (%(first_day)s) to %(last)s (%(last_day)s)",
        len(values),
    ) % {
        "count": len(values),
        "first": figure(first.value, unit),
        "first_day": date_format(first.period_end),
        "last": figure(last.value, unit),
        "last_day": date_format(last.period_end),
    }
    return Sparkline(width, height, _polyline(points), points[-1], label)


def rows(indicator: Indicator, measurements: Sequence[Measurement]) -> list[Row]:
    """Each measurement with the status the rule gives it as the latest one."""
    return [Row(m, indicators.assess_indicator(indicator, m)) for m in measurements]


def _expected_line(indicator: Indicator, start: date, end: date) -> list[tuple[date, float]]:
    """Where the indicator should be, from the rule's expected share at a few days: the
    ends of the chart and the baseline and target dates (the share is straight between)."""
    if indicator.direction == IndicatorDirection.MAINTAIN or indicator.baseline is None:
        return [(start, indicator.target), (end, indicator.target)]
    days = sorted(
        {start, end}
        | {d for d in (indicator.baseline_date, indicator.target_date) if d and start <= d <= end}
    )
    baseline, target = indicator.baseline, indicator.target
    return [
        (
            day,
            baseline
            + indicators.expected_share(indicator.baseline_date, indicator.target_date, day)
            * (target - baseline),
        )
        for day in days
    ]


def chart(indicator: Indicator, measurements: Sequence[Measurement], status: Assessment) -> Chart:
    """The measurements (oldest first) against the line from baseline to target."""
    unit = indicator.unit
    days = [m.period_end for m in measurements]
    days += [d for d in (indicator.baseline_date, indicator.target_date) if d]
    if not days:
        days = [clock.today()]
    start, end = min(days), max(days)
    if end == start:
        end = date.fromordinal(start.toordinal() + 1)
    line = _expected_line(indicator, start, end)
    values = [m.value for m in measurements] + [value for _, value in line]
    low, high = min(values), max(values)
    pad = (high - low) * 0.1 or abs(high) * 0.1 or 1.0
    low, high = low - pad, high + pad
    plot_right, plot_bottom = WIDTH - RIGHT, HEIGHT - BOTTOM

    def x(day: date) -> float:
        return LEFT + (day - start).days / (end - start).days * (plot_right - LEFT)

    def y(value: float) -> float:
        return plot_bottom - (value - low) / (high - low) * (plot_bottom - TOP)

    dots = [
        Point(
            x(m.period_end),
            y(m.value),
            _("%(start)s to %(end)s: %(value)s")
            % {
                "start": date_format(m.period_start),
                "end": date_format(m.period_end),
                "value": figure(m.value, unit),
            },
        )
        for m in measurements
    ]
    expected = [Point(x(day), y(value), "") for day, value in line]
    y_ticks = [
        Tick(y(low + (high - low) * i / TICKS), figure(low + (high - low) * i / TICKS))
        for i in range(TICKS + 1)
    ]
    x_ticks = [Tick(x(start), date_format(start)), Tick(x(end), date_format(end))]
    maintain = indicator.direction == IndicatorDirection.MAINTAIN
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=plot_right,
        top=TOP,
        bottom=plot_bottom,
        title=(
            _("%(code)s: %(name)s, measured against its target")
            if maintain
            else _("%(code)s: %(name)s, measured against the line from baseline to target")
        )
        % {"code": indicator.code, "name": indicator.name},
        desc=describe(indicator, measurements, status),
        measured=_polyline(dots),
        dots=dots,
        expected=_polyline(expected),
        expected_label=_("Target") if maintain else _("Expected (baseline to target)"),
        y_ticks=y_ticks,
        x_ticks=x_ticks,
    )


def describe(indicator: Indicator, measurements: Sequence[Measurement], status: Assessment) -> str:
    unit = indicator.unit
    parts = []
    baseline = figure(indicator.baseline, unit)
    if indicator.baseline is not None and indicator.baseline_date:
        day = date_format(indicator.baseline_date)
        parts.append(_("Baseline %(value)s on %(day)s.") % {"value": baseline, "day": day})
    elif indicator.baseline is not None:
        parts.append(_("Baseline %(value)s.") % {"value": baseline})
    target = figure(indicator.target, unit)
    if indicator.target_date:
        day = date_format(indicator.target_date)
        parts.append(_("Target %(value)s by %(day)s.") % {"value": target, "day": day})
    else:
        parts.append(_("Target %(value)s.") % {"value": target})
    if measurements:
        last = measurements[-1]
        parts.append(
            ngettext(
                "%(count)s measurement; the latest %(value)s for the period ending %(day)s.",
                "%(count)s measurements; the latest %(value)s for the period ending %(day)s.",
                len(measurements),
            )
            % {
                "count": len(measurements),
                "value": figure(last.value, unit),
                "day": date_format(last.period_end),
            }
        )
    else:
        parts.append(_("No measurements yet."))
    parts.append(_("Status: %(status)s.") % {"status": label(status.status).lower()})
    if status.progress is not None:
        parts.append(
            _("Progress %(progress)s (expected %(expected)s).")
            % {"progress": share(status.progress), "expected": share(status.expected)}
        )
    return " ".join(parts)


def _polyline(points: Sequence[Point]) -> str:
    return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in points)
