"""The demo, read as everyone who can read it: every list of the API with its nested fields,
node() for every id seen, every admin page reachable from the admin's lists, the public pages
and feeds. Nothing errs (no INTERNAL, no 5xx) and nothing the public may not see reaches the
public: the demo is what a new partner meets first, and what an attacker reads first.

The queries are written from the schema itself, so a list or field added later is read too.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from functools import partial
from typing import Any

import httpx
from graphql import (
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    is_leaf_type,
)

from demo import DEMO_PASSWORD, demo_accounts, load_demo
from governance import models as m
from governance.access import mint_token
from governance.enums import ActionPlanStatus, ActionStatus, Classification, UpdateStatus
from schema import build_schema
from tests.admin.helpers import PASSWORD, PASSWORD_HASH, sign_in
from tests.graphql import gql

SCHEMA: GraphQLSchema = build_schema()._schema
PAGE = 25  # first: on top-level lists, followed page by page
NESTED = 3  # first: on connections inside an item (their items are read by their own lists)
BATCH = 25  # node() lookups per request (aliases)
DEPTH = 1  # an item, its children and their ids: node() then reads each child the same way
# Refusals the contract documents: the audit trail is the platform admins'.
REFUSED = {"auditEvents": {"anonymous": "UNAUTHENTICATED", "signed in": "FORBIDDEN"}}
OBJECTS = (GraphQLObjectType, GraphQLInterfaceType)
LINK = re.compile(r'(href|hx-get)="(/[^"#?]*)')


def named(field_type: Any) -> Any:
    while isinstance(field_type, GraphQLNonNull | GraphQLList):
        field_type = field_type.of_type
    return field_type


def lists() -> Iterator[tuple[str, Any]]:
    """The Query's lists (connections) that need no argument."""
    query = SCHEMA.query_type
    assert query is not None
    for name, field in query.fields.items():
        inner = named(field.type)
        required = any(isinstance(a.type, GraphQLNonNull) for a in field.args.values())
        if inner.name.endswith("Connection") and not required:
            yield name, named(named(inner.fields["edges"].type).fields["node"].type)


LISTED = {node_type.name for _, node_type in lists()}


def listed(type_: Any) -> bool:
    if isinstance(type_, GraphQLInterfaceType):
        return all(t.name in LISTED for t in SCHEMA.get_possible_types(type_))
    return type_.name in LISTED


def selection(type_: Any, depth: int) -> str:
    """Every field that needs no argument: leaves always, objects while depth lasts, then the
    ids of the items they hold; at depth -1, the leaves alone. An item of a type the Query
    lists is only named by its id inside another: its list reads it whole."""
    if isinstance(type_, GraphQLUnionType):
        return "__typename " + " ".join(
            f"... on {member.name} {{ {selection(member, depth)} }}" for member in type_.types
        )
    parts = ["__typename"]
    for name, field in type_.fields.items():
        if any(isinstance(a.type, GraphQLNonNull) for a in field.args.values()):
            continue
        inner = named(field.type)
        if is_leaf_type(inner):
            parts.append(name)
        elif depth > 0 and inner.name.endswith("Connection"):
            node = named(named(inner.fields["edges"].type).fields["node"].type)
            page = f"(first: {NESTED})" if "first" in field.args else ""
            inside = "__typename id" if listed(node) else selection(node, depth - 1)
            parts.append(f"{name}{page} {{ totalCount edges {{ cursor node {{ {inside} }} }} }}")
        elif depth > 0 and not listed(inner):
            parts.append(f"{name} {{ {selection(inner, depth - 1)} }}")
        elif depth >= 0 and isinstance(inner, OBJECTS) and "id" in inner.fields:
            parts.append(f"{name} {{ __typename id }}")  # which item: node() reads it in turn
    return " ".join(parts)


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def nodes(value: Any) -> Iterator[tuple[str, str]]:
    """(type, id) of every item in an answer."""
    if isinstance(value, dict):
        if isinstance(value.get("id"), str) and value.get("__typename"):
            yield value["__typename"], value["id"]
        for item in value.values():
            yield from nodes(item)
    elif isinstance(value, list):
        for item in value:
            yield from nodes(item)


Build = Callable[[int], tuple[str, dict[str, Any]]]


class Reader:
    """One viewer reading the whole API; every answer kept for the leak check.

    Queries are priced before they run (schema/cost.py): a page or batch priced above the
    budget is QUERY_TOO_COMPLEX with its price and the budget, and is asked again smaller,
    as a client would. `sizes` remembers what fitted, for the next viewer.
    """

    def __init__(
        self, client: httpx.AsyncClient, who: str, token: str | None, sizes: dict[str, int]
    ) -> None:
        self.client, self.who, self.token, self.sizes = client, who, token, sizes
        self.answers: list[Any] = []
        self.seen: dict[str, set[str]] = {}

    async def ask(self, build: Build, size: int = 1, key: str = "") -> Any:
        size = self.sizes.get(key, size)
        while True:
            query, variables = build(size)
            result = await gql(self.client, query, variables, token=self.token)
            assert result.status == 200, (self.who, result.status, query[:200])
            priced = [e["extensions"] for e in result.errors if "price" in e.get("extensions", {})]
            if not priced or size == 1:
                break
            size = max(1, min(size - 1, size * priced[0]["budget"] // priced[0]["price"]))
        self.sizes[key] = size
        kind = "anonymous" if self.token is None else "signed in"
        unexpected = [
            error
            for error in result.errors
            if REFUSED.get(str((error.get("path") or [""])[0]), {}).get(kind)
            != error.get("extensions", {}).get("code")
        ]
        assert not unexpected, (self.who, unexpected, query[:300])
        self.answers.append(result.data)
        for type_name, node_id in nodes(result.data):
            self.seen.setdefault(type_name, set()).add(node_id)
        return result.data

    async def read_everything(self) -> None:
        viewer = f"{{ viewer {{ {selection(SCHEMA.get_type('Viewer'), 2)} }} }}"
        await self.ask(lambda _: (viewer, {}))
        for name, node_type in lists():
            items = selection(node_type, DEPTH)
            after: str | None = None
            while True:
                data = await self.ask(partial(list_page, name, items, after), PAGE, key=name)
                connection = (data or {}).get(name)  # null: refused (REFUSED)
                if connection is None or not connection["pageInfo"]["hasNextPage"]:
                    break
                after = connection["pageInfo"]["endCursor"]
        # Listed items were read whole by their lists: node() names them, in as few requests as
        # fit; the others' children are read through node(), a type at a time.
        await self.look_up(
            [(t, i) for t, ids in sorted(self.seen.items()) if t in LISTED for i in sorted(ids)], -1
        )
        for type_name, ids in sorted(self.seen.items()):
            if type_name not in LISTED:
                await self.look_up([(type_name, i) for i in sorted(ids)], DEPTH)

    async def look_up(
        self, wanted: list[tuple[str, str]], depth: int, *, resolves: bool = True
    ) -> None:
        """node(id:) for each (type, id): an id the viewer was shown resolves, to its type."""
        key = f"node:{depth}:{wanted[0][0] if depth >= 0 and wanted else ''}"
        while wanted:
            data = await self.ask(partial(node_batch, wanted, depth), BATCH, key=key)
            chunk, wanted = wanted[: len(data)], wanted[len(data) :]
            for n, (type_name, node_id) in enumerate(chunk):
                if resolves:
                    assert data[f"n{n}"] is not None, (self.who, type_name, node_id)
                    assert data[f"n{n}"]["__typename"] == type_name


def list_page(name: str, items: str, after: str | None, size: int) -> tuple[str, dict[str, Any]]:
    return (
        f"query($after: String) {{ {name}(first: {size}, after: $after) {{ totalCount "
        f"pageInfo {{ hasNextPage endCursor }} edges {{ cursor node {{ {items} }} }} }} }}",
        {"after": after},
    )


def node_batch(wanted: list[tuple[str, str]], depth: int, size: int) -> tuple[str, dict[str, Any]]:
    chunk = wanted[:size]
    types = sorted({type_name for type_name, _ in chunk})
    fragments = " ".join(
        f"fragment {t} on {t} {{ {selection(SCHEMA.get_type(t), depth)} }}" for t in types
    )
    signature = ", ".join(f"$i{n}: ID!" for n in range(len(chunk)))
    fields = " ".join(f"n{n}: node(id: $i{n}) {{ ...{t} }}" for n, (t, _) in enumerate(chunk))
    return f"query({signature}) {{ {fields} }} {fragments}", {
        f"i{n}": node_id for n, (_, node_id) in enumerate(chunk)
    }


async def hidden_from_the_public() -> set[str]:
    """Titles of every CONFIDENTIAL or RESTRICTED item of the demo, and of its updates that
    are not published (the communications team's alone)."""
    hidden = {Classification.CONFIDENTIAL, Classification.RESTRICTED}
    titles: set[str] = set()
    classified = (m.Meeting, m.AgendaItem, m.Motion, m.Decision, m.Agreement, m.Recommendation,
                  m.ActionItem)  # fmt: skip
    for model in classified:
        titles |= set(await model.filter(classification__in=hidden).values_list("title", flat=True))
    titles |= set(
        await m.Indicator.filter(classification__in=hidden).values_list("name", flat=True)
    )
    unpublished = m.Update.exclude(status=UpdateStatus.PUBLISHED)
    titles |= set(await unpublished.values_list("title", flat=True))
    return titles


def items(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from items(item)
    elif isinstance(value, list):
        for item in value:
            yield from items(item)


def named_in(texts: Iterator[str], titles: set[str]) -> set[str]:
    found = set()
    for text in texts:
        lowered = text.lower()
        found |= {title for title in titles if title.lower() in lowered}
    return found


async def crawl(client: httpx.AsyncClient, start: list[str], within: str) -> dict[str, str]:
    """Every page reachable by links from `start` under `within`, each a 200; their text."""
    elsewhere = ("/static/", "/graphql", "/admin/sign-in", "/admin/sign-out")
    if within == "/":
        elsewhere += ("/admin",)  # the public site: the admin's pages are the admin's
    pages: dict[str, str] = {}
    queue = [("href", path) for path in start]
    while queue:
        attribute, path = queue.pop(0)
        if path in pages:
            continue
        # An hx-get is asked for as htmx asks (a fragment), a link as a browser follows it.
        headers = {"HX-Request": "true"} if attribute == "hx-get" else {}
        response = await client.get(path, headers=headers)
        assert response.status_code == 200, (path, response.status_code, response.text[:300])
        pages[path] = response.text
        for attribute, link in LINK.findall(response.text):
            if link.startswith(within) and not link.startswith(elsewhere) and link not in pages:
                queue.append((attribute, link))
    return pages


async def test_everyone_reads_the_whole_demo_cleanly_and_the_public_nothing_hidden(app):
    assert await load_demo() is not None
    secret = await hidden_from_the_public()
    assert "Closed session: Gamagara bulk water negotiation mandate" in secret
    transport = httpx.ASGITransport(app=app)

    def browser() -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=transport, base_url="http://testserver")

    async with browser() as client:
        sizes: dict[str, int] = {}
        anonymous = Reader(client, "anonymous", None, sizes)
        readers = [anonymous]
        for account in demo_accounts():
            person = await m.Person.get(email=account.email)
            token = (await mint_token(person, actor_id=None)).token
            readers.append(Reader(client, account.email, token, sizes))
        for reader in readers:
            await reader.read_everything()
        assert anonymous.seen.get("Agreement"), "the public reads the PUBLIC agreements"
        # Every id anyone was shown, looked up by the public: what it may not see is null.
        everyone: dict[str, set[str]] = {}
        for reader in readers:
            for type_name, ids in reader.seen.items():
                everyone.setdefault(type_name, set()).update(ids)
        probe = [(t, i) for t, ids in sorted(everyone.items()) for i in sorted(ids)]
        await anonymous.look_up(probe, -1, resolves=False)
        assert named_in(strings(anonymous.answers), secret) == set()
        shown = list(items(anonymous.answers))
        assert {item["classification"] for item in shown if "classification" in item} == {"PUBLIC"}
        # An update named inside another (its translations) is only its id there, and is
        # read in full by the look-up above: each full one is published.
        updates = [i for i in shown if i.get("__typename") == "Update" and "status" in i]
        assert updates and {i["status"] for i in updates} == {"PUBLISHED"}

        # The public site and its feeds, as the public follows its links.
        bodies = await m.Body.all().values_list("slug", flat=True)
        feeds = ["/feeds/updates.atom", *(f"/feeds/{slug}.ics" for slug in bodies)]
        public = await crawl(client, ["/", *feeds], within="/")
        assert named_in((html.unescape(text) for text in public.values()), secret) == set()

    # The admin, through its sign-in form. The demo's published password opens it; the others
    # then sign in with a cheap hash (argon2 at full cost is a quarter second a sign-in).
    first, *others = demo_accounts()
    await m.Person.filter(email__in=[a.email for a in others]).update(password_hash=PASSWORD_HASH)
    lists = ["/admin/", "/admin/meetings", "/admin/decisions", "/admin/agreements",
             "/admin/recommendations", "/admin/action-items", "/admin/updates", "/admin/people",
             "/admin/organizations", "/admin/bodies"]  # fmt: skip
    for account in (first, *others):
        async with browser() as http:
            password = DEMO_PASSWORD if account is first else PASSWORD
            signed_in = await sign_in(http, account.email, password)
            pages = await crawl(signed_in.http, lists, within="/admin/")
            assert len(pages) > len(lists), account.email


def csv_rows(response: httpx.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


async def test_the_demo_shows_results_on_track_at_risk_off_track_and_a_plan_rolled_over(app):
    """What a partner opening the demo's results sees: the MCPP's and SayPro's indicators in
    every status (as the exports give them, whose statuses are the rule's), figures reported
    by partners themselves, and Kati's first plan reported on and rolled over."""
    assert await load_demo() is not None
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        public = {row["code"]: row for row in csv_rows(await client.get("/exports/indicators.csv"))}
        party = await m.Person.get(email="party@example.org")
        token = (await mint_token(party, actor_id=None)).token
        bearer = {"Authorization": f"Bearer {token}"}
        theirs = {
            row["code"]: row
            for row in csv_rows(await client.get("/exports/indicators.csv", headers=bearer))
        }
        measured = csv_rows(await client.get("/exports/measurements.csv"))
        secret = await hidden_from_the_public()
        assert named_in(iter([str(public), str(measured)]), secret) == set()

    # The public reads an indicator in each status; none of them is made up here.
    statuses = {code: row["status"] for code, row in public.items()}
    assert statuses["MCPP-KPI-001"] == "OFF_TRACK"  # water losses rose
    assert statuses["MCPP-KPI-003"] == "AT_RISK"
    assert statuses["MCPP-KPI-004"] == "ON_TRACK"
    assert statuses["SAYPRO-KPI-001"] == "ON_TRACK"
    assert statuses["SAYPRO-KPI-004"] == "NO_DATA"
    nrw = public["MCPP-KPI-001"]
    assert (nrw["unit"], nrw["direction"]) == ("%", "DECREASE")
    assert nrw["agreement"].startswith("MCPP-AGR-")  # tied to the framework agreement
    baseline, target = (
        date.fromisoformat(nrw["baseline date"]),
        date.fromisoformat(nrw["target date"]),
    )
    assert (target - baseline).days > 900  # from five quarters back to five ahead
    # Several quarters of figures, the oldest first, each recorded after its quarter ended.
    quarters = [row for row in measured if row["indicator"] == "MCPP-KPI-001"]
    assert len(quarters) == 5
    for row in quarters:
        assert row["recorded at"][:10] > row["period end"], row
    # The CONFIDENTIAL Gamagara indicator: absent for the public, present for its party.
    assert "MCPP-KPI-005" not in public
    assert theirs["MCPP-KPI-005"]["agreement"].startswith("MCPP-AGR-")
    assert theirs["MCPP-KPI-005"]["status"] == "AT_RISK"
    assert theirs["MCPP-KPI-002"]["status"] == "ON_TRACK"  # INTERNAL: signed-in people

    # Partners report their own figures, with the source.
    revenue = await m.Indicator.get(code="MCPP-KPI-002")
    latest = await m.Measurement.filter(indicator_id=revenue.id).order_by("-period_end").first()
    assert latest is not None and latest.source == "Thabazimbi billing system, Section 71 report"
    reporter = await m.Person.get(id=latest.recorded_by_id)
    assert reporter.title == "Municipal manager"  # Thabazimbi's, a party to the agreement
    gamagara = await m.Measurement.filter(indicator__code="MCPP-KPI-005").order_by("-period_end")
    assert gamagara[0].recorded_by_id == party.id

    # Kati: adopted by the consultation framework on its decision, monitored by the
    # monitoring committee, reported on, rolled over with its open actions.
    first, second = await m.ActionPlan.all().order_by("id")
    framework = await m.Body.get(slug="cadre-de-concertation-kati")
    monitoring = await m.Body.get(slug="comite-de-suivi-kati")
    assert (first.body_id, first.monitored_by_id) == (framework.id, monitoring.id)
    decision = await m.Decision.get(id=first.decision_id)
    assert decision.title == "Adopter le plan d'action de trois mois"
    assert first.reference.startswith("CF-AP-") and first.reference.endswith("-001")
    assert (first.status, second.status) == (ActionPlanStatus.CLOSED, ActionPlanStatus.DRAFT)
    assert second.previous_id == first.id
    assert second.period_start == first.period_end + timedelta(days=1)
    kept = await m.ActionItem.filter(plan_id=first.id).values_list("status", flat=True)
    moved = await m.ActionItem.filter(plan_id=second.id).values_list("title", "status")
    assert set(kept) == {ActionStatus.DONE} and len(kept) == 2
    assert len(moved) == 4 and ActionStatus.DONE not in {status for _, status in moved}
    assert "Ouvrir le compte de la coopérative auprès de l'institution de microfinance locale" in {
        title for title, _ in moved
    }
    [report] = await m.ProgressReport.filter(plan_id=first.id)
    assert "ouvrir son compte" in (report.obstacles or "")
    author = await m.Person.get(id=report.submitted_by_id)
    assert author.email == "monitor@example.org"  # a member of the monitoring committee
    assert report.submitted_at.date() < second.period_start


async def test_the_demo_tells_in_the_app_and_sends_no_email_of_its_history(app):
    """Loading the demo replays months of meetings, ballots and minutes: their notifications
    are in the app, but nothing is queued to be emailed (nor the invitations of its people
    without a password), or a worker with SMTP would mail every @example.org address."""
    assert await load_demo() is not None
    assert await m.Notification.exists()
    assert not await m.OutboxItem.exists()
