"""Indicators and their measurements (PRODUCT.md, "Indicators and action plans"): a
committee defines what it reports on, and its officers, or the parties to the
indicator's agreement, record the figures. The status rule: governance.indicators."""

from __future__ import annotations

from datetime import date

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from governance import audit, clock, validation
from governance.decisions import committee
from governance.enums import Classification, IndicatorDirection, IndicatorFrequency
from governance.errors import N_, BadInput, Conflict, NotFound, Phrase
from governance.guards import described, found, name_creator, signed_in
from governance.indicators import check_definition
from governance.models import Agreement, FocusArea, Indicator, Measurement
from governance.webhooks import WebhookEvent, emit
from permissions import Viewer, require, visible


async def create_indicator(
    viewer: Viewer,
    *,
    body_id: int,
    code: str,
    name: str,
    description: str | None,
    unit: str,
    direction: IndicatorDirection,
    frequency: IndicatorFrequency,
    baseline: float | None,
    baseline_date: date | None,
    target: float,
    target_date: date | None,
    classification: Classification,
    agreement_id: int | None = None,
    focus_area_id: int | None = None,
) -> Indicator:
    actor = signed_in(viewer)
    code = validation.reference(code, "code")
    name = validation.text(name, "name", validation.TITLE)
    description = validation.optional_text(
        description, "description", validation.LONG_TEXT, multiline=True
    )
    unit = validation.text(unit, "unit", validation.UNIT)
    body = await committee(body_id)
    await require(
        viewer,
        "create",
        "indicator",
        on=body,
        message=Phrase(
            "Only the chair or secretary of %(body)s defines its indicators.", body=body.name
        ),
    )
    check_definition(
        direction=direction,
        baseline=baseline,
        baseline_date=baseline_date,
        target=target,
        target_date=target_date,
    )
    if agreement_id is not None:
        await found(visible(viewer, Agreement), agreement_id, "agreement")
    if focus_area_id is not None and not await FocusArea.exists(id=focus_area_id):
        raise NotFound("No focus area with that id.")
    # One answer whether a visible or a hidden indicator holds the code ("Trust").
    if await Indicator.exists(code=code):
        raise BadInput(validation.UNUSABLE_REFERENCE)
    try:
        async with in_transaction():
            indicator = await Indicator.create(
                code=code,
                name=name,
                description=description,
                unit=unit,
                direction=direction,
                frequency=frequency,
                baseline=baseline,
                baseline_date=baseline_date,
                target=target,
                target_date=target_date,
                body_id=body.id,
                agreement_id=agreement_id,
                focus_area_id=focus_area_id,
                classification=classification,
                created_by_id=actor,
                created_at=clock.now(),
            )
            await name_creator(viewer, "indicator", indicator.id, classification)
            await audit.record(
                actor,
                "indicator.create",
                f"Defined {code}: " + described("indicator", name, classification, body.name),
                "indicator",
                indicator.id,
            )
    except IntegrityError:  # a racing creation took the code first
        raise BadInput(validation.UNUSABLE_REFERENCE) from None
    return indicator


async def record_measurement(
    viewer: Viewer,
    *,
    indicator_id: int,
    period_start: date,
    period_end: date,
    value: float,
    note: str | None = None,
    source: str | None = None,
) -> Measurement:
    actor = signed_in(viewer)
    indicator = await found(visible(viewer, Indicator), indicator_id, "indicator")
    await require(
        viewer,
        "record_measurement",
        indicator,
        message=N_(
            "Only the owning committee's chair or secretary, or the parties to the "
            "indicator's agreement, record its figures."
        ),
    )
    validation.ordered(period_start, period_end, N_("period"))
    value = validation.figure(value, "value")
    note = validation.optional_text(note, "note", validation.SHORT_TEXT, multiline=True)
    source = validation.optional_text(source, "source", validation.SOURCE)
    period = f"{period_start.isoformat()}..{period_end.isoformat()}"
    repeated = Conflict(
        "%(indicator)s already has a measurement for %(period)s; one figure per period.",
        indicator=indicator.code,
        period=period,
    )
    if await Measurement.exists(
        indicator_id=indicator.id, period_start=period_start, period_end=period_end
    ):
        raise repeated
    try:
        async with in_transaction():
            measurement = await Measurement.create(
                indicator_id=indicator.id,
                period_start=period_start,
                period_end=period_end,
                value=value,
                note=note,
                source=source,
                recorded_by_id=actor,
                recorded_at=clock.now(),
            )
            await audit.record(
                actor,
                "measurement.record",
                f"Recorded {indicator.code} for {period}",
                "measurement",
                measurement.id,
            )
            await emit(WebhookEvent.MEASUREMENT_RECORDED, "measurement", measurement.id)
    except IntegrityError:  # the same period recorded meanwhile
        raise repeated from None
    return measurement
