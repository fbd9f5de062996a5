"""My notifications: the bell's unread count (a small fragment htmx asks for every 30 s;
without JavaScript the bell is a plain link here), the list with a link to each subject,
marking read, and the choice per kind of email as it happens, the daily digest, or none.

The rules are governance.inbox's: each person reaches their own notifications only.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import HTMLResponse, RedirectResponse, Response

from governance import inbox
from governance.enums import CHOOSABLE_KINDS, NotificationKind
from governance.errors import BadInput, NotFound
from governance.models import Notification
from permissions import kinds
from schema.keyset import Order
from server.admin.pages import Admin
from server.admin.paging import page_of

PAGE = "admin/notifications.html"
PREFERENCES = "admin/notification_preferences.html"
BELL = "admin/_bell.html"
CHOICES = (("email", "Email now"), ("digest", "Daily digest"), ("none", "None (in the app only)"))


def subject_url(admin: Admin, notification: Notification) -> str | None:
    """The admin page of what it is about, where its kind has one; the page itself
    answers 404 to someone who may no longer see it."""
    if notification.subject_type not in kinds.BY_NAME or notification.subject_id is None:
        return None
    page = kinds.get(notification.subject_type).page
    if page is None:
        if notification.subject_type == "body":
            return admin.url("body", body_id=notification.subject_id)
        return None
    if page.param is not None:
        return admin.url(page.route, **{page.param: notification.subject_id})
    return f"{admin.url(page.route)}#{page.anchor}-{notification.subject_id}"


async def context(admin: Admin) -> dict[str, Any]:
    rows = kinds.NOTIFICATION.visible(admin.viewer)
    unread_only = admin.request.query_params.get("unread") == "1"
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    page = await page_of(admin, rows, Order("id", descending=True), route="notifications")
    return {
        "section": "notifications",
        "page": page,
        "notifications": [(n, subject_url(admin, n)) for n in page.rows],
        "unread": await inbox.unread_count(admin.viewer),
        "unread_only": unread_only,
    }


async def index(admin: Admin) -> Response:
    return admin.render(PAGE, await context(admin), fragment="notifications")


async def bell(admin: Admin) -> Response:
    """The bell alone, for htmx to swap in place every 30 s. Asked for as a page (the
    sign-in's way back after a poll found the session over), the notifications page."""
    if not admin.htmx:
        return RedirectResponse(admin.url("notifications"), status_code=303)
    values = admin.context({"unread": await inbox.unread_count(admin.viewer)})
    html = admin.request.app.state.templates.get_template(BELL).render(values)
    return HTMLResponse(html)


async def mark_one(admin: Admin) -> Response:
    notification_id = admin.path_id("notification_id")
    if not await kinds.NOTIFICATION.visible(admin.viewer).filter(id=notification_id).exists():
        raise NotFound("There is no such notification.")
    await inbox.mark_read(admin.viewer, [notification_id])
    return await admin.done(
        PAGE, lambda: context(admin), fragment="notifications", redirect=admin.url("notifications")
    )


async def mark_all(admin: Admin) -> Response:
    count = await inbox.mark_read(admin.viewer)
    return await admin.done(
        PAGE,
        lambda: context(admin),
        fragment="notifications",
        redirect=admin.url("notifications"),
        message=f"{count} notification{'' if count == 1 else 's'} marked read.",
    )


def _label(kind: NotificationKind) -> str:
    return kind.value.replace("_", " ").capitalize()


async def preferences_context(admin: Admin) -> dict[str, Any]:
    rows = []
    for preference in await inbox.preferences(admin.viewer):
        chosen = "digest" if preference.digest else "email" if preference.email else "none"
        rows.append((preference.kind.value, _label(preference.kind), chosen))
    return {"section": "notifications", "preferences": rows, "choices": CHOICES}


async def preferences(admin: Admin) -> Response:
    return admin.render(PREFERENCES, await preferences_context(admin), fragment="preferences")


async def save_preferences(admin: Admin) -> Response:
    form = await admin.form()
    chosen = []
    for kind in CHOOSABLE_KINDS:
        value = form.get(kind.value)
        if value is None:
            continue  # a kind the form did not send stays as it was
        if value not in dict(CHOICES):
            raise BadInput(
                "Choose email now, daily digest or none for %(kind)s.", kind=_label(kind).lower()
            )
        chosen.append(inbox.Preference(kind, email=value == "email", digest=value == "digest"))
    await inbox.set_preferences(admin.viewer, chosen)
    return await admin.done(
        PREFERENCES,
        lambda: preferences_context(admin),
        fragment="preferences",
        redirect=admin.url("notification_preferences"),
        message="Your notification preferences are saved.",
    )
