"""Agreements: every move of the lifecycle, allowed and refused, who may make it, and
commitments reported by the committed party or the governing committee."""

from __future__ import annotations

import httpx

from governance.enums import AgreementStatus, Classification, PartyRole
from governance.models import Agreement, AgreementParty, Commitment, Person
from tests.admin.helpers import PASSWORD_HASH, sign_in
from tests.graphql import codes, gid, gql
from tests.workflows.helpers import ok, refused
from tests.workflows.helpers import workflow_world as build
from tests.world import TODAY

C = Classification
S = AgreementStatus
# PRODUCT.md: DRAFT → NEGOTIATION → SIGNED → ACTIVE ⇄ SUSPENDED → EXPIRED or TERMINATED.
ALLOWED = {
    (S.DRAFT, S.NEGOTIATION),
    (S.NEGOTIATION, S.SIGNED),
    (S.SIGNED, S.ACTIVE),
    (S.ACTIVE, S.SUSPENDED),
    (S.SUSPENDED, S.ACTIVE),
    (S.ACTIVE, S.EXPIRED),
    (S.ACTIVE, S.TERMINATED),
    (S.SUSPENDED, S.EXPIRED),
    (S.SUSPENDED, S.TERMINATED),
}
TRANSITION = """mutation($id: ID!, $s: AgreementStatus!) {
  transitionAgreement(agreementId: $id, status: $s) { id status signedOn }
}"""
CREATE = """mutation($input: CreateAgreementInput!) {
  createAgreement(input: $input) {
    id reference status classification governingBody { id } parties { organization { id } role }
  }
}"""
ADD = """mutation($input: AddCommitmentInput!) {
  addCommitment(input: $input) { id status amountMinor currency party { id } }
}"""
COMMITMENT_STATUS = """mutation($id: ID!, $s: CommitmentStatus!) {
  updateCommitmentStatus(commitmentId: $id, status: $s) { id status }
}"""


def aid(world, level) -> str:
    return gid("Agreement", world.agreements[level].id)


async def test_every_move_of_the_lifecycle_is_allowed_or_invalid(client):
    world = await build()
    results = {}
    for number, (frm, to) in enumerate((a, b) for a in S for b in S):
        agreement = await Agreement.create(
            reference=f"T-{number:03d}", title="Test agreement", classification=C.INTERNAL,
            governing_body_id=world.bodies["sc"].id, status=frm,
        )  # fmt: skip
        result = await gql(
            client,
            TRANSITION,
            {"id": gid("Agreement", agreement.id), "s": to.value},
            token=world.tokens["secretary"],
        )
        after = (await Agreement.get(id=agreement.id)).status
        if result.ok:
            assert result.data["transitionAgreement"]["status"] == to.value
            assert after == to
            results[frm, to] = "moved"
        else:
            assert after == frm, (frm, to)  # a refused move changes nothing
            results[frm, to] = result.only_code()
    expected = {
        (frm, to): "moved" if (frm, to) in ALLOWED else "INVALID_TRANSITION"
        for frm in S
        for to in S
    }
    assert results == expected


async def test_an_agreement_from_draft_to_termination(client):
    world = await build()
    secretary = world.tokens["secretary"]
    created = (
        await ok(
            client,
            CREATE,
            {
                "input": {
                    "reference": "MCPP-AGR-2026-10",
                    "title": "Water services partnership",
                    "classification": "CONFIDENTIAL",
                    "governingBodyId": gid("Committee", world.bodies["sc"].id),
                    "parties": [
                        {
                            "organizationId": gid("Organization", world.orgs["company"].id),
                            "role": "FUNDER",
                        },
                        {
                            "organizationId": gid("Organization", world.orgs["party"].id),
                            "role": "BENEFICIARY",
                        },
                    ],
                }
            },
            token=secretary,
        )
    )["createAgreement"]
    assert created["status"] == "DRAFT"
    agreement = created["id"]

    async def move(status):
        data = await ok(client, TRANSITION, {"id": agreement, "s": status}, token=secretary)
        return data["transitionAgreement"]

    assert (await move("NEGOTIATION"))["signedOn"] is None
    assert (await move("SIGNED"))["signedOn"] == str(TODAY)
    for status in ("ACTIVE", "SUSPENDED", "ACTIVE", "SUSPENDED", "TERMINATED"):
        assert (await move(status))["status"] == status
    for status in S:
        code = await refused(
            client, TRANSITION, {"id": agreement, "s": status.value}, token=secretary
        )
        assert code == "INVALID_TRANSITION", status
    # The party sees the agreement it is party to, and its end.
    shown = await ok(
        client,
        "query($r: String!) { agreement(reference: $r) { status signedOn } }",
        {"r": "MCPP-AGR-2026-10"},
        token=world.tokens["party"],
    )
    assert shown["agreement"] == {"status": "TERMINATED", "signedOn": str(TODAY)}


async def test_who_may_create_an_agreement(client):
    world = await build()

    def variables(reference):
        return {
            "input": {
                "reference": reference,
                "title": "Infrastructure lifecycle agreement",
                "classification": "INTERNAL",
                "governingBodyId": gid("Committee", world.bodies["sc"].id),
                "parties": [
                    {"organizationId": gid("Organization", world.orgs["party"].id),
                     "role": "IMPLEMENTER"}
                ],
            }
        }  # fmt: skip

    assert await codes(
        client,
        world,
        CREATE,
        variables("MCPP-AGR-NEW"),
        ["anonymous", "participant", "party", "member", "observer", "board_chair", "comms"],
    ) == {
        "anonymous": "UNAUTHENTICATED",
        "participant": "FORBIDDEN",
        "party": "FORBIDDEN",
        "member": "FORBIDDEN",
        "observer": "FORBIDDEN",
        "board_chair": "FORBIDDEN",
        "comms": "FORBIDDEN",
    }
    for number, role in enumerate(("chair", "secretary", "admin")):
        data = await ok(
            client, CREATE, variables(f"MCPP-AGR-NEW-{number}"), token=world.tokens[role]
        )
        assert data["createAgreement"]["status"] == "DRAFT"
    taken = variables("MCPP-AGR-NEW-0")
    assert await refused(client, CREATE, taken, token=world.tokens["chair"]) == "BAD_USER_INPUT"
    nobody = variables("MCPP-AGR-NOBODY")
    nobody["input"]["parties"] = []
    assert await refused(client, CREATE, nobody, token=world.tokens["chair"]) == "BAD_USER_INPUT"
    assert await Agreement.filter(reference__startswith="MCPP-AGR-NEW").count() == 3


async def test_who_may_move_an_agreement(client):
    world = await build()
    confidential = {"id": aid(world, C.CONFIDENTIAL), "s": "SUSPENDED"}
    assert await codes(
        client,
        world,
        TRANSITION,
        confidential,
        ["anonymous", "participant", "admin", "party", "member", "observer"],
    ) == {
        "anonymous": "UNAUTHENTICATED",
        "participant": "NOT_FOUND",
        "admin": "NOT_FOUND",  # an admin manages only what they may see
        "party": "FORBIDDEN",  # a party sees its agreement but does not govern it
        "member": "FORBIDDEN",
        "observer": "FORBIDDEN",
    }
    assert (await Agreement.get(id=world.agreements[C.CONFIDENTIAL].id)).status == S.ACTIVE
    data = await ok(client, TRANSITION, confidential, token=world.tokens["chair"])
    assert data["transitionAgreement"]["status"] == "SUSPENDED"

    internal = {"id": aid(world, C.INTERNAL), "s": "SUSPENDED"}
    assert await refused(client, TRANSITION, internal, token=world.tokens["participant"]) == (
        "FORBIDDEN"
    )
    data = await ok(client, TRANSITION, internal, token=world.tokens["admin"])
    assert data["transitionAgreement"]["status"] == "SUSPENDED"


async def test_commitments_are_reported_by_the_committed_party_or_the_committee(client):
    world = await build()
    agreement = world.agreements[C.CONFIDENTIAL]
    # The participant's municipality is a second party: it sees the agreement, but the
    # commitment is not its own.
    await AgreementParty.create(
        agreement_id=agreement.id, organization_id=world.orgs["municipality"].id,
        role=PartyRole.IMPLEMENTER,
    )  # fmt: skip
    add = {
        "input": {
            "agreementId": gid("Agreement", agreement.id),
            "partyId": gid("Organization", world.orgs["party"].id),
            "description": "Fund the bulk water meter replacement.",
            "dueDate": str(TODAY),
            "amountMinor": 1_250_000_00,
            "currency": "ZAR",
        }
    }
    assert await codes(client, world, ADD, add, ["anonymous", "party", "member", "advisor"]) == {
        "anonymous": "UNAUTHENTICATED",
        "party": "FORBIDDEN",
        "member": "FORBIDDEN",
        "advisor": "NOT_FOUND",
    }
    outsider = {
        "input": {**add["input"], "partyId": gid("Organization", world.orgs["university"].id)}
    }
    assert await refused(client, ADD, outsider, token=world.tokens["secretary"]) == (
        "BAD_USER_INPUT"
    )
    no_currency = {"input": {**add["input"], "currency": None}}
    assert await refused(client, ADD, no_currency, token=world.tokens["secretary"]) == (
        "BAD_USER_INPUT"
    )
    added = (await ok(client, ADD, add, token=world.tokens["secretary"]))["addCommitment"]
    assert added == {
        "id": added["id"], "status": "PENDING", "amountMinor": 1_250_000_00, "currency": "ZAR",
        "party": {"id": gid("Organization", world.orgs["party"].id)},
    }  # fmt: skip

    status = {"id": added["id"], "s": "AT_RISK"}
    assert await codes(
        client,
        world,
        COMMITMENT_STATUS,
        status,
        ["anonymous", "advisor", "admin", "participant", "member", "observer"],
    ) == {
        "anonymous": "UNAUTHENTICATED",
        "advisor": "NOT_FOUND",
        "admin": "NOT_FOUND",
        "participant": "FORBIDDEN",  # another party's people
        "member": "FORBIDDEN",
        "observer": "FORBIDDEN",
    }
    for role, value in (("party", "ON_TRACK"), ("chair", "AT_RISK"), ("secretary", "MET")):
        data = await ok(client, COMMITMENT_STATUS, {**status, "s": value}, token=world.tokens[role])
        assert data["updateCommitmentStatus"]["status"] == value
    assert [c.status.value for c in await Commitment.all()] == ["MET"]


async def test_a_party_lists_the_agreements_it_is_party_to(client):
    world = await build()
    data = await ok(
        client,
        "query($p: ID!) { agreements(partyId: $p, first: 50) { totalCount edges { node { reference } } } }",
        {"p": gid("Organization", world.orgs["party"].id)},
        token=world.tokens["party"],
    )
    # PUBLIC, INTERNAL and CONFIDENTIAL (as a party); not the RESTRICTED one.
    assert data["agreements"]["totalCount"] == 3


async def test_a_commitment_larger_than_the_api_can_return_is_refused(client):
    world = await build()
    agreement = world.agreements[Classification.PUBLIC]
    document = """mutation($a: ID!, $p: ID!, $n: Int) {
        addCommitment(input: {agreementId: $a, partyId: $p, description: "Bulk water",
                              amountMinor: $n, currency: "ZAR"}) { amountMinor currency } }"""
    variables = {
        "a": gid("Agreement", agreement.id),
        "p": gid("Organization", world.orgs["party"].id),
    }
    largest = await gql(
        client, document, {**variables, "n": 2**31 - 1}, token=world.tokens["chair"]
    )
    assert largest.data["addCommitment"] == {"amountMinor": 2**31 - 1, "currency": "ZAR"}
    too_big = await gql(client, document, {**variables, "n": 2**31}, token=world.tokens["chair"])
    assert too_big.only_code() == "BAD_USER_INPUT"
    assert await Commitment.filter(agreement_id=agreement.id).count() == 1


ADD_AMOUNT = """mutation($a: ID!, $p: ID!, $amount: String, $minor: Int, $c: String) {
  addCommitment(input: {agreementId: $a, partyId: $p, description: "Bulk water pipeline",
                        amount: $amount, amountMinor: $minor, currency: $c}) {
    id amountMinor amount currency
  }
}"""


def commitment_to(world, level=Classification.PUBLIC) -> dict[str, str]:
    return {
        "a": gid("Agreement", world.agreements[level].id),
        "p": gid("Organization", world.orgs["party"].id),
    }


async def test_an_amount_in_billions_reads_whole_as_amount_and_null_as_amount_minor(client):
    world = await build()
    chair = world.tokens["chair"]
    rand = await ok(client, ADD_AMOUNT, {**commitment_to(world), "amount": "4500000000.00",
                                         "c": "ZAR"}, token=chair)  # fmt: skip
    assert rand["addCommitment"]["amountMinor"] is None  # 450,000,000,000 cents: no 32-bit Int
    assert rand["addCommitment"]["amount"] == "4500000000.00"
    francs = await ok(client, ADD_AMOUNT, {**commitment_to(world), "amount": "1500000",
                                           "c": "xof"}, token=chair)  # fmt: skip
    assert francs["addCommitment"] == {
        "id": francs["addCommitment"]["id"], "amountMinor": 1_500_000, "amount": "1500000",
        "currency": "XOF",
    }  # fmt: skip
    cents = await ok(client, ADD_AMOUNT, {**commitment_to(world), "minor": 125_050,
                                          "c": "ZAR"}, token=chair)  # fmt: skip
    assert cents["addCommitment"]["amount"] == "1250.50"
    stored = await Commitment.filter(agreement_id=world.agreements[C.PUBLIC].id).order_by("id")
    assert [c.amount_minor for c in stored] == [450_000_000_000, 1_500_000, 125_050]

    # The PUBLIC agreement reads without an error, to the public as to its committee.
    query = """query($r: String!) { agreement(reference: $r) {
        commitments { amountMinor amount currency } } }"""
    reference = world.agreements[C.PUBLIC].reference
    for token in (None, world.tokens["participant"], chair):
        result = await gql(client, query, {"r": reference}, token=token)
        assert result.ok, result.errors
        assert result.data["agreement"]["commitments"] == [
            {"amountMinor": None, "amount": "4500000000.00", "currency": "ZAR"},
            {"amountMinor": 1_500_000, "amount": "1500000", "currency": "XOF"},
            {"amountMinor": 125_050, "amount": "1250.50", "currency": "ZAR"},
        ]


async def test_an_amount_is_a_plain_decimal_in_the_currencys_minor_digits(client):
    world = await build()
    chair = world.tokens["chair"]
    refused_amounts = [
        ("1e9", "ZAR"), ("-5", "ZAR"), ("+5", "ZAR"), ("1,000", "ZAR"), ("1 000", "ZAR"),
        ("12.345", "ZAR"), ("12.", "ZAR"), (".5", "ZAR"), ("", "ZAR"), (" 5", "ZAR"),
        ("5\n", "ZAR"), ("١٢٣", "ZAR"), ("NaN", "ZAR"), ("Infinity", "ZAR"), ("0x10", "ZAR"),
        ("1500000.5", "XOF"), ("1500000.00", "XOF"),
        ("10000000000000.01", "ZAR"),  # above 10^15 minor units
        ("1" * 41, "ZAR"),
        ("100", None),  # an amount needs its currency
    ]  # fmt: skip
    for amount, currency in refused_amounts:
        variables = {**commitment_to(world), "amount": amount, "c": currency}
        assert await refused(client, ADD_AMOUNT, variables, token=chair) == "BAD_USER_INPUT", amount
    both = {**commitment_to(world), "amount": "100.00", "minor": 10_000, "c": "ZAR"}
    assert await refused(client, ADD_AMOUNT, both, token=chair) == "BAD_USER_INPUT"
    assert await Commitment.filter(agreement_id=world.agreements[C.PUBLIC].id).count() == 0

    # Denied, then allowed: the largest amount stored, and 3 minor digits where ISO has them.
    largest = {**commitment_to(world), "amount": "10000000000000.00", "c": "ZAR"}
    assert (await ok(client, ADD_AMOUNT, largest, token=chair))["addCommitment"]["amount"] == (
        "10000000000000.00"
    )
    dinars = {**commitment_to(world), "amount": "12.345", "c": "KWD"}
    dinar = (await ok(client, ADD_AMOUNT, dinars, token=chair))["addCommitment"]
    assert (dinar["amountMinor"], dinar["amount"], dinar["currency"]) == (12_345, "12.345", "KWD")


async def test_the_admin_takes_and_shows_amounts_beyond_the_apis_int(app):
    world = await build()
    await Person.filter(id=world.people["chair"].id).update(password_hash=PASSWORD_HASH)
    agreement = world.agreements[C.PUBLIC]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        browser = await sign_in(http, world.people["chair"].email)
        form = {"party_id": world.orgs["party"].id, "description": "Bulk water pipeline",
                "currency": "ZAR"}  # fmt: skip
        path = f"/admin/agreements/{agreement.id}/commitments"
        # A lone decimal comma is refused rather than read as a hundred times the amount.
        wrong = await browser.post(path, {**form, "amount": "1250,50"})
        assert wrong.status_code == 400
        assert "with a point for decimals" in wrong.text
        assert await Commitment.filter(agreement_id=agreement.id).count() == 0
        added = await browser.post(path, {**form, "amount": "4 500 000 000.00"})
        assert added.status_code == 303
        grouped = await browser.post(path, {**form, "amount": "1,250.5"})
        assert grouped.status_code == 303
        page = await browser.get(f"/admin/agreements/{agreement.id}")
    # As English writes amounts, the currency never wrapped away from its figure.
    assert "4,500,000,000.00\u00a0ZAR" in page.text
    assert "1,250.50\u00a0ZAR" in page.text
    stored = await Commitment.filter(agreement_id=agreement.id).order_by("id")
    assert [c.amount_minor for c in stored] == [450_000_000_000, 125_050]

    # A French-speaking chair types and reads amounts as French writes them.
    await Person.filter(id=world.people["chair"].id).update(language="fr")
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        browser = await sign_in(http, world.people["chair"].email)
        typed = await browser.post(path, {**form, "amount": "2 000 000,75"})
        assert typed.status_code == 303
        wrong = await browser.post(path, {**form, "amount": "1,250,50"})
        assert wrong.status_code == 400
        assert "virgule" in wrong.text
        page = await browser.get(f"/admin/agreements/{agreement.id}")
    assert "4\u202f500\u202f000\u202f000,00\u00a0ZAR" in page.text
    assert "2\u202f000\u202f000,75\u00a0ZAR" in page.text
    latest = await Commitment.filter(agreement_id=agreement.id).order_by("-id").first()
    assert latest is not None and latest.amount_minor == 200_000_075
