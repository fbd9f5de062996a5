"""What each workflow tells, and whom: the notifications of PRODUCT.md's table, one
function per kind, called inside the change's transaction (governance.notifications).

Titles name the subject and nothing else: its own title or reference, never its body,
its meeting or another item a recipient might not see.
"""

from __future__ import annotations

from governance import clock, recipients
from governance.enums import MemberRole, NotificationKind
from governance.models import (
    ActionItem,
    ActionPlan,
    Meeting,
    Motion,
    Notification,
    Recommendation,
    Update,
)
from governance.notifications import notify

K = NotificationKind


async def meeting_scheduled(meeting: Meeting) -> list[Notification]:
    return await notify(
        K.MEETING_SCHEDULED,
        await recipients.members_of(meeting.body_id),
        f"Meeting scheduled: {meeting.title}",
        subject_type="meeting",
        subject_id=meeting.id,
    )


async def ballot_opened(motion: Motion) -> list[Notification]:
    return await notify(
        K.BALLOT_OPENED,
        await recipients.voters_on_roll(motion.id),
        f"Voting is open: {motion.title}",
        subject_type="motion",
        subject_id=motion.id,
    )


async def minutes_circulated(meeting: Meeting) -> list[Notification]:
    """The members are told; the chair is asked to approve (their own title)."""
    members = await recipients.members_of(meeting.body_id)
    chairs = set(await recipients.chairs_of([meeting.body_id], clock.today()))
    asked = await notify(
        K.MINUTES_CIRCULATED,
        [p for p in members if p in chairs],
        f"Minutes to approve: {meeting.title}",
        subject_type="meeting",
        subject_id=meeting.id,
    )
    told = await notify(
        K.MINUTES_CIRCULATED,
        [p for p in members if p not in chairs],
        f"Minutes circulated: {meeting.title}",
        subject_type="meeting",
        subject_id=meeting.id,
    )
    return asked + told


async def minutes_approved(meeting: Meeting) -> list[Notification]:
    return await notify(
        K.MINUTES_APPROVED,
        await recipients.members_of(meeting.body_id),
        f"Minutes approved: {meeting.title}",
        subject_type="meeting",
        subject_id=meeting.id,
    )


async def action_item(
    item: ActionItem, kind: NotificationKind = K.ACTION_ITEM_ASSIGNED
) -> list[Notification]:
    """ASSIGNED when created; DUE and OVERDUE when the worker's reminders run."""
    titles = {
        K.ACTION_ITEM_ASSIGNED: "Action item assigned",
        K.ACTION_ITEM_DUE: f"Action item due on {item.due_date}",
        K.ACTION_ITEM_OVERDUE: f"Action item overdue since {item.due_date}",
    }
    return await notify(
        kind,
        await recipients.action_item_owners(item),
        f"{titles[kind]}: {item.title}",
        subject_type="action_item",
        subject_id=item.id,
    )


async def recommendation_submitted(recommendation: Recommendation) -> list[Notification]:
    return await notify(
        K.RECOMMENDATION_SUBMITTED,
        await recipients.officers_of(
            [recommendation.addressed_to_id], [MemberRole.CHAIR, MemberRole.SECRETARY]
        ),
        f"Recommendation submitted: {recommendation.reference} {recommendation.title}",
        subject_type="recommendation",
        subject_id=recommendation.id,
    )


async def recommendation_answered(recommendation: Recommendation) -> list[Notification]:
    return await notify(
        K.RECOMMENDATION_ANSWERED,
        await recipients.members_of(recommendation.board_id),
        f"Recommendation answered: {recommendation.reference} {recommendation.title}",
        subject_type="recommendation",
        subject_id=recommendation.id,
    )


async def update_awaiting_approval(update: Update) -> list[Notification]:
    return await notify(
        K.UPDATE_AWAITING_APPROVAL,
        await recipients.communications_people(besides=update.author_id),
        f"Update awaiting approval: {update.title}",
        subject_type="update",
        subject_id=update.id,
    )


async def update_published(update: Update) -> list[Notification]:
    return await notify(
        K.UPDATE_PUBLISHED,
        await recipients.communications_people(),
        f"Update published: {update.title}",
        subject_type="update",
        subject_id=update.id,
    )


async def progress_report_due(plan: ActionPlan) -> list[Notification]:
    """For the worker's reminder, 7 days before the plan's period ends."""
    return await notify(
        K.PROGRESS_REPORT_DUE,
        await recipients.progress_report_people(plan),
        f"Progress report due by {plan.period_end}: {plan.reference} {plan.title}",
        subject_type="action_plan",
        subject_id=plan.id,
    )
