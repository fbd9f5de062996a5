"""The rules of two-factor sign-in (governance.two_factor): codes good once, within a step
either side, recovery codes hashed and single use, every change audited."""

from __future__ import annotations

import asyncio
import hashlib
import time

import pyotp
import pytest

from governance import two_factor
from governance.errors import BadInput, Conflict, Forbidden
from governance.models import AuditEvent, Person, RecoveryCode

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
STEP = 30


def code_at(moment: float, secret: str = SECRET) -> str:
    return pyotp.TOTP(secret).at(moment)


async def person() -> Person:
    return await Person.create(name="Thandi Nkosi", email="thandi@example.org")


async def enrolled(now: float) -> tuple[Person, list[str]]:
    someone = await person()
    codes = await two_factor.confirm_enrolment(someone.id, SECRET, code_at(now), now=now)
    return await Person.get(id=someone.id), codes


async def actions() -> list[str]:
    return [e.action for e in await AuditEvent.all().order_by("seq")]


async def test_a_first_code_from_the_secret_turns_it_on():
    someone = await person()
    now = time.time()
    with pytest.raises(BadInput):
        await two_factor.confirm_enrolment(someone.id, SECRET, code_at(now - 5 * STEP), now=now)
    other = "JBSWY3DPEHPK3PXPJBSWY3DP"  # a good secret elsewhere, but not one this server draws
    with pytest.raises(BadInput):
        await two_factor.confirm_enrolment(someone.id, other, code_at(now, other), now=now)
    assert not two_factor.enabled(await Person.get(id=someone.id))
    assert await actions() == []

    codes = await two_factor.confirm_enrolment(someone.id, SECRET, code_at(now), now=now)
    someone = await Person.get(id=someone.id)
    assert two_factor.enabled(someone)
    assert someone.session_version == 1  # sessions signed in with the password alone end
    assert len(codes) == len(set(codes)) == two_factor.RECOVERY_CODES
    stored = set(
        await RecoveryCode.filter(person_id=someone.id).values_list("code_hash", flat=True)
    )
    assert stored == {hashlib.sha256(code.replace("-", "").encode()).hexdigest() for code in codes}
    assert await actions() == ["two_factor.enable"]
    with pytest.raises(Conflict):
        await two_factor.confirm_enrolment(someone.id, SECRET, code_at(now), now=now)


async def test_a_code_is_good_within_a_step_either_side_and_once():
    now = time.time()
    someone, _ = await enrolled(now - 10 * STEP)
    assert not await two_factor.check_code(someone.id, code_at(now - 2 * STEP), now=now)
    assert not await two_factor.check_code(someone.id, code_at(now + 2 * STEP), now=now)
    assert await two_factor.check_code(someone.id, code_at(now - STEP), now=now)
    assert not await two_factor.check_code(someone.id, code_at(now - STEP), now=now)  # used
    assert await two_factor.check_code(someone.id, code_at(now), now=now)
    assert await two_factor.check_code(someone.id, code_at(now + STEP), now=now)
    # Once a later step is accepted, an earlier one is never good again.
    later = now + STEP
    assert not await two_factor.check_code(someone.id, code_at(now), now=later)
    assert not await two_factor.check_code(someone.id, "", now=now)
    assert not await two_factor.check_code(someone.id, "12345", now=now)


async def test_the_code_that_turned_it_on_does_not_sign_in():
    now = time.time()
    someone, _ = await enrolled(now)
    assert not await two_factor.check_code(someone.id, code_at(now), now=now)


async def test_parallel_requests_with_one_code_let_one_through():
    now = time.time()
    someone, _ = await enrolled(now - 10 * STEP)
    results = await asyncio.gather(
        *(two_factor.check_code(someone.id, code_at(now), now=now) for _ in range(10))
    )
    assert results.count(True) == 1


async def test_a_recovery_code_signs_in_once_and_is_audited():
    now = time.time()
    someone, codes = await enrolled(now)
    assert await two_factor.check_code(someone.id, codes[0].upper().replace("-", " "))
    assert not await two_factor.check_code(someone.id, codes[0])
    assert await two_factor.recovery_codes_left(someone.id) == two_factor.RECOVERY_CODES - 1
    event = await AuditEvent.all().order_by("-seq").first()
    assert event.action == "two_factor.recovery_code"
    assert "9 left" in event.summary
    assert codes[0] not in event.summary


async def test_nobody_without_two_factor_has_a_code():
    someone = await person()
    assert not await two_factor.check_code(someone.id, code_at(time.time()))


async def test_turning_it_off_takes_a_current_code():
    now = time.time()
    someone, codes = await enrolled(now - 10 * STEP)
    with pytest.raises(BadInput):
        await two_factor.disable(someone.id, "000000", now=now)
    with pytest.raises(Forbidden):  # INDABA_REQUIRE_2FA=admin, for an admin
        await two_factor.disable(someone.id, code_at(now), required=True, now=now)
    assert two_factor.enabled(await Person.get(id=someone.id))

    await two_factor.disable(someone.id, code_at(now), now=now)
    someone = await Person.get(id=someone.id)
    assert not two_factor.enabled(someone)
    assert someone.totp_secret is None
    assert await RecoveryCode.filter(person_id=someone.id).count() == 0
    assert not await two_factor.check_code(someone.id, codes[1])
    assert (await actions())[-1] == "two_factor.disable"
    with pytest.raises(Conflict):
        await two_factor.disable(someone.id, code_at(now), now=now)


async def test_a_recovery_code_turns_it_off_too():
    now = time.time()
    someone, codes = await enrolled(now)
    await two_factor.disable(someone.id, codes[3], now=now)
    assert not two_factor.enabled(await Person.get(id=someone.id))
    assert (await actions())[-2:] == ["two_factor.recovery_code", "two_factor.disable"]
