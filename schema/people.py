"""Organizations, people, the viewer, and API tokens."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from governance import access, administration, languages
from governance import models as m
from governance.enums import PlatformRole as DomainPlatformRole
from permissions import kinds
from schema import ids
from schema.context import Info
from schema.enums import OrganizationKind, PlatformRole
from schema.node import Backed, Node, row_of
from schema.notifications import ViewerNotifications
from schema.pagination import Connection, Order, paginate

if TYPE_CHECKING:
    from schema.agreements import Agreement
    from schema.bodies import Membership
    from schema.webhooks import Webhook


@strawberry.type
class Organization(Backed[m.Organization], Node):
    _model = m.Organization
    name: str
    kind: OrganizationKind

    @strawberry.field
    async def people(self, info: Info) -> list[Person]:
        return await info.context.loaders.many(Person, "organization_id", ("name", "id")).load(
            self.id
        )

    @strawberry.field
    async def agreements(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Annotated[Agreement, strawberry.lazy("schema.agreements")]]:
        from schema.agreements import AGREEMENT_ORDER, Agreement

        return await info.context.loaders.connection(
            Agreement, "parties__organization_id", self.id, AGREEMENT_ORDER, first, after
        )


@strawberry.type
class Person(Backed[m.Person], Node):
    _model = m.Person
    name: str
    title: str | None
    is_integration: bool = strawberry.field(
        description="Set for an integration account: it cannot sign in; an ADMIN may issue "
        "tokens for it."
    )
    organization_id: strawberry.Private[int | None]

    @strawberry.field
    async def organization(self, info: Info) -> Organization | None:
        if self.organization_id is None:
            return None
        return await info.context.loaders.one(Organization).load(self.organization_id)

    @strawberry.field
    async def memberships(
        self, info: Info
    ) -> list[Annotated[Membership, strawberry.lazy("schema.bodies")]]:
        from schema.bodies import Membership

        return await info.context.loaders.many(Membership, "person_id", ("start_date", "id")).load(
            self.id
        )


@strawberry.type(description="An API token as listed after issue: never its value.")
class ApiTokenInfo(Backed[m.ApiToken], Node):
    _model = m.ApiToken
    prefix: str = strawberry.field(
        description="The first characters of the token, to recognise it, e.g. ind_3fA9."
    )
    read_only: bool
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None


@strawberry.type
class Viewer(ViewerNotifications):
    person: Person | None
    platform_roles: list[PlatformRole]
    is_anonymous: bool

    @strawberry.field(description="The viewer's own tokens (never their values).")
    async def api_tokens(self, info: Info) -> list[ApiTokenInfo]:
        return [ApiTokenInfo.of(token) for token in await access.own_tokens(info.context.viewer)]

    @strawberry.field
    async def webhooks(
        self, info: Info
    ) -> list[Annotated[Webhook, strawberry.lazy("schema.webhooks")]]:
        from schema.webhooks import own_webhooks

        return await own_webhooks(info)

    @strawberry.field(description="Locale of the interface for this viewer, e.g. en or fr.")
    def locale(self) -> str:
        """The person's own language, else the request's (the switch, Accept-Language)."""
        own = row_of(self.person).language if self.person is not None else None
        return languages.supported(own) or languages.current()


@strawberry.type
class ApiToken:
    token: str = strawberry.field(description="Shown once, when issued; only a hash is stored.")
    person: Person
    expires_at: datetime | None
    read_only: bool = strawberry.field(
        description="A read-only token is refused every mutation (FORBIDDEN)."
    )


@strawberry.input
class CreateOrganizationInput:
    name: str
    kind: OrganizationKind


@strawberry.input
class CreatePersonInput:
    name: str
    email: str
    title: str | None = None
    organization_id: strawberry.ID | None = None
    platform_roles: list[PlatformRole] | None = None
    is_integration: bool | None = False


ORGANIZATION_ORDER = Order.of(kinds.ORGANIZATION)


@strawberry.type
class PeopleQuery:
    @strawberry.field
    async def viewer(self, info: Info) -> Viewer:
        viewer = info.context.viewer
        if viewer.person_id is None:
            return Viewer(person=None, platform_roles=[], is_anonymous=True)
        person = await info.context.loaders.required(Person).load(viewer.person_id)
        roles = row_of(person).platform_roles
        return Viewer(person=person, platform_roles=roles, is_anonymous=False)

    @strawberry.field
    async def organizations(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        kind: OrganizationKind | None = None,
    ) -> Connection[Organization]:
        queryset = m.Organization.all()
        if kind is not None:
            queryset = queryset.filter(kind=kind)
        return await paginate(queryset, ORGANIZATION_ORDER, first, after)


@strawberry.type
class PeopleMutation:
    @strawberry.mutation
    async def create_organization(self, info: Info, input: CreateOrganizationInput) -> Organization:
        organization = await administration.create_organization(
            info.context.viewer, name=input.name, kind=input.kind
        )
        return Organization.of(organization)

    @strawberry.mutation
    async def create_person(self, info: Info, input: CreatePersonInput) -> Person:
        person = await administration.create_person(
            info.context.viewer,
            name=input.name,
            email=input.email,
            title=input.title,
            organization_id=ids.parse(input.organization_id, "organizationId", "Organization"),
            platform_roles=[DomainPlatformRole(r) for r in input.platform_roles or []],
            is_integration=bool(input.is_integration),
        )
        return Person.of(person)

    @strawberry.mutation
    async def issue_api_token(
        self,
        info: Info,
        person_id: strawberry.ID,
        expires_at: datetime | None = None,
        read_only: bool | None = False,
    ) -> ApiToken:
        issued = await access.issue_api_token(
            info.context.viewer,
            person_id=ids.require(person_id, "personId", "Person"),
            expires_at=expires_at,
            read_only=bool(read_only),
        )
        return ApiToken(
            token=issued.token,
            person=Person.of(issued.person),
            expires_at=issued.expires_at,
            read_only=issued.read_only,
        )

    @strawberry.mutation
    async def revoke_api_token(self, info: Info, token_id: strawberry.ID) -> bool:
        return await access.revoke_api_token(
            info.context.viewer, token_id=ids.require(token_id, "tokenId", "ApiTokenInfo")
        )

    @strawberry.mutation
    async def revoke_api_tokens(self, info: Info, person_id: strawberry.ID) -> int:
        return await access.revoke_api_tokens(
            info.context.viewer, person_id=ids.require(person_id, "personId", "Person")
        )
