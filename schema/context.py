"""What every resolver may use: the viewer, and this request's data loaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import strawberry

from permissions import Viewer
from schema.loaders import Loaders


@dataclass
class Context:
    viewer: Viewer
    request: Any = None
    response: Any = None
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.viewer)


Info = strawberry.Info[Context, None]
