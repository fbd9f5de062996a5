"""Public updates: draft → review → approval by a second officer → publish → retract."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tortoise.transactions import in_transaction

from governance import audit, clock, events, notifications, tell, translations, validation
from governance.enums import DecisionStatus, ReleaseStatus
from governance.errors import N_, Forbidden, InvalidTransition, NotFound, Phrase
from governance.guards import found, signed_in
from governance.lifecycles import UPDATE
from governance.models import Decision, Update
from governance.webhooks import WebhookEvent, emit
from permissions import Viewer, can, require, visible

COMMS = N_("Only the communications team handles public updates.")


async def draft_update(
    viewer: Viewer,
    *,
    title: str,
    summary: str | None,
    body: str,
    urgent: bool,
    decision_ids: Iterable[int],
    language: str = translations.DEFAULT,
    translation_of_id: int | None = None,
) -> Update:
    """A new DRAFT in `language` (a BCP 47 tag), or a translation of the update
    `translation_of_id` names: of its original when that one is itself a translation
    (governance.translations), refused when the group already speaks `language`."""
    actor = signed_in(viewer)
    title = validation.text(title, "title", validation.TITLE)
    summary = validation.optional_text(summary, "summary", validation.SHORT_TEXT, multiline=True)
    body = validation.text(body, "body", validation.LONG_TEXT, multiline=True)
    language = translations.language_tag(language)
    await require(viewer, "draft", "update", message=COMMS)
    decision_ids = sorted(set(decision_ids))
    decisions = await visible(viewer, Decision).filter(id__in=decision_ids)
    if len(decisions) != len(decision_ids):
        raise NotFound("No decision with that id.")
    async with in_transaction():
        original = None
        if translation_of_id is not None:
            original = await translations.original_of(viewer, translation_of_id)
            await translations.check_language_free(original.id, language)
        now = clock.now()
        update = await Update.create(
            title=title,
            summary=summary,
            body=body,
            urgent=urgent,
            author_id=actor,
            listed_at=now,
            created_at=now,  # shown as the day it was drafted
            language=language,
            translation_of_id=original.id if original else None,
        )
        if decisions:
            await update.decisions.add(*decisions)
        what = f"Drafted update “{title}” in {language}"
        if original is not None:
            what = f"Drafted update “{title}”, the {language} translation of update {original.id}"
        await audit.record(
            actor, "update.draft", what + (" (urgent)" if urgent else ""), "update", update.id
        )
    return update


async def _update(viewer: Viewer, update_id: int, action: str) -> Update:
    """An unpublished update is the communications team's alone: NOT_FOUND to anyone
    else; a published one is public, so acting on it without the role is FORBIDDEN."""
    signed_in(viewer)
    update = await found(visible(viewer, Update), update_id, "update")
    await require(viewer, action, update, message=COMMS)
    return update


async def update_draft(
    viewer: Viewer,
    *,
    update_id: int,
    title: str | None = None,
    summary: str | None = None,
    body: str | None = None,
    urgent: bool | None = None,
    decision_ids: Iterable[int] | None = None,
    language: str | None = None,
) -> Update:
    """The author corrects their draft (None: that part unchanged; an empty summary
    clears it). `decision_ids`, when given, is the new set of linked decisions, each
    one the author may see, as when drafting; a link to a decision the author can no
    longer see stays, since they cannot name it to keep or drop it. `language` corrects
    a draft's language (the admin's form; the API's input has none), never to one its
    group already speaks."""
    changes: dict[str, Any] = {}
    if title is not None:
        changes["title"] = validation.text(title, "title", validation.TITLE)
    if summary is not None:
        changes["summary"] = validation.optional_text(
            summary, "summary", validation.SHORT_TEXT, multiline=True
        )
    if body is not None:
        changes["body"] = validation.text(body, "body", validation.LONG_TEXT, multiline=True)
    if urgent is not None:
        changes["urgent"] = urgent
    if language is not None:
        changes["language"] = translations.language_tag(language)
    update = await _update(viewer, update_id, "draft")
    if update.author_id != viewer.person_id:
        raise Forbidden("Only its author edits a draft update.")
    UPDATE.check(update, "edit")
    chosen: list[Decision] | None = None
    if decision_ids is not None:
        wanted = sorted(set(decision_ids))
        chosen = await visible(viewer, Decision).filter(id__in=wanted)
        if len(chosen) != len(wanted):
            raise NotFound("No decision with that id.")
    async with in_transaction():
        if changes.get("language", update.language) != update.language:
            group = translations.group_of(update)
            await Update.filter(id=group).select_for_update().first()
            await translations.check_language_free(group, changes["language"], besides=update.id)
        await UPDATE.move(update, "edit", **changes)
        if chosen is not None:
            await _relink(viewer, update, chosen)
        title_now = changes.get("title", update.title)
        await audit.record(
            viewer.person_id, "update.edit", f"Edited draft “{title_now}”", "update", update.id
        )
    return await Update.get(id=update.id)


async def _relink(viewer: Viewer, update: Update, chosen: list[Decision]) -> None:
    linked = await Decision.filter(updates__id=update.id)
    seen = set(
        await visible(viewer, Decision)
        .filter(id__in=[d.id for d in linked])
        .values_list("id", flat=True)
    )
    keep = {d.id for d in chosen}
    already = {d.id for d in linked}
    dropped = [d for d in linked if d.id in seen and d.id not in keep]
    added = [d for d in chosen if d.id not in already]
    if dropped:
        await update.decisions.remove(*dropped)
    if added:
        await update.decisions.add(*added)


async def submit_update(viewer: Viewer, *, update_id: int) -> Update:
    update = await _update(viewer, update_id, "submit")
    async with in_transaction():
        # A reviewer's reason for returning it was for this round: it is answered now.
        await UPDATE.move(
            update, "submit", return_reason=None, returned_at=None, returned_by_id=None
        )
        await audit.record(
            viewer.person_id,
            "update.submit",
            f"Submitted “{update.title}” for review",
            "update",
            update.id,
        )
        told = await tell.update_awaiting_approval(update)
    await notifications.announce(told)
    return await Update.get(id=update.id)


async def may_approve(viewer: Viewer, update: Update) -> bool:
    """A COMMUNICATIONS person other than the author: the four-eyes rule, in one place."""
    return update.author_id != viewer.person_id and await can(viewer, "approve", update)


async def approve_update(viewer: Viewer, *, update_id: int) -> Update:
    update = await _update(viewer, update_id, "approve")
    if not await may_approve(viewer, update):
        raise Forbidden("A second communications officer approves an update, not its author.")
    async with in_transaction():
        await UPDATE.move(update, "approve", approved_by_id=viewer.person_id)
        await audit.record(
            viewer.person_id, "update.approve", f"Approved “{update.title}”", "update", update.id
        )
    return await Update.get(id=update.id)


async def return_update(viewer: Viewer, *, update_id: int, reason: str) -> Update:
    """A reviewer (who could approve it) sends it back to its author, saying why."""
    reason = validation.text(reason, "reason", validation.SHORT_TEXT, multiline=True)
    update = await _update(viewer, update_id, "approve")
    if not await may_approve(viewer, update):
        raise Forbidden("A second communications officer reviews an update, not its author.")
    async with in_transaction():
        await UPDATE.move(
            update,
            "return",
            return_reason=reason,
            returned_at=clock.now(),
            returned_by_id=viewer.person_id,
        )
        await audit.record(
            viewer.person_id,
            "update.return",
            f"Returned “{update.title}” to its author",
            "update",
            update.id,
        )
    return await Update.get(id=update.id)


async def unpublishable_decisions(update: Update) -> list[Decision]:
    """Linked decisions that are not both IN_FORCE and CLEARED_FOR_RELEASE."""
    return [
        d
        for d in await Decision.filter(updates__id=update.id)
        if d.status != DecisionStatus.IN_FORCE or d.release != ReleaseStatus.CLEARED_FOR_RELEASE
    ]


async def publish_update(viewer: Viewer, *, update_id: int) -> Update:
    update = await _update(viewer, update_id, "publish")
    async with in_transaction():
        blocking = await unpublishable_decisions(update)
        if blocking:
            # Every linked decision is visible to the communications team that linked it; still,
            # name only those the publisher may see.
            seen = set(
                await visible(viewer, Decision)
                .filter(id__in=[d.id for d in blocking])
                .values_list("reference", flat=True)
            )
            names = ", ".join(sorted(str(ref) for ref in seen)) or Phrase("a linked decision")
            raise InvalidTransition(
                "%(names)s must be in force and cleared for release before this update is "
                "published.",
                names=names,
            )
        now = clock.now()
        await UPDATE.move(update, "publish", published_at=now, listed_at=now)
        await audit.record(
            viewer.person_id, "update.publish", f"Published “{update.title}”", "update", update.id
        )
        await emit(WebhookEvent.UPDATE_PUBLISHED, "update", update.id)
        told = await tell.update_published(update)
    await events.publish(events.UPDATES_TOPIC, update.id)
    await notifications.announce(told)
    return await Update.get(id=update.id)


async def retract_update(viewer: Viewer, *, update_id: int, reason: str) -> Update:
    reason = validation.text(reason, "reason", validation.SHORT_TEXT, multiline=True)
    update = await _update(viewer, update_id, "retract")
    async with in_transaction():
        await UPDATE.move(update, "retract", retracted_at=clock.now(), retraction_reason=reason)
        await audit.record(
            viewer.person_id, "update.retract", f"Retracted “{update.title}”", "update", update.id
        )
    return await Update.get(id=update.id)
