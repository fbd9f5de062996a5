"""Refusals in the reader's language (issue 15): a French-speaking secretary reads the
admin's refusals in French, while the API says the same refusal in English, with its code,
as clients expect."""

from __future__ import annotations

from datetime import datetime

from governance.errors import BadInput, Phrase, Reader
from governance.models import Decision, Membership, Person
from tests.admin.helpers import Setting, sign_in_form
from tests.graphql import gid, gql

HTMX = {"HX-Request": "true"}
REVOKE = """mutation($id: ID!, $reason: String!) {
  revokeDecision(decisionId: $id, reason: $reason) { status }
}"""


async def speaking_french(setting: Setting, *roles: str) -> None:
    for role in roles:
        await Person.filter(id=setting.person(role)).update(language="fr")


async def test_a_french_speaking_chair_reads_a_refusal_in_french(setting, signed_in):
    await speaking_french(setting, "chair")
    chair = await signed_in("chair")
    path = f"/admin/decisions/{setting.ids['decision']}/revoke"

    empty = await chair.post(path, {"reason": "  "})
    assert empty.status_code == 400
    assert "Le champ reason ne doit pas être vide." in empty.text
    assert "must not be empty" not in empty.text
    assert "<html" in empty.text  # the decision's page again, with the message
    # With htmx: in the message area, in French too.
    flash = await chair.post(path, {"reason": ""}, headers=HTMX)
    assert flash.status_code == 400
    assert "Le champ reason ne doit pas être vide." in flash.text

    assert (await chair.post(path, {"reason": "Overtaken."})).status_code == 303
    again = await chair.post(path, {"reason": "Twice."})
    assert again.status_code == 409
    # A sentence made of translated parts: the status (in the screens' words, not the
    # API's capitals), the noun, what the move does.
    assert "est au statut « Révoquée »" in again.text
    assert "REVOKED" not in again.text
    assert "seul un élément (décision) en vigueur peut être révoqué." in again.text
    assert "can be revoked" not in again.text


async def test_a_refusal_with_parameters_reads_them_in_french(setting, signed_in):
    await speaking_french(setting, "admin")
    admin = await signed_in("admin")
    body_id = setting.body("sc")
    too_long = await admin.post(
        f"/admin/bodies/{body_id}/members",
        {"person_id": setting.person("participant"), "role": "MEMBER", "voting_rights": "on",
         "start_date": "2026-01-05", "constituency": "x" * 101},
        headers=HTMX,
    )  # fmt: skip
    assert too_long.status_code == 400
    assert (
        "Le champ constituency doit compter au plus 100 caractères (il en compte 101)."
        in too_long.text
    )
    assert not await Membership.exists(body_id=body_id, person_id=setting.person("participant"))


async def test_the_sign_in_form_refuses_in_the_browser_s_language(setting, browser):
    http = browser()
    http.headers["Accept-Language"] = "fr-ML, fr;q=0.9"
    token = await sign_in_form(http)
    wrong = await http.post(
        "/admin/sign-in",
        data={"email": setting.world.people["chair"].email, "password": "not the password",
              "csrf_token": token, "next": "/admin/"},
    )  # fmt: skip
    assert wrong.status_code == 401
    assert "Cette adresse électronique et ce mot de passe ne correspondent à aucun compte." in (
        wrong.text
    )


async def test_an_english_speaker_still_reads_english(setting, signed_in):
    chair = await signed_in("chair")
    empty = await chair.post(f"/admin/decisions/{setting.ids['decision']}/revoke", {"reason": ""})
    assert empty.status_code == 400
    assert "reason must not be empty." in empty.text
    assert "ne doit pas être vide" not in empty.text
    # The English sentence keeps the API's word for the status.
    path = f"/admin/decisions/{setting.ids['decision']}/revoke"
    assert (await chair.post(path, {"reason": "Overtaken."})).status_code == 303
    again = await chair.post(path, {"reason": "Twice."})
    assert again.status_code == 409
    assert "is REVOKED; only a decision in force can be revoked." in again.text


async def test_the_api_says_the_same_refusals_in_english_with_their_codes(setting, client):
    await speaking_french(setting, "chair")
    token = setting.world.tokens["chair"]
    decision = gid("Decision", setting.ids["decision"])
    blank = await gql(client, REVOKE, {"id": decision, "reason": " "}, token=token)
    assert blank.codes == ["BAD_USER_INPUT"]
    assert blank.errors[0]["message"] == "reason must not be empty."
    done = await gql(client, REVOKE, {"id": decision, "reason": "Overtaken."}, token=token)
    assert done.data == {"revokeDecision": {"status": "REVOKED"}}
    again = await gql(client, REVOKE, {"id": decision, "reason": "Twice."}, token=token)
    assert again.codes == ["INVALID_TRANSITION"]
    reference = (await Decision.get(id=setting.ids["decision"])).reference
    assert again.errors[0]["message"] == (
        f"{reference} is REVOKED; only a decision in force can be revoked."
    )


def in_french(message: str) -> str:
    return {
        "%(field)s must not be empty.": "Le champ %(field)s ne doit pas être vide.",
        "%(what)s: the end must not come before the start.": "%(what)s : mauvais ordre.",
        "Meeting times": "Horaires de la réunion",
        "%(name)s is broken.": "%(nom)s est cassé.",  # a translation with a wrong placeholder
    }.get(message, message)


FRENCH = Reader(in_french)  # words only: no writer of moments or statuses


def test_a_refusal_keeps_its_english_and_says_it_in_the_language_asked():
    error = BadInput("%(field)s must not be empty.", field="title")
    assert error.message == str(error) == "title must not be empty."
    assert error.code == "BAD_USER_INPUT"
    assert error.localized(FRENCH) == "Le champ title ne doit pas être vide."
    # A part that is itself words is translated too; a value from the record never is.
    nested = BadInput(
        "%(what)s: the end must not come before the start.", what=Phrase("Meeting times")
    )
    assert nested.message == "Meeting times: the end must not come before the start."
    assert nested.localized(FRENCH) == "Horaires de la réunion : mauvais ordre."
    # Not in the catalog, or a translation that would not format: the English stands.
    assert BadInput("Nothing to translate.").localized(FRENCH) == "Nothing to translate."
    assert BadInput("%(name)s is broken.", name="X").localized(FRENCH) == "X is broken."
    # A literal % in a message without parameters is left as written.
    assert BadInput("Over 100%").message == "Over 100%"


async def test_a_moment_in_a_refusal_is_written_the_way_french_writes_it(setting, signed_in):
    """The clocks skip 02:30 in Paris on 30 March 2031: the refusal names that moment, in
    French with the French month; the API's English keeps its own."""
    from governance.models import Body

    await Body.filter(id=setting.body("sc")).update(time_zone="Europe/Paris")
    await speaking_french(setting, "secretary")
    secretary = await signed_in("secretary")
    refused = await secretary.post(
        "/admin/meetings",
        {"body_id": setting.body("sc"), "title": "Spring forward",
         "starts_at": "2031-03-30T02:30", "classification": "INTERNAL"},
        headers=HTMX,
    )  # fmt: skip
    assert refused.status_code == 400
    assert (
        "Le début (30 mars 2031, 02:30) n&#39;existe pas dans le fuseau Europe/Paris"
        in refused.text
    )
    assert "Mar 2031" not in refused.text

    english = BadInput(
        "%(label)s (%(time)s) does not exist in %(zone)s: the clocks "
        "go forward then. Enter another time.",
        label="Start",
        time=datetime(2031, 3, 30, 2, 30),
        zone="Europe/Paris",
    )
    assert "(30 Mar 2031, 02:30) does not exist in Europe/Paris" in english.message


def test_a_status_is_the_apis_word_in_english_and_the_readers_word_otherwise():
    from governance.enums import MotionStatus
    from governance.errors import InvalidTransition

    words = {"OPEN": "Ouverte", "DRAFT": "Brouillon"}
    reader = Reader(in_french, label=lambda status: words[status.value])
    error = InvalidTransition(
        "%(subject)s is %(status)s.", subject="SC-1", status=MotionStatus.OPEN
    )
    assert error.message == "SC-1 is OPEN."
    assert error.localized(reader) == "SC-1 is Ouverte."
    several = BadInput("Only %(statuses)s.", statuses=(MotionStatus.DRAFT, MotionStatus.OPEN))
    assert several.message == "Only DRAFT, OPEN."
    assert several.localized(reader) == "Only Brouillon, Ouverte."
    assert several.localized(FRENCH) == "Only DRAFT, OPEN."  # no reader of statuses: the API's
