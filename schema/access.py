"""Naming people on RESTRICTED items."""

from __future__ import annotations

import strawberry

from governance import access
from governance.errors import BadInput
from schema import ids
from schema.context import Info


def _subject(value: strawberry.ID) -> tuple[str, int]:
    decoded = ids.decode(value)
    if decoded is None:
        raise BadInput("subjectId must be the id of an item.")
    return ids.KINDS[decoded[0]], decoded[1]


@strawberry.type
class AccessMutation:
    @strawberry.mutation(
        description="Name a person on a RESTRICTED item (the item's body chair or an admin)."
    )
    async def grant_access(
        self, info: Info, subject_id: strawberry.ID, person_id: strawberry.ID
    ) -> bool:
        kind, row_id = _subject(subject_id)
        return await access.grant_access(
            info.context.viewer,
            subject_type=kind,
            subject_id=row_id,
            person_id=ids.require(person_id, "personId", "Person"),
        )

    @strawberry.mutation
    async def revoke_access(
        self, info: Info, subject_id: strawberry.ID, person_id: strawberry.ID
    ) -> bool:
        kind, row_id = _subject(subject_id)
        return await access.revoke_access(
            info.context.viewer,
            subject_type=kind,
            subject_id=row_id,
            person_id=ids.require(person_id, "personId", "Person"),
        )
