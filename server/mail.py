"""Email over SMTP (`INDABA_SMTP_URL`), for the worker (server.worker).

    smtp://user:password@mail.example.org:587?starttls=1   STARTTLS on a submission port
    smtps://user:password@mail.example.org:465              TLS from the first byte
    smtp://127.0.0.1:2525                                   a local relay (tests: aiosmtpd)

Without the setting email is off: in-app notifications still work, and the outbox keeps
what it could not send until an address is configured (PRODUCT.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

import aiosmtplib

from server.worker import DONE, Outcome

TIMEOUT = 30.0


class BadSmtpUrl(ValueError):
    pass


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    username: str | None = None
    password: str | None = None
    use_tls: bool = False  # smtps://
    start_tls: bool | None = None  # None: when the server offers it
    sender: str = "Indaba <indaba@localhost>"

    @classmethod
    def from_url(cls, url: str, sender: str | None = None) -> Smtp:
        parts = urlsplit(url)
        if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
            raise BadSmtpUrl(
                "INDABA_SMTP_URL must look like smtp://user:password@host:587?starttls=1 "
                "or smtps://user:password@host:465."
            )
        query = parse_qs(parts.query)
        starttls = query.get("starttls", [""])[0]
        return cls(
            host=parts.hostname,
            port=parts.port or (465 if parts.scheme == "smtps" else 25),
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            use_tls=parts.scheme == "smtps",
            start_tls=True if starttls == "1" else (False if starttls == "0" else None),
            sender=sender or cls.sender,
        )

    async def send(self, message: EmailMessage) -> Outcome:
        """Hand one message to the relay. A refused recipient (5xx) will not be accepted
        later: not retried. A relay down, slow or answering 4xx: retried."""
        if "From" not in message:
            message["From"] = self.sender
        try:
            await aiosmtplib.send(
                message,
                hostname=self.host,
                port=self.port,
                username=self.username,
                password=self.password,
                use_tls=self.use_tls,
                start_tls=self.start_tls,
                timeout=TIMEOUT,
            )
        except aiosmtplib.SMTPRecipientsRefused as error:
            codes = [r.code for r in error.recipients]
            return Outcome(False, f"recipient refused: {codes}", retry=any(c < 500 for c in codes))
        except aiosmtplib.SMTPResponseException as error:
            return Outcome(False, f"{error.code} {error.message}"[:300], retry=error.code < 500)
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
            return Outcome(False, f"{type(error).__name__}: {error}"[:300])
        return DONE
