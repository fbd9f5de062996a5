"""The admin's action items screen shows owners what they own, with the button to report."""

from __future__ import annotations

from governance.enums import ActionStatus, Classification
from governance.models import ActionItem
from tests.world import owned_action_item


async def test_an_owner_outside_the_committee_sees_their_item_and_reports_on_it(setting, signed_in):
    world = setting.world
    item = await owned_action_item(world, Classification.RESTRICTED, "advisor", "Survey the wells")
    form = f'action="/admin/action-items/{item.id}/status"'

    # Denied: someone else outside the committee sees neither the item nor its button.
    participant = await signed_in("participant")
    page = await participant.get("/admin/action-items")
    assert page.status_code == 200
    assert "Survey the wells" not in page.text and form not in page.text
    refused = await participant.post(
        f"/admin/action-items/{item.id}/status", {"status": "IN_PROGRESS"}
    )
    assert refused.status_code == 404

    # The owner, a member of the advisory board only: the item, listed under "Mine" too,
    # and the button, which reports.
    owner = await signed_in("advisor")
    for path in ("/admin/action-items", "/admin/action-items?mine=1"):
        page = await owner.get(path)
        assert page.status_code == 200
        assert "Survey the wells" in page.text and form in page.text, path
    # Nothing else of the committee's hidden items comes with it.
    every = (await owner.get("/admin/action-items")).text
    assert "INTERNAL action" in every
    assert "CONFIDENTIAL action" not in every and "RESTRICTED action" not in every
    reported = await owner.post(f"/admin/action-items/{item.id}/status", {"status": "IN_PROGRESS"})
    assert reported.status_code == 303, reported.text
    assert (await ActionItem.get(id=item.id)).status == ActionStatus.IN_PROGRESS
