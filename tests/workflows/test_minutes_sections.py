"""Minutes by agenda item (saveMinutesSections, Minutes.sections), and what a save does to
circulated minutes: they become a draft again, to be circulated before approval."""

from __future__ import annotations

import json

from governance import minutes as minutes_book
from governance.enums import Classification
from governance.models import AuditEvent, Minutes, MinutesSection, MinutesVersion
from tests.graphql import codes, gid, gql
from tests.workflows.helpers import ok, pk, refused
from tests.workflows.helpers import workflow_world as build
from tests.world import agenda_item_at, meeting_at

C = Classification
SECTIONS = """mutation($m: ID!, $s: [MinutesSectionInput!]!, $v: Int) {
  saveMinutesSections(meetingId: $m, sections: $s, expectedVersion: $v) {
    status version content
    sections { agendaItem { id title position } content contentHtml }
  }
}"""
SAVE = """mutation($m: ID!, $c: String!, $v: Int) {
  saveMinutes(meetingId: $m, content: $c, expectedVersion: $v) { status version content }
}"""
CIRCULATE = "mutation($m: ID!) { circulateMinutes(meetingId: $m) { status version } }"
APPROVE = "mutation($m: ID!) { approveMinutes(meetingId: $m) { status } }"
READ = """query($id: ID!) { node(id: $id) { ... on Meeting {
  agenda { id title position }
  minutes { status version content contentHtml
    sections { agendaItem { id title position } content contentHtml } } } } }"""


async def confidential_meeting_with_agenda(world):
    """A CONFIDENTIAL meeting: an open item, a RESTRICTED (closed-session) one, another open."""
    meeting = await meeting_at(world, C.CONFIDENTIAL, "Budget meeting")
    items = [
        await agenda_item_at(world, meeting, C.CONFIDENTIAL, "Opening"),
        await agenda_item_at(world, meeting, C.RESTRICTED, "Closed session: the dismissal"),
        await agenda_item_at(world, meeting, C.CONFIDENTIAL, "Water tariffs"),
    ]
    return gid("Meeting", meeting.id), [gid("AgendaItem", item.id) for item in items]


def section(item: str, content: str) -> dict[str, str]:
    return {"agendaItemId": item, "content": content}


async def test_sections_are_saved_per_agenda_item_and_read_in_agenda_order(client):
    world = await build()
    meeting, (opening, closed, tariffs) = await confidential_meeting_with_agenda(world)
    chair = world.tokens["chair"]  # the chair sees the RESTRICTED item too

    first = await ok(
        client,
        SECTIONS,
        {"m": meeting, "s": [section(tariffs, "**Adopted** <script>x()</script>")]},
        token=chair,
    )
    minutes = first["saveMinutesSections"]
    assert (minutes["status"], minutes["version"], minutes["content"]) == ("DRAFT", 1, "")
    # One section per agenda item, in agenda order, written or not.
    assert [(s["agendaItem"]["id"], s["content"]) for s in minutes["sections"]] == [
        (opening, ""),
        (closed, ""),
        (tariffs, "**Adopted** <script>x()</script>"),
    ]
    html = minutes["sections"][2]["contentHtml"]
    assert "<strong>Adopted</strong>" in html
    assert "<script>" not in html  # the same sanitiser as the minutes' contentHtml

    # The general part and the sections share one version.
    general = await ok(client, SAVE, {"m": meeting, "c": "Present: all.", "v": 1}, token=chair)
    assert general["saveMinutes"]["version"] == 2
    second = await ok(
        client,
        SECTIONS,
        {"m": meeting, "s": [section(opening, "Opened at nine."), section(closed, "Agreed.")],
         "v": 2},
        token=chair,
    )  # fmt: skip
    minutes = second["saveMinutesSections"]
    assert minutes["version"] == 3
    assert minutes["content"] == "Present: all."  # untouched by a sections save
    assert [s["content"] for s in minutes["sections"]] == [
        "Opened at nine.",
        "Agreed.",
        "**Adopted** <script>x()</script>",
    ]

    # Every version keeps the general part and the sections as they then were.
    row = await Minutes.get(meeting_id=pk(meeting))
    kept = await MinutesVersion.filter(minutes_id=row.id).order_by("version")
    assert [v.content for v in kept] == ["", "Present: all.", "Present: all."]
    assert [len(v.sections or {}) for v in kept] == [1, 1, 3]
    assert await MinutesSection.filter(minutes_id=row.id).count() == 3
    # Audited, without quoting the text of a confidential item.
    events = await AuditEvent.filter(action="minutes.save", subject_id=row.id).order_by("seq")
    assert len(events) == 3
    assert "agenda item sections" in events[2].summary
    assert not any("Agreed" in e.summary or "Adopted" in e.summary for e in events)


async def test_who_may_save_sections(client):
    world = await build()
    meeting, (opening, _closed, _tariffs) = await confidential_meeting_with_agenda(world)
    variables = {"m": meeting, "s": [section(opening, "Opened at nine.")]}
    roles = ["anonymous", "participant", "party", "admin", "member", "observer"]
    assert await codes(client, world, SECTIONS, variables, roles) == {
        "anonymous": "UNAUTHENTICATED",
        "participant": "NOT_FOUND",  # may not see the meeting
        "party": "NOT_FOUND",
        "admin": "NOT_FOUND",
        "member": "FORBIDDEN",  # sees it, does not keep its minutes
        "observer": "FORBIDDEN",
    }
    assert not await Minutes.exists(meeting_id=pk(meeting))
    saved = await ok(client, SECTIONS, variables, token=world.tokens["secretary"])
    assert saved["saveMinutesSections"]["version"] == 1
    # A meeting nobody has: NOT_FOUND, as for a hidden one.
    missing = {**variables, "m": gid("Meeting", 999_999)}
    assert await refused(client, SECTIONS, missing, token=world.tokens["chair"]) == "NOT_FOUND"


async def test_a_stale_version_is_a_conflict_never_an_overwrite(client):
    world = await build()
    meeting, (opening, _closed, tariffs) = await confidential_meeting_with_agenda(world)
    sec, chair = world.tokens["secretary"], world.tokens["chair"]
    await ok(client, SECTIONS, {"m": meeting, "s": [section(opening, "One.")]}, token=sec)
    # Saving over existing minutes without saying which version was edited: refused.
    blind = {"m": meeting, "s": [section(opening, "Blind.")]}
    assert await refused(client, SECTIONS, blind, token=chair) == "CONFLICT"
    await ok(client, SECTIONS, {"m": meeting, "s": [section(tariffs, "Two.")], "v": 1}, token=chair)
    stale = {"m": meeting, "s": [section(opening, "The secretary's edit of one.")], "v": 1}
    assert await refused(client, SECTIONS, stale, token=sec) == "CONFLICT"
    # The general part moved the version too: a sections save from before it is stale.
    await ok(client, SAVE, {"m": meeting, "c": "General.", "v": 2}, token=sec)
    assert await refused(client, SECTIONS, {**stale, "v": 2}, token=sec) == "CONFLICT"
    read = await ok(client, READ, {"id": meeting}, token=chair)
    assert [s["content"] for s in read["node"]["minutes"]["sections"]] == ["One.", "", "Two."]
    assert read["node"]["minutes"]["version"] == 3


async def test_input_is_bounded_and_names_items_of_this_meeting_only(client):
    world = await build()
    meeting, (opening, closed, _tariffs) = await confidential_meeting_with_agenda(world)
    other, (elsewhere, *_rest) = await confidential_meeting_with_agenda(world)
    sec = world.tokens["secretary"]

    async def answer(sections, token=sec):
        result = await gql(client, SECTIONS, {"m": meeting, "s": sections}, token=token)
        return result.only_code(), result.errors[0]["message"]

    # An item of another meeting, and one the secretary may not see (RESTRICTED, not named
    # on it): refused alike, so the answer tells nothing of the hidden one.
    assert await answer([section(elsewhere, "x")]) == (
        "BAD_USER_INPUT",
        "sections[0].agendaItemId is not an item on this meeting's agenda.",
    )
    assert await answer([section(opening, "x"), section(closed, "x")]) == (
        "BAD_USER_INPUT",
        "sections[1].agendaItemId is not an item on this meeting's agenda.",
    )
    assert (await answer([section(gid("AgendaItem", 999_999), "x")]))[0] == "BAD_USER_INPUT"
    assert (await answer([section(opening, "a"), section(opening, "b")]))[0] == "BAD_USER_INPUT"
    too_long = "x" * (100_000 + 1)
    assert (await answer([section(opening, too_long)]))[0] == "BAD_USER_INPUT"
    too_many = [section(opening, "x")] * (minutes_book.MAX_SECTIONS + 1)
    assert (await answer(too_many))[0] == "BAD_USER_INPUT"
    # Nothing was saved by any of them.
    assert not await Minutes.exists(meeting_id=pk(meeting))
    assert other != meeting


async def test_saving_circulated_minutes_returns_them_to_draft(client):
    world = await build()
    meeting, (opening, _closed, _tariffs) = await confidential_meeting_with_agenda(world)
    sec, chair = world.tokens["secretary"], world.tokens["chair"]
    await ok(client, SAVE, {"m": meeting, "c": "Draft."}, token=sec)
    assert (await ok(client, CIRCULATE, {"m": meeting}, token=sec))["circulateMinutes"][
        "status"
    ] == "CIRCULATED"

    # Through saveMinutes: a draft again, and not approvable until circulated again.
    saved = await ok(client, SAVE, {"m": meeting, "c": "Corrected.", "v": 1}, token=sec)
    assert saved["saveMinutes"] == {"status": "DRAFT", "version": 2, "content": "Corrected."}
    assert await refused(client, APPROVE, {"m": meeting}, token=chair) == "INVALID_TRANSITION"
    await ok(client, CIRCULATE, {"m": meeting}, token=sec)

    # Through saveMinutesSections alike.
    saved = await ok(
        client, SECTIONS, {"m": meeting, "s": [section(opening, "Opened.")], "v": 2}, token=sec
    )
    assert (saved["saveMinutesSections"]["status"], saved["saveMinutesSections"]["version"]) == (
        "DRAFT",
        3,
    )
    row = await Minutes.get(meeting_id=pk(meeting))
    assert row.circulated_at is None
    summaries = [
        e.summary
        for e in await AuditEvent.filter(action="minutes.save", subject_id=row.id).order_by("seq")
    ]
    assert [s.endswith("they were circulated and are a draft again") for s in summaries] == [
        False,
        True,
        True,
    ]
    assert await refused(client, APPROVE, {"m": meeting}, token=chair) == "INVALID_TRANSITION"
    await ok(client, CIRCULATE, {"m": meeting}, token=sec)
    assert (await ok(client, APPROVE, {"m": meeting}, token=chair))["approveMinutes"] == {
        "status": "APPROVED"
    }


async def test_approved_minutes_are_frozen_for_sections_too(client):
    world = await build()
    meeting, (opening, _closed, _tariffs) = await confidential_meeting_with_agenda(world)
    sec, chair = world.tokens["secretary"], world.tokens["chair"]
    await ok(client, SECTIONS, {"m": meeting, "s": [section(opening, "Final.")]}, token=sec)
    await ok(client, CIRCULATE, {"m": meeting}, token=sec)
    await ok(client, APPROVE, {"m": meeting}, token=chair)
    changed = {"m": meeting, "s": [section(opening, "Changed after approval.")], "v": 1}
    assert await refused(client, SECTIONS, changed, token=chair) == "INVALID_TRANSITION"
    assert await refused(client, SAVE, {"m": meeting, "c": "No.", "v": 1}, token=sec) == (
        "INVALID_TRANSITION"
    )
    read = await ok(client, READ, {"id": meeting}, token=chair)
    assert read["node"]["minutes"]["status"] == "APPROVED"
    assert read["node"]["minutes"]["sections"][0]["content"] == "Final."


async def test_a_member_reads_no_section_of_an_item_they_may_not_see(client):
    world = await build()
    meeting, (opening, closed, tariffs) = await confidential_meeting_with_agenda(world)
    secret = "The dismissal of the treasurer was agreed."
    await ok(
        client,
        SECTIONS,
        {"m": meeting, "s": [section(opening, "Opened at nine."), section(closed, secret),
                             section(tariffs, "Tariffs adopted.")]},
        token=world.tokens["chair"],
    )  # fmt: skip

    # The chair sees the closed session; the member does not: no section, no title, no
    # placeholder, no gap in the numbers, and the text nowhere in the answer.
    chair = await ok(client, READ, {"id": meeting}, token=world.tokens["chair"])
    assert [s["agendaItem"]["position"] for s in chair["node"]["minutes"]["sections"]] == [1, 2, 3]
    assert secret in json.dumps(chair)

    for role in ("member", "secretary"):  # neither is named on the RESTRICTED item
        read = await ok(client, READ, {"id": meeting}, token=world.tokens[role])
        sections = read["node"]["minutes"]["sections"]
        assert [(s["agendaItem"]["id"], s["agendaItem"]["position"]) for s in sections] == [
            (opening, 1),
            (tariffs, 2),
        ], role
        assert [s["content"] for s in sections] == ["Opened at nine.", "Tariffs adopted."]
        text = json.dumps(read)
        assert secret not in text and "dismissal" not in text, role
        assert closed not in text, role
