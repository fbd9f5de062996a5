"""Documents attached to the record: the list and its search, the multipart upload and
removal. (schema.documents is the parser's cache of GraphQL documents, another thing.)"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from urllib.parse import quote

import strawberry
from strawberry.file_uploads import Upload

from governance import documents, files
from governance import models as m
from governance.errors import BadInput
from governance.models.documents import ATTACHMENTS
from governance.search import matching
from permissions import kinds
from schema import ids
from schema.context import Info
from schema.enums import Classification
from schema.node import Backed, Node, row_of
from schema.pagination import Connection, Order, paginate
from schema.people import Person

DOCUMENT_ORDER = Order.of(kinds.DOCUMENT)
ATTACHABLE = "a meeting, agreement, decision, recommendation, action plan or update"


@strawberry.type
class Document(Backed[m.Document], Node):
    _model = m.Document
    title: str
    filename: str
    content_type: str
    size: int = strawberry.field(description="Bytes.")
    sha256: str
    classification: Classification = strawberry.field(
        description="A document is seen only by those who may see both it and what it is "
        "attached to."
    )
    uploaded_at: datetime
    uploaded_by_id: strawberry.Private[int | None]

    @strawberry.field
    async def uploaded_by(self, info: Info) -> Person | None:
        who = self.uploaded_by_id
        return None if who is None else await info.context.loaders.one(Person).load(who)

    @strawberry.field(
        description="Path to download it, with the same credentials as the API, e.g. "
        "/documents/42/budget.pdf."
    )
    def download_path(self) -> str:
        return download_path(row_of(self))

    @strawberry.field(
        description="The meeting, agreement, decision, recommendation, action plan or "
        "update it is attached to."
    )
    async def attached_to(self, info: Info) -> Node:
        kind, item_id = row_of(self).attached
        # Whoever sees the document sees what it is attached to (permissions.kinds.DOCUMENT).
        item = await info.context.loaders.of_kind(kinds.get(kind)).load(item_id)
        if item is None:  # pragma: no cover - the document's own visibility rules it out
            raise BadInput("That document's item is not visible.")
        return item


def download_path(document: m.Document) -> str:
    return f"/documents/{ids.encode('Document', document.id)}/{quote(document.filename)}"


async def documents_of(info: Info, column: str, item_id: int) -> list[Document]:
    """The documents of one item (newest first), batched across a list's items."""
    loader = info.context.loaders.many(Document, column, DOCUMENT_ORDER.sql())
    return await loader.load(item_id)


def attachment(value: strawberry.ID, field: str) -> tuple[str, int]:
    """(kind, id) of what `value` names, if it is something documents attach to."""
    decoded = ids.decode(value)
    kind = kinds.BY_TYPE_NAME.get(decoded[0]) if decoded else None
    if decoded is None or kind is None or kind.name not in ATTACHMENTS:
        raise BadInput("%(field)s must be the id of %(kinds)s.", field=field, kinds=ATTACHABLE)
    return kind.name, decoded[1]


@strawberry.input
class UploadDocumentInput:
    attach_to_id: strawberry.ID
    title: str
    classification: Classification


@strawberry.type
class DocumentsQuery:
    @strawberry.field
    async def documents(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        attached_to_id: strawberry.ID | None = None,
        search: Annotated[
            str | None,
            strawberry.argument(
                description="Words to find in the title, the file name or a PDF's text."
            ),
        ] = None,
    ) -> Connection[Document]:
        queryset = info.context.loaders.visible(Document)
        if attached_to_id is not None:
            kind, item_id = attachment(attached_to_id, "attachedToId")
            queryset = queryset.filter(**{f"{kind}_id": item_id})
        if search is not None:
            queryset = queryset.filter(await matching(search, m.Document))
        return await paginate(queryset, DOCUMENT_ORDER, first, after)


@strawberry.type
class DocumentsMutation:
    @strawberry.mutation(
        description="Attach a file (the GraphQL multipart request) to a meeting, agreement, "
        "decision, recommendation, action plan or update; by whoever may edit it. At most "
        "25 MiB; PDF, PNG, JPEG, Office, OpenDocument, CSV or plain text, judged by the bytes."
    )
    async def upload_document(
        self, info: Info, input: UploadDocumentInput, file: Upload
    ) -> Document:
        store = info.context.files
        if store is None:
            raise BadInput("Upload documents over HTTP, with the GraphQL multipart request.")
        upload: Any = file
        if not callable(getattr(upload, "read", None)):  # a value written in the query
            raise BadInput(
                "Send the file with the GraphQL multipart request: `file` is a part of the "
                "form, mapped to the variable."
            )
        content: bytes = await upload.read(files.MAX_BYTES + 1)
        try:
            document = await documents.upload_document(
                info.context.viewer,
                store,
                attach_to=attachment(input.attach_to_id, "attachToId"),
                title=input.title,
                classification=input.classification,
                filename=str(getattr(upload, "filename", None) or input.title),
                content=content,
            )
        except files.TooLarge:
            if info.context.response is not None:
                info.context.response.status_code = 413
            raise
        return Document.of(document)

    @strawberry.mutation(
        description="Gone for readers at once; its audit line stays. By its uploader or "
        "whoever may edit what it is attached to."
    )
    async def remove_document(self, info: Info, document_id: strawberry.ID) -> bool:
        store = info.context.files
        if store is None:
            raise BadInput("Remove documents over HTTP.")
        await documents.remove_document(
            info.context.viewer,
            store,
            document_id=ids.require(document_id, "documentId", "Document"),
        )
        return True
