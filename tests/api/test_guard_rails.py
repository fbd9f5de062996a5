"""What one request may ask for, and what a refusal looks like."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser

import httpx
import pytest

from governance.enums import BodyKind, Classification
from governance.models import Body, Decision
from server.app import create_app
from server.settings import Settings
from tests.graphql import gql
from tests.world import build_world


async def test_a_deep_query_is_too_complex(client):
    deep = "{ committees { edges { node { meetings { edges { node { body { meetings { edges { node { body { meetings { edges { node { title } } } } } } } } } } } } } } }"
    result = await gql(client, deep)
    assert result.only_code() == "QUERY_TOO_COMPLEX"
    assert result.data is None


async def test_fragments_do_not_bypass_the_depth_limit(client):
    query = """
    fragment M on Meeting { body { meetings { edges { node { body { meetings { edges { node { title } } } } } } } } }
    { committees { edges { node { meetings { edges { node { ...M } } } } } } }
    """
    result = await gql(client, query)
    assert result.only_code() == "QUERY_TOO_COMPLEX"


async def test_many_aliases_are_too_complex(client):
    aliases = " ".join(f"a{i}: viewer {{ isAnonymous }}" for i in range(40))
    result = await gql(client, "{ " + aliases + " }")
    assert result.only_code() == "QUERY_TOO_COMPLEX"


async def test_a_huge_document_is_too_complex(client):
    fields = " ".join("isAnonymous" for _ in range(5000))
    result = await gql(client, "{ viewer { " + fields + " } }")
    assert result.only_code() == "QUERY_TOO_COMPLEX"


@pytest.mark.parametrize("first", [101, 1000, -1])
async def test_first_is_bounded(client, first):
    result = await gql(
        client, "query($n: Int) { committees(first: $n) { totalCount } }", {"n": first}
    )
    assert result.only_code() == "BAD_USER_INPUT"
    assert "first" in result.errors[0]["message"]


async def test_a_forged_cursor_is_bad_input(client):
    result = await gql(client, '{ decisions(after: "not-a-cursor") { totalCount } }')
    assert result.only_code() == "BAD_USER_INPUT"


async def test_an_id_of_the_wrong_type_is_bad_input(client):
    result = await gql(
        client, '{ meetings(bodyId: "RGVjaXNpb246MQ") { totalCount } }'
    )  # Decision:1
    assert result.only_code() == "BAD_USER_INPUT"
    assert "bodyId" in result.errors[0]["message"]


async def test_an_unknown_field_is_bad_input_in_plain_words(client):
    result = await gql(client, "{ committees { totalCont } }")
    assert result.only_code() == "BAD_USER_INPUT"
    assert "totalCont" in result.errors[0]["message"]


async def test_a_wrong_variable_type_is_bad_input(client):
    result = await gql(
        client, "query($d: Date) { decisions(decidedFrom: $d) { totalCount } }", {"d": "yesterday"}
    )
    assert result.only_code() == "BAD_USER_INPUT"


async def test_queries_and_mutations_are_not_served_over_get(client):
    response = await client.get(
        "/graphql", params={"query": 'mutation { revokeApiTokens(personId: "x") }'}
    )
    assert response.status_code in (400, 405)
    response = await client.get("/graphql", params={"query": "{ viewer { isAnonymous } }"})
    assert response.status_code in (400, 405)


async def test_batched_operations_are_refused(client):
    response = await client.post("/graphql", json=[{"query": "{ viewer { isAnonymous } }"}] * 2)
    assert response.status_code == 400


async def test_a_body_over_the_limit_is_refused_before_it_is_read(client):
    response = await client.post(
        "/graphql",
        content=b"{" + b" " * (300 * 1024) + b"}",
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413


async def test_an_invalid_token_is_unauthenticated_not_anonymous(client):
    result = await gql(client, "{ viewer { isAnonymous } }", token="ind_forged")
    assert result.status == 401
    assert result.only_code() == "UNAUTHENTICATED"


async def test_an_unexpected_error_is_internal_with_a_correlation_id_and_no_detail(
    client, monkeypatch, caplog
):
    async def explode(*_args, **_kwargs):
        raise RuntimeError("SELECT secret FROM person -- internal detail")

    monkeypatch.setattr("schema.bodies.paginate", explode)
    result = await gql(client, "{ committees { totalCount } }")
    assert result.only_code() == "INTERNAL"
    error = result.errors[0]
    assert "SELECT" not in error["message"] and "Traceback" not in error["message"]
    assert error["extensions"]["correlationId"] in error["message"]
    assert error["extensions"]["correlationId"] in caplog.text


async def test_rendered_markdown_keeps_no_script_handler_or_htmx_attribute(client):
    body = await Body.create(
        name="Steering", slug="steering", kind=BodyKind.STEERING_COMMITTEE, quorum=1, prefix="SC"
    )
    await Decision.create(
        reference="SC-2026-001",
        committee_id=body.id,
        title="Markdown",
        decided_on=datetime.now(UTC).date(),
        classification=Classification.PUBLIC,
        recorded_classification=Classification.PUBLIC,
        text='**Adopted.** <script>alert(1)</script> <a href="/x" onclick="steal()" hx-post="/admin/x">x</a>'
        " [link](javascript:alert(2)) <img src=x onerror=alert(3)>",
    )
    result = await gql(client, '{ decision(reference: "SC-2026-001") { text textHtml } }')
    html = result.data["decision"]["textHtml"]
    assert "<strong>Adopted.</strong>" in html
    tags = elements(html)
    assert {tag for tag, _ in tags} <= {"p", "strong", "a"}
    attributes = {name: value for _, attrs in tags for name, value in attrs}
    assert not [n for n in attributes if n.startswith(("on", "hx-", "data-"))]
    assert not any("javascript" in (value or "") for value in attributes.values())
    assert "<script>" in result.data["decision"]["text"], "the text is stored as written"


def elements(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """The elements a browser would build from `html` (escaped text is not an element)."""
    found: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collector().feed(html)
    return found


@pytest.fixture
def production_app(database_url):
    settings = Settings(
        database_url=database_url,
        secret_key="p" * 40,
        environment="production",
        graphiql=False,
        allowed_hosts=("testserver",),
    )
    return create_app(settings, manage_database=False)


async def test_production_hides_the_schema_from_anonymous_viewers_only(production_app):
    from tests.world import build_world

    world = await build_world()
    transport = httpx.ASGITransport(app=production_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        anonymous = await gql(client, "{ __schema { types { name } } }")
        assert anonymous.data is None
        assert set(anonymous.codes) == {"BAD_USER_INPUT"}
        signed_in = await gql(
            client, "{ __schema { types { name } } }", token=world.tokens["participant"]
        )
        assert signed_in.ok
        typo = await gql(client, "{ comittees { totalCount } }")
        assert "Did you mean" not in typo.errors[0]["message"]
        page = await client.get("/graphql", headers={"accept": "text/html"})
        assert page.status_code in (400, 404, 405)
        assert "GraphiQL" not in page.text


async def test_development_serves_graphiql_from_this_origin(client):
    page = await client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200
    script = re.search(r'src="(/static/vendor/graphiql\.min\.[0-9a-f]+\.js)"', page.text)
    assert script, page.text
    assert (await client.get(script.group(1))).status_code == 200
    assert "unpkg.com" not in page.text and "cdn" not in page.text.lower()


async def test_what_a_signed_in_viewer_reads_is_never_kept_by_a_cache(client):
    world = await build_world()
    query = {"query": "{ viewer { isAnonymous } }"}
    signed_in = await client.post(
        "/graphql", json=query, headers={"Authorization": f"Bearer {world.tokens['member']}"}
    )
    assert signed_in.headers["cache-control"] == "no-store"
    anonymous = await client.post("/graphql", json=query)
    assert "no-store" not in anonymous.headers.get("cache-control", "")
    # One URL answers every viewer: a shared cache must tell them apart.
    for response in (signed_in, anonymous):
        assert {v.strip().lower() for v in response.headers["vary"].split(",")} >= {
            "authorization",
            "cookie",
        }
