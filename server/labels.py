"""The words a person reads for each value of the domain's enums, in one place.

The admin's `label` filter, its `ui.state` badges and `options` selects, and the portal's
words all read them here. The table holds the English (what Babel extracts); a value is
translated when it is shown, one catalog look-up per value shown (translating the whole
table per call made pages slow). French agrees in gender with the thing a status belongs
to, so where one English word needs two French forms (a motion is "adoptée", a plan
"adopté") the word carries a context naming that thing.
"""

from __future__ import annotations

from enum import Enum, StrEnum
from typing import Any, NamedTuple

from governance import enums
from governance.errors import Reader
from server import i18n


class Words(NamedTuple):
    context: str | None
    text: str


# Markers only: they keep the English for Babel to extract (as _ and pgettext calls) and
# translate nothing here; `label` translates the one value shown.
def _(text: str) -> Words:
    return Words(None, text)


def pgettext(context: str, text: str) -> Words:
    return Words(context, text)


E = enums
LABELS: dict[type[StrEnum], dict[Any, Words]] = {
    E.Classification: {
        E.Classification.PUBLIC: _("Public"),
        E.Classification.INTERNAL: _("Internal"),
        E.Classification.CONFIDENTIAL: _("Confidential"),
        E.Classification.RESTRICTED: _("Restricted"),
    },
    E.OrganizationKind: {
        E.OrganizationKind.MUNICIPALITY: _("Municipality"),
        E.OrganizationKind.NATIONAL_GOVERNMENT: _("National government"),
        E.OrganizationKind.PROVINCIAL_GOVERNMENT: _("Provincial government"),
        E.OrganizationKind.PRIVATE_SECTOR: _("Private sector"),
        E.OrganizationKind.NGO: _("NGO"),
        E.OrganizationKind.COMMUNITY_GROUP: _("Community group"),
        E.OrganizationKind.COOPERATIVE: _("Cooperative"),
        E.OrganizationKind.ACADEMIC: _("Academic"),
        E.OrganizationKind.DEVELOPMENT_PARTNER: _("Development partner"),
        E.OrganizationKind.MEDIA: _("Media"),
        E.OrganizationKind.OTHER: _("Other"),
    },
    E.PlatformRole: {
        E.PlatformRole.ADMIN: pgettext("platform role", "Admin"),
        E.PlatformRole.COMMUNICATIONS: pgettext("platform role", "Communications"),
        E.PlatformRole.PARTICIPANT: pgettext("platform role", "Participant"),
    },
    E.BodyKind: {
        E.BodyKind.STEERING_COMMITTEE: _("Steering committee"),
        E.BodyKind.ADVISORY_BOARD: _("Advisory board"),
        E.BodyKind.OPERATIONS_UNIT: _("Operations unit"),
        E.BodyKind.MONITORING_COMMITTEE: _("Monitoring committee"),
        E.BodyKind.CONSULTATION_FRAMEWORK: _("Consultation framework"),
        E.BodyKind.WORKING_GROUP: _("Working group"),
    },
    E.MemberRole: {
        E.MemberRole.CHAIR: _("Chair"),
        E.MemberRole.DEPUTY_CHAIR: _("Deputy chair"),
        E.MemberRole.SECRETARY: _("Secretary"),
        E.MemberRole.MEMBER: _("Member"),
        E.MemberRole.OBSERVER: _("Observer"),
    },
    E.MeetingStatus: {
        E.MeetingStatus.SCHEDULED: _("Scheduled"),
        E.MeetingStatus.IN_PROGRESS: _("In progress"),
        E.MeetingStatus.ADJOURNED: _("Adjourned"),
        E.MeetingStatus.CANCELLED: _("Cancelled"),
    },
    E.AttendanceStatus: {
        E.AttendanceStatus.PRESENT: _("Present"),
        E.AttendanceStatus.APOLOGIES: _("Apologies"),
        E.AttendanceStatus.ABSENT: _("Absent"),
    },
    E.MinutesStatus: {
        E.MinutesStatus.DRAFT: _("Draft"),
        E.MinutesStatus.CIRCULATED: _("Circulated"),
        E.MinutesStatus.APPROVED: _("Approved"),
    },
    E.VotingRule: {
        E.VotingRule.SIMPLE_MAJORITY: _("Simple majority"),
        E.VotingRule.ABSOLUTE_MAJORITY: _("Absolute majority"),
        E.VotingRule.TWO_THIRDS: _("Two thirds"),
        E.VotingRule.CONSENSUS: _("Consensus"),
    },
    E.MotionStatus: {
        E.MotionStatus.DRAFT: _("Draft"),
        E.MotionStatus.OPEN: _("Open"),
        E.MotionStatus.CLOSED: _("Closed"),
        E.MotionStatus.WITHDRAWN: _("Withdrawn"),
    },
    E.MotionOutcome: {
        E.MotionOutcome.ADOPTED: _("Adopted"),
        E.MotionOutcome.REJECTED: _("Rejected"),
        E.MotionOutcome.NO_QUORUM: _("No quorum"),
    },
    E.VoteChoice: {
        E.VoteChoice.FOR: _("For"),
        E.VoteChoice.AGAINST: _("Against"),
        E.VoteChoice.ABSTAIN: _("Abstain"),
    },
    E.DecisionStatus: {
        E.DecisionStatus.IN_FORCE: _("In force"),
        E.DecisionStatus.AMENDED: _("Amended"),
        E.DecisionStatus.SUPERSEDED: _("Superseded"),
        E.DecisionStatus.REVOKED: _("Revoked"),
    },
    E.ReleaseStatus: {
        E.ReleaseStatus.NOT_FOR_RELEASE: _("Not for release"),
        E.ReleaseStatus.CLEARED_FOR_RELEASE: _("Cleared for release"),
    },
    E.AgreementStatus: {
        E.AgreementStatus.DRAFT: _("Draft"),
        E.AgreementStatus.NEGOTIATION: _("In negotiation"),
        E.AgreementStatus.SIGNED: _("Signed"),
        E.AgreementStatus.ACTIVE: _("Active"),
        E.AgreementStatus.SUSPENDED: _("Suspended"),
        E.AgreementStatus.EXPIRED: _("Expired"),
        E.AgreementStatus.TERMINATED: _("Terminated"),
    },
    E.PartyRole: {
        E.PartyRole.FUNDER: _("Funder"),
        E.PartyRole.IMPLEMENTER: _("Implementer"),
        E.PartyRole.BENEFICIARY: _("Beneficiary"),
        E.PartyRole.TECHNICAL_PARTNER: _("Technical partner"),
        E.PartyRole.CONVENER: _("Convener"),
    },
    E.CommitmentStatus: {
        E.CommitmentStatus.PENDING: _("Pending"),
        E.CommitmentStatus.ON_TRACK: _("On track"),
        E.CommitmentStatus.AT_RISK: _("At risk"),
        E.CommitmentStatus.MET: _("Met"),
        E.CommitmentStatus.MISSED: _("Missed"),
    },
    E.RecommendationStatus: {
        E.RecommendationStatus.DRAFT: _("Draft"),
        E.RecommendationStatus.SUBMITTED: _("Submitted"),
        E.RecommendationStatus.UNDER_REVIEW: _("Under review"),
        E.RecommendationStatus.ACCEPTED: _("Accepted"),
        E.RecommendationStatus.PARTIALLY_ACCEPTED: _("Partially accepted"),
        E.RecommendationStatus.REJECTED: _("Rejected"),
        E.RecommendationStatus.WITHDRAWN: _("Withdrawn"),
        E.RecommendationStatus.IMPLEMENTED: _("Implemented"),
    },
    E.ActionStatus: {
        E.ActionStatus.OPEN: _("Open"),
        E.ActionStatus.IN_PROGRESS: _("In progress"),
        E.ActionStatus.DONE: _("Done"),
        E.ActionStatus.BLOCKED: _("Blocked"),
        E.ActionStatus.CANCELLED: _("Cancelled"),
    },
    E.UpdateStatus: {
        E.UpdateStatus.DRAFT: _("Draft"),
        E.UpdateStatus.IN_REVIEW: _("In review"),
        E.UpdateStatus.APPROVED: pgettext("update", "Approved"),
        E.UpdateStatus.PUBLISHED: pgettext("update", "Published"),
        E.UpdateStatus.RETRACTED: pgettext("update", "Retracted"),
    },
    E.NotificationKind: {
        E.NotificationKind.MEETING_SCHEDULED: _("Meeting scheduled"),
        E.NotificationKind.BALLOT_OPENED: _("Ballot opened"),
        E.NotificationKind.MINUTES_CIRCULATED: _("Minutes circulated"),
        E.NotificationKind.MINUTES_APPROVED: _("Minutes approved"),
        E.NotificationKind.ACTION_ITEM_ASSIGNED: _("Action item assigned"),
        E.NotificationKind.ACTION_ITEM_DUE: _("Action item due"),
        E.NotificationKind.ACTION_ITEM_OVERDUE: _("Action item overdue"),
        E.NotificationKind.RECOMMENDATION_SUBMITTED: _("Recommendation submitted"),
        E.NotificationKind.RECOMMENDATION_ANSWERED: _("Recommendation answered"),
        E.NotificationKind.UPDATE_AWAITING_APPROVAL: _("Update awaiting approval"),
        E.NotificationKind.UPDATE_PUBLISHED: _("Update published"),
        E.NotificationKind.PROGRESS_REPORT_DUE: _("Progress report due"),
        E.NotificationKind.MEMBERSHIP_CHANGED: _("Membership changed"),
        E.NotificationKind.WEBHOOK_DEACTIVATED: _("Webhook deactivated"),
    },
    E.OutboxChannel: {
        E.OutboxChannel.EMAIL: _("Email"),
        E.OutboxChannel.WEBHOOK: _("Webhook"),
    },
    E.WebhookEvent: {
        E.WebhookEvent.DECISION_RECORDED: _("Decision recorded"),
        E.WebhookEvent.DECISION_RELEASED: _("Decision released"),
        E.WebhookEvent.MEETING_SCHEDULED: _("Meeting scheduled"),
        E.WebhookEvent.MINUTES_APPROVED: _("Minutes approved"),
        E.WebhookEvent.AGREEMENT_CHANGED: _("Agreement changed"),
        E.WebhookEvent.RECOMMENDATION_ANSWERED: _("Recommendation answered"),
        E.WebhookEvent.UPDATE_PUBLISHED: _("Update published"),
        E.WebhookEvent.MEASUREMENT_RECORDED: _("Measurement recorded"),
    },
    E.OutboxStatus: {
        E.OutboxStatus.PENDING: _("Pending"),
        E.OutboxStatus.SENT: _("Sent"),
        E.OutboxStatus.FAILED: _("Failed"),
    },
    E.IndicatorDirection: {
        E.IndicatorDirection.INCREASE: _("Increase"),
        E.IndicatorDirection.DECREASE: _("Decrease"),
        E.IndicatorDirection.MAINTAIN: _("Maintain"),
    },
    E.IndicatorFrequency: {
        E.IndicatorFrequency.MONTHLY: _("Monthly"),
        E.IndicatorFrequency.QUARTERLY: _("Quarterly"),
        E.IndicatorFrequency.ANNUALLY: _("Annually"),
        E.IndicatorFrequency.ONCE: _("Once"),
    },
    E.IndicatorStatus: {
        E.IndicatorStatus.NO_DATA: _("No data"),
        E.IndicatorStatus.ON_TRACK: _("On track"),
        E.IndicatorStatus.AT_RISK: _("At risk"),
        E.IndicatorStatus.OFF_TRACK: _("Off track"),
        E.IndicatorStatus.ACHIEVED: _("Achieved"),
    },
    E.ActionPlanStatus: {
        E.ActionPlanStatus.DRAFT: _("Draft"),
        E.ActionPlanStatus.ADOPTED: pgettext("action plan", "Adopted"),
        E.ActionPlanStatus.IN_PROGRESS: _("In progress"),
        E.ActionPlanStatus.COMPLETED: _("Completed"),
        E.ActionPlanStatus.CLOSED: pgettext("action plan", "Closed"),
    },
}

# A value that reaches a page as a plain string (a webhook's events are stored as text):
# the words of the first enum that has it.
BY_VALUE: dict[str, Words] = {}
for _table in LABELS.values():
    for _value, _words in _table.items():
        BY_VALUE.setdefault(str(_value), _words)


def words(value: Any) -> Words | None:
    """The English of an enum value (or of a value's name), None for one with no label."""
    if isinstance(value, StrEnum):
        found = LABELS.get(type(value), {}).get(value)
        if found is not None:
            return found
    return BY_VALUE.get(str(value))


def label(value: Any) -> str:
    """An enum value as words in the current language: CLEARED_FOR_RELEASE → Cleared for
    release. A string no enum has reads as itself, underscores turned to spaces."""
    if value is None:
        return ""
    found = words(value)
    if found is None:
        text = str(getattr(value, "value", value)).replace("_", " ").lower()
        return text[:1].upper() + text[1:]
    if found.context is None:
        return i18n.gettext(found.text)
    return i18n.pgettext(found.context, found.text)


def status_word(value: Enum) -> str:
    """A status inside a refusal's sentence: in English the API's word (OPEN), since the
    English sentence is the API's; in another language its label (« Ouverte »), as the
    screens show it."""
    if i18n.current() == "en":
        return str(value.value)
    return label(value)


# How the admin and the portal read a refusal (governance.errors): the words, a moment and
# a status in the reader's language.
READER = Reader(i18n.gettext, i18n.datetime_format, status_word)


def options(enum: Any) -> list[tuple[str, str]]:
    """A select's (value, words) pairs for every member of `enum`, in its order."""
    return [(member.value, label(member)) for member in enum]
