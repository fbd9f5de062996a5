"""Loading the demo: its history replayed through the services, in one transaction.

Nothing is written around the rules: the platform itself (permissions.SYSTEM) sets the
platform up as an operator would (organizations, people, bodies, memberships); then each
person does what the rules let them do, on the day they did it (governance.clock): the
secretary schedules, takes attendance, tables motions, opens and closes ballots, writes
and circulates the minutes; members vote; the chair approves the minutes; a second
communications officer approves each update. Outcomes, decision references and
classifications, dates and the audit trail are the rules' own.

Written directly, because no service writes them: the focus areas (reference data) and
the date each party signed an agreement (the day the agreement was signed).
"""

from __future__ import annotations

from tortoise.transactions import in_transaction

from demo.agreements import FOCUS_AREAS
from demo.bodies import BODIES, CONSTITUENCIES, MEMBERSHIPS, TIME_ZONES
from demo.follow_up import plan_follow_up
from demo.meeting_room import plan_meeting_room
from demo.people import (
    ACCOUNTS,
    DEMO_PASSWORD,
    FRENCH,
    ORGANIZATIONS,
    OWN_TIME_ZONES,
    PEOPLE,
    DemoAccount,
    demo_accounts,
    mailbox,
)
from demo.replay import Replay
from demo.results import plan_results
from demo.timeline import Step
from governance import administration, languages, validation, zones
from governance.credentials import hash_password
from governance.enums import PlatformRole
from governance.models import Body, FocusArea, OutboxItem
from permissions import SYSTEM

SET_UP = -430  # the platform's first day, before anything in the demo happened
SLUG = "mcpp-steering-committee"  # present: the demo is loaded


async def load_demo() -> list[DemoAccount] | None:
    """Load the demo programme; None, having changed nothing, when it is already loaded."""
    if await Body.exists(slug=SLUG):
        return None
    demo = Replay()
    plan_platform(demo)
    plan_meeting_room(demo)
    plan_follow_up(demo)
    plan_results(demo)
    async with in_transaction():
        if await Body.exists(slug=SLUG):
            return None
        before = await OutboxItem.all().order_by("-id").first()
        await demo.timeline.run()
        # The demo replays months of history through the workflows, which queue an email
        # for each notification and an invitation for each person without a password: all
        # long past, and to @example.org. None is sent; the notifications stay in the app.
        await OutboxItem.filter(id__gt=before.id if before else 0).delete()
    return demo_accounts()


def plan_platform(demo: Replay) -> None:
    timeline = demo.timeline
    timeline.add(timeline.at(SET_UP, 8), lambda: _set_up(demo))
    for body, members in MEMBERSHIPS.items():
        for person, _, _, end in members:
            if end is not None:
                timeline.add(timeline.at(end, 8), _ends(demo, body, person, end))


async def _set_up(demo: Replay) -> None:
    """Organizations, people, bodies and memberships, as the platform's operator."""
    for key, name, org_kind in ORGANIZATIONS:
        demo.orgs[key] = await administration.create_organization(SYSTEM, name=name, kind=org_kind)
    # The published password goes through the password rule like any other; argon2 is
    # slow on purpose, so it is hashed once for every account.
    password_hash = hash_password(validation.password(DEMO_PASSWORD))
    for key, name, title, org, _, admin, comms in ACCOUNTS:
        roles = [PlatformRole.ADMIN] * admin + [PlatformRole.COMMUNICATIONS] * comms
        demo.people[key] = await administration.create_person(
            SYSTEM,
            name=name,
            email=f"{key}@example.org",
            title=title,
            organization_id=demo.org_id(org),
            platform_roles=roles,
            password_hash=password_hash,
        )
    for key, name, title, org in PEOPLE:
        demo.people[key] = await administration.create_person(
            SYSTEM, name=name, email=mailbox(name), title=title, organization_id=demo.org_id(org)
        )
    # Each as the person would choose on their profile.
    for key in FRENCH:
        await languages.set_language(demo.people[key].id, "fr")
    for key, zone in OWN_TIME_ZONES.items():
        await zones.set_time_zone(demo.people[key].id, zone)
    for key, name, slug, kind, prefix, quorum, start, mandate in BODIES:
        body = await administration.create_body(
            SYSTEM,
            name=name,
            slug=slug,
            kind=kind,
            quorum=quorum,
            mandate=mandate,
            prefix=prefix,
            time_zone=TIME_ZONES[key],
        )
        demo.bodies[key] = body
        for person, role, voting, _ in MEMBERSHIPS[key]:
            await administration.add_member(
                SYSTEM,
                body_id=body.id,
                person_id=demo.people[person].id,
                role=role,
                organization_id=None,  # the organization the person belongs to
                voting_rights=voting,
                start_date=demo.timeline.day(start),
                constituency=CONSTITUENCIES.get(key, {}).get(person),
            )
    for name in FOCUS_AREAS:  # reference data: no service creates focus areas
        demo.focus_areas[name] = await FocusArea.create(name=name)


def _ends(demo: Replay, body: str, person: str, end: int) -> Step:
    async def step() -> None:
        await administration.end_membership(
            SYSTEM,
            body_id=demo.bodies[body].id,
            person_id=demo.people[person].id,
            end_date=demo.timeline.day(end),
        )

    return step
