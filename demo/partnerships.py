"""Partnership agreements, replayed: each entered by its committee's secretary (or, before
the committee sat, the platform administrator) with its parties, focus areas and commitments,
moved through its lifecycle one status at a time on the days it moved, and its commitments'
progress reported.
"""

from __future__ import annotations

from collections import Counter

from demo.agreements import AGREEMENTS, AgreementSpec
from demo.bodies import secretary_of
from demo.replay import Replay
from demo.timeline import Step
from governance import agreements
from governance.enums import AgreementStatus, CommitmentStatus
from governance.models import AgreementParty


def plan_agreements(demo: Replay) -> None:
    numbers: Counter[tuple[str, int]] = Counter()
    for spec in sorted(AGREEMENTS, key=lambda a: a.opened):  # numbered in the order opened
        year = demo.timeline.day(spec.opened).year
        numbers[spec.programme, year] += 1
        _plan_agreement(
            demo, spec, f"{spec.programme}-AGR-{year}-{numbers[spec.programme, year]:02d}"
        )


def _plan_agreement(demo: Replay, spec: AgreementSpec, reference: str) -> None:
    timeline = demo.timeline
    manager = spec.entered_by or secretary_of(spec.body)
    secretary = secretary_of(spec.body)
    commitments: list[int] = []  # their ids, in the data's order

    async def enter() -> None:
        viewer = await demo.viewer(manager)
        agreement = await agreements.create_agreement(
            viewer,
            reference=reference,
            title=spec.title,
            summary=spec.summary,
            classification=spec.classification,
            governing_body_id=demo.bodies[spec.body].id,
            focus_area_ids=[demo.focus_areas[area].id for area in spec.areas],
            parties=[(demo.orgs[org].id, role) for org, role in spec.parties],
            effective_from=demo.timeline.day(spec.effective)
            if spec.effective is not None
            else None,
            expires_on=demo.timeline.day(spec.expires) if spec.expires is not None else None,
        )
        demo.agreements[spec.key] = agreement
        for org, description, due, _, amount, currency in spec.commitments:
            commitment = await agreements.add_commitment(
                viewer,
                agreement_id=agreement.id,
                party_id=demo.orgs[org].id,
                description=description,
                due_date=demo.timeline.day(due) if due is not None else None,
                amount_minor=None,
                currency=currency,
                amount=agreements.format_amount(amount, currency) if amount and currency else None,
            )
            commitments.append(commitment.id)

    timeline.add(timeline.at(spec.opened, 6), enter)
    moves: list[tuple[int | None, AgreementStatus]] = []
    if spec.status != AgreementStatus.DRAFT:
        moves.append((spec.opened, AgreementStatus.NEGOTIATION))
    if spec.status in (AgreementStatus.SIGNED, AgreementStatus.ACTIVE, AgreementStatus.SUSPENDED):
        moves.append((spec.signed, AgreementStatus.SIGNED))
    if spec.status in (AgreementStatus.ACTIVE, AgreementStatus.SUSPENDED):
        moves.append((spec.effective, AgreementStatus.ACTIVE))
    if spec.status == AgreementStatus.SUSPENDED:
        moves.append((spec.suspended, AgreementStatus.SUSPENDED))
    for day, status in moves:
        if day is None:
            raise ValueError(f"{spec.key} becomes {status.value} on no day.")
        hour = 6 if day == spec.opened else 12
        timeline.add(timeline.at(day, hour, 1), _move_agreement(demo, spec, manager, status))
    for position, (_, _, due, reported_status, _, _) in enumerate(spec.commitments):
        if reported_status != CommitmentStatus.PENDING:
            reported = min(due, -1) if due is not None else -7
            step = _report_commitment(demo, secretary, commitments, position, reported_status)
            timeline.add(timeline.at(reported, 11), step)


def _move_agreement(demo: Replay, spec: AgreementSpec, by: str, status: AgreementStatus) -> Step:
    async def step() -> None:
        agreement = await agreements.transition_agreement(
            await demo.viewer(by), agreement_id=demo.agreements[spec.key].id, status=status
        )
        if status == AgreementStatus.SIGNED:
            # No service records when each party signed: they signed the day it was signed.
            await AgreementParty.filter(agreement_id=agreement.id).update(
                signed_on=agreement.signed_on
            )

    return step


def _report_commitment(
    demo: Replay, by: str, commitments: list[int], position: int, status: CommitmentStatus
) -> Step:
    async def step() -> None:
        await agreements.update_commitment_status(
            await demo.viewer(by), commitment_id=commitments[position], status=status
        )

    return step
