"""Correcting a meeting on its page: its particulars, the agenda's items (edited, moved up
or down, removed), and "all present" for the attendance (governance.meeting_corrections,
governance.meetings). Each answers htmx with the part of the page it changed."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from governance import meeting_corrections as corrections
from governance import meetings
from governance.enums import Classification
from governance.guards import found
from governance.models import AgendaItem, Body, Meeting
from permissions import visible
from server.admin import forms
from server.admin.meetings import PAGE, meeting_context
from server.admin.pages import Admin
from server.i18n import gettext as _


async def update_meeting(admin: Admin) -> Response:
    """Reschedule, retitle, relocate: the fields as the form sends them, all at once."""
    meeting_id = admin.path_id("meeting_id")
    form = await admin.form()
    # The times are typed on the clocks of the meeting's body (shown on the form).
    meeting = await found(visible(admin.viewer, Meeting), meeting_id, "meeting")
    zone = (await Body.get(id=meeting.body_id)).time_zone
    await corrections.update_meeting(
        admin.viewer,
        meeting_id=meeting_id,
        title=forms.text(form, "title"),
        starts_at=forms.moment(form, "starts_at", _("the start"), zone),
        ends_at=forms.optional_moment(form, "ends_at", _("the end"), zone),
        location=forms.optional(form, "location"),
    )
    return await admin.done(
        PAGE,
        lambda: meeting_context(admin, meeting_id, "status"),
        fragment="status",
        redirect=admin.url("meeting", meeting_id=meeting_id),
        message=_("The meeting is corrected."),
    )


async def _agenda_changed(admin: Admin, meeting_id: int, message: str, **extra: Any) -> Response:
    async def values() -> dict[str, Any]:
        context = await meeting_context(admin, meeting_id, "agenda")
        # The motion form's choice of items follows the agenda without a reload.
        context.update(refresh_motion_choice=True, **extra)
        return context

    return await admin.done(
        PAGE,
        values,
        fragment="agenda",
        redirect=admin.url("meeting", meeting_id=meeting_id) + "#agenda",
        message=message,
    )


async def update_agenda_item(admin: Admin) -> Response:
    form = await admin.form()
    item = await corrections.update_agenda_item(
        admin.viewer,
        agenda_item_id=admin.path_id("agenda_item_id"),
        title=forms.text(form, "title"),
        description=forms.optional(form, "description"),
        classification=forms.choice(form, "classification", Classification),
    )
    return await _agenda_changed(admin, item.meeting_id, _("The agenda item is corrected."))


async def move_agenda_item(admin: Admin) -> Response:
    """Up or down one place (a button each, so the keyboard moves items as well as a mouse)."""
    form = await admin.form()
    item_id = admin.path_id("agenda_item_id")
    position = forms.count(form, "position", _("the new place"))
    meeting = await corrections.move_agenda_item(
        admin.viewer, agenda_item_id=item_id, position=position
    )
    return await _agenda_changed(
        admin,
        meeting.id,
        _("Moved the item to place %(position)s.") % {"position": position},
        moved=item_id,
    )


async def remove_agenda_item(admin: Admin) -> Response:
    meeting = await corrections.remove_agenda_item(
        admin.viewer, agenda_item_id=admin.path_id("agenda_item_id")
    )
    return await _agenda_changed(admin, meeting.id, _("The item is off the agenda."))


async def agenda_item_page(admin: Admin) -> Response:
    """Where a refused correction of an agenda item lands: its meeting's page."""
    item = await found(
        visible(admin.viewer, AgendaItem), admin.path_id("agenda_item_id"), "agenda item"
    )
    return admin.render(PAGE, await meeting_context(admin, item.meeting_id))


async def all_present(admin: Admin) -> Response:
    """One click: every member whose attendance is not recorded yet is present."""
    meeting_id = admin.path_id("meeting_id")
    await meetings.mark_the_rest_present(admin.viewer, meeting_id=meeting_id)
    return await admin.done(
        PAGE,
        lambda: meeting_context(admin, meeting_id, "attendance"),
        fragment="attendance",
        redirect=admin.url("meeting", meeting_id=meeting_id) + "#attendance",
    )
