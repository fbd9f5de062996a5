"""Indicators: the list (status badges, a sparkline each), an indicator's page (its chart
against the line from baseline to target, the figures as a table, the form to record
one), and defining a new one. Statuses come from governance.indicators alone."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from starlette.datastructures import FormData
from starlette.responses import Response

from governance import indicators, results, validation
from governance.enums import (
    Classification,
    IndicatorDirection,
    IndicatorFrequency,
    IndicatorStatus,
)
from governance.errors import BadInput, Conflict, Phrase
from governance.guards import found
from governance.models import ActionPlan, Agreement, Body, Indicator, Measurement
from permissions import visible
from permissions.viewer import today
from schema.keyset import Order
from server.admin import charts, forms
from server.admin.dashboard import bodies_by_id
from server.admin.pages import Admin, refused
from server.admin.paging import page_of

PAGE = "admin/indicator.html"
LIST = "admin/indicators.html"


def value(form: FormData, name: str, label: str) -> float:
    """A figure as typed: 12.5, -3, 1e3; a comma for the decimal point is read as one."""
    text = forms.text(form, name).strip().replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        raise BadInput("Enter %(label)s as a number.", label=Phrase(label)) from None
    if not math.isfinite(number):
        raise BadInput("Enter %(label)s as a number.", label=Phrase(label))
    return number


def optional_value(form: FormData, name: str, label: str) -> float | None:
    return value(form, name, label) if forms.text(form, name).strip() else None


async def sparklines(shown: list[Indicator]) -> dict[int, charts.Sparkline]:
    """Each listed indicator's trend, from one statement whatever the list's length."""
    by_indicator: dict[int, list[Measurement]] = defaultdict(list)
    rows = Measurement.filter(indicator_id__in=[i.id for i in shown]).order_by(
        "indicator_id", "period_end", "id"
    )
    for measurement in await rows if shown else []:
        by_indicator[measurement.indicator_id].append(measurement)
    return {i.id: charts.sparkline(by_indicator[i.id], i.unit) for i in shown}


async def _creatable(admin: Admin, bodies: dict[int, Body]) -> list[Body]:
    committees = [b for b in bodies.values() if not b.is_advisory]
    return sorted(await admin.allowed("create", "indicator", on=committees), key=lambda b: b.name)


async def index_context(admin: Admin) -> dict[str, Any]:
    viewer = admin.viewer
    params = admin.request.query_params
    bodies = await bodies_by_id()
    queryset = visible(viewer, Indicator)
    committee = validation.row_id(params.get("committee"))
    if committee is not None:
        queryset = queryset.filter(body_id=committee)
    status = params.get("status", "")
    page = None
    if status in IndicatorStatus.__members__:
        # A status is the rule's answer, not a column: every indicator of the committee
        # filter is assessed (two statements) and the list kept whole, never cut.
        shown = list(await queryset.order_by("code", "id"))
        assessed = await indicators.assessments(shown)
        shown = [i for i in shown if assessed[i.id].status == status]
    else:
        status = ""
        page = await page_of(admin, queryset, Order("code"), route="indicators")
        shown = page.rows
        assessed = await indicators.assessments(shown)
    creatable = await _creatable(admin, bodies)
    return {
        "section": "indicators",
        "indicators": shown,
        "page": page,
        "assessed": assessed,
        "sparklines": await sparklines(shown),
        "bodies": bodies,
        "committees": sorted(
            (b for b in bodies.values() if not b.is_advisory), key=lambda b: b.name
        ),
        "creatable": creatable,
        "agreements": await visible(viewer, Agreement).order_by("reference") if creatable else [],
        "filters": {"committee": committee, "status": status},
        "today": today(),
    }


async def index(admin: Admin) -> Response:
    return admin.render(LIST, await index_context(admin))


async def create(admin: Admin) -> Response:
    form = await admin.form()
    indicator = await results.create_indicator(
        admin.viewer,
        body_id=forms.number(form, "body_id", "the committee"),
        code=forms.text(form, "code"),
        name=forms.text(form, "name"),
        description=forms.optional(form, "description"),
        unit=forms.text(form, "unit"),
        direction=forms.choice(form, "direction", IndicatorDirection, "the direction"),
        frequency=forms.choice(form, "frequency", IndicatorFrequency, "the frequency"),
        baseline=optional_value(form, "baseline", "the baseline"),
        baseline_date=forms.optional_day(form, "baseline_date", "the baseline's date"),
        target=value(form, "target", "the target"),
        target_date=forms.optional_day(form, "target_date", "the target date"),
        classification=forms.choice(form, "classification", Classification),
        agreement_id=forms.optional_number(form, "agreement_id", "the agreement"),
    )
    return admin.go(admin.url("indicator", indicator_id=indicator.id))


async def indicator_context(
    admin: Admin, indicator_id: int, entered: dict[str, str] | None = None
) -> dict[str, Any]:
    viewer = admin.viewer
    indicator = await found(visible(viewer, Indicator), indicator_id, "indicator")
    measurements = list(
        await Measurement.filter(indicator_id=indicator.id).order_by("period_end", "id")
    )
    status = (await indicators.assessments([indicator]))[indicator.id]
    return {
        "section": "indicators",
        "indicator": indicator,
        "body": await Body.get(id=indicator.body_id),
        "agreement": await visible(viewer, Agreement).filter(id=indicator.agreement_id).first()
        if indicator.agreement_id
        else None,
        "status": status,
        "chart": charts.chart(indicator, measurements, status),
        "rows": charts.rows(indicator, measurements),
        "plans": await visible(viewer, ActionPlan)
        .filter(indicators__id=indicator.id)
        .order_by("-period_start", "-id"),
        "may_record": await admin.can("record_measurement", indicator),
        "may_name": indicator.classification == Classification.RESTRICTED
        and await admin.can("manage", "access_grant", on=indicator),
        "entered": entered or {},
        "form_error": None,
        "today": today(),
    }


async def show(admin: Admin) -> Response:
    return admin.render(PAGE, await indicator_context(admin, admin.path_id("indicator_id")))


async def record(admin: Admin) -> Response:
    """A figure for a period; a second one for the same period is refused in the form."""
    indicator_id = admin.path_id("indicator_id")
    form = await admin.form()
    try:
        measurement = await results.record_measurement(
            admin.viewer,
            indicator_id=indicator_id,
            period_start=forms.day(form, "period_start", "the period's first day"),
            period_end=forms.day(form, "period_end", "the period's last day"),
            value=value(form, "value", "the value"),
            note=forms.optional(form, "note"),
            source=forms.optional(form, "source"),
        )
    except (Conflict, BadInput) as error:
        # Said beside the fields, with what was typed kept, rather than at the page's top.
        fields = ("period_start", "period_end", "value", "note", "source")
        context = await indicator_context(
            admin, indicator_id, {name: forms.text(form, name) for name in fields}
        )
        context["form_error"] = refused(error)
        return admin.render(
            PAGE, context, fragment="content", status=409 if isinstance(error, Conflict) else 400
        )
    indicator = await Indicator.get(id=indicator_id)
    return await admin.done(
        PAGE,
        lambda: indicator_context(admin, indicator_id),
        fragment="content",
        redirect=admin.url("indicator", indicator_id=indicator_id) + "#measurements",
        message=f"Recorded {charts.figure(measurement.value, indicator.unit)} for "
        f"{measurement.period_start.isoformat()} to {measurement.period_end.isoformat()}.",
    )
