"""Email reaches a real SMTP server (aiosmtpd, in this process): no mock of the client.
What the relay accepts is sent; what it refuses for good is not retried; a relay that is
down is tried again later (server.mail)."""

from __future__ import annotations

import socket
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default

import pytest
from aiosmtpd.controller import Controller

from server.mail import BadSmtpUrl, Smtp


class Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("nobody@"):
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(BytesParser(policy=default).parsebytes(envelope.content))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def inbox():
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    box.port = controller.port  # type: ignore[attr-defined]
    yield box
    controller.stop()


def message(to: str) -> EmailMessage:
    mail = EmailMessage()
    mail["To"] = to
    mail["Subject"] = "Minutes of the MCPP steering committee approved"
    mail.set_content("The minutes are approved.")
    return mail


async def test_a_message_reaches_the_relay(inbox):
    smtp = Smtp.from_url(f"smtp://127.0.0.1:{inbox.port}", sender="Indaba <no-reply@example.org>")
    outcome = await smtp.send(message("thandi@example.org"))
    assert outcome.ok
    (received,) = inbox.messages
    assert received["Subject"] == "Minutes of the MCPP steering committee approved"
    assert received["From"] == "Indaba <no-reply@example.org>"
    assert inbox.envelopes == [("no-reply@example.org", ["thandi@example.org"])]


async def test_a_refused_address_is_not_retried_and_a_relay_down_is(inbox):
    smtp = Smtp.from_url(f"smtp://127.0.0.1:{inbox.port}")
    refused = await smtp.send(message("nobody@example.org"))
    assert (refused.ok, refused.retry) == (False, False)
    nobody_listens = free_port()
    down = await Smtp.from_url(f"smtp://127.0.0.1:{nobody_listens}").send(
        message("thandi@example.org")
    )
    assert (down.ok, down.retry) == (False, True)
    assert inbox.messages == []


def test_the_url_says_how_to_reach_the_relay():
    smtp = Smtp.from_url("smtp://indaba%40mcpp.org:s%3Dcret@mail.example.org:587?starttls=1")
    assert (smtp.host, smtp.port, smtp.username, smtp.password) == (
        "mail.example.org", 587, "indaba@mcpp.org", "s=cret",
    )  # fmt: skip
    assert smtp.start_tls is True and smtp.use_tls is False
    assert Smtp.from_url("smtps://mail.example.org").port == 465
    with pytest.raises(BadSmtpUrl, match="smtp://user:password@host:587"):
        Smtp.from_url("http://mail.example.org")
