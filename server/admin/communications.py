"""The communications queue: draft, submit, approve (a second officer), publish, retract."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jinja2_fragments import render_block
from markupsafe import Markup
from starlette.responses import Response

from governance import communications, translations
from governance.enums import DecisionStatus, UpdateStatus
from governance.guards import found
from governance.languages import LANGUAGES, current
from governance.lifecycles import UPDATE
from governance.models import Decision, Person, Update
from permissions import visible
from schema import ids
from schema.keyset import Order
from server.admin import documents, forms
from server.admin.pages import Admin
from server.admin.paging import page_of
from server.i18n import gettext as _

PAGE = "admin/update.html"
QUEUE = [
    UpdateStatus.IN_REVIEW,
    UpdateStatus.APPROVED,
    UpdateStatus.DRAFT,
    UpdateStatus.PUBLISHED,
    UpdateStatus.RETRACTED,
]


async def _in_force(admin: Admin) -> list[Decision]:
    return (
        await visible(admin.viewer, Decision)
        .filter(status=DecisionStatus.IN_FORCE)
        .order_by("-decided_on")
        .limit(100)
    )


async def _linkable(admin: Admin, linked: list[Decision]) -> list[Decision]:
    already = {d.id for d in linked}
    return [*linked, *(d for d in await _in_force(admin) if d.id not in already)]


def language_names(tags: Iterable[str]) -> dict[str, str]:
    """Each tag's name in the page's language (fr: French, or français)."""
    return {tag: translations.language_name(tag, current()) for tag in tags}


def language_choices(
    *, keep: str | None = None, taken: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """The languages a draft may be in: those the site speaks, less those its group already
    has, and its own (one drafted in pt-BR through the API keeps it)."""
    tags = [tag for tag in LANGUAGES if tag not in set(taken)]
    if keep and keep not in tags:
        tags.append(keep)
    return list(language_names(tags).items())


async def index(admin: Admin) -> Response:
    """The communications team sees the whole queue; everyone else, what is published."""
    order = Order("listed_at", descending=True)
    page = await page_of(admin, visible(admin.viewer, Update), order, route="updates")
    by_status: dict[UpdateStatus, list[Update]] = {status: [] for status in QUEUE}
    for update in page.rows:
        by_status[update.status].append(update)
    linkable: list[Decision] = []
    may_draft = await admin.can("draft", "update")
    if may_draft:
        linkable = await _in_force(admin)
    return admin.render(
        "admin/updates.html",
        {
            "section": "updates",
            "by_status": by_status,
            "page": page,
            "linkable": linkable,
            "may_draft": may_draft,
            "languages": language_names({u.language for u in page.rows}),
            "language_choices": language_choices(),
            "drafting_in": current(),
        },
    )


async def draft(admin: Admin) -> Response:
    form = await admin.form()
    update = await communications.draft_update(
        admin.viewer,
        title=forms.text(form, "title"),
        summary=forms.optional(form, "summary"),
        body=forms.text(form, "body"),
        urgent=forms.checked(form, "urgent"),
        decision_ids=forms.numbers(form, "decision_ids"),
        language=forms.optional(form, "language") or translations.DEFAULT,
        translation_of_id=forms.optional_number(form, "translation_of_id"),
    )
    return admin.go(admin.url("update", update_id=update.id))


def preview(admin: Admin, update: Update) -> Markup:
    """The public page's own article block, so the preview is exactly what will be published."""
    templates = admin.request.app.state.templates
    html = render_block(templates.env, "public/update.html", "content", {"update": update})
    return Markup(html)  # noqa: S704 - rendered by an autoescaped .html template


async def update_context(admin: Admin, update_id: int) -> dict[str, Any]:
    update = await found(visible(admin.viewer, Update), update_id, "update")
    linked = await visible(admin.viewer, Decision).filter(updates__id=update.id)
    moves = UPDATE.actions(update)
    is_author = update.author_id == admin.person_id
    may = await admin.may(update, "draft", "submit", "publish", "retract")
    editable = "edit" in moves and is_author and may["draft"]
    reviewer = "return" in moves and await communications.may_approve(admin.viewer, update)
    group = translations.group_of(update)
    # The other versions the viewer may see, with their status (the team sees drafts too).
    versions = (
        await translations.members(visible(admin.viewer, Update), group)
        .exclude(id=update.id)
        .order_by("language", "id")
    )
    taken = [update.language] + [v.language for v in versions if v.status != UpdateStatus.RETRACTED]
    may_translate = await admin.can("draft", "update")
    return {
        "section": "updates",
        "update": update,
        # Its public page's address: the sealed id the portal links it by.
        "public_id": ids.encode("Update", update.id),
        "author": await Person.get_or_none(id=update.author_id) if update.author_id else None,
        "approver": await Person.get_or_none(id=update.approved_by_id)
        if update.approved_by_id
        else None,
        "returner": await Person.get_or_none(id=update.returned_by_id)
        if update.returned_by_id
        else None,
        "decisions": linked,
        # The decisions the author may link while editing: those in force they may see,
        # and those already linked.
        "linkable": await _linkable(admin, linked) if editable else [],
        "blocking": [d.id for d in await communications.unpublishable_decisions(update)],
        "preview": preview(admin, update),
        "documents_card": await documents.card(admin, "update", update),
        "versions": versions,
        "original_id": update.translation_of_id,
        "languages": language_names({update.language, *(v.language for v in versions)}),
        "edit_languages": language_choices(keep=update.language) if editable else [],
        "translate_into": language_choices(taken=taken) if may_translate else [],
        # A translation starts from the original's decisions, as linkable as when drafting.
        "translate_linkable": await _linkable(admin, linked) if may_translate else [],
        "may": {
            "submit": "submit" in moves and may["submit"],
            # approve_update refuses the author: a second officer approves.
            "approve": "approve" in moves
            and await communications.may_approve(admin.viewer, update),
            "awaits_second": "approve" in moves and is_author,
            "edit": editable,
            "return": reviewer,
            "publish": "publish" in moves and may["publish"],
            "retract": "retract" in moves and may["retract"],
        },
    }


async def show(admin: Admin) -> Response:
    return admin.render(PAGE, await update_context(admin, admin.path_id("update_id")))


async def _changed(admin: Admin, update_id: int, message: str) -> Response:
    return await admin.done(
        PAGE,
        lambda: update_context(admin, update_id),
        fragment="content",
        redirect=admin.url("update", update_id=update_id),
        message=message,
    )


async def edit(admin: Admin) -> Response:
    update_id = admin.path_id("update_id")
    form = await admin.form()
    await communications.update_draft(
        admin.viewer,
        update_id=update_id,
        title=forms.text(form, "title"),
        summary=forms.text(form, "summary"),
        body=forms.text(form, "body"),
        urgent=forms.checked(form, "urgent"),
        decision_ids=forms.numbers(form, "decision_ids"),
        language=forms.optional(form, "language"),
    )
    return await _changed(admin, update_id, _("The draft is saved."))


async def send_back(admin: Admin) -> Response:
    update_id = admin.path_id("update_id")
    form = await admin.form()
    await communications.return_update(
        admin.viewer, update_id=update_id, reason=forms.text(form, "reason")
    )
    return await _changed(admin, update_id, _("Returned to its author, with your reason."))


async def submit(admin: Admin) -> Response:
    update_id = admin.path_id("update_id")
    await communications.submit_update(admin.viewer, update_id=update_id)
    return await _changed(admin, update_id, _("Submitted for review by a second officer."))


async def approve(admin: Admin) -> Response:
    update_id = admin.path_id("update_id")
    await communications.approve_update(admin.viewer, update_id=update_id)
    return await _changed(admin, update_id, _("Approved: it may now be published."))


async def publish(admin: Admin) -> Response:
    update_id = admin.path_id("update_id")
    await communications.publish_update(admin.viewer, update_id=update_id)
    return await _changed(
        admin, update_id, _("Published: it is on the public site and in the feed.")
    )


async def retract(admin: Admin) -> Response:
    update_id = admin.path_id("update_id")
    form = await admin.form()
    await communications.retract_update(
        admin.viewer, update_id=update_id, reason=forms.text(form, "reason")
    )
    return await _changed(admin, update_id, _("Retracted."))
