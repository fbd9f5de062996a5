"""The domain's enums, as GraphQL enums (one definition, in governance.enums).

`strawberry.enum` marks a class and returns the class itself, so these names are the
domain's own enums: a type checker reads them as types (it would not read a variable
assigned from a call as one), and a field typed `MeetingStatus` holds what the rows hold.
"""

from __future__ import annotations

import strawberry

from governance.enums import (
    ActionPlanStatus,
    ActionStatus,
    AgreementStatus,
    AttendanceStatus,
    BodyKind,
    Classification,
    CommitmentStatus,
    DecisionStatus,
    IndicatorDirection,
    IndicatorFrequency,
    IndicatorStatus,
    MeetingStatus,
    MemberRole,
    MinutesStatus,
    MotionOutcome,
    MotionStatus,
    NotificationKind,
    OrganizationKind,
    PartyRole,
    PlatformRole,
    RecommendationStatus,
    ReleaseStatus,
    UpdateStatus,
    VoteChoice,
    VotingRule,
    WebhookEvent,
)

GRAPHQL_ENUMS = (
    Classification,
    OrganizationKind,
    PlatformRole,
    BodyKind,
    MemberRole,
    MeetingStatus,
    AttendanceStatus,
    MinutesStatus,
    VotingRule,
    MotionStatus,
    MotionOutcome,
    VoteChoice,
    DecisionStatus,
    ReleaseStatus,
    AgreementStatus,
    PartyRole,
    CommitmentStatus,
    RecommendationStatus,
    ActionStatus,
    UpdateStatus,
    IndicatorDirection,
    IndicatorFrequency,
    IndicatorStatus,
    ActionPlanStatus,
    WebhookEvent,
    NotificationKind,
)
for _enum in GRAPHQL_ENUMS:
    strawberry.enum(_enum)
