"""Signing in to the admin the way a person does, and a world with something to do on every screen."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
from argon2 import PasswordHasher
from tortoise import Tortoise

from governance import clock
from governance.action_plans import create_action_plan, transition_action_plan
from governance.enums import (
    ActionPlanStatus,
    Classification,
    IndicatorDirection,
    IndicatorFrequency,
    MinutesStatus,
    MotionStatus,
    NotificationKind,
    UpdateStatus,
)
from governance.models import (
    ApiToken,
    AuditEvent,
    Commitment,
    Document,
    Minutes,
    Notification,
    Person,
    Update,
    Webhook,
)
from governance.results import create_indicator, record_measurement
from tests.workflows.helpers import viewer, workflow_world
from tests.world import TODAY, World, agenda_item_at, meeting_at, motion_at

PASSWORD = "a long admin test password"
# One argon2id hash for everyone, made once. Light parameters keep a sign-in near a
# millisecond; the real verify_password reads the parameters from the hash itself.
PASSWORD_HASH = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')
SIGN_IN_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')

CONF = Classification.CONFIDENTIAL


@dataclass
class Setting:
    """The world, and the ids of the items the route table acts on."""

    world: World
    ids: dict[str, int] = field(default_factory=dict)

    def person(self, role: str) -> int:
        return self.world.people[role].id

    def org(self, key: str) -> int:
        return self.world.orgs[key].id

    def body(self, key: str) -> int:
        return self.world.bodies[key].id


async def admin_world() -> Setting:
    """The shared world, everyone with a password, and one item in each state a screen acts on."""
    world = await workflow_world()
    await Person.all().update(password_hash=PASSWORD_HASH)
    # A partner's system: no password, tokens issued by an admin.
    integration = await Person.create(
        name="Partner System", email="system@example.org", is_integration=True
    )
    # Someone added without a password, to be invited (again).
    invitee = await Person.create(name="Nomsa Invited", email="invitee@example.org")
    meeting = world.meetings[CONF]
    await Minutes.create(meeting_id=meeting.id, content="Draft minutes.", version=1)
    circulated = await meeting_at(world, CONF, "Second confidential meeting")
    await Minutes.create(
        meeting_id=circulated.id,
        content="Circulated minutes.",
        version=2,
        status=MinutesStatus.CIRCULATED,
        circulated_at=datetime.now(UTC),
    )
    agenda_item = await agenda_item_at(world, meeting, CONF, "Confidential agenda item")
    draft_motion = await motion_at(world, meeting, CONF, "Draft motion")
    open_motion = await motion_at(world, meeting, CONF, "Open motion", status=MotionStatus.OPEN)
    agreement = world.agreements[CONF]
    commitment = await Commitment.create(
        agreement_id=agreement.id, party_id=world.orgs["party"].id, description="A water study."
    )
    now = datetime.now(UTC)
    comms, comms2 = world.people["comms"].id, world.people["comms2"].id
    in_review = await Update.create(
        title="In review", body="Text.", status=UpdateStatus.IN_REVIEW, author_id=comms,
        listed_at=now,
    )  # fmt: skip
    approved = await Update.create(
        title="Approved", body="Text.", status=UpdateStatus.APPROVED, author_id=comms,
        approved_by_id=comms2, listed_at=now,
    )  # fmt: skip
    # A paper on the meeting, by its secretary (its bytes need not exist to be removed).
    paper = await Document.create(
        title="Meeting pack", filename="pack.pdf", content_type="application/pdf", size=4,
        sha256="0" * 64, classification=CONF, body_id=meeting.body_id, meeting_id=meeting.id,
        uploaded_by_id=world.people["secretary"].id,
    )  # fmt: skip
    assert world.draft_update and world.published_update and world.draft_recommendation
    results = await results_world(world)
    return Setting(
        world,
        {
            "meeting": meeting.id,
            "agenda_item": agenda_item.id,
            "circulated_meeting": circulated.id,
            "restricted_meeting": world.meetings[Classification.RESTRICTED].id,
            "draft_motion": draft_motion.id,
            "open_motion": open_motion.id,
            "decision": world.decisions[CONF].id,
            "agreement": agreement.id,
            "commitment": commitment.id,
            "recommendation": world.recommendations[CONF].id,
            "draft_recommendation": world.draft_recommendation.id,
            "action_item": world.action_items[CONF].id,
            "draft_update": world.draft_update.id,
            "in_review_update": in_review.id,
            "approved_update": approved.id,
            "published_update": world.published_update.id,
            "integration": integration.id,
            "invitee": invitee.id,
            "document": paper.id,
            # The world mints one token per person; the participant's, to revoke.
            "participant_token": (await ApiToken.get(person_id=world.people["participant"].id)).id,
            # The participant's webhook, to delete (off: the tests call no real address).
            "participant_webhook": (
                await Webhook.create(
                    person_id=world.people["participant"].id,
                    url="https://93.184.216.34/hook",
                    events=["DECISION_RECORDED"],
                    secret="0" * 64,
                    active=False,
                    created_at=clock.now(),
                )
            ).id,
            "participant_notification": (
                await Notification.create(
                    person_id=world.people["participant"].id,
                    kind=NotificationKind.MEMBERSHIP_CHANGED,
                    title="Participant Person joined a body",
                    subject_type="body",
                    subject_id=world.bodies["sc"].id,
                )
            ).id,
            **results,
        },
    )


async def results_world(world: World) -> dict[str, int]:
    """A CONFIDENTIAL indicator of the steering committee, under the CONFIDENTIAL agreement
    (whose party reports figures), with one measurement; and an adopted CONFIDENTIAL plan
    of the committee, monitored by the operations unit, ending in two months (no report
    is due on it yet)."""
    chair = await viewer(world.people["chair"])
    sc = world.bodies["sc"]
    indicator = await create_indicator(
        chair, body_id=sc.id, code="SC-KPI-001", name="Households with water",
        description=None, unit="%", direction=IndicatorDirection.INCREASE,
        frequency=IndicatorFrequency.QUARTERLY, baseline=40.0,
        baseline_date=date(TODAY.year - 1, 1, 1), target=80.0,
        target_date=date(TODAY.year + 1, 1, 1), classification=CONF,
        agreement_id=world.agreements[CONF].id,
    )  # fmt: skip
    await record_measurement(
        chair, indicator_id=indicator.id, period_start=date(TODAY.year - 1, 1, 1),
        period_end=date(TODAY.year - 1, 3, 31), value=45.0,
    )  # fmt: skip
    plan = await create_action_plan(
        chair, body_id=sc.id, title="First three months", classification=CONF,
        period_start=TODAY - timedelta(days=30), period_end=TODAY + timedelta(days=60),
        monitored_by_id=world.bodies["ou"].id, indicator_ids=[indicator.id],
    )  # fmt: skip
    await transition_action_plan(chair, plan_id=plan.id, status=ActionPlanStatus.ADOPTED)
    return {"indicator": indicator.id, "plan": plan.id}


def vary(response: httpx.Response) -> set[str]:
    """The request headers a response says it depends on (a shared cache keys on them)."""
    return {name.strip().lower() for name in response.headers.get("vary", "").split(",")} - {""}


@dataclass
class SignedIn:
    """A person's browser: their session cookie, and the CSRF token their pages carry."""

    http: httpx.AsyncClient
    csrf: str

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.http.get(path, **kwargs)

    async def post(
        self, path: str, data: dict[str, Any] | None = None, *, csrf: bool = True, **kwargs: Any
    ) -> httpx.Response:
        form = dict(data or {})
        if csrf:
            form["csrf_token"] = self.csrf
        return await self.http.post(path, data=form, **kwargs)


async def sign_in_form(http: httpx.AsyncClient, next_url: str = "/admin/") -> str:
    """Open the sign-in page (setting its nonce cookie); its CSRF token."""
    page = await http.get(f"/admin/sign-in?next={next_url}")
    assert page.status_code == 200, page.text
    match = SIGN_IN_TOKEN.search(page.text)
    assert match, page.text
    return match.group(1)


async def sign_in(http: httpx.AsyncClient, email: str, password: str = PASSWORD) -> SignedIn:
    token = await sign_in_form(http)
    response = await http.post(
        "/admin/sign-in",
        data={"email": email, "password": password, "csrf_token": token, "next": "/admin/"},
    )
    assert response.status_code == 303, response.text
    dashboard = await http.get("/admin/")
    assert dashboard.status_code == 200, dashboard.text
    match = CSRF_META.search(dashboard.text)
    assert match
    return SignedIn(http, match.group(1))


async def fingerprint() -> tuple[Any, ...]:
    """Enough of the database to tell whether anything changed: every table's row count,
    the audit trail (every change appends to it), everyone's session version, and the
    notifications still unread (marking read is one's own bookkeeping, not audited)."""
    counts = []
    for model in sorted(Tortoise.apps.get_models_iterable(), key=lambda m: m._meta.db_table):
        counts.append((model._meta.db_table, await model.all().count()))
    versions = sum(await Person.all().values_list("session_version", flat=True))
    last = await AuditEvent.all().order_by("-seq").first()
    unread = await Notification.filter(read_at__isnull=True).count()
    return (tuple(counts), versions, last.hash if last else None, unread)
