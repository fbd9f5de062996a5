"""Each kind's status machine, declared once: which action moves a row from which statuses to which.

The services move rows only through these (governance.lifecycle makes the moves), and the
admin draws its buttons from them: this file is the one statement of which moves exist.
"""

from __future__ import annotations

from governance.enums import (
    ActionPlanStatus,
    ActionStatus,
    AgreementStatus,
    CommitmentStatus,
    DecisionStatus,
    MeetingStatus,
    MinutesStatus,
    MotionStatus,
    RecommendationStatus,
    ReleaseStatus,
    UpdateStatus,
)
from governance.errors import N_
from governance.lifecycle import Lifecycle, Move, each
from governance.models import (
    ActionItem,
    ActionPlan,
    Agreement,
    Commitment,
    Decision,
    Meeting,
    Minutes,
    Motion,
    Recommendation,
    Update,
)

_Motion = MotionStatus
MOTION = Lifecycle(
    N_("motion"),
    Motion,
    MotionStatus,
    (
        Move("open", {_Motion.DRAFT}, _Motion.OPEN, N_("be opened for voting")),
        Move("vote", {_Motion.OPEN}, None, N_("be voted on")),  # locks the open ballot
        Move("close", {_Motion.OPEN}, _Motion.CLOSED, N_("be closed")),
        Move("withdraw", {_Motion.DRAFT, _Motion.OPEN}, _Motion.WITHDRAWN, N_("be withdrawn")),
    ),
)

_Meeting = MeetingStatus
# SCHEDULED → IN_PROGRESS ⇄ ADJOURNED; SCHEDULED ⇄ CANCELLED (a cancellation can be undone
# before the meeting is held). The admin draws the buttons in this order.
MEETING = Lifecycle(
    N_("meeting"),
    Meeting,
    MeetingStatus,
    (
        Move("open", {_Meeting.SCHEDULED}, _Meeting.IN_PROGRESS),
        Move("adjourn", {_Meeting.IN_PROGRESS}, _Meeting.ADJOURNED),
        Move("resume", {_Meeting.ADJOURNED}, _Meeting.IN_PROGRESS),
        Move("cancel", {_Meeting.SCHEDULED}, _Meeting.CANCELLED),
        Move("reinstate", {_Meeting.CANCELLED}, _Meeting.SCHEDULED),
    ),
)

# Corrections to a meeting that leave its status as it is (governance.meeting_corrections):
# its particulars while it is still to be held or being held, and an item off the agenda
# only before it starts. Each move only locks the row, so the refusal says why.
MEETING_CORRECTIONS = Lifecycle(
    N_("meeting"),
    Meeting,
    MeetingStatus,
    (
        Move("correct", {_Meeting.SCHEDULED, _Meeting.IN_PROGRESS}, None, N_("be corrected")),
        Move("remove_item", {_Meeting.SCHEDULED}, None, N_("have an agenda item removed")),
    ),
)

_Minutes = MinutesStatus
# DRAFT → CIRCULATED → APPROVED; approved minutes are frozen. Changing circulated minutes
# makes them a draft again: they must be circulated again before approval.
MINUTES = Lifecycle(
    N_("minutes"),
    Minutes,
    MinutesStatus,
    (
        Move("edit", {_Minutes.DRAFT, _Minutes.CIRCULATED}, _Minutes.DRAFT, N_("be changed")),
        Move("circulate", {_Minutes.DRAFT}, _Minutes.CIRCULATED, N_("be circulated")),
        Move("approve", {_Minutes.CIRCULATED}, _Minutes.APPROVED, N_("be approved")),
    ),
    plural=True,
)

_Decision = DecisionStatus
IN_FORCE = frozenset({_Decision.IN_FORCE, _Decision.AMENDED})
# The text never changes: a decision in force is superseded by a new one, or revoked.
DECISION = Lifecycle(
    N_("decision"),
    Decision,
    DecisionStatus,
    (
        Move("supersede", IN_FORCE, _Decision.SUPERSEDED, N_("be superseded")),
        Move("revoke", IN_FORCE, _Decision.REVOKED, N_("be revoked")),
    ),
    names={IN_FORCE: N_("in force")},
)

_Release = ReleaseStatus
RELEASE = Lifecycle(
    N_("decision"),
    Decision,
    ReleaseStatus,
    (
        Move("clear", {_Release.NOT_FOR_RELEASE}, _Release.CLEARED_FOR_RELEASE),
        Move("withhold", {_Release.CLEARED_FOR_RELEASE}, _Release.NOT_FOR_RELEASE),
    ),
    column="release",
)

_Agreement = AgreementStatus
# DRAFT → NEGOTIATION → SIGNED → ACTIVE ⇄ SUSPENDED → EXPIRED or TERMINATED.
AGREEMENT = Lifecycle(
    N_("agreement"),
    Agreement,
    AgreementStatus,
    (
        Move("negotiate", {_Agreement.DRAFT}, _Agreement.NEGOTIATION),
        Move("sign", {_Agreement.NEGOTIATION}, _Agreement.SIGNED),
        Move("activate", {_Agreement.SIGNED}, _Agreement.ACTIVE),
        Move("suspend", {_Agreement.ACTIVE}, _Agreement.SUSPENDED),
        Move("resume", {_Agreement.SUSPENDED}, _Agreement.ACTIVE),
        *each("expire", (_Agreement.ACTIVE, _Agreement.SUSPENDED), _Agreement.EXPIRED),
        *each("terminate", (_Agreement.ACTIVE, _Agreement.SUSPENDED), _Agreement.TERMINATED),
    ),
)

# Any status to any: a party's report is never refused, and the last one stands.
COMMITMENT = Lifecycle(
    N_("commitment"),
    Commitment,
    CommitmentStatus,
    tuple(Move("report", CommitmentStatus, status) for status in CommitmentStatus),
)

_Rec = RecommendationStatus
# The board edits a draft, submits or withdraws it (before a response); the addressed
# committee answers.
RECOMMENDATION = Lifecycle(
    N_("recommendation"),
    Recommendation,
    RecommendationStatus,
    (
        Move("edit", {_Rec.DRAFT}, None, N_("be edited")),
        Move("submit", {_Rec.DRAFT}, _Rec.SUBMITTED, N_("be submitted")),
        Move(
            "withdraw",
            {_Rec.DRAFT, _Rec.SUBMITTED, _Rec.UNDER_REVIEW},
            _Rec.WITHDRAWN,
            N_("be withdrawn"),
        ),
        *each("respond", (_Rec.SUBMITTED,), _Rec.UNDER_REVIEW),
        *each(
            "respond",
            (_Rec.SUBMITTED, _Rec.UNDER_REVIEW),
            _Rec.ACCEPTED,
            _Rec.PARTIALLY_ACCEPTED,
            _Rec.REJECTED,
        ),
        *each("respond", (_Rec.ACCEPTED, _Rec.PARTIALLY_ACCEPTED), _Rec.IMPLEMENTED),
    ),
)

_Action = ActionStatus
# The owner reports any status until the item is DONE or CANCELLED.
ACTION_ITEM = Lifecycle(
    N_("action item"),
    ActionItem,
    ActionStatus,
    each("report", (_Action.OPEN, _Action.IN_PROGRESS, _Action.BLOCKED), *ActionStatus),
)

_Update = UpdateStatus
# DRAFT → IN_REVIEW → APPROVED (by a second officer) → PUBLISHED → RETRACTED; a reviewer
# may return an update under review to its author, who edits it while it is a draft.
UPDATE = Lifecycle(
    N_("update"),
    Update,
    UpdateStatus,
    (
        Move("edit", {_Update.DRAFT}, None, N_("be edited")),
        Move("submit", {_Update.DRAFT}, _Update.IN_REVIEW, N_("be submitted for review")),
        Move("return", {_Update.IN_REVIEW}, _Update.DRAFT, N_("be returned to its author")),
        Move("approve", {_Update.IN_REVIEW}, _Update.APPROVED, N_("be approved")),
        Move("publish", {_Update.APPROVED}, _Update.PUBLISHED, N_("be published")),
        Move("retract", {_Update.PUBLISHED}, _Update.RETRACTED, N_("be retracted")),
    ),
)

_Plan = ActionPlanStatus
# DRAFT → ADOPTED → IN_PROGRESS → COMPLETED → CLOSED; a plan adopted or under way may also
# be closed early (a roll-over closes it and opens the next). Each from-status is a move of
# its own: of two officers moving one plan at once, the second is told it changed.
ACTION_PLAN = Lifecycle(
    N_("action plan"),
    ActionPlan,
    ActionPlanStatus,
    (
        *each("transition", (_Plan.DRAFT,), _Plan.ADOPTED),
        *each("transition", (_Plan.ADOPTED,), _Plan.IN_PROGRESS),
        *each("transition", (_Plan.IN_PROGRESS,), _Plan.COMPLETED),
        *each("transition", (_Plan.ADOPTED, _Plan.IN_PROGRESS, _Plan.COMPLETED), _Plan.CLOSED),
        Move(
            "roll_over",
            {_Plan.ADOPTED, _Plan.IN_PROGRESS, _Plan.COMPLETED},
            _Plan.CLOSED,
            N_("be rolled over"),
        ),
        # Reported on once adopted, and after it is closed (a final report); only locks it.
        Move(
            "report",
            {_Plan.ADOPTED, _Plan.IN_PROGRESS, _Plan.COMPLETED, _Plan.CLOSED},
            None,
            N_("be reported on"),
        ),
    ),
)

# The nouns refusals name things with beside the lifecycles' own, for the catalogs: those
# of guards.found and of permissions' kinds ("No agenda item with that id.").
WORDS = (
    N_("agenda item"),
    N_("action plan"),
    N_("document"),
    N_("indicator"),
)
