"""No existence oracles: what the API hands out tells a viewer nothing of what they may not see.

Ids and cursors are opaque and unforgeable; a reference taken by a hidden item is
refused exactly like one taken by a visible item; agenda positions are numbered
over what the viewer sees; a decision superseded by a hidden one says so, and no
more.
"""

from __future__ import annotations

import base64
import binascii

from governance.enums import Classification
from governance.models import AgendaItem, Decision
from governance.validation import UNUSABLE_REFERENCE
from schema import ids, opaque
from tests.graphql import gql
from tests.world import TODAY, build_world

C = Classification
CREATE_AGREEMENT = """mutation($i: CreateAgreementInput!) { createAgreement(input: $i) { id } }"""


def readable(value: str) -> str:
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode("latin-1")
    except (binascii.Error, ValueError):
        return ""


async def test_ids_do_not_say_what_they_number(client):
    world = await build_world()
    seen = await gql(client, "{ decisions(first: 10) { edges { node { id } cursor } } }",
                     token=world.tokens["chair"])  # fmt: skip
    edges = seen.data["decisions"]["edges"]
    assert len(edges) >= 3
    for edge in edges:
        assert "Decision" not in readable(edge["node"]["id"])
        _, row_id = ids.decode(edge["node"]["id"])
        assert f":{row_id}" not in readable(edge["node"]["id"])
        assert f",{row_id}]" not in readable(edge["cursor"])
        assert '["' not in readable(edge["cursor"])
    # Neighbouring rows have unrelated ids: nothing to step through.
    first, second = (ids.encode("Decision", n) for n in (41, 42))
    assert sum(a == b for a, b in zip(first, second, strict=False)) < len(first) // 2


async def test_a_forged_or_altered_id_finds_nothing(client):
    world = await build_world()
    public = world.decisions[C.PUBLIC]
    real = ids.encode("Decision", public.id)
    query = "query($id: ID!) { node(id: $id) { id } }"
    assert (await gql(client, query, {"id": real})).data == {"node": {"id": real}}
    altered = real[:-2] + ("AA" if real[-2:] != "AA" else "BB")
    assert (await gql(client, query, {"id": altered})).data == {"node": None}
    # A different service's secret makes a different id for the same row.
    opaque.configure("another-deployment-secret-0123456789abcdef")
    try:
        elsewhere = ids.encode("Decision", public.id)
    finally:
        from tests.conftest import SECRET

        opaque.configure(SECRET)
    assert elsewhere != real
    assert (await gql(client, query, {"id": elsewhere})).data == {"node": None}
    # As an argument, a forged id is bad input, worded like any malformed one.
    refused = await gql(client, "mutation($id: ID!) { castVote(motionId: $id, choice: FOR) { id } }",
                        {"id": altered}, token=world.tokens["member"])  # fmt: skip
    assert refused.only_code() == "BAD_USER_INPUT"


async def test_first_release_ids_still_resolve(client):
    world = await build_world()
    public = world.decisions[C.PUBLIC]
    legacy = base64.urlsafe_b64encode(f"Decision:{public.id}".encode()).decode()
    found = await gql(client, "query($id: ID!) { node(id: $id) { id ... on Decision { title } } }",
                      {"id": legacy})  # fmt: skip
    assert found.data["node"] == {"id": ids.encode("Decision", public.id), "title": public.title}
    hidden = base64.urlsafe_b64encode(f"Decision:{world.decisions[C.RESTRICTED].id}".encode())
    assert (await gql(client, "query($id: ID!) { node(id: $id) { id } }",
                      {"id": hidden.decode()})).data == {"node": None}  # fmt: skip


async def test_a_tampered_cursor_is_bad_input(client):
    world = await build_world()
    page = await gql(client, "{ decisions(first: 1) { pageInfo { endCursor } } }",
                     token=world.tokens["chair"])  # fmt: skip
    cursor = page.data["decisions"]["pageInfo"]["endCursor"]
    tampered = cursor[:-1] + ("A" if cursor[-1] != "A" else "B")
    for after in (tampered, base64.urlsafe_b64encode(b'[["v","x"],1]').decode()):
        refused = await gql(client, "query($a: String) { decisions(first: 1, after: $a) { totalCount } }",
                            {"a": after})  # fmt: skip
        assert refused.only_code() == "BAD_USER_INPUT"
        assert "cursor" in refused.errors[0]["message"]


async def test_a_reference_taken_by_a_hidden_item_is_refused_like_any_taken_one(client):
    world = await build_world()
    sc = world.gid("Committee", world.bodies["sc"].id)
    party = world.gid("Organization", world.orgs["party"].id)

    def agreement(reference: str) -> dict:
        return {"i": {"reference": reference, "title": "Bulk water", "classification": "INTERNAL",
                      "governingBodyId": sc,
                      "parties": [{"organizationId": party, "role": "FUNDER"}]}}  # fmt: skip

    # The secretary sees the CONFIDENTIAL agreement but not the RESTRICTED one.
    hidden = world.agreements[C.RESTRICTED].reference
    visible = world.agreements[C.CONFIDENTIAL].reference
    answers = []
    for reference in (hidden, visible):
        refused = await gql(client, CREATE_AGREEMENT, agreement(reference),
                            token=world.tokens["secretary"])  # fmt: skip
        answers.append(refused.body)
    assert answers[0] == answers[1]
    assert answers[0]["errors"][0]["message"] == UNUSABLE_REFERENCE
    assert answers[0]["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    fresh = await gql(client, CREATE_AGREEMENT, agreement("MCPP-AGR-NEW"),
                      token=world.tokens["secretary"])  # fmt: skip
    assert fresh.ok, fresh.errors


AGENDA = """query($id: ID!) { node(id: $id) { ... on Meeting {
  agenda { position title classification } } } }"""


async def test_agenda_positions_are_numbered_over_what_the_viewer_sees(client):
    world = await build_world()
    meeting = world.meetings[C.PUBLIC]
    for position, level in enumerate(C, start=1):
        await AgendaItem.create(
            meeting_id=meeting.id, position=position, title=f"{level.value.title()} item",
            classification=level,
        )  # fmt: skip
    variables = {"id": world.gid("Meeting", meeting.id)}
    public = (await gql(client, AGENDA, variables)).data["node"]["agenda"]
    assert [(i["position"], i["title"]) for i in public] == [(1, "Public item")]
    member = (await gql(client, AGENDA, variables, token=world.tokens["member"])).data
    assert [(i["position"], i["classification"]) for i in member["node"]["agenda"]] == [
        (1, "PUBLIC"), (2, "INTERNAL"), (3, "CONFIDENTIAL"),
    ]  # fmt: skip
    chair = (await gql(client, AGENDA, variables, token=world.tokens["chair"])).data
    assert [i["position"] for i in chair["node"]["agenda"]] == [1, 2, 3, 4]


SUPERSEDED = """query($id: ID!) { node(id: $id) { ... on Decision {
  status supersededBy { reference } } } }"""


async def test_a_decision_superseded_by_a_hidden_one_says_so_and_no_more(client):
    world = await build_world()
    old = world.decisions[C.PUBLIC]
    successor = await Decision.create(
        committee_id=world.bodies["sc"].id, reference=f"SC-{TODAY.year}-090",
        title="Confidential replacement", text="Resolved.", decided_on=TODAY,
        classification=C.CONFIDENTIAL, recorded_classification=C.CONFIDENTIAL,
        supersedes_id=old.id,
    )  # fmt: skip
    await Decision.filter(id=old.id).update(status="SUPERSEDED")
    variables = {"id": world.gid("Decision", old.id)}
    public = (await gql(client, SUPERSEDED, variables)).data["node"]
    assert public == {"status": "SUPERSEDED", "supersededBy": None}
    member = (await gql(client, SUPERSEDED, variables, token=world.tokens["member"])).data
    assert member["node"]["supersededBy"] == {"reference": successor.reference}


CREATE_INDICATOR = """mutation($i: CreateIndicatorInput!) { createIndicator(input: $i) { id } }"""


async def test_an_indicator_code_taken_by_a_hidden_indicator_is_refused_like_any_taken_one(
    client,
):
    from tests.world import indicator_at

    world = await build_world()
    sc = world.gid("Committee", world.bodies["sc"].id)
    hidden = await indicator_at(world, C.RESTRICTED)  # the secretary is not named on it
    visible = await indicator_at(world, C.CONFIDENTIAL)

    def indicator(code: str) -> dict:
        return {"i": {"bodyId": sc, "code": code, "name": "Asset register completeness",
                      "unit": "%", "direction": "MAINTAIN", "frequency": "ANNUALLY",
                      "target": 100.0, "classification": "INTERNAL"}}  # fmt: skip

    answers = []
    for code in (hidden.code, visible.code):
        refused = await gql(client, CREATE_INDICATOR, indicator(code),
                            token=world.tokens["secretary"])  # fmt: skip
        answers.append(refused.body)
    assert answers[0] == answers[1]
    assert answers[0]["errors"][0]["message"] == UNUSABLE_REFERENCE
    fresh = await gql(client, CREATE_INDICATOR, indicator("MCPP-KPI-NEW"),
                      token=world.tokens["secretary"])  # fmt: skip
    assert fresh.ok, fresh.errors
