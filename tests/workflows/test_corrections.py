"""Corrections (issue 11): an admin corrects a body (its time zone too), the author edits a
draft update, a reviewer returns an update to its author with a reason, the board edits a
draft recommendation. Each is audited and refused as the write table says."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from governance import recommendations
from governance.enums import BodyKind, Classification, MemberRole, UpdateStatus
from governance.errors import BadInput, Forbidden, InvalidTransition, NotFound
from governance.models import AuditEvent, Body, Membership, Person, Recommendation, Update
from tests.graphql import gid, gql
from tests.workflows.helpers import ok, refused, viewer
from tests.workflows.helpers import workflow_world as build
from tests.world import TODAY

C = Classification
S = UpdateStatus

BODY = "id name mandate quorum timeZone"
UPDATE_BODY = f"""mutation($b: ID!, $input: UpdateBodyInput!) {{
  updateBody(bodyId: $b, input: $input) {{ {BODY} }}
}}"""
CREATE_BODY = f"""mutation($input: CreateBodyInput!) {{ createBody(input: $input) {{ {BODY} }} }}"""
READ_BODY = """query($slug: String!) {
  body(slug: $slug) { timeZone ... on Committee { timeZone } ... on AdvisoryBoard { timeZone } }
}"""

UPDATE = "id title summary body urgent status returnReason decisions { reference }"
UPDATE_DRAFT = f"""mutation($u: ID!, $input: UpdateDraftInput!) {{
  updateDraft(updateId: $u, input: $input) {{ {UPDATE} }}
}}"""
RETURN = f"""mutation($u: ID!, $r: String!) {{
  returnUpdate(updateId: $u, reason: $r) {{ {UPDATE} }}
}}"""
SUBMIT = f"mutation($u: ID!) {{ submitUpdate(updateId: $u) {{ {UPDATE} }} }}"
READ_UPDATE = f"query($u: ID!) {{ node(id: $u) {{ ... on Update {{ {UPDATE} }} }} }}"


async def events(action: str, subject_type: str, subject_id: int) -> list[AuditEvent]:
    return await AuditEvent.filter(
        action=action, subject_type=subject_type, subject_id=subject_id
    ).order_by("seq")


# ------------------------------------------------------------------ updateBody


async def test_only_an_admin_corrects_a_body(client):
    world = await build()
    sc = world.bodies["sc"]
    change = {"b": gid("Committee", sc.id), "input": {"quorum": 3}}
    assert await refused(client, UPDATE_BODY, change, token=None) == "UNAUTHENTICATED"
    # The body's own chair and secretary keep its meetings, not its constitution.
    for role in ("participant", "chair", "secretary", "comms"):
        assert await refused(client, UPDATE_BODY, change, token=world.tokens[role]) == "FORBIDDEN"
    assert (await Body.get(id=sc.id)).quorum == sc.quorum
    assert not await events("body.update", "body", sc.id)

    updated = (
        await ok(
            client,
            UPDATE_BODY,
            {
                "b": gid("Committee", sc.id),
                "input": {
                    "name": "Steering Committee of the MCPP",
                    "mandate": "Steers the **water** programme.",
                    "quorum": 3,
                    "timeZone": "Africa/Johannesburg",
                },
            },
            token=world.tokens["admin"],
        )
    )["updateBody"]
    assert updated == {
        "id": gid("Committee", sc.id),
        "name": "Steering Committee of the MCPP",
        "mandate": "Steers the **water** programme.",
        "quorum": 3,
        "timeZone": "Africa/Johannesburg",
    }
    # The zone reads back through the interface and the concrete type alike, for anyone.
    read = await ok(client, READ_BODY, {"slug": sc.slug}, token=None)
    assert read["body"] == {"timeZone": "Africa/Johannesburg"}
    (event,) = await events("body.update", "body", sc.id)
    assert event.actor_id == world.people["admin"].id
    assert "quorum 2 → 3" in event.summary
    assert "time zone UTC → Africa/Johannesburg" in event.summary
    assert "name MCPP Steering Committee → Steering Committee of the MCPP" in event.summary

    # Only what is given changes; an empty mandate clears it; no change, no event.
    cleared = await ok(
        client,
        UPDATE_BODY,
        {"b": gid("Committee", sc.id), "input": {"mandate": ""}},
        token=world.tokens["admin"],
    )
    assert cleared["updateBody"]["mandate"] is None
    assert cleared["updateBody"]["quorum"] == 3
    same = {"b": gid("Committee", sc.id), "input": {"quorum": 3}}
    await ok(client, UPDATE_BODY, same, token=world.tokens["admin"])
    assert len(await events("body.update", "body", sc.id)) == 2


async def test_a_body_refuses_a_zone_that_is_not_one_and_a_quorum_out_of_bounds(client):
    world = await build()
    sc, admin = world.bodies["sc"], world.tokens["admin"]
    body = gid("Committee", sc.id)
    for zone in ("Mars/Olympus", "africa/bamako", "../../etc/passwd", "localtime", ""):
        result_code = await refused(
            client, UPDATE_BODY, {"b": body, "input": {"timeZone": zone}}, token=admin
        )
        assert result_code == "BAD_USER_INPUT", zone
    for quorum in (0, -1, 501):
        change = {"b": body, "input": {"quorum": quorum}}
        assert await refused(client, UPDATE_BODY, change, token=admin) == "BAD_USER_INPUT"
    unchanged = await Body.get(id=sc.id)
    assert (unchanged.time_zone, unchanged.quorum) == ("UTC", sc.quorum)
    assert not await events("body.update", "body", sc.id)


async def test_the_zone_refusal_says_what_a_zone_is(client):
    world = await build()
    change = {"b": gid("Committee", world.bodies["sc"].id), "input": {"timeZone": "Mars/Olympus"}}
    result = await gql(client, UPDATE_BODY, change, token=world.tokens["admin"])
    assert result.codes == ["BAD_USER_INPUT"]
    message = result.errors[0]["message"]
    assert "IANA time zone" in message and "Mars/Olympus" in message


async def test_a_body_that_does_not_exist_is_not_found(client):
    world = await build()
    missing = {"b": gid("Committee", 999_999), "input": {"quorum": 2}}
    assert await refused(client, UPDATE_BODY, missing, token=world.tokens["admin"]) == "NOT_FOUND"


async def test_a_body_is_created_in_utc_unless_a_zone_is_given(client):
    world = await build()
    admin = world.tokens["admin"]
    base = {"kind": "WORKING_GROUP", "quorum": 2}
    plain = await ok(
        client,
        CREATE_BODY,
        {"input": {**base, "name": "Water Working Group", "slug": "water-wg"}},
        token=admin,
    )
    assert plain["createBody"]["timeZone"] == "UTC"
    bamako = await ok(
        client,
        CREATE_BODY,
        {
            "input": {
                **base,
                "name": "Cadre de concertation",
                "slug": "cadre",
                "timeZone": "Africa/Bamako",
            }
        },
        token=admin,
    )
    assert bamako["createBody"]["timeZone"] == "Africa/Bamako"
    bad = {"input": {**base, "name": "Olympus", "slug": "olympus", "timeZone": "Mars/Olympus"}}
    assert await refused(client, CREATE_BODY, bad, token=admin) == "BAD_USER_INPUT"
    assert not await Body.filter(slug="olympus").exists()


# ------------------------------------------------------------------ updateDraft


async def update_at(world, status: S, title: str = "Update", author: str = "comms") -> Update:
    return await Update.create(
        title=title, body="Body.", status=status, author_id=world.people[author].id,
        listed_at=datetime.now(UTC),
    )  # fmt: skip


async def test_the_author_edits_a_draft_update(client):
    world = await build()
    draft = await update_at(world, S.DRAFT, "Boil water")
    decision = world.decisions[C.INTERNAL]
    change = {
        "u": gid("Update", draft.id),
        "input": {
            "title": "Boil-water notice",
            "summary": "Ward 4.",
            "body": "Boil **all** water.",
            "urgent": True,
            "decisionIds": [gid("Decision", decision.id)],
        },
    }
    # Anonymous: unauthenticated; not on the team: the draft does not exist for them; on
    # the team but not its author: they see it and may not edit it.
    assert await refused(client, UPDATE_DRAFT, change, token=None) == "UNAUTHENTICATED"
    for role in ("participant", "member", "admin"):
        assert await refused(client, UPDATE_DRAFT, change, token=world.tokens[role]) == "NOT_FOUND"
    assert await refused(client, UPDATE_DRAFT, change, token=world.tokens["comms2"]) == "FORBIDDEN"
    assert (await Update.get(id=draft.id)).title == "Boil water"

    edited = (await ok(client, UPDATE_DRAFT, change, token=world.tokens["comms"]))["updateDraft"]
    assert edited["title"] == "Boil-water notice"
    assert (edited["summary"], edited["body"], edited["urgent"]) == (
        "Ward 4.",
        "Boil **all** water.",
        True,
    )
    assert edited["status"] == "DRAFT"
    assert edited["decisions"] == [{"reference": decision.reference}]
    (event,) = await events("update.edit", "update", draft.id)
    assert event.actor_id == world.people["comms"].id

    # What is not given stays; an empty list unlinks; an empty summary clears it.
    again = {"u": gid("Update", draft.id), "input": {"summary": "", "decisionIds": []}}
    edited = (await ok(client, UPDATE_DRAFT, again, token=world.tokens["comms"]))["updateDraft"]
    assert (edited["title"], edited["summary"], edited["decisions"]) == (
        "Boil-water notice",
        None,
        [],
    )
    blank = {"u": gid("Update", draft.id), "input": {"title": "  "}}
    assert await refused(client, UPDATE_DRAFT, blank, token=world.tokens["comms"]) == (
        "BAD_USER_INPUT"
    )


async def test_a_draft_is_edited_only_while_it_is_a_draft(client):
    world = await build()
    for status in (S.IN_REVIEW, S.APPROVED, S.PUBLISHED, S.RETRACTED):
        update = await update_at(world, status, f"{status.value} update")
        change = {"u": gid("Update", update.id), "input": {"title": "Changed"}}
        code = await refused(client, UPDATE_DRAFT, change, token=world.tokens["comms"])
        assert code == "INVALID_TRANSITION", status
        assert (await Update.get(id=update.id)).title == f"{status.value} update"
    # A published update is public: someone outside the team sees it, and may not edit it.
    published = await Update.get(status=S.PUBLISHED, title="PUBLISHED update")
    change = {"u": gid("Update", published.id), "input": {"title": "Changed"}}
    assert await refused(client, UPDATE_DRAFT, change, token=world.tokens["member"]) == "FORBIDDEN"


async def test_a_draft_links_only_decisions_its_author_sees_and_keeps_those_it_cannot(client):
    world = await build()
    draft = await update_at(world, S.DRAFT)
    hidden = world.decisions[C.CONFIDENTIAL]  # the communications officer is on no committee
    shown = world.decisions[C.INTERNAL]
    linking_hidden = {
        "u": gid("Update", draft.id),
        "input": {"decisionIds": [gid("Decision", hidden.id)]},
    }
    code = await refused(client, UPDATE_DRAFT, linking_hidden, token=world.tokens["comms"])
    assert code == "NOT_FOUND"
    assert not await draft.decisions.all()

    # A link its author can no longer see (made when they could) stays: they cannot name it.
    await draft.decisions.add(hidden)
    relink = {"u": gid("Update", draft.id), "input": {"decisionIds": [gid("Decision", shown.id)]}}
    edited = (await ok(client, UPDATE_DRAFT, relink, token=world.tokens["comms"]))["updateDraft"]
    assert edited["decisions"] == [{"reference": shown.reference}]
    assert sorted(d.id for d in await draft.decisions.all()) == sorted([hidden.id, shown.id])


# ------------------------------------------------------------------ returnUpdate


async def test_a_reviewer_returns_an_update_to_its_author_with_a_reason(client):
    world = await build()
    update = await update_at(world, S.IN_REVIEW, "Tariffs")
    ident = gid("Update", update.id)
    back = {"u": ident, "r": "Name the municipality and the date."}
    assert await refused(client, RETURN, back, token=None) == "UNAUTHENTICATED"
    for role in ("participant", "chair", "admin"):
        assert await refused(client, RETURN, back, token=world.tokens[role]) == "NOT_FOUND"
    # Its author sees it, and is no reviewer of their own update.
    assert await refused(client, RETURN, back, token=world.tokens["comms"]) == "FORBIDDEN"
    for reason in ("", "   ", "x" * 1001):
        blank = {"u": ident, "r": reason}
        assert await refused(client, RETURN, blank, token=world.tokens["comms2"]) == (
            "BAD_USER_INPUT"
        )
    assert (await Update.get(id=update.id)).status == S.IN_REVIEW

    returned = (await ok(client, RETURN, back, token=world.tokens["comms2"]))["returnUpdate"]
    assert returned["status"] == "DRAFT"
    assert returned["returnReason"] == "Name the municipality and the date."
    (event,) = await events("update.return", "update", update.id)
    assert event.actor_id == world.people["comms2"].id
    assert "Name the municipality" not in event.summary  # the trail says that, not what

    # The author reads why, edits the draft and submits it again: the reason is answered.
    seen = await ok(client, READ_UPDATE, {"u": ident}, token=world.tokens["comms"])
    assert seen["node"]["returnReason"] == "Name the municipality and the date."
    fixed = {"u": ident, "input": {"body": "eThekwini, from 1 July."}}
    await ok(client, UPDATE_DRAFT, fixed, token=world.tokens["comms"])
    resubmitted = await ok(client, SUBMIT, {"u": ident}, token=world.tokens["comms"])
    assert resubmitted["submitUpdate"]["status"] == "IN_REVIEW"
    assert resubmitted["submitUpdate"]["returnReason"] is None


async def test_only_an_update_in_review_is_returned(client):
    world = await build()
    for status in (S.DRAFT, S.APPROVED, S.PUBLISHED, S.RETRACTED):
        update = await update_at(world, status, f"{status.value} update")
        back = {"u": gid("Update", update.id), "r": "Again."}
        code = await refused(client, RETURN, back, token=world.tokens["comms2"])
        assert code == "INVALID_TRANSITION", status
        assert (await Update.get(id=update.id)).status == status
    assert not await AuditEvent.filter(action="update.return").exists()


# ------------------------------------------------------------------ a draft recommendation
# The contract has no mutation that edits a recommendation: the admin edits one through
# governance.recommendations.edit_recommendation, tested here.


async def drafted_by(world, role: str) -> Recommendation:
    return await recommendations.draft_recommendation(
        await viewer(world.people[role]),
        board_id=world.bodies["pab"].id,
        addressed_to_id=world.bodies["sc"].id,
        title="Ring-fence water revenue",
        text="Ring-fence it.",
        rationale=None,
        classification=C.CONFIDENTIAL,
    )


async def edit(world, role: str, rec: Recommendation, **changes) -> Recommendation:
    fields = {
        "title": rec.title,
        "text": rec.text,
        "rationale": rec.rationale,
        "addressed_to_id": rec.addressed_to_id,
        **changes,
    }
    return await recommendations.edit_recommendation(
        await viewer(world.people[role]), recommendation_id=rec.id, **fields
    )


async def test_the_drafter_or_the_boards_chair_edits_a_draft_recommendation():
    world = await build()
    rec = await drafted_by(world, "advisor")
    assert rec.drafted_by_id == world.people["advisor"].id
    # Another member of the board sees the draft, and did not write it.
    other = await Person.create(name="Other Advisor", email="other@example.org")
    await Membership.create(
        body_id=world.bodies["pab"].id, person_id=other.id, role=MemberRole.MEMBER,
        voting_rights=True, start_date=TODAY,
    )  # fmt: skip
    with pytest.raises(Forbidden):
        await recommendations.edit_recommendation(
            await viewer(other),
            recommendation_id=rec.id,
            title="Mine now",
            text=rec.text,
            rationale=None,
            addressed_to_id=rec.addressed_to_id,
        )
    # The committee addressed does not see a draft at all.
    for role in ("chair", "participant"):
        with pytest.raises(NotFound):
            await edit(world, role, rec, title="Seen")
    assert (await Recommendation.get(id=rec.id)).title == "Ring-fence water revenue"

    ou = world.bodies["ou"]
    edited = await edit(
        world, "advisor", rec, title="Ring-fence the water revenue", addressed_to_id=ou.id
    )
    assert (edited.title, edited.addressed_to_id) == ("Ring-fence the water revenue", ou.id)
    edited = await edit(world, "board_chair", edited, rationale="The **audit** found leakage.")
    assert edited.rationale == "The **audit** found leakage."
    trail = await events("recommendation.edit", "recommendation", rec.id)
    assert [e.actor_id for e in trail] == [
        world.people["advisor"].id,
        world.people["board_chair"].id,
    ]
    # A confidential draft: the trail names it by reference, never by its title.
    assert all("Ring-fence" not in e.summary and rec.reference in e.summary for e in trail)


async def test_a_recommendation_is_edited_only_while_it_is_a_draft():
    world = await build()
    rec = await drafted_by(world, "advisor")
    pab_board = await Body.get(id=world.bodies["pab"].id)
    assert pab_board.kind == BodyKind.ADVISORY_BOARD
    with pytest.raises(BadInput, match="addressed to a committee"):
        await edit(world, "advisor", rec, addressed_to_id=pab_board.id)
    await recommendations.submit_recommendation(
        await viewer(world.people["board_chair"]), recommendation_id=rec.id
    )
    submitted = await Recommendation.get(id=rec.id)
    for role in ("advisor", "board_chair"):
        with pytest.raises(InvalidTransition, match="only a DRAFT recommendation can be edited"):
            await edit(world, role, submitted, title="Too late")
    assert (await Recommendation.get(id=rec.id)).title == "Ring-fence water revenue"
