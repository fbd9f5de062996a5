"""The demo is the rules' own: loaded through the services, it leaves an intact audit trail,
and every outcome, reference, date and classification in it is what the rules give, read
back here from the raw rows (votes, the frozen roll, attendance, the register) rather than
from anything the demo's data declares."""

from __future__ import annotations

import re
from collections import defaultdict

from demo import load_demo
from governance import audit
from governance import models as m
from governance.enums import (
    AttendanceStatus,
    Classification,
    DecisionStatus,
    MotionOutcome,
    MotionStatus,
    ReleaseStatus,
    VoteChoice,
)
from governance.voting_rules import Count, outcome, parts


async def test_the_demo_leaves_an_intact_trail_and_every_outcome_is_the_rules():
    assert await audit.verify() == audit.Verification(0, None, None)  # nothing yet
    assert await load_demo() is not None

    walked = await audit.verify()
    events = await m.AuditEvent.all().order_by("seq")
    assert walked.ok, walked.reason
    assert walked.checked == len(events) > 400
    # Dated by the clock the replay set: last year's meetings are in last year's trail.
    moments = [event.at for event in events]
    assert moments == sorted(moments)
    assert moments[0] < moments[-1] and (moments[-1] - moments[0]).days > 400
    # Each closed ballot and each decision left its own line, in the services' words.
    closed = await m.Motion.filter(status=MotionStatus.CLOSED).count()
    assert sum(event.action == "motion.close" for event in events) == closed
    assert sum(event.action == "decision.record" for event in events) == (
        await m.Decision.all().count()
    )
    await outcomes_are_the_rules()
    # Each body meets in its own zone: the MCPP in South Africa, Kati in Mali.
    zones = dict(await m.Body.all().values_list("slug", "time_zone"))
    assert zones["mcpp-steering-committee"] == "Africa/Johannesburg"
    assert zones["cadre-de-concertation-kati"] == "Africa/Bamako"
    assert zones["comite-de-suivi-kati"] == "Africa/Bamako"
    await kati_writes_in_french()

    # A second load changes nothing, and the chain still holds.
    assert await load_demo() is None
    assert (await audit.verify()).checked == len(events)


async def kati_writes_in_french() -> None:
    """Kati's bodies keep their record in French, and Kati's people read Indaba in it."""
    framework = await m.Body.get(slug="cadre-de-concertation-kati")
    assert framework.name == "Cadre de concertation commune-secteur privé de Kati"
    assert "plan d'action de trois mois" in (framework.mandate or "")
    launch = await m.Meeting.get(
        body_id=framework.id, title__startswith="Cadre de concertation : lancement"
    )
    items = await m.AgendaItem.filter(meeting_id=launch.id).values_list("title", flat=True)
    assert "Adoption du plan d'action de trois mois" in items
    minutes = await m.Minutes.get(meeting_id=launch.id)
    assert "**Présents :** " in minutes.content and "Present" not in minutes.content
    assert "*Adopter le plan d'action de trois mois* : adoptée." in minutes.content
    # Its closed session is said, in French, and not named.
    follow_up = await m.Meeting.filter(title="Comité de suivi : réunion mensuelle").order_by(
        "starts_at"
    )
    held = await m.Minutes.get(meeting_id=follow_up[0].id)
    assert "huis clos" in held.content and "périmètre irrigué" not in held.content
    plan = await m.ActionPlan.filter(body_id=framework.id).order_by("id").first()
    assert plan is not None and plan.title.startswith("Plan d'action de trois mois")
    # Kati's people get their emails in French, and read times on Bamako's clocks; the
    # MCPP's do as their browser asks.
    people = dict(await m.Person.all().values_list("email", "language"))
    assert people["monitor@example.org"] == "fr" and people["moussa.diarra@example.org"] == "fr"
    assert people["chair@example.org"] is None
    own = dict(await m.Person.all().values_list("email", "time_zone"))
    assert own["monitor@example.org"] == "Africa/Bamako"
    assert own["admin@example.org"] == "Africa/Johannesburg"


async def outcomes_are_the_rules() -> None:
    """Each closed ballot's outcome is the rule's, from its ballots, roll and room."""
    motions = await m.Motion.all().order_by("id")
    assert {motion.status for motion in motions} == set(MotionStatus) - {MotionStatus.WITHDRAWN}

    outcomes: dict[str, MotionOutcome] = {}
    for motion in motions:
        if motion.status != MotionStatus.CLOSED:
            assert motion.outcome is None, motion.title
            continue
        meeting = await m.Meeting.get(id=motion.meeting_id)
        body = await m.Body.get(id=meeting.body_id)
        roll = set(
            await m.EligibleVoter.filter(motion_id=motion.id).values_list("person_id", flat=True)
        )
        present = set(
            await m.Attendance.filter(
                meeting_id=meeting.id, status=AttendanceStatus.PRESENT
            ).values_list("person_id", flat=True)
        )
        ballots = await m.Vote.filter(motion_id=motion.id).values_list("voter_id", "choice")
        assert {voter for voter, _ in ballots} <= roll, motion.title  # only the roll voted
        choices = [VoteChoice(str(choice)) for _, choice in ballots]
        count = Count(*(choices.count(c) for c in (VoteChoice.FOR, VoteChoice.AGAINST,
                                                   VoteChoice.ABSTAIN)))  # fmt: skip
        # Each constituency's part, from the roll's frozen seats and the ballots.
        seats = await m.EligibleVoter.filter(motion_id=motion.id).values_list(
            "person_id", "constituency"
        )
        within = (
            parts(dict(seats), {voter: VoteChoice(str(choice)) for voter, choice in ballots})
            if motion.require_each_constituency
            else []
        )
        expected = outcome(
            motion.voting_rule,
            count,
            eligible=len(roll),
            present=len(roll & present),
            quorum=body.quorum,
            within=within,
        )
        assert motion.outcome == expected, motion.title
        if motion.require_each_constituency:
            # The steering committee's three constituencies; the rule held over all votes
            # and failed within the municipalities.
            assert [part.name for part in within] == ["Government", "Industry", "Municipalities"]
            assert (
                outcome(
                    motion.voting_rule,
                    count,
                    eligible=len(roll),
                    present=len(roll & present),
                    quorum=body.quorum,
                )
                == MotionOutcome.ADOPTED
                != expected
            ), motion.title
        # What the ballot froze is what the rule saw.
        assert (motion.eligible_count, motion.present_count, motion.quorum_required) == (
            len(roll),
            len(roll & present),
            body.quorum,
        ), motion.title
        outcomes[motion.title] = expected

    # The programme's history as told: one proposal voted down, one carried overall but
    # not within each constituency, the rest carried, and every committee quorate.
    assert {t for t, o in outcomes.items() if o != MotionOutcome.ADOPTED} == {
        "Extend the programme to two further municipalities",
        "Municipal co-funding of technical assistance",
    }
    assert outcomes["Municipal co-funding of technical assistance"] == MotionOutcome.REJECTED
    assert outcomes["Extend the programme to two further municipalities"] == (
        MotionOutcome.REJECTED
    )
    assert len(outcomes) == 15
    assert [mo.title for mo in motions if mo.require_each_constituency] == [
        "Municipal co-funding of technical assistance"
    ]


async def test_references_classifications_and_minutes_are_the_services():
    assert await load_demo() is not None
    await references_dates_and_classifications_are_the_registers()
    await minutes_name_nothing_closed_above_their_meeting()


async def references_dates_and_classifications_are_the_registers() -> None:
    levels = list(Classification)

    decisions = await m.Decision.all().order_by("id")
    by_register: dict[tuple[int, int], list[m.Decision]] = defaultdict(list)
    for decision in decisions:
        body = await m.Body.get(id=decision.committee_id)
        by_register[body.id, decision.decided_on.year].append(decision)
        if decision.motion_id is None:
            continue  # recorded directly (by resolution)
        motion = await m.Motion.get(id=decision.motion_id)
        meeting = await m.Meeting.get(id=motion.meeting_id)
        item = await m.AgendaItem.get_or_none(id=motion.agenda_item_id)
        # The session's: the strictest of the motion's, its item's and its meeting's.
        session = [motion.classification, meeting.classification]
        session += [item.classification] if item else []
        assert decision.recorded_classification == max(session, key=levels.index)
        assert decision.decided_on == meeting.starts_at.date() == motion.closed_at.date()
        assert (decision.title, decision.text) == (motion.title, motion.text)
        assert motion.outcome == MotionOutcome.ADOPTED and not body.is_advisory
    # Only a release makes a decision public, and it keeps what it was recorded at.
    for decision in decisions:
        released = decision.release == ReleaseStatus.CLEARED_FOR_RELEASE
        assert decision.classification == (
            Classification.PUBLIC if released else decision.recorded_classification
        ), decision.reference

    # Every adopted motion of a committee is in its register once; an advisory board's
    # adopted motion is its position, not a decision; nothing rejected is.
    decided = {d.motion_id for d in decisions if d.motion_id is not None}
    for motion in await m.Motion.filter(status=MotionStatus.CLOSED):
        meeting = await m.Meeting.get(id=motion.meeting_id)
        body = await m.Body.get(id=meeting.body_id)
        carried = motion.outcome == MotionOutcome.ADOPTED and not body.is_advisory
        assert (motion.id in decided) == carried, motion.title

    # Numbered by the register in the order recorded, per committee and year, with no gap,
    # and the counter where the next one will start.
    for (body_id, year), register in by_register.items():
        body = await m.Body.get(id=body_id)
        assert [d.reference for d in register] == [
            f"{body.prefix}-{year}-{n:03d}" for n in range(1, len(register) + 1)
        ]
        counter = await m.ReferenceCounter.get(scope=f"decision:{body_id}", year=year)
        assert counter.last_number == len(register)
    recommendations = await m.Recommendation.all().order_by("id")
    assert all(re.fullmatch(r"PAB-R-\d{4}-\d{3}", r.reference) for r in recommendations)

    # What became of the decisions: one superseded by its amendment, one revoked.
    statuses = {d.reference: d.status for d in decisions}
    assert sorted(statuses.values()).count(DecisionStatus.SUPERSEDED) == 1
    assert sorted(statuses.values()).count(DecisionStatus.REVOKED) == 1
    amended = next(d for d in decisions if d.supersedes_id is not None)
    assert statuses[next(d.reference for d in decisions if d.id == amended.supersedes_id)] == (
        DecisionStatus.SUPERSEDED
    )


async def minutes_name_nothing_closed_above_their_meeting() -> None:
    """Whoever may read a meeting reads its minutes: a closed-session item's title, or a
    motion moved in it, is not in them, only that the committee met in closed session."""
    levels = list(Classification)
    closed_sessions = 0
    for minutes in await m.Minutes.all():
        meeting = await m.Meeting.get(id=minutes.meeting_id)
        above = [
            item
            for item in await m.AgendaItem.filter(meeting_id=meeting.id)
            if levels.index(item.classification) > levels.index(meeting.classification)
        ]
        hidden = {item.title for item in above}
        hidden |= set(
            await m.Motion.filter(agenda_item_id__in=[i.id for i in above]).values_list(
                "title", flat=True
            )
        )
        texts = [minutes.content, *await m.MinutesVersion.filter(
            minutes_id=minutes.id).values_list("content", flat=True)]  # fmt: skip
        for text in texts:
            assert not {title for title in hidden if title in text}, meeting.title
            said = "met in closed session" in text or "siégé à huis clos" in text  # Kati's
            assert said == bool(above), meeting.title
        closed_sessions += bool(above)
    assert closed_sessions == 2  # the first quarterly meeting, the monitoring committee's
