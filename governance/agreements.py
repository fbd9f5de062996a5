"""Partnership agreements: creation, their lifecycle, commitments and their status."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from governance import audit, clock, validation
from governance.enums import AgreementStatus, Classification, CommitmentStatus, PartyRole
from governance.errors import N_, BadInput, NotFound, Phrase
from governance.guards import described, found, name_creator, signed_in
from governance.lifecycles import AGREEMENT, COMMITMENT
from governance.models import (
    Agreement,
    AgreementParty,
    Body,
    Commitment,
    FocusArea,
    Organization,
)
from governance.webhooks import WebhookEvent, emit
from permissions import Viewer, require, visible

# The contract's `amountMinor: Int` is a 32-bit GraphQL Int: what a client sends there is
# capped at it. Larger amounts come as `amount`, a decimal string, and are stored in a
# BIGINT up to MAX_STORED_MINOR (ten trillion rand, far above any partnership's budget, far
# below the column's limit); `amountMinor` then reads null and `amount` carries them.
MAX_AMOUNT_MINOR = 2**31 - 1
MAX_STORED_MINOR = 10**15

# ISO 4217 minor units where they are not 2 (cents): XOF, the franc of Mali, has none.
MINOR_DIGITS: dict[str, int] = {
    code: digits
    for digits, codes in (
        (0, ("BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI",
             "VND", "VUV", "XAF", "XOF", "XPF")),
        (3, ("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND")),
        (4, ("CLF", "UYW")),
    )
    for code in codes
}  # fmt: skip
_AMOUNT_RE = re.compile(r"([0-9]+)(?:\.([0-9]+))?")  # fullmatch: no trailing newline

MANAGE = N_(
    "Only the governing committee's chair or secretary, or an admin, manages this agreement."
)


def minor_digits(currency: str) -> int:
    return MINOR_DIGITS.get(currency, 2)


def amount_in_minor_units(amount: str, currency: str) -> int:
    """A decimal string in major units ("4500000000.00" rand) as minor units (cents).

    Strict, as money should be: ASCII digits, at most the currency's minor digits after
    one point; no sign, exponent, grouping or spaces; at most MAX_STORED_MINOR.
    """
    digits = minor_digits(currency)
    example = "1500000" if digits == 0 else "1500000." + "5" * digits
    match = _AMOUNT_RE.fullmatch(amount) if len(amount) <= 40 else None
    if match is None or (match[2] is not None and len(match[2]) > digits):
        fraction = (
            Phrase("%(currency)s has no minor unit: give whole units", currency=currency)
            if digits == 0
            else Phrase("at most %(digits)s digits after the point", digits=digits)
        )
        raise BadInput(
            "amount must be a decimal number in %(currency)s, such as %(example)s: digits only, "
            "%(fraction)s, no sign or exponent.",
            currency=currency,
            example=example,
            fraction=fraction,
        )
    minor = int(match[1]) * 10**digits + int((match[2] or "").ljust(digits, "0") or 0)
    if minor > MAX_STORED_MINOR:
        raise BadInput(
            "amount must be at most %(most)s %(currency)s.",
            most=format_amount(MAX_STORED_MINOR, currency),
            currency=currency,
        )
    return minor


def format_amount(amount_minor: int, currency: str) -> str:
    """Minor units as a decimal string in major units: 450000000000 ZAR -> "4500000000.00"."""
    digits = minor_digits(currency)
    sign, value = ("-" if amount_minor < 0 else ""), abs(amount_minor)
    if digits == 0:
        return f"{sign}{value}"
    whole, fraction = divmod(value, 10**digits)
    return f"{sign}{whole}.{fraction:0{digits}d}"


async def create_agreement(
    viewer: Viewer,
    *,
    reference: str,
    title: str,
    summary: str | None,
    classification: Classification,
    governing_body_id: int | None,
    focus_area_ids: Iterable[int],
    parties: Iterable[tuple[int, PartyRole]],
    effective_from: date | None,
    expires_on: date | None,
) -> Agreement:
    signed_in(viewer)
    reference = validation.reference(reference)
    title = validation.text(title, "title", validation.TITLE)
    summary = validation.optional_text(summary, "summary", validation.LONG_TEXT, multiline=True)
    validation.ordered(effective_from, expires_on, N_("Agreement dates"))
    parties = list(parties)
    focus_area_ids = sorted(set(focus_area_ids))
    if not parties:
        raise BadInput("An agreement needs at least one party.")
    if len(parties) > 100 or len(focus_area_ids) > 50:
        raise BadInput("An agreement has at most 100 parties and 50 focus areas.")
    if len({org for org, _ in parties}) != len(parties):
        raise BadInput("An organization is named as a party twice.")
    body = None  # none governs it: the platform's admins manage it
    if governing_body_id is not None:
        body = await Body.get_or_none(id=governing_body_id)
        if body is None:
            raise NotFound("No committee with that id.")
        if body.is_advisory:
            raise BadInput(
                "%(body)s is an advisory board; a committee governs agreements.", body=body.name
            )
    await require(viewer, "manage", "agreement", on=body, message=MANAGE)
    org_ids = [org for org, _ in parties]
    if await Organization.filter(id__in=org_ids).count() != len(org_ids):
        raise NotFound("No organization with that id.")
    areas = await FocusArea.filter(id__in=focus_area_ids)
    if len(areas) != len(focus_area_ids):
        raise NotFound("No focus area with that id.")
    if await Agreement.exists(reference=reference):
        raise BadInput(validation.UNUSABLE_REFERENCE)
    try:
        async with in_transaction():
            agreement = await Agreement.create(
                reference=reference,
                title=title,
                summary=summary,
                classification=classification,
                governing_body_id=governing_body_id,
                effective_from=effective_from,
                expires_on=expires_on,
            )
            await AgreementParty.bulk_create(
                [
                    AgreementParty(agreement_id=agreement.id, organization_id=org, role=role)
                    for org, role in parties
                ]
            )
            if areas:
                await agreement.focus_areas.add(*areas)
            await name_creator(viewer, "agreement", agreement.id, classification)
            await audit.record(
                viewer.person_id,
                "agreement.create",
                f"Created {reference}: "
                + described("agreement", title, classification, "agreements"),
                "agreement",
                agreement.id,
            )
    except IntegrityError:  # a racing creation took the reference first
        raise BadInput(validation.UNUSABLE_REFERENCE) from None
    return agreement


async def transition_agreement(
    viewer: Viewer, *, agreement_id: int, status: AgreementStatus
) -> Agreement:
    actor = signed_in(viewer)
    agreement = await found(visible(viewer, Agreement), agreement_id, "agreement")
    await require(viewer, "manage", agreement, message=MANAGE)
    changes: dict[str, Any] = {}
    if status == AgreementStatus.SIGNED:
        changes["signed_on"] = clock.today()
    async with in_transaction():
        await AGREEMENT.move(agreement, to=status, **changes)
        await audit.record(
            actor,
            "agreement.transition",
            f"{agreement.reference}: {agreement.status.value} → {status.value}",
            "agreement",
            agreement.id,
        )
        await emit(WebhookEvent.AGREEMENT_CHANGED, "agreement", agreement.id)
    return await Agreement.get(id=agreement.id)


async def add_commitment(
    viewer: Viewer,
    *,
    agreement_id: int,
    party_id: int,
    description: str,
    due_date: date | None,
    amount_minor: int | None,
    currency: str | None,
    amount: str | None = None,
) -> Commitment:
    """`amount` (a decimal string in major units) or `amount_minor` (an Int), not both."""
    actor = signed_in(viewer)
    description = validation.text(description, "description", validation.SHORT_TEXT, multiline=True)
    currency = validation.currency(currency)
    if amount is not None and amount_minor is not None:
        raise BadInput("Give amount or amountMinor, not both.")
    if (amount is None and amount_minor is None) != (currency is None):
        raise BadInput("An amount and its currency go together: give both or neither.")
    if amount_minor is not None and not 0 <= amount_minor <= MAX_AMOUNT_MINOR:
        raise BadInput(
            "amountMinor must be between 0 and %(most)s (minor units, e.g. cents): "
            "the API's Int is 32-bit; give a larger one as amount, a decimal string.",
            most=MAX_AMOUNT_MINOR,
        )
    if amount is not None and currency is not None:
        amount_minor = amount_in_minor_units(amount, currency)
    agreement = await found(visible(viewer, Agreement), agreement_id, "agreement")
    await require(viewer, "manage", agreement, message=MANAGE)
    if not await AgreementParty.exists(agreement_id=agreement.id, organization_id=party_id):
        raise BadInput(
            "Commitments are made by a party to the agreement; that organization is not one."
        )
    async with in_transaction():
        commitment = await Commitment.create(
            agreement_id=agreement.id,
            party_id=party_id,
            description=description,
            due_date=due_date,
            amount_minor=amount_minor,
            currency=currency,
        )
        await audit.record(
            actor,
            "commitment.add",
            f"Added a commitment to {agreement.reference}",
            "commitment",
            commitment.id,
        )
        # A commitment added amends what the agreement binds its parties to.
        await emit(WebhookEvent.AGREEMENT_CHANGED, "agreement", agreement.id)
    return commitment


async def update_commitment_status(
    viewer: Viewer, *, commitment_id: int, status: CommitmentStatus
) -> Commitment:
    actor = signed_in(viewer)
    commitment = await found(visible(viewer, Commitment), commitment_id, "commitment")
    agreement = await Agreement.get(id=commitment.agreement_id)
    await require(
        viewer,
        "update_status",
        commitment,
        message=N_(
            "Only the committed organization's people, or the governing committee's chair "
            "or secretary, report on this commitment."
        ),
    )
    async with in_transaction():
        await COMMITMENT.move(commitment, "report", to=status)
        await audit.record(
            actor,
            "commitment.status",
            f"A commitment under {agreement.reference} is now {status.value}",
            "commitment",
            commitment.id,
        )
    return await Commitment.get(id=commitment.id)
