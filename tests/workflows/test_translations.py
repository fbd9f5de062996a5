"""An update's language and its translations (issue 15): drafted through the API, refused
when they would make no sense, and listed only where the viewer may see them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from governance import communications
from governance.enums import UpdateStatus
from governance.errors import Conflict
from governance.models import AuditEvent, Update
from permissions import load_viewer
from tests.api.test_sql_statements import counting_statements
from tests.graphql import gid, gql
from tests.workflows.helpers import ok, pk, refused
from tests.workflows.helpers import workflow_world as build

S = UpdateStatus
DRAFT = """mutation($input: DraftUpdateInput!) {
  draftUpdate(input: $input) { id language translations { id language } }
}"""
GROUP = """query($id: ID!) { node(id: $id) { ... on Update {
  language translations { title language status } } } }"""
FEED = """{ updates(first: 100) { edges { node { title language
  translations { title language } } } } }"""


def draft(title: str, **more: object) -> dict[str, object]:
    return {"input": {"title": title, "body": "Text.", **more}}


async def published(title: str, language: str = "en", of: Update | None = None, **more) -> Update:
    now = datetime.now(UTC)
    fields = {"status": S.PUBLISHED, "published_at": now, "listed_at": now, **more}
    return await Update.create(
        title=title, body="Text.", language=language, translation_of=of, **fields
    )


async def test_an_update_is_in_english_unless_told_and_names_its_translations(client):
    world = await build()
    comms = world.tokens["comms"]
    original = (await ok(client, DRAFT, draft("Water notice"), token=comms))["draftUpdate"]
    assert original["language"] == "en"
    assert original["translations"] == []
    french = await ok(
        client,
        DRAFT,
        draft("Avis sur l'eau", language="FR", translationOfId=original["id"]),
        token=comms,
    )
    french = french["draftUpdate"]
    assert french["language"] == "fr"  # written the usual way
    assert french["translations"] == [{"id": original["id"], "language": "en"}]
    assert (await Update.get(id=pk(french["id"]))).translation_of_id == pk(original["id"])
    audit = await AuditEvent.filter(action="update.draft").order_by("-id").first()
    assert audit is not None and "fr translation" in audit.summary

    # A translation of the translation is one more translation of the original.
    brazil = await ok(
        client,
        DRAFT,
        draft("Aviso", language="pt-br", translationOfId=french["id"]),
        token=comms,
    )
    assert brazil["draftUpdate"]["language"] == "pt-BR"
    assert (await Update.get(id=pk(brazil["draftUpdate"]["id"]))).translation_of_id == pk(
        original["id"]
    )
    group = await ok(client, GROUP, {"id": original["id"]}, token=comms)
    assert [t["language"] for t in group["node"]["translations"]] == ["fr", "pt-BR"]


async def test_a_bad_tag_an_unseen_original_and_a_second_version_in_a_language_are_refused(
    client,
):
    world = await build()
    comms = world.tokens["comms"]
    original = (await ok(client, DRAFT, draft("Water notice"), token=comms))["draftUpdate"]
    for bad in ("", "french", "f", "fr_FR-x-" + "a" * 20, "fr-", "<b>", "en-GB-oxendict-abcdefghi"):
        assert await refused(client, DRAFT, draft("T", language=bad), token=comms) == (
            "BAD_USER_INPUT"
        ), bad
    # An absent update and one the drafter may not see answer alike.
    missing = draft("T", translationOfId=gid("Update", 999_999))
    assert await refused(client, DRAFT, missing, token=comms) == "NOT_FOUND"
    assert (
        await refused(client, DRAFT, draft("T", translationOfId=gid("Decision", 1)), token=comms)
        == "BAD_USER_INPUT"
    )
    # Its own language, or one a translation already has: refused with a reason.
    again = draft("Water notice again", language="en", translationOfId=original["id"])
    result = await gql(client, DRAFT, again, token=comms)
    assert result.only_code() == "CONFLICT"
    assert "already has a version in that language" in result.errors[0]["message"]
    await ok(
        client, DRAFT, draft("Avis", language="fr", translationOfId=original["id"]), token=comms
    )
    twice = draft("Avis bis", language="fr", translationOfId=original["id"])
    assert await refused(client, DRAFT, twice, token=comms) == "CONFLICT"
    # Only the communications team drafts, translations included.
    member = draft("Avis", language="de", translationOfId=original["id"])
    assert await refused(client, DRAFT, member, token=world.tokens["member"]) == "FORBIDDEN"


async def test_a_draft_translation_is_the_teams_alone(client):
    world = await build()
    original = await published("Water notice")
    await Update.create(
        title="Avis (brouillon)", body="Text.", language="fr", translation_of=original,
        status=S.DRAFT, listed_at=datetime.now(UTC),
    )  # fmt: skip
    await published("Aviso", "pt", original)
    public = await ok(client, GROUP, {"id": gid("Update", original.id)}, token=None)
    assert public["node"]["translations"] == [
        {"title": "Aviso", "language": "pt", "status": "PUBLISHED"}
    ]
    team = await ok(client, GROUP, {"id": gid("Update", original.id)}, token=world.tokens["comms"])
    assert [t["language"] for t in team["node"]["translations"]] == ["fr", "pt"]


async def test_the_author_may_correct_a_drafts_language_but_not_onto_a_taken_one(client):
    world = await build()
    viewer = await load_viewer(world.people["comms"])
    original = await communications.draft_update(
        viewer, title="Notice", summary=None, body="Text.", urgent=False, decision_ids=[]
    )
    french = await communications.draft_update(
        viewer, title="Avis", summary=None, body="Text.", urgent=False, decision_ids=[],
        language="de", translation_of_id=original.id,
    )  # fmt: skip
    corrected = await communications.update_draft(viewer, update_id=french.id, language="fr")
    assert corrected.language == "fr"
    with pytest.raises(Conflict, match="already has a version in that language"):
        await communications.update_draft(viewer, update_id=french.id, language="en")
    assert (await Update.get(id=french.id)).language == "fr"


async def test_a_list_of_updates_with_translations_costs_the_same_at_5_and_40(client):
    counts = {}
    for groups in (5, 40):
        from tests.conftest import empty_tables

        await empty_tables()
        start = datetime.now(UTC)
        for n in range(groups):
            original = await published(f"Notice {n}", listed_at=start - timedelta(hours=n))
            await published(f"Avis {n}", "fr", original, listed_at=start - timedelta(hours=n))
        with counting_statements() as statements:
            data = await ok(client, FEED, token=None)
        edges = data["updates"]["edges"]
        assert len(edges) == 2 * groups
        assert all(len(e["node"]["translations"]) == 1 for e in edges)
        counts[groups] = len(statements)
    assert counts[5] == counts[40], counts
