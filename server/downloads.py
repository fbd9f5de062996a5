"""`GET /documents/<id>/<filename>`: a document's bytes, with the same credentials as the
API (a token, or the admin's session), to those who may see it (PRODUCT.md, "Documents").

Anyone who may not see it gets the 404 a document that never existed gets: the same
status, body and headers. The bytes are sent as an attachment with the type decided at
upload from the bytes themselves, never sniffed by the browser; only a PUBLIC document
may be kept by a cache.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response

from governance.enums import Classification
from governance.models import Document
from permissions import visible
from schema import ids
from server import auth

log = logging.getLogger(__name__)


def not_found() -> Response:
    return PlainTextResponse(
        "No such document.", status_code=404, headers={"Cache-Control": "no-store"}
    )


async def download(request: Request) -> Response:
    who = await auth.requester(request)
    if isinstance(who, Response):  # a bad token: 401 (or 429), never read as the public
        return who
    decoded = ids.decode(request.path_params["document_id"])
    if decoded is None or decoded[0] != "Document":
        return not_found()
    document = await visible(who.viewer, Document).filter(id=decoded[1]).first()
    if document is None or request.path_params["filename"] != document.filename:
        return not_found()
    path = request.app.state.files.path(document.sha256)
    if not path.is_file():
        log.error("document %s: its file %s is missing", document.id, document.sha256)
        return not_found()
    public = document.classification == Classification.PUBLIC
    headers = {
        "Content-Disposition": disposition(document.filename),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "public, max-age=300" if public else "private, no-store",
        "Vary": "Authorization, Cookie",
        # The bytes are a file to save, not a page: nothing in them runs here.
        "Content-Security-Policy": "default-src 'none'; sandbox",
    }
    return FileResponse(path, media_type=document.content_type, headers=headers)


def disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback and the exact name (RFC 6266 / 5987)."""
    fallback = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
