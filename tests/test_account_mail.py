"""The account emails reach a real SMTP server (aiosmtpd, in this process) through the
worker, plain text and HTML, and the link they carry works, once. The token leaves the
database with the email; an email whose link died before it left is not sent."""

from __future__ import annotations

import re
from email.message import EmailMessage
from zoneinfo import ZoneInfo

from governance import account_links, administration
from governance.enums import OutboxChannel, OutboxStatus
from governance.models import AccountLink, OutboxItem, Person
from governance.models.account_links import LinkPurpose
from server import account_mail, worker
from server.mail import Smtp
from server.messages import BUILDERS, MailContext
from server.worker import DONE, Outcome
from tests.admin.helpers import SIGN_IN_TOKEN
from tests.conftest import SECRET
from tests.test_mail import Inbox, inbox  # noqa: F401 (the in-process SMTP server)
from tests.workflows.helpers import viewer, workflow_world

CONTEXT = MailContext(
    public_url="http://testserver", sender="Indaba <no-reply@example.org>", secret_key=SECRET
)
LINK = re.compile(r"http://testserver(/admin/(?:invitation|password/reset)/[A-Za-z0-9_-]+)")
NEW = "a long new password"


def email_sender(relay: Inbox):
    """The EMAIL sender as the worker runs it: the topic's builder, then SMTP."""
    smtp = Smtp.from_url(f"smtp://127.0.0.1:{relay.port}", sender=CONTEXT.sender)  # type: ignore[attr-defined]

    async def send(item: OutboxItem) -> Outcome:
        message = await BUILDERS[item.topic](item, CONTEXT)
        return DONE if message is None else await smtp.send(message)

    return send


def parts(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


async def _set_password(client, path: str) -> int:
    page = await client.get(path)
    assert page.status_code == 200, page.text
    token = SIGN_IN_TOKEN.search(page.text)
    assert token
    data = {"password": NEW, "password_again": NEW, "csrf_token": token.group(1)}
    return (await client.post(path, data=data)).status_code


async def test_an_invitation_arrives_with_a_link_that_works_once(inbox, client):  # noqa: F811
    assert account_mail.build is BUILDERS["INVITATION"] is BUILDERS["PASSWORD_RESET"]
    world = await workflow_world()
    admin = await viewer(world.people["admin"])
    nandi = await administration.create_person(admin, name="Nandi Zwane", email="nandi@example.org")

    assert await worker.run_once({OutboxChannel.EMAIL: email_sender(inbox)}) == 1
    (received,) = inbox.messages
    assert inbox.envelopes == [("no-reply@example.org", ["nandi@example.org"])]
    assert received["To"] == "Nandi Zwane <nandi@example.org>"
    assert received["Subject"] == "You are invited to Indaba: choose your password"
    text, html = parts(received)
    assert "Hello Nandi Zwane" in text and "7 days" in text
    (path,) = LINK.findall(text)
    assert f'href="http://testserver{path}"' in html
    assert path.startswith("/admin/invitation/")

    # Sent: the token is no longer in the database, in any form that opens anything.
    item = await OutboxItem.get(person_id=nandi.id)
    assert item.status == OutboxStatus.SENT and item.payload == {}

    assert await _set_password(client, path) == 303
    assert (await Person.get(id=nandi.id)).password_hash
    assert (await client.get(path)).status_code == 404  # once


async def test_a_reset_email_carries_a_link_that_works_for_an_hour(inbox, client):  # noqa: F811
    world = await workflow_world()
    member = world.people["member"]
    await Person.filter(id=member.id).update(time_zone="Africa/Johannesburg")
    assert await account_links.request_reset("member@example.org")
    await worker.run_once({OutboxChannel.EMAIL: email_sender(inbox)})
    (received,) = inbox.messages
    assert received["Subject"] == "Reset your Indaba password"
    text, html = parts(received)
    assert "1 hour" in text
    # The link's end on the member's own clocks, the zone named.
    link = await AccountLink.get(person_id=member.id)
    ends = link.expires_at.astimezone(ZoneInfo("Africa/Johannesburg"))
    assert f"{ends:%H:%M} Africa/Johannesburg" in text
    # The same frame as every other email Indaba sends, without a notification's footer.
    assert "<title>Reset your Indaba password</title>" in html
    assert 'font-weight:bold;font-size:18px;">Indaba</td>' in html
    assert "Choose which emails you receive" not in html
    (path,) = LINK.findall(text)
    assert path.startswith("/admin/password/reset/")
    assert await _set_password(client, path) == 303
    assert (await Person.get(id=world.people["member"].id)).password_hash


async def test_an_email_whose_link_died_before_it_left_is_not_sent(inbox):  # noqa: F811
    await workflow_world()
    await account_links.request_reset("member@example.org")
    await account_links.request_reset("member@example.org")  # the first link dies
    await worker.run_once({OutboxChannel.EMAIL: email_sender(inbox)})
    # One email, with the live link; the other item is done, with nothing to send.
    assert len(inbox.messages) == 1
    statuses = await OutboxItem.filter(topic="PASSWORD_RESET").values_list("status", flat=True)
    assert statuses == [OutboxStatus.SENT, OutboxStatus.SENT]
    (path,) = LINK.findall(parts(inbox.messages[0])[0])
    token = path.rsplit("/", 1)[1]
    assert await account_links.live(token, LinkPurpose.PASSWORD_RESET)
