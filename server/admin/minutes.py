"""The minutes editor: the general part and one area per agenda item, saved as the
secretary types (one version per save, governance.minutes), and a live preview of the
minutes as they will read, rendered by the server through the same sanitiser."""

from __future__ import annotations

from typing import Any

from jinja2_fragments import render_block
from starlette.datastructures import FormData
from starlette.responses import HTMLResponse, Response

from governance import minutes as minutes_book
from governance import validation
from governance.errors import BadInput, Conflict
from server.admin import forms
from server.admin.meetings import PAGE, meeting_context
from server.admin.pages import Admin, refused

EDITOR = "admin/_minutes_editor.html"
SECTION = "section-"  # an agenda item's area: section-<agenda item id>
RETURNED = (
    "The minutes were circulated; saving returned them to draft: "
    "circulate them again before approval."
)


def _sections(form: FormData) -> dict[int, str]:
    """The agenda items' areas sent, by agenda item id (the service checks each is an item
    of this meeting that the person sees)."""
    texts: dict[int, str] = {}
    for name in form:
        if name.startswith(SECTION):
            item_id = validation.row_id(name.removeprefix(SECTION))
            if item_id is None:
                raise BadInput("The minutes name an agenda item that is not on this agenda.")
            texts[item_id] = forms.text(form, name)
    minutes_book.bounded_count(len(texts))
    return texts


async def save(admin: Admin) -> Response:
    """Saved as the secretary types; a save over someone else's newer version is refused
    and the text typed stays in the editor."""
    meeting_id = admin.path_id("meeting_id")
    form = await admin.form()
    content = forms.text(form, "content")
    sections = _sections(form)
    expected = forms.optional_count(form, "expected_version", "the version edited")
    try:
        saved = await minutes_book.save_minutes(
            admin.viewer,
            meeting_id=meeting_id,
            content=content,
            sections=list(sections.items()),
            expected_version=expected,
        )
    except Conflict as conflict:
        context = await meeting_context(admin, meeting_id, *(("minutes",) if admin.htmx else ()))
        context.update(
            draft=content,
            section_drafts=sections,
            edited_version=expected,
            theirs=context["minutes"],
            conflict=True,
            conflict_message=refused(conflict),
        )
        if admin.htmx:
            return admin.render(EDITOR, context, fragment="minutes_status", status=409)
        return admin.render(PAGE, context, status=409)

    async def saved_context() -> dict[str, Any]:
        context = await meeting_context(admin, meeting_id, "minutes")
        context["saved"] = saved.minutes
        context["returned_to_draft"] = saved.returned_to_draft
        context["oob"] = True  # the status badge and the buttons are redrawn too
        return context

    message = None if admin.htmx else f"Saved version {saved.minutes.version} of the minutes."
    if saved.returned_to_draft:
        message = RETURNED
        if not admin.htmx:  # a redirect would lose the message: the page, saying so
            admin.message = message
            context = await meeting_context(admin, meeting_id)
            return admin.render(PAGE, context)
    return await admin.done(
        EDITOR,
        saved_context,
        fragment="minutes_status",
        redirect=admin.url("meeting", meeting_id=meeting_id) + "#minutes",
        message=message,
    )


async def preview(admin: Admin) -> Response:
    """The minutes as they will read with what is in the editor now (nothing is saved)."""
    meeting_id = admin.path_id("meeting_id")
    form = await admin.form()
    content, sections = await minutes_book.preview(
        admin.viewer,
        meeting_id=meeting_id,
        content=forms.text(form, "content"),
        sections=_sections(form),
    )
    # The fragment alone, without the flash area a change would replace: a preview
    # changes nothing, and the last save's message stays.
    values = {"whole_content": content, "whole_sections": sections}
    templates = admin.request.app.state.templates
    html = render_block(templates.env, EDITOR, "minutes_preview", admin.context(values))
    return HTMLResponse(html)
