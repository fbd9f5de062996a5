"""Pages are compressed and some echo what was typed (a search), so the CSRF token they
carry is masked afresh on every response (the BREACH attack): two pages never show the
same bytes for it, each still works, and a token altered by one character does not."""

from __future__ import annotations

from governance.models import ApiToken
from tests.admin.helpers import CSRF_META


async def test_each_page_masks_the_token_afresh_and_every_mask_works(setting, signed_in):
    member = await signed_in("member")
    person = setting.world.people["member"]
    pages = [await member.get("/admin/meetings?q=steering") for _ in range(3)]
    tokens = [CSRF_META.search(page.text).group(1) for page in pages]
    assert len(set(tokens)) == 3, tokens
    before = await ApiToken.filter(person_id=person.id).count()
    for token in tokens:
        member.csrf = token
        issued = await member.post("/admin/tokens", {})
        assert issued.status_code == 200, issued.text
    assert await ApiToken.filter(person_id=person.id).count() == before + 3


async def test_a_token_altered_by_one_character_is_refused(setting, signed_in):
    member = await signed_in("member")
    person = setting.world.people["member"]
    before = await ApiToken.filter(person_id=person.id).count()
    token = member.csrf
    # A character in the middle carries six bits of the pad (the last ones may be padding).
    middle = len(token) // 2
    member.csrf = token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1 :]
    refused = await member.post("/admin/tokens", {})
    assert refused.status_code == 403
    assert await ApiToken.filter(person_id=person.id).count() == before
