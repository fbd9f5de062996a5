"""Who may see and do what: the Casbin model, our policy adapter, one typed facade.

Every kind of item is declared once in :mod:`permissions.kinds`. Reads:
:func:`visible` gives a kind's rows as the viewer may see them, one SQL filter
(:mod:`permissions.visibility`); :func:`acting` the rows they may act on, as another. Writes: :func:`can`, :func:`may`, :func:`allowed`
and :func:`require` (:mod:`permissions.can`) find the viewer's relations to a row
themselves.
"""

from permissions.can import allowed, can, may, require
from permissions.kinds import acting, holding, visible
from permissions.viewer import ANONYMOUS, SYSTEM, Viewer, load_viewer

__all__ = [
    "ANONYMOUS",
    "SYSTEM",
    "Viewer",
    "acting",
    "allowed",
    "can",
    "holding",
    "load_viewer",
    "may",
    "require",
    "visible",
]
