"""Who is told of what (PRODUCT.md, "Notifications and webhooks"): one function per rule,
each one statement, giving person ids. Whether each of them may see the subject is not
decided here but by governance.notifications.notify, at the moment it is written.

The reminders' schedule (ACTION_ITEM_DUE, _OVERDUE, PROGRESS_REPORT_DUE) runs in the
worker; it asks these same functions (`action_item_owners`, `progress_report_people`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import cast

from tortoise.expressions import Q

from governance import clock
from governance.enums import MemberRole
from governance.models import ActionItem, ActionPlan, EligibleVoter, Membership, Person
from governance.models.bodies import in_force_on


def _ids(values: object) -> list[int]:
    return sorted(set(cast(list[int], values)))


async def members_of(body_id: int, on: date | None = None) -> list[int]:
    """The body's active members (any role, memberships in force on the day)."""
    return _ids(
        await Membership.filter(in_force_on(on or clock.today()), body_id=body_id).values_list(
            "person_id", flat=True
        )
    )


async def officers_of(
    body_ids: Iterable[int], roles: Iterable[MemberRole], on: date | None = None
) -> list[int]:
    """The holders of these roles in these bodies, on the day."""
    return _ids(
        await Membership.filter(
            in_force_on(on or clock.today()), body_id__in=list(body_ids), role__in=list(roles)
        ).values_list("person_id", flat=True)
    )


async def chairs_of(body_ids: Iterable[int], on: date) -> list[int]:
    """The chairs in office on a day."""
    return await officers_of(body_ids, [MemberRole.CHAIR], on)


async def voters_on_roll(motion_id: int) -> list[int]:
    """The members with voting rights on the motion's roll (frozen when voting opened)."""
    return _ids(await EligibleVoter.filter(motion_id=motion_id).values_list("person_id", flat=True))


async def action_item_owners(item: ActionItem) -> list[int]:
    """The owner person, or the people of the owner organization."""
    if item.owner_person_id is not None:
        return [item.owner_person_id]
    if item.owner_organization_id is None:
        return []
    return _ids(
        await Person.filter(organization_id=item.owner_organization_id).values_list("id", flat=True)
    )


async def communications_people(*, besides: int | None = None) -> list[int]:
    """The COMMUNICATIONS people (other than `besides`, an update's author)."""
    people = Person.filter(is_communications=True)
    if besides is not None:
        people = people.exclude(id=besides)
    return _ids(await people.values_list("id", flat=True))


async def progress_report_people(plan: ActionPlan, on: date | None = None) -> list[int]:
    """The adopting body's secretary and the members of the monitoring committee."""
    day = on or clock.today()
    wanted = Q(body_id=plan.body_id, role=MemberRole.SECRETARY)
    if plan.monitored_by_id is not None:
        wanted |= Q(body_id=plan.monitored_by_id)
    return _ids(
        await Membership.filter(in_force_on(day)).filter(wanted).values_list("person_id", flat=True)
    )
