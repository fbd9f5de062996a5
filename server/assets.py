"""Static files under content-hashed names, cached for a year.

`static('admin.css')` in a template gives `/static/admin.3f2a9c1e5b7d.css`: the name
changes whenever the bytes do, so a browser may keep it for a year without asking
again (`immutable`), and a new release is fetched at once. The plain name still
answers, revalidated by its ETag, for anything outside the templates (an old page, a
bookmark). Files are hashed once, when the app is built.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


def _hashed(relative: str, digest: str) -> str:
    stem, dot, suffix = relative.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot else f"{relative}.{digest}"


class Assets(StaticFiles):
    """The static folder, each file also under its fingerprinted name."""

    def __init__(self, directory: Path) -> None:
        super().__init__(directory=str(directory))
        self.urls: dict[str, str] = {}  # admin.css → admin.<hash>.css
        self._originals: dict[str, str] = {}  # admin.<hash>.css → admin.css
        for path in sorted(directory.rglob("*")):
            if path.is_file():
                relative = path.relative_to(directory).as_posix()
                digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
                hashed = _hashed(relative, digest)
                self.urls[relative] = hashed
                self._originals[hashed] = relative

    def url(self, relative: str) -> str:
        """The fingerprinted path of a static file (KeyError for a file that is not there)."""
        return f"/static/{self.urls[relative]}"

    async def get_response(self, path: str, scope: Scope) -> Response:
        original = self._originals.get(path)
        response = await super().get_response(original or path, scope)
        if response.status_code in (200, 304):
            response.headers["Cache-Control"] = IMMUTABLE if original else REVALIDATE
        return response
