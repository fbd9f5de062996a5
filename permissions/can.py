"""Write checks: may this viewer do this action on an item owned by these bodies?"""

from __future__ import annotations

from collections.abc import Iterable

from governance.errors import Forbidden, Unauthenticated
from permissions.policy import current_policy
from permissions.viewer import Viewer


def relations(
    viewer: Viewer, bodies: Iterable[int | None] = (), extra: Iterable[str] = ()
) -> set[str]:
    held = set(viewer.global_relations())
    if viewer.is_anonymous:
        return held
    held.update(extra)
    for body_id in bodies:
        held |= viewer.relations_in(body_id)
    return held


def can(
    viewer: Viewer,
    action: str,
    kind: str,
    *,
    bodies: Iterable[int | None] = (),
    extra: Iterable[str] = (),
) -> bool:
    """True when a relation the viewer holds (globally, in one of `bodies`, or
    through `extra` item relations such as "owner") lets them do `action` on `kind`."""
    return current_policy().allows_any(relations(viewer, bodies, extra), kind, action)


def require(
    viewer: Viewer,
    action: str,
    kind: str,
    *,
    bodies: Iterable[int | None] = (),
    extra: Iterable[str] = (),
    message: str | None = None,
) -> None:
    if viewer.is_anonymous:
        raise Unauthenticated()
    if not can(viewer, action, kind, bodies=bodies, extra=extra):
        raise Forbidden(
            message or f"You may not {action.replace('_', ' ')} this {kind.replace('_', ' ')}."
        )
