from __future__ import annotations

from tests.graphql import gql
from tests.world import build_world


async def test_anonymous_viewer_reads_public_committees(client):
    world = await build_world()
    result = await gql(
        client, "{ viewer { isAnonymous } committees { totalCount edges { node { name } } } }"
    )
    assert result.ok, result.errors
    assert result.data["viewer"]["isAnonymous"] is True
    assert result.data["committees"]["totalCount"] == 2
    assert world.bodies["sc"].name in [
        e["node"]["name"] for e in result.data["committees"]["edges"]
    ]
