"""Tortoise models of the governance record, one module per area."""

from governance.models.access import AccessGrant, CasbinRule
from governance.models.agreements import (
    Agreement,
    AgreementParty,
    Commitment,
    FocusArea,
)
from governance.models.audit import AuditEvent, AuditHead
from governance.models.bodies import Body, Membership
from governance.models.communications import Update
from governance.models.decisions import ActionItem, Decision, ReferenceCounter
from governance.models.meetings import (
    AgendaItem,
    Attendance,
    Meeting,
    Minutes,
    MinutesVersion,
)
from governance.models.people import ApiToken, Organization, Person, SignInFailure
from governance.models.recommendations import Recommendation
from governance.models.votes import EligibleVoter, Motion, Vote

MODEL_MODULES = [
    "governance.models.people",
    "governance.models.bodies",
    "governance.models.meetings",
    "governance.models.votes",
    "governance.models.decisions",
    "governance.models.agreements",
    "governance.models.recommendations",
    "governance.models.communications",
    "governance.models.access",
    "governance.models.audit",
]

__all__ = [
    "MODEL_MODULES",
    "AccessGrant",
    "ActionItem",
    "AgendaItem",
    "Agreement",
    "AgreementParty",
    "ApiToken",
    "Attendance",
    "AuditEvent",
    "AuditHead",
    "Body",
    "CasbinRule",
    "Commitment",
    "Decision",
    "EligibleVoter",
    "FocusArea",
    "Meeting",
    "Membership",
    "Minutes",
    "MinutesVersion",
    "Motion",
    "Organization",
    "Person",
    "Recommendation",
    "ReferenceCounter",
    "SignInFailure",
    "Update",
    "Vote",
]
