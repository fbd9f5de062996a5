"""Motions, the frozen roll of eligible voters, and ballots."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from governance.enums import Classification, MotionOutcome, MotionStatus, VoteChoice, VotingRule
from governance.models.meetings import AgendaItem, Meeting
from governance.models.people import Person


class Motion(Model):
    id = fields.IntField(primary_key=True)
    meeting: fields.ForeignKeyRelation[Meeting] = fields.ForeignKeyField(
        "models.Meeting", related_name="motions", on_delete=fields.RESTRICT
    )
    meeting_id: int
    agenda_item: fields.ForeignKeyNullableRelation[AgendaItem] = fields.ForeignKeyField(
        "models.AgendaItem", related_name="motions", null=True, on_delete=fields.RESTRICT
    )
    agenda_item_id: int | None
    title = fields.CharField(max_length=300)
    text = fields.TextField()
    proposer: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="proposed_motions", null=True, on_delete=fields.RESTRICT
    )
    proposer_id: int | None
    seconder: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="seconded_motions", null=True, on_delete=fields.RESTRICT
    )
    seconder_id: int | None
    voting_rule = fields.CharEnumField(VotingRule, max_length=24)
    secret_ballot = fields.BooleanField(default=False)
    # Adopted only if the voting rule also holds within every constituency on the roll.
    require_each_constituency = fields.BooleanField(default=False, db_default=False)
    classification = fields.CharEnumField(Classification, max_length=16)
    status = fields.CharEnumField(MotionStatus, max_length=16, default=MotionStatus.DRAFT)
    outcome = fields.CharEnumField(MotionOutcome, max_length=16, null=True)
    # Frozen when voting opens / closes, so the tally reads what the rule saw.
    eligible_count = fields.IntField(null=True)
    present_count = fields.IntField(null=True)
    quorum_required = fields.IntField(null=True)
    opened_at = fields.DatetimeField(null=True)
    closed_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "motion"
        # A meeting's motions, an agenda item's motions (both by id), the open ballots.
        indexes = (
            ("meeting_id", "id"),
            ("agenda_item_id", "id"),
            ("status", "opened_at"),
        )


class EligibleVoter(Model):
    # Members with voting rights, active on the meeting's date, when voting opened.

    id = fields.IntField(primary_key=True)
    motion: fields.ForeignKeyRelation[Motion] = fields.ForeignKeyField(
        "models.Motion", related_name="eligible_voters", on_delete=fields.CASCADE
    )
    motion_id: int
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="eligible_on", on_delete=fields.RESTRICT
    )
    person_id: int
    # The voter's constituency when voting opened, frozen with the roll: a membership edited
    # later changes neither who counts nor where.
    constituency = fields.CharField(max_length=100, null=True)

    class Meta:
        table = "eligible_voter"
        unique_together = (("motion", "person"),)
        # The motions a person may vote on (the voting_member relation) read by person.
        indexes = (("person_id", "motion_id"),)


class Vote(Model):
    id = fields.IntField(primary_key=True)
    motion: fields.ForeignKeyRelation[Motion] = fields.ForeignKeyField(
        "models.Motion", related_name="votes", on_delete=fields.CASCADE
    )
    motion_id: int
    voter: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="votes", on_delete=fields.RESTRICT
    )
    voter_id: int
    choice = fields.CharEnumField(VoteChoice, max_length=8)
    cast_at = fields.DatetimeField()
    recorded_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="recorded_votes", null=True, on_delete=fields.RESTRICT
    )
    recorded_by_id: int | None

    class Meta:
        table = "vote"
        # One ballot per member and motion, enforced by the database.
        unique_together = (("motion", "voter"),)
