"""Tortoise models of the governance record, one module per area."""

from governance.models.access import AccessGrant, CasbinRule
from governance.models.account_links import AccountLink
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
from governance.models.documents import Document
from governance.models.meetings import (
    AgendaItem,
    Attendance,
    Meeting,
    Minutes,
    MinutesSection,
    MinutesVersion,
)
from governance.models.notifications import Notification
from governance.models.outbox import NotificationPreference, OutboxItem
from governance.models.people import ApiToken, Organization, Person, RecoveryCode
from governance.models.recommendations import Recommendation
from governance.models.results import ActionPlan, Indicator, Measurement, ProgressReport
from governance.models.throttles import RateCounter, SignInThrottle
from governance.models.votes import EligibleVoter, Motion, Vote
from governance.models.webhooks import Webhook, WebhookDelivery

MODEL_MODULES = [
    "governance.models.people",
    "governance.models.account_links",
    "governance.models.bodies",
    "governance.models.meetings",
    "governance.models.votes",
    "governance.models.decisions",
    "governance.models.agreements",
    "governance.models.recommendations",
    "governance.models.results",
    "governance.models.communications",
    "governance.models.documents",
    "governance.models.access",
    "governance.models.audit",
    "governance.models.notifications",
    "governance.models.outbox",
    "governance.models.throttles",
    "governance.models.webhooks",
]

__all__ = [
    "MODEL_MODULES",
    "AccessGrant",
    "AccountLink",
    "ActionItem",
    "ActionPlan",
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
    "Document",
    "EligibleVoter",
    "FocusArea",
    "Indicator",
    "Measurement",
    "Meeting",
    "Membership",
    "Minutes",
    "MinutesSection",
    "MinutesVersion",
    "Motion",
    "Notification",
    "NotificationPreference",
    "Organization",
    "OutboxItem",
    "Person",
    "ProgressReport",
    "RateCounter",
    "Recommendation",
    "RecoveryCode",
    "ReferenceCounter",
    "SignInThrottle",
    "Update",
    "Vote",
    "Webhook",
    "WebhookDelivery",
]
