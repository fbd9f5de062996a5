"""Live subscriptions over graphql-transport-ws against a real server: a tally change reaches
those who may see the ballot and nobody else, a secret ballot's subscribers learn no choice,
and each published update reaches the public as it is published."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from tests.live import ROOT, LiveServer, live_server
from tests.ws import Subscriber, call, cast, first_tally, open_motion, subscriber

EMAILS = {
    "chair": "chair@example.org",
    "secretary": "secretary@example.org",
    "member": "member@example.org",
    "participant": "participant@example.org",
    "comms": "comms@example.org",
    "comms2": "comms2@example.org",
    "admin": "admin@example.org",
    "deputy": "nomvula.sithole@example.org",  # the steering committee's deputy chair
}
MOTION = """id status tally { cast for against abstain eligible present quorumMet }
  votes { choice voter { name } }"""
TALLY = f"subscription($id: ID!) {{ tallyChanged(motionId: $id) {{ {MOTION} }} }}"
UPDATES = "subscription { updatePublished { title urgent status } }"
QUIET = 1.0  # seconds a subscriber waits to be sure nothing comes


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(tmp_path_factory.mktemp("live-workflows")) as running:
        yield running


@pytest.fixture(scope="module")
def tokens(server: LiveServer) -> dict[str, str]:
    """One token per demo account, issued in parallel by the command line."""
    processes = {
        role: subprocess.Popen(
            [sys.executable, "-m", "server", "issue-token", "--email", email],
            cwd=ROOT,
            env=server.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for role, email in EMAILS.items()
    }
    out = {}
    for role, process in processes.items():
        stdout, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
        out[role] = stdout.strip()
    return out


async def test_members_receive_tally_changes_and_outsiders_nothing(server, tokens):
    motion_id = await open_motion(server, tokens, "CONFIDENTIAL")
    async with (
        subscriber(server, tokens["member"]) as member,
        subscriber(server, tokens["participant"]) as outsider,
        subscriber(server) as public,
    ):
        sid = await member.subscribe(TALLY, {"id": motion_id})
        refused = {
            "participant": (outsider, await outsider.subscribe(TALLY, {"id": motion_id})),
            "public": (public, await public.subscribe(TALLY, {"id": motion_id})),
        }
        message = await first_tally(member, sid, server, tokens, motion_id, "member")
        assert message["type"] == "next"
        motion = message["payload"]["data"]["tallyChanged"]
        assert motion["id"] == motion_id
        assert motion["status"] == "OPEN"
        assert (motion["tally"]["cast"], motion["tally"]["for"]) == (1, 1)
        assert motion["votes"] == [{"choice": "FOR", "voter": {"name": "Lerato Maseko"}}]

        # The chair votes too: the member hears of it.
        await cast(server, tokens, "chair", motion_id, "AGAINST")
        message = await member.receive()
        assert message is not None and message["type"] == "next"
        tally = message["payload"]["data"]["tallyChanged"]["tally"]
        assert (tally["cast"], tally["for"], tally["against"]) == (2, 1, 1)

        # Those who may not see the confidential ballot are told it does not exist, then
        # hear nothing at all while the votes come in.
        for who, (sub, their_id) in refused.items():
            seen = []
            while (message := await sub.receive(wait=QUIET)) is not None:
                seen.append(message)
            assert all(m["id"] == their_id for m in seen), who
            data = [m for m in seen if m["type"] == "next" and (m["payload"].get("data") or {})]
            assert data == [], (who, seen)
            errors = [e for m in seen if m["type"] in ("next", "error")
                      for e in (m["payload"] if m["type"] == "error" else m["payload"]["errors"])]  # fmt: skip
            assert [e.get("extensions", {}).get("code") for e in errors] == ["NOT_FOUND"], who
            assert "Ring-fence" not in json.dumps(seen)


async def test_a_member_who_leaves_the_committee_hears_nothing_more(server, tokens):
    motion_id = await open_motion(server, tokens, "CONFIDENTIAL")
    members = await call(
        server,
        '{ body(slug: "mcpp-steering-committee") { id members { person { id name } } } }',
        token=tokens["secretary"],
    )
    deputy = next(
        m["person"]["id"]
        for m in members["body"]["members"]
        if m["person"]["name"] == "Nomvula Sithole"
    )
    async with subscriber(server, tokens["deputy"]) as sub:
        sid = await sub.subscribe(TALLY, {"id": motion_id})
        await first_tally(sub, sid, server, tokens, motion_id, "member")
        await call(
            server,
            "mutation($b: ID!, $p: ID!, $d: Date!) { endMembership(bodyId: $b, personId: $p, "
            "endDate: $d) { endDate } }",
            {"b": members["body"]["id"], "p": deputy, "d": datetime.now(UTC).date().isoformat()},
            token=tokens["admin"],
        )
        await cast(server, tokens, "chair", motion_id, "AGAINST")
        while (message := await sub.receive(wait=QUIET)) is not None:
            assert not (message.get("payload") or {}).get("data"), message


async def test_a_secret_ballot_subscriber_learns_no_choice(server, tokens):
    motion_id = await open_motion(server, tokens, "PUBLIC", secret=True)
    async with subscriber(server) as public:
        sid = await public.subscribe(TALLY, {"id": motion_id})
        message = await first_tally(public, sid, server, tokens, motion_id, "member")
        motion = message["payload"]["data"]["tallyChanged"]
        assert motion["votes"] == []
        assert motion["tally"]["cast"] == 1
        assert (motion["tally"]["for"], motion["tally"]["against"], motion["tally"]["abstain"]) == (
            None,
            None,
            None,
        )
        await cast(server, tokens, "chair", motion_id, "AGAINST")
        message = await public.receive()
        motion = message["payload"]["data"]["tallyChanged"]
        assert motion["tally"]["cast"] == 2
        assert motion["tally"]["against"] is None
        assert motion["votes"] == []
        # Closing tells the subscriber the totals, and still nobody's choice.
        await call(
            server,
            "mutation($id: ID!) { closeVoting(motionId: $id) { id } }",
            {"id": motion_id},
            token=tokens["secretary"],
        )
        message = await public.receive()
        motion = message["payload"]["data"]["tallyChanged"]
        assert motion["status"] == "CLOSED"
        assert (motion["tally"]["for"], motion["tally"]["against"]) == (1, 1)
        assert motion["votes"] == []


async def publish(server, tokens, title: str, *, check_quiet: Subscriber | None = None) -> str:
    drafted = await call(
        server,
        'mutation($t: String!) { draftUpdate(input: {title: $t, body: "Tankers arrive daily.", '
        "urgent: true}) { id } }",
        {"t": title},
        token=tokens["comms"],
    )
    update = drafted["draftUpdate"]["id"]
    for mutation, role in (("submitUpdate", "comms"), ("approveUpdate", "comms2")):
        await call(server, f"mutation($id: ID!) {{ {mutation}(updateId: $id) {{ id }} }}",
                   {"id": update}, token=tokens[role])  # fmt: skip
    if check_quiet is not None:
        # Drafted, reviewed and approved: still nothing public.
        assert await check_quiet.receive(wait=QUIET) is None
    await call(
        server,
        "mutation($id: ID!) { publishUpdate(updateId: $id) { id } }",
        {"id": update},
        token=tokens["comms"],
    )
    return update


async def test_each_published_update_reaches_the_public_as_it_is_published(server, tokens):
    async with subscriber(server) as public, subscriber(server, tokens["participant"]) as partner:
        subs = {"public": public, "partner": partner}
        sids = {name: await sub.subscribe(UPDATES) for name, sub in subs.items()}
        received: dict[str, dict] = {}
        # Subscriptions register asynchronously: publish until each subscriber has heard one.
        for attempt in range(5):
            title = f"Water tankers for ward 4 ({attempt + 1})"
            update = await publish(
                server, tokens, title, check_quiet=public if not attempt else None
            )
            for name, sub in subs.items():
                if name in received:
                    continue
                message = await sub.receive(wait=2)
                if message is not None:
                    assert message["id"] == sids[name]
                    received[name] = message["payload"]["data"]["updatePublished"]
            if len(received) == len(subs):
                break
        assert set(received) == set(subs), "a published update did not arrive"
        for got in received.values():
            assert got["title"].startswith("Water tankers for ward 4")
            assert (got["urgent"], got["status"]) == (True, "PUBLISHED")
        # Retracting publishes nothing new.
        await call(
            server,
            'mutation($id: ID!) { retractUpdate(updateId: $id, reason: "Superseded") { id } }',
            {"id": update},
            token=tokens["comms2"],
        )
        while (message := await public.receive(wait=QUIET)) is not None:
            # Only late copies of what was published may still arrive, never a retraction.
            assert message["payload"]["data"]["updatePublished"]["status"] == "PUBLISHED"


NOTIFIED = "subscription { notificationReceived { id kind title subjectId readAt } }"


async def test_each_notification_reaches_its_recipient_alone_after_the_commit(server, tokens):
    committee = await call(
        server, '{ body(slug: "mcpp-steering-committee") { id } }', token=tokens["secretary"]
    )
    async with (
        subscriber(server, tokens["member"]) as member,
        subscriber(server, tokens["participant"]) as outsider,
        subscriber(server, tokens["admin"]) as admin,
        subscriber(server) as public,
    ):
        await member.subscribe(NOTIFIED)
        await outsider.subscribe(NOTIFIED)
        await admin.subscribe(NOTIFIED)
        refused = await public.subscribe(NOTIFIED)
        await asyncio.sleep(0.3)  # the subscriptions are listening
        starts = datetime.now(UTC).replace(microsecond=0).isoformat()
        scheduled = await call(
            server,
            "mutation($i: ScheduleMeetingInput!) { scheduleMeeting(input: $i) { id } }",
            {"i": {"bodyId": committee["body"]["id"], "title": "Live notice of a sitting",
                   "startsAt": starts, "classification": "CONFIDENTIAL"}},
            token=tokens["secretary"],
        )  # fmt: skip
        message = await member.receive()
        assert message is not None and message["type"] == "next", message
        told = message["payload"]["data"]["notificationReceived"]
        assert told["kind"] == "MEETING_SCHEDULED"
        assert told["title"] == "Meeting scheduled: Live notice of a sitting"
        assert told["subjectId"] == scheduled["scheduleMeeting"]["id"] and told["readAt"] is None
        # Not a member (the participant), not the member's (the admin): nothing at all.
        for other in (outsider, admin):
            assert await other.receive(wait=QUIET) is None
        answer = await public.receive()
        assert answer is not None and answer["id"] == refused, answer
        assert answer["payload"]["data"] is None
        assert [e["extensions"]["code"] for e in answer["payload"]["errors"]] == ["UNAUTHENTICATED"]


async def test_a_connection_with_a_bad_token_is_refused(server):
    url = server.url.replace("http://", "ws://") + "/graphql"
    async with connect(url, subprotocols=[Subprotocol("graphql-transport-ws")]) as ws:
        init = {"type": "connection_init", "payload": {"Authorization": "Bearer not-a-token"}}
        await ws.send(json.dumps(init))
        with pytest.raises(ConnectionClosed) as closed:
            while True:
                message = json.loads(await asyncio.wait_for(ws.recv(), 10))
                assert message["type"] != "connection_ack", message
        assert closed.value.rcvd is not None
        assert closed.value.rcvd.code >= 4400


async def test_subscriptions_per_connection_are_bounded(server):
    async with subscriber(server) as public:
        sids = [await public.subscribe(UPDATES) for _ in range(11)]
        seen = []
        while (message := await public.receive(wait=QUIET)) is not None:
            seen.append(message)
        # The service allows ten live subscriptions per connection; the eleventh is refused.
        assert [m["id"] for m in seen] == [sids[10]]
        assert seen[0]["type"] == "error"
