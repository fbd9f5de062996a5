"""The domain's enums, as GraphQL enums (one definition, in governance.enums)."""

from __future__ import annotations

import strawberry

from governance import enums as e

Classification = strawberry.enum(e.Classification)
OrganizationKind = strawberry.enum(e.OrganizationKind)
PlatformRole = strawberry.enum(e.PlatformRole)
BodyKind = strawberry.enum(e.BodyKind)
MemberRole = strawberry.enum(e.MemberRole)
MeetingStatus = strawberry.enum(e.MeetingStatus)
AttendanceStatus = strawberry.enum(e.AttendanceStatus)
MinutesStatus = strawberry.enum(e.MinutesStatus)
VotingRule = strawberry.enum(e.VotingRule)
MotionStatus = strawberry.enum(e.MotionStatus)
MotionOutcome = strawberry.enum(e.MotionOutcome)
VoteChoice = strawberry.enum(e.VoteChoice)
DecisionStatus = strawberry.enum(e.DecisionStatus)
ReleaseStatus = strawberry.enum(e.ReleaseStatus)
AgreementStatus = strawberry.enum(e.AgreementStatus)
PartyRole = strawberry.enum(e.PartyRole)
CommitmentStatus = strawberry.enum(e.CommitmentStatus)
RecommendationStatus = strawberry.enum(e.RecommendationStatus)
ActionStatus = strawberry.enum(e.ActionStatus)
UpdateStatus = strawberry.enum(e.UpdateStatus)
