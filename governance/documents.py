"""Documents: attaching a file to the record, and removing it (PRODUCT.md, "Documents").

Whoever may edit a thing attaches documents to it (the policy's `attach`); the document
reads by its own classification, with the owning bodies of what it is attached to, and
only where that thing shows (permissions.kinds.DOCUMENT). The bytes go to the FileStore
before the row is written: a failed write leaves at most a file no row names, never a
row without its file (the bytes are looked at again under a lock as the row is written:
a removal of the same bytes at that moment may have taken them).
"""

from __future__ import annotations

import asyncio

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from governance import audit, validation
from governance.enums import Classification
from governance.errors import N_, BadInput, NotFound, Phrase
from governance.files import MAX_BYTES, FileStore, TooLarge, pdf_text, safe_filename, sniff
from governance.guards import described, found, name_creator, signed_in
from governance.models import Body, Document
from governance.models.documents import ATTACHMENTS
from permissions import Viewer, kinds, require, visible


async def upload_document(
    viewer: Viewer,
    store: FileStore,
    *,
    attach_to: tuple[str, int],
    title: str,
    classification: Classification,
    filename: str,
    content: bytes,
) -> Document:
    """Attach `content` to the meeting, agreement, decision, recommendation, action plan
    or update `attach_to` names as (kind, id)."""
    actor = signed_in(viewer)
    kind_name, item_id = attach_to
    if kind_name not in ATTACHMENTS:
        raise BadInput(
            "A document is attached to a meeting, agreement, decision, recommendation, "
            "action plan or update."
        )
    kind = kinds.get(kind_name)
    item = await found(kind.visible(viewer), item_id, kind.label)
    await require(
        viewer,
        "attach",
        item,
        message=Phrase(
            "Only those who may edit this %(kind)s attach documents to it.",
            kind=Phrase(kind.label),
        ),
    )
    title = validation.text(title, "title", validation.TITLE)
    if len(content) > MAX_BYTES:
        raise TooLarge()
    if not content:
        raise BadInput("The file is empty.")
    content_type = sniff(content, filename)
    name = safe_filename(filename, content_type)
    text = await asyncio.to_thread(pdf_text, content) if content_type == "application/pdf" else None
    bodies = (await kind.bodies_of(item))[:2]
    stored = await asyncio.to_thread(store.put, content, content_type)
    where = await _where(bodies)
    async with in_transaction() as connection:
        await _hold(connection, stored.sha256)
        if not await asyncio.to_thread(store.exists, stored.sha256):
            # A removal took the last copy since `put`: this document needs them again.
            await asyncio.to_thread(store.put, content, content_type)
        document = await Document.create(
            title=title,
            filename=name,
            content_type=stored.content_type,
            size=stored.size,
            sha256=stored.sha256,
            classification=classification,
            body_id=bodies[0] if bodies else None,
            other_body_id=bodies[1] if len(bodies) > 1 else None,
            text=text,
            uploaded_by_id=actor,
            **{f"{kind_name}_id": item.pk},
        )
        await name_creator(viewer, "document", document.id, classification)
        await audit.record(
            actor,
            "document.upload",
            "Attached " + described("document", title, classification, where),
            "document",
            document.id,
        )
    return document


async def remove_document(viewer: Viewer, store: FileStore, *, document_id: int) -> None:
    """Gone for readers at once; its audit line stays. The bytes go too, unless another
    document holds the same ones."""
    actor = signed_in(viewer)
    document = await found(visible(viewer, Document), document_id, "document")
    if document.uploaded_by_id != actor:
        kind_name, item_id = document.attached
        item = await kinds.get(kind_name).model.get_or_none(id=item_id)
        if item is None:  # pragma: no cover - RESTRICT keeps it
            raise NotFound("No document with that id.")
        await require(
            viewer,
            "attach",
            item,
            message=N_(
                "Only its uploader, or those who may edit what it is attached to, "
                "remove a document."
            ),
        )
    where = await _where([b for b in (document.body_id, document.other_body_id) if b])
    async with in_transaction():
        deleted = await Document.filter(id=document.id).delete()
        if not deleted:
            raise NotFound("No document with that id.")
        await audit.record(
            actor,
            "document.remove",
            "Removed " + described("document", document.title, document.classification, where),
            "document",
            document.id,
        )
    async with in_transaction() as connection:
        await _hold(connection, document.sha256)
        if not await Document.exists(sha256=document.sha256):
            await asyncio.to_thread(store.discard, document.sha256)


async def _hold(connection: BaseDBAsyncClient, sha256: str) -> None:
    """Take the lock on one set of bytes until the transaction ends, so that an upload
    writing a row for them and a removal discarding them follow one another: the
    removal never discards bytes a new row names. SQLite's transactions begin with the
    write lock (server.sqlite), which already puts them one after the other."""
    if connection.capabilities.dialect == "postgres":
        await connection.execute_query("SELECT pg_advisory_xact_lock($1)", [_key(sha256)])


def _key(sha256: str) -> int:
    """A bigint from the hash (its first 60 bits), the advisory lock's key."""
    return int(sha256[:15], 16)


async def _where(bodies: list[int] | list[int | None]) -> str:
    ids = [body for body in bodies if body is not None]
    if not ids:
        return "communications"
    names = await Body.filter(id__in=ids).values_list("name", flat=True)
    return ", ".join(sorted(str(name) for name in names))
