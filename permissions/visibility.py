"""Reads: what a viewer may see, as one SQL filter per kind of item.

The policy says which relations read which classification; this module says
how each relation is found in SQL (the owning body's id among the viewer's
bodies, the item among their grants, their organization among the parties, the
viewer or their organization as the item's owner or committed party).
Every list, count, search, nested field and `node` lookup reads through these
querysets, so nothing a viewer may not see is ever fetched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from governance.enums import Classification, RecommendationStatus, UpdateStatus
from governance.models import (
    AccessGrant,
    ActionItem,
    AgendaItem,
    Agreement,
    AgreementParty,
    AuditEvent,
    Commitment,
    Decision,
    Meeting,
    Minutes,
    Motion,
    Recommendation,
    Update,
    Vote,
)
from permissions.policy import current_policy
from permissions.viewer import Viewer

NOTHING = Q(id__isnull=True)  # primary keys are never null: matches no row
EVERYTHING = Q()

BODY_RELATIONS = ("member", "voting_member", "chair", "deputy_chair", "secretary", "observer")


@dataclass(frozen=True)
class Scope:
    """Where a kind of item keeps what the read rules look at."""

    kind: str  # the grants' subject type
    classification: str  # path to the classification
    bodies: tuple[str, ...]  # paths to the owning bodies' ids
    subject: str = "id"  # path to the id grants name
    party: str | None = None  # path to the agreement id whose parties may read
    # Item relations of one person or organization to the row itself (PRODUCT.md, "Owners
    # see what they own"): paths to the person and the organization who own it, and to the
    # organization committed to it.
    owner_person: str | None = None
    owner_organization: str | None = None
    committed_party: str | None = None


def _any(conditions: Iterable[Q]) -> Q | None:
    conditions = list(conditions)
    return reduce(or_, conditions) if conditions else None


def _relation_condition(viewer: Viewer, relation: str, scope: Scope) -> Q | None:
    """The rows on which the viewer holds an item relation; None when on none."""
    if relation == "anyone":
        return EVERYTHING
    if viewer.is_anonymous:
        return None
    if relation == "signed_in":
        return EVERYTHING
    if relation == "named":
        granted = AccessGrant.filter(person_id=viewer.person_id, subject_type=scope.kind)
        named: dict[str, Any] = {f"{scope.subject}__in": Subquery(granted.values("subject_id"))}
        return Q(**named)
    if relation == "party" and scope.party and viewer.organization_id is not None:
        parties = AgreementParty.filter(organization_id=viewer.organization_id)
        party: dict[str, Any] = {f"{scope.party}__in": Subquery(parties.values("agreement_id"))}
        return Q(**party)
    if relation == "owner":
        owned: list[dict[str, Any]] = [
            {path: who}
            for path, who in (
                (scope.owner_person, viewer.person_id),
                (scope.owner_organization, viewer.organization_id),
            )
            if path is not None and who is not None
        ]
        return _any(Q(**condition) for condition in owned)
    if relation == "committed_party" and scope.committed_party:
        if viewer.organization_id is None:
            return None
        committed: dict[str, Any] = {scope.committed_party: viewer.organization_id}
        return Q(**committed)
    return None


def _in(path: str, values: list[int]) -> dict[str, Any]:
    return {f"{path}__in": values}


def classified(viewer: Viewer, scope: Scope) -> Q:
    """Rows whose classification some relation of the viewer's lets them read."""
    policy = current_policy()
    clauses = []
    for level in Classification:
        allowed = policy.relations_allowing(level, "read")
        # Body relations (member, chair, ...) collapse into one IN list per path.
        bodies = sorted(
            {
                b
                for relation in allowed
                if relation in BODY_RELATIONS
                for b in viewer.bodies_with(relation)
            }
        )
        conditions = [Q(**_in(path, bodies)) for path in scope.bodies] if bodies else []
        for relation in allowed:
            if relation in BODY_RELATIONS:
                continue
            condition = _relation_condition(viewer, relation, scope)
            if condition is EVERYTHING:
                conditions = [EVERYTHING]
                break
            if condition is not None:
                conditions.append(condition)
        if not conditions:
            continue
        at_level = Q(**{scope.classification: level})
        clauses.append(
            at_level if conditions == [EVERYTHING] else at_level & reduce(or_, conditions)
        )
    return _any(clauses) or NOTHING


# ------------------------------------------------------------------ scopes


def meeting_scope(prefix: str = "") -> Scope:
    return Scope(
        "meeting",
        f"{prefix}classification",
        (f"{prefix}body_id",),
        subject=f"{prefix}id" if prefix else "id",
    )


AGENDA_ITEM = Scope("agenda_item", "classification", ("meeting__body_id",))
DECISION = Scope("decision", "classification", ("committee_id",))
AGREEMENT = Scope("agreement", "classification", ("governing_body_id",), party="id")
# A commitment reads as its agreement does, and by its committed party whatever that says.
COMMITMENT = Scope(
    "agreement",
    "agreement__classification",
    ("agreement__governing_body_id",),
    subject="agreement_id",
    party="agreement_id",
    committed_party="party_id",
)
RECOMMENDATION = Scope("recommendation", "classification", ("board_id", "addressed_to_id"))
ACTION_ITEM = Scope(
    "action_item",
    "classification",
    ("committee_id",),
    owner_person="owner_person_id",
    owner_organization="owner_organization_id",
)


# ------------------------------------------------------------------ querysets


def meetings(viewer: Viewer) -> QuerySet[Meeting]:
    return Meeting.filter(classified(viewer, meeting_scope()))


def minutes(viewer: Viewer) -> QuerySet[Minutes]:
    return Minutes.filter(classified(viewer, meeting_scope("meeting__")))


def agenda_items(viewer: Viewer) -> QuerySet[AgendaItem]:
    return AgendaItem.filter(
        classified(viewer, meeting_scope("meeting__")) & classified(viewer, AGENDA_ITEM)
    )


def motions(viewer: Viewer) -> QuerySet[Motion]:
    """A motion shows only where its meeting, its agenda item (if any) and itself may."""
    own = Scope("motion", "classification", ("meeting__body_id",))
    item = Scope(
        "agenda_item", "agenda_item__classification", ("meeting__body_id",), "agenda_item_id"
    )
    return Motion.filter(
        classified(viewer, meeting_scope("meeting__"))
        & classified(viewer, own)
        & (Q(agenda_item_id__isnull=True) | classified(viewer, item))
    )


def votes(viewer: Viewer) -> QuerySet[Vote]:
    """Individual ballots of open (not secret) votes on motions the viewer sees."""
    shown = motions(viewer).filter(secret_ballot=False)
    return Vote.filter(motion_id__in=Subquery(shown.values("id")))


def decisions(viewer: Viewer) -> QuerySet[Decision]:
    return Decision.filter(classified(viewer, DECISION))


def agreements(viewer: Viewer) -> QuerySet[Agreement]:
    return Agreement.filter(classified(viewer, AGREEMENT))


def commitments(viewer: Viewer) -> QuerySet[Commitment]:
    return Commitment.filter(classified(viewer, COMMITMENT))


def recommendations(viewer: Viewer) -> QuerySet[Recommendation]:
    """The board's alone until submitted; after that its classification decides."""
    unsubmitted = Q(status=RecommendationStatus.DRAFT) | Q(
        status=RecommendationStatus.WITHDRAWN, submitted_at__isnull=True
    )
    board_bodies = sorted(viewer.bodies_with("member"))
    clauses = [~unsubmitted & classified(viewer, RECOMMENDATION)]
    if board_bodies:
        clauses.append(unsubmitted & Q(board_id__in=board_bodies))
    return Recommendation.filter(reduce(or_, clauses))


def action_items(viewer: Viewer) -> QuerySet[ActionItem]:
    return ActionItem.filter(classified(viewer, ACTION_ITEM))


def updates(viewer: Viewer) -> QuerySet[Update]:
    """Published updates are public; the others belong to the communications team."""
    if current_policy().allows_any(viewer.global_relations(), "unpublished_update", "read"):
        return Update.all()
    return Update.filter(status=UpdateStatus.PUBLISHED)


def can_read_audit(viewer: Viewer) -> bool:
    return current_policy().allows_any(viewer.global_relations(), "audit_event", "read")


# Subject types whose items everyone may see (partnerships govern in the open).
PUBLIC_SUBJECTS = ("organization", "person", "body", "focus_area")


def audit_events(viewer: Viewer) -> QuerySet[AuditEvent]:
    """For admins: events about items they may themselves see, and no others."""
    if not can_read_audit(viewer):
        return AuditEvent.filter(NOTHING)
    restricted: dict[str, QuerySet[Any]] = {
        "meeting": meetings(viewer),
        "agenda_item": agenda_items(viewer),
        "minutes": minutes(viewer),
        "motion": motions(viewer),
        "decision": decisions(viewer),
        "agreement": agreements(viewer),
        # A commitment's events name its agreement's reference: shown only to those who see
        # the agreement too, not to a committed party that sees the commitment alone.
        "commitment": commitments(viewer).filter(
            agreement_id__in=Subquery(agreements(viewer).values("id"))
        ),
        "recommendation": recommendations(viewer),
        "action_item": action_items(viewer),
        "update": updates(viewer),
    }
    clauses = [Q(subject_type__isnull=True), Q(subject_type__in=PUBLIC_SUBJECTS)]
    clauses += [
        Q(subject_type=kind, subject_id__in=Subquery(queryset.values("id")))
        for kind, queryset in restricted.items()
    ]
    return AuditEvent.filter(reduce(or_, clauses))


# The querysets by subject kind, for grants and audit lookups.
BY_KIND = {
    "meeting": meetings,
    "agenda_item": agenda_items,
    "minutes": minutes,
    "motion": motions,
    "decision": decisions,
    "agreement": agreements,
    "commitment": commitments,
    "recommendation": recommendations,
    "action_item": action_items,
    "update": updates,
}
