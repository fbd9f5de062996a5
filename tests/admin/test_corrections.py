"""The admin's correction forms (issue 11): drawn only for whoever may use them, and doing
what they say: a body's details and time zone, a draft update, an update returned to its
author with the reason shown, a draft recommendation."""

from __future__ import annotations

from datetime import UTC, datetime

from governance.enums import UpdateStatus
from governance.models import Body, Recommendation, Update

EDIT_BODY = 'action="/admin/bodies/{}/edit"'


async def test_an_admin_sees_the_body_edit_form_and_a_secretary_does_not(setting, signed_in):
    sc = setting.body("sc")
    page = f"/admin/bodies/{sc}"
    for role in ("secretary", "chair", "participant"):
        person = await signed_in(role)
        shown = await person.get(page)
        assert shown.status_code == 200
        assert EDIT_BODY.format(sc) not in shown.text, role
        assert "meets in UTC" in shown.text

    admin = await signed_in("admin")
    shown = await admin.get(page)
    assert EDIT_BODY.format(sc) in shown.text
    assert 'name="time_zone"' in shown.text and '<option value="Africa/Bamako">' in shown.text

    saved = await admin.post(
        f"/admin/bodies/{sc}/edit",
        {
            "name": "MCPP Steering Committee",
            "mandate": "Steers the programme.",
            "quorum": "3",
            "time_zone": "Africa/Johannesburg",
        },
    )
    assert saved.status_code == 303
    body = await Body.get(id=sc)
    assert (body.quorum, body.time_zone, body.mandate) == (
        3,
        "Africa/Johannesburg",
        "Steers the programme.",
    )
    assert "meets in Africa/Johannesburg" in (await admin.get(page)).text


async def test_the_body_form_says_why_a_zone_is_refused(setting, signed_in):
    sc = setting.body("sc")
    admin = await signed_in("admin")
    refused = await admin.post(
        f"/admin/bodies/{sc}/edit",
        {
            "name": "MCPP Steering Committee",
            "mandate": "",
            "quorum": "2",
            "time_zone": "Mars/Olympus",
        },
    )
    assert refused.status_code == 400
    assert "IANA time zone" in refused.text and "Mars/Olympus" in refused.text
    assert (await Body.get(id=sc)).time_zone == "UTC"


async def test_a_body_is_created_with_a_time_zone(signed_in):
    admin = await signed_in("admin")
    form = await admin.get("/admin/bodies")
    assert 'name="time_zone"' in form.text
    created = await admin.post(
        "/admin/bodies",
        {"name": "Cadre de concertation", "slug": "cadre", "kind": "CONSULTATION_FRAMEWORK",
         "quorum": "2", "time_zone": "Africa/Bamako"},
    )  # fmt: skip
    assert created.status_code == 303
    assert (await Body.get(slug="cadre")).time_zone == "Africa/Bamako"
    secretary = await signed_in("secretary")
    assert 'name="time_zone"' not in (await secretary.get("/admin/bodies")).text


async def test_the_author_edits_a_draft_update_on_its_page(setting, signed_in):
    draft = setting.ids["draft_update"]
    page = f"/admin/updates/{draft}"
    form = f'action="/admin/updates/{draft}/edit"'
    second = await signed_in("comms2")
    assert form not in (await second.get(page)).text  # on the team, not its author

    author = await signed_in("comms")
    shown = await author.get(page)
    assert form in shown.text
    saved = await author.post(
        f"/admin/updates/{draft}/edit",
        {"title": "Draft update, corrected", "summary": "", "body": "Now **ready**."},
    )
    assert saved.status_code == 303
    update = await Update.get(id=draft)
    assert (update.title, update.body, update.status) == (
        "Draft update, corrected",
        "Now **ready**.",
        UpdateStatus.DRAFT,
    )
    # Under review, the author's form is gone.
    await Update.filter(id=draft).update(status=UpdateStatus.IN_REVIEW)
    assert form not in (await author.get(page)).text


async def test_a_reviewer_returns_an_update_and_its_author_reads_why(setting, signed_in):
    in_review = setting.ids["in_review_update"]
    page = f"/admin/updates/{in_review}"
    form = f'action="/admin/updates/{in_review}/return"'
    author = await signed_in("comms")
    assert form not in (await author.get(page)).text  # no reviewer of their own update

    reviewer = await signed_in("comms2")
    assert form in (await reviewer.get(page)).text
    returned = await reviewer.post(
        f"/admin/updates/{in_review}/return", {"reason": "Say <which> ward is affected."}
    )
    assert returned.status_code == 303
    assert (await Update.get(id=in_review)).status == UpdateStatus.DRAFT

    shown = await author.get(page)
    assert "Returned to its author" in shown.text
    assert "Say &lt;which&gt; ward is affected." in shown.text
    assert f'action="/admin/updates/{in_review}/edit"' in shown.text  # and may correct it now


async def test_a_draft_recommendation_is_edited_by_the_board_not_by_any_member(setting, signed_in):
    draft = setting.ids["draft_recommendation"]
    page = f"/admin/recommendations/{draft}"
    form = f'action="/admin/recommendations/{draft}/edit"'
    advisor = await signed_in("advisor")  # on the board; did not draft it
    assert form not in (await advisor.get(page)).text

    chair = await signed_in("board_chair")
    assert form in (await chair.get(page)).text
    saved = await chair.post(
        f"/admin/recommendations/{draft}/edit",
        {"title": "Draft, corrected", "text": "Written.", "rationale": "",
         "addressed_to_id": str(setting.body("ou"))},
    )  # fmt: skip
    assert saved.status_code == 303
    rec = await Recommendation.get(id=draft)
    assert (rec.title, rec.text, rec.addressed_to_id) == (
        "Draft, corrected",
        "Written.",
        setting.body("ou"),
    )

    # Its drafter edits it too.
    await Recommendation.filter(id=draft).update(drafted_by_id=setting.world.people["advisor"].id)
    assert form in (await advisor.get(page)).text
    # Once submitted, no one does.
    await Recommendation.filter(id=draft).update(status="SUBMITTED", submitted_at=datetime.now(UTC))
    assert form not in (await chair.get(page)).text
