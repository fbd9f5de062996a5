"""What the screens show and offer: fragments, escaping, buttons drawn from the permission facade,
minutes that never overwrite someone else's, secret ballots, tokens shown once, refusals."""

from __future__ import annotations

import re

from governance.enums import Classification, MotionStatus, VoteChoice
from governance.models import Meeting, Minutes, Vote
from tests.admin.helpers import CONF, vary
from tests.graphql import gql
from tests.world import motion_at

HTMX = {"HX-Request": "true"}


async def test_one_url_answers_a_page_or_its_fragment(signed_in):
    person = await signed_in("member")
    page = await person.get("/admin/decisions?q=decision")
    fragment = await person.get("/admin/decisions?q=decision", headers=HTMX)
    # One URL, two answers: a cache must key on HX-Request (and, compressed, on the encoding).
    assert vary(page) == vary(fragment) == {"hx-request", "accept-encoding"}
    assert page.headers["content-encoding"] == fragment.headers["content-encoding"] == "gzip"
    assert "<html" in page.text and 'id="results"' in page.text
    assert "<html" not in fragment.text
    assert fragment.text.lstrip().startswith('<section id="results"')


async def test_confidential_pages_are_not_stored_nor_kept_in_htmx_history(setting, signed_in):
    person = await signed_in("member")
    page = await person.get(f"/admin/decisions/{setting.ids['decision']}")
    assert page.headers["cache-control"] == "no-store"
    assert 'hx-history="false"' in page.text


async def test_every_value_is_escaped_and_markdown_is_sanitised(setting, signed_in):
    meeting = await Meeting.get(id=setting.ids["meeting"])
    meeting.title = '<script>alert("title")</script>'
    await meeting.save()
    await Minutes.filter(meeting_id=meeting.id).update(
        content='<img src=x onerror=alert(1)> [click](javascript:alert(2)) <b hx-get="/x">b</b>'
    )
    person = await signed_in("member")  # reads the minutes rendered, not in the editor
    listing = await person.get("/admin/meetings?when=all&q=script")
    assert '<script>alert("title")' not in listing.text
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in listing.text
    decision = await person.get(f"/admin/decisions/{setting.ids['decision']}")
    assert decision.status_code == 200


async def test_minutes_are_rendered_sanitised_on_the_meeting_page(setting, signed_in):
    await Minutes.filter(meeting_id=setting.ids["meeting"]).update(
        content='<img src=x onerror=alert(1)> [click](javascript:alert(2)) <b hx-get="/x">b</b>'
    )
    page = await (await signed_in("member")).get(f"/admin/meetings/{setting.ids['meeting']}")
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text  # shown as text, never a tag
    assert "<img" not in page.text
    assert "<b hx-get" not in page.text
    assert 'href="javascript:' not in page.text


async def test_buttons_are_drawn_only_for_who_may_press_them(setting, signed_in):
    path = f"/admin/decisions/{setting.ids['decision']}"
    member = await (await signed_in("member")).get(path)
    secretary = await (await signed_in("secretary")).get(path)
    for label in ("Clear for release", "Revoke this decision", "Supersede with a new decision"):
        assert label not in member.text
        assert label in secretary.text


async def test_the_author_is_not_offered_to_approve_their_own_update(setting, signed_in):
    path = f"/admin/updates/{setting.ids['in_review_update']}"
    author = await (await signed_in("comms")).get(path)
    second = await (await signed_in("comms2")).get(path)
    assert ">Approve<" not in author.text
    assert "Awaiting approval by a second communications officer" in author.text
    assert ">Approve<" in second.text


async def test_saving_over_someone_elses_newer_minutes_is_refused_with_a_notice(setting, signed_in):
    meeting_id = setting.ids["meeting"]
    path = f"/admin/meetings/{meeting_id}/minutes"
    chair, secretary = await signed_in("chair"), await signed_in("secretary")
    # Both opened version 1. The chair saves first.
    saved = await chair.post(path, {"content": "The chair's text.", "expected_version": "1"})
    assert saved.status_code == 303
    # The secretary's editor saves as they type, through htmx: refused, with a notice.
    refused = await secretary.post(
        path, {"content": "The secretary's text.", "expected_version": "1"}, headers=HTMX
    )
    assert refused.status_code == 409
    assert "someone else saved these minutes meanwhile" in refused.text
    assert "The chair's text." in refused.text  # their version, to merge from
    assert 'hx-swap-oob="true"' in refused.text  # the message area, replaced
    minutes = await Minutes.get(meeting_id=meeting_id)
    assert (minutes.version, minutes.content) == (2, "The chair's text.")


async def test_saving_as_you_type_moves_the_editor_to_the_new_version(setting, signed_in):
    secretary = await signed_in("secretary")
    path = f"/admin/meetings/{setting.ids['meeting']}/minutes"
    first = await secretary.post(path, {"content": "Draft.", "expected_version": "1"}, headers=HTMX)
    assert first.status_code == 200
    assert "Saved version 2" in first.text
    assert re.search(
        r'id="minutes-version" name="expected_version" value="2" hx-swap-oob', first.text
    )
    second = await secretary.post(
        path, {"content": "Draft 2.", "expected_version": "2"}, headers=HTMX
    )
    assert "Saved version 3" in second.text


async def test_htmx_may_send_the_csrf_token_as_a_header(setting, signed_in):
    secretary = await signed_in("secretary")
    response = await secretary.http.post(
        f"/admin/meetings/{setting.ids['meeting']}/minutes",
        data={"content": "From htmx.", "expected_version": "1"},
        headers={**HTMX, "X-CSRF-Token": secretary.csrf},
    )
    assert response.status_code == 200


async def test_a_refusal_shows_the_services_message_on_the_page(setting, signed_in):
    chair = await signed_in("chair")
    path = f"/admin/decisions/{setting.ids['decision']}/revoke"
    empty = await chair.post(path, {"reason": "  "})
    assert empty.status_code == 400
    assert "reason must not be empty" in empty.text
    assert "<html" in empty.text  # the decision's page again, with the message
    assert (await chair.post(path, {"reason": "Overtaken."})).status_code == 303
    again = await chair.post(path, {"reason": "Twice."})
    assert again.status_code == 409
    assert "only a decision in force can be revoked" in again.text


async def test_htmx_refusals_land_in_the_message_area(setting, signed_in):
    member = await signed_in("member")
    response = await member.post(
        f"/admin/decisions/{setting.ids['decision']}/release",
        {"release": "CLEARED_FOR_RELEASE"},
        headers=HTMX,
    )
    assert response.status_code == 403
    assert response.headers["hx-retarget"] == "#flash"
    assert 'role="alert"' in response.text


async def test_an_api_token_is_shown_once(setting, signed_in, client):
    # An admin issues tokens for an integration account (never for a person: see test_tokens).
    admin = await signed_in("admin")
    path = f"/admin/people/{setting.ids['integration']}"
    issued = await admin.post(path + "/tokens", headers=HTMX)
    assert issued.status_code == 200
    token = re.search(r'id="new-token">(ind_[^<]+)<', issued.text).group(1)
    assert token not in (await admin.get(path)).text
    result = await gql(client, "{ viewer { person { name } } }", token=token)
    assert result.data["viewer"]["person"]["name"] == "Partner System"


async def test_emails_are_shown_to_the_platform_admin_only(setting, signed_in):
    email = setting.world.people["member"].email
    assert email not in (await (await signed_in("participant")).get("/admin/people")).text
    assert email in (await (await signed_in("admin")).get("/admin/people")).text


async def test_the_update_preview_is_the_public_page(setting, signed_in):
    page = await (await signed_in("comms")).get(f"/admin/updates/{setting.ids['draft_update']}")
    assert '<article class="public-update">' in page.text


async def test_a_confidential_meeting_is_nowhere_for_who_may_not_see_it(setting, signed_in):
    meeting = setting.world.meetings[CONF]
    participant = await signed_in("participant")
    for path in ("/admin/", "/admin/meetings?when=all", f"/admin/meetings?when=all&q={CONF.value}"):
        assert meeting.title not in (await participant.get(path)).text
    assert (await participant.get(f"/admin/meetings/{meeting.id}")).status_code == 404


async def test_a_secret_ballot_shows_no_count_and_nobody_s_choice_until_closed(setting, signed_in):
    world = setting.world
    motion = await motion_at(
        world, world.meetings[Classification.INTERNAL], Classification.INTERNAL,
        status=MotionStatus.OPEN, secret_ballot=True,
    )  # fmt: skip
    from datetime import UTC, datetime

    await Vote.create(
        motion_id=motion.id, voter_id=world.people["member"].id, choice=VoteChoice.AGAINST,
        cast_at=datetime.now(UTC),
    )  # fmt: skip
    for role in ("secretary", "chair", "member"):
        page = await (await signed_in(role)).get(f"/admin/motions/{motion.id}")
        assert "1</strong> of 2 ballots cast" in page.text
        assert "Against</dt>" not in page.text
        assert 'aria-pressed="true"' not in page.text
