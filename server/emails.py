"""Writing an email: the templates under templates/email/, the absolute links, the headers.

Every email is plain text and HTML from two templates that extend `email/base.txt` and
`email/base.html` (the footer: why it was sent, the preferences, the unsubscribe). The
words live in the templates, through the catalogs (server.i18n): the recipient's language.

Links are absolute, from INDABA_PUBLIC_URL (MailContext.public_url): an email has no
request to read a host from. Each notification links to the item's page in the admin,
as its kind declares it (permissions.kinds), or to the notifications page.
"""

from __future__ import annotations

from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.routing import NoMatchFound, Router
from tortoise.models import Model

from governance.models import AgendaItem, Minutes, Person, ProgressReport
from permissions import kinds
from permissions.kind import AdminPage
from server import i18n
from server.messages import MailContext

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
PREFERENCES = "/admin/notifications/preferences"
NOTIFICATIONS = "/admin/notifications"
# Kinds whose page is another row's (minutes are read on their meeting's page).
ON_PAGE_OF: dict[str, tuple[type[Model], str, str]] = {
    "minutes": (Minutes, "meeting_id", "meeting"),
    "agenda_item": (AgendaItem, "meeting_id", "meeting"),
    "progress_report": (ProgressReport, "plan_id", "action_plan"),
}
PAGES = {
    "update": AdminPage("update", "update_id"),
    "body": AdminPage("body", "body_id"),
    "person": AdminPage("person", "person_id"),
}

environment = Environment(
    loader=FileSystemLoader(str(TEMPLATES)),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
    undefined=StrictUndefined,  # a missing word is a bug to see, not a blank in an email
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    extensions=["jinja2.ext.i18n"],
)
# The words in the recipient's language: the builders render inside i18n.speaking().
i18n.install(environment)
_admin: Router | None = None


def _admin_path(route: str, **params: Any) -> str:
    global _admin
    if _admin is None:
        from server.admin import routes  # the admin's routes, only where links are written

        _admin = Router(routes=routes.routes)
    return "/admin" + str(_admin.url_path_for(route, **params))


async def item_path(subject_type: str | None, subject_id: int | None) -> str:
    """Where the admin shows the subject; the notifications page when it shows nowhere."""
    if subject_type is None or subject_id is None:
        return NOTIFICATIONS
    if subject_type in ON_PAGE_OF:
        model, column, kind_name = ON_PAGE_OF[subject_type]
        owner = cast(list[int], await model.filter(id=subject_id).values_list(column, flat=True))
        if not owner:
            return NOTIFICATIONS
        subject_type, subject_id = kind_name, owner[0]
    declared = kinds.BY_NAME.get(subject_type)
    page = PAGES.get(subject_type) or (declared.page if declared else None)
    if page is None:
        return NOTIFICATIONS
    try:
        if page.param is None:
            path = _admin_path(page.route)
            return f"{path}#{page.anchor}-{subject_id}" if page.anchor else path
        return _admin_path(page.route, **{page.param: subject_id})
    except NoMatchFound:
        return NOTIFICATIONS


def absolute(mail: MailContext, path: str) -> str:
    return mail.public_url + path


def compose(
    mail: MailContext,
    to: Person,
    subject: str,
    template: str,
    context: dict[str, Any],
    *,
    unsubscribe: str | None = None,
) -> EmailMessage:
    """One email to `to`: `email/<template>.txt` and `.html`, with the footer's links and
    the RFC 8058 one-click unsubscribe headers when `unsubscribe` is given."""
    words = {
        **context,
        "person": to,
        "subject": subject,
        "preferences_url": absolute(mail, PREFERENCES),
        "unsubscribe_url": unsubscribe,
        "home_url": mail.public_url,
    }
    message = EmailMessage()
    # A title is one line (a header may not carry a line break).
    message["Subject"] = " ".join(subject.split())
    message["From"] = mail.sender
    message["To"] = Address(display_name=to.name, addr_spec=to.email)
    message["Date"] = formatdate(usegmt=True)
    # Not an answer a person wrote: auto-responders stay quiet (RFC 3834).
    message["Auto-Submitted"] = "auto-generated"
    if unsubscribe is not None:
        message["List-Unsubscribe"] = f"<{unsubscribe}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(environment.get_template(f"email/{template}.txt").render(words))
    message.add_alternative(
        environment.get_template(f"email/{template}.html").render(words), subtype="html"
    )
    return message


def message_id(delivery_id: str, public_url: str) -> str:
    """The outbox item's delivery id as the Message-ID: a retried send is the same email,
    which receivers may de-duplicate."""
    domain = urlsplit(public_url).hostname or "localhost"
    return f"<{delivery_id}@{domain}>"
