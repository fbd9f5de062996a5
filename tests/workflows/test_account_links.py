"""Invitation and reset links (issue 14, PRODUCT.md "Account emails"): each works once,
dies on use, on a newer link of its purpose and on sign-out-everywhere, and expires (7
days, 1 hour); the email leaves with the change that caused it or not at all; setting a
password is audited without the token and signs the person out everywhere else."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from governance import account_links, administration, outbox
from governance.credentials import hash_password, verify_password
from governance.enums import OutboxChannel, PlatformRole
from governance.errors import BadInput, Conflict, Forbidden
from governance.models import AccountLink, AuditEvent, OutboxItem, Person
from governance.models.account_links import LinkPurpose
from tests.graphql import gql
from tests.workflows.helpers import viewer, workflow_world

INVITE, RESET = LinkPurpose.INVITATION, LinkPurpose.PASSWORD_RESET
NEW = "a long new password"


class Boom(Exception):
    pass


async def _admin():
    world = await workflow_world()
    return world, await viewer(world.people["admin"])


async def _token(person_id: int, purpose: LinkPurpose) -> str:
    """The token the newest email of `purpose` carries (as the worker would read it)."""
    item = await OutboxItem.filter(person_id=person_id, topic=purpose.value).order_by("-id").first()
    assert item is not None and item.channel == OutboxChannel.EMAIL
    return str(item.payload["token"])


async def test_adding_a_person_invites_them_unless_integration_or_given_a_password():
    _, admin = await _admin()
    nandi = await administration.create_person(admin, name="Nandi Zwane", email="nandi@example.org")
    system = await administration.create_person(
        admin, name="Partner System", email="system@example.org", is_integration=True
    )
    typed = await administration.create_person(
        admin, name="Typed Pass", email="typed@example.org", password_hash=hash_password(NEW)
    )
    invited = await OutboxItem.filter(topic="INVITATION").values_list("person_id", flat=True)
    assert invited == [nandi.id]
    assert not await AccountLink.filter(person_id__in=[system.id, typed.id]).exists()
    link = await AccountLink.get(person_id=nandi.id)
    # Seven days; the row keeps a hash, never the token itself.
    assert link.expires_at - link.created_at == timedelta(days=7)
    token = await _token(nandi.id, INVITE)
    assert token not in (link.token_hash, str(link.id)) and len(token) >= 43


async def test_an_addition_that_rolls_back_sends_no_invitation():
    _, admin = await _admin()
    with pytest.raises(Boom):
        async with in_transaction():
            await administration.create_person(admin, name="Gone", email="gone@example.org")
            raise Boom
    assert not await OutboxItem.filter(topic="INVITATION").exists()
    assert not await AccountLink.exists()


async def test_an_invitation_works_once_and_is_audited_without_its_token():
    _, admin = await _admin()
    nandi = await administration.create_person(admin, name="Nandi Zwane", email="nandi@example.org")
    token = await _token(nandi.id, INVITE)

    with pytest.raises(BadInput, match="at least 12"):  # the one password rule
        await account_links.set_password(token, INVITE, "short")
    person = await account_links.set_password(token, INVITE, NEW)  # a refusal spent nothing
    assert verify_password(person.password_hash, NEW)
    assert person.session_version == nandi.session_version + 1  # other sessions end

    with pytest.raises(BadInput, match="expired or has already been used"):
        await account_links.set_password(token, INVITE, "another long password")
    assert verify_password((await Person.get(id=nandi.id)).password_hash, NEW)
    event = await AuditEvent.filter(action="person.accept_invitation").get()
    assert (event.actor_id, event.subject_id) == (nandi.id, nandi.id)
    assert token not in event.summary
    # The email's token is gone from the outbox too: the database holds no live secret.
    item = await OutboxItem.get(person_id=nandi.id, topic="INVITATION")
    assert "token" not in item.payload


async def test_a_link_is_only_good_for_its_purpose():
    _, admin = await _admin()
    nandi = await administration.create_person(admin, name="Nandi Zwane", email="nandi@example.org")
    token = await _token(nandi.id, INVITE)
    with pytest.raises(BadInput):
        await account_links.set_password(token, RESET, NEW)
    assert await account_links.live(token, INVITE) is not None


async def test_a_newer_link_kills_the_older_one():
    world, admin = await _admin()
    nandi = await administration.create_person(admin, name="Nandi Zwane", email="nandi@example.org")
    first = await _token(nandi.id, INVITE)
    await account_links.invite(admin, person_id=nandi.id)  # the admin sends it again
    second = await _token(nandi.id, INVITE)
    assert first != second
    assert await account_links.live(first, INVITE) is None
    # The older email, had it not left yet, no longer carries its token.
    payloads = (
        await OutboxItem.filter(topic="INVITATION").order_by("id").values_list("payload", flat=True)
    )
    assert payloads[0] == {} and payloads[1] == {"token": second}
    await account_links.set_password(second, INVITE, NEW)

    member = world.people["member"]
    assert await account_links.request_reset("MEMBER@example.org")
    older = await _token(member.id, RESET)
    assert await account_links.request_reset("member@example.org")
    newer = await _token(member.id, RESET)
    with pytest.raises(BadInput):
        await account_links.set_password(older, RESET, NEW)
    await account_links.set_password(newer, RESET, NEW)


async def test_signing_out_everywhere_kills_every_link():
    world, _ = await _admin()
    member = world.people["member"]
    await account_links.request_reset("member@example.org")
    token = await _token(member.id, RESET)
    assert await account_links.live(token, RESET) is not None
    # What the admin's sign-out does (server.admin.sign_in.sign_out).
    await Person.filter(id=member.id).update(session_version=F("session_version") + 1)
    assert await account_links.live(token, RESET) is None
    with pytest.raises(BadInput):
        await account_links.set_password(token, RESET, NEW)


async def test_setting_a_password_kills_the_persons_other_links():
    _, admin = await _admin()
    nandi = await administration.create_person(admin, name="Nandi Zwane", email="nandi@example.org")
    invitation = await _token(nandi.id, INVITE)
    await account_links.request_reset("nandi@example.org")  # no password yet: may ask too
    reset = await _token(nandi.id, RESET)
    await account_links.set_password(reset, RESET, NEW)
    assert await account_links.live(invitation, INVITE) is None


async def test_an_invitation_expires_after_7_days_and_a_reset_after_an_hour():
    world, admin = await _admin()
    nandi = await administration.create_person(admin, name="Nandi Zwane", email="nandi@example.org")
    invitation = await _token(nandi.id, INVITE)
    issued = (await AccountLink.get(person_id=nandi.id)).created_at
    almost = issued + timedelta(days=7) - timedelta(seconds=1)
    assert await account_links.live(invitation, INVITE, now=almost) is not None
    with pytest.raises(BadInput):
        await account_links.set_password(invitation, INVITE, NEW, now=issued + timedelta(days=7))

    now = datetime.now(UTC)
    await account_links.request_reset("member@example.org", now=now)
    reset = await _token(world.people["member"].id, RESET)
    later = now + timedelta(hours=1)
    assert await account_links.live(reset, RESET, now=later - timedelta(seconds=1)) is not None
    with pytest.raises(BadInput):
        await account_links.set_password(reset, RESET, NEW, now=later)
    await account_links.set_password(reset, RESET, NEW, now=later - timedelta(seconds=1))


async def test_no_reset_for_an_unknown_address_or_an_integration_account():
    _, admin = await _admin()
    await administration.create_person(
        admin, name="Partner System", email="system@example.org", is_integration=True
    )
    assert not await account_links.request_reset("nobody@example.org")
    assert not await account_links.request_reset("system@example.org")
    assert not await account_links.request_reset("")
    assert not await OutboxItem.filter(topic="PASSWORD_RESET").exists()


async def test_only_an_admin_invites_and_only_someone_without_a_password():
    world, admin = await _admin()
    nandi = await administration.create_person(admin, name="Nandi Zwane", email="nandi@example.org")
    chair = await viewer(world.people["chair"])
    with pytest.raises(Forbidden):
        await account_links.invite(chair, person_id=nandi.id)
    assert await OutboxItem.filter(topic="INVITATION").count() == 1
    await Person.filter(id=world.people["member"].id).update(password_hash=hash_password(NEW))
    with pytest.raises(Conflict, match="Forgot your password"):
        await account_links.invite(admin, person_id=world.people["member"].id)
    system = await administration.create_person(
        admin,
        name="Partner System",
        email="system@example.org",
        is_integration=True,
        platform_roles=[PlatformRole.COMMUNICATIONS],
    )
    with pytest.raises(BadInput, match="integration"):
        await account_links.invite(admin, person_id=system.id)
    await account_links.invite(admin, person_id=nandi.id)
    event = await AuditEvent.filter(action="person.invite").get()
    assert (event.actor_id, event.subject_id) == (world.people["admin"].id, nandi.id)


async def test_the_api_s_create_person_invites_too(client):
    world = await workflow_world()
    created = await gql(
        client,
        'mutation { createPerson(input: {name: "Nandi Zwane", email: "nandi@example.org"}) '
        "{ name } }",
        token=world.tokens["admin"],
    )
    assert created.ok, created.errors
    nandi = await Person.get(email="nandi@example.org")
    assert await account_links.live(await _token(nandi.id, INVITE), INVITE) is not None


async def test_a_link_used_twice_at_once_sets_one_password():
    world, _ = await _admin()
    await account_links.request_reset("member@example.org")
    token = await _token(world.people["member"].id, RESET)
    results = await asyncio.gather(
        account_links.set_password(token, RESET, "first long password"),
        account_links.set_password(token, RESET, "second long password"),
        return_exceptions=True,
    )
    assert sorted(type(r).__name__ for r in results) == ["BadInput", "Person"], results
    (winner,) = [r for r in results if isinstance(r, Person)]
    stored = (await Person.get(id=winner.id)).password_hash
    assert verify_password(stored, "first long password") != verify_password(
        stored, "second long password"
    )
    assert await AuditEvent.filter(action="person.reset_password").count() == 1


async def test_an_email_given_up_on_forgets_its_token():
    await _admin()
    await account_links.request_reset("member@example.org")
    (item,) = await outbox.claim()
    assert "token" in item.payload
    await outbox.failed(item, "relay down", retry=True)  # still to be tried: kept
    assert "token" in (await OutboxItem.get(id=item.id)).payload
    await outbox.failed(item, "550 no such mailbox", retry=False)
    assert (await OutboxItem.get(id=item.id)).payload == {}
