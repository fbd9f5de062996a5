"""The CSV exports of indicators and measurements: each requester gets what they may see, in
a file a spreadsheet opens safely, filtered as the API filters, read in chunks whose cost does
not grow with the list."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from governance.enums import Classification, IndicatorDirection, IndicatorFrequency
from governance.models import AccessGrant, Indicator, Measurement, Person
from server import csv_export
from server.csv_export import cell
from tests.admin.helpers import PASSWORD_HASH, sign_in
from tests.api.test_sql_statements import counting_statements
from tests.world import World, build_world

C = Classification
BOM = "\ufeff"


def table(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    raw = response.content.decode("utf-8")
    assert raw.startswith(BOM)
    return list(csv.DictReader(io.StringIO(raw.removeprefix(BOM))))


async def fetch(client, path: str, token: str | None = None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return await client.get(path, headers=headers)


async def an_indicator(world: World, code: str, level: C, **fields) -> Indicator:
    """Non-revenue water, from 40% at the start of 2025 to 30% at the start of 2027."""
    values = {
        "code": code,
        "name": f"Non-revenue water ({level.value.lower()})",
        "unit": "%",
        "direction": IndicatorDirection.DECREASE,
        "frequency": IndicatorFrequency.QUARTERLY,
        "baseline": 40.0,
        "baseline_date": date(2025, 1, 1),
        "target": 30.0,
        "target_date": date(2027, 1, 1),
        "body_id": world.bodies["sc"].id,
        "classification": level,
        **fields,
    }
    return await Indicator.create(**values)


async def measure(indicator: Indicator, value: float, end: date, **fields) -> Measurement:
    return await Measurement.create(
        indicator_id=indicator.id,
        period_start=end - timedelta(days=89),
        period_end=end,
        value=value,
        **fields,
    )


async def one_per_level(world: World) -> dict[C, Indicator]:
    """An indicator at each classification, each with a measurement; the RESTRICTED one
    names the `named` person."""
    made = {}
    for number, level in enumerate(C, start=1):
        made[level] = await an_indicator(world, f"KPI-{number}", level)
        await measure(made[level], 38.0, date(2025, 6, 30), note=f"{level.value} figure")
    await AccessGrant.create(
        subject_type="indicator",
        subject_id=made[C.RESTRICTED].id,
        person_id=world.people["named"].id,
    )
    return made


SEES = {
    "anonymous": {C.PUBLIC},
    "participant": {C.PUBLIC, C.INTERNAL},  # signed in, on no committee
    "member": {C.PUBLIC, C.INTERNAL, C.CONFIDENTIAL},
    "named": {C.PUBLIC, C.INTERNAL, C.RESTRICTED},
    "chair": set(C),
}


async def test_each_role_reads_exactly_the_indicators_and_measurements_it_may_see(client):
    world = await build_world()
    made = await one_per_level(world)
    for role, levels in SEES.items():
        token = world.tokens[role]
        indicators = table(await fetch(client, "/exports/indicators.csv", token))
        assert {row["code"] for row in indicators} == {made[lv].code for lv in levels}, role
        measurements = table(await fetch(client, "/exports/measurements.csv", token))
        assert {row["indicator"] for row in measurements} == {made[lv].code for lv in levels}
        assert {row["note"] for row in measurements} == {f"{lv.value} figure" for lv in levels}


async def test_the_admin_session_reads_as_its_person_and_is_never_cached(client):
    world = await build_world()
    made = await one_per_level(world)
    anonymous = await client.get("/exports/indicators.csv")
    assert made[C.CONFIDENTIAL].code not in anonymous.text
    assert "no-store" not in anonymous.headers["cache-control"]

    await Person.all().update(password_hash=PASSWORD_HASH)
    member = await sign_in(client, world.people["member"].email)
    response = await member.get("/exports/indicators.csv")
    assert made[C.CONFIDENTIAL].code in {row["code"] for row in table(response)}
    assert made[C.RESTRICTED].code not in response.text
    assert response.headers["cache-control"] == "private, no-store"
    assert {"authorization", "cookie"} <= {
        v.strip().lower() for v in response.headers["vary"].split(",")
    }


async def test_a_bad_token_is_refused_rather_than_read_as_the_public(client):
    world = await build_world()
    await one_per_level(world)
    for path in ("/exports/indicators.csv", "/exports/measurements.csv"):
        response = await fetch(client, path, "not-a-token")
        assert response.status_code == 401
        assert "not valid" in response.text
        assert response.headers["www-authenticate"] == "Bearer"


async def test_an_agreement_is_named_only_to_those_who_may_see_it(client):
    world = await build_world()
    tied = await an_indicator(
        world, "KPI-TIED", C.INTERNAL, agreement_id=world.agreements[C.CONFIDENTIAL].id
    )
    confidential = await an_indicator(
        world, "KPI-PARTY", C.CONFIDENTIAL, agreement_id=world.agreements[C.CONFIDENTIAL].id
    )
    reference = world.agreements[C.CONFIDENTIAL].reference
    # A signed-in outsider sees the INTERNAL indicator, not the agreement it is tied to.
    rows = table(await fetch(client, "/exports/indicators.csv", world.tokens["participant"]))
    assert [(r["code"], r["agreement"]) for r in rows] == [(tied.code, "")]
    # People of a party to the agreement see both, and the agreement's reference.
    rows = table(await fetch(client, "/exports/indicators.csv", world.tokens["party"]))
    assert {(r["code"], r["agreement"]) for r in rows} == {
        (tied.code, reference),
        (confidential.code, reference),
    }


async def test_the_file_opens_in_a_spreadsheet_with_its_header_and_attachment_name(client):
    world = await build_world()
    nrw = await an_indicator(world, "MCPP-KPI-004", C.PUBLIC, name="Non-revenue water — Kéllé")
    await measure(nrw, 37.5, date(2025, 6, 30), source="Billing system")
    await measure(nrw, 36.0, date(2025, 9, 30))

    response = await client.get("/exports/indicators.csv")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="indicators.csv"'
    assert response.content.startswith(BOM.encode("utf-8"))
    header = response.content.decode("utf-8").removeprefix(BOM).split("\r\n")[0]
    assert header == (
        "code,name,committee,agreement,classification,unit,direction,baseline,baseline date,"
        "target,target date,latest value,latest period end,status,progress"
    )
    [row] = table(response)
    assert row["name"] == "Non-revenue water — Kéllé"
    assert row["committee"] == "MCPP Steering Committee"
    assert (row["baseline"], row["baseline date"], row["target"], row["target date"]) == (
        "40", "2025-01-01", "30", "2027-01-01",
    )  # fmt: skip
    # The latest is the one ending last; status and progress as governance.indicators says:
    # 4 of 10 points down after 37% of the time is ON_TRACK.
    assert (row["latest value"], row["latest period end"]) == ("36", "2025-09-30")
    assert (row["status"], row["progress"]) == ("ON_TRACK", "0.4")

    response = await client.get("/exports/measurements.csv")
    assert response.headers["content-disposition"] == 'attachment; filename="measurements.csv"'
    assert (
        response.content.decode("utf-8")
        .removeprefix(BOM)
        .startswith("indicator,period start,period end,value,note,source,recorded at\r\n")
    )
    rows = table(response)
    assert [(r["period end"], r["value"], r["source"]) for r in rows] == [
        ("2025-06-30", "37.5", "Billing system"),
        ("2025-09-30", "36", ""),
    ]


HOSTILE = [
    '=HYPERLINK("http://evil.example","Click")',
    "+SUM(A1:A9)",
    "-2+3",
    "@cmd",
    "\t=1+1",
    "\r=1+1",
]


def test_a_cell_a_spreadsheet_would_run_is_text():
    for value in HOSTILE:
        assert cell(value) == "'" + value
    assert cell("Water, 40% lost") == "Water, 40% lost"
    assert cell(-2.5) == "-2.5"  # a figure of ours stays a number
    assert cell(None) == ""


async def test_hostile_names_notes_and_sources_come_out_as_text(client):
    world = await build_world()
    for number, hostile in enumerate(HOSTILE):
        indicator = await an_indicator(world, f"KPI-{number}", C.PUBLIC, name=hostile)
        await measure(indicator, -1.5, date(2025, 6, 30), note=hostile, source=hostile)

    names = [row["name"] for row in table(await client.get("/exports/indicators.csv"))]
    assert names == ["'" + value for value in HOSTILE]
    rows = table(await client.get("/exports/measurements.csv"))
    assert {row["note"] for row in rows} == {"'" + value for value in HOSTILE}
    assert {row["source"] for row in rows} == {"'" + value for value in HOSTILE}
    assert {row["value"] for row in rows} == {"-1.5"}


async def status_world() -> World:
    """Three PUBLIC indicators of the steering committee, one per status, and one of the
    operations unit tied to the PUBLIC agreement, without data."""
    world = await build_world()
    on_track = await an_indicator(world, "ON", C.PUBLIC)
    await measure(on_track, 36.0, date(2025, 9, 30))  # 0.4 against 0.37 expected
    at_risk = await an_indicator(world, "RISK", C.PUBLIC)
    await measure(at_risk, 37.5, date(2025, 12, 31))  # 0.25 against 0.5
    off_track = await an_indicator(world, "OFF", C.PUBLIC)
    await measure(off_track, 41.0, date(2026, 6, 30))  # 0 against 0.75
    await an_indicator(
        world,
        "OU-1",
        C.PUBLIC,
        body_id=world.bodies["ou"].id,
        agreement_id=world.agreements[C.PUBLIC].id,
    )
    return world


async def codes(client, query: str, token: str | None = None) -> list[str]:
    return [row["code"] for row in table(await fetch(client, f"/exports/{query}", token))]


async def test_filters_read_as_the_api_arguments(client):
    world = await status_world()
    assert await codes(client, "indicators.csv") == ["OFF", "ON", "OU-1", "RISK"]
    assert await codes(client, "indicators.csv?status=OFF_TRACK") == ["OFF"]
    assert await codes(client, "indicators.csv?status=AT_RISK") == ["RISK"]
    assert await codes(client, "indicators.csv?status=NO_DATA") == ["OU-1"]
    assert await codes(client, "indicators.csv?committee=operations-unit") == ["OU-1"]
    sc = "indicators.csv?committee=mcpp-steering-committee"
    assert await codes(client, sc) == ["OFF", "ON", "RISK"]
    assert await codes(client, f"{sc}&status=ON_TRACK") == ["ON"]
    public = world.agreements[C.PUBLIC].reference
    assert await codes(client, f"indicators.csv?agreement={public}") == ["OU-1"]

    rows = table(await client.get("/exports/measurements.csv?indicator=RISK"))
    assert [(r["indicator"], r["value"]) for r in rows] == [("RISK", "37.5")]


async def test_a_bad_filter_is_a_400_that_says_why(client):
    world = await status_world()
    confidential = await an_indicator(world, "SECRET", C.CONFIDENTIAL)
    hidden = world.agreements[C.CONFIDENTIAL].reference
    for query, words in [
        ("indicators.csv?status=LATE", "`status` is one of NO_DATA, ON_TRACK"),
        ("indicators.csv?committee=nobody", "No committee has the slug `nobody`"),
        ("indicators.csv?comittee=operations-unit", "Unknown filter `comittee`"),
        ("indicators.csv?status=ON_TRACK&status=AT_RISK", "Give `status` once"),
        ("indicators.csv?status=", "`status` needs a value"),
        ("indicators.csv?agreement=NO-SUCH", "No agreement has the reference `NO-SUCH`"),
        # Out of sight reads exactly as absent.
        (f"indicators.csv?agreement={hidden}", f"No agreement has the reference `{hidden}`"),
        ("measurements.csv?indicator=NOPE", "No indicator has the code `NOPE`"),
        ("measurements.csv?indicator=SECRET", "No indicator has the code `SECRET`"),
        ("measurements.csv?committee=operations-unit", "Unknown filter `committee`"),
    ]:
        response = await client.get(f"/exports/{query}")
        assert response.status_code == 400, query
        assert words in response.text, (query, response.text)
    # Allowed to whoever may see them.
    member = world.tokens["member"]
    assert await codes(client, f"indicators.csv?agreement={hidden}", member) == []
    rows = table(await fetch(client, "/exports/measurements.csv?indicator=SECRET", member))
    assert rows == [] and confidential.code == "SECRET"


async def many_indicators(world: World, count: int, quarters: int = 1) -> None:
    """`count` CONFIDENTIAL indicators tied to the CONFIDENTIAL agreement, measured for one
    quarter each, or two."""
    agreement = world.agreements[C.CONFIDENTIAL].id
    await Indicator.bulk_create(
        [
            Indicator(
                code=f"KPI-{n:04d}", name=f"Indicator {n}", unit="%",
                direction=IndicatorDirection.INCREASE, frequency=IndicatorFrequency.QUARTERLY,
                baseline=10.0, baseline_date=date(2025, 1, 1), target=20.0,
                target_date=date(2027, 1, 1), body_id=world.bodies["sc"].id,
                agreement_id=agreement, classification=C.CONFIDENTIAL,
            )
            for n in range(count)
        ]
    )  # fmt: skip
    ids = await Indicator.all().values_list("id", flat=True)
    await Measurement.bulk_create(
        [
            Measurement(
                indicator_id=i, period_start=end - timedelta(days=89), period_end=end, value=12.0
            )
            for i in ids
            for end in (date(2025, 3, 31), date(2025, 6, 30))[:quarters]
        ]
    )


async def statements_for(client, token: str, path: str) -> tuple[int, int]:
    with counting_statements() as statements:
        response = await fetch(client, path, token)
    return len(table(response)), len(statements)


@pytest.mark.parametrize("path", ["/exports/indicators.csv", "/exports/measurements.csv"])
async def test_statements_are_the_same_for_3_and_300_rows(client, path):
    from tests.conftest import empty_tables

    counts = {}
    for count in (3, 300):
        await empty_tables()
        world = await build_world()
        await many_indicators(world, count)
        rows, statements = await statements_for(client, world.tokens["member"], path)
        assert rows == count
        counts[count] = statements
    print(f"{path}: SQL statements for 3 and 300 indicators: {counts}")
    assert counts[3] == counts[300], counts
    assert counts[300] <= 8, counts


async def test_a_long_list_is_read_in_chunks_of_equal_cost(client, monkeypatch):
    """A chunk of 100: 300 indicators are three full chunks and an empty read, each chunk the
    same statements as the single chunk of 500 was; never one read of the whole table."""
    world = await build_world()
    await many_indicators(world, 300, quarters=2)
    token = world.tokens["member"]

    async def export_work() -> tuple[list[str], list[str]]:
        with counting_statements() as statements:
            rows = table(await fetch(client, "/exports/indicators.csv", token))
        assert [row["code"] for row in rows] == [f"KPI-{n:04d}" for n in range(300)]
        # The credential's statements are the request's, not the export's.
        return [s for s in statements if "api_token" not in s], statements

    single, _ = await export_work()
    monkeypatch.setattr(csv_export, "CHUNK", 100)
    chunked, _ = await export_work()
    reads = [s for s in chunked if 'FROM "indicator"' in s and "LIMIT" in s]
    assert len(reads) == 4, reads
    assert len(chunked) == 3 * len(single) + 1, (len(single), len(chunked))
