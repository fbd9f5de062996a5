"""The two-factor set-up form, shared by the profile and by the sign-in of an admin who
must enrol: a QR code (inline SVG: the CSP allows no script), the secret in text for
typing by hand, and the secret again, signed, in a hidden field.

Nothing is stored until a first code confirms the secret, so the form carries it:
signed with the server's key and bound to the person, it cannot be swapped for
someone else's or forged.
"""

from __future__ import annotations

from typing import Any

import segno
from itsdangerous import BadSignature, URLSafeTimedSerializer
from markupsafe import Markup

from governance import two_factor
from governance.models import Person

FIELD = "enrolment"
MAX_AGE = 30 * 60  # time to find the phone, install an app, scan


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt="indaba.two-factor.enrolment")


def form_token(secret_key: str, person_id: int, secret: str) -> str:
    """The hidden field: the secret, signed and bound to the person."""
    return _serializer(secret_key).dumps([person_id, secret])


def secret_from_form(secret_key: str, person_id: int, value: str | None) -> str | None:
    """The secret the form was drawn with, if the form is this server's, this person's,
    and recent."""
    if not value or len(value) > 500:
        return None
    try:
        owner, secret = _serializer(secret_key).loads(value, max_age=MAX_AGE)
    except (BadSignature, ValueError, TypeError):
        return None
    if owner != person_id or not isinstance(secret, str):
        return None
    return secret


def qr_svg(uri: str) -> Markup:
    """The QR code as inline SVG. segno writes only paths and presentation attributes
    (no style attribute, nothing from the URI as text), so marking it safe is sound."""
    svg = segno.make(uri, error="m").svg_inline(
        scale=4, dark="#000", light="#fff", title="QR code for your authenticator app"
    )
    return Markup(svg)  # noqa: S704


def setup(secret_key: str, person: Person, secret: str | None = None) -> dict[str, Any]:
    """The form for `secret` (after a mistyped code) or a fresh one, ready for the
    template (`admin/two_factor_setup.html`)."""
    secret = secret or two_factor.new_secret()
    return {
        "qr": qr_svg(two_factor.provisioning_uri(secret, person.email)),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "token": form_token(secret_key, person.id, secret),
        "field": FIELD,
    }
