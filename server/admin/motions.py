"""Motions: propose, open the ballot, record each member's vote, close, and see the outcome."""

from __future__ import annotations

from typing import Any, cast

from starlette.responses import Response

from governance import ballots, voting_rules
from governance.constituencies import constituency_parts
from governance.enums import Classification, MemberRole, VoteChoice, VotingRule
from governance.guards import found
from governance.lifecycles import MOTION
from governance.models import Body, Decision, EligibleVoter, Meeting, Motion, Person, Vote
from permissions import visible
from server.admin import forms
from server.admin.pages import Admin
from server.i18n import gettext as _
from server.labels import label

PAGE = "admin/motion.html"
ROLE_ORDER = list(MemberRole)


async def propose(admin: Admin) -> Response:
    form = await admin.form()
    motion = await ballots.propose_motion(
        admin.viewer,
        meeting_id=admin.path_id("meeting_id"),
        agenda_item_id=forms.optional_number(form, "agenda_item_id", _("an agenda item")),
        title=forms.text(form, "title"),
        text=forms.text(form, "text"),
        proposer_id=forms.optional_number(form, "proposer_id", _("the proposer")),
        seconder_id=forms.optional_number(form, "seconder_id", _("the seconder")),
        voting_rule=forms.choice(form, "voting_rule", VotingRule, _("a voting rule")),
        secret_ballot=forms.checked(form, "secret_ballot"),
        classification=forms.choice(form, "classification", Classification),
        require_each_constituency=forms.checked(form, "require_each_constituency"),
    )
    return admin.go(admin.url("motion", motion_id=motion.id))


async def motion_context(admin: Admin, motion_id: int) -> dict[str, Any]:
    viewer = admin.viewer
    motion = await found(visible(viewer, Motion), motion_id, "motion")
    meeting = await Meeting.get(id=motion.meeting_id)  # seen: a motion shows only where it may
    body = await Body.get(id=meeting.body_id)
    moves = MOTION.actions(motion)  # what the motion's status allows now, whoever asks
    if "open" in moves:
        # Who would vote, were it opened now, and their seats' constituencies.
        seats = await voting_rules.roll_constituencies(meeting)
    else:  # the roll frozen when voting opened
        frozen = EligibleVoter.filter(motion_id=motion.id).values_list("person_id", "constituency")
        seats = dict(cast(list[tuple[int, str | None]], await frozen))
    people = {p.id: p for p in await Person.filter(id__in=list(seats))}
    voters = sorted(people.values(), key=lambda p: p.name.lower())
    # Who voted how: never for a secret ballot (the read rule of votes leaves those out).
    shown = await visible(viewer, Vote).filter(motion_id=motion.id)
    votes = {v.voter_id: v.choice for v in shown}
    # A ballot is the voter's: no buttons to record over a vote the member cast themself.
    own = {v.voter_id for v in shown if ballots.cast_by_voter(v)}
    tally = voting_rules.tally(
        motion,
        await ballots.count_votes(motion.id),
        (await voting_rules.motion_rolls([motion]))[motion.id],
        body.quorum,
        # One row per constituency (none unless the motion requires each to agree).
        (await constituency_parts([motion])).get(motion.id, []),
    )
    may = await admin.may(motion, "open", "close", "withdraw", "record_vote", "vote")
    return {
        "section": "meetings",
        "motion": motion,
        "meeting": meeting,
        "body": body,
        "voters": voters,
        "seats": seats,
        "votes": votes,
        "own": own,
        "sealed": voting_rules.sealed(motion),
        "tally": tally,
        "proposer": await Person.get_or_none(id=motion.proposer_id) if motion.proposer_id else None,
        "seconder": await Person.get_or_none(id=motion.seconder_id) if motion.seconder_id else None,
        "decision": await visible(viewer, Decision).filter(motion_id=motion.id).first(),
        "eligible_me": admin.person_id in people,
        "moves": moves,
        "may": {
            # What the motion's status allows now, and this viewer may do.
            "open": "open" in moves and may["open"],
            "close": "close" in moves and may["close"],
            "withdraw": "withdraw" in moves and may["withdraw"],
            "record": "vote" in moves and may["record_vote"],
            "vote": "vote" in moves and may["vote"],
            "name": motion.classification == Classification.RESTRICTED
            and await admin.can("manage", "access_grant", on=motion),
        },
    }


async def show(admin: Admin) -> Response:
    return admin.render(PAGE, await motion_context(admin, admin.path_id("motion_id")))


async def tally(admin: Admin) -> Response:
    """The live tally, polled while the ballot is open."""
    context = await motion_context(admin, admin.path_id("motion_id"))
    return admin.render(PAGE, context, fragment="tally")


async def open_voting(admin: Admin) -> Response:
    motion_id = admin.path_id("motion_id")
    await ballots.open_voting(admin.viewer, motion_id=motion_id)
    return await admin.done(
        PAGE,
        lambda: motion_context(admin, motion_id),
        fragment="content",
        redirect=admin.url("motion", motion_id=motion_id),
        message=_("Voting is open."),
    )


async def record_vote(admin: Admin) -> Response:
    """The secretary records a vote given in the room: one click per member."""
    motion_id = admin.path_id("motion_id")
    form = await admin.form()
    person_id = forms.number(form, "person_id", _("a member"))
    choice = forms.choice(form, "choice", VoteChoice, _("for, against or abstain"))
    motion = await ballots.record_vote(
        admin.viewer, motion_id=motion_id, person_id=person_id, choice=choice
    )
    person = await Person.get(id=person_id)
    what = _("a ballot") if motion.secret_ballot else f"“{label(choice).lower()}”"
    return await admin.done(
        PAGE,
        lambda: motion_context(admin, motion_id),
        fragment="ballot",
        redirect=admin.url("motion", motion_id=motion_id),
        message=_("Recorded %(what)s for %(name)s.") % {"what": what, "name": person.name},
    )


async def cast_vote(admin: Admin) -> Response:
    motion_id = admin.path_id("motion_id")
    form = await admin.form()
    choice = forms.choice(form, "choice", VoteChoice, _("for, against or abstain"))
    await ballots.cast_vote(admin.viewer, motion_id=motion_id, choice=choice)
    return await admin.done(
        PAGE,
        lambda: motion_context(admin, motion_id),
        fragment="ballot",
        redirect=admin.url("motion", motion_id=motion_id),
        message=_("Your vote is recorded; vote again before closing to change it."),
    )


async def close_voting(admin: Admin) -> Response:
    motion_id = admin.path_id("motion_id")
    motion = await ballots.close_voting(admin.viewer, motion_id=motion_id)
    decision = await visible(admin.viewer, Decision).filter(motion_id=motion.id).first()
    outcome = label(motion.outcome or motion.status).lower()
    message = _("Voting closed: %(outcome)s.") % {"outcome": outcome}
    if decision:
        message += " " + _("Recorded as decision %(reference)s.") % {
            "reference": decision.reference
        }
    return await admin.done(
        PAGE,
        lambda: motion_context(admin, motion_id),
        fragment="content",
        redirect=admin.url("motion", motion_id=motion_id),
        message=message,
    )


async def withdraw(admin: Admin) -> Response:
    motion_id = admin.path_id("motion_id")
    await ballots.withdraw_motion(admin.viewer, motion_id=motion_id)
    return await admin.done(
        PAGE,
        lambda: motion_context(admin, motion_id),
        fragment="content",
        redirect=admin.url("motion", motion_id=motion_id),
        message=_("The motion is withdrawn."),
    )
