"""Languages (issue 15): English and French catalogs, complete; a page in the person's
language, else the switch's, else Accept-Language, else English."""

from __future__ import annotations

import re

import httpx
from babel.messages.pofile import read_po
from jinja2 import Environment
from jinja2.ext import babel_extract

from governance.models import Person
from server.app import ROOT
from server.i18n import COOKIE, safe_back
from tests.admin.helpers import PASSWORD_HASH, sign_in
from tests.portal.hostile import hostile_world
from tests.portal.test_translatable import NOT_TRANSLATED, TEMPLATES, unmarked

LOCALES = ROOT / "locales"
ADMIN = ROOT / "templates" / "admin"
# The admin's templates, every one of whose words goes through the catalogs. A new template
# must be listed here, so it is checked like the others.
ADMIN_CONVERTED = {
    "base", "_minutes_whole", "sign_in", "sign_in_code", "error", "profile", "dashboard",
    "meetings", "meeting", "_meeting_parts", "_bell", "notifications", "notification_preferences",
    "_flash", "_macros", "people", "person", "tokens", "webhooks", "password_forgot",
    "password_link", "sign_in_enrol", "two_factor_setup", "decisions", "decision", "agreements",
    "agreement", "recommendations", "recommendation", "action_items", "bodies", "body", "updates",
    "update", "documents", "_documents", "grants", "organizations", "motion", "indicators",
    "indicator", "monitoring", "_charts", "action_plans", "action_plan", "_minutes_editor",
}  # fmt: skip
EMAIL = ROOT / "templates" / "email"
# Every email's words go through the catalogs.
EMAIL_CONVERTED = sorted(EMAIL.glob("*.*"))
PDF = [ROOT / "templates" / "pdf" / f"{name}.html" for name in ("base", "agenda", "minutes")]
CONVERTED = [
    *TEMPLATES,
    *PDF,
    *EMAIL_CONVERTED,
    ROOT / "templates" / "_language_switch.html",
    ROOT / "templates" / "public" / "language.html",
    *(ADMIN / f"{name}.html" for name in sorted(ADMIN_CONVERTED)),
]
# The switch names each language in itself.
NAMES = {"English", "Français"}


def catalog(language: str):
    with (LOCALES / language / "LC_MESSAGES" / "messages.po").open("rb") as source:
        return read_po(source, locale=language)


def marked_strings(template) -> list[str]:
    with template.open("rb") as source:
        found = babel_extract(source, ("_", "gettext", "ngettext"), [], {})
        return [m[2] if isinstance(m[2], str) else m[2][0] for m in found]


def test_every_french_message_is_translated_and_none_is_fuzzy():
    french = catalog("fr")
    untranslated = [m.id for m in french if m.id and not m.string]
    fuzzy = [m.id for m in french if m.id and m.fuzzy]
    assert untranslated == []
    assert fuzzy == []
    # Placeholders survive translation: a missing one would raise when the page renders.
    for message in french:
        if message.id and isinstance(message.id, str):
            wanted = set(re.findall(r"%\((\w+)\)s", message.id))
            assert set(re.findall(r"%\((\w+)\)s", message.string)) == wanted, message.id


def test_every_marked_string_of_a_converted_template_is_in_both_catalogs():
    known = {
        lang: {m.id if isinstance(m.id, str) else m.id[0] for m in catalog(lang) if m.id}
        for lang in ("en", "fr")
    }
    for template in CONVERTED:
        for message in marked_strings(template):
            assert message in known["en"], (template.name, message)
            assert message in known["fr"], (template.name, message)


def test_a_converted_admin_template_has_no_word_outside_the_marks():
    found = {}
    for name in sorted(ADMIN_CONVERTED):
        words = [
            w
            for w in unmarked((ADMIN / f"{name}.html").read_text())
            if w not in NOT_TRANSLATED | NAMES
        ]
        if words:
            found[name] = words
    for template in [*EMAIL_CONVERTED, *PDF]:
        words = [w for w in unmarked(template.read_text()) if w.strip(",.") not in NOT_TRANSLATED]
        if words:
            found[template.name] = words
    assert found == {}
    assert {p.stem for p in ADMIN.glob("*.html")} == ADMIN_CONVERTED


# Strings inside expressions that are not words: htmx triggers.
NOT_WORDS = {"every 30s", "load, every 30s"}


def words_outside_the_marks(source: str) -> list[str]:
    """What `unmarked` cannot see: a button's text or a label passed to a macro as a plain
    string ("Remove" rather than _("Remove")), and an attribute holding words outside an
    expression (aria-label="Edit: {{ title }}")."""
    found = []
    tokens = [
        t
        for t in Environment(extensions=["jinja2.ext.i18n"], autoescape=True).lex(source)
        if t[1] != "whitespace"
    ]
    for i, (_line, kind, value) in enumerate(tokens):
        text = value[1:-1]
        if kind != "string" or text in NOT_WORDS or [t[2] for t in tokens[i - 2 : i]] == ["_", "("]:
            continue
        if (" " in text and re.search(r"[A-Za-z]{2}", text)) or re.match(r"[A-Z][a-z]+", text):
            found.append(text)
    marks = re.compile(r"\{%-?\s*trans\b.*?endtrans\s*-?%\}|\{\{.*?\}\}|\{%.*?%\}", re.S)
    for value in re.findall(
        r'(?:title|aria-label|alt|placeholder)="((?:[^"{]|\{\{.*?\}\}|\{%.*?%\})*)"', source, re.S
    ):
        if re.search(r"[A-Za-z]{3}", marks.sub(" ", value)):
            found.append(value)
    return found


def test_a_converted_admin_template_passes_no_plain_words_to_its_macros_or_attributes():
    assert words_outside_the_marks('{{ ui.button(url, "Remove", token) }}') == ["Remove"]
    assert words_outside_the_marks('<a aria-label="Edit: {{ title }}">') == ["Edit: {{ title }}"]
    assert (
        words_outside_the_marks('{{ ui.button(url, _("Remove"), token, swap="outerHTML") }}') == []
    )
    found = {}
    for name in sorted(ADMIN_CONVERTED):
        words = words_outside_the_marks((ADMIN / f"{name}.html").read_text())
        if words:
            found[name] = words
    assert found == {}


def test_the_switch_goes_back_only_to_a_path_of_this_site():
    assert safe_back("/decisions/NWC-2026-002") == "/decisions/NWC-2026-002"
    assert safe_back("/admin/meetings?page=2") == "/admin/meetings?page=2"
    for hostile in ("https://evil.example/", "//evil.example/", "/\\evil.example", "", None,
                    "javascript:alert(1)", "evil"):  # fmt: skip
        assert safe_back(hostile) == "/", hostile


async def test_english_is_the_default_and_accept_language_gives_french(client):
    english = await client.get("/")
    assert english.status_code == 200
    assert '<html lang="en">' in english.text
    assert "Upcoming public meetings" in english.text
    # A browser that asks for something we do not speak gets English too.
    other = await client.get("/", headers={"Accept-Language": "de-DE, pt;q=0.8"})
    assert "Upcoming public meetings" in other.text
    french = await client.get("/", headers={"Accept-Language": "fr-ML, en;q=0.5"})
    assert '<html lang="fr">' in french.text
    assert "Prochaines réunions publiques" in french.text
    assert "Upcoming public meetings" not in french.text
    # A shared cache keeps one copy per language.
    assert "accept-language" in french.headers["vary"].lower()
    # Weights count: English preferred over French.
    weighted = await client.get("/", headers={"Accept-Language": "fr;q=0.4, en;q=0.9"})
    assert "Upcoming public meetings" in weighted.text


async def test_the_switch_overrides_the_browser_and_returns_to_the_page(app):
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        http.headers["Accept-Language"] = "fr"
        page = await http.get("/decisions")
        assert "Le registre public des décisions" in page.text
        switched = await http.post("/language", data={"language": "en", "next": "/decisions"})
        assert switched.status_code == 303
        assert switched.headers["location"] == "/decisions"
        assert http.cookies.get(COOKIE) == "en"
        again = await http.get("/decisions")
        assert "The public register of decisions" in again.text
        # Another site as the way back: home instead.
        away = await http.post("/language", data={"language": "fr", "next": "//evil.example/"})
        assert away.headers["location"] == "/"
        assert "Le registre public des décisions" in (await http.get("/decisions")).text
        # Opened as a page (a crawler, a bookmark): the choice, in the current language.
        chooser = await http.get("/language")
        assert chooser.status_code == 200 and "Choisissez la langue" in chooser.text
        # A language we do not speak changes nothing.
        await http.post("/language", data={"language": "xx", "next": "/"})
        assert http.cookies.get(COOKIE) == "fr"


async def test_a_french_speaking_member_reads_the_admin_in_french(app):
    world = await hostile_world()
    await Person.filter(id__gt=0).update(password_hash=PASSWORD_HASH)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        await sign_in(http, "pieter@example.org")
        english = await http.get("/admin/")
        assert '<html lang="en">' in english.text
        assert ">Meetings<" in english.text and "Sign out" in english.text
        await Person.filter(email="pieter@example.org").update(language="fr")
        # Even a browser asking for English: the person's own language wins.
        french = await http.get("/admin/", headers={"Accept-Language": "en"})
        assert '<html lang="fr">' in french.text
        assert ">Réunions<" in french.text
        assert "Se déconnecter" in french.text
        assert "Tableau de bord" in french.text
        assert ">Meetings<" not in french.text
        assert "Bonjour, Pieter Botha" in french.text
        meetings = await http.get("/admin/meetings")
        assert "Programmer une réunion" in meetings.text or "Trouver des réunions" in meetings.text
        assert "Schedule a meeting" not in meetings.text
        profile = await http.get("/admin/profile")
        assert "Connexion à deux facteurs" in profile.text and "Votre profil" in profile.text
        meeting = await http.get(f"/admin/meetings/{world.meeting.id}")
        assert meeting.status_code == 200
        assert "Ordre du jour" in meeting.text and "Présences" in meeting.text
        assert "Dossier de séance (PDF)" in meeting.text
        # The record's own words are never translated: the title stays as it was written.
        assert world.meeting.title in meeting.text


async def test_a_person_chooses_their_language_on_their_profile(app):
    await hostile_world()
    await Person.filter(id__gt=0).update(password_hash=PASSWORD_HASH)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        signed = await sign_in(http, "pieter@example.org")
        profile = await http.get("/admin/profile")
        assert 'name="language"' in profile.text
        # Without the form's token: refused, nothing changes.
        refused = await http.post("/admin/profile/language", data={"language": "fr"})
        assert refused.status_code == 403
        assert (await Person.get(email="pieter@example.org")).language is None
        saved = await http.post(
            "/admin/profile/language", data={"language": "fr", "csrf_token": signed.csrf}
        )
        assert saved.status_code == 303
        assert (await Person.get(email="pieter@example.org")).language == "fr"
        assert "Votre langue" in (await http.get("/admin/profile")).text
        # A language we do not speak is refused.
        bad = await http.post(
            "/admin/profile/language", data={"language": "xx", "csrf_token": signed.csrf}
        )
        assert bad.status_code == 400
        assert (await Person.get(email="pieter@example.org")).language == "fr"
        # The switch, signed in, is the profile's language too.
        await http.post("/language", data={"language": "en", "next": "/admin/"})
        assert (await Person.get(email="pieter@example.org")).language == "en"


async def test_the_viewer_s_locale(app):
    await hostile_world()
    await Person.filter(id__gt=0).update(password_hash=PASSWORD_HASH)
    query = {"query": "{ viewer { locale } }"}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        anonymous = await http.post("/graphql", json=query, headers={"Accept-Language": "fr"})
        assert anonymous.json()["data"]["viewer"]["locale"] == "fr"
        assert (await http.post("/graphql", json=query)).json()["data"]["viewer"]["locale"] == "en"


async def test_a_french_speaking_member_gets_their_reset_email_in_french():
    from governance import account_links, languages
    from governance.models import OutboxItem
    from server import account_mail  # noqa: F401 (registers its builders)
    from server.messages import BUILDERS, MailContext
    from tests.conftest import SECRET
    from tests.workflows.helpers import workflow_world

    context = MailContext(
        public_url="http://testserver", sender="Indaba <no-reply@example.org>", secret_key=SECRET
    )
    world = await workflow_world()
    member = world.people["member"]
    await Person.filter(id=member.id).update(language="fr")
    assert await account_links.request_reset("member@example.org")
    item = await OutboxItem.get(person_id=member.id)
    message = await BUILDERS[item.topic](item, context)
    assert message is not None
    assert message["Subject"] == "Réinitialisez votre mot de passe Indaba"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert f"Bonjour {member.name}," in text
    assert "pendant 1 heure" in text
    assert "Quelqu'un (vous, nous l'espérons)" in text
    assert "http://testserver/admin/password/reset/" in text
    assert '<html lang="fr">' in html and "Choisir un nouveau mot de passe" in html
    # French month names: the expiry date is the reader's, in the one style of a moment.
    assert re.search(r"jusqu'au \d{1,2} \w+\.? 20\d\d, \d\d:\d\d UTC", text), text
    # The worker goes on in English for the next recipient.
    assert languages.current() == "en"


async def test_a_french_speaking_member_gets_the_meeting_pack_in_french(client):
    from governance.models import Meeting
    from tests.api.test_meeting_papers import a_meeting_with_papers, paper, text_of
    from tests.world import build_world

    world = await build_world()
    meeting: Meeting = await a_meeting_with_papers(world)
    english = text_of((await paper(client, world, meeting, "agenda", "participant")).content)
    assert "Page 1 of 1" in english and "Papers" in english
    participant = world.people["participant"]
    await Person.filter(id=participant.id).update(language="fr")
    got = await paper(client, world, meeting, "agenda", "participant")
    assert got.status_code == 200
    french = text_of(got.content)
    assert "Page 1 sur 1" in french
    assert "Ordre du jour" in french and "Documents" in french
    assert "PROJET" in french
    assert "Page 1 of 1" not in french
    # The meeting's moment in the one style, on its body's clocks with the zone named, and
    # its classification in words: the same as the admin and the portal write them.
    body = await meeting.body
    starts = i18n_moment(meeting.starts_at, body.time_zone, "fr")
    assert f"{body.name} · {starts} · Interne" in french, french
    # The same paper asked in French by the public's browser, for a public meeting, would
    # be cached per language: the response says so.
    assert "accept-language" in got.headers["vary"].lower()


def i18n_moment(moment, zone: str, language: str) -> str:
    from server import i18n

    with i18n.speaking(language):
        return i18n.moment_in(moment, zone)


async def test_a_french_speaking_member_gets_their_notification_in_french():
    from governance.enums import Classification, NotificationKind
    from server import notification_mail  # noqa: F401 (registers its builders)
    from server.messages import BUILDERS, MailContext
    from tests.conftest import SECRET
    from tests.test_notification_mail import notified
    from tests.world import build_world

    context = MailContext(
        public_url="http://testserver", sender="Indaba <no-reply@example.org>", secret_key=SECRET
    )
    w = await build_world()
    member = w.people["member"]
    meeting = w.meetings[Classification.CONFIDENTIAL]
    kind = NotificationKind.MEETING_SCHEDULED
    item = await notified(member, kind, "Réunion programmée", "meeting", meeting.id)
    english = await BUILDERS[item.topic](item, context)
    assert "A meeting has been scheduled." in english.get_body(("plain",)).get_content()
    await Person.filter(id=member.id).update(language="fr")
    message = await BUILDERS[item.topic](item, context)
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Une réunion a été programmée." in text
    assert "L'ouvrir : http://testserver/admin/meetings/" in text
    assert "Vous recevez ce courriel à l'adresse member@example.org." in text
    assert "Ne plus recevoir de courriels pour les réunions programmées" in text
    assert '<html lang="fr">' in html and "L'ouvrir dans Indaba" in html
    assert "A meeting has been scheduled." not in text


async def test_every_admin_page_a_french_speaking_member_reaches_renders_in_french(app):
    """Every page a member can follow a link to from the dashboard renders in French: a
    translation that breaks a page (a lost placeholder, a stray %) fails here."""
    world = await hostile_world()
    await Person.filter(id__gt=0).update(password_hash=PASSWORD_HASH)
    await Person.filter(email="pieter@example.org").update(language="fr")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        await sign_in(http, "pieter@example.org")
        start = ["/admin/", f"/admin/meetings/{world.meeting.id}", "/admin/webhooks"]
        seen, queue, broken = set(start), list(start), {}
        while queue and len(seen) < 120:
            path = queue.pop(0)
            page = await http.get(path)
            if page.status_code != 200 or '<html lang="fr">' not in page.text:
                broken[path] = page.status_code
                continue
            for link in re.findall(r'href="(/admin/[^"#?]*)', page.text):
                if link not in seen and "/papers/" not in link and not link.endswith(".csv"):
                    seen.add(link)
                    queue.append(link)
        assert broken == {}
        assert len(seen) > 20, seen
        expected = {
            "/admin/decisions": "Registre des décisions",
            "/admin/agreements": "Accords de partenariat",
            "/admin/action-plans": "Plans d'action",
            "/admin/indicators": "Indicateurs",
            "/admin/notifications": "Choisir ce qui vous est envoyé par courriel",
            "/admin/tokens": "Émettre un jeton",
            "/admin/webhooks": "Enregistrer un webhook",
        }
        for path, words in expected.items():
            assert words in (await http.get(path)).text, path
