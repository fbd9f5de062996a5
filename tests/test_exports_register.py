"""The CSV exports of the registers (decisions, action items, commitments): each requester
gets the rows it may see and no reference to anything it may not, in a file a spreadsheet
opens safely, filtered as the API filters, read in chunks whose cost does not grow with the
list, and linked from the admin lists with their filters."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest

from governance.enums import (
    ActionStatus,
    Classification,
    CommitmentStatus,
    DecisionStatus,
    ReleaseStatus,
)
from governance.models import ActionItem, Commitment, Decision, Organization, Person
from server import csv_export
from tests.admin.helpers import PASSWORD_HASH, sign_in
from tests.api.test_sql_statements import counting_statements
from tests.test_exports import BOM, HOSTILE, fetch, table
from tests.world import TODAY, World, build_world

C = Classification

SEES = {
    "anonymous": {C.PUBLIC},
    "participant": {C.PUBLIC, C.INTERNAL},  # signed in, on no committee
    "member": {C.PUBLIC, C.INTERNAL, C.CONFIDENTIAL},
    "named": {C.PUBLIC, C.INTERNAL, C.RESTRICTED},
    "chair": set(C),
}


async def commitments_of(world: World, party: str = "university", **fields) -> dict[C, Commitment]:
    """One commitment on each of the world's agreements, by a party none of SEES's people
    belong to (a committed party sees its commitments whatever the agreement says)."""
    made = {}
    for level, agreement in world.agreements.items():
        made[level] = await Commitment.create(
            agreement_id=agreement.id,
            party_id=world.orgs[party].id,
            description=f"{level.value} commitment",
            **fields,
        )
    return made


async def rows_of(client, path: str, token: str | None = None) -> list[dict[str, str]]:
    return table(await fetch(client, f"/exports/{path}", token))


async def test_each_role_reads_exactly_the_rows_it_may_see(client):
    world = await build_world()
    await commitments_of(world)
    decisions = {level: d.reference for level, d in world.decisions.items()}
    for role, levels in SEES.items():
        token = world.tokens[role]
        response = await fetch(client, "/exports/decisions.csv", token)
        assert {r["reference"] for r in table(response)} == {decisions[lv] for lv in levels}, role
        for hidden in set(C) - levels:
            # Neither the row nor a word of it.
            assert decisions[hidden] not in response.text, (role, hidden)
            assert f"The {hidden.value.lower()} text." not in response.text, (role, hidden)
        commitments = await rows_of(client, "commitments.csv", token)
        assert {r["description"] for r in commitments} == {
            f"{lv.value} commitment" for lv in levels
        }
        items = await rows_of(client, "action-items.csv", token)
        # The world's items are owned by the participant's organization: owners see theirs.
        owned = set(C) if role == "participant" else levels
        assert {r["title"] for r in items} == {f"{lv.value} action" for lv in owned}, role


async def test_the_admin_session_reads_as_its_person(client):
    world = await build_world()
    confidential = world.decisions[C.CONFIDENTIAL].reference
    anonymous = await client.get("/exports/decisions.csv")
    assert confidential not in anonymous.text

    await Person.all().update(password_hash=PASSWORD_HASH)
    member = await sign_in(client, world.people["member"].email)
    response = await member.get("/exports/decisions.csv")
    assert confidential in {row["reference"] for row in table(response)}
    assert world.decisions[C.RESTRICTED].reference not in response.text
    assert response.headers["cache-control"] == "private, no-store"


async def test_a_hidden_item_is_never_named_in_a_visible_row(client):
    world = await build_world()
    hidden_agreement = world.agreements[C.CONFIDENTIAL]
    hidden_decision = world.decisions[C.CONFIDENTIAL]
    await Decision.filter(id=world.decisions[C.INTERNAL].id).update(
        agreement_id=hidden_agreement.id
    )
    tied = await ActionItem.create(
        committee_id=world.bodies["sc"].id,
        title="Tied action",
        classification=C.INTERNAL,
        decision_id=hidden_decision.id,
    )
    # The participant's organization commits on an agreement the participant may not see.
    await Commitment.create(
        agreement_id=hidden_agreement.id,
        party_id=world.orgs["municipality"].id,
        description="Municipal contribution",
    )

    outsider = world.tokens["participant"]
    response = await fetch(client, "/exports/decisions.csv", outsider)
    rows = {r["reference"]: r for r in table(response)}
    assert rows[world.decisions[C.INTERNAL].reference]["agreement"] == ""
    assert hidden_agreement.reference not in response.text
    response = await fetch(
        client, "/exports/action-items.csv?committee=mcpp-steering-committee", outsider
    )
    rows = {r["title"]: r for r in table(response)}
    assert rows[tied.title]["decision"] == ""
    assert hidden_decision.reference not in response.text
    response = await fetch(client, "/exports/commitments.csv", outsider)
    assert [(r["description"], r["agreement"]) for r in table(response)] == [
        ("Municipal contribution", "")
    ]
    assert hidden_agreement.reference not in response.text

    # Those who may see the agreement and the decision read their references.
    member = world.tokens["member"]
    rows = {r["reference"]: r for r in await rows_of(client, "decisions.csv", member)}
    assert rows[world.decisions[C.INTERNAL].reference]["agreement"] == hidden_agreement.reference
    rows = {r["title"]: r for r in await rows_of(client, "action-items.csv", member)}
    assert rows[tied.title]["decision"] == hidden_decision.reference
    rows = await rows_of(client, "commitments.csv", member)
    assert [(r["description"], r["agreement"]) for r in rows] == [
        ("Municipal contribution", hidden_agreement.reference)
    ]


def raw(response) -> str:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(BOM.encode("utf-8"))
    return response.content.decode("utf-8").removeprefix(BOM)


async def test_the_files_open_in_a_spreadsheet_with_header_and_attachment_name(client):
    world = await build_world()
    await Decision.filter(id=world.decisions[C.PUBLIC].id).update(
        title="Approve the Kéllé water plan",
        text="Résolu:\n- fund it",
        agreement_id=world.agreements[C.PUBLIC].id,
        release=ReleaseStatus.CLEARED_FOR_RELEASE,
    )
    await ActionItem.filter(id=world.action_items[C.PUBLIC].id).update(
        owner_person_id=world.people["member"].id
    )
    await Commitment.create(
        agreement_id=world.agreements[C.PUBLIC].id,
        party_id=world.orgs["company"].id,
        description="Bulk water infrastructure",
        amount_minor=450_000_000_000,
        currency="ZAR",
        due_date=TODAY + timedelta(days=30),
        status=CommitmentStatus.ON_TRACK,
    )

    response = await client.get("/exports/decisions.csv")
    assert response.headers["content-disposition"] == 'attachment; filename="decisions.csv"'
    assert raw(response).startswith(
        "reference,title,committee,decided on,status,release,classification,agreement,text\r\n"
    )
    [row] = table(response)
    assert row == {
        "reference": world.decisions[C.PUBLIC].reference,
        "title": "Approve the Kéllé water plan",
        "committee": "MCPP Steering Committee",
        "decided on": TODAY.isoformat(),
        "status": "IN_FORCE",
        "release": "CLEARED_FOR_RELEASE",
        "classification": "PUBLIC",
        "agreement": world.agreements[C.PUBLIC].reference,
        "text": "Résolu:\n- fund it",
    }

    response = await client.get("/exports/action-items.csv")
    assert response.headers["content-disposition"] == 'attachment; filename="action-items.csv"'
    assert raw(response).startswith(
        "title,committee,decision,owner,due date,status,overdue,classification\r\n"
    )
    [row] = table(response)
    assert row == {
        "title": "PUBLIC action",
        "committee": "MCPP Steering Committee",
        "decision": "",
        "owner": "Member Person; Thabazimbi Local Municipality",
        "due date": (TODAY - timedelta(days=3)).isoformat(),
        "status": "OPEN",
        "overdue": "yes",
        "classification": "PUBLIC",
    }

    response = await client.get("/exports/commitments.csv")
    assert response.headers["content-disposition"] == 'attachment; filename="commitments.csv"'
    assert raw(response).startswith(
        "agreement,party,description,amount,currency,due date,status\r\n"
    )
    [row] = table(response)
    assert row == {
        "agreement": world.agreements[C.PUBLIC].reference,
        "party": "Anglo American",
        "description": "Bulk water infrastructure",
        "amount": "4500000000.00",  # major units, never 4.5E+9
        "currency": "ZAR",
        "due date": (TODAY + timedelta(days=30)).isoformat(),
        "status": "ON_TRACK",
    }


async def test_hostile_titles_text_and_names_come_out_as_text(client):
    world = await build_world()
    sc = world.bodies["sc"].id
    for number, hostile in enumerate(HOSTILE):
        await Decision.create(
            reference=f"SC-H-{number}", committee_id=sc, title=hostile, text=hostile,
            decided_on=TODAY, classification=C.PUBLIC, recorded_classification=C.PUBLIC,
        )  # fmt: skip
        await ActionItem.create(committee_id=sc, title=hostile, classification=C.PUBLIC)
        party = await Organization.create(name=hostile + f" {number}", kind="NGO")
        await Commitment.create(
            agreement_id=world.agreements[C.PUBLIC].id, party_id=party.id, description=hostile
        )
    escaped = {"'" + value for value in HOSTILE}

    rows = [r for r in await rows_of(client, "decisions.csv") if r["reference"].startswith("SC-H")]
    assert {r["title"] for r in rows} == escaped
    assert {r["text"] for r in rows} == escaped
    items = await rows_of(client, "action-items.csv")
    assert {r["title"] for r in items} == escaped | {"PUBLIC action"}
    commitments = await rows_of(client, "commitments.csv")
    assert {r["description"] for r in commitments} == escaped
    assert all(r["party"].startswith("'") for r in commitments)


async def filter_world() -> World:
    """The world, with: an IN_FORCE and a REVOKED PUBLIC decision of the operations unit
    a year ago, one tied to the PUBLIC agreement and cleared for release; PUBLIC action
    items of the operations unit, one DONE, one due next month, one blocked and late;
    PUBLIC commitments at every status."""
    world = await build_world()
    ou = world.bodies["ou"].id
    public = world.agreements[C.PUBLIC].id
    for reference, status, title, links in [
        ("OU-1", DecisionStatus.IN_FORCE, "Borehole maintenance", {"agreement_id": public}),
        ("OU-2", DecisionStatus.REVOKED, "Pipeline tender", {}),
    ]:
        await Decision.create(
            reference=reference, committee_id=ou, title=title, text="Resolved.",
            decided_on=TODAY - timedelta(days=365), classification=C.PUBLIC,
            recorded_classification=C.PUBLIC, status=status,
            release=ReleaseStatus.CLEARED_FOR_RELEASE if links else ReleaseStatus.NOT_FOR_RELEASE,
            **links,
        )  # fmt: skip
    for title, status, due in [
        ("Done", ActionStatus.DONE, TODAY - timedelta(days=10)),
        ("Upcoming", ActionStatus.IN_PROGRESS, TODAY + timedelta(days=30)),
        ("Stuck", ActionStatus.BLOCKED, TODAY - timedelta(days=1)),
    ]:
        await ActionItem.create(
            committee_id=ou, title=title, status=status, due_date=due, classification=C.PUBLIC
        )
    for status in CommitmentStatus:
        await Commitment.create(
            agreement_id=public
            if status != CommitmentStatus.MET
            else world.agreements[C.INTERNAL].id,
            party_id=world.orgs["company"].id,
            description=status.value,
            status=status,
        )
    return world


async def column(client, path: str, name: str, token: str | None = None) -> list[str]:
    return [row[name] for row in await rows_of(client, path, token)]


async def test_filters_read_as_the_api_arguments(client):
    world = await filter_world()
    sc_public = world.decisions[C.PUBLIC].reference
    year_ago = (TODAY - timedelta(days=365)).isoformat()
    decisions = "decisions.csv"
    # Newest first, as the register.
    assert await column(client, decisions, "reference") == [sc_public, "OU-2", "OU-1"]
    for query, found in [
        ("committee=operations-unit", ["OU-2", "OU-1"]),
        ("committee=operations-unit&status=IN_FORCE", ["OU-1"]),
        ("status=REVOKED", ["OU-2"]),
        ("release=CLEARED_FOR_RELEASE", ["OU-1"]),
        (f"agreement={world.agreements[C.PUBLIC].reference}", ["OU-1"]),
        (f"decidedTo={year_ago}", ["OU-2", "OU-1"]),
        (f"decidedFrom={(TODAY - timedelta(days=364)).isoformat()}", [sc_public]),
        (f"decidedFrom={year_ago}&decidedTo={year_ago}", ["OU-2", "OU-1"]),
        # The API's search (governance.search): words begin tokens, accents folded.
        ("search=boreh", ["OU-1"]),
        ("search=PIPELINE+tend", ["OU-2"]),
        ("search=ou-2", ["OU-2"]),
        ("search=publ", [sc_public]),
        ("search=orehole", []),
    ]:
        assert await column(client, f"{decisions}?{query}", "reference") == found, query

    items = "action-items.csv"
    assert await column(client, f"{items}?committee=operations-unit", "title") == [
        "Done", "Upcoming", "Stuck",
    ]  # fmt: skip
    for query, found in [
        ("committee=operations-unit&status=BLOCKED", ["Stuck"]),
        ("overdue=true", ["PUBLIC action", "Stuck"]),
        ("committee=operations-unit&overdue=false", ["Done", "Upcoming"]),
        ("committee=operations-unit&open=true", ["Upcoming", "Stuck"]),
        ("committee=operations-unit&open=false", ["Done"]),
    ]:
        assert await column(client, f"{items}?{query}", "title") == found, query
    # `mine`: what the viewer or their organization owns (the world's items are the
    # participant's organization's); nobody owns anything anonymously.
    participant = world.tokens["participant"]
    assert await column(client, f"{items}?mine=true", "title", participant) == [
        f"{level.value} action" for level in C
    ]
    assert await column(client, f"{items}?mine=true", "title") == []

    public = world.agreements[C.PUBLIC].reference
    assert await column(client, "commitments.csv", "description") == [
        s.value for s in CommitmentStatus if s != CommitmentStatus.MET
    ]
    assert await column(client, "commitments.csv?status=AT_RISK", "description") == ["AT_RISK"]
    assert await column(client, f"commitments.csv?agreement={public}&status=MET", "status") == []
    internal = world.agreements[C.INTERNAL].reference
    member = world.tokens["member"]
    assert await column(client, f"commitments.csv?agreement={internal}", "status", member) == [
        "MET"
    ]


async def test_a_bad_filter_is_a_400_that_says_why(client):
    world = await filter_world()
    hidden = world.agreements[C.CONFIDENTIAL].reference
    for query, words in [
        ("decisions.csv?status=LAPSED", "`status` is one of IN_FORCE, AMENDED, SUPERSEDED"),
        ("decisions.csv?release=MAYBE", "`release` is one of NOT_FOR_RELEASE"),
        ("decisions.csv?committee=nobody", "No committee has the slug `nobody`"),
        ("decisions.csv?committeeId=1", "Unknown filter `committeeId`"),
        ("decisions.csv?decidedFrom=31/03/2026", "`decidedFrom` is a date, as 2026-03-31"),
        ("decisions.csv?decidedTo=2026-02-30", "`decidedTo` is a date"),
        ("decisions.csv?agreement=NO-SUCH", "No agreement has the reference `NO-SUCH`"),
        # Out of sight reads exactly as absent.
        (f"decisions.csv?agreement={hidden}", f"No agreement has the reference `{hidden}`"),
        ("decisions.csv?search=" + "+".join(["w"] * 11), "search takes at most 10 words"),
        ("decisions.csv?search=", "`search` needs a value"),
        ("decisions.csv?status=IN_FORCE&status=REVOKED", "Give `status` once"),
        ("action-items.csv?status=LATE", "`status` is one of OPEN, IN_PROGRESS"),
        ("action-items.csv?overdue=yes", "`overdue` is true or false"),
        ("action-items.csv?open=1", "`open` is true or false"),
        ("action-items.csv?search=water", "Unknown filter `search`"),
        ("commitments.csv?status=LATE", "`status` is one of PENDING, ON_TRACK"),
        (f"commitments.csv?agreement={hidden}", f"No agreement has the reference `{hidden}`"),
    ]:
        response = await client.get(f"/exports/{query}")
        assert response.status_code == 400, query
        assert words in response.text, (query, response.text)
    # Allowed to whoever may see the agreement.
    member = world.tokens["member"]
    assert await column(client, f"decisions.csv?agreement={hidden}", "reference", member) == []


async def many_rows(world: World, count: int) -> None:
    """`count` CONFIDENTIAL decisions tied to the CONFIDENTIAL agreement, each with an action
    item tied to it; `count` commitments on that agreement."""
    agreement = world.agreements[C.CONFIDENTIAL].id
    sc = world.bodies["sc"].id
    await Decision.bulk_create(
        [
            Decision(
                reference=f"SC-M-{n:04d}", committee_id=sc, title=f"Decision {n}", text="Text.",
                decided_on=TODAY, classification=C.CONFIDENTIAL,
                recorded_classification=C.CONFIDENTIAL, agreement_id=agreement,
            )
            for n in range(count)
        ]
    )  # fmt: skip
    made = await Decision.filter(reference__startswith="SC-M-").values_list("id", flat=True)
    await ActionItem.bulk_create(
        [
            ActionItem(
                committee_id=sc, title=f"Action {n}", decision_id=decision,
                owner_person_id=world.people["chair"].id, classification=C.CONFIDENTIAL,
            )
            for n, decision in enumerate(made)
        ]
    )  # fmt: skip
    await Commitment.bulk_create(
        [
            Commitment(
                agreement_id=agreement, party_id=world.orgs["company"].id, description=f"C {n}"
            )
            for n in range(count)
        ]
    )


@pytest.mark.parametrize(
    "path",
    [
        "/exports/decisions.csv?committee=mcpp-steering-committee",
        "/exports/action-items.csv?status=OPEN",
        "/exports/commitments.csv?agreement=MCPP-AGR-03",
    ],
)
async def test_statements_are_the_same_for_3_and_300_rows(client, path):
    from tests.conftest import empty_tables

    counts, rows = {}, {}
    for count in (3, 300):
        await empty_tables()
        world = await build_world()
        await many_rows(world, count)
        with counting_statements() as statements:
            response = await fetch(client, path, world.tokens["member"])
        rows[count] = len(table(response))
        counts[count] = len(statements)
    print(f"{path}: SQL statements for 3 and 300 rows: {counts}")
    assert rows[300] - rows[3] == 297, rows
    assert counts[3] == counts[300], counts
    assert counts[300] <= 8, counts


async def test_a_long_register_is_read_in_keyset_chunks_each_row_once(client, monkeypatch):
    """Chunks of 100: the world's 4 and 300 more decisions, all of one day (the register's
    order ties on the date, and the id breaks it), are three full chunks and one of 4,
    each resuming after the last row before, every row exactly once."""
    world = await build_world()
    await many_rows(world, 300)
    monkeypatch.setattr(csv_export, "CHUNK", 100)
    with counting_statements() as statements:
        response = await fetch(client, "/exports/decisions.csv", world.tokens["chair"])
    references = [row["reference"] for row in table(response)]
    expected = (
        await Decision.all().order_by("-decided_on", "-id").values_list("reference", flat=True)
    )
    assert references == expected and len(references) == 304
    reads = [s for s in statements if 'FROM "decision"' in s and "LIMIT" in s]
    assert len(reads) == 4, reads


EXPORT_LINK = re.compile(r'<a href="(/exports/[^"]+)" download>')


def export_link(page) -> str:
    assert page.status_code == 200, page.text
    [link] = EXPORT_LINK.findall(page.text)
    return html.unescape(link)


async def test_each_admin_list_links_to_its_export_with_its_filters(client):
    world = await filter_world()
    await Person.all().update(password_hash=PASSWORD_HASH)
    chair = await sign_in(client, world.people["chair"].email)

    # The register, filtered and searched: the link gives the rows on screen.
    ou = world.bodies["ou"].id
    page = await chair.get(f"/admin/decisions?committee={ou}&status=IN_FORCE&q=borehole")
    link = export_link(page)
    assert (
        link == "/exports/decisions.csv?committee=operations-unit&status=IN_FORCE&search=borehole"
    )
    assert [r["reference"] for r in table(await chair.get(link))] == ["OU-1"]
    # Through htmx, the filters swap the results, and the link with them.
    page = await chair.get(
        "/admin/decisions?release=CLEARED_FOR_RELEASE", headers={"HX-Request": "true"}
    )
    assert export_link(page) == "/exports/decisions.csv?release=CLEARED_FOR_RELEASE"
    # Words the search rule refuses leave the list whole (and say why): so does the link.
    page = await chair.get("/admin/decisions?q=" + "+".join(["w"] * 11))
    assert export_link(page) == "/exports/decisions.csv"
    # Nothing found, nothing offered.
    page = await chair.get("/admin/decisions?q=zebra")
    assert "No decisions match." in page.text and not EXPORT_LINK.search(page.text)
    # Unfiltered, every decision the chair may see.
    link = export_link(await chair.get("/admin/decisions"))
    assert link == "/exports/decisions.csv"
    assert len(table(await chair.get(link))) == 6

    # Action items: the list's default is the unfinished ones.
    link = export_link(await chair.get("/admin/action-items"))
    assert link == "/exports/action-items.csv?open=true"
    titles = [r["title"] for r in table(await chair.get(link))]
    assert "Done" not in titles and "Upcoming" in titles
    await ActionItem.filter(title="Done").update(owner_person_id=world.people["chair"].id)
    link = export_link(await chair.get("/admin/action-items?open=0&mine=1"))
    assert link == "/exports/action-items.csv?mine=true"
    assert [r["title"] for r in table(await chair.get(link))] == ["Done"]

    # An agreement's page: its commitments.
    agreement = world.agreements[C.PUBLIC]
    link = export_link(await chair.get(f"/admin/agreements/{agreement.id}"))
    assert link == f"/exports/commitments.csv?agreement={agreement.reference}"
    assert len(table(await chair.get(link))) == len(CommitmentStatus) - 1
