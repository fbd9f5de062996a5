"""Updates in several languages on the portal (issue 15): each group of translations once
in a list, in the visitor's language where it is published in it, else the original; the
update's page names its language and links to its published translations; an unpublished
translation never shows."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import httpx

from governance.enums import UpdateStatus
from governance.models import Update
from schema import ids
from tests.api.test_sql_statements import counting_statements
from tests.portal.hostile import SECRET

S = UpdateStatus
FRENCH = {"Accept-Language": "fr"}
ENGLISH = {"Accept-Language": "en"}


def sealed(update: Update) -> str:
    """How the portal links an update: its sealed (global) id."""
    return str(ids.encode("Update", update.id))


async def made(title: str, language: str, of: Update | None = None, *, hours: int = 0,
               status: S = S.PUBLISHED) -> Update:  # fmt: skip
    when = datetime.now(UTC) - timedelta(hours=hours)
    return await Update.create(
        title=title, body=f"{title}: the text.", language=language, translation_of=of,
        status=status, listed_at=when, published_at=when if status == S.PUBLISHED else None,
    )  # fmt: skip


async def groups() -> dict[str, Update]:
    notice = await made("Water notice", "en", hours=1)
    avis = await made("Avis sur l'eau", "fr", notice, hours=1)
    plan = await made("Plan d'action de Kati", "fr", hours=2)
    await made(f"{SECRET} plan draft", "en", plan, hours=2, status=S.IN_REVIEW)
    alone = await made("Tariff relief", "en", hours=3)
    return {"notice": notice, "avis": avis, "plan": plan, "alone": alone}


def titles(html: str) -> list[str]:
    found = re.findall(r'<a href="/updates/[\w-]+" lang="[^"]+">([^<]+)</a>', html)
    return [t.replace("&#39;", "'") for t in found]


async def test_a_group_shows_once_in_the_visitors_language_else_the_original(client):
    await groups()
    for path in ("/", "/updates"):
        french = (await client.get(path, headers=FRENCH)).text
        assert titles(french) == ["Avis sur l'eau", "Plan d'action de Kati", "Tariff relief"]
        english = (await client.get(path, headers=ENGLISH)).text
        # No English version of Kati's plan is published: its French original stands.
        assert titles(english) == ["Water notice", "Plan d'action de Kati", "Tariff relief"]
        assert SECRET not in french + english
    # Each title carries its own language.
    english = (await client.get("/updates", headers=ENGLISH)).text
    assert 'lang="fr">Plan d&#39;action de Kati</a>' in english


async def test_the_update_page_names_its_language_and_links_its_published_versions(client):
    made_ = await groups()
    notice, avis, plan = made_["notice"], made_["avis"], made_["plan"]
    page = (await client.get(f"/updates/{notice.id}", headers=FRENCH)).text
    assert '<h1 lang="en">Water notice</h1>' in page
    head = page.split("</head>")[0]
    assert f'<link rel="alternate" hreflang="fr" href="/updates/{sealed(avis)}">' in head
    # The link is in the language it leads to, whatever the page's.
    assert f'href="/updates/{sealed(avis)}" hreflang="fr" lang="fr">Lire en français</a>' in page
    back = (await client.get(f"/updates/{avis.id}", headers=FRENCH)).text
    assert f'href="/updates/{sealed(notice)}" hreflang="en" lang="en">Read in English</a>' in back
    assert '<div class="prose" lang="fr">' in back
    # A translation in review is not linked, and not reachable.
    alone = (await client.get(f"/updates/{plan.id}")).text
    assert "hreflang" not in alone.split("<body")[1]
    assert 'rel="alternate" hreflang' not in alone
    hidden = await Update.get(status=S.IN_REVIEW)
    assert (await client.get(f"/updates/{hidden.id}")).status_code == 404


async def test_a_retracted_original_gives_way_to_its_translation(client):
    made_ = await groups()
    await Update.filter(id=made_["notice"].id).update(status=S.RETRACTED)
    english = (await client.get("/updates", headers=ENGLISH)).text
    assert titles(english) == ["Avis sur l'eau", "Plan d'action de Kati", "Tariff relief"]
    page = (await client.get(f"/updates/{made_['avis'].id}")).text
    assert "Read in English" not in page


async def test_paging_is_one_group_a_row_and_costs_the_same_whatever_the_number(
    client: httpx.AsyncClient,
):
    # 25 groups, each an English original and a French translation, and a draft each.
    for n in range(25):
        original = await made(f"Notice {n:02d}", "en", hours=n)
        await made(f"Avis {n:02d}", "fr", original, hours=n)
        await made(f"{SECRET} {n}", "pt", original, hours=n, status=S.DRAFT)
    seen: list[str] = []
    counts = []
    path: str | None = "/updates"
    while path:
        with counting_statements() as statements:
            page = (await client.get(path, headers=FRENCH)).text
        counts.append(len(statements))
        assert SECRET not in page
        seen += titles(page)
        following = re.search(r'href="(/updates\?after=[^"]+)"', page)
        path = following.group(1).replace("&amp;", "&") if following else None
    assert seen == [f"Avis {n:02d}" for n in range(25)]
    assert len(counts) == 2 and counts[0] == counts[1], counts


async def test_the_demo_speaks_to_each_visitor_in_their_language(client):
    from demo import load_demo
    from demo.register import FOCUS_AREAS, KATI_PLAN

    assert await load_demo() is not None
    kati = await Update.get(title=KATI_PLAN)
    assert (kati.language, kati.status) == ("fr", S.PUBLISHED)
    assert await Update.filter(translation_of=kati, language="en", status=S.PUBLISHED).exists()
    focus = await Update.get(title=FOCUS_AREAS)
    assert await Update.filter(translation_of=focus, language="fr", status=S.PUBLISHED).exists()
    french = titles((await client.get("/updates", headers=FRENCH)).text)
    english = titles((await client.get("/updates", headers=ENGLISH)).text)
    assert KATI_PLAN in french and FOCUS_AREAS not in french
    assert FOCUS_AREAS in english and KATI_PLAN not in english
    assert len(french) == len(english)  # the same updates, each once


async def test_a_decision_names_each_update_reporting_it_once(client):
    from governance.enums import Classification, ReleaseStatus
    from governance.models import Body, Decision

    body = await Body.create(name="Steering", slug="steering", kind="STEERING_COMMITTEE",
                             quorum=1, prefix="SC")  # fmt: skip
    decision = await Decision.create(
        reference="SC-2026-001", committee=body, title="Repairs", text="Decided.",
        decided_on=datetime.now(UTC).date(), classification=Classification.PUBLIC,
        recorded_classification=Classification.PUBLIC, release=ReleaseStatus.CLEARED_FOR_RELEASE,
    )  # fmt: skip
    made_ = await groups()
    for update in (made_["notice"], made_["avis"]):
        await update.decisions.add(decision)
    french = (await client.get("/decisions/SC-2026-001", headers=FRENCH)).text
    english = (await client.get("/decisions/SC-2026-001", headers=ENGLISH)).text
    assert "Avis sur l&#39;eau" in french and "Water notice" not in french
    assert "Water notice" in english and "Avis sur l&#39;eau" not in english


async def test_an_update_is_linked_by_its_sealed_id_and_an_old_link_still_resolves(client):
    # Row numbers in links would tell, by their gaps, how many unpublished updates lie
    # between two published ones.
    first = await made("First notice", "en", hours=3)
    between = await made(f"{SECRET} draft", "en", hours=2, status=S.DRAFT)
    second = await made("Second notice", "en", hours=1)
    listing = (await client.get("/updates")).text
    linked = re.findall(r'href="/updates/([^"?]+)"', listing)
    assert sealed(first) in linked and sealed(second) in linked
    assert not [link for link in linked if link.isdigit()]
    atom = (await client.get("/feeds/updates.atom")).text
    assert f"/updates/{sealed(second)}" in atom and f"/updates/{second.id}<" not in atom
    page = await client.get(f"/updates/{sealed(first)}")
    assert page.status_code == 200 and "First notice" in page.text
    assert (await client.get(f"/updates/{first.id}")).status_code == 200  # a link made before
    # The draft's sealed id is the same 404 as an id that names nothing.
    hidden = await client.get(f"/updates/{sealed(between)}")
    absent = await client.get("/updates/not-an-update")
    assert hidden.status_code == absent.status_code == 404
    assert SECRET not in hidden.text and hidden.text == absent.text
