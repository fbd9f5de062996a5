"""Bodies (committees and advisory boards) and memberships: public, as partnerships govern."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from governance import administration, validation
from governance import models as m
from governance.enums import BodyKind as DomainBodyKind
from governance.models.bodies import in_force_on
from permissions import kinds
from permissions.viewer import today
from schema import ids
from schema.context import Info
from schema.enums import ActionStatus, BodyKind, MemberRole, RecommendationStatus
from schema.node import Node, Rows
from schema.pagination import Connection, Order, paginate
from schema.people import Organization, Person

if TYPE_CHECKING:
    from schema.action_items import ActionItem
    from schema.decisions import Decision
    from schema.meetings import Meeting
    from schema.recommendations import Recommendation
    from schema.results import ActionPlan, Indicator

MeetingRef = Annotated["Meeting", strawberry.lazy("schema.meetings")]
DecisionRef = Annotated["Decision", strawberry.lazy("schema.decisions")]
RecommendationRef = Annotated["Recommendation", strawberry.lazy("schema.recommendations")]
ActionItemRef = Annotated["ActionItem", strawberry.lazy("schema.action_items")]
IndicatorRef = Annotated["Indicator", strawberry.lazy("schema.results")]
ActionPlanRef = Annotated["ActionPlan", strawberry.lazy("schema.results")]


@strawberry.type
class Membership(Rows[m.Membership]):
    _model = m.Membership
    role: MemberRole
    voting_rights: bool
    start_date: date
    end_date: date | None
    constituency: str | None = strawberry.field(
        description="The stakeholder group this seat belongs to, e.g. Industry, Government, "
        "Municipalities."
    )
    person_id: strawberry.Private[int]
    body_id: strawberry.Private[int]
    organization_id: strawberry.Private[int | None]

    @strawberry.field
    async def person(self, info: Info) -> Person:
        return await info.context.loaders.required(Person).load(self.person_id)

    @strawberry.field
    async def body(self, info: Info) -> Body:
        return await info.context.loaders.required(Body).load(self.body_id)

    @strawberry.field(description="The organization this member represents on the body.")
    async def organization(self, info: Info) -> Organization | None:
        org_id = self.organization_id
        return None if org_id is None else await info.context.loaders.one(Organization).load(org_id)


async def _members(info: Info, body_id: int, active_on_day: date | None) -> list[Membership]:
    day = active_on_day or today()
    loader = info.context.loaders.many(
        Membership, "body_id", ("role", "start_date", "id"), where=in_force_on(day), variant=day
    )
    return await loader.load(body_id)


def _meetings_filters(start: datetime | None, end: datetime | None) -> dict[str, datetime]:
    filters = {}
    if start is not None:
        filters["starts_at__gte"] = validation.aware(start, "from")
    if end is not None:
        filters["starts_at__lt"] = validation.aware(end, "to")
    return filters


MEETING_ORDER = Order.of(kinds.MEETING)


@strawberry.interface
class Body(Rows[m.Body], Node):
    _model = m.Body
    name: str
    slug: str
    kind: BodyKind
    mandate: str | None
    quorum: int = strawberry.field(
        description="Members present (with voting rights) needed for a vote to count."
    )
    time_zone: str = strawberry.field(
        description="IANA time zone the body meets in, e.g. Africa/Johannesburg, Africa/Bamako."
    )

    @strawberry.field
    async def members(self, info: Info, active_on: date | None = None) -> list[Membership]:
        return await _members(info, self.id, active_on)

    @strawberry.field
    async def meetings(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        from_: Annotated[datetime | None, strawberry.argument(name="from")] = None,
        to: datetime | None = None,
    ) -> Connection[MeetingRef]:
        from schema.meetings import Meeting

        return await info.context.loaders.connection(
            Meeting,
            "body_id",
            self.id,
            MEETING_ORDER,
            first,
            after,
            **_meetings_filters(from_, to),
        )


@strawberry.type(
    description="A decision-making body: steering committee, operations unit, monitoring "
    "committee, consultation framework, working group."
)
class Committee(Body):
    @classmethod
    def is_type_of(cls, obj: object, _info: object) -> bool:
        return isinstance(obj, m.Body) and obj.kind != DomainBodyKind.ADVISORY_BOARD

    @strawberry.field
    async def decisions(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[DecisionRef]:
        from schema.decisions import DECISION_ORDER, Decision

        return await info.context.loaders.connection(
            Decision,
            "committee_id",
            self.id,
            DECISION_ORDER,
            first,
            after,
        )

    @strawberry.field
    async def recommendations_received(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[RecommendationRef]:
        from schema.recommendations import RECOMMENDATION_ORDER, Recommendation

        return await info.context.loaders.connection(
            Recommendation,
            "addressed_to_id",
            self.id,
            RECOMMENDATION_ORDER,
            first,
            after,
        )

    @strawberry.field
    async def action_items(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        status: ActionStatus | None = None,
    ) -> Connection[ActionItemRef]:
        from schema.action_items import ACTION_ITEM_ORDER, ActionItem

        filters = {} if status is None else {"status": status}
        return await info.context.loaders.connection(
            ActionItem,
            "committee_id",
            self.id,
            ACTION_ITEM_ORDER,
            first,
            after,
            **filters,
        )

    @strawberry.field(description="The indicators it reports on, by code.")
    async def indicators(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[IndicatorRef]:
        from schema.results import INDICATOR_ORDER, Indicator

        return await info.context.loaders.connection(
            Indicator, "body_id", self.id, INDICATOR_ORDER, first, after
        )

    @strawberry.field(description="The plans it adopted or monitors, latest period first.")
    async def action_plans(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[ActionPlanRef]:
        from schema.results import plans_of

        return await plans_of(info, self.id, first, after)


@strawberry.type(
    description="A body that advises but does not decide: it sends recommendations to committees."
)
class AdvisoryBoard(Body):
    @classmethod
    def is_type_of(cls, obj: object, _info: object) -> bool:
        return isinstance(obj, m.Body) and obj.kind == DomainBodyKind.ADVISORY_BOARD

    @strawberry.field
    async def recommendations(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        status: RecommendationStatus | None = None,
    ) -> Connection[RecommendationRef]:
        from schema.recommendations import RECOMMENDATION_ORDER, Recommendation

        filters = {} if status is None else {"status": status}
        return await info.context.loaders.connection(
            Recommendation,
            "board_id",
            self.id,
            RECOMMENDATION_ORDER,
            first,
            after,
            **filters,
        )


@strawberry.input
class CreateBodyInput:
    name: str
    slug: str
    kind: BodyKind
    mandate: str | None = None
    quorum: int
    time_zone: str | None = "UTC"


@strawberry.input
class UpdateBodyInput:
    name: str | None = None
    mandate: str | None = strawberry.field(
        default=None, description="An empty text clears the mandate; null leaves it."
    )
    quorum: int | None = None
    time_zone: str | None = None


@strawberry.input
class AddMemberInput:
    body_id: strawberry.ID
    person_id: strawberry.ID
    role: MemberRole
    organization_id: strawberry.ID | None = None
    voting_rights: bool
    start_date: date
    constituency: str | None = None


BODY_ORDER = Order.of(kinds.BODY)


@strawberry.type
class BodiesQuery:
    @strawberry.field
    async def committees(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        kind: BodyKind | None = None,
    ) -> Connection[Committee]:
        queryset = m.Body.exclude(kind=DomainBodyKind.ADVISORY_BOARD)
        if kind is not None:
            queryset = queryset.filter(kind=kind)
        return await paginate(queryset, BODY_ORDER, first, after)

    @strawberry.field
    async def advisory_boards(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[AdvisoryBoard]:
        queryset = m.Body.filter(kind=DomainBodyKind.ADVISORY_BOARD)
        return await paginate(queryset, BODY_ORDER, first, after)

    @strawberry.field
    async def body(self, info: Info, slug: str) -> Body | None:
        if len(slug) > 64:
            return None
        return await info.context.loaders.one(Body, by="slug").load(slug)


@strawberry.type
class BodiesMutation:
    @strawberry.mutation
    async def create_body(self, info: Info, input: CreateBodyInput) -> Body:
        body = await administration.create_body(
            info.context.viewer,
            name=input.name,
            slug=input.slug,
            kind=input.kind,
            mandate=input.mandate,
            quorum=input.quorum,
            time_zone=input.time_zone or "UTC",
        )
        return Body.of(body)

    @strawberry.mutation(description="ADMIN.")
    async def update_body(self, info: Info, body_id: strawberry.ID, input: UpdateBodyInput) -> Body:
        body = await administration.update_body(
            info.context.viewer,
            body_id=ids.require(body_id, "bodyId", *ids.BODY),
            name=input.name,
            mandate=administration.KEEP if input.mandate is None else input.mandate,
            quorum=input.quorum,
            time_zone=input.time_zone,
        )
        return Body.of(body)

    @strawberry.mutation
    async def add_member(self, info: Info, input: AddMemberInput) -> Membership:
        membership = await administration.add_member(
            info.context.viewer,
            body_id=ids.require(input.body_id, "bodyId", *ids.BODY),
            person_id=ids.require(input.person_id, "personId", "Person"),
            role=input.role,
            organization_id=ids.parse(input.organization_id, "organizationId", "Organization"),
            voting_rights=input.voting_rights,
            start_date=input.start_date,
            constituency=input.constituency,
        )
        return Membership.of(membership)

    @strawberry.mutation
    async def end_membership(
        self, info: Info, body_id: strawberry.ID, person_id: strawberry.ID, end_date: date
    ) -> Membership:
        membership = await administration.end_membership(
            info.context.viewer,
            body_id=ids.require(body_id, "bodyId", *ids.BODY),
            person_id=ids.require(person_id, "personId", "Person"),
            end_date=end_date,
        )
        return Membership.of(membership)
