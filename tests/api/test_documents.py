"""Documents through the API as a partner's integration meets them: the GraphQL multipart
upload, the download with the same token, the list and its search, and the 404 that a
hidden document shares with one that never existed (issue 13)."""

from __future__ import annotations

import json
from typing import Any

import httpx

from governance.enums import Classification
from governance.files import MAX_BYTES
from tests.admin.helpers import admin_world, sign_in
from tests.graphql import Result, gid, gql
from tests.workflows.test_documents import PNG, tiny_pdf
from tests.world import build_world

C = Classification
UPLOAD = """mutation($i: UploadDocumentInput!, $f: Upload!) {
  uploadDocument(input: $i, file: $f) {
    id title filename contentType size sha256 classification downloadPath
    uploadedBy { name } attachedTo { id ... on Meeting { title } }
  }
}"""
REPORT = tiny_pdf("Revenue collection rose to 87 percent in Thabazimbi")


async def upload(
    client: Any,
    token: str | None,
    attach_to: str,
    *,
    content: bytes = REPORT,
    filename: str = "revenue.pdf",
    title: str = "Revenue report",
    level: C = C.INTERNAL,
    headers: dict[str, str] | None = None,
) -> Result:
    operations = {
        "query": UPLOAD,
        "variables": {
            "i": {"attachToId": attach_to, "title": title, "classification": level.value},
            "f": None,
        },
    }
    sent = dict(headers or {})
    if token:
        sent["Authorization"] = f"Bearer {token}"
    response = await client.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.f"]})},
        files={"0": (filename, content, "application/octet-stream")},
        headers=sent,
    )
    return Result(response.status_code, response.json())


def meeting(world, level: C = C.INTERNAL) -> str:
    return gid("Meeting", world.meetings[level].id)


async def test_a_partner_uploads_through_the_api_and_downloads_with_the_same_token(client):
    world = await build_world()
    refused = await upload(client, world.tokens["member"], meeting(world))
    assert refused.only_code() == "FORBIDDEN"
    anonymous = await upload(client, None, meeting(world, C.PUBLIC))
    assert anonymous.only_code() == "UNAUTHENTICATED"

    done = await upload(client, world.tokens["chair"], meeting(world))
    assert done.ok, done.errors
    document = done.data["uploadDocument"]
    assert document["contentType"] == "application/pdf"
    assert document["size"] == len(REPORT)
    assert document["filename"] == "revenue.pdf"
    assert document["uploadedBy"] == {"name": "Chair Person"}
    assert document["attachedTo"] == {"id": meeting(world), "title": "INTERNAL meeting"}
    path = document["downloadPath"]
    assert path.startswith("/documents/") and path.endswith("/revenue.pdf")

    got = await client.get(path, headers={"Authorization": f"Bearer {world.tokens['member']}"})
    assert got.status_code == 200
    assert got.content == REPORT
    assert got.headers["content-type"] == "application/pdf"
    assert got.headers["content-disposition"].startswith('attachment; filename="revenue.pdf"')
    assert got.headers["x-content-type-options"] == "nosniff"
    assert got.headers["cache-control"] == "private, no-store"


async def test_a_hidden_document_is_a_404_exactly_like_one_that_never_existed(client):
    world = await build_world()
    done = await upload(client, world.tokens["chair"], meeting(world), level=C.CONFIDENTIAL)
    path = done.data["uploadDocument"]["downloadPath"]
    never = path.replace(done.data["uploadDocument"]["id"], gid("Document", 999_999))
    answers = []
    for token in (world.tokens["participant"], None):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        for address in (path, never):
            answer = await client.get(address, headers=headers)
            answers.append((answer.status_code, answer.text, answer.headers.get("cache-control")))
    assert set(answers) == {(404, "No such document.", "no-store")}
    # Seen: the member, and with its exact name only.
    member = {"Authorization": f"Bearer {world.tokens['member']}"}
    assert (await client.get(path, headers=member)).status_code == 200
    assert (await client.get(path.replace("revenue", "other"), headers=member)).status_code == 404
    # The API says nothing of it either: not in lists, counts, search or node.
    query = """query($id: ID!) { node(id: $id) { id }
      documents(first: 10, search: "revenue") { totalCount edges { node { id } } } }"""
    variables = {"id": done.data["uploadDocument"]["id"]}
    outsider = await gql(client, query, variables, token=world.tokens["participant"])
    assert outsider.data == {"node": None, "documents": {"totalCount": 0, "edges": []}}
    inside = await gql(client, query, variables, token=world.tokens["member"])
    assert inside.data["documents"]["totalCount"] == 1
    assert inside.data["node"] == variables


async def test_a_public_document_on_a_public_meeting_is_for_everyone(client):
    world = await build_world()
    done = await upload(
        client, world.tokens["chair"], meeting(world, C.PUBLIC), level=C.PUBLIC,
        content=PNG, filename="site visit.png",
    )  # fmt: skip
    document = done.data["uploadDocument"]
    assert document["downloadPath"].endswith("/site%20visit.png")
    got = await client.get(document["downloadPath"])
    assert got.status_code == 200 and got.content == PNG
    assert got.headers["content-type"] == "image/png"
    assert got.headers["cache-control"] == "public, max-age=300"
    nested = await gql(
        client,
        "{ meetings(first: 10) { edges { node { title documents { title } } } } }",
    )
    titles = {
        edge["node"]["title"]: [d["title"] for d in edge["node"]["documents"]]
        for edge in nested.data["meetings"]["edges"]
    }
    assert titles == {"PUBLIC meeting": ["Revenue report"]}


async def test_the_type_is_judged_on_the_bytes_and_the_size_is_bounded(client, settings):
    world = await build_world()
    chair = world.tokens["chair"]

    def stored_now() -> set[str]:  # the store is the session's: other tests' files are there
        return {p.name for p in settings.files_dir.rglob("*") if p.is_file()} - before

    before: set[str] = set()
    before = stored_now()
    program = await upload(client, chair, meeting(world), content=b"MZ" + bytes(500))
    assert program.only_code() == "BAD_USER_INPUT"
    assert "type is not accepted" in program.errors[0]["message"]

    just_over = await upload(client, chair, meeting(world), content=b"%PDF-" + bytes(MAX_BYTES))
    assert just_over.status == 413
    assert just_over.only_code() == "BAD_USER_INPUT"
    assert "at most 25 MiB" in just_over.errors[0]["message"]
    far_over = await upload(client, chair, meeting(world), content=bytes(MAX_BYTES + 2**20))
    assert far_over.status == 413
    assert stored_now() == set()

    fresh = tiny_pdf("Asset register 64 percent complete")
    first = await upload(client, chair, meeting(world), content=fresh)
    second = await upload(
        client, chair, gid("Decision", world.decisions[C.INTERNAL].id), content=fresh
    )
    assert first.data["uploadDocument"]["sha256"] == second.data["uploadDocument"]["sha256"]
    assert stored_now() == {first.data["uploadDocument"]["sha256"]}


async def test_documents_are_found_by_words_of_a_pdf_and_listed_per_item(client):
    world = await build_world()
    chair = world.tokens["chair"]
    await upload(client, chair, meeting(world))
    decision = gid("Decision", world.decisions[C.INTERNAL].id)
    await upload(client, chair, decision, content=PNG, filename="chart.png", title="Tariff chart")
    query = """query($s: String, $on: ID) {
      documents(first: 10, search: $s, attachedToId: $on) { edges { node { title } } } }"""

    async def titles(**variables: Any) -> list[str]:
        found = await gql(client, query, variables, token=world.tokens["member"])
        assert found.ok, found.errors
        return [e["node"]["title"] for e in found.data["documents"]["edges"]]

    assert await titles(s="Thabazimbi") == ["Revenue report"]  # from the PDF's text
    assert await titles(s="tariff") == ["Tariff chart"]
    assert await titles(s="chart.png") == ["Tariff chart"]
    assert await titles(on=decision) == ["Tariff chart"]
    assert await titles() == ["Tariff chart", "Revenue report"]  # newest first
    wrong = await gql(client, query, {"on": gid("Person", 1)}, token=world.tokens["member"])
    assert wrong.only_code() == "BAD_USER_INPUT"


async def test_removal_is_by_the_uploader_or_an_officer_and_is_final(client):
    world = await build_world()
    done = await upload(client, world.tokens["secretary"], meeting(world), level=C.CONFIDENTIAL)
    document = done.data["uploadDocument"]
    remove = "mutation($id: ID!) { removeDocument(documentId: $id) }"
    variables = {"id": document["id"]}
    assert (await gql(client, remove, variables, token=world.tokens["member"])).only_code() == (
        "FORBIDDEN"
    )
    assert (
        await gql(client, remove, variables, token=world.tokens["participant"])
    ).only_code() == ("NOT_FOUND")
    removed = await gql(client, remove, variables, token=world.tokens["chair"])
    assert removed.data == {"removeDocument": True}
    member = {"Authorization": f"Bearer {world.tokens['member']}"}
    assert (await client.get(document["downloadPath"], headers=member)).status_code == 404
    again = await gql(client, remove, variables, token=world.tokens["chair"])
    assert again.only_code() == "NOT_FOUND"


async def test_a_browser_session_uploads_only_with_its_csrf_token(app):
    """Multipart is a request a hostile page can make a browser send cross-site without a
    preflight: with the session cookie alone it is the anonymous public's."""
    setting = await admin_world()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        browser = await sign_in(http, setting.world.people["chair"].email)
        target = meeting(setting.world)
        forged = await upload(http, None, target)
        assert forged.only_code() == "UNAUTHENTICATED"
        sent = await upload(http, None, target, headers={"X-CSRF-Token": browser.csrf})
        assert sent.ok, sent.errors
        path = sent.data["uploadDocument"]["downloadPath"]
        assert (await http.get(path)).content == REPORT  # the session downloads it too


async def test_a_bad_token_is_refused_rather_than_read_as_the_public(client):
    world = await build_world()
    done = await upload(
        client, world.tokens["chair"], meeting(world, C.PUBLIC), level=C.PUBLIC,
        content=PNG, filename="site.png",
    )  # fmt: skip
    path = done.data["uploadDocument"]["downloadPath"]
    assert (await client.get(path)).status_code == 200  # public: anyone
    for paper in (path, f"/meetings/{meeting(world, C.PUBLIC)}/agenda.pdf"):
        refused = await client.get(paper, headers={"Authorization": "Bearer not-a-token"})
        assert refused.status_code == 401
        assert refused.headers["www-authenticate"] == "Bearer"


async def test_a_malformed_multipart_body_is_refused_in_the_apis_own_shape(client):
    answer = await client.post(
        "/graphql",
        content=b'{"query": "{ viewer { isAnonymous } }"}',
        headers={"Content-Type": "multipart/form-data"},  # no boundary
    )
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "boundary" in answer.json()["errors"][0]["message"]


async def test_a_file_written_into_the_query_is_refused_with_how_to_send_one(client):
    world = await build_world()
    inline = await gql(
        client,
        'mutation($i: UploadDocumentInput!) { uploadDocument(input: $i, file: "%PDF-1.4") { id } }',
        {"i": {"attachToId": meeting(world), "title": "x", "classification": "INTERNAL"}},
        token=world.tokens["chair"],
    )
    assert inline.only_code() == "BAD_USER_INPUT"
    assert "multipart request" in inline.errors[0]["message"]
