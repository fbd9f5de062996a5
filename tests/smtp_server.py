"""A real SMTP server in this process (aiosmtpd, on its own thread) for the tests that read
what the worker sends: `with smtp_server() as inbox: ... inbox.messages`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from aiosmtpd.controller import Controller

from tests.test_mail import Inbox, free_port


@contextmanager
def smtp_server() -> Iterator[Inbox]:
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    box.port = controller.port  # type: ignore[attr-defined]
    try:
        yield box
    finally:
        controller.stop()
