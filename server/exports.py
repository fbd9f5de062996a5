"""CSV exports of the record: `/exports/indicators.csv` and `/exports/measurements.csv`.

Each holds what the requester may see (the visibility layer's SQL filter, as the API
reads it), filtered by query parameters named after the GraphQL arguments
(`?committee=<slug>&agreement=<reference>&status=OFF_TRACK`, `?indicator=<code>`). A
filter naming something the requester cannot see reads as one naming nothing: a 400
that says so, never an answer that tells the two apart. Status and progress are
governance.indicators' (`assessments`), as everywhere else.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from governance.enums import IndicatorStatus
from governance.errors import BadInput
from governance.indicators import assessments
from governance.models import Agreement, Body, Indicator, Measurement
from permissions import Viewer, visible
from permissions.kinds import INDICATOR, MEASUREMENT
from schema.keyset import Order
from server.csv_export import bad_request, chunks, csv_response, requester

INDICATOR_COLUMNS = (
    "code", "name", "committee", "agreement", "classification", "unit", "direction",
    "baseline", "baseline date", "target", "target date", "latest value",
    "latest period end", "status", "progress",
)  # fmt: skip
MEASUREMENT_COLUMNS = (
    "indicator", "period start", "period end", "value", "note", "source", "recorded at",
)  # fmt: skip
STATUSES = ", ".join(status.value for status in IndicatorStatus)


def filters(params: Any, allowed: Sequence[str]) -> dict[str, str]:
    """The query's filters, each given once and non-empty; anything else is BAD_INPUT, so a
    misspelt filter is never an unfiltered file."""
    found: dict[str, str] = {}
    for name, value in params.multi_items():
        if name not in allowed:
            raise BadInput(
                "Unknown filter `%(name)s`: this export takes %(allowed)s.",
                name=name,
                allowed=", ".join(allowed),
            )
        if name in found:
            raise BadInput("Give `%(name)s` once.", name=name)
        if not value.strip() or len(value) > 300:
            raise BadInput("`%(name)s` needs a value.", name=name)
        found[name] = value.strip()
    return found


async def indicator_filters(viewer: Viewer, given: Mapping[str, str]) -> dict[str, Any]:
    """`committee`, `agreement` and `status` as the list needs them: at most two statements."""
    wanted: dict[str, Any] = {}
    if "committee" in given:
        body = await Body.get_or_none(slug=given["committee"])
        if body is None:
            raise BadInput("No committee has the slug `%(slug)s`.", slug=given["committee"])
        wanted["body_id"] = body.id
    if "agreement" in given:
        agreement = await visible(viewer, Agreement).filter(reference=given["agreement"]).first()
        if agreement is None:
            raise BadInput(
                "No agreement has the reference `%(reference)s`.", reference=given["agreement"]
            )
        wanted["agreement_id"] = agreement.id
    if "status" in given:
        try:
            wanted["status"] = IndicatorStatus(given["status"])
        except ValueError:
            raise BadInput("`status` is one of %(statuses)s.", statuses=STATUSES) from None
    return wanted


async def indicator_rows(
    viewer: Viewer, wanted: dict[str, Any]
) -> AsyncIterator[Sequence[Sequence[Any]]]:
    """Four statements a chunk: the indicators with their committees; status, progress and
    the measurement they were judged on (`assessments`, two: the only place they are
    computed); the agreements among theirs that the viewer may see."""
    status = wanted.pop("status", None)

    def rows() -> Any:
        return visible(viewer, Indicator).filter(**wanted).select_related("body")

    async for chunk in chunks(rows, Order.of(INDICATOR)):
        assessed = await assessments(chunk)
        # An indicator may be tied to an agreement its reader may not see: the cell stays
        # empty rather than naming it.
        tied = sorted({i.agreement_id for i in chunk if i.agreement_id is not None})
        references = dict(
            await visible(viewer, Agreement).filter(id__in=tied).values_list("id", "reference")
            if tied
            else []
        )
        lines = []
        for indicator in chunk:
            assessment = assessed[indicator.id]
            if status is not None and assessment.status != status:
                continue
            latest = assessment.latest
            progress = assessment.progress
            lines.append(
                [
                    indicator.code,
                    indicator.name,
                    indicator.body.name,
                    references.get(indicator.agreement_id),
                    indicator.classification,
                    indicator.unit,
                    indicator.direction,
                    indicator.baseline,
                    indicator.baseline_date,
                    indicator.target,
                    indicator.target_date,
                    None if latest is None else latest.value,
                    None if latest is None else latest.period_end,
                    assessment.status,
                    None if progress is None else round(progress, 4),
                ]
            )
        yield lines


async def indicators_csv(request: Request) -> Response:
    who = await requester(request)
    if isinstance(who, Response):
        return who
    try:
        given = filters(request.query_params, ("committee", "agreement", "status"))
        wanted = await indicator_filters(who.viewer, given)
    except BadInput as error:
        return bad_request(str(error))
    return csv_response(
        who, "indicators.csv", INDICATOR_COLUMNS, indicator_rows(who.viewer, wanted)
    )


async def measurement_rows(
    viewer: Viewer, wanted: dict[str, Any]
) -> AsyncIterator[Sequence[Sequence[Any]]]:
    """One statement a chunk: the measurements with their indicators' codes."""

    def rows() -> Any:
        return visible(viewer, Measurement).filter(**wanted).select_related("indicator")

    async for chunk in chunks(rows, Order.of(MEASUREMENT)):
        yield [
            [
                m.indicator.code,
                m.period_start,
                m.period_end,
                m.value,
                m.note,
                m.source,
                m.recorded_at,
            ]
            for m in chunk
        ]


async def measurements_csv(request: Request) -> Response:
    who = await requester(request)
    if isinstance(who, Response):
        return who
    wanted: dict[str, Any] = {}
    try:
        given = filters(request.query_params, ("indicator",))
        if "indicator" in given:
            found = await visible(who.viewer, Indicator).filter(code=given["indicator"]).first()
            if found is None:
                raise BadInput("No indicator has the code `%(code)s`.", code=given["indicator"])
            wanted["indicator_id"] = found.id
    except BadInput as error:
        return bad_request(str(error))
    return csv_response(
        who, "measurements.csv", MEASUREMENT_COLUMNS, measurement_rows(who.viewer, wanted)
    )


routes = [
    Route("/exports/indicators.csv", indicators_csv, name="export_indicators"),
    Route("/exports/measurements.csv", measurements_csv, name="export_measurements"),
]
