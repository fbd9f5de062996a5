"""Where a document's bytes live, what they are, and what text they hold.

- The store keeps each distinct content once, named by its SHA-256 under one root
  (INDABA_FILES, default ./data/files): two uploads of the same bytes are one file. A
  file is written to a temporary name and renamed into place, so a reader never meets
  half a file and a crash leaves at most a stray temporary file.
- The type is decided from the bytes against an allow-list (PRODUCT.md: PDF, PNG, JPEG,
  Office documents, ODF, CSV, plain text), never from the name or what the client says;
  the name only tells CSV from plain text once the bytes are known to be text.
- A PDF's text is extracted (bounded) so `documents(search:)` can find it.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import filetype

from governance.errors import N_, BadInput

MAX_BYTES = 25 * 1024 * 1024  # 25 MiB: PRODUCT.md, "Documents"
MAX_TEXT = 200_000  # characters of a PDF's text kept for search
MAX_PDF_PAGES = 200  # pages read for that text

log = logging.getLogger(__name__)

# What the bytes may be, by the extension filetype gives them, and the type stored.
ALLOWED = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
TEXT = "text/plain"
CSV = "text/csv"
REFUSED = N_(
    "That file's type is not accepted: upload a PDF, PNG, JPEG, Office or OpenDocument "
    "file, CSV or plain text."
)


class TooLarge(BadInput):
    """Over MAX_BYTES: the HTTP routes answer 413."""

    def __init__(self) -> None:
        super().__init__(
            N_("A document may be at most %(size)s MiB."), size=MAX_BYTES // (1024 * 1024)
        )


@dataclass(frozen=True)
class Stored:
    sha256: str
    size: int
    content_type: str


def sniff(content: bytes, filename: str) -> str:
    """The content type of `content`, from its bytes; BAD_USER_INPUT when not allowed."""
    kind = filetype.guess(content[:8192])
    if kind is not None:
        if kind.extension not in ALLOWED:
            raise BadInput(REFUSED)
        return ALLOWED[kind.extension]
    if not _is_text(content):
        raise BadInput(REFUSED)
    return CSV if filename.lower().endswith(".csv") else TEXT


def _is_text(content: bytes) -> bool:
    """UTF-8 (with or without a BOM) and no control characters but tab, CR, LF, FF."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return _CONTROL.search(text) is None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


_UNSAFE = re.compile(r"[^\w.\- ]+")


def safe_filename(name: str, content_type: str) -> str:
    """A name that is safe in a path and a header: no directories, no control or quote
    characters, at most 120 characters, with an extension; "document" when nothing is left."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("-", name).strip(" .-")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    stem = stem[:100].strip(" .-") or "document"
    extension = extension[:10]
    if not extension:
        extension = _extension_of(content_type)
    return f"{stem}.{extension}" if extension else stem


def _extension_of(content_type: str) -> str:
    if content_type == TEXT:
        return "txt"
    if content_type == CSV:
        return "csv"
    return next((ext for ext, kind in ALLOWED.items() if kind == content_type), "")


def pdf_text(content: bytes) -> str | None:
    """The text of a PDF's first pages, for search; None when it has none (a scan) or
    cannot be read (a damaged or encrypted file is still stored, just not searchable)."""
    from pypdf import PdfReader  # only when a PDF comes in: it takes ~100 ms to import

    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            return None
        parts: list[str] = []
        size = 0
        for page in reader.pages[:MAX_PDF_PAGES]:
            text = page.extract_text() or ""
            parts.append(text)
            size += len(text)
            if size >= MAX_TEXT:
                break
    except Exception:  # any malformed PDF: stored all the same, just not searchable
        log.info("no text from a PDF", exc_info=True)
        return None
    text = " ".join(" ".join(parts).split())[:MAX_TEXT]
    return text or None


class FileStore:
    """Content-addressed files under `root`: <root>/<ab>/<cd>/<sha256>."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        if not re.fullmatch(r"[0-9a-f]{64}", sha256):
            raise ValueError("not a SHA-256")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, content: bytes, content_type: str) -> Stored:
        digest = hashlib.sha256(content).hexdigest()
        target = self.path(digest)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
            try:
                with os.fdopen(fd, "wb") as file:
                    file.write(content)
                    file.flush()
                    os.fsync(file.fileno())
                os.replace(temporary, target)  # atomic: the same bytes, whoever wins
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        return Stored(digest, len(content), content_type)

    def open(self, sha256: str) -> io.BufferedReader:
        return self.path(sha256).open("rb")

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).exists()

    def discard(self, sha256: str) -> None:
        """Remove the file (when no document holds these bytes any more)."""
        self.path(sha256).unlink(missing_ok=True)
