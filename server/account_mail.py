"""The account emails (PRODUCT.md, "Account emails"): an invitation to set a first
password, and a link to reset a forgotten one. Built at send time from the outbox item
that governance.account_links wrote with the link: the token is in the item's payload
(governance.outbox drops it once the item is done), the link's row says whether it is
still good. A link that died before its email left (replaced, used, signed out, expired)
sends nothing: the builder answers None.
"""

from __future__ import annotations

from email.headerregistry import Address
from email.message import EmailMessage

from governance import account_links, outbox
from governance.credentials import token_digest
from governance.models import AccountLink, OutboxItem, Person
from governance.models.account_links import LinkPurpose
from server import i18n
from server.emails import environment
from server.messages import MailContext, builder


def N_(message: str) -> str:
    """A message for the catalogs (pybabel's default keywords), translated later."""
    return message


# Where the links lead (server.admin.routes: "invitation", "password_reset"), written out:
# the worker builds emails without a request to ask the routes (tests follow the links).
LINK_PATHS = {
    LinkPurpose.INVITATION: "/admin/invitation/",
    LinkPurpose.PASSWORD_RESET: "/admin/password/reset/",
}
FORGOT_PATH = "/admin/password/forgot"
NAMES = {
    LinkPurpose.INVITATION: "account_invitation",
    LinkPurpose.PASSWORD_RESET: "password_reset",
}
# Marked for the catalogs (N_), translated when the email is built, in the person's language.
SUBJECTS = {
    LinkPurpose.INVITATION: N_("You are invited to Indaba: choose your password"),
    LinkPurpose.PASSWORD_RESET: N_("Reset your Indaba password"),
}
LIFETIME_WORDS = {
    LinkPurpose.INVITATION: N_("7 days"),
    LinkPurpose.PASSWORD_RESET: N_("1 hour"),
}


def link_url(public_url: str, purpose: LinkPurpose, token: str) -> str:
    return f"{public_url}{LINK_PATHS[purpose]}{token}"


@builder(LinkPurpose.INVITATION.value, LinkPurpose.PASSWORD_RESET.value)
async def build(item: OutboxItem, context: MailContext) -> EmailMessage | None:
    purpose = LinkPurpose(item.topic)
    token = item.payload.get(outbox.SECRET)
    link = await AccountLink.get_or_none(id=item.subject_id) if item.subject_id else None
    if not isinstance(token, str) or link is None or link.purpose != purpose:
        return None
    if token_digest(token) != link.token_hash or not await account_links.still_live(link):
        return None
    person = await Person.get(id=link.person_id)
    with i18n.speaking(person.language):
        return _message(person, link, purpose, token, context)


def _message(
    person: Person, link: AccountLink, purpose: LinkPurpose, token: str, context: MailContext
) -> EmailMessage:
    values = {
        "name": person.name,
        "url": link_url(context.public_url, purpose, token),
        # On the person's own clocks when they chose some (UTC otherwise), the zone named.
        "expires_at": i18n.moment_in(link.expires_at, person.time_zone),
        "lifetime": i18n.gettext(LIFETIME_WORDS[purpose]),
        "forgot_url": context.public_url + FORGOT_PATH,
    }
    name = NAMES[purpose]
    message = EmailMessage()
    message["Subject"] = i18n.gettext(SUBJECTS[purpose])
    message["From"] = context.sender
    message["To"] = Address(display_name=person.name, addr_spec=person.email)
    # An automatic message (RFC 3834): no out-of-office replies to it.
    message["Auto-Submitted"] = "auto-generated"
    # Notifications' environment (server.emails): the same layout, escaping and catalogs.
    message.set_content(environment.get_template(f"email/{name}.txt").render(values))
    html = environment.get_template(f"email/{name}.html").render(values)
    message.add_alternative(html, subtype="html")
    return message
