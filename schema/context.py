"""What every resolver may use: the viewer, and this request's data loaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import strawberry

from governance.files import FileStore
from governance.models import Person
from permissions import Viewer, load_viewer
from schema.loaders import Loaders


@dataclass
class Context:
    viewer: Viewer
    request: Any = None
    response: Any = None
    # A read-only API token: every mutation is refused before it runs.
    read_only: bool = False
    # Asked over plain HTTP: subscriptions need the WebSocket.
    over_http: bool = False
    # Where uploaded documents go (None where nothing is uploaded: WebSocket operations).
    files: FileStore | None = None
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.viewer)

    async def refresh(self) -> bool:
        """Before each live event: become the viewer as of now (today's memberships) and
        forget cached rows. False when the viewer's credential is gone (the server's
        context checks it; the connection is then being closed)."""
        if self.viewer.person_id is not None:
            person = await Person.get_or_none(id=self.viewer.person_id)
            if person is None:
                return False
            self.viewer = await load_viewer(person)
        self.loaders = Loaders(self.viewer)
        return True


Info = strawberry.Info[Context, None]
