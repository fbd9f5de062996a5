"""The meeting room, replayed: each meeting scheduled with its agenda, opened, attended and
adjourned; motions tabled, put to the vote, cast and closed; the minutes written from what
the meeting recorded, circulated and approved.

The body's secretary keeps the record (and tables each motion, naming its proposer and
seconder, so that whoever may see the meeting's closed session sees its motions), members
cast their own ballots, the chair approves the minutes.
"""

from __future__ import annotations

from datetime import timedelta

from babel.dates import format_date

from demo.bodies import LANGUAGES, chair_of, secretary_of
from demo.meetings import MEETINGS, MeetingSpec
from demo.motions import MOTIONS, MotionSpec
from demo.register import DECISIONS, DecisionSpec
from demo.replay import Replay
from demo.timeline import Step
from governance import ballots, meetings
from governance.enums import (
    AttendanceStatus,
    Classification,
    MeetingStatus,
    MinutesStatus,
    MotionStatus,
    VoteChoice,
)
from governance.models import AgendaItem, Attendance, Decision, Membership, Motion
from governance.models.bodies import in_force_on

LENGTH = timedelta(hours=3)
HELD = (MeetingStatus.IN_PROGRESS, MeetingStatus.ADJOURNED)

# The words of the minutes, in the language the body keeps its record in (demo.bodies).
MINUTES_WORDS = {
    "en": {
        "draft": "> Draft {version}, for comment.",
        "present": "**Present:** {names}.",
        "apologies": "**Apologies:** {names}.",
        "noted": "Noted.",
        "motion": "- Motion *{title}*: {outcome}.",
        "ADOPTED": "adopted",
        "REJECTED": "rejected",
        "NO_QUORUM": "no quorum",
        "open": "voting open",
        "closed": "The committee met in closed session; that part is recorded separately.",
    },
    "fr": {
        "draft": "> Projet n° {version}, pour observations.",
        "present": "**Présents :** {names}.",
        "apologies": "**Excusés :** {names}.",
        "noted": "Pris acte.",
        "motion": "- Motion *{title}* : {outcome}.",
        "ADOPTED": "adoptée",
        "REJECTED": "rejetée",
        "NO_QUORUM": "quorum non atteint",
        "open": "vote en cours",
        "closed": "L'instance a siégé à huis clos ; cette partie fait l'objet d'un procès-verbal "
        "distinct.",
    },
}


def plan_meeting_room(demo: Replay) -> None:
    for spec in MEETINGS:
        _plan_meeting(demo, spec)
    decided = {d.motion: d for d in DECISIONS if isinstance(d.motion, str)}
    for motion in MOTIONS:
        _plan_motion(demo, motion, decided.get(motion.key))


def _plan_meeting(demo: Replay, spec: MeetingSpec) -> None:
    timeline = demo.timeline
    starts = timeline.at(spec.day, spec.hour)
    secretary = secretary_of(spec.body)

    async def schedule() -> None:
        viewer = await demo.viewer(secretary)
        meeting = await meetings.schedule_meeting(
            viewer,
            body_id=demo.bodies[spec.body].id,
            title=spec.title,
            starts_at=starts,
            ends_at=starts + LENGTH,
            location=spec.location,
            classification=spec.classification,
        )
        demo.meetings[spec.key] = meeting
        for position, (title, description, classification) in enumerate(spec.agenda, 1):
            demo.items[spec.key, position] = await meetings.add_agenda_item(
                viewer,
                meeting_id=meeting.id,
                title=title,
                description=description or None,
                classification=classification,
            )

    async def open_and_take_attendance() -> None:
        viewer = await demo.viewer(secretary)
        meeting = demo.meetings[spec.key]
        await meetings.set_meeting_status(
            viewer, meeting_id=meeting.id, status=MeetingStatus.IN_PROGRESS
        )
        # Everyone who is a member on the day (the rule's own reading), present unless not.
        members = await Membership.filter(
            in_force_on(starts.date()), body_id=meeting.body_id
        ).order_by("id")
        away = {demo.people[key].id: status for key, status in spec.absent}
        if unknown := set(away) - {m.person_id for m in members}:
            raise ValueError(f"{spec.key}: people away who are not members that day: {unknown}")
        await meetings.record_attendance(
            viewer,
            meeting_id=meeting.id,
            entries=[
                (m.person_id, away.get(m.person_id, AttendanceStatus.PRESENT)) for m in members
            ],
        )

    async def adjourn() -> None:
        await meetings.set_meeting_status(
            await demo.viewer(secretary),
            meeting_id=demo.meetings[spec.key].id,
            status=MeetingStatus.ADJOURNED,
        )

    timeline.add(timeline.at(spec.day - spec.notice, 9), schedule)
    if spec.status in HELD:
        timeline.add(starts, open_and_take_attendance)
    if spec.status == MeetingStatus.ADJOURNED:
        timeline.add(starts + LENGTH, adjourn)
    if spec.minutes is None:
        return
    for version in range(1, spec.versions + 1):
        saved = starts + timedelta(days=version - 1, hours=2)
        timeline.add(saved, _save_minutes(demo, spec, version))

    async def circulate() -> None:
        meeting_id = demo.meetings[spec.key].id
        await meetings.circulate_minutes(await demo.viewer(secretary), meeting_id=meeting_id)

    async def approve() -> None:
        meeting_id = demo.meetings[spec.key].id
        chair = await demo.viewer(chair_of(spec.body))
        await meetings.approve_minutes(chair, meeting_id=meeting_id)

    if spec.minutes != MinutesStatus.DRAFT:
        timeline.add(timeline.at(spec.day + 3, 10), circulate)
    if spec.minutes == MinutesStatus.APPROVED:
        timeline.add(timeline.at(spec.day + 14, 10), approve)


def _save_minutes(demo: Replay, spec: MeetingSpec, version: int) -> Step:
    async def step() -> None:
        text = await minutes_text(demo, spec)
        if version < spec.versions:
            draft = MINUTES_WORDS[LANGUAGES.get(spec.body, "en")]["draft"]
            text = f"{draft.format(version=version)}\n\n{text}"
        await meetings.save_minutes(
            await demo.viewer(secretary_of(spec.body)),
            meeting_id=demo.meetings[spec.key].id,
            content=text,
            expected_version=version - 1 or None,
        )

    return step


async def minutes_text(demo: Replay, spec: MeetingSpec) -> str:
    """The minutes as the secretary writes them from what the meeting recorded, in the
    language the body keeps its record in."""
    language = LANGUAGES.get(spec.body, "en")
    words = MINUTES_WORDS[language]
    meeting = demo.meetings[spec.key]
    attendance = await (
        Attendance.filter(meeting_id=meeting.id)
        .order_by("id")
        .values_list("person__name", "status")
    )
    present = [name for name, status in attendance if status == AttendanceStatus.PRESENT]
    apologies = [name for name, status in attendance if status == AttendanceStatus.APOLOGIES]
    day = format_date(meeting.starts_at.date(), "d MMMM y", locale=language)
    lines = [
        f"# {meeting.title}",
        "",
        f"{day}, {meeting.location}.",
        "",
        words["present"].format(names=", ".join(present)),
    ]
    if apologies:
        lines += ["", words["apologies"].format(names=", ".join(apologies))]
    motions = await Motion.filter(meeting_id=meeting.id).order_by("id")
    # Minutes are read by whoever may read the meeting: an item classified above it
    # (a closed session) is not named, numbered or summarised here, only its existence
    # said once, as the public minutes of a council say "in committee".
    shown = 0
    closed = False
    for item in await AgendaItem.filter(meeting_id=meeting.id).order_by("position"):
        if Classification.strictest(item.classification, meeting.classification) != (
            meeting.classification
        ):
            closed = True
            continue
        shown += 1
        lines += ["", f"## {shown}. {item.title}", "", item.description or words["noted"]]
        outcomes = [
            words["motion"].format(
                title=m.title, outcome=words[m.outcome.value if m.outcome else "open"]
            )
            for m in motions
            if m.agenda_item_id == item.id
        ]
        if outcomes:
            lines += ["", *outcomes]
    if closed:
        lines += ["", words["closed"]]
    return "\n".join(lines) + "\n"


def _plan_motion(demo: Replay, spec: MotionSpec, decision: DecisionSpec | None) -> None:
    timeline = demo.timeline
    held = next(m for m in MEETINGS if m.key == spec.meeting)
    secretary = secretary_of(held.body)
    opened = timeline.at(held.day, held.hour) + timedelta(minutes=40 + 10 * (spec.item or 0))

    async def table() -> None:
        meeting = demo.meetings[spec.meeting]
        item = demo.items[spec.meeting, spec.item] if spec.item else None
        demo.motions[spec.key] = await ballots.propose_motion(
            await demo.viewer(secretary),
            meeting_id=meeting.id,
            agenda_item_id=item.id if item else None,
            title=spec.title,
            text=spec.text,
            proposer_id=demo.person_id(spec.proposer),
            seconder_id=demo.person_id(spec.seconder),
            voting_rule=spec.rule,
            secret_ballot=spec.secret,
            require_each_constituency=spec.each,
            # As closed as the session it is moved in.
            classification=Classification.strictest(
                meeting.classification, *([item.classification] if item else [])
            ),
        )

    async def open_voting() -> None:
        motion_id = demo.motions[spec.key].id
        await ballots.open_voting(await demo.viewer(secretary), motion_id=motion_id)

    async def close() -> None:
        motion_id = demo.motions[spec.key].id
        named = decision or DecisionSpec("", spec.key)
        agreement = demo.agreements[named.agreement] if named.agreement else None
        recommendation = (
            demo.recommendations[named.recommendation] if named.recommendation else None
        )
        closed = await ballots.close_voting(
            await demo.viewer(secretary),
            motion_id=motion_id,
            agreement_id=agreement.id if agreement else None,
            recommendation_id=recommendation.id if recommendation else None,
            supersedes_id=demo.decision_id(named.supersedes),
        )
        recorded = await Decision.get_or_none(motion_id=motion_id)
        if (recorded is None) != (decision is None):
            raise ValueError(
                f"The demo's data expects {'a' if decision else 'no'} decision from {spec.key}; "
                f"the rules gave {closed.outcome} and {'a' if recorded else 'no'} decision."
            )
        if recorded is not None and decision is not None:
            demo.decisions[decision.key] = recorded

    if spec.status == MotionStatus.DRAFT:  # tabled the day after the meeting was called
        timeline.add(timeline.at(held.day - held.notice + 1, 10), table)
        return
    timeline.add(opened - timedelta(minutes=5), table)
    timeline.add(opened, open_voting)
    for minute, (voter, choice) in enumerate(spec.votes, 1):
        cast = _ballot(demo, spec, voter, choice, in_the_room=voter in spec.recorded)
        timeline.add(opened + timedelta(minutes=minute), cast)
    if spec.status == MotionStatus.CLOSED:
        timeline.add(opened + timedelta(minutes=8), close)


def _ballot(
    demo: Replay, spec: MotionSpec, voter: str, choice: VoteChoice, in_the_room: bool
) -> Step:
    held = next(m for m in MEETINGS if m.key == spec.meeting)

    async def step() -> None:
        motion_id = demo.motions[spec.key].id
        if in_the_room:
            secretary = await demo.viewer(secretary_of(held.body))
            person_id = demo.people[voter].id
            await ballots.record_vote(
                secretary, motion_id=motion_id, person_id=person_id, choice=choice
            )
        else:
            await ballots.cast_vote(await demo.viewer(voter), motion_id=motion_id, choice=choice)

    return step
