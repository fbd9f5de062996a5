"""Write checks: may this viewer do this to this item? One question, asked alike by the
services (to refuse) and the admin (to draw a button).

    await can(viewer, "close", motion)                  # an action on a row
    await can(viewer, "schedule", "meeting", on=body)   # on a kind of item, at a row
    await can(viewer, "create", "organization")         # on the platform itself

The policy (policy.csv) says which relations allow an action; the row's kind
(permissions.kinds) says where its owning bodies are and which item relations a
viewer can hold on it. The relations are found here, only those the policy lets do
the action, and for a list (`allowed`) in a fixed number of statements whatever its
length. The policy's answers are memoised: never one enforce per row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar, overload

from tortoise.models import Model

from governance.errors import Forbidden, Phrase, Unauthenticated
from permissions import kinds
from permissions.policy import current_policy
from permissions.viewer import Viewer
from permissions.visibility import BODY_RELATIONS

M = TypeVar("M", bound=Model)
Item = Model | str  # a row, or the name of a kind (with `on`: at that row)


async def _answers(
    viewer: Viewer, actions: Sequence[str], item: Item, rows: Sequence[Model] | None
) -> list[dict[str, bool]]:
    """For each row, which of `actions` the viewer may do on `item` there; with no rows
    (an action on the platform), one answer from the relations held to everyone."""
    obj = item if isinstance(item, str) else kinds.of(item).name
    policy = current_policy()
    held = viewer.global_relations()
    anywhere = {action: policy.allows_any(held, obj, action) for action in actions}
    if rows is None:
        return [anywhere]
    answers = [dict(anywhere) for _ in rows]
    pending = [action for action in actions if not anywhere[action]]
    if viewer.is_anonymous or not pending or not rows:
        return answers
    kind = kinds.of(rows[0])
    # Only the relations that could allow one of the actions are looked for.
    wanted = {r for action in pending for r in policy.relations_allowing(obj, action)}
    on_rows = await kind.item_relations(viewer, rows, wanted)
    bodies: dict[tuple[str, ...], list[list[int | None]]] = {}
    for action in pending:
        # Which bodies' people decide: the row's owning bodies, unless its kind says
        # otherwise for this action (a motion's vote: the frozen roll alone).
        paths = kind.bodies_for(action) if obj == kind.name else kind.scope.bodies
        if paths not in bodies:
            bodies[paths] = (
                await kind.owning_bodies(rows, paths)
                if wanted & BODY_RELATIONS
                else [[] for _ in rows]
            )
        for answer, relations, owners in zip(answers, on_rows, bodies[paths], strict=True):
            in_bodies = {r for body in owners for r in viewer.relations_in(body)}
            answer[action] = policy.allows_any(held | relations | in_bodies, obj, action)
    return answers


def _row(item: Item, on: Model | None) -> list[Model] | None:
    if isinstance(item, Model):
        return [item]
    return [on] if on is not None else None


async def can(viewer: Viewer, action: str, item: Item, *, on: Model | None = None) -> bool:
    """True when a relation the viewer holds (to everyone, in an owning body of the row,
    or to the row itself) lets them do `action` on it."""
    return (await _answers(viewer, [action], item, _row(item, on)))[0][action]


async def may(
    viewer: Viewer, item: Item, *actions: str, on: Model | None = None
) -> dict[str, bool]:
    """`can` for several actions on one item, its relations found once (a page's buttons)."""
    return (await _answers(viewer, actions, item, _row(item, on)))[0]


@overload
async def allowed(viewer: Viewer, action: str, items: Sequence[M]) -> list[M]: ...
@overload
async def allowed(viewer: Viewer, action: str, items: str, *, on: Sequence[M]) -> list[M]: ...
async def allowed(
    viewer: Viewer, action: str, items: Sequence[Any] | str, *, on: Sequence[Any] = ()
) -> list[Any]:
    """The rows of a list on which the viewer may do `action` (or, with a kind's name,
    the rows `on` which they may do it to that kind): one answer a row, not a query."""
    rows = list(on) if isinstance(items, str) else list(items)
    if not rows:
        return []
    item: Item = items if isinstance(items, str) else rows[0]
    answers = await _answers(viewer, [action], item, rows)
    return [row for row, answer in zip(rows, answers, strict=True) if answer[action]]


async def require(
    viewer: Viewer,
    action: str,
    item: Item,
    *,
    on: Model | None = None,
    message: str | Phrase | None = None,
) -> None:
    """UNAUTHENTICATED for the anonymous public; FORBIDDEN unless `can`, saying `message`
    (a template marked N_, or a Phrase with its parameters)."""
    if viewer.is_anonymous:
        raise Unauthenticated()
    if not await can(viewer, action, item, on=on):
        if isinstance(message, Phrase):
            raise Forbidden(message.template, **message.params)
        if message:
            raise Forbidden(message)
        kind = item if isinstance(item, str) else kinds.of(item).name
        raise Forbidden(
            "You may not %(action)s this %(kind)s.",
            action=action.replace("_", " "),
            kind=kind.replace("_", " "),
        )
