"""Reads: what a viewer may see, as one SQL filter per kind of item.

The policy says which relations read which classification; a kind's `Scope`
(declared with the kind, in permissions.kinds) says where its rows keep what that
looks at: the classification, the owning bodies' ids, the item relations
(permissions.relations). This module turns the two into one `WHERE`, and holds the
few read rules that are more than a scope (a board's drafts, open ballots,
published updates, the audit trail). Every list, count, search, nested field and
`node` lookup reads through these filters, so nothing a viewer may not see is ever
fetched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import reduce
from operator import or_
from typing import Any, TypeVar

from tortoise.expressions import Q, RawSQL, Subquery
from tortoise.models import Model
from tortoise.queryset import QuerySet

from governance.enums import Classification, RecommendationStatus, UpdateStatus
from governance.models import ApiToken, AuditEvent, Motion, Notification, Update, Vote, Webhook
from permissions.policy import current_policy
from permissions.relations import Relation, q
from permissions.viewer import Viewer

NOTHING = Q(id__isnull=True)  # primary keys are never null: matches no row
EVERYTHING = Q()

BODY_RELATIONS = frozenset(
    ("member", "voting_member", "chair", "deputy_chair", "secretary", "observer")
)


@dataclass(frozen=True)
class Scope:
    """Where a kind of item keeps what the read rules look at."""

    classification: str | None = None  # path to the classification; None: anyone reads
    bodies: tuple[str, ...] = ()  # paths to the owning bodies' ids
    relations: tuple[Relation, ...] = ()  # item relations a viewer can hold on a row
    unless_null: str | None = None  # a path where null means the scope does not apply

    def through(self, link: str) -> Scope:
        """The same rules read from a row that points at this kind through `link`
        (the minutes of a meeting read as their meeting)."""
        return Scope(
            f"{link}__{self.classification}" if self.classification else None,
            tuple(f"{link}__{path}" for path in self.bodies),
            tuple(relation.through(link) for relation in self.relations),
        )

    def optional(self, path: str) -> Scope:
        return replace(self, unless_null=path)

    def holding(self, viewer: Viewer, relation: str) -> Q | None:
        """The rows on which the viewer holds an item relation; None when on none."""
        return _any(
            condition
            for held in self.relations
            if held.name == relation and (condition := held.where(viewer)) is not None
        )


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
    return scope.holding(viewer, relation)


def classified(viewer: Viewer, scope: Scope) -> Q:
    """Rows whose classification some relation of the viewer's lets them read."""
    if scope.classification is None:
        return EVERYTHING
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
        conditions = [q(f"{path}__in", bodies) for path in scope.bodies] if bodies else []
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
        at_level = q(scope.classification, level)
        clauses.append(
            at_level if conditions == [EVERYTHING] else at_level & reduce(or_, conditions)
        )
    where = _any(clauses) or NOTHING
    if scope.unless_null is not None:
        return q(f"{scope.unless_null}__isnull", True) | where
    return where


# ------------------------------------------------------------------ rules beyond one scope


def board_first(viewer: Viewer, scope: Scope) -> Q:
    """A recommendation is the board's alone until submitted; after that its
    classification decides."""
    unsubmitted = Q(status=RecommendationStatus.DRAFT) | Q(
        status=RecommendationStatus.WITHDRAWN, submitted_at__isnull=True
    )
    board_bodies = sorted(viewer.bodies_with("member"))
    clauses = [~unsubmitted & classified(viewer, scope)]
    if board_bodies:
        clauses.append(unsubmitted & Q(board_id__in=board_bodies))
    return reduce(or_, clauses)


def open_ballots(motions: QuerySet[Motion]) -> QuerySet[Vote]:
    """Individual ballots of open (not secret) votes on the motions given (those seen).

    The motion subquery names each ballot's own motion (it is correlated): reading the
    ballots of a few motions looks up those motions by primary key, instead of listing
    every motion the viewer may see first (30,000 rows read for the ballots of 3)."""
    own_motion = RawSQL(f'"{Vote._meta.db_table}"."motion_id"')
    shown = motions.filter(secret_ballot=False, id=own_motion)
    return Vote.filter(motion_id__in=Subquery(shown.values("id")))


def published_or_team(viewer: Viewer) -> QuerySet[Update]:
    """Published updates are public; the others belong to the communications team."""
    if current_policy().allows_any(viewer.global_relations(), "unpublished_update", "read"):
        return Update.all()
    return Update.filter(status=UpdateStatus.PUBLISHED)


M = TypeVar("M", bound=Model)


def _owned(model: type[M], viewer: Viewer) -> QuerySet[M]:
    """The rows of `model` that are the viewer's own (its `person_id`); none for the public."""
    if viewer.person_id is None:
        return model.filter(NOTHING)
    return model.filter(person_id=viewer.person_id)


def own_tokens(viewer: Viewer) -> QuerySet[ApiToken]:
    """The viewer's tokens that were not revoked (expired ones included)."""
    return _owned(ApiToken, viewer).filter(revoked_at__isnull=True)


def own_webhooks(viewer: Viewer) -> QuerySet[Webhook]:
    """A webhook is its owner's alone: an admin does not read another's either (its URL
    may carry a partner's credentials)."""
    return _owned(Webhook, viewer)


def own_notifications(viewer: Viewer) -> QuerySet[Notification]:
    """A notification is its recipient's alone: nobody else reads it, an admin neither."""
    return _owned(Notification, viewer)


def can_read_audit(viewer: Viewer) -> bool:
    return current_policy().allows_any(viewer.global_relations(), "audit_event", "read")


def audit_trail(
    viewer: Viewer, public: Iterable[str], seen: dict[str, QuerySet[Any]]
) -> QuerySet[AuditEvent]:
    """For admins: events about items they may themselves see, and no others: about
    kinds anyone reads (`public`), or about the rows of each kind in `seen`."""
    if not can_read_audit(viewer):
        return AuditEvent.filter(NOTHING)
    clauses = [Q(subject_type__isnull=True), Q(subject_type__in=sorted(public))]
    clauses += [
        Q(subject_type=kind, subject_id__in=Subquery(queryset.values("id")))
        for kind, queryset in seen.items()
    ]
    return AuditEvent.filter(reduce(or_, clauses))
