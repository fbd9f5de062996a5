"""Action items assigned by committees."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from governance import action_items
from governance import models as m
from permissions import kinds
from schema import ids
from schema.bodies import Committee
from schema.context import Info
from schema.decisions import Decision
from schema.enums import ActionStatus, Classification
from schema.node import Backed, Node, row_of
from schema.pagination import Connection, Order, paginate
from schema.people import Organization, Person

if TYPE_CHECKING:
    from schema.results import ActionPlan

ACTION_ITEM_ORDER = Order.of(kinds.ACTION_ITEM)


@strawberry.type
class ActionItem(Backed[m.ActionItem], Node):
    _model = m.ActionItem
    title: str
    due_date: date | None
    status: ActionStatus
    classification: Classification
    committee_id: strawberry.Private[int]
    owner_person_id: strawberry.Private[int | None]
    owner_organization_id: strawberry.Private[int | None]
    decision_id: strawberry.Private[int | None]
    plan_id: strawberry.Private[int | None]

    @strawberry.field(description="Past its due date and neither DONE nor CANCELLED.")
    def overdue(self) -> bool:
        return action_items.is_overdue(row_of(self))

    @strawberry.field
    async def committee(self, info: Info) -> Committee:
        return await info.context.loaders.required(Committee).load(self.committee_id)

    @strawberry.field
    async def owner_person(self, info: Info) -> Person | None:
        who = self.owner_person_id
        return None if who is None else await info.context.loaders.one(Person).load(who)

    @strawberry.field
    async def owner_organization(self, info: Info) -> Organization | None:
        org = self.owner_organization_id
        return None if org is None else await info.context.loaders.one(Organization).load(org)

    @strawberry.field
    async def decision(self, info: Info) -> Decision | None:
        decision = self.decision_id
        return None if decision is None else await info.context.loaders.one(Decision).load(decision)

    @strawberry.field(description="The action plan it is one of the actions of.")
    async def plan(
        self, info: Info
    ) -> Annotated[ActionPlan, strawberry.lazy("schema.results")] | None:
        from schema.results import ActionPlan

        plan = self.plan_id
        return None if plan is None else await info.context.loaders.one(ActionPlan).load(plan)


@strawberry.input
class CreateActionItemInput:
    committee_id: strawberry.ID
    title: str
    owner_person_id: strawberry.ID | None = None
    owner_organization_id: strawberry.ID | None = None
    due_date: date | None = None
    decision_id: strawberry.ID | None = None
    classification: Classification
    plan_id: strawberry.ID | None = None


@strawberry.type
class ActionItemsQuery:
    @strawberry.field
    async def action_items(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        committee_id: strawberry.ID | None = None,
        status: ActionStatus | None = None,
        overdue: bool | None = None,
    ) -> Connection[ActionItem]:
        queryset = info.context.loaders.visible(ActionItem)
        if committee_id is not None:
            queryset = queryset.filter(
                committee_id=ids.require(committee_id, "committeeId", "Committee")
            )
        if status is not None:
            queryset = queryset.filter(status=status)
        if overdue is not None:
            queryset = queryset.filter(action_items.overdue(overdue))
        return await paginate(queryset, ACTION_ITEM_ORDER, first, after)


@strawberry.type
class ActionItemsMutation:
    @strawberry.mutation
    async def create_action_item(self, info: Info, input: CreateActionItemInput) -> ActionItem:
        action_item = await action_items.create_action_item(
            info.context.viewer,
            committee_id=ids.require(input.committee_id, "committeeId", *ids.BODY),
            title=input.title,
            owner_person_id=ids.parse(input.owner_person_id, "ownerPersonId", "Person"),
            owner_organization_id=ids.parse(
                input.owner_organization_id, "ownerOrganizationId", "Organization"
            ),
            due_date=input.due_date,
            decision_id=ids.parse(input.decision_id, "decisionId", "Decision"),
            classification=input.classification,
            plan_id=ids.parse(input.plan_id, "planId", "ActionPlan"),
        )
        return ActionItem.of(action_item)

    @strawberry.mutation
    async def update_action_item_status(
        self, info: Info, action_item_id: strawberry.ID, status: ActionStatus
    ) -> ActionItem:
        action_item = await action_items.update_action_item_status(
            info.context.viewer,
            action_item_id=ids.require(action_item_id, "actionItemId", "ActionItem"),
            status=status,
        )
        return ActionItem.of(action_item)
