"""Long admin lists: a page, then a link on ("Older →" newest-first, "Next →" otherwise) with
a sealed cursor and the filters; no row twice, none missing; a forged or foreign cursor is a 400."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest

from governance.enums import Classification
from server.admin import paging
from tests.world import TODAY, decision_at, owned_action_item

NEXT = re.compile(r'<a href="([^"]+)" rel="next">([^<]+)</a>')
INTERNAL = Classification.INTERNAL


@pytest.fixture
def three_a_page(monkeypatch):
    monkeypatch.setattr(paging, "PAGE_SIZE", 3)


async def walk(
    person, url: str, row: re.Pattern[str]
) -> tuple[list[list[str]], list[str], set[str]]:
    """Every page from `url` on, following the link on: the rows of each, the links, their words."""
    pages, links, labels = [], [], set()
    while url:
        response = await person.get(url)
        assert response.status_code == 200, response.text
        pages.append(row.findall(response.text))
        found = NEXT.search(response.text)
        url = html.unescape(found.group(1)) if found else ""
        if found:
            links.append(url)
            labels.add(found.group(2))
    return pages, links, labels


async def test_a_long_list_shows_a_page_then_older_pages_with_its_filters(
    setting, signed_in, three_a_page
):
    world = setting.world
    made = [(await decision_at(world, INTERNAL, title=f"Paged decision {n}")).id for n in range(7)]
    await decision_at(world, INTERNAL, title="Another matter")  # outside the search
    person = await signed_in("member")
    row = re.compile(r'href="/admin/decisions/(\d+)">')

    first = await person.get(f"/admin/decisions?q=Paged&committee={setting.body('sc')}")
    assert len(row.findall(first.text)) == 3  # a page, not the whole list
    assert "Older →" in first.text

    pages, links, labels = await walk(
        person, f"/admin/decisions?q=Paged&committee={setting.body('sc')}", row
    )
    assert [len(p) for p in pages] == [3, 3, 1]
    shown = [int(i) for p in pages for i in p]
    # Same day for all: newest first by id, each once, none missing, the other matter not.
    assert shown == sorted(made, reverse=True)
    assert labels == {"Older →"}
    for link in links:
        assert "q=Paged" in link and f"committee={setting.body('sc')}" in link
        assert "after=" in link and "page=" not in link


async def test_items_without_a_due_date_come_after_the_dated_ones_across_pages(
    setting, signed_in, three_a_page
):
    world = setting.world
    dated = [
        await owned_action_item(world, INTERNAL, "member", title=f"Paged {n}") for n in range(4)
    ]
    for offset, item in zip((3, 1, 2, 1), dated, strict=True):
        item.due_date = TODAY + timedelta(days=30 + offset)
        await item.save()
    undated = [
        await owned_action_item(world, INTERNAL, "member", title=f"Paged u{n}") for n in range(3)
    ]
    person = await signed_in("member")
    row = re.compile(r'<li id="item-(\d+)">')

    pages, links, labels = await walk(person, "/admin/action-items?mine=1&open=1", row)
    shown = [int(i) for p in pages for i in p]
    ours = [i for i in shown if i in {x.id for x in dated + undated}]
    expected = sorted(dated, key=lambda x: (x.due_date, x.id)) + undated
    assert ours == [x.id for x in expected]
    assert len(shown) == len(set(shown))  # no row twice
    assert all(len(p) <= 3 for p in pages) and len(pages) >= 3
    assert labels == {"Next →"}
    assert all("mine=1" in link for link in links)


async def test_a_forged_or_foreign_cursor_is_a_400_page_never_a_500(
    setting, signed_in, three_a_page
):
    for n in range(4):
        await decision_at(setting.world, INTERNAL, title=f"Paged decision {n}")
    person = await signed_in("member")

    forged = await person.get("/admin/decisions?after=not-a-cursor")
    assert forged.status_code == 400
    assert "out of date or was not made by this list" in forged.text

    # A real cursor, of the people list: refused by the decisions register, and vice versa.
    people = await person.get("/admin/people")
    link = NEXT.search(people.text)
    assert link, "more than three people in the world"
    cursor = html.unescape(link.group(1)).split("after=", 1)[1]
    foreign = await person.get(f"/admin/decisions?after={cursor}")
    assert foreign.status_code == 400
    assert "out of date or was not made by this list" in foreign.text

    decisions = await person.get("/admin/decisions")
    cursor = html.unescape(NEXT.search(decisions.text).group(1)).split("after=", 1)[1]
    assert (await person.get(f"/admin/decisions?after={cursor}")).status_code == 200
    assert (await person.get(f"/admin/meetings?after={cursor}")).status_code == 400
