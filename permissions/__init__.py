"""Who may see and do what: the Casbin model, our policy adapter, one typed facade.

Reads: :mod:`permissions.visibility` turns the viewer and the policy into a SQL
filter, decided once per request. Writes: :func:`permissions.can` and
:func:`permissions.require`.
"""

from permissions.can import can, require
from permissions.viewer import ANONYMOUS, SYSTEM, Viewer, load_viewer

__all__ = ["ANONYMOUS", "SYSTEM", "Viewer", "can", "load_viewer", "require"]
