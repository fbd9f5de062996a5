"""The communications team drafts an update in a language and adds its translations from
the update's page (issue 15); each version lists the others, with language and status."""

from __future__ import annotations

import re

from governance.enums import UpdateStatus
from governance.models import AuditEvent, Update

ADD = "Add a translation"


async def test_an_update_is_drafted_in_a_chosen_language(setting, signed_in):
    comms = await signed_in("comms")
    listing = await comms.get("/admin/updates")
    assert 'name="language"' in listing.text
    drafted = await comms.post(
        "/admin/updates",
        {"title": "Plan d'action", "body": "Le texte.", "language": "fr"},
    )
    assert drafted.status_code == 303
    update = await Update.get(title="Plan d'action")
    assert update.language == "fr" and update.translation_of_id is None
    listing = await comms.get("/admin/updates")
    assert re.search(
        r'lang="fr">Plan d&#39;action</a>\s*<span class="badge"[^>]*>fr</span>', listing.text
    )
    refused = await comms.post(
        "/admin/updates", {"title": "T", "body": "B", "language": "français"}
    )
    assert refused.status_code == 400
    assert "BCP 47" in refused.text


async def test_a_translation_is_drafted_from_the_updates_page_and_listed_on_both(
    setting, signed_in
):
    comms = await signed_in("comms")
    original_id = setting.ids["draft_update"]
    page = await comms.get(f"/admin/updates/{original_id}")
    assert ADD in page.text
    assert f'name="translation_of_id" value="{original_id}"' in page.text
    # English is the original's: only French is offered.
    form = page.text.split(ADD)[1]
    assert '<option value="fr">' in form and '<option value="en">' not in form

    drafted = await comms.post(
        "/admin/updates",
        {"title": "Pas encore", "body": "Le texte.", "language": "fr",
         "translation_of_id": str(original_id)},
    )  # fmt: skip
    assert drafted.status_code == 303
    translation = await Update.get(title="Pas encore")
    assert (translation.language, translation.translation_of_id) == ("fr", original_id)
    assert translation.status == UpdateStatus.DRAFT
    assert await AuditEvent.filter(summary__contains="the fr translation").exists()

    original = await comms.get(f"/admin/updates/{original_id}")
    assert f'href="/admin/updates/{translation.id}" lang="fr">Pas encore</a>' in original.text
    assert ADD not in original.text  # every language the site speaks is taken
    mirror = await comms.get(f"/admin/updates/{translation.id}")
    assert "(the original)" in mirror.text
    # A second French version is refused, with the reason.
    again = await comms.post(
        "/admin/updates",
        {"title": "Encore", "body": "B", "language": "fr", "translation_of_id": str(original_id)},
    )
    assert again.status_code == 409
    assert "already has a version in that language" in again.text


async def test_who_may_not_draft_is_not_offered_to_translate(setting, signed_in):
    member = await signed_in("member")
    page = await member.get(f"/admin/updates/{setting.ids['published_update']}")
    assert page.status_code == 200
    assert ADD not in page.text
