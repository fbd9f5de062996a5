"""Every kind of item, declared once.

Each declaration says what the rest of the tree needs to know of a kind: its model,
its GraphQL type names and the code each sealed into its ids, the order of its
lists, its read rules (a `Scope`: the classification, the owning bodies, the item
relations a viewer can hold on a row), whether people can be named on it, and its
admin page. The ids, the loaders, the node lookup, the audit trail, the grants and
the write checks (permissions.can) all read from here: a new kind is one
declaration, its model and its GraphQL type.
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any, TypeVar

from tortoise.expressions import Q, Subquery
from tortoise.models import Model
from tortoise.queryset import QuerySet

from governance.models import (
    ActionItem,
    ActionPlan,
    AgendaItem,
    Agreement,
    AgreementParty,
    ApiToken,
    Attendance,
    AuditEvent,
    Body,
    Commitment,
    Decision,
    Document,
    EligibleVoter,
    FocusArea,
    Indicator,
    Measurement,
    Meeting,
    Membership,
    Minutes,
    MinutesSection,
    Motion,
    Notification,
    Organization,
    Person,
    ProgressReport,
    Recommendation,
    Update,
    Vote,
    Webhook,
)
from governance.models.documents import ATTACHMENTS
from permissions import visibility
from permissions.kind import AdminPage, AnyKind, Kind
from permissions.relations import Listed, Match, named, party, q
from permissions.viewer import Viewer
from permissions.visibility import Scope

M = TypeVar("M", bound=Model)


def _body_type(body: Body) -> str:
    return "AdvisoryBoard" if body.is_advisory else "Committee"


# ------------------------------------------------------------------ public

ORGANIZATION = Kind("organization", Organization, {"Organization": 1}, order="name")
PERSON = Kind("person", Person, {"Person": 2}, order="name")
BODY = Kind(
    "body",
    Body,
    {"Committee": 3, "AdvisoryBoard": 4},
    type_of=_body_type,
    order="name",
    scope=Scope(bodies=("id",)),  # what is done on a body, its own people decide
)
FOCUS_AREA = Kind("focus_area", FocusArea, {"FocusArea": 11}, order="name")
MEMBERSHIP = Kind("membership", Membership)
ATTENDANCE = Kind("attendance", Attendance)
AGREEMENT_PARTY = Kind("agreement_party", AgreementParty)

# ------------------------------------------------------------------ meetings and votes

MEETING = Kind(
    "meeting",
    Meeting,
    {"Meeting": 5},
    order="starts_at",
    scope=Scope("classification", ("body_id",), (named("meeting"),)),
    grantable=True,
    page=AdminPage("meeting", "meeting_id"),
)
AGENDA_ITEM = Kind(
    "agenda_item",
    AgendaItem,
    {"AgendaItem": 6},
    order="position",
    scope=Scope("classification", ("meeting__body_id",), (named("agenda_item"),)),
    within=(MEETING.scope.through("meeting"),),
    grantable=True,
)
MINUTES = Kind("minutes", Minutes, {"Minutes": 7}, scope=MEETING.scope.through("meeting"))
# The minutes of one agenda item show only where that item (and so its meeting) shows.
MINUTES_SECTION = Kind(
    "minutes_section",
    MinutesSection,
    scope=AGENDA_ITEM.scope.through("agenda_item"),
    within=(MEETING.scope.through("agenda_item__meeting"),),
)
# A motion shows only where its meeting, its agenda item (if any) and itself may.
MOTION = Kind(
    "motion",
    Motion,
    {"Motion": 8},
    scope=Scope(
        "classification",
        ("meeting__body_id",),
        (
            named("motion"),
            # A voter: on the roll frozen when voting opened, not by today's memberships.
            Listed("voting_member", "id", EligibleVoter, "motion_id", "person_id"),
        ),
    ),
    within=(
        MEETING.scope.through("meeting"),
        Scope(
            "agenda_item__classification",
            ("meeting__body_id",),
            (named("agenda_item", "agenda_item_id"),),
        ).optional("agenda_item_id"),
    ),
    # The roll frozen when voting opened decides who votes, not today's memberships.
    acting={"vote": ()},
    grantable=True,
    page=AdminPage("motion", "motion_id"),
)
VOTE = Kind("vote", Vote, read=lambda viewer: visibility.open_ballots(MOTION.visible(viewer)))

# ------------------------------------------------------------------ decisions and agreements

DECISION = Kind(
    "decision",
    Decision,
    {"Decision": 9},
    order="-decided_on",
    scope=Scope("classification", ("committee_id",), (named("decision"),)),
    grantable=True,
    page=AdminPage("decision", "decision_id"),
)
AGREEMENT = Kind(
    "agreement",
    Agreement,
    {"Agreement": 10},
    order="reference",
    scope=Scope("classification", ("governing_body_id",), (named("agreement"), party("id"))),
    grantable=True,
    page=AdminPage("agreement", "agreement_id"),
)
# A commitment reads as its agreement does, and by its committed party whatever that says.
COMMITMENT = Kind(
    "commitment",
    Commitment,
    {"Commitment": 12},
    scope=Scope(
        "agreement__classification",
        ("agreement__governing_body_id",),
        (
            named("agreement", "agreement_id"),
            party("agreement_id"),
            Match("committed_party", "party_id", "organization"),
        ),
    ),
    events_name=(("agreement_id", "agreement"),),
)
RECOMMENDATION: Kind[Recommendation] = Kind(
    "recommendation",
    Recommendation,
    {"Recommendation": 13},
    order="-created_at",
    scope=Scope(
        "classification",
        ("board_id", "addressed_to_id"),
        (named("recommendation"), Match("author", "drafted_by_id")),
    ),
    read=lambda viewer: Recommendation.filter(visibility.board_first(viewer, RECOMMENDATION.scope)),
    # The board drafts, edits, submits and withdraws; the committee addressed responds.
    acting={
        "edit": ("board_id",),
        "submit": ("board_id",),
        "withdraw": ("board_id",),
        "attach": ("board_id",),
        "respond": ("addressed_to_id",),
    },
    grantable=True,
    page=AdminPage("recommendation", "recommendation_id"),
)
ACTION_ITEM = Kind(
    "action_item",
    ActionItem,
    {"ActionItem": 14},
    scope=Scope(
        "classification",
        ("committee_id",),
        (
            named("action_item"),
            # Owners see what they own: the person, or the people of the organization.
            Match("owner", "owner_person_id"),
            Match("owner", "owner_organization_id", "organization"),
        ),
    ),
    grantable=True,
    page=AdminPage("action_items", anchor="item"),
)

# ------------------------------------------------------------------ results

# An indicator reads as any item of its committee, and by the parties to its agreement,
# who report their own figures on it.
INDICATOR = Kind(
    "indicator",
    Indicator,
    {"Indicator": 18},
    order="code",
    scope=Scope("classification", ("body_id",), (named("indicator"), party("agreement_id"))),
    grantable=True,
    page=AdminPage("indicator", "indicator_id"),
)
# A measurement is seen by whoever sees its indicator.
MEASUREMENT = Kind(
    "measurement",
    Measurement,
    {"Measurement": 19},
    order="period_end",
    scope=INDICATOR.scope.through("indicator"),
)
# A plan belongs to the committee that adopted it and to the one that monitors it, as a
# recommendation to its two bodies; the adopting committee's officers move it, while
# reports come from them or from any member of the monitoring committee.
ACTION_PLAN: Kind[ActionPlan] = Kind(
    "action_plan",
    ActionPlan,
    {"ActionPlan": 20},
    order="-period_start",
    scope=Scope("classification", ("body_id", "monitored_by_id"), (named("action_plan"),)),
    acting={
        "transition": ("body_id",),
        "roll_over": ("body_id",),
        "attach": ("body_id",),
        "report": ("body_id",),
        "report_as_monitor": ("monitored_by_id",),
    },
    grantable=True,
    page=AdminPage("action_plan", "plan_id"),
)
# A progress report reads as its plan.
PROGRESS_REPORT = Kind(
    "progress_report",
    ProgressReport,
    {"ProgressReport": 21},
    order="-period_end",
    scope=ACTION_PLAN.scope.through("plan"),
)

# ------------------------------------------------------------------ the platform

UPDATE = Kind(
    "update", Update, {"Update": 15}, order="-listed_at", read=visibility.published_or_team
)
AUDIT_EVENT = Kind(
    "audit_event",
    AuditEvent,
    {"AuditEvent": 16},
    order="-seq",
    read=lambda viewer: audit_events(viewer),
)
API_TOKEN = Kind(
    "api_token",
    ApiToken,
    {"ApiTokenInfo": 17},
    scope=Scope(relations=(Match("self", "person_id"),)),
    read=visibility.own_tokens,
)
# A webhook: its owner's, and nobody else's (the type code is far from the others', so
# kinds added beside it in the meantime do not take it).
WEBHOOK = Kind(
    "webhook",
    Webhook,
    {"Webhook": 40},
    order="-created_at",
    scope=Scope(relations=(Match("self", "person_id"),)),
    read=visibility.own_webhooks,
)

NOTIFICATION = Kind(
    "notification",
    Notification,
    {"Notification": 30},
    order="-id",
    scope=Scope(relations=(Match("recipient", "person_id"),)),
    read=visibility.own_notifications,
)

# ------------------------------------------------------------------ documents

# A document reads by its own classification, with the owning bodies of what it is
# attached to (copied onto it at upload), and only where that thing shows too; the
# parties to an agreement see the documents of it that their classification allows.
DOCUMENT: Kind[Document] = Kind(
    "document",
    Document,
    {"Document": 22},
    order="-uploaded_at",
    scope=Scope(
        "classification",
        ("body_id", "other_body_id"),
        (named("document"), party("agreement_id")),
    ),
    read=lambda viewer: Document.filter(DOCUMENT.where(viewer) & _attached_shows(viewer)),
    grantable=True,
)


def _attached_shows(viewer: Viewer) -> Q:
    """Documents whose meeting, agreement, decision, recommendation, action plan or
    update the viewer may see: one clause per column, as SQL."""
    clauses = [
        q(f"{name}_id__in", Subquery(get(name).visible(viewer).values("id")))
        for name in ATTACHMENTS
    ]
    return reduce(or_, clauses)


ALL: tuple[AnyKind, ...] = (
    ORGANIZATION,
    PERSON,
    BODY,
    FOCUS_AREA,
    MEMBERSHIP,
    ATTENDANCE,
    AGREEMENT_PARTY,
    MEETING,
    AGENDA_ITEM,
    MINUTES,
    MINUTES_SECTION,
    MOTION,
    VOTE,
    DECISION,
    AGREEMENT,
    COMMITMENT,
    RECOMMENDATION,
    ACTION_ITEM,
    INDICATOR,
    MEASUREMENT,
    ACTION_PLAN,
    PROGRESS_REPORT,
    UPDATE,
    DOCUMENT,
    AUDIT_EVENT,
    API_TOKEN,
    WEBHOOK,
    NOTIFICATION,
)
BY_NAME: dict[str, AnyKind] = {kind.name: kind for kind in ALL}
BY_MODEL: dict[type[Model], AnyKind] = {kind.model: kind for kind in ALL}
BY_TYPE_NAME: dict[str, AnyKind] = {name: kind for kind in ALL for name in kind.types}


def get(name: str) -> AnyKind:
    return BY_NAME[name]


def of(row: Model) -> AnyKind:
    return BY_MODEL[type(row)]


def visible(viewer: Viewer, model: type[M]) -> QuerySet[M]:
    """The rows of `model` the viewer may see."""
    kind: Kind[M] = BY_MODEL[model]
    return kind.visible(viewer)


def holding(viewer: Viewer, relation: str, model: type[Model]) -> Q:
    """The rows of `model` on which the viewer holds an item relation ("owner"), as SQL."""
    return BY_MODEL[model].holding(viewer, relation)


def acting(viewer: Viewer, action: str, model: type[Model]) -> Q:
    """The rows of `model` on which the viewer may do `action` ("approve"), as SQL: the
    write table read as one filter, for lists of what waits for someone (governance.waiting)."""
    return BY_MODEL[model].acting_where(viewer, action)


def audit_events(viewer: Viewer) -> QuerySet[AuditEvent]:
    """For admins: events about items they may themselves see, and no others. An event
    names its subject by global id: the subjects are the kinds with a GraphQL type."""
    subjects = [kind for kind in ALL if kind.types and kind is not AUDIT_EVENT]
    seen: dict[str, QuerySet[Any]] = {}
    for kind in subjects:
        if kind.public:
            continue
        rows = kind.visible(viewer)
        for field, other in kind.events_name:
            rows = rows.filter(
                **{f"{field}__in": Subquery(get(other).visible(viewer).values("id"))}
            )
        seen[kind.name] = rows
    return visibility.audit_trail(viewer, [k.name for k in subjects if k.public], seen)
