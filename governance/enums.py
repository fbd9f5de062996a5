"""The domain's vocabularies. The GraphQL enums are these, wrapped."""

from __future__ import annotations

from enum import StrEnum


class Classification(StrEnum):
    PUBLIC = "PUBLIC"
    INTERNAL = "INTERNAL"
    CONFIDENTIAL = "CONFIDENTIAL"
    RESTRICTED = "RESTRICTED"

    @classmethod
    def strictest(cls, *levels: Classification) -> Classification:
        order = list(cls)
        return max(levels, key=order.index)


class OrganizationKind(StrEnum):
    MUNICIPALITY = "MUNICIPALITY"
    NATIONAL_GOVERNMENT = "NATIONAL_GOVERNMENT"
    PROVINCIAL_GOVERNMENT = "PROVINCIAL_GOVERNMENT"
    PRIVATE_SECTOR = "PRIVATE_SECTOR"
    NGO = "NGO"
    COMMUNITY_GROUP = "COMMUNITY_GROUP"
    COOPERATIVE = "COOPERATIVE"
    ACADEMIC = "ACADEMIC"
    DEVELOPMENT_PARTNER = "DEVELOPMENT_PARTNER"
    MEDIA = "MEDIA"
    OTHER = "OTHER"


class PlatformRole(StrEnum):
    ADMIN = "ADMIN"
    COMMUNICATIONS = "COMMUNICATIONS"
    PARTICIPANT = "PARTICIPANT"


class BodyKind(StrEnum):
    STEERING_COMMITTEE = "STEERING_COMMITTEE"
    ADVISORY_BOARD = "ADVISORY_BOARD"
    OPERATIONS_UNIT = "OPERATIONS_UNIT"
    MONITORING_COMMITTEE = "MONITORING_COMMITTEE"
    CONSULTATION_FRAMEWORK = "CONSULTATION_FRAMEWORK"
    WORKING_GROUP = "WORKING_GROUP"


class MemberRole(StrEnum):
    CHAIR = "CHAIR"
    DEPUTY_CHAIR = "DEPUTY_CHAIR"
    SECRETARY = "SECRETARY"
    MEMBER = "MEMBER"
    OBSERVER = "OBSERVER"


class MeetingStatus(StrEnum):
    SCHEDULED = "SCHEDULED"
    IN_PROGRESS = "IN_PROGRESS"
    ADJOURNED = "ADJOURNED"
    CANCELLED = "CANCELLED"


class AttendanceStatus(StrEnum):
    PRESENT = "PRESENT"
    APOLOGIES = "APOLOGIES"
    ABSENT = "ABSENT"


class MinutesStatus(StrEnum):
    DRAFT = "DRAFT"
    CIRCULATED = "CIRCULATED"
    APPROVED = "APPROVED"


class VotingRule(StrEnum):
    SIMPLE_MAJORITY = "SIMPLE_MAJORITY"
    ABSOLUTE_MAJORITY = "ABSOLUTE_MAJORITY"
    TWO_THIRDS = "TWO_THIRDS"
    CONSENSUS = "CONSENSUS"


class MotionStatus(StrEnum):
    DRAFT = "DRAFT"
    OPEN = "OPEN"
    CLOSED = "CLOSED"
    WITHDRAWN = "WITHDRAWN"


class MotionOutcome(StrEnum):
    ADOPTED = "ADOPTED"
    REJECTED = "REJECTED"
    NO_QUORUM = "NO_QUORUM"


class VoteChoice(StrEnum):
    FOR = "FOR"
    AGAINST = "AGAINST"
    ABSTAIN = "ABSTAIN"


class DecisionStatus(StrEnum):
    IN_FORCE = "IN_FORCE"
    AMENDED = "AMENDED"
    SUPERSEDED = "SUPERSEDED"
    REVOKED = "REVOKED"


class ReleaseStatus(StrEnum):
    NOT_FOR_RELEASE = "NOT_FOR_RELEASE"
    CLEARED_FOR_RELEASE = "CLEARED_FOR_RELEASE"


class AgreementStatus(StrEnum):
    DRAFT = "DRAFT"
    NEGOTIATION = "NEGOTIATION"
    SIGNED = "SIGNED"
    ACTIVE = "ACTIVE"
    SUSPENDED = "SUSPENDED"
    EXPIRED = "EXPIRED"
    TERMINATED = "TERMINATED"


class PartyRole(StrEnum):
    FUNDER = "FUNDER"
    IMPLEMENTER = "IMPLEMENTER"
    BENEFICIARY = "BENEFICIARY"
    TECHNICAL_PARTNER = "TECHNICAL_PARTNER"
    CONVENER = "CONVENER"


class CommitmentStatus(StrEnum):
    PENDING = "PENDING"
    ON_TRACK = "ON_TRACK"
    AT_RISK = "AT_RISK"
    MET = "MET"
    MISSED = "MISSED"


class RecommendationStatus(StrEnum):
    DRAFT = "DRAFT"
    SUBMITTED = "SUBMITTED"
    UNDER_REVIEW = "UNDER_REVIEW"
    ACCEPTED = "ACCEPTED"
    PARTIALLY_ACCEPTED = "PARTIALLY_ACCEPTED"
    REJECTED = "REJECTED"
    WITHDRAWN = "WITHDRAWN"
    IMPLEMENTED = "IMPLEMENTED"


class ActionStatus(StrEnum):
    OPEN = "OPEN"
    IN_PROGRESS = "IN_PROGRESS"
    DONE = "DONE"
    BLOCKED = "BLOCKED"
    CANCELLED = "CANCELLED"


class UpdateStatus(StrEnum):
    DRAFT = "DRAFT"
    IN_REVIEW = "IN_REVIEW"
    APPROVED = "APPROVED"
    PUBLISHED = "PUBLISHED"
    RETRACTED = "RETRACTED"


class NotificationKind(StrEnum):
    MEETING_SCHEDULED = "MEETING_SCHEDULED"
    BALLOT_OPENED = "BALLOT_OPENED"
    MINUTES_CIRCULATED = "MINUTES_CIRCULATED"
    MINUTES_APPROVED = "MINUTES_APPROVED"
    ACTION_ITEM_ASSIGNED = "ACTION_ITEM_ASSIGNED"
    ACTION_ITEM_DUE = "ACTION_ITEM_DUE"
    ACTION_ITEM_OVERDUE = "ACTION_ITEM_OVERDUE"
    RECOMMENDATION_SUBMITTED = "RECOMMENDATION_SUBMITTED"
    RECOMMENDATION_ANSWERED = "RECOMMENDATION_ANSWERED"
    UPDATE_AWAITING_APPROVAL = "UPDATE_AWAITING_APPROVAL"
    UPDATE_PUBLISHED = "UPDATE_PUBLISHED"
    PROGRESS_REPORT_DUE = "PROGRESS_REPORT_DUE"
    MEMBERSHIP_CHANGED = "MEMBERSHIP_CHANGED"
    # Not in PRODUCT.md's table: told to a webhook's owner only, when 50 failed deliveries
    # in a row turned it off (governance.webhooks).
    WEBHOOK_DEACTIVATED = "WEBHOOK_DEACTIVATED"


# The kinds a person chooses email now / daily digest / none for (PRODUCT.md's table):
# all but WEBHOOK_DEACTIVATED, which is told in the app only (governance.webhooks).
CHOOSABLE_KINDS = tuple(
    k for k in NotificationKind if k is not NotificationKind.WEBHOOK_DEACTIVATED
)


class OutboxChannel(StrEnum):
    EMAIL = "EMAIL"
    WEBHOOK = "WEBHOOK"


class WebhookEvent(StrEnum):
    """What a partner's system may be called about (PRODUCT.md, "Webhooks")."""

    DECISION_RECORDED = "DECISION_RECORDED"
    DECISION_RELEASED = "DECISION_RELEASED"
    MEETING_SCHEDULED = "MEETING_SCHEDULED"
    MINUTES_APPROVED = "MINUTES_APPROVED"
    AGREEMENT_CHANGED = "AGREEMENT_CHANGED"
    RECOMMENDATION_ANSWERED = "RECOMMENDATION_ANSWERED"
    UPDATE_PUBLISHED = "UPDATE_PUBLISHED"
    MEASUREMENT_RECORDED = "MEASUREMENT_RECORDED"


class OutboxStatus(StrEnum):
    PENDING = "PENDING"  # to send, now or after its backoff
    SENT = "SENT"
    FAILED = "FAILED"  # gave up after its last attempt


class IndicatorDirection(StrEnum):
    INCREASE = "INCREASE"  # higher is better
    DECREASE = "DECREASE"  # lower is better
    MAINTAIN = "MAINTAIN"  # stay near the target


class IndicatorFrequency(StrEnum):
    MONTHLY = "MONTHLY"
    QUARTERLY = "QUARTERLY"
    ANNUALLY = "ANNUALLY"
    ONCE = "ONCE"


class IndicatorStatus(StrEnum):
    NO_DATA = "NO_DATA"
    ON_TRACK = "ON_TRACK"
    AT_RISK = "AT_RISK"
    OFF_TRACK = "OFF_TRACK"
    ACHIEVED = "ACHIEVED"


class ActionPlanStatus(StrEnum):
    DRAFT = "DRAFT"
    ADOPTED = "ADOPTED"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    CLOSED = "CLOSED"
