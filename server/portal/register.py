"""The portal's home, its updates and the public decisions register (PRODUCT.md, "Language,
time, the public portal"). Every row is read as the anonymous public reads it
(permissions.ANONYMOUS), through the visibility layer, in a fixed number of statements."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from governance import clock, search, translations, validation
from governance.errors import NotFound
from governance.languages import current
from governance.models import Agreement, Body, Decision, Meeting, Update
from permissions import ANONYMOUS, visible
from schema import ids
from schema.keyset import Order
from server.i18n import gettext, speaking
from server.portal.rendering import Shown, dated, page, page_of, papers

HOME_ROWS = 5
BY_LISTED = Order("listed_at", descending=True)
BY_DECIDED = Order("decided_on", descending=True)
MAX_REFERENCE = 64


@page
async def home(request: Request) -> Shown:
    """Latest updates, upcoming public meetings, latest public decisions, the bodies."""
    updates = await _one_per_group().order_by("-listed_at", "-id").limit(HOME_ROWS)
    upcoming = (
        await visible(ANONYMOUS, Meeting)
        .filter(starts_at__gte=clock.now())
        .select_related("body")
        .order_by("starts_at", "id")
        .limit(HOME_ROWS)
    )
    decisions = (
        await visible(ANONYMOUS, Decision)
        .select_related("committee")
        .order_by("-decided_on", "-id")
        .limit(HOME_ROWS)
    )
    bodies = await visible(ANONYMOUS, Body).order_by("name", "id")
    return Shown(
        "public/home.html",
        {
            "updates": updates,
            "upcoming": dated(upcoming),
            "decisions": decisions,
            "bodies": bodies,
            "graphiql": request.app.state.settings.graphiql,
        },
    )


def _one_per_group() -> QuerySet[Update]:
    """Published updates, each group of translations once, in the visitor's language when
    it is published in it (governance.translations)."""
    return translations.one_per_group(visible(ANONYMOUS, Update), current())


@page
async def updates(request: Request) -> Shown:
    """Published updates, newest first, a page at a time."""
    listed = await page_of(request, _one_per_group(), BY_LISTED, scope="portal:updates")
    return Shown("public/updates.html", {"paged": listed})


@dataclass(frozen=True)
class Version:
    """A published translation of the shown update, to link to in its own language."""

    id: int
    language: str
    label: str  # "Lire en français", in that language


def _version(update: Update) -> Version:
    name = translations.language_name(update.language, update.language)
    with speaking(update.language):
        label = gettext("Read in %(language)s") % {"language": name}
    return Version(update.id, update.language, label)


@page
async def update(request: Request) -> Shown:
    """One published update, with the public decisions it speaks of and links to its
    published translations."""
    shown = await visible(ANONYMOUS, Update).filter(id=_update_id(request) or 0).first()
    if shown is None:
        raise NotFound("update")
    decisions = (
        await visible(ANONYMOUS, Decision)
        .filter(updates__id=shown.id)
        .order_by("-decided_on", "-id")
    )
    others = (
        await translations.members(visible(ANONYMOUS, Update), translations.group_of(shown))
        .exclude(id=shown.id)
        .only("id", "language")
        .order_by("language", "id")
    )
    return Shown(
        "public/update.html",
        {"update": shown, "decisions": decisions, "versions": [_version(u) for u in others]},
    )


def _update_id(request: Request) -> int | None:
    """The row of `/updates/<id>`: its sealed id (the API's global id, which the portal
    links with, so no link tells how many updates lie between two), or the plain row
    number of a link made before (a hidden one is the same 404 as an absent one)."""
    value = request.path_params["update_id"]
    decoded = ids.decode(value)
    if decoded is not None:
        return decoded[1] if decoded[0] == "Update" else None
    return validation.row_id(value)


@page
async def decisions(request: Request) -> Shown:
    """The public register: every decision released to the public, newest first, searched
    by the one search rule (governance.search), optionally of one body."""
    text = request.query_params.get("q", "").strip()
    slug = request.query_params.get("body", "").strip()
    rows = visible(ANONYMOUS, Decision).select_related("committee")
    body = None
    if slug:
        body = await body_named(slug)
        rows = rows.filter(committee_id=body.id)
    if text:
        rows = rows.filter(await search.matching(text, Decision))
    listed = await page_of(request, rows, BY_DECIDED, scope="portal:decisions")
    return Shown("public/decisions.html", {"paged": listed, "q": text, "body": body})


async def body_named(slug: str) -> Body:
    """The body of that slug, or NotFound (a slug is at most 64 characters)."""
    found = await visible(ANONYMOUS, Body).filter(slug=slug).first() if len(slug) <= 64 else None
    if found is None:
        raise NotFound("body")
    return found


@page
async def decision(request: Request) -> Shown:
    """One public decision: its text and status, the decisions it supersedes or that
    supersede it, its agreement, the updates that speak of it and its papers, each only
    where the public may see it."""
    reference = request.path_params["reference"]
    found = None
    if len(reference) <= MAX_REFERENCE:
        found = (
            await visible(ANONYMOUS, Decision)
            .filter(reference=reference)
            .select_related("committee")
            .first()
        )
    if found is None:
        raise NotFound("decision")
    related = await visible(ANONYMOUS, Decision).filter(
        Q(id=found.supersedes_id or 0) | Q(supersedes_id=found.id)
    )
    agreement = None
    if found.agreement_id is not None:
        agreement = await visible(ANONYMOUS, Agreement).filter(id=found.agreement_id).first()
    # Among the versions that report it, each group once (as in the lists of updates).
    spoken_of = await translations.one_per_group(
        visible(ANONYMOUS, Update).filter(decisions__id=found.id), current()
    ).order_by("-listed_at", "-id")
    return Shown(
        "public/decision.html",
        {
            "decision": found,
            "body": found.committee,
            "supersedes": next((d for d in related if d.id == found.supersedes_id), None),
            "superseded_by": next((d for d in related if d.supersedes_id == found.id), None),
            "agreement": agreement,
            "updates": spoken_of,
            "documents": await papers(decision_id=found.id),
        },
    )
