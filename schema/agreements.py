"""Partnership agreements, their parties, focus areas and commitments."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry
from tortoise.expressions import Subquery

from governance import agreements
from governance import models as m
from permissions import kinds
from schema import ids
from schema.attachments import Document, documents_of
from schema.bodies import Committee
from schema.context import Info
from schema.enums import AgreementStatus, Classification, CommitmentStatus, PartyRole
from schema.node import Backed, Node, Rows, row_of
from schema.pagination import Connection, Order, paginate
from schema.people import Organization

if TYPE_CHECKING:
    from schema.decisions import Decision
    from schema.results import Indicator

AGREEMENT_ORDER = Order.of(kinds.AGREEMENT)


@strawberry.type
class FocusArea(Backed[m.FocusArea], Node):
    _model = m.FocusArea
    name: str


@strawberry.type
class AgreementParty(Rows[m.AgreementParty]):
    _model = m.AgreementParty
    role: PartyRole
    signed_on: date | None
    organization_id: strawberry.Private[int]

    @strawberry.field
    async def organization(self, info: Info) -> Organization:
        return await info.context.loaders.required(Organization).load(self.organization_id)


@strawberry.type
class Commitment(Backed[m.Commitment], Node):
    _model = m.Commitment
    description: str
    due_date: date | None
    status: CommitmentStatus
    currency: str | None
    party_id: strawberry.Private[int]

    @strawberry.field(description="Money committed, in minor units of `currency` (cents).")
    def amount_minor(self) -> int | None:
        # GraphQL's Int is 32-bit: a larger amount would fail the whole answer (INTERNAL),
        # so it reads null here and whole in `amount`.
        value = row_of(self).amount_minor
        return value if value is not None and -(2**31) <= value < 2**31 else None

    @strawberry.field(
        description="The amount as a decimal in major units of `currency`, e.g. "
        '"4500000000.00"; `amountMinor` is null when it does not fit a 32-bit Int.'
    )
    def amount(self) -> str | None:
        row = row_of(self)
        if row.amount_minor is None or row.currency is None:
            return None
        return agreements.format_amount(row.amount_minor, row.currency)

    @strawberry.field
    async def party(self, info: Info) -> Organization:
        return await info.context.loaders.required(Organization).load(self.party_id)


@strawberry.type
class Agreement(Backed[m.Agreement], Node):
    _model = m.Agreement
    reference: str
    title: str
    summary: str | None
    status: AgreementStatus
    classification: Classification
    signed_on: date | None
    effective_from: date | None
    expires_on: date | None
    governing_body_id: strawberry.Private[int | None]

    @strawberry.field
    async def focus_areas(self, info: Info) -> list[FocusArea]:
        loader = info.context.loaders.linked(FocusArea, m.Agreement, "focus_areas", ("name",))
        return await loader.load(self.id)

    @strawberry.field
    async def parties(self, info: Info) -> list[AgreementParty]:
        return await info.context.loaders.many(AgreementParty, "agreement_id").load(self.id)

    @strawberry.field
    async def governing_body(self, info: Info) -> Committee | None:
        body = self.governing_body_id
        return None if body is None else await info.context.loaders.one(Committee).load(body)

    @strawberry.field
    async def commitments(self, info: Info) -> list[Commitment]:
        return await info.context.loaders.many(Commitment, "agreement_id").load(self.id)

    @strawberry.field
    async def decisions(
        self, info: Info
    ) -> list[Annotated[Decision, strawberry.lazy("schema.decisions")]]:
        from schema.decisions import Decision

        return await info.context.loaders.many(
            Decision, "agreement_id", ("-decided_on", "-id")
        ).load(self.id)

    @strawberry.field(description="Its documents, newest first.")
    async def documents(self, info: Info) -> list[Document]:
        return await documents_of(info, "agreement_id", self.id)

    @strawberry.field
    async def indicators(
        self, info: Info
    ) -> list[Annotated[Indicator, strawberry.lazy("schema.results")]]:
        from schema.results import INDICATOR_ORDER, Indicator

        return await info.context.loaders.many(
            Indicator, "agreement_id", INDICATOR_ORDER.sql()
        ).load(self.id)


@strawberry.input
class AgreementPartyInput:
    organization_id: strawberry.ID
    role: PartyRole


@strawberry.input
class CreateAgreementInput:
    reference: str
    title: str
    summary: str | None = None
    classification: Classification
    governing_body_id: strawberry.ID | None = None
    focus_area_ids: list[strawberry.ID] | None = None
    parties: list[AgreementPartyInput]
    effective_from: date | None = None
    expires_on: date | None = None


@strawberry.input
class AddCommitmentInput:
    agreement_id: strawberry.ID
    party_id: strawberry.ID
    description: str
    due_date: date | None = None
    amount_minor: int | None = None
    currency: str | None = None
    amount: str | None = strawberry.field(
        default=None,
        description="A decimal string in major units; give it or `amountMinor`, not both.",
    )


@strawberry.type
class AgreementsQuery:
    @strawberry.field
    async def agreements(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        status: AgreementStatus | None = None,
        party_id: strawberry.ID | None = None,
        focus_area_id: strawberry.ID | None = None,
    ) -> Connection[Agreement]:
        queryset = info.context.loaders.visible(Agreement)
        if status is not None:
            queryset = queryset.filter(status=status)
        if party_id is not None:
            org = ids.require(party_id, "partyId", "Organization")
            parties = m.AgreementParty.filter(organization_id=org).values("agreement_id")
            queryset = queryset.filter(id__in=Subquery(parties))
        if focus_area_id is not None:
            area = ids.require(focus_area_id, "focusAreaId", "FocusArea")
            queryset = queryset.filter(focus_areas__id=area)
        return await paginate(queryset, AGREEMENT_ORDER, first, after)

    @strawberry.field
    async def agreement(self, info: Info, reference: str) -> Agreement | None:
        if len(reference) > 64:
            return None
        return await info.context.loaders.one(Agreement, by="reference").load(reference)


@strawberry.type
class AgreementsMutation:
    @strawberry.mutation
    async def create_agreement(self, info: Info, input: CreateAgreementInput) -> Agreement:
        agreement = await agreements.create_agreement(
            info.context.viewer,
            reference=input.reference,
            title=input.title,
            summary=input.summary,
            classification=input.classification,
            governing_body_id=ids.parse(input.governing_body_id, "governingBodyId", "Committee"),
            focus_area_ids=ids.parse_many(input.focus_area_ids, "focusAreaIds", "FocusArea"),
            parties=[
                (ids.require(p.organization_id, "organizationId", "Organization"), p.role)
                for p in input.parties
            ],
            effective_from=input.effective_from,
            expires_on=input.expires_on,
        )
        return Agreement.of(agreement)

    @strawberry.mutation
    async def transition_agreement(
        self, info: Info, agreement_id: strawberry.ID, status: AgreementStatus
    ) -> Agreement:
        agreement = await agreements.transition_agreement(
            info.context.viewer,
            agreement_id=ids.require(agreement_id, "agreementId", "Agreement"),
            status=status,
        )
        return Agreement.of(agreement)

    @strawberry.mutation
    async def add_commitment(self, info: Info, input: AddCommitmentInput) -> Commitment:
        commitment = await agreements.add_commitment(
            info.context.viewer,
            agreement_id=ids.require(input.agreement_id, "agreementId", "Agreement"),
            party_id=ids.require(input.party_id, "partyId", "Organization"),
            description=input.description,
            due_date=input.due_date,
            amount_minor=input.amount_minor,
            currency=input.currency,
            amount=input.amount,
        )
        return Commitment.of(commitment)

    @strawberry.mutation
    async def update_commitment_status(
        self, info: Info, commitment_id: strawberry.ID, status: CommitmentStatus
    ) -> Commitment:
        commitment = await agreements.update_commitment_status(
            info.context.viewer,
            commitment_id=ids.require(commitment_id, "commitmentId", "Commitment"),
            status=status,
        )
        return Commitment.of(commitment)
