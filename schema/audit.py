"""The audit trail, for platform admins: events about items they may themselves see."""

from __future__ import annotations

from datetime import datetime

import strawberry

from governance import models as m
from governance.errors import Forbidden, Unauthenticated
from permissions import kinds, visibility
from schema import ids
from schema.context import Info
from schema.node import Backed, Node, row_of, type_name
from schema.pagination import Connection, Order, paginate
from schema.people import Person

AUDIT_ORDER = Order.of(kinds.AUDIT_EVENT)


@strawberry.type
class AuditEvent(Backed[m.AuditEvent], Node):
    _model = m.AuditEvent
    at: datetime
    action: str
    summary: str
    actor_id: strawberry.Private[int | None]

    @strawberry.field
    async def actor(self, info: Info) -> Person | None:
        who = self.actor_id
        return None if who is None else await info.context.loaders.one(Person).load(who)

    @strawberry.field(description="Global id of the object acted on.")
    async def subject_id(self, info: Info) -> strawberry.ID | None:
        row = row_of(self)
        if row.subject_type is None or row.subject_id is None:
            return None
        kind = kinds.get(row.subject_type)
        if kind.type_of is not None:  # a body: a committee or a board, as the row says
            subject = await info.context.loaders.of_kind(kind).load(row.subject_id)
            return None if subject is None else ids.encode(type_name(subject), row.subject_id)
        return ids.encode(kind.type_name(), row.subject_id)


@strawberry.type
class AuditQuery:
    @strawberry.field(description="Platform admins only.")
    async def audit_events(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        subject_id: strawberry.ID | None = None,
    ) -> Connection[AuditEvent]:
        viewer = info.context.viewer
        if viewer.is_anonymous:
            raise Unauthenticated()
        if not visibility.can_read_audit(viewer):
            raise Forbidden("The audit trail is for platform admins.")
        queryset = info.context.loaders.visible(AuditEvent)
        if subject_id is not None:
            decoded = ids.decode(subject_id)
            if decoded is None:
                queryset = queryset.filter(visibility.NOTHING)
            else:
                queryset = queryset.filter(
                    subject_type=ids.KINDS[decoded[0]], subject_id=decoded[1]
                )
        return await paginate(queryset, AUDIT_ORDER, first, after)
