"""The portal's agreement pages and its public indicators (PRODUCT.md, "Language, time, the
public portal"), read as the anonymous public reads them (permissions.ANONYMOUS). The
indicators' statuses come from the one status rule (governance.indicators) and their
charts from the admin's (server.admin.charts, templates/admin/_charts.html)."""

from __future__ import annotations

from starlette.requests import Request

from governance import indicators as status_rule
from governance.errors import NotFound
from governance.models import (
    Agreement,
    AgreementParty,
    Commitment,
    Decision,
    FocusArea,
    Indicator,
    Measurement,
)
from permissions import ANONYMOUS, visible
from server.admin import charts
from server.portal.rendering import Shown, page, papers

MAX_REFERENCE = 64


@page
async def agreement_page(request: Request) -> Shown:
    """A public agreement: its parties and their commitments, focus areas, governing
    committee, and the public decisions, indicators and papers that belong to it."""
    reference = request.path_params["reference"]
    agreement = None
    if len(reference) <= MAX_REFERENCE:
        agreement = (
            await visible(ANONYMOUS, Agreement)
            .filter(reference=reference)
            .select_related("governing_body")
            .first()
        )
    if agreement is None:
        raise NotFound("agreement")
    parties = (
        await visible(ANONYMOUS, AgreementParty)
        .filter(agreement_id=agreement.id)
        .select_related("organization")
        .order_by("role", "id")
    )
    commitments = (
        await visible(ANONYMOUS, Commitment)
        .filter(agreement_id=agreement.id)
        .select_related("party")
        .order_by("due_date", "id")
    )
    areas = await visible(ANONYMOUS, FocusArea).filter(agreements__id=agreement.id).order_by("name")
    decisions = (
        await visible(ANONYMOUS, Decision)
        .filter(agreement_id=agreement.id)
        .order_by("-decided_on", "-id")
    )
    measured = (
        await visible(ANONYMOUS, Indicator).filter(agreement_id=agreement.id).order_by("code")
    )
    return Shown(
        "public/agreement.html",
        {
            "agreement": agreement,
            "body": agreement.governing_body,
            "parties": parties,
            "commitments": commitments,
            "focus_areas": areas,
            "decisions": decisions,
            "indicators": measured,
            "documents": await papers(agreement_id=agreement.id),
        },
    )


@page
async def indicators_page(request: Request) -> Shown:
    """Every public indicator, its status by the one rule, and a chart of its measurements
    against the line from baseline to target, with the figures as a table: two statements
    whatever the number of indicators."""
    shown = await visible(ANONYMOUS, Indicator).select_related("body").order_by("code", "id")
    measured: dict[int, list[Measurement]] = {indicator.id: [] for indicator in shown}
    rows = (
        await visible(ANONYMOUS, Measurement)
        .filter(indicator_id__in=sorted(measured))
        .order_by("period_end", "id")
    )
    for measurement in rows:
        measured[measurement.indicator_id].append(measurement)
    figures = []
    for indicator in shown:
        measurements = measured[indicator.id]
        # The latest is the last by (period end, id): status_rule.latest_measurements' choice.
        status = status_rule.assess_indicator(indicator, measurements[-1] if measurements else None)
        figures.append(
            {
                "indicator": indicator,
                "status": status,
                "chart": charts.chart(indicator, measurements, status),
                "rows": charts.rows(indicator, measurements),
            }
        )
    return Shown("public/indicators.html", {"figures": figures})
