"""Search (governance.search): one rule from a full-text index, the same answers on SQLite
(FTS5) and PostgreSQL (tsvector + GIN) for the same corpus, the viewer's visibility in the
same statement, the index kept in step with every write, and used, not a scan."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

import pytest
from tortoise.connection import get_connection

from governance.enums import BodyKind, Classification
from governance.errors import BadInput
from governance.models import Agreement, Body, Decision, Meeting, Person
from governance.search import SEARCHED, matching, words
from permissions import ANONYMOUS, visible
from tests.graphql import gql
from tests.world import build_world, decision_at

PUBLIC = Classification.PUBLIC
CONFIDENTIAL = Classification.CONFIDENTIAL

# id: (reference, title, text): French with accents, hyphenated references, a reference
# quoted in another decision's text, words spread over fields.
DECISIONS = {
    1: ("MCPP-SC-2024-001", "Comité de pilotage : mandat", "Le comité adopte le budget de l'exercice."),
    2: ("MCPP-SC-2024-002", "Water management plan", "Strengthen the water management plan before the rains."),
    3: ("MCPP-SC-2025-001", "Rapport annuel", "Approuvé à l'unanimité ; l'œuvre sociale continue (voir MCPP-SC-2024-001)."),
    4: ("OU-2025-014", "Élection du président", "Le président du COMITÉ est élu."),
    5: ("MCPP-SC-2025-010", "Budget revision", "The budget is revised; see the annexe."),
}  # fmt: skip


async def corpus() -> None:
    body = await Body.create(
        name="Steering", slug="steering", kind=BodyKind.STEERING_COMMITTEE, quorum=1, prefix="SC"
    )
    for number, (reference, title, text) in DECISIONS.items():
        decision = await Decision.create(
            reference=reference, title=title, text=text, committee_id=body.id,
            decided_on=date(2025, 1, number), classification=PUBLIC, recorded_classification=PUBLIC,
        )  # fmt: skip
        assert decision.id == number
    await Meeting.create(
        body_id=body.id, title="Réunion du comité de pilotage", classification=PUBLIC,
        starts_at=datetime(2025, 3, 1, 9, tzinfo=UTC),
    )  # fmt: skip
    await Meeting.create(
        body_id=body.id, title="Atelier <script>eau</script>", classification=PUBLIC,
        starts_at=datetime(2025, 3, 2, 9, tzinfo=UTC),
    )  # fmt: skip
    await Agreement.create(
        reference="A-1", title="Accord-cadre de coopération", classification=PUBLIC
    )
    await Agreement.create(
        reference="A-2", title="Memorandum of understanding", classification=PUBLIC
    )
    for n, name in enumerate(["Aïssata Koné", "Hélène Dubois-Martin", "Jean O'Neil"], start=1):
        await Person.create(name=name, email=f"p{n}@example.org")


async def found(model: type, search: str) -> list[int]:
    return sorted(await model.filter(await matching(search, model)).values_list("id", flat=True))


# The expected ids are literal: the suite runs this on SQLite and on PostgreSQL.
DECISION_SEARCHES = [
    ("comite", [1, 4]),  # accents folded, in the title and in capitals in the text
    ("Comité", [1, 4]),
    ("COMITE pilot", [1]),  # every word; "pilot" begins "pilotage"
    ("MCPP-SC-2024-001", [1, 3]),  # the whole reference, and where a text quotes it
    ("mcpp-sc-2024-001", [1, 3]),
    ("SC-2024", [1, 2, 3]),  # its parts
    ("2025", [3, 4, 5]),
    ("sc-2025-01", [5]),  # the last part a prefix: 010, not 001
    ("2024-001", [1, 3]),
    ("rapport unanimité", [3]),  # words in different fields
    ("annuel unanimite", [3]),
    ("élection PRÉSIDENT", [4]),
    ("œuvre", [3]),
    ("budget", [1, 5]),
    ("water plan", [2]),
    ("management-plan", [2]),  # a phrase, in the title and in the text
    ("plan-before", [2]),
    ("l'exercice", [1]),  # an apostrophe separates, as a hyphen does
    ("water -", [2]),  # a word of punctuation only is ignored
    ("-", []),  # ... and nothing else is nothing
    ("2024-001-comite", []),  # a phrase stays inside one field (reference, then title)
    ("ilot", []),  # a word begins a token: no longer anywhere inside one
    ("budget pilotage", [1]),
    ("rains annexe", []),
]


@pytest.mark.parametrize(("search", "expected"), DECISION_SEARCHES)
async def test_decisions_found_are_the_same_on_both_databases(search, expected):
    await corpus()
    assert await found(Decision, search) == expected


@pytest.mark.parametrize(
    ("model", "search", "expected"),
    [
        (Meeting, "comite", [1]),
        (Meeting, "REUNION pilot", [1]),
        (Meeting, "script", [2]),  # tags' brackets separate, on PostgreSQL too
        (Meeting, "eau", [2]),
        (Agreement, "accord", [1]),
        (Agreement, "cadre cooperation", [1]),
        (Agreement, "accord-cadre", [1]),
        (Agreement, "understand", [2]),
        (Person, "kone", [1]),
        (Person, "aissata", [1]),
        (Person, "martin", [2]),
        (Person, "dubois-martin", [2]),
        (Person, "helene", [2]),
        (Person, "o'neil", [3]),
        (Person, "neil", [3]),
        (Person, "jean koné", []),
    ],
)
async def test_every_searched_list_follows_the_same_rule(model, search, expected):
    await corpus()
    assert await found(model, search) == expected


def test_the_bounds_on_what_is_searched_are_unchanged():
    with pytest.raises(BadInput, match="at least one word"):
        words("   ")
    with pytest.raises(BadInput, match="at most 10 words of at most 100 characters"):
        words("a " * 11)
    with pytest.raises(BadInput, match="at most 10 words of at most 100 characters"):
        words("a" * 101)
    assert words(" ten  words " * 5) == ["ten", "words"] * 5


async def test_a_hidden_decision_is_never_found_nor_counted(client):
    world = await build_world()
    await decision_at(world, CONFIDENTIAL, "Zanzibar budget")
    await decision_at(world, PUBLIC, "Zanzibar road")
    query = '{ decisions(search: "zanzibar") { totalCount edges { node { title } } } }'

    async def register(role: str) -> tuple[int, list[str]]:
        answer = await gql(client, query, token=world.tokens.get(role))
        assert answer.ok, answer.errors
        found = answer.data["decisions"]
        return found["totalCount"], sorted(e["node"]["title"] for e in found["edges"])

    for role in ("anonymous", "participant"):
        assert await register(role) == (1, ["Zanzibar road"])
    assert await register("member") == (2, ["Zanzibar budget", "Zanzibar road"])


async def test_edits_and_deletes_are_found_as_they_are_now():
    await corpus()
    decision = await Decision.get(id=2)
    decision.title = "Drought response"
    await decision.save()
    assert await found(Decision, "drought") == [2]
    assert await found(Decision, "water plan") == [2]  # still in its text
    await Decision.filter(id=2).update(text="Boreholes first.")
    assert await found(Decision, "water") == []
    assert await found(Decision, "borehole") == [2]
    await Decision.filter(id=2).delete()
    assert await found(Decision, "drought") == []
    assert await found(Decision, "borehole") == []
    await Person.filter(id=1).update(name="Aïssata Traoré")
    assert await found(Person, "kone") == []
    assert await found(Person, "traore") == [1]


async def test_every_declared_table_has_its_index():
    connection = get_connection("default")
    if connection.capabilities.dialect == "postgres":
        rows = await connection.execute_query_dict(
            "SELECT tablename FROM pg_indexes WHERE indexname = tablename || '_search'"
        )
        assert {row["tablename"] for row in rows} == set(SEARCHED)
    else:
        rows = await connection.execute_query_dict(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%USING fts5%'"
        )
        assert {row["name"] for row in rows} == {f"{table}_search" for table in SEARCHED}


async def test_a_search_among_thousands_reads_the_index_not_the_table():
    body = await Body.create(
        name="Steering", slug="steering", kind=BodyKind.STEERING_COMMITTEE, quorum=1, prefix="SC"
    )
    start = date(2020, 1, 1)
    await Decision.bulk_create(
        [
            Decision(
                reference=f"SC-{n:05d}", title=f"Decision {n} on topic{n % 97}",
                text="Zanzibar road works." if n % 500 in (1, 2) else "Le comité adopte le rapport.",
                committee_id=body.id, decided_on=start + timedelta(days=n % 1500),
                classification=PUBLIC if n % 2 else CONFIDENTIAL,
                recorded_classification=PUBLIC,
            )
            for n in range(4000)
        ]
    )  # fmt: skip
    connection = get_connection("default")
    postgres = connection.capabilities.dialect == "postgres"
    if postgres:
        await connection.execute_script("ANALYZE decision")
    # The register as anonymous sees it: visibility and search in one statement.
    queryset = (
        visible(ANONYMOUS, Decision)
        .filter(await matching("zanzibar", Decision))
        .order_by("-decided_on", "-id")
        .limit(21)
    )
    assert len(await queryset) == 8  # n = 1, 501 … 3501; 2, 502 … are CONFIDENTIAL
    sql = queryset.sql(params_inline=True)
    if postgres:
        plan = "\n".join(
            r["QUERY PLAN"] for r in await connection.execute_query_dict(f"EXPLAIN {sql}")
        )
        assert "decision_search" in plan, plan
        assert "Seq Scan on decision" not in plan, plan
    else:
        rows = await connection.execute_query_dict(f"EXPLAIN QUERY PLAN {sql}")
        plan = "\n".join(r["detail"] for r in rows)
        assert "decision_search VIRTUAL TABLE INDEX" in plan, plan
        assert not re.search(r"SCAN decision\b(?!_search)", plan), plan


async def test_a_common_word_walks_the_lists_order_instead_of_sorting_every_match():
    body = await Body.create(
        name="Steering", slug="steering", kind=BodyKind.STEERING_COMMITTEE, quorum=1, prefix="SC"
    )
    start = date(2020, 1, 1)
    await Decision.bulk_create(
        [
            Decision(
                reference=f"SC-{n:05d}", title=f"Decision {n}",
                text="Zanzibar road works." if n % 500 == 1 else "Le comité adopte le rapport.",
                committee_id=body.id, decided_on=start + timedelta(days=n % 1500),
                classification=PUBLIC if n % 2 else CONFIDENTIAL,
                recorded_classification=PUBLIC,
            )
            for n in range(3000)
        ]
    )  # fmt: skip
    connection = get_connection("default")

    async def page(word: str) -> tuple[list[str], str]:
        queryset = (
            visible(ANONYMOUS, Decision)
            .filter(await matching(word, Decision))
            .order_by("-decided_on", "-id")
            .limit(21)
        )
        found = [d.reference for d in await queryset]
        if connection.capabilities.dialect == "postgres":
            return found, ""
        rows = await connection.execute_query_dict(
            f"EXPLAIN QUERY PLAN {queryset.sql(params_inline=True)}"
        )
        return found, "\n".join(r["detail"] for r in rows)

    common, common_plan = await page("comité")
    rare, rare_plan = await page("zanzibar")

    def newest_public(numbers: Iterable[int]) -> list[str]:
        public = (n for n in numbers if n % 2)
        order = sorted(public, key=lambda n: (start + timedelta(days=n % 1500), n), reverse=True)
        return [f"SC-{n:05d}" for n in order[:21]]

    # The same rows as the rule says, whichever way the statement walks.
    assert common == newest_public(n for n in range(3000) if n % 500 != 1)
    assert rare == newest_public(n for n in range(3000) if n % 500 == 1)
    assert len(rare) == 6
    if connection.capabilities.dialect == "sqlite":
        # 2,994 matches: the list's own index in order, stopping at the page, no sort.
        assert "USE TEMP B-TREE FOR ORDER BY" not in common_plan, common_plan
        assert re.search(r"SCAN decision USING INDEX", common_plan), common_plan
        # 6 matches: from the matches, by primary key.
        assert "decision_search VIRTUAL TABLE INDEX" in rare_plan, rare_plan
        assert "USING INTEGER PRIMARY KEY" in rare_plan, rare_plan
