"""The admin's words built in Python (issue 15): a French-speaking member reads the notices,
the statuses, the selects' options, the dates, the charts and the unsubscribe page in
French; every value of every enum shown has its words."""

from __future__ import annotations

import inspect
from datetime import UTC, datetime
from enum import StrEnum

from governance import enums
from governance.enums import Classification, NotificationKind
from governance.models import Body, Meeting, Person
from server import unsubscribe
from server.admin.charts import figure, share
from server.i18n import speaking
from server.labels import LABELS, label, options

HTMX = {"HX-Request": "true"}


async def in_french(setting, role: str) -> None:
    await Person.filter(id=setting.person(role)).update(language="fr")


def test_every_value_of_every_enum_has_its_words():
    shown = [
        enum
        for _, enum in inspect.getmembers(enums, inspect.isclass)
        if issubclass(enum, StrEnum) and enum is not StrEnum
    ]
    assert shown  # the admin and the portal show values of these
    missing = [
        f"{enum.__name__}.{m.name}" for enum in shown for m in enum if m not in LABELS.get(enum, {})
    ]
    assert missing == []
    # Today's English, and French agreeing with what the status belongs to.
    assert label(enums.ReleaseStatus.CLEARED_FOR_RELEASE) == "Cleared for release"
    assert label(enums.OrganizationKind.NGO) == "NGO"
    with speaking("fr"):
        assert label(enums.MotionOutcome.ADOPTED) == "Adoptée"
        assert label(enums.ActionPlanStatus.ADOPTED) == "Adopté"
        assert label(enums.UpdateStatus.PUBLISHED) == "Publiée"
        assert label("DECISION_RECORDED") == "Décision enregistrée"  # stored as text
        assert ("INTERNAL", "Interne") in options(enums.Classification)


async def test_a_french_speaking_officer_saves_a_draft_update_and_reads_the_notice_in_french(
    setting, signed_in
):
    comms = await signed_in("comms")
    update_id = setting.ids["draft_update"]
    form = {"title": "Réparation du réservoir", "summary": "Résumé.", "body": "Texte."}
    english = await comms.post(f"/admin/updates/{update_id}/edit", form, headers=HTMX)
    assert english.status_code == 200 and "The draft is saved." in english.text
    await in_french(setting, "comms")
    french = await comms.post(f"/admin/updates/{update_id}/edit", form, headers=HTMX)
    assert french.status_code == 200
    assert "Le brouillon est enregistré." in french.text
    assert "The draft is saved." not in french.text
    page = await comms.get(f"/admin/updates/{update_id}")
    assert '<span class="state state-draft">Brouillon</span>' in page.text


async def test_statuses_selects_and_a_meeting_time_read_in_french(setting, signed_in):
    secretary = await signed_in("secretary")
    await in_french(setting, "secretary")
    sc = setting.body("sc")
    await Body.filter(id=sc).update(time_zone="Africa/Bamako")
    meeting = await Meeting.create(
        body_id=sc,
        title="Revue des pertes d'eau",
        starts_at=datetime(2031, 12, 1, 14, 0, tzinfo=UTC),
        classification=Classification.INTERNAL,
    )
    page = (await secretary.get(f"/admin/meetings/{meeting.id}")).text
    assert "1 déc. 2031, 14:00 Africa/Bamako" in page
    assert '<span class="state state-scheduled">Prévue</span>' in page
    assert ">Interne</span>" in page  # the classification badge
    assert '<option value="CONFIDENTIAL">Confidentiel</option>' in page
    assert "Scheduled" not in page and "Confidential<" not in page

    # The same page in English: the one style, the zone named.
    await Person.filter(id=setting.person("secretary")).update(language="en")
    english = (await secretary.get(f"/admin/meetings/{meeting.id}")).text
    assert "1 Dec 2031, 14:00 Africa/Bamako" in english


async def test_a_chart_reads_in_french(setting, signed_in):
    member = await signed_in("member")
    await in_french(setting, "member")
    page = (await member.get(f"/admin/indicators/{setting.ids['indicator']}")).text
    assert "Households with water, mesuré par rapport à la trajectoire" in page
    assert "Valeur de référence 40\u00a0% le 1 janv." in page
    assert "Statut : en bonne voie." in page
    assert "measured against" not in page


def test_numbers_read_as_each_language_writes_them():
    with speaking("en"):
        assert figure(1234.5, "m³") == "1,234.5\u00a0m³" and figure(52.5, "%") == "52.5\u00a0%"
        assert share(0.333) == "33\u00a0%"
    with speaking("fr"):
        assert figure(1234.5, "m³") == "1\u202f234,5\u00a0m³" and figure(52.5, "%") == "52,5\u00a0%"
        assert figure(40.0) == "40"  # no trailing zero, in either


async def test_the_unsubscribe_page_speaks_the_language_of_its_reader(app, setting, browser):
    person_id = setting.person("member")
    await Person.filter(id=person_id).update(language="fr")
    token = unsubscribe.token(app.state.settings.secret_key, person_id, "MEETING_SCHEDULED")
    http = browser()
    asked = await http.get(f"/unsubscribe/{token}")
    assert asked.status_code == 200
    assert "<h1>Se désabonner</h1>" in asked.text
    assert "Ne plus envoyer de courriels" in asked.text
    done = await http.post(f"/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})
    assert "Désabonnement effectué" in done.text
    assert "Unsubscribe" not in done.text.split("<main", 1)[-1]
    invalid = await http.get("/unsubscribe/not-a-token", headers={"Accept-Language": "fr"})
    assert invalid.status_code == 400
    assert "Ce lien de désabonnement n'est pas valide" in invalid.text


def test_notification_kinds_on_the_preferences_page_have_their_words():
    with speaking("fr"):
        assert label(NotificationKind.MEETING_SCHEDULED) == "Réunion programmée"
