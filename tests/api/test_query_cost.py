"""A price on every query before it runs: heavy queries are refused with their price, the
README's first query and the admin's heaviest page pass."""

from __future__ import annotations

from pathlib import Path

import httpx

from server.app import create_app
from server.settings import Settings
from tests.graphql import gql
from tests.world import build_world

FIRST_QUERY = (Path(__file__).resolve().parents[2] / "server" / "first_query.graphql").read_text()
NESTED_PAGES = (
    "committees(first: 100) { edges { node { meetings(first: 100) { edges { node { title "
    "motions { title votes { choice voter { name } } } } } } } } }"
)
ATTACK = "{ " + " ".join(f"a{n}: {NESTED_PAGES}" for n in range(30)) + " }"
# What the admin's meeting page shows, asked through the API.
MEETING_PAGE = """query($id: ID!) { node(id: $id) { ... on Meeting {
  title startsAt status classification location quorumPresent
  body { name quorum members { role votingRights person { name } organization { name } } }
  agenda { position title description classification motions { id } }
  attendance { status person { name } }
  minutes { content status version }
  motions { id title text status secretBallot votingRule outcome
    proposer { name } seconder { name }
    tally { cast for against abstain eligible present quorumMet }
    votes { choice voter { name } recordedBy { name } } decision { reference title } } } } }"""


async def test_thirty_aliases_of_nested_pages_are_refused_with_their_price(client):
    world = await build_world()
    refused = await gql(client, ATTACK, token=world.tokens["chair"])
    assert refused.data is None
    assert refused.only_code() == "QUERY_TOO_COMPLEX"
    error = refused.errors[0]
    assert error["extensions"]["budget"] == 25_000
    assert error["extensions"]["price"] > 100_000_000
    assert f"{error['extensions']['price']:,}" in error["message"]
    assert "25,000" in error["message"]
    # Fragments and variables hide nothing: the same work, spelled differently.
    spread = (
        "query($n: Int) { ...Pages } fragment Pages on Query { "
        + " ".join(f"a{n}: committees(first: $n) {{ edges {{ node {{ ...Meetings }} }} }}"
                   for n in range(30))
        + " } fragment Meetings on Committee { meetings(first: $n) { edges { node { title "
        "motions { votes { voter { name } } } } } } }"
    )  # fmt: skip
    assert (await gql(client, spread, {"n": 100}, token=world.tokens["chair"])).only_code() == (
        "QUERY_TOO_COMPLEX"
    )


async def test_the_first_query_and_the_meeting_page_are_within_the_budget(client):
    world = await build_world()
    first = await gql(client, FIRST_QUERY)
    assert first.ok, first.errors
    assert first.body["extensions"]["cost"]["price"] < 25_000 / 10
    meeting = world.gid("Meeting", world.meetings[next(iter(world.meetings))].id)
    page = await gql(client, MEETING_PAGE, {"id": meeting}, token=world.tokens["chair"])
    assert page.ok, page.errors
    assert page.body["extensions"]["cost"]["price"] < 25_000 / 2


async def test_a_page_costs_what_its_first_asks_for(client):
    await build_world()
    query = "query($n: Int) { decisions(first: $n) { edges { node { title } } } }"
    prices = {}
    for n in (1, 10, 100):
        result = await gql(client, query, {"n": n})
        assert result.ok, result.errors
        prices[n] = result.body["extensions"]["cost"]["price"]
    assert prices[1] < prices[10] < prices[100]
    assert prices[100] > 50 * prices[1]


async def test_the_budget_is_configurable(settings, orm):
    tight = Settings.from_env(
        {"SECRET_KEY": settings.secret_key, "INDABA_QUERY_BUDGET": "100",
         "DATABASE_URL": settings.database_url, "INDABA_ALLOWED_HOSTS": "testserver"}
    )  # fmt: skip
    app = create_app(tight, manage_database=False)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as http:
        refused = await gql(http, FIRST_QUERY)
    assert refused.only_code() == "QUERY_TOO_COMPLEX"
    assert "budget of 100" in refused.errors[0]["message"]
