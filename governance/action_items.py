"""Action items a committee assigns, and their owners' progress reports."""

from __future__ import annotations

from datetime import date

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from governance import audit, clock, notifications, tell, validation
from governance.decisions import committee
from governance.enums import ActionStatus, Classification
from governance.errors import N_, BadInput, NotFound, Phrase
from governance.guards import described, found, name_creator, signed_in
from governance.lifecycles import ACTION_ITEM
from governance.models import ActionItem, ActionPlan, Decision, Organization, Person
from permissions import Viewer, require, visible

FINISHED = ACTION_ITEM.final()  # DONE and CANCELLED: no report moves an item out of them


def overdue(late: bool = True) -> Q:
    """Past due and neither DONE nor CANCELLED; for False, every other item (spelled out,
    since NOT over a NULL due date is NULL in SQL, not true)."""
    if late:
        return Q(due_date__lt=clock.today()) & ~Q(status__in=FINISHED)
    return Q(due_date__isnull=True) | Q(due_date__gte=clock.today()) | Q(status__in=FINISHED)


def is_overdue(item: ActionItem) -> bool:
    return (
        item.due_date is not None and item.due_date < clock.today() and item.status not in FINISHED
    )


async def create_action_item(
    viewer: Viewer,
    *,
    committee_id: int,
    title: str,
    owner_person_id: int | None,
    owner_organization_id: int | None,
    due_date: date | None,
    decision_id: int | None,
    classification: Classification,
    plan_id: int | None = None,
) -> ActionItem:
    actor = signed_in(viewer)
    title = validation.text(title, "title", validation.TITLE)
    body = await committee(committee_id)
    await require(
        viewer,
        "create",
        "action_item",
        on=body,
        message=Phrase(
            "Only the chair or secretary of %(body)s assigns its action items.", body=body.name
        ),
    )
    if owner_person_id is not None and not await Person.exists(id=owner_person_id):
        raise NotFound("No person with that id.")
    if owner_organization_id is not None and not await Organization.exists(
        id=owner_organization_id
    ):
        raise NotFound("No organization with that id.")
    if decision_id is not None:
        decision = await found(visible(viewer, Decision), decision_id, "decision")
        if decision.committee_id != body.id:
            raise BadInput("The decision must be one of this committee's.")
    if plan_id is not None:
        plan = await found(visible(viewer, ActionPlan), plan_id, "action plan")
        if plan.body_id != body.id:
            raise BadInput("The action plan must be one this committee adopted.")
    async with in_transaction():
        item = await ActionItem.create(
            committee_id=body.id,
            title=title,
            owner_person_id=owner_person_id,
            owner_organization_id=owner_organization_id,
            due_date=due_date,
            decision_id=decision_id,
            plan_id=plan_id,
            classification=classification,
        )
        await name_creator(viewer, "action_item", item.id, classification)
        await audit.record(
            actor,
            "action_item.create",
            "Assigned " + described("action item", title, classification, body.name),
            "action_item",
            item.id,
        )
        told = await tell.action_item(item)
    await notifications.announce(told)
    return item


async def update_action_item_status(
    viewer: Viewer, *, action_item_id: int, status: ActionStatus
) -> ActionItem:
    actor = signed_in(viewer)
    item = await found(visible(viewer, ActionItem), action_item_id, "action item")
    await require(
        viewer,
        "update_status",
        item,
        message=N_("Only the owner, or the committee's chair or secretary, reports on this item."),
    )
    async with in_transaction():
        await ACTION_ITEM.move(item, "report", to=status)
        await audit.record(
            actor,
            "action_item.status",
            f"Action item {item.id} is now {status.value}",
            "action_item",
            item.id,
        )
    return await ActionItem.get(id=item.id)
