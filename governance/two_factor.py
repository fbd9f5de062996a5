"""Two-factor sign-in: a time-based code (TOTP, RFC 6238) or a one-time recovery code.

A person enrols in two steps: a secret is drawn (shown as a QR code; the caller
keeps it, signed, in the form), and two-factor is in force once they type a
first code made from it, which proves their authenticator holds it; only then is
the secret stored, and they get ten recovery codes, shown once and stored as
SHA-256 hashes. Every function here acts on the person's own account:
the caller has already authenticated them (their session, or their password in
the middle of signing in).

Concurrency: a code is good once. Accepting one is a single conditional UPDATE
(`totp_last_step < step`, `used_at IS NULL`): of two requests racing with the same
code, the database lets exactly one through.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from datetime import UTC, datetime

import pyotp
from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from governance import audit, events
from governance.errors import N_, BadInput, Conflict, Forbidden, NotFound
from governance.models import Person, RecoveryCode

ISSUER = "Indaba"
RECOVERY_CODES = 10
# Codes from the step before and after the current one are accepted: clocks drift,
# and a code typed in its last seconds arrives in the next step.
WINDOW = 1
BASE32 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
WRONG_CODE = N_("That code is not right, or was already used. Try the current code.")


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret)


def provisioning_uri(secret: str, email: str) -> str:
    """What the QR code holds: otpauth://totp/Indaba:email?secret=…&issuer=Indaba."""
    return _totp(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def _matching_step(secret: str, code: str, now: float | None) -> int | None:
    """The time step whose code this is (within the window), or None."""
    code = "".join(code.split())
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return None
    totp = _totp(secret)
    current = totp.timecode(datetime.fromtimestamp(time.time() if now is None else now, UTC))
    found = None
    for step in range(current - WINDOW, current + WINDOW + 1):
        # Compare all three, in constant time: the timing tells nothing.
        if hmac.compare_digest(totp.generate_otp(step), code):
            found = step
    return found


def _normalise_recovery(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())[:40]


def _recovery_hash(code: str) -> str:
    return hashlib.sha256(_normalise_recovery(code).encode()).hexdigest()


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))  # ~49 bits
    return f"{raw[:5]}-{raw[5:]}"


async def _person(person_id: int) -> Person:
    person = await Person.get_or_none(id=person_id)
    if person is None:
        raise NotFound("No person with that id.")
    return person


def enabled(person: Person) -> bool:
    return person.totp_enabled_at is not None and person.totp_secret is not None


def required(person: Person, policy: str) -> bool:
    """Whether this person must sign in with a second factor (INDABA_REQUIRE_2FA: "admin"
    makes it compulsory for ADMIN accounts)."""
    return policy == "admin" and person.is_admin


def missing(person: Person, policy: str) -> bool:
    """Required but not set up: no session may stand until it is."""
    return required(person, policy) and not enabled(person)


def new_secret() -> str:
    """A secret to enrol with (160 bits). Nothing is stored until a first code confirms it:
    a page reloaded or abandoned leaves no half-enrolled account behind."""
    return pyotp.random_base32()


async def _replace_recovery_codes(person_id: int) -> list[str]:
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODES)]
    await RecoveryCode.filter(person_id=person_id).delete()
    await RecoveryCode.bulk_create(
        [RecoveryCode(person_id=person_id, code_hash=_recovery_hash(code)) for code in codes]
    )
    return codes


async def confirm_enrolment(
    person_id: int, secret: str, code: str, *, now: float | None = None
) -> list[str]:
    """Turn two-factor on with `secret` and a first code made from it (the authenticator
    holds it); the recovery codes, in clear, this once. The person's other sessions end:
    whoever signed in with the password alone is signed out."""
    person = await _person(person_id)
    if enabled(person):
        raise Conflict("Two-factor sign-in is already on.")
    if len(secret) != 32 or any(ch not in BASE32 for ch in secret):
        raise BadInput("Start setting up two-factor sign-in again.")
    step = _matching_step(secret, code, now)
    if step is None:
        raise BadInput(WRONG_CODE)
    async with in_transaction():
        changed = await Person.filter(id=person_id, totp_enabled_at__isnull=True).update(
            totp_secret=secret,
            totp_enabled_at=datetime.now(UTC),
            totp_last_step=step,
            session_version=F("session_version") + 1,
        )
        if not changed:  # confirmed in another tab meanwhile
            raise Conflict("Two-factor sign-in is already on.")
        codes = await _replace_recovery_codes(person_id)
        await audit.record(
            person_id, "two_factor.enable", "Turned on two-factor sign-in", "person", person_id
        )
    await events.publish(events.CREDENTIALS_TOPIC, person_id)
    return codes


async def _accept_totp(person: Person, code: str, now: float | None) -> bool:
    if not enabled(person) or person.totp_secret is None:
        return False
    step = _matching_step(person.totp_secret, code, now)
    if step is None:
        return False
    accepted = await Person.filter(
        Q(totp_last_step__isnull=True) | Q(totp_last_step__lt=step),
        id=person.id,
        totp_secret=person.totp_secret,
        totp_enabled_at__isnull=False,
    ).update(totp_last_step=step)
    return accepted == 1


async def _use_recovery_code(person: Person, code: str, what: str) -> bool:
    if not enabled(person) or not _normalise_recovery(code):
        return False
    async with in_transaction():
        used = await RecoveryCode.filter(
            person_id=person.id, code_hash=_recovery_hash(code), used_at__isnull=True
        ).update(used_at=datetime.now(UTC))
        if not used:
            return False
        left = await RecoveryCode.filter(person_id=person.id, used_at__isnull=True).count()
        await audit.record(
            person.id,
            "two_factor.recovery_code",
            f"Used a recovery code to {what} ({left} left)",
            "person",
            person.id,
        )
    return True


async def check_code(person_id: int, code: str, *, now: float | None = None) -> bool:
    """A current authenticator code (each accepted once) or an unused recovery code
    (then spent). False for anything else, including a person without two-factor."""
    person = await _person(person_id)
    code = code.strip()[:64]
    if await _accept_totp(person, code, now):
        return True
    return await _use_recovery_code(person, code, "sign in")


async def disable(
    person_id: int, code: str, *, required: bool = False, now: float | None = None
) -> None:
    """Turn two-factor off, proven with a current code (or a recovery code).
    `required`: the service's settings make it compulsory for this person."""
    person = await _person(person_id)
    if not enabled(person):
        raise Conflict("Two-factor sign-in is not on.")
    if required:
        raise Forbidden("Two-factor sign-in is required for platform admins on this service.")
    code = code.strip()[:64]
    async with in_transaction():
        if not (
            await _accept_totp(person, code, now)
            or await _use_recovery_code(person, code, "turn off two-factor")
        ):
            raise BadInput(WRONG_CODE)
        await Person.filter(id=person_id).update(
            totp_secret=None, totp_enabled_at=None, totp_last_step=None
        )
        await RecoveryCode.filter(person_id=person_id).delete()
        await audit.record(
            person_id, "two_factor.disable", "Turned off two-factor sign-in", "person", person_id
        )


async def recovery_codes_left(person_id: int) -> int:
    return await RecoveryCode.filter(person_id=person_id, used_at__isnull=True).count()
