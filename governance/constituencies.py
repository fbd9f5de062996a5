"""Each motion's constituencies, read for a whole list at once: the parts (votes and members
on the roll per constituency) that governance.voting_rules decides a motion requiring each
constituency by. The API's tally, the admin's ballot screen and the ballot's close read them
here, so all three see the same parts.

A motion that does not require each constituency has none (no statement is spent on it).
Once voting opened, the parts come from the roll frozen then (EligibleVoter.constituency) and
the ballots; before, from the live roll on the meeting's date, with no ballots. Members
without a constituency are in no part: they count in the overall tally only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from governance.enums import VoteChoice
from governance.models import EligibleVoter, Meeting, Membership, Motion, Vote
from governance.models.bodies import in_force
from governance.voting_rules import VOTING, Part, frozen, parts


async def constituency_parts(motions: Iterable[Motion]) -> dict[int, list[Part]]:
    """Each motion's parts, by motion id: at most four statements whatever the number of
    motions (the frozen rolls and their ballots; the drafts' meetings and memberships)."""
    wanted = [motion for motion in motions if motion.require_each_constituency]
    rolls: dict[int, dict[int, str | None]] = defaultdict(dict)
    choices: dict[int, dict[int, VoteChoice]] = defaultdict(dict)
    opened = sorted({motion.id for motion in wanted if frozen(motion)})
    if opened:
        for motion_id, person_id, name in await EligibleVoter.filter(
            motion_id__in=opened, constituency__isnull=False
        ).values_list("motion_id", "person_id", "constituency"):
            rolls[motion_id][person_id] = name
        for motion_id, voter_id, choice in await Vote.filter(motion_id__in=opened).values_list(
            "motion_id", "voter_id", "choice"
        ):
            choices[motion_id][voter_id] = VoteChoice(str(choice))
    drafts = [motion for motion in wanted if not frozen(motion)]
    if drafts:
        meetings = {
            meeting.id: meeting
            for meeting in await Meeting.filter(id__in=sorted({m.meeting_id for m in drafts}))
        }
        seats: dict[int, list[tuple[int, str, date, date | None]]] = defaultdict(list)
        for body_id, person_id, name, start, end in await Membership.filter(
            VOTING,
            body_id__in=sorted({meeting.body_id for meeting in meetings.values()}),
            constituency__isnull=False,
        ).values_list("body_id", "person_id", "constituency", "start_date", "end_date"):
            seats[body_id].append((person_id, name, start, end))
        for motion in drafts:
            meeting = meetings[motion.meeting_id]
            day = meeting.starts_at.date()
            rolls[motion.id] = {
                person_id: name
                for person_id, name, start, end in seats[meeting.body_id]
                if in_force(start, end, day)
            }
    return {motion.id: parts(rolls[motion.id], choices[motion.id]) for motion in wanted}
