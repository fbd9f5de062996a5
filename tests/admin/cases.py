"""What each admin route answers, and to whom: one entry per route of server.admin.routes.

`denied` lists people who are signed in without the right, and the status the admin
answers them: 404 when they may not see the item (the API's NOT_FOUND), 403 when they
may see it but not do this (FORBIDDEN). `api` is the same request through GraphQL,
to check that both interfaces answer alike. `allowed` is someone with the right.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pyotp

from server.admin import enrolment
from tests.admin.helpers import PASSWORD, Setting
from tests.conftest import SECRET
from tests.graphql import gid
from tests.world import TODAY

Data = Callable[[Setting], dict[str, Any]]


@dataclass(frozen=True)
class Case:
    path: Callable[[Setting], str]
    allowed: str
    status: int = 200  # what `allowed` gets: 200 for a page, 303 after a change
    denied: tuple[tuple[str, int], ...] = ()
    data: Data | None = None
    api: tuple[str, Data] | None = None
    # Where the API answers otherwise, and why (a finding, reported, not a wish).
    api_differs: dict[str, str] | None = None
    public: bool = False  # the sign-in form: served to the signed-out
    changes: bool = True  # a POST that changes something (not so: the minutes preview)
    # Files sent with the form (multipart), as httpx takes them: {field: (name, bytes, type)}.
    files: Callable[[Setting], dict[str, Any]] | None = None


def enrol_form(person_id: int) -> dict[str, Any]:
    """The profile's two-factor set-up form as the page draws it, with the app's code."""
    secret = pyotp.random_base32()
    return {
        "state": "on",
        "enrolment": enrolment.form_token(SECRET, person_id, secret),
        "code": pyotp.TOTP(secret).now(),
    }


def at(template: str) -> Callable[[Setting], str]:
    """`/admin/meetings/{meeting}` with the setting's ids filled in."""
    return lambda s: "/admin" + template.format(**s.ids)


NODE = "query($id: ID!) { node(id: $id) { id } }"


def node(type_name: str, key: str) -> tuple[str, Data]:
    return NODE, lambda s: {"id": gid(type_name, s.ids[key])}


def mutation(field: str, signature: str, arguments: str, selection: str = "") -> str:
    return f"mutation({signature}) {{ {field}({arguments}) {selection} }}"


HIDDEN = ("participant", 404)  # signed in, but may not see a CONFIDENTIAL item
MEMBER_403 = ("member", 403)  # sees it (a member of the committee), may not act
NOT_ADMIN = ("participant", 403)  # platform admin's work
NOT_COMMS = ("participant", 403)  # the communications team's work
UNPUBLISHED = ("participant", 404)  # an unpublished update is the communications team's alone
MEMBER_404 = ("member", 404)  # a RESTRICTED item is the chair's and the named people's

CASES: dict[tuple[str, str], Case] = {
    # ---------------------------------------------------------------- signing in and out
    ("GET", "/sign-in"): Case(at("/sign-in"), allowed="participant", public=True),
    ("POST", "/sign-in"): Case(at("/sign-in"), allowed="participant", status=303, public=True),
    # The second step: nothing without a pending sign-in (a password checked a moment ago).
    ("GET", "/sign-in/code"): Case(at("/sign-in/code"), allowed="participant", public=True),
    ("POST", "/sign-in/code"): Case(
        at("/sign-in/code"), allowed="participant", data=lambda s: {"code": "123456"}, public=True
    ),
    ("GET", "/sign-in/two-factor"): Case(
        at("/sign-in/two-factor"), allowed="participant", public=True
    ),
    ("POST", "/sign-in/two-factor"): Case(
        at("/sign-in/two-factor"),
        allowed="participant",
        data=lambda s: {"code": "123456"},
        public=True,
    ),
    ("POST", "/sign-out"): Case(at("/sign-out"), allowed="participant", status=303),
    # A password from an emailed link, or asked for: served to the signed-out. A link's
    # page spends nothing; its form (and the forgot form) are refused without the token.
    ("GET", "/password/forgot"): Case(at("/password/forgot"), allowed="participant", public=True),
    ("POST", "/password/forgot"): Case(
        at("/password/forgot"),
        allowed="participant",
        data=lambda s: {"email": "member@example.org"},
        public=True,
    ),
    ("GET", "/password/reset/{token:str}"): Case(
        at("/password/reset/not-a-live-link"), allowed="participant", public=True
    ),
    ("POST", "/password/reset/{token:str}"): Case(
        at("/password/reset/not-a-live-link"),
        allowed="participant",
        data=lambda s: {"password": "a new password", "password_again": "a new password"},
        public=True,
    ),
    ("GET", "/invitation/{token:str}"): Case(
        at("/invitation/not-a-live-link"), allowed="participant", public=True
    ),
    ("POST", "/invitation/{token:str}"): Case(
        at("/invitation/not-a-live-link"),
        allowed="participant",
        data=lambda s: {"password": "a new password", "password_again": "a new password"},
        public=True,
    ),
    # ---------------------------------------------------------------- one's own account
    # Everyone signed in has one: nobody is denied, and nobody acts on another's here.
    ("GET", "/profile"): Case(at("/profile"), allowed="participant"),
    ("GET", "/profile/two-factor"): Case(at("/profile/two-factor"), allowed="participant"),
    ("POST", "/profile/password"): Case(
        at("/profile/password"),
        allowed="participant",
        status=303,
        data=lambda s: {
            "current_password": PASSWORD,
            "new_password": "a brand new password",
            "new_password_again": "a brand new password",
        },
    ),
    ("POST", "/profile/two-factor"): Case(
        at("/profile/two-factor"),
        allowed="participant",
        status=200,  # the recovery codes are in this answer, and nowhere else
        data=lambda s: enrol_form(s.person("participant")),
    ),
    # One's own language (issue 15): a full page again, in it.
    ("POST", "/profile/language"): Case(
        at("/profile/language"),
        allowed="participant",
        status=303,
        data=lambda s: {"language": "fr"},
    ),
    # One's own time zone (issue 15): the dashboard's times on one's own clocks.
    ("POST", "/profile/time-zone"): Case(
        at("/profile/time-zone"),
        allowed="participant",
        status=303,
        data=lambda s: {"time_zone": "Africa/Johannesburg"},
    ),
    ("GET", "/tokens"): Case(at("/tokens"), allowed="participant"),
    ("POST", "/tokens"): Case(
        at("/tokens"),
        allowed="participant",
        status=200,  # the token is in this answer, and nowhere else
        data=lambda s: {"read_only": "on"},
    ),
    ("POST", "/tokens/{token_id:int}/revoke"): Case(
        lambda s: f"/admin/tokens/{s.ids['participant_token']}/revoke",
        allowed="participant",
        status=303,
        # Someone else's token is not there for them, as in the API; an admin may revoke it.
        denied=(("member", 404), ("chair", 404)),
    ),
    ("GET", "/webhooks"): Case(at("/webhooks"), allowed="participant"),
    ("POST", "/webhooks"): Case(
        at("/webhooks"),
        allowed="participant",
        status=200,  # the secret is in this answer, and nowhere else
        data=lambda s: {"url": "https://93.184.216.34/indaba", "events": "MEETING_SCHEDULED"},
    ),
    ("POST", "/webhooks/{webhook_id:int}/delete"): Case(
        lambda s: f"/admin/webhooks/{s.ids['participant_webhook']}/delete",
        allowed="participant",
        status=303,
        # Someone else's webhook is not there for them, an admin's included, as in the API.
        denied=(("member", 404), ("admin", 404)),
        api=(
            "mutation($w: ID!) { deleteWebhook(webhookId: $w) }",
            lambda s: {"w": gid("Webhook", s.ids["participant_webhook"])},
        ),
    ),
    # ---------------------------------------------------------------- one's notifications
    ("GET", "/notifications"): Case(at("/notifications"), allowed="participant"),
    # Asked for without htmx (the way back from signing in again): the notifications page.
    ("GET", "/notifications/bell"): Case(
        at("/notifications/bell"), allowed="participant", status=303
    ),
    ("POST", "/notifications/read"): Case(
        at("/notifications/read"), allowed="participant", status=303
    ),
    ("POST", "/notifications/{notification_id:int}/read"): Case(
        lambda s: f"/admin/notifications/{s.ids['participant_notification']}/read",
        allowed="participant",
        status=303,
        # Someone else's notification is not there for them, nor for an admin (the API's
        # markNotificationsRead marks only one's own: another's id counts 0).
        denied=(("member", 404), ("admin", 404)),
    ),
    ("GET", "/notifications/preferences"): Case(
        at("/notifications/preferences"), allowed="participant"
    ),
    ("POST", "/notifications/preferences"): Case(
        at("/notifications/preferences"),
        allowed="participant",
        status=303,
        data=lambda s: {"MEETING_SCHEDULED": "digest", "BALLOT_OPENED": "none"},
    ),
    ("GET", "/"): Case(at("/"), allowed="participant"),
    # ---------------------------------------------------------------- meetings
    ("GET", "/meetings"): Case(at("/meetings"), allowed="participant"),
    ("POST", "/meetings"): Case(
        at("/meetings"),
        allowed="secretary",
        status=303,
        denied=(MEMBER_403, ("participant", 403)),
        data=lambda s: {
            "body_id": s.body("sc"),
            "title": "Extra meeting",
            "starts_at": "2031-03-01T09:00",
            "classification": "CONFIDENTIAL",
        },
        api=(
            mutation("scheduleMeeting", "$input: ScheduleMeetingInput!", "input: $input", "{ id }"),
            lambda s: {
                "input": {
                    "bodyId": gid("Committee", s.body("sc")),
                    "title": "Extra meeting",
                    "startsAt": "2031-03-01T09:00:00+00:00",
                    "classification": "CONFIDENTIAL",
                }
            },
        ),
    ),
    ("GET", "/meetings/{meeting_id:int}"): Case(
        at("/meetings/{meeting}"),
        allowed="member",
        denied=(HIDDEN,),
        api=node("Meeting", "meeting"),
    ),
    ("POST", "/meetings/{meeting_id:int}/agenda"): Case(
        at("/meetings/{meeting}/agenda"),
        allowed="secretary",
        status=303,
        denied=(MEMBER_403, HIDDEN),
        data=lambda s: {"title": "Any other business", "classification": "CONFIDENTIAL"},
        api=(
            mutation(
                "addAgendaItem",
                "$m: ID!, $input: AgendaItemInput!",
                "meetingId: $m, input: $input",
                "{ id }",
            ),
            lambda s: {
                "m": gid("Meeting", s.ids["meeting"]),
                "input": {"title": "Any other business", "classification": "CONFIDENTIAL"},
            },
        ),
    ),
    ("POST", "/meetings/{meeting_id:int}/attendance"): Case(
        at("/meetings/{meeting}/attendance"),
        allowed="secretary",
        status=303,
        denied=(MEMBER_403, HIDDEN),
        data=lambda s: {"person_id": s.person("member"), "status": "PRESENT"},
        api=(
            mutation(
                "recordAttendance",
                "$m: ID!, $e: [AttendanceInput!]!",
                "meetingId: $m, entries: $e",
                "{ id }",
            ),
            lambda s: {
                "m": gid("Meeting", s.ids["meeting"]),
                "e": [{"personId": gid("Person", s.person("member")), "status": "PRESENT"}],
            },
        ),
    ),
    ("POST", "/meetings/{meeting_id:int}/attendance/all"): Case(
        at("/meetings/{meeting}/attendance/all"),
        allowed="secretary",
        status=303,
        denied=(MEMBER_403, HIDDEN),
    ),
    ("POST", "/meetings/{meeting_id:int}/edit"): Case(
        at("/meetings/{meeting}/edit"),
        allowed="secretary",
        status=303,
        denied=(MEMBER_403, HIDDEN),
        data=lambda s: {"title": "Renamed meeting", "starts_at": "2031-03-01T09:00"},
        api=(
            mutation(
                "updateMeeting",
                "$m: ID!, $input: UpdateMeetingInput!",
                "meetingId: $m, input: $input",
                "{ id }",
            ),
            lambda s: {"m": gid("Meeting", s.ids["meeting"]), "input": {"title": "Renamed"}},
        ),
    ),
    ("POST", "/agenda-items/{agenda_item_id:int}/edit"): Case(
        at("/agenda-items/{agenda_item}/edit"),
        allowed="secretary",
        status=303,
        denied=(MEMBER_403, HIDDEN),
        data=lambda s: {"title": "Renamed item", "classification": "CONFIDENTIAL"},
        api=(
            mutation(
                "updateAgendaItem",
                "$a: ID!, $input: UpdateAgendaItemInput!",
                "agendaItemId: $a, input: $input",
                "{ id }",
            ),
            lambda s: {"a": gid("AgendaItem", s.ids["agenda_item"]), "input": {"title": "X"}},
        ),
    ),
    ("POST", "/agenda-items/{agenda_item_id:int}/move"): Case(
        at("/agenda-items/{agenda_item}/move"),
        allowed="secretary",
        status=303,
        denied=(MEMBER_403, HIDDEN),
        data=lambda s: {"position": "1"},
        api=(
            mutation("moveAgendaItem", "$a: ID!", "agendaItemId: $a, position: 1", "{ id }"),
            lambda s: {"a": gid("AgendaItem", s.ids["agenda_item"])},
        ),
    ),
    ("POST", "/agenda-items/{agenda_item_id:int}/remove"): Case(
        at("/agenda-items/{agenda_item}/remove"),
        allowed="secretary",
        status=303,
        denied=(MEMBER_403, HIDDEN),
        api=(
            mutation("removeAgendaItem", "$a: ID!", "agendaItemId: $a", "{ id }"),
            lambda s: {"a": gid("AgendaItem", s.ids["agenda_item"])},
        ),
    ),
    ("POST", "/meetings/{meeting_id:int}/minutes"): Case(
        at("/meetings/{meeting}/minutes"),
        allowed="secretary",
        status=303,
        denied=(MEMBER_403, HIDDEN),
        data=lambda s: {"content": "# Minutes\n\nOpened at nine.", "expected_version": "1"},
        api=(
            mutation(
                "saveMinutes",
                "$m: ID!, $c: String!, $v: Int",
                "meetingId: $m, content: $c, expectedVersion: $v",
                "{ version }",
            ),
            lambda s: {"m": gid("Meeting", s.ids["meeting"]), "c": "Minutes.", "v": 1},
        ),
    ),
    # The minutes as they would read: for those who keep them; nothing is saved.
    ("POST", "/meetings/{meeting_id:int}/minutes/preview"): Case(
        at("/meetings/{meeting}/minutes/preview"),
        allowed="secretary",
        denied=(MEMBER_403, HIDDEN),
        data=lambda s: {"content": "# Minutes\n\nOpened at nine."},
        changes=False,
    ),
    ("POST", "/meetings/{meeting_id:int}/status"): Case(
        at("/meetings/{meeting}/status"),
        allowed="secretary",
        status=303,
        denied=(MEMBER_403, HIDDEN),
        data=lambda s: {"status": "IN_PROGRESS"},
        api=(
            mutation(
                "setMeetingStatus",
                "$m: ID!, $s: MeetingStatus!",
                "meetingId: $m, status: $s",
                "{ status }",
            ),
            lambda s: {"m": gid("Meeting", s.ids["meeting"]), "s": "IN_PROGRESS"},
        ),
    ),
    ("POST", "/meetings/{meeting_id:int}/minutes/circulate"): Case(
        at("/meetings/{meeting}/minutes/circulate"),
        allowed="secretary",
        status=303,
        denied=(MEMBER_403, HIDDEN),
        api=(
            mutation("circulateMinutes", "$m: ID!", "meetingId: $m", "{ status }"),
            lambda s: {"m": gid("Meeting", s.ids["meeting"])},
        ),
    ),
    ("POST", "/meetings/{meeting_id:int}/minutes/approve"): Case(
        at("/meetings/{circulated_meeting}/minutes/approve"),
        allowed="chair",
        status=303,
        denied=(("secretary", 403), MEMBER_403, HIDDEN),
        api=(
            mutation("approveMinutes", "$m: ID!", "meetingId: $m", "{ status }"),
            lambda s: {"m": gid("Meeting", s.ids["circulated_meeting"])},
        ),
    ),
    # ---------------------------------------------------------------- motions and ballots
    ("POST", "/meetings/{meeting_id:int}/motions"): Case(
        at("/meetings/{meeting}/motions"),
        allowed="member",
        status=303,
        denied=(("observer", 403), HIDDEN),
        data=lambda s: {
            "title": "Fund the study",
            "text": "That the committee funds the study.",
            "voting_rule": "SIMPLE_MAJORITY",
            "classification": "CONFIDENTIAL",
        },
        api=(
            mutation("proposeMotion", "$input: ProposeMotionInput!", "input: $input", "{ id }"),
            lambda s: {
                "input": {
                    "meetingId": gid("Meeting", s.ids["meeting"]),
                    "title": "Fund the study",
                    "text": "That the committee funds the study.",
                    "votingRule": "SIMPLE_MAJORITY",
                    "secretBallot": False,
                    "classification": "CONFIDENTIAL",
                }
            },
        ),
    ),
    ("GET", "/motions/{motion_id:int}"): Case(
        at("/motions/{open_motion}"),
        allowed="member",
        denied=(HIDDEN,),
        api=node("Motion", "open_motion"),
    ),
    ("GET", "/motions/{motion_id:int}/tally"): Case(
        at("/motions/{open_motion}/tally"),
        allowed="member",
        denied=(HIDDEN,),
        api=node("Motion", "open_motion"),
    ),
    ("POST", "/motions/{motion_id:int}/open"): Case(
        at("/motions/{draft_motion}/open"),
        allowed="secretary",
        status=303,
        denied=(MEMBER_403, HIDDEN),
        api=(
            mutation("openVoting", "$m: ID!", "motionId: $m", "{ status }"),
            lambda s: {"m": gid("Motion", s.ids["draft_motion"])},
        ),
    ),
    ("POST", "/motions/{motion_id:int}/vote"): Case(
        at("/motions/{open_motion}/vote"),
        allowed="member",
        status=303,
        denied=(("secretary", 403), ("observer", 403), HIDDEN),
        data=lambda s: {"choice": "FOR"},
        api=(
            mutation("castVote", "$m: ID!", "motionId: $m, choice: FOR", "{ status }"),
            lambda s: {"m": gid("Motion", s.ids["open_motion"])},
        ),
    ),
    ("POST", "/motions/{motion_id:int}/votes"): Case(
        at("/motions/{open_motion}/votes"),
        allowed="secretary",
        status=303,
        denied=(MEMBER_403, HIDDEN),
        data=lambda s: {"person_id": s.person("member"), "choice": "AGAINST"},
        api=(
            mutation(
                "recordVote",
                "$m: ID!, $p: ID!",
                "motionId: $m, personId: $p, choice: AGAINST",
                "{ status }",
            ),
            lambda s: {
                "m": gid("Motion", s.ids["open_motion"]),
                "p": gid("Person", s.person("member")),
            },
        ),
    ),
    ("POST", "/motions/{motion_id:int}/close"): Case(
        at("/motions/{open_motion}/close"),
        allowed="secretary",
        status=303,
        denied=(MEMBER_403, HIDDEN),
        api=(
            mutation("closeVoting", "$m: ID!", "motionId: $m", "{ status }"),
            lambda s: {"m": gid("Motion", s.ids["open_motion"])},
        ),
    ),
    ("POST", "/motions/{motion_id:int}/withdraw"): Case(
        at("/motions/{draft_motion}/withdraw"),
        allowed="secretary",
        status=303,
        denied=(MEMBER_403, HIDDEN),
        api=(
            mutation("withdrawMotion", "$m: ID!", "motionId: $m", "{ status }"),
            lambda s: {"m": gid("Motion", s.ids["draft_motion"])},
        ),
    ),
    # ---------------------------------------------------------------- decisions
    ("GET", "/decisions"): Case(at("/decisions?q=decision"), allowed="participant"),
    ("POST", "/decisions"): Case(
        at("/decisions"),
        allowed="chair",
        status=303,
        denied=(MEMBER_403, ("participant", 403)),
        data=lambda s: {
            "committee_id": s.body("sc"),
            "title": "Round-robin resolution",
            "text": "Resolved by email.",
            "decided_on": TODAY.isoformat(),
            "classification": "INTERNAL",
        },
        api=(
            mutation("recordDecision", "$input: RecordDecisionInput!", "input: $input", "{ id }"),
            lambda s: {
                "input": {
                    "committeeId": gid("Committee", s.body("sc")),
                    "title": "Round-robin resolution",
                    "text": "Resolved by email.",
                    "decidedOn": TODAY.isoformat(),
                    "classification": "INTERNAL",
                }
            },
        ),
    ),
    ("GET", "/decisions/{decision_id:int}"): Case(
        at("/decisions/{decision}"),
        allowed="member",
        denied=(HIDDEN,),
        api=node("Decision", "decision"),
    ),
    ("POST", "/decisions/{decision_id:int}/supersede"): Case(
        at("/decisions/{decision}/supersede"),
        allowed="secretary",
        status=303,
        denied=(MEMBER_403, HIDDEN),
        data=lambda s: {
            "title": "Amended",
            "text": "The amended text.",
            "decided_on": TODAY.isoformat(),
            "classification": "CONFIDENTIAL",
        },
        api=(
            mutation("recordDecision", "$input: RecordDecisionInput!", "input: $input", "{ id }"),
            lambda s: {
                "input": {
                    "committeeId": gid("Committee", s.body("sc")),
                    "title": "Amended",
                    "text": "The amended text.",
                    "decidedOn": TODAY.isoformat(),
                    "classification": "CONFIDENTIAL",
                    "supersedesId": gid("Decision", s.ids["decision"]),
                }
            },
        ),
    ),
    ("POST", "/decisions/{decision_id:int}/revoke"): Case(
        at("/decisions/{decision}/revoke"),
        allowed="chair",
        status=303,
        denied=(MEMBER_403, HIDDEN),
        data=lambda s: {"reason": "Overtaken by events."},
        api=(
            mutation("revokeDecision", "$d: ID!", 'decisionId: $d, reason: "No."', "{ status }"),
            lambda s: {"d": gid("Decision", s.ids["decision"])},
        ),
    ),
    ("POST", "/decisions/{decision_id:int}/release"): Case(
        at("/decisions/{decision}/release"),
        allowed="secretary",
        status=303,
        denied=(MEMBER_403, HIDDEN),
        data=lambda s: {"release": "CLEARED_FOR_RELEASE"},
        api=(
            mutation(
                "setDecisionRelease",
                "$d: ID!",
                "decisionId: $d, release: CLEARED_FOR_RELEASE",
                "{ release }",
            ),
            lambda s: {"d": gid("Decision", s.ids["decision"])},
        ),
    ),
    # ---------------------------------------------------------------- agreements
    ("GET", "/agreements"): Case(at("/agreements"), allowed="participant"),
    ("POST", "/agreements"): Case(
        at("/agreements"),
        allowed="admin",
        status=303,
        denied=(MEMBER_403,),
        data=lambda s: {
            "reference": "MCPP-AGR-99",
            "title": "Water study",
            "classification": "INTERNAL",
            "governing_body_id": s.body("sc"),
            "party_0": s.org("party"),
            "role_0": "BENEFICIARY",
        },
        api=(
            mutation("createAgreement", "$input: CreateAgreementInput!", "input: $input", "{ id }"),
            lambda s: {
                "input": {
                    "reference": "MCPP-AGR-99",
                    "title": "Water study",
                    "classification": "INTERNAL",
                    "governingBodyId": gid("Committee", s.body("sc")),
                    "parties": [
                        {
                            "organizationId": gid("Organization", s.org("party")),
                            "role": "BENEFICIARY",
                        }
                    ],
                }
            },
        ),
    ),
    ("GET", "/agreements/{agreement_id:int}"): Case(
        at("/agreements/{agreement}"),
        allowed="party",
        denied=(HIDDEN,),
        api=node("Agreement", "agreement"),
    ),
    ("POST", "/agreements/{agreement_id:int}/status"): Case(
        at("/agreements/{agreement}/status"),
        allowed="secretary",
        status=303,
        denied=(("party", 403), MEMBER_403, HIDDEN),
        data=lambda s: {"status": "SUSPENDED"},
        api=(
            mutation(
                "transitionAgreement", "$a: ID!", "agreementId: $a, status: SUSPENDED", "{ id }"
            ),
            lambda s: {"a": gid("Agreement", s.ids["agreement"])},
        ),
    ),
    ("POST", "/agreements/{agreement_id:int}/commitments"): Case(
        at("/agreements/{agreement}/commitments"),
        allowed="chair",
        status=303,
        denied=(("party", 403), MEMBER_403, HIDDEN),
        data=lambda s: {
            "party_id": s.org("party"),
            "description": "Co-fund the pipeline.",
            "amount": "250000",
            "currency": "ZAR",
        },
        api=(
            mutation("addCommitment", "$input: AddCommitmentInput!", "input: $input", "{ id }"),
            lambda s: {
                "input": {
                    "agreementId": gid("Agreement", s.ids["agreement"]),
                    "partyId": gid("Organization", s.org("party")),
                    "description": "Co-fund the pipeline.",
                }
            },
        ),
    ),
    ("POST", "/commitments/{commitment_id:int}/status"): Case(
        at("/commitments/{commitment}/status"),
        allowed="party",
        status=303,
        denied=(MEMBER_403, HIDDEN),
        data=lambda s: {"status": "ON_TRACK"},
        api=(
            mutation(
                "updateCommitmentStatus", "$c: ID!", "commitmentId: $c, status: ON_TRACK", "{ id }"
            ),
            lambda s: {"c": gid("Commitment", s.ids["commitment"])},
        ),
    ),
    # ---------------------------------------------------------------- recommendations
    ("GET", "/recommendations"): Case(at("/recommendations"), allowed="participant"),
    ("POST", "/recommendations"): Case(
        at("/recommendations"),
        allowed="advisor",
        status=303,
        denied=(("participant", 403), ("chair", 403)),
        data=lambda s: {
            "board_id": s.body("pab"),
            "addressed_to_id": s.body("sc"),
            "title": "Metering",
            "text": "Install smart meters.",
            "classification": "INTERNAL",
        },
        api=(
            mutation(
                "draftRecommendation",
                "$input: DraftRecommendationInput!",
                "input: $input",
                "{ id }",
            ),
            lambda s: {
                "input": {
                    "boardId": gid("AdvisoryBoard", s.body("pab")),
                    "addressedToId": gid("Committee", s.body("sc")),
                    "title": "Metering",
                    "text": "Install smart meters.",
                    "classification": "INTERNAL",
                }
            },
        ),
    ),
    ("GET", "/recommendations/{recommendation_id:int}"): Case(
        at("/recommendations/{recommendation}"),
        allowed="advisor",
        denied=(HIDDEN,),
        api=node("Recommendation", "recommendation"),
    ),
    # No mutation edits a recommendation in the contract: the admin alone does (api=None).
    ("POST", "/recommendations/{recommendation_id:int}/edit"): Case(
        at("/recommendations/{draft_recommendation}/edit"),
        allowed="board_chair",
        status=303,
        # A board member who did not draft it sees it but does not edit it; until it is
        # submitted the committee's chair does not see it.
        denied=(("advisor", 403), ("chair", 404), HIDDEN),
        data=lambda s: {
            "title": "Draft recommendation, corrected",
            "text": "Still being written.",
            "addressed_to_id": s.body("sc"),
        },
    ),
    ("POST", "/recommendations/{recommendation_id:int}/submit"): Case(
        at("/recommendations/{draft_recommendation}/submit"),
        allowed="board_chair",
        status=303,
        # Until it is submitted only the board sees it: the committee's chair too gets 404.
        denied=(("advisor", 403), ("chair", 404), HIDDEN),
        api=(
            mutation("submitRecommendation", "$r: ID!", "recommendationId: $r", "{ status }"),
            lambda s: {"r": gid("Recommendation", s.ids["draft_recommendation"])},
        ),
    ),
    ("POST", "/recommendations/{recommendation_id:int}/withdraw"): Case(
        at("/recommendations/{recommendation}/withdraw"),
        allowed="board_chair",
        status=303,
        denied=(("advisor", 403), ("chair", 403), HIDDEN),
        api=(
            mutation("withdrawRecommendation", "$r: ID!", "recommendationId: $r", "{ status }"),
            lambda s: {"r": gid("Recommendation", s.ids["recommendation"])},
        ),
    ),
    ("POST", "/recommendations/{recommendation_id:int}/respond"): Case(
        at("/recommendations/{recommendation}/respond"),
        allowed="secretary",
        status=303,
        denied=(("advisor", 403), MEMBER_403, HIDDEN),
        data=lambda s: {"status": "ACCEPTED", "text": "Accepted with thanks."},
        api=(
            mutation(
                "respondToRecommendation",
                "$input: RespondToRecommendationInput!",
                "input: $input",
                "{ status }",
            ),
            lambda s: {
                "input": {
                    "recommendationId": gid("Recommendation", s.ids["recommendation"]),
                    "status": "ACCEPTED",
                    "text": "Accepted with thanks.",
                }
            },
        ),
    ),
    # ---------------------------------------------------------------- action items
    ("GET", "/action-items"): Case(at("/action-items"), allowed="participant"),
    ("POST", "/action-items"): Case(
        at("/action-items"),
        allowed="chair",
        status=303,
        denied=(MEMBER_403, ("participant", 403)),
        data=lambda s: {
            "committee_id": s.body("sc"),
            "title": "Send the report",
            "owner_person_id": s.person("member"),
            "classification": "INTERNAL",
        },
        api=(
            mutation(
                "createActionItem", "$input: CreateActionItemInput!", "input: $input", "{ id }"
            ),
            lambda s: {
                "input": {
                    "committeeId": gid("Committee", s.body("sc")),
                    "title": "Send the report",
                    "classification": "INTERNAL",
                }
            },
        ),
    ),
    # ---------------------------------------------------------------- results
    # No `api`: the GraphQL side of these kinds is another branch of issue 12's.
    ("GET", "/indicators"): Case(at("/indicators"), allowed="participant"),
    ("POST", "/indicators"): Case(
        at("/indicators"),
        allowed="secretary",
        status=303,
        denied=(MEMBER_403, ("participant", 403)),
        data=lambda s: {
            "body_id": s.body("sc"),
            "code": "SC-KPI-099",
            "name": "Revenue collected",
            "unit": "%",
            "direction": "MAINTAIN",
            "frequency": "MONTHLY",
            "target": "95",
            "classification": "CONFIDENTIAL",
        },
    ),
    ("GET", "/indicators/{indicator_id:int}"): Case(
        at("/indicators/{indicator}"), allowed="member", denied=(HIDDEN,)
    ),
    ("POST", "/indicators/{indicator_id:int}/measurements"): Case(
        at("/indicators/{indicator}/measurements"),
        # A party to the indicator's agreement reports its own figures.
        allowed="party",
        status=303,
        denied=(MEMBER_403, HIDDEN),
        data=lambda s: {
            "period_start": f"{TODAY.year - 1}-04-01",
            "period_end": f"{TODAY.year - 1}-06-30",
            "value": "48.5",
        },
    ),
    ("GET", "/action-plans"): Case(at("/action-plans"), allowed="participant"),
    ("POST", "/action-plans"): Case(
        at("/action-plans"),
        allowed="secretary",
        status=303,
        denied=(MEMBER_403, ("participant", 403)),
        data=lambda s: {
            "body_id": s.body("sc"),
            "title": "Second plan",
            "period_start": TODAY.isoformat(),
            "period_end": (TODAY + timedelta(days=90)).isoformat(),
            "classification": "CONFIDENTIAL",
        },
    ),
    ("GET", "/action-plans/{plan_id:int}"): Case(
        at("/action-plans/{plan}"), allowed="member", denied=(HIDDEN,)
    ),
    ("POST", "/action-plans/{plan_id:int}/status"): Case(
        at("/action-plans/{plan}/status"),
        allowed="secretary",
        status=303,
        denied=(MEMBER_403, HIDDEN),
        data=lambda s: {"status": "IN_PROGRESS"},
    ),
    ("POST", "/action-plans/{plan_id:int}/roll-over"): Case(
        at("/action-plans/{plan}/roll-over"),
        allowed="secretary",
        status=303,
        denied=(MEMBER_403, HIDDEN),
        data=lambda s: {"period_end": (TODAY + timedelta(days=150)).isoformat()},
    ),
    ("POST", "/action-plans/{plan_id:int}/reports"): Case(
        at("/action-plans/{plan}/reports"),
        allowed="secretary",
        status=303,
        # A member of the adopting committee, not of the monitoring one, does not report.
        denied=(MEMBER_403, HIDDEN),
        data=lambda s: {"period_end": TODAY.isoformat(), "summary": "Two of five done."},
    ),
    ("POST", "/action-plans/{plan_id:int}/actions"): Case(
        at("/action-plans/{plan}/actions"),
        allowed="secretary",
        status=303,
        denied=(MEMBER_403, HIDDEN),
        data=lambda s: {"title": "Open the bank account", "classification": "CONFIDENTIAL"},
    ),
    ("GET", "/bodies/{body_id:int}/monitoring"): Case(
        lambda s: f"/admin/bodies/{s.body('sc')}/monitoring", allowed="participant"
    ),
    ("POST", "/action-items/{item_id:int}/status"): Case(
        at("/action-items/{action_item}/status"),
        allowed="secretary",
        status=303,
        # Not HIDDEN: the participant's municipality owns the item, and owners see it.
        denied=(MEMBER_403, ("party", 404)),
        data=lambda s: {"status": "IN_PROGRESS"},
        api=(
            mutation(
                "updateActionItemStatus",
                "$a: ID!",
                "actionItemId: $a, status: IN_PROGRESS",
                "{ id }",
            ),
            lambda s: {"a": gid("ActionItem", s.ids["action_item"])},
        ),
    ),
    # ---------------------------------------------------------------- communications
    ("GET", "/updates"): Case(at("/updates"), allowed="participant"),
    ("POST", "/updates"): Case(
        at("/updates"),
        allowed="comms",
        status=303,
        denied=(NOT_COMMS, ("admin", 403)),
        data=lambda s: {"title": "Water restored", "body": "Supply is back."},
        api=(
            mutation("draftUpdate", "$input: DraftUpdateInput!", "input: $input", "{ id }"),
            lambda s: {"input": {"title": "Water restored", "body": "Supply is back."}},
        ),
    ),
    ("GET", "/updates/{update_id:int}"): Case(
        at("/updates/{draft_update}"),
        allowed="comms",
        denied=(("participant", 404),),
        api=node("Update", "draft_update"),
    ),
    ("POST", "/updates/{update_id:int}/edit"): Case(
        at("/updates/{draft_update}/edit"),
        allowed="comms",
        status=303,
        # Its author edits a draft; a second officer sees it but does not.
        denied=(("comms2", 403), UNPUBLISHED),
        data=lambda s: {"title": "Draft update, corrected", "body": "Not yet, still."},
        api=(
            mutation(
                "updateDraft", "$u: ID!", 'updateId: $u, input: {title: "Corrected"}', "{ title }"
            ),
            lambda s: {"u": gid("Update", s.ids["draft_update"])},
        ),
    ),
    ("POST", "/updates/{update_id:int}/return"): Case(
        at("/updates/{in_review_update}/return"),
        allowed="comms2",
        status=303,
        # A reviewer returns it: not its author, who sees it.
        denied=(("comms", 403), UNPUBLISHED),
        data=lambda s: {"reason": "Name the municipality."},
        api=(
            mutation("returnUpdate", "$u: ID!", 'updateId: $u, reason: "No."', "{ status }"),
            lambda s: {"u": gid("Update", s.ids["in_review_update"])},
        ),
    ),
    ("POST", "/updates/{update_id:int}/submit"): Case(
        at("/updates/{draft_update}/submit"),
        allowed="comms",
        status=303,
        denied=(UNPUBLISHED,),
        api=(
            mutation("submitUpdate", "$u: ID!", "updateId: $u", "{ status }"),
            lambda s: {"u": gid("Update", s.ids["draft_update"])},
        ),
    ),
    ("POST", "/updates/{update_id:int}/approve"): Case(
        at("/updates/{in_review_update}/approve"),
        allowed="comms2",
        status=303,
        # Its author may see it and is on the team, but a second officer approves.
        denied=(("comms", 403), UNPUBLISHED),
        api=(
            mutation("approveUpdate", "$u: ID!", "updateId: $u", "{ status }"),
            lambda s: {"u": gid("Update", s.ids["in_review_update"])},
        ),
    ),
    ("POST", "/updates/{update_id:int}/publish"): Case(
        at("/updates/{approved_update}/publish"),
        allowed="comms",
        status=303,
        denied=(UNPUBLISHED,),
        api=(
            mutation("publishUpdate", "$u: ID!", "updateId: $u", "{ status }"),
            lambda s: {"u": gid("Update", s.ids["approved_update"])},
        ),
    ),
    ("POST", "/updates/{update_id:int}/retract"): Case(
        at("/updates/{published_update}/retract"),
        allowed="comms2",
        status=303,
        denied=(NOT_COMMS,),
        data=lambda s: {"reason": "Published in error."},
        api=(
            mutation("retractUpdate", "$u: ID!", 'updateId: $u, reason: "No."', "{ status }"),
            lambda s: {"u": gid("Update", s.ids["published_update"])},
        ),
    ),
    # ---------------------------------------------------------------- people, organizations, bodies
    ("GET", "/people"): Case(at("/people"), allowed="participant"),
    ("POST", "/people"): Case(
        at("/people"),
        allowed="admin",
        status=303,
        denied=(NOT_ADMIN, ("chair", 403)),
        data=lambda s: {"name": "Nandi Zwane", "email": "nandi@example.org"},
        api=(
            mutation("createPerson", "$input: CreatePersonInput!", "input: $input", "{ id }"),
            lambda s: {"input": {"name": "Nandi Zwane", "email": "nandi@example.org"}},
        ),
    ),
    ("GET", "/people/{person_id:int}"): Case(
        lambda s: f"/admin/people/{s.person('member')}", allowed="participant"
    ),
    # An admin issues tokens for an integration account (for a person: never, see test_tokens).
    ("POST", "/people/{person_id:int}/tokens"): Case(
        lambda s: f"/admin/people/{s.ids['integration']}/tokens",
        allowed="admin",
        status=200,  # the token is in this answer, and nowhere else
        denied=(NOT_ADMIN, ("chair", 403)),
        api=(
            mutation("issueApiToken", "$p: ID!", "personId: $p", "{ token }"),
            lambda s: {"p": gid("Person", s.ids["integration"])},
        ),
    ),
    # Someone without a password yet: the admin sends the invitation again.
    ("POST", "/people/{person_id:int}/invitation"): Case(
        lambda s: f"/admin/people/{s.ids['invitee']}/invitation",
        allowed="admin",
        status=303,
        denied=(NOT_ADMIN, ("chair", 403)),
    ),
    ("POST", "/people/{person_id:int}/tokens/revoke"): Case(
        lambda s: f"/admin/people/{s.person('member')}/tokens/revoke",
        allowed="admin",
        status=303,
        denied=(NOT_ADMIN,),
        api=(
            mutation("revokeApiTokens", "$p: ID!", "personId: $p"),
            lambda s: {"p": gid("Person", s.person("member"))},
        ),
    ),
    ("GET", "/organizations"): Case(at("/organizations"), allowed="participant"),
    ("POST", "/organizations"): Case(
        at("/organizations"),
        allowed="admin",
        status=303,
        denied=(NOT_ADMIN,),
        data=lambda s: {"name": "Waterberg District", "kind": "MUNICIPALITY"},
        api=(
            mutation(
                "createOrganization", "$input: CreateOrganizationInput!", "input: $input", "{ id }"
            ),
            lambda s: {"input": {"name": "Waterberg District", "kind": "MUNICIPALITY"}},
        ),
    ),
    ("GET", "/bodies"): Case(at("/bodies"), allowed="participant"),
    ("POST", "/bodies"): Case(
        at("/bodies"),
        allowed="admin",
        status=303,
        denied=(NOT_ADMIN,),
        data=lambda s: {
            "name": "Water Working Group",
            "slug": "water-wg",
            "kind": "WORKING_GROUP",
            "quorum": "2",
        },
        api=(
            mutation("createBody", "$input: CreateBodyInput!", "input: $input", "{ id }"),
            lambda s: {
                "input": {
                    "name": "Water Working Group",
                    "slug": "water-wg",
                    "kind": "WORKING_GROUP",
                    "quorum": 2,
                }
            },
        ),
    ),
    ("GET", "/bodies/{body_id:int}"): Case(
        lambda s: f"/admin/bodies/{s.body('sc')}", allowed="participant"
    ),
    ("POST", "/bodies/{body_id:int}/edit"): Case(
        lambda s: f"/admin/bodies/{s.body('sc')}/edit",
        allowed="admin",
        status=303,
        # The committee's own chair sees the body (public) but does not change it.
        denied=(NOT_ADMIN, ("chair", 403)),
        data=lambda s: {
            "name": "Steering Committee",
            "mandate": "Steers the programme.",
            "quorum": "2",
            "time_zone": "Africa/Johannesburg",
        },
        api=(
            mutation("updateBody", "$b: ID!", "bodyId: $b, input: {quorum: 2}", "{ quorum }"),
            lambda s: {"b": gid("Committee", s.body("sc"))},
        ),
    ),
    ("POST", "/bodies/{body_id:int}/members"): Case(
        lambda s: f"/admin/bodies/{s.body('sc')}/members",
        allowed="admin",
        status=303,
        denied=(NOT_ADMIN, ("chair", 403)),
        data=lambda s: {
            "person_id": s.person("participant"),
            "role": "MEMBER",
            "voting_rights": "on",
            "start_date": TODAY.isoformat(),
        },
        api=(
            mutation("addMember", "$input: AddMemberInput!", "input: $input", "{ role }"),
            lambda s: {
                "input": {
                    "bodyId": gid("Committee", s.body("sc")),
                    "personId": gid("Person", s.person("participant")),
                    "role": "MEMBER",
                    "votingRights": True,
                    "startDate": TODAY.isoformat(),
                }
            },
        ),
    ),
    ("POST", "/bodies/{body_id:int}/members/end"): Case(
        lambda s: f"/admin/bodies/{s.body('sc')}/members/end",
        allowed="admin",
        status=303,
        denied=(NOT_ADMIN, ("chair", 403)),
        data=lambda s: {"person_id": s.person("observer"), "end_date": "2099-01-01"},
        api=(
            mutation(
                "endMembership",
                "$b: ID!, $p: ID!",
                'bodyId: $b, personId: $p, endDate: "2099-01-01"',
                "{ role }",
            ),
            lambda s: {
                "b": gid("Committee", s.body("sc")),
                "p": gid("Person", s.person("observer")),
            },
        ),
    ),
    # ---------------------------------------------------------------- people named on RESTRICTED items
    ("GET", "/grants/{kind:str}/{item_id:int}"): Case(
        at("/grants/meeting/{restricted_meeting}"),
        allowed="chair",
        # The named person sees the meeting, but names nobody; the admin role is no key to
        # content: an admin not named on it does not see it.
        denied=(("named", 403), ("admin", 404), MEMBER_404),
        api=node("Meeting", "restricted_meeting"),
    ),
    ("POST", "/grants/{kind:str}/{item_id:int}"): Case(
        at("/grants/meeting/{restricted_meeting}"),
        allowed="chair",
        status=303,
        denied=(("named", 403), ("admin", 404), MEMBER_404),
        data=lambda s: {"person_id": s.person("member")},
        api=(
            mutation("grantAccess", "$i: ID!, $p: ID!", "subjectId: $i, personId: $p"),
            lambda s: {
                "i": gid("Meeting", s.ids["restricted_meeting"]),
                "p": gid("Person", s.person("member")),
            },
        ),
    ),
    ("POST", "/grants/{kind:str}/{item_id:int}/revoke"): Case(
        at("/grants/meeting/{restricted_meeting}/revoke"),
        allowed="chair",
        status=303,
        denied=(("named", 403), ("admin", 404), MEMBER_404),
        data=lambda s: {"person_id": s.person("named")},
        api=(
            mutation("revokeAccess", "$i: ID!, $p: ID!", "subjectId: $i, personId: $p"),
            lambda s: {
                "i": gid("Meeting", s.ids["restricted_meeting"]),
                "p": gid("Person", s.person("named")),
            },
        ),
    ),
    # ---------------------------------------------------------------- documents
    ("GET", "/attachments/{kind:str}/{item_id:int}"): Case(
        at("/attachments/meeting/{meeting}"),
        allowed="member",
        denied=(HIDDEN,),
        api=node("Meeting", "meeting"),
    ),
    ("POST", "/attachments/{kind:str}/{item_id:int}"): Case(
        at("/attachments/meeting/{meeting}"),
        allowed="secretary",
        status=303,
        denied=(MEMBER_403, HIDDEN),
        data=lambda s: {"title": "Budget", "classification": "CONFIDENTIAL"},
        files=lambda s: {"file": ("budget.csv", b"item,amount\nwater,100\n", "text/csv")},
    ),
    ("POST", "/attachments/{kind:str}/{item_id:int}/remove"): Case(
        at("/attachments/meeting/{meeting}/remove"),
        allowed="secretary",
        status=303,
        denied=(MEMBER_403, HIDDEN),
        data=lambda s: {"document_id": s.ids["document"]},
        api=(
            mutation("removeDocument", "$d: ID!", "documentId: $d"),
            lambda s: {"d": gid("Document", s.ids["document"])},
        ),
    ),
}
