"""The signed-in person's own account: their language and time zone, their password
(changed with the current one), two-factor sign-in (set up, recovery codes, off).

Everything here acts on the viewer's own account, so everyone signed in may use
it; the rules (a code good once, recovery codes hashed, every change audited)
are governance.two_factor's.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from governance import languages, passwords, throttles, two_factor, validation, zones
from governance.errors import BadInput
from governance.models import Body, Person
from server.admin import enrolment, forms, sign_in, sign_in_limits
from server.admin.pages import Admin, refusal
from server.admin.sign_in_limits import Counter, digest

PAGE = "admin/profile.html"
# Wrong codes when turning two-factor off: a stolen session must not be able to
# guess its way to a password-only account.
CODE_LIMIT = throttles.Limit(5, 15 * 60)
# Wrong current passwords when changing it: the same, for the same reason.
PASSWORD_LIMIT = throttles.Limit(5, 15 * 60)
# Offered first in the zone select, with the zones the bodies here meet in: where the
# programmes' people mostly are (West, Southern, East and North Africa).
COMMON_ZONES = (
    "Africa/Bamako",
    "Africa/Johannesburg",
    "Africa/Abidjan",
    "Africa/Dakar",
    "Africa/Lagos",
    "Africa/Kinshasa",
    "Africa/Nairobi",
    "Africa/Cairo",
    "UTC",
)


def _key(admin: Admin) -> str:
    return str(admin.request.app.state.settings.secret_key)


def _required(admin: Admin, person: Person) -> bool:
    return two_factor.required(person, admin.request.app.state.settings.require_2fa)


async def zone_choices() -> tuple[list[str], list[str]]:
    """The zones to choose from: the common ones (those the bodies here meet in among
    them), then every other zone; one statement."""
    meeting_in = await Body.all().distinct().values_list("time_zone", flat=True)
    common = sorted({*COMMON_ZONES, *(str(zone) for zone in meeting_in)} - {"UTC"})
    common.append("UTC")
    return common, [zone for zone in validation.time_zones() if zone not in common]


async def context(admin: Admin, **values: Any) -> dict[str, Any]:
    person = await Person.get(id=admin.person_id)
    on = two_factor.enabled(person)
    common_zones, other_zones = await zone_choices()
    return {
        "section": "profile",
        "person": person,
        "common_zones": common_zones,
        "other_zones": other_zones,
        "two_factor_on": on,
        "enabled_at": person.totp_enabled_at,
        "codes_left": await two_factor.recovery_codes_left(person.id) if on else 0,
        "required": _required(admin, person),
        "setup": None,
        "codes": None,
        "has_password": bool(person.password_hash) and not person.is_integration,
        **values,
    }


async def show(admin: Admin) -> Response:
    return admin.render(PAGE, await context(admin), fragment="two_factor")


async def setup(admin: Admin) -> Response:
    """The QR code for a new secret (or, after a mistyped code, the same one again)."""
    secret = None
    if admin.request.method == "POST":
        field = forms.text(await admin.form(), enrolment.FIELD)
        secret = enrolment.secret_from_form(_key(admin), admin.person_id, field)
    values = await context(admin)
    if not values["two_factor_on"]:
        values["setup"] = enrolment.setup(_key(admin), values["person"], secret)
    return admin.render(PAGE, values)


async def change(admin: Admin) -> Response:
    """state=on: a first code confirms the secret; state=off: a current code turns it off."""
    form = await admin.form()
    state = forms.text(form, "state")
    code = forms.text(form, "code")
    if state == "on":
        field = forms.text(form, enrolment.FIELD)
        secret = enrolment.secret_from_form(_key(admin), admin.person_id, field)
        if secret is None:
            raise BadInput("The set-up page had expired: scan this new QR code.")
        codes = await two_factor.confirm_enrolment(admin.person_id, secret, code)
        # Enrolling ended every session of this person, this one too: a fresh one here,
        # whose CSRF token the page carries from now on.
        person = await Person.get(id=admin.person_id)
        value, admin.session = sign_in.new_session(admin.request, person)
        admin.message = "Two-factor sign-in is on. Save your recovery codes now."
        response = admin.render(PAGE, await context(admin, codes=codes))
        return sign_in.issue_session(admin.request, response, person, value)
    if state != "off":
        raise BadInput("Choose to turn two-factor sign-in on or off.")
    counter = Counter(
        f"two-factor-off:{digest(str(admin.person_id))}", CODE_LIMIT, "Too many wrong codes."
    )
    over = await sign_in_limits.over_limit([counter])
    if over:
        answer = refusal(admin.request, 429, over[0], admin)
        answer.headers["Retry-After"] = str(over[1])
        return answer
    person = await Person.get(id=admin.person_id)
    await two_factor.disable(admin.person_id, code, required=_required(admin, person))
    await sign_in_limits.succeeded([counter], signed_in=True)
    return await admin.done(
        PAGE,
        lambda: context(admin),
        fragment="two_factor",
        redirect=admin.url("profile"),
        message="Two-factor sign-in is off.",
    )


async def change_password(admin: Admin) -> Response:
    """The current password, then the new one twice. Every other session of the person
    ends; this one goes on with a fresh cookie."""
    form = await admin.form()
    new = str(form.get("new_password") or "")[:1001]
    if new != str(form.get("new_password_again") or "")[:1001]:
        raise BadInput("The two new passwords differ.")
    counter = Counter(
        f"password-change:{digest(str(admin.person_id))}",
        PASSWORD_LIMIT,
        "Too many wrong current passwords.",
    )
    over = await sign_in_limits.over_limit([counter])
    if over:
        answer = refusal(admin.request, 429, over[0], admin)
        answer.headers["Retry-After"] = str(over[1])
        return answer
    person = await passwords.change_password(
        admin.person_id, str(form.get("current_password") or ""), new
    )
    await sign_in_limits.succeeded([counter], signed_in=True)
    # This session goes on with a new cookie, and the page with its new CSRF token: the
    # whole page again (htmx follows HX-Redirect), not a fragment of the old one.
    return sign_in.issue_session(admin.request, admin.go(admin.url("profile")), person)


async def change_language(admin: Admin) -> Response:
    """The person's own language: the whole page again, in it (a full load, not a fragment)."""
    await languages.set_language(admin.person_id, forms.text(await admin.form(), "language"))
    return admin.go(admin.url("profile"))


async def change_time_zone(admin: Admin) -> Response:
    """The person's own zone, for the times on their dashboard: the whole page again."""
    await zones.set_time_zone(admin.person_id, forms.text(await admin.form(), "time_zone"))
    return admin.go(admin.url("profile"))
