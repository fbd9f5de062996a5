"""Minutes.sections over a list of meetings: a fixed number of SQL statements, and the
sections of agenda items the reader may not see filtered out in SQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from governance.enums import BodyKind, Classification
from governance.models import AgendaItem, Body, Meeting, Minutes, MinutesSection
from tests.api.test_sql_statements import _viewer_on, app, counting_statements  # noqa: F401
from tests.graphql import gql

QUERY = """
{ meetings(first: 100) { edges { node { title
    minutes { version sections { agendaItem { title position } content contentHtml } } } } } }
"""


async def meetings_with_sections(rows: int) -> str:
    """`rows` CONFIDENTIAL meetings, each with minutes and three agenda items minuted, the
    middle one RESTRICTED (a closed session the reader is not named on)."""
    bodies = [
        await Body.create(
            name=f"Committee {i}", slug=f"committee-{i}", kind=BodyKind.STEERING_COMMITTEE,
            quorum=1, prefix="SC",
        )
        for i in range(5)
    ]  # fmt: skip
    start = datetime.now(UTC)
    for i in range(rows):
        meeting = await Meeting.create(
            body_id=bodies[i % 5].id,
            title=f"Meeting {i}",
            classification=Classification.CONFIDENTIAL,
            starts_at=start + timedelta(days=i),
        )
        minutes = await Minutes.create(meeting_id=meeting.id, content="General.", version=1)
        for position, level in enumerate(
            (Classification.CONFIDENTIAL, Classification.RESTRICTED, Classification.INTERNAL),
            start=1,
        ):
            item = await AgendaItem.create(
                meeting_id=meeting.id, position=position, title=f"Item {position}",
                classification=level,
            )  # fmt: skip
            await MinutesSection.create(
                minutes_id=minutes.id, agenda_item_id=item.id, content=f"Text {level.value}."
            )
    return await _viewer_on(bodies)


async def test_sections_over_a_list_of_meetings_cost_the_same_at_10_and_100_rows(client):
    from tests.conftest import empty_tables

    counts = {}
    for rows in (10, 100):
        await empty_tables()
        token = await meetings_with_sections(rows)
        with counting_statements() as statements:
            result = await gql(client, QUERY, token=token)
        assert result.ok, result.errors
        edges = result.data["meetings"]["edges"]
        assert len(edges) == rows
        for edge in edges:
            sections = edge["node"]["minutes"]["sections"]
            # The RESTRICTED item is absent, and the numbers leave no gap.
            assert [(s["agendaItem"]["position"], s["content"]) for s in sections] == [
                (1, "Text CONFIDENTIAL."),
                (2, "Text INTERNAL."),
            ]
        assert "RESTRICTED" not in str(result.data)
        counts[rows] = len(statements)
        # The texts are read through the sections' visibility filter: the restricted
        # ones never leave the database.
        sections_reads = [s for s in statements if 'FROM "minutes_section"' in s]
        assert len(sections_reads) == 1, sections_reads
        assert '"minutes_section__agenda_item"."classification"' in sections_reads[0]
    print(f"SQL statements by rows: {counts}")
    assert counts[10] == counts[100], counts
    assert counts[100] <= 10, counts
