"""The admin lists' search box reads the full-text index (governance.search): accents folded,
words as token prefixes, references by their parts, and only what the viewer may see."""

from __future__ import annotations

import re

from governance.enums import Classification
from governance.models import Person
from tests.world import decision_at

ROW = re.compile(r'href="/admin/decisions/(\d+)">')


async def test_the_decisions_search_box_folds_accents_and_keeps_hidden_ones_hidden(
    setting, signed_in
):
    world = setting.world
    public = await decision_at(world, Classification.PUBLIC, "Comité de pilotage élargi")
    hidden = await decision_at(world, Classification.CONFIDENTIAL, "Comité restreint")
    other = await decision_at(world, Classification.PUBLIC, "Water tender")

    participant = await signed_in("participant")
    shown = ROW.findall((await participant.get("/admin/decisions?q=COMITE")).text)
    assert [int(i) for i in shown] == [public.id]  # never the confidential one

    member = await signed_in("member")
    shown = ROW.findall((await member.get("/admin/decisions?q=comité")).text)
    assert sorted(int(i) for i in shown) == sorted([public.id, hidden.id])
    shown = ROW.findall((await member.get("/admin/decisions?q=pilot+elargi")).text)
    assert [int(i) for i in shown] == [public.id]
    # By a part of its reference (SC-<year>-<number>), like the whole of it.
    year_and_number = other.reference.split("-", 1)[1]
    for words in (other.reference, year_and_number):
        shown = ROW.findall((await member.get(f"/admin/decisions?q={words}")).text)
        assert [int(i) for i in shown] == [other.id]


async def test_the_people_search_box_finds_a_name_typed_without_its_accents(setting, signed_in):
    await Person.create(name="Aïssata Koné", email="aissata@example.org")
    admin = await signed_in("admin")
    page = (await admin.get("/admin/people?q=kone")).text
    assert "Aïssata Koné" in page
    assert "Chair Person" not in page
    assert "Chair Person" in (await admin.get("/admin/people?q=chair")).text
