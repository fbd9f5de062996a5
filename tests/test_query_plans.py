"""At 10,000 rows every list, nested lookup and lookup by id reads through an index.

The databases' own planners say so (`EXPLAIN QUERY PLAN` on SQLite, `EXPLAIN` on
PostgreSQL after `ANALYZE`, as autovacuum keeps a live database): the statements are
the ones the API and the admin send (a kind's visibility, a list's filters, its
order, its keyset cursor; schema.pagination, server.admin.paging, schema.loaders),
for an anonymous reader, a member of two committees and an admin. A list's first
page and a page deep in it (a cursor in the middle) must neither read the whole table
nor sort every visible row: the planner walks an index in the list's order and stops
after the page. No timing is asserted here (that is the benchmark's job).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import pytest_asyncio
from tortoise.connection import get_connection
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from governance.enums import (
    ActionStatus,
    AgreementStatus,
    BodyKind,
    Classification,
    MeetingStatus,
    MotionStatus,
    OrganizationKind,
    PartyRole,
    RecommendationStatus,
    UpdateStatus,
    VoteChoice,
    VotingRule,
)
from governance.models import (
    AccessGrant,
    ActionItem,
    Agreement,
    AgreementParty,
    AuditEvent,
    Body,
    Decision,
    EligibleVoter,
    Meeting,
    Motion,
    Organization,
    Person,
    Recommendation,
    Update,
    Vote,
)
from permissions import ANONYMOUS, Viewer
from permissions.kinds import visible
from schema.keyset import Order
from tests.conftest import empty_tables

N = 10_000
MADE = 1_000  # rows made through the models; the rest are copies (see `multiply`)
COMMITTEES = 18  # bodies 1..18; 19 and 20 are advisory boards
BIG = ("decision", "meeting", "motion", "agreement", "recommendation", "update")
BIG += ("action_item", "audit_event", "vote")
PAGE = 21  # a page of 20 and the row that says there is a next one

MEMBER = Viewer(
    person_id=1,
    organization_id=1,
    relations_by_body={
        1: frozenset({"member", "chair", "voting_member"}),
        2: frozenset({"member", "voting_member"}),
        19: frozenset({"member"}),
    },
)
ADMIN = Viewer(person_id=2, is_admin=True, is_communications=True)
VIEWERS = {"anonymous": ANONYMOUS, "member": MEMBER, "admin": ADMIN}


LEVELS = (
    *[Classification.PUBLIC] * 4,
    *[Classification.INTERNAL] * 3,
    *[Classification.CONFIDENTIAL] * 2,
    Classification.RESTRICTED,
)


def level(i: int) -> Classification:
    """Four in ten public, three internal, two confidential, one restricted."""
    return LEVELS[i % len(LEVELS)]


def spread(i: int) -> int:
    """A sort position unrelated to the id, with ties (as dates have)."""
    return (i * 7919) % (MADE // 3)


async def build() -> None:
    """1,000 rows in each listed table through the models (bulk inserts), then
    multiplied to 10,000: building them all through the models takes 15 s here."""
    start = datetime(2020, 1, 1, tzinfo=UTC)
    day = date(2020, 1, 1)
    await Organization.bulk_create(
        [Organization(id=o, name=f"Org {o}", kind=OrganizationKind.NGO) for o in range(1, 6)]
    )
    await Person.bulk_create(
        [
            Person(id=p, name=f"Person {p}", email=f"p{p}@example.org", organization_id=p % 5 + 1)
            for p in range(1, 21)
        ]
    )
    await Body.bulk_create(
        [
            Body(
                id=b,
                name=f"Body {b}",
                slug=f"body-{b}",
                kind=BodyKind.STEERING_COMMITTEE if b <= COMMITTEES else BodyKind.ADVISORY_BOARD,
                quorum=1,
                prefix=f"B{b}",
            )
            for b in range(1, COMMITTEES + 3)
        ]
    )
    ids = range(1, MADE + 1)
    await Meeting.bulk_create(
        [
            Meeting(
                id=i,
                body_id=i % COMMITTEES + 1,
                title=f"Meeting {i}",
                starts_at=start + timedelta(hours=spread(i)),
                status=MeetingStatus.SCHEDULED,
                classification=level(i),
            )
            for i in ids
        ]
    )
    await Motion.bulk_create(
        [
            Motion(
                id=i,
                meeting_id=(i * 7) % MADE + 1,
                title=f"Motion {i}",
                text="",
                voting_rule=VotingRule.SIMPLE_MAJORITY,
                classification=level(i),
                status=MotionStatus.CLOSED,
                opened_at=start + timedelta(hours=i),
            )
            for i in ids
        ]
    )
    await Vote.bulk_create(
        [
            Vote(
                id=i,
                motion_id=(i // 20) % MADE + 1,
                voter_id=i % 20 + 1,
                choice=VoteChoice.FOR,
                cast_at=start + timedelta(minutes=i),
            )
            for i in ids
        ]
    )
    await EligibleVoter.bulk_create(
        [EligibleVoter(motion_id=m, person_id=1) for m in range(1, MADE + 1, 50)]
    )
    await Agreement.bulk_create(
        [
            Agreement(
                id=i,
                reference=f"AG-{spread(i):05d}-{i:05d}",
                title=f"Agreement {i}",
                status=AgreementStatus.ACTIVE,
                classification=level(i),
                governing_body_id=i % COMMITTEES + 1 if i % 3 else None,
            )
            for i in ids
        ]
    )
    await AgreementParty.bulk_create(
        [
            AgreementParty(agreement_id=i, organization_id=i % 5 + 1, role=PartyRole.FUNDER)
            for i in range(1, MADE + 1, 10)
        ]
    )
    await Decision.bulk_create(
        [
            Decision(
                id=i,
                reference=f"D-{i:05d}",
                committee_id=i % COMMITTEES + 1,
                motion_id=i if i % 2 else None,
                title=f"Decision {i}",
                text="",
                decided_on=day + timedelta(days=spread(i)),
                classification=level(i),
                recorded_classification=level(i),
                agreement_id=i % 50 + 1 if i % 10 == 0 else None,
            )
            for i in ids
        ]
    )
    await Recommendation.bulk_create(
        [
            Recommendation(
                id=i,
                reference=f"R-{i:05d}",
                board_id=COMMITTEES + 1 + i % 2,
                addressed_to_id=i % COMMITTEES + 1,
                title=f"Recommendation {i}",
                text="",
                status=RecommendationStatus.DRAFT if i % 5 == 0 else RecommendationStatus.SUBMITTED,
                classification=level(i),
                submitted_at=None if i % 5 == 0 else start,
                created_at=start + timedelta(minutes=spread(i)),
            )
            for i in ids
        ]
    )
    await Update.bulk_create(
        [
            Update(
                id=i,
                title=f"Update {i}",
                body="",
                status=UpdateStatus.PUBLISHED if i % 2 else UpdateStatus.DRAFT,
                listed_at=start + timedelta(minutes=spread(i)),
            )
            for i in ids
        ]
    )
    await ActionItem.bulk_create(
        [
            ActionItem(
                id=i,
                committee_id=i % COMMITTEES + 1,
                title=f"Action {i}",
                owner_person_id=i % 20 + 1,
                due_date=None if i % 5 == 0 else day + timedelta(days=spread(i)),
                status=ActionStatus.DONE if i % 3 == 0 else ActionStatus.OPEN,
                decision_id=i if i % 4 == 0 else None,
                classification=level(i),
            )
            for i in ids
        ]
    )
    kinds = ["decision", "meeting", "motion", "agreement", "recommendation", None]
    await AuditEvent.bulk_create(
        [
            AuditEvent(
                id=i,
                seq=i,
                at=start + timedelta(minutes=i),
                action="recorded",
                subject_type=kinds[i % len(kinds)],
                subject_id=i if kinds[i % len(kinds)] else None,
                summary="",
                prev_hash="0" * 64,
                hash="0" * 64,
            )
            for i in ids
        ]
    )
    await AccessGrant.bulk_create(
        [
            AccessGrant(subject_type=kind, subject_id=i, person_id=1)
            for kind in ("decision", "meeting", "motion", "agreement", "recommendation")
            for i in range(10, MADE + 1, 100)
        ]
    )


# Columns a copy changes so that it stays unique and points at the matching copies of
# the rows it links to (which are copied first); ids shift by the copy's offset.
SHIFTED: dict[type[Any], tuple[str, ...]] = {
    Meeting: (),
    Motion: ("meeting_id",),
    Vote: ("motion_id",),
    EligibleVoter: ("motion_id",),
    Agreement: (),
    AgreementParty: ("agreement_id",),
    Decision: ("motion_id", "agreement_id"),
    Recommendation: (),
    Update: (),
    ActionItem: ("decision_id",),
    AuditEvent: ("seq", "subject_id"),
    AccessGrant: ("subject_id",),
}
SUFFIXED = {Agreement: "reference", Decision: "reference", Recommendation: "reference"}


async def multiply() -> None:
    """Copy each table's first MADE rows N / MADE - 1 times, in SQL both databases speak."""
    async with in_transaction() as connection:
        await _copies(connection)


async def _copies(connection: Any) -> None:
    for model, shifted in SHIFTED.items():
        table = model._meta.db_table
        columns = list(model._meta.fields_db_projection.values())
        names = ", ".join(f'"{column}"' for column in columns)
        for copy in range(1, N // MADE):
            values = []
            for column in columns:
                if column == "id" or column in shifted:
                    values.append(f'"{column}" + {copy * MADE}')
                elif column == SUFFIXED.get(model):
                    values.append(f"\"{column}\" || '/{copy}'")
                else:
                    values.append(f'"{column}"')
            await connection.execute_query(
                f'INSERT INTO "{table}" ({names}) SELECT {", ".join(values)} '
                f'FROM "{table}" WHERE "id" <= {MADE}'
            )


@pytest_asyncio.fixture(autouse=True)
async def db(orm: None) -> AsyncIterator[None]:
    """The tables are filled once for the whole module (see `big`), not emptied per test."""
    yield


@pytest_asyncio.fixture(scope="module")
async def big(orm: None) -> AsyncIterator[None]:
    await empty_tables()
    await build()
    await multiply()
    connection = get_connection("default")
    if connection.capabilities.dialect == "postgres":
        await connection.execute_script("ANALYZE")
    yield
    await empty_tables()


async def plan(queryset: QuerySet[Any]) -> list[str]:
    """The planner's lines for the statement the queryset sends, with its parameters
    (QuerySet.explain would inline them and leaves its subqueries' unbound)."""
    connection = get_connection("default")
    queryset = queryset.using_db(connection)
    queryset._make_query()
    sql, params = queryset.query.get_parameterized_sql()
    if connection.capabilities.dialect == "postgres":
        rows = await connection.execute_query_dict(f"EXPLAIN {sql}", params)
        return [row["QUERY PLAN"] for row in rows]
    rows = await connection.execute_query_dict(f"EXPLAIN QUERY PLAN {sql}", params)
    return [row["detail"] for row in rows]


def full_scans(lines: list[str], tables: tuple[str, ...] = BIG, by_id: str = "") -> list[str]:
    """Lines that read one of `tables` from end to end, not through an index. SQLite's
    `SCAN t` walks the table in id order: for a list of `t` sorted by id (`by_id`) and
    cut by LIMIT, that is the walk of its primary key, which stops after the page."""
    table = "|".join(tables)
    sqlite = re.compile(rf"^SCAN ({table})( AS \w+)?$")
    postgres = re.compile(rf"Seq Scan on ({table})\b")
    return [
        line
        for line in lines
        if (sqlite.match(line.strip()) and line.strip() != f"SCAN {by_id}") or postgres.search(line)
    ]


def sorts(lines: list[str]) -> list[str]:
    """Lines that sort rows the index did not give in order (every visible row, read
    before the first one is returned); PostgreSQL's incremental sort of rows that come
    in index order (ties of the sort key broken by id) is not one, and neither is a sort
    inside a subplan (PostgreSQL's `SubPlan n`: the set a visibility filter probes, which
    never orders the page; the audit trail's merge join of minutes with their meetings)."""
    found = []
    subplan: int | None = None  # the indentation of the SubPlan heading we are under
    for line in lines:
        indent = len(line) - len(line.lstrip())
        if subplan is not None and indent > subplan:
            continue
        subplan = indent if re.match(r"\s*(SubPlan|InitPlan) \d+", line) else None
        if "USE TEMP B-TREE FOR ORDER BY" in line or re.search(
            r"(?<!Incremental )\bSort\b(?! Key| Method)", line
        ):
            found.append(line)
    return found


def ranged(lines: list[str], field: str) -> bool:
    """Whether the index is entered at the cursor (a range on the sort key) rather than
    walked from the start with the cursor as a filter."""
    column = "rowid" if field == "id" else field
    return any(
        re.search(rf"\b{column}[<>]=?\?", line)  # SQLite: SEARCH t USING INDEX i (f<?)
        # PostgreSQL: the pair, or its first column when the index has only that one
        # (agreement's unique reference: `(reference)::text >= ...`).
        or re.search(rf"Index Cond: .*(ROW\({field}, id\)|\b{field}\)?(::\w+)?) [<>]", line)
        for line in lines
    )


# ------------------------------------------------------------------ the lists


@dataclass(frozen=True)
class Listing:
    name: str
    model: type[Any]
    order: Order
    viewer: str
    narrow: Callable[[QuerySet[Any]], QuerySet[Any]] = lambda rows: rows
    # The tables that must not be read whole: all the big ones, unless said (AUDITED).
    tables: tuple[str, ...] = BIG

    @property
    def by_id(self) -> str:
        return self.model._meta.db_table if self.order.field == "id" else ""


# An admin reads the events about the items they may see: the trail's filter lists the
# ids of every visible item of each kind (permissions.kinds.audit_events), a subquery
# that reads each kind's table through its visibility, whatever the page. Only the
# trail itself is checked here: walked in its order, never read whole.
AUDITED = ("audit_event",)


LISTS = [
    Listing("decisions", Decision, Order("decided_on", descending=True), "anonymous"),
    Listing("decisions", Decision, Order("decided_on", descending=True), "member"),
    Listing(
        "decisions of a committee",
        Decision,
        Order("decided_on", descending=True),
        "member",
        lambda rows: rows.filter(committee_id=1),
    ),
    Listing("meetings", Meeting, Order("starts_at"), "anonymous"),
    Listing("meetings", Meeting, Order("starts_at"), "member"),
    Listing(
        "meetings of a body from a day",
        Meeting,
        Order("starts_at"),
        "member",
        lambda rows: rows.filter(body_id=2, starts_at__gte=datetime(2020, 1, 5, tzinfo=UTC)),
    ),
    Listing("agreements", Agreement, Order("reference"), "anonymous"),
    Listing("agreements", Agreement, Order("reference"), "member"),
    Listing("recommendations", Recommendation, Order("created_at", descending=True), "anonymous"),
    Listing("recommendations", Recommendation, Order("created_at", descending=True), "member"),
    Listing("updates", Update, Order("listed_at", descending=True), "anonymous"),
    Listing("updates", Update, Order("listed_at", descending=True), "admin"),
    Listing("action items", ActionItem, Order("id"), "member"),
    Listing(
        "action items by due date (admin)",
        ActionItem,
        Order("due_date"),
        "admin",
        lambda rows: rows.filter(due_date__isnull=False),
    ),
    Listing("audit events", AuditEvent, Order("seq", descending=True), "admin", tables=AUDITED),
]


def page(listing: Listing, cursor: tuple[Any, int] | None) -> QuerySet[Any]:
    """The statement schema.pagination.paginate (and the admin's page_of) sends."""
    rows = listing.narrow(visible(VIEWERS[listing.viewer], listing.model))
    if cursor is not None:
        rows = rows.filter(listing.order.after(cursor))
    return rows.order_by(*listing.order.sql()).limit(PAGE)


async def middle(listing: Listing) -> tuple[Any, int]:
    """The cursor of a row halfway down the list."""
    rows = listing.narrow(visible(VIEWERS[listing.viewer], listing.model))
    total = await rows.count()
    assert total > 2 * PAGE, f"{listing.name}: too few rows to page deep"
    field = listing.order.field
    found = (
        await rows.order_by(*listing.order.sql())
        .offset(total // 2)
        .limit(1)
        .values_list(field, "id")
    )
    return found[0][0], found[0][1]


@pytest.mark.parametrize("deep", [False, True], ids=["first page", "deep page"])
@pytest.mark.parametrize("listing", LISTS, ids=[f"{x.name} as {x.viewer}" for x in LISTS])
async def test_a_page_of_a_list_walks_an_index_in_order_and_stops(
    big: None, listing: Listing, deep: bool
) -> None:
    cursor = await middle(listing) if deep else None
    lines = await plan(page(listing, cursor))
    assert not full_scans(lines, listing.tables, listing.by_id), "\n".join(lines)
    assert not sorts(lines), "\n".join(lines)
    assert not deep or ranged(lines, listing.order.field), "\n".join(lines)
    # The page the plan reads is the page the list shows: right after the cursor.
    rows = await page(listing, cursor)
    assert len(rows) == PAGE
    if cursor is not None:
        first = listing.order.key(rows[0])
        assert first < cursor if listing.order.descending else first > cursor


# ------------------------------------------------------------------ nested lists, by parent


NESTED = [
    Listing(
        "a subject's audit events",
        AuditEvent,
        Order("seq", descending=True),
        "admin",
        lambda rows: rows.filter(subject_type="decision", subject_id=6),
        tables=AUDITED,
    ),
    Listing(
        "a committee's decisions",
        Decision,
        Order("decided_on", descending=True),
        "member",
        lambda rows: rows.filter(committee_id=2),
    ),
    Listing(
        "an agreement's decisions",
        Decision,
        Order("decided_on", descending=True),
        "admin",
        lambda rows: rows.filter(agreement_id=11),
    ),
    Listing(
        "a body's meetings",
        Meeting,
        Order("starts_at"),
        "member",
        lambda rows: rows.filter(body_id=1),
    ),
    Listing(
        "a meeting's motions",
        Motion,
        Order("id"),
        "member",
        lambda rows: rows.filter(meeting_id=1),
    ),
    Listing(
        "a committee's recommendations received",
        Recommendation,
        Order("created_at", descending=True),
        "member",
        lambda rows: rows.filter(addressed_to_id=1),
    ),
    Listing(
        "a board's recommendations",
        Recommendation,
        Order("created_at", descending=True),
        "member",
        lambda rows: rows.filter(board_id=19),
    ),
    Listing(
        "a committee's action items",
        ActionItem,
        Order("id"),
        "member",
        lambda rows: rows.filter(committee_id=2, status=ActionStatus.OPEN),
    ),
    Listing(
        "a decision's action items",
        ActionItem,
        Order("id"),
        "admin",
        lambda rows: rows.filter(decision_id=4),
    ),
    Listing(
        "a motion's ballots",
        Vote,
        Order("cast_at"),
        "admin",
        lambda rows: rows.filter(motion_id=3),
        # Which ballots show is decided by the motions' visibility, read whole today
        # (visibility.open_ballots: restricting it to the motions loaded is another change).
        tables=("vote",),
    ),
]


@pytest.mark.parametrize("listing", NESTED, ids=[x.name for x in NESTED])
async def test_a_parents_items_are_read_through_an_index_on_the_parent(
    big: None, listing: Listing
) -> None:
    rows = listing.narrow(visible(VIEWERS[listing.viewer], listing.model))
    lines = await plan(rows.order_by(*listing.order.sql()).limit(PAGE))
    assert not full_scans(lines, listing.tables), "\n".join(lines)
    assert await rows.exists()


# ------------------------------------------------------------------ lookups by id, by reference


LOOKUPS: list[tuple[str, Callable[[], QuerySet[Any]], tuple[str, ...]]] = [
    ("decision by id", lambda: visible(MEMBER, Decision).filter(id__in=[11, 12, 13]), BIG),
    ("decision by reference", lambda: visible(MEMBER, Decision).filter(reference="D-00011"), BIG),
    ("decision by motion", lambda: visible(MEMBER, Decision).filter(motion_id__in=[11, 13]), BIG),
    ("meeting by id", lambda: visible(MEMBER, Meeting).filter(id__in=[11, 12]), BIG),
    ("motion by id", lambda: visible(MEMBER, Motion).filter(id__in=[11, 12]), BIG),
    ("agreement by reference", lambda: visible(MEMBER, Agreement).filter(reference="AG"), BIG),
    ("recommendation by id", lambda: visible(MEMBER, Recommendation).filter(id__in=[11]), BIG),
    ("update by id", lambda: visible(ANONYMOUS, Update).filter(id__in=[11]), BIG),
    ("action item by id", lambda: visible(MEMBER, ActionItem).filter(id__in=[11]), BIG),
    ("audit event by id", lambda: visible(ADMIN, AuditEvent).filter(id__in=[11]), AUDITED),
]


@pytest.mark.parametrize(
    ("lookup", "tables"), [x[1:] for x in LOOKUPS], ids=[x[0] for x in LOOKUPS]
)
async def test_a_lookup_by_id_or_reference_reads_through_an_index(
    big: None, lookup: Callable[[], QuerySet[Any]], tables: tuple[str, ...]
) -> None:
    lines = await plan(lookup())
    assert not full_scans(lines, tables), "\n".join(lines)
