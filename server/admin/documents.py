"""The documents card: the papers attached to a meeting, agreement, decision,
recommendation, action plan or update, with an upload form and removal (PRODUCT.md,
"Documents").

One card for every kind: a page adds `documents_card: await documents.card(admin, kind,
item)` to its context and includes admin/_documents.html. The card's routes name the
item as /attachments/<kind>/<id>; every write goes through governance.documents, with the
store the API uses (app.state.files), so the admin and the API refuse alike.
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile
from starlette.responses import Response
from tortoise.models import Model

from governance import documents
from governance.enums import Classification
from governance.errors import BadInput, NotFound
from governance.files import MAX_BYTES, TooLarge
from governance.guards import found
from governance.models import Document, Person
from governance.models.documents import ATTACHMENTS
from permissions import kinds, visible
from permissions.kind import AdminPage
from schema.attachments import download_path
from server.admin import forms
from server.admin.pages import Admin, refusal, refused

CARD = "admin/_documents.html"
PAGE = "admin/documents.html"
# An update's page, which permissions.kinds does not declare (its other kinds do: an
# action plan's card links back to its page as soon as the kind names it).
UPDATE_PAGE = AdminPage("update", "update_id")
CARD_FIELDS = ("id", "title", "filename", "size", "classification", "uploaded_at", "uploaded_by_id")


async def card(admin: Admin, kind: str, item: Model) -> dict[str, Any]:
    """The card's values for an item the viewer sees: two statements for the list (the
    documents, their uploaders' names) and the policy's answer on `attach`, whatever
    the number of documents."""
    rows = (
        await visible(admin.viewer, Document)
        .filter(**{f"{kind}_id": item.pk})
        .order_by("-uploaded_at", "-id")
        # Not `text`: a PDF's extracted text (up to a few hundred KB each) is for search.
        .only(*CARD_FIELDS)
    )
    uploaders = {d.uploaded_by_id for d in rows if d.uploaded_by_id is not None}
    names = dict(await Person.filter(id__in=uploaders).values_list("id", "name"))
    may_attach = await admin.can("attach", item)
    return {
        "kind": kind,
        "item_id": item.pk,
        "classification": getattr(item, "classification", Classification.INTERNAL),
        "may_attach": may_attach,
        "max_mib": MAX_BYTES // (1024 * 1024),
        "documents": [
            {
                "document": d,
                "uploader": names.get(d.uploaded_by_id) if d.uploaded_by_id else None,
                "href": download_path(d),
                # As remove_document asks it: the uploader, or whoever may attach.
                "removable": may_attach or d.uploaded_by_id == admin.person_id,
            }
            for d in rows
        ],
    }


async def _item(admin: Admin) -> tuple[str, Model]:
    """The item the URL names, if the viewer sees it (else 404, as for no such item)."""
    kind = str(admin.request.path_params["kind"])
    if kind not in ATTACHMENTS:
        raise NotFound("There is no such page.")
    declared = kinds.get(kind)
    item = await found(declared.visible(admin.viewer), admin.path_id("item_id"), declared.label)
    return kind, item


async def _context(admin: Admin) -> dict[str, Any]:
    kind, item = await _item(admin)
    return {
        "documents_card": await card(admin, kind, item),
        "item": item,
        "item_name": getattr(item, "title", None) or getattr(item, "reference", ""),
        "back": _page(admin, kind, item.pk),
    }


def _page(admin: Admin, kind: str, item_id: int) -> str | None:
    """The item's own admin page, where its card is drawn (None: the card's page only)."""
    page = kinds.get(kind).page or (UPDATE_PAGE if kind == "update" else None)
    if page is None or page.param is None:
        return None
    return admin.url(page.route, **{page.param: item_id})


async def show(admin: Admin) -> Response:
    """The card alone: the block for htmx, else a page of its own (and where a refused
    upload without JavaScript comes back to)."""
    context = await _context(admin)
    if admin.htmx:
        return admin.render(CARD, context, fragment="documents")
    return admin.render(PAGE, context)


async def _changed(admin: Admin, kind: str, item_id: int, message: str) -> Response:
    page = _page(admin, kind, item_id)
    back = page + "#documents" if page else admin.url("documents", kind=kind, item_id=item_id)
    return await admin.done(
        CARD, lambda: _context(admin), fragment="documents", redirect=back, message=message
    )


async def upload(admin: Admin) -> Response:
    kind, item = await _item(admin)
    form = await admin.form()
    file = form.get("file")
    content, filename = b"", ""
    if isinstance(file, UploadFile):
        # One byte past the limit is enough to refuse it; the rest stays unread.
        content = await file.read(MAX_BYTES + 1)
        filename = file.filename or ""
        await file.close()
    elif await admin.can("attach", item):
        raise BadInput("Choose a file to upload.")
    title = forms.text(form, "title").strip() or filename
    try:
        document = await documents.upload_document(
            admin.viewer,
            admin.request.app.state.files,
            attach_to=(kind, item.pk),
            title=title,
            classification=forms.choice(form, "classification", Classification),
            filename=filename,
            content=content,
        )
    except TooLarge as error:
        # 413, as the API answers, with the service's message where refusals show.
        if admin.htmx:
            return refusal(admin.request, 413, refused(error), admin)
        admin.notice = refused(error)
        response = await show(admin)
        response.status_code = 413
        return response
    return await _changed(admin, kind, item.pk, f"Attached “{document.title}”.")


async def remove(admin: Admin) -> Response:
    kind, item = await _item(admin)
    document_id = forms.number(await admin.form(), "document_id", "the document")
    document = await found(visible(admin.viewer, Document), document_id, "document")
    if document.attached != (kind, item.pk):
        raise NotFound("No document with that id.")
    await documents.remove_document(
        admin.viewer, admin.request.app.state.files, document_id=document.id
    )
    return await _changed(admin, kind, item.pk, f"Removed “{document.title}”.")
