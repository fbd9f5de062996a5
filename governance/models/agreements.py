"""Partnership agreements, their parties, focus areas and commitments."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from governance.enums import AgreementStatus, Classification, CommitmentStatus, PartyRole
from governance.models.bodies import Body
from governance.models.people import Organization


class FocusArea(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200, unique=True)

    class Meta:
        table = "focus_area"


class Agreement(Model):
    id = fields.IntField(primary_key=True)
    reference = fields.CharField(max_length=64, unique=True)
    title = fields.CharField(max_length=300)
    summary = fields.TextField(null=True)
    status = fields.CharEnumField(AgreementStatus, max_length=16, default=AgreementStatus.DRAFT)
    classification = fields.CharEnumField(Classification, max_length=16)
    governing_body: fields.ForeignKeyNullableRelation[Body] = fields.ForeignKeyField(
        "models.Body", related_name="agreements", null=True, on_delete=fields.RESTRICT
    )
    governing_body_id: int | None
    focus_areas: fields.ManyToManyRelation[FocusArea] = fields.ManyToManyField(
        "models.FocusArea", related_name="agreements", through="agreement_focus_area"
    )
    signed_on = fields.DateField(null=True)
    effective_from = fields.DateField(null=True)
    expires_on = fields.DateField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "agreement"
        # By reference (unique, so its index serves the list), by governing body.
        indexes = (("governing_body_id", "reference"),)


class AgreementParty(Model):
    id = fields.IntField(primary_key=True)
    agreement: fields.ForeignKeyRelation[Agreement] = fields.ForeignKeyField(
        "models.Agreement", related_name="parties", on_delete=fields.CASCADE
    )
    agreement_id: int
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="agreement_parties", on_delete=fields.RESTRICT
    )
    organization_id: int
    role = fields.CharEnumField(PartyRole, max_length=24)
    signed_on = fields.DateField(null=True)

    class Meta:
        table = "agreement_party"
        unique_together = (("agreement", "organization"),)
        # An organization's agreements (the party relation, the partyId filter).
        indexes = (("organization_id", "agreement_id"),)


class Commitment(Model):
    id = fields.IntField(primary_key=True)
    agreement: fields.ForeignKeyRelation[Agreement] = fields.ForeignKeyField(
        "models.Agreement", related_name="commitments", on_delete=fields.CASCADE
    )
    agreement_id: int
    party: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="commitments", on_delete=fields.RESTRICT
    )
    party_id: int
    description = fields.TextField()
    due_date = fields.DateField(null=True)
    status = fields.CharEnumField(CommitmentStatus, max_length=16, default=CommitmentStatus.PENDING)
    amount_minor = fields.BigIntField(null=True)
    currency = fields.CharField(max_length=3, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "commitment"
        # An agreement's commitments; a party's (the committed_party relation).
        indexes = (("agreement_id", "id"), ("party_id", "id"))
