"""The admin's request handling, in one place.

Every admin screen is a function of an `Admin`: the request, the signed-in
viewer and their session. `page()` and `action()` turn one into a route that
finds the viewer from the session cookie (signed out → the sign-in page),
checks the CSRF token on every state change, maps domain errors to statuses
(NotFound → 404, Forbidden → 403, the others → the page again, with the
message), and sets the headers every admin response carries.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import quote

from jinja2_fragments import render_block
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route
from tortoise.models import Model
from tortoise.queryset import QuerySet

from governance import languages, search, two_factor, validation
from governance.errors import (
    BadInput,
    Conflict,
    DomainError,
    Forbidden,
    InvalidTransition,
    NotFound,
    Unauthenticated,
)
from governance.models import Person
from permissions import Viewer, allowed, can, may
from permissions.can import Item
from server import i18n, labels, sessions
from server.auth import admin_from_session

# Sent with every admin response: nothing here belongs in a shared cache, and one
# URL answers with a page or a fragment depending on HX-Request.
HEADERS = {"Cache-Control": "no-store", "Vary": "HX-Request"}
# Refusals that re-render the page with the service's message, and their statuses;
# any other domain refusal is a 400.
REFUSALS: tuple[tuple[type[DomainError], int], ...] = (
    (Conflict, 409),
    (InvalidTransition, 409),
    (BadInput, 400),
)
CSRF_FIELD = "csrf_token"
M = TypeVar("M", bound=Model)
CSRF_HEADER = "x-csrf-token"


@dataclass
class Admin:
    request: Request
    viewer: Viewer
    person: Person
    session: sessions.Session
    notice: str | None = None  # a refusal to show on the page
    message: str | None = None  # a confirmation to show on the page
    _form: FormData | None = field(default=None, repr=False)

    @property
    def htmx(self) -> bool:
        return self.request.headers.get("hx-request") == "true"

    @property
    def person_id(self) -> int:
        return self.person.id

    async def can(self, action: str, item: Item, *, on: Model | None = None) -> bool:
        """The question the services refuse with: draw a button only when this is True."""
        return await can(self.viewer, action, item, on=on)

    async def may(self, item: Item, *actions: str, on: Model | None = None) -> dict[str, bool]:
        """`can` for a page's buttons on one item."""
        return await may(self.viewer, item, *actions, on=on)

    async def allowed(
        self, action: str, items: Sequence[Any] | str, *, on: Sequence[Any] = ()
    ) -> list[Any]:
        """The rows of a list with a button for `action` (permissions.allowed)."""
        if isinstance(items, str):  # a kind's name: the rows `on` which to do it
            return await allowed(self.viewer, action, items, on=on)
        return await allowed(self.viewer, action, items)

    async def searched(self, queryset: QuerySet[M]) -> tuple[QuerySet[M], str]:
        """The list filtered by its search box (governance.search), and the words searched;
        words the rule refuses leave the list whole and say why on the page."""
        text = self.request.query_params.get("q", "").strip()[:500]
        if not text:
            return queryset, ""
        try:
            return queryset.filter(await search.matching(text, queryset.model)), text
        except BadInput as error:
            self.notice = refused(error)
            return queryset, text

    def url(self, name: str, /, **params: Any) -> str:
        """The path of the admin route `name` (server.admin.routes), e.g. url("meeting", meeting_id=3)."""
        return path_for(self.request, f"admin:{name}", **params)

    def path_id(self, name: str) -> int:
        """A row number from the URL; a number no row can have is Not Found, like any other."""
        value = validation.row_id(str(self.request.path_params[name]))
        if value is None:
            raise NotFound("There is no such page.")
        return value

    async def form(self) -> FormData:
        if self._form is None:
            self._form = await self.request.form()
        return self._form

    def context(self, values: dict[str, Any]) -> dict[str, Any]:
        return {
            "request": self.request,
            "admin": self,
            "viewer": self.viewer,
            "me": self.person,
            "csrf_token": sessions.masked(self.session.csrf),
            "notice": self.notice,
            "message": self.message,
            **values,
        }

    def render(
        self,
        template: str,
        values: dict[str, Any],
        *,
        fragment: str | None = None,
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> Response:
        """The whole page; only the named block when htmx asks (same template, one block)."""
        context = self.context(values)
        templates = self.request.app.state.templates
        if fragment and self.htmx:
            html = render_block(templates.env, template, fragment, context)
            if self.request.method != "GET":  # a change: replace (or clear) the last message
                html += flash_html(self.request, self.message, self.notice, oob=True)
        else:
            html = templates.get_template(template).render(context)
        return HTMLResponse(html, status_code=status, headers=headers)

    async def done(
        self,
        template: str,
        values: Callable[[], Awaitable[dict[str, Any]]] | dict[str, Any],
        *,
        fragment: str,
        redirect: str,
        message: str | None = None,
    ) -> Response:
        """After a change: the updated block for htmx, else back to the page (post/redirect/get).

        `values` may be a callable, so that the page is only gathered when it is drawn."""
        self.message = message
        if not self.htmx:
            return RedirectResponse(redirect, status_code=303)
        context = values if isinstance(values, dict) else await values()
        return self.render(template, context, fragment=fragment)

    def go(self, url: str) -> Response:
        """To another page after a change that made it (a new meeting, a new decision...)."""
        if self.htmx:
            return Response(status_code=200, headers={"HX-Redirect": url})
        return RedirectResponse(url, status_code=303)


View = Callable[[Admin], Awaitable[Response]]


def path_for(request: Request, name: str, /, **params: Any) -> str:
    """A route's path by its name: no scheme or host, like the links written by hand before,
    so nothing drawn depends on the Host header (templates have the same as `path_for`)."""
    return str(request.app.url_path_for(name, **params))


def flash_html(request: Request, message: str | None, notice: str | None, *, oob: bool) -> str:
    templates = request.app.state.templates
    return str(
        render_block(
            templates.env,
            "admin/_flash.html",
            "flash",
            {"message": message, "notice": notice, "oob": oob},
        )
    )


def with_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def sign_in_redirect(request: Request) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.method != "GET":
        target = path_for(request, "admin:dashboard")
    location = path_for(request, "admin:sign_in") + "?next=" + quote(target, safe="/")
    if request.headers.get("hx-request") == "true":
        # htmx follows HX-Redirect with a full page load, whatever the status.
        return with_headers(Response(status_code=401, headers={"HX-Redirect": location}))
    return with_headers(RedirectResponse(location, status_code=303))


def refused(error: DomainError) -> str:
    """A refusal in the reader's language; the API says the same in English (`.message`)."""
    return error.localized(labels.READER)


def refusal(request: Request, status: int, message: str, admin: Admin | None = None) -> Response:
    """A page of its own, or the message in the flash area for htmx (any status)."""
    if request.headers.get("hx-request") == "true":
        html = flash_html(request, None, message, oob=False)
        headers = {"HX-Retarget": "#flash", "HX-Reswap": "innerHTML"}
        return with_headers(HTMLResponse(html, status_code=status, headers=headers))
    templates = request.app.state.templates
    title = {403: i18n.gettext("Not allowed"), 404: i18n.gettext("Not found")}.get(
        status, i18n.gettext("Not done")
    )
    values = {"title": title, "status": status}
    context = admin.context(values) if admin else {"request": request, **values}
    context["notice"] = message
    html = templates.get_template("admin/error.html").render(context)
    return with_headers(HTMLResponse(html, status_code=status))


async def signed_in_admin(request: Request) -> Admin | None:
    settings = request.app.state.settings
    session = sessions.read(request.cookies.get(sessions.COOKIE), settings.secret_key)
    if session is None:
        return None
    # The person and the viewer they are today: one statement.
    found = await admin_from_session(request.cookies, settings.secret_key)
    # A session from before two-factor became compulsory ends: sign in and set it up.
    if found is None or two_factor.missing(found.person, settings.require_2fa):
        return None
    languages.use(found.person.language)  # their own language, before anything renders
    return Admin(request, found.viewer, found.person, session)


async def csrf_ok(admin: Admin) -> bool:
    token = admin.request.headers.get(CSRF_HEADER)
    if token is None:
        form = await admin.form()
        value = form.get(CSRF_FIELD)
        token = value if isinstance(value, str) else None
    return sessions.csrf_matches(admin.session, token)


async def _answer(view: View, admin: Admin, page: View | None) -> Response:
    try:
        return await view(admin)
    except Unauthenticated:
        return sign_in_redirect(admin.request)
    except NotFound as error:
        return refusal(admin.request, 404, refused(error), admin)
    except Forbidden as error:
        return refusal(admin.request, 403, refused(error), admin)
    except DomainError as error:
        status = next((code for kind, code in REFUSALS if isinstance(error, kind)), 400)
        if admin.htmx or page is None:
            return refusal(admin.request, status, refused(error), admin)
        admin.notice = refused(error)
        response = await _answer(page, admin, None)
        if response.status_code == 200:
            response.status_code = status
        return response


def _endpoint(view: View, page: View | None) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        admin = await signed_in_admin(request)
        if admin is None:
            return sign_in_redirect(request)
        try:
            if request.method != "GET" and not await csrf_ok(admin):
                return refusal(
                    request,
                    403,
                    i18n.gettext(
                        "This form is out of date or did not come from this site "
                        "(its security token is missing or wrong). Reload the page and try again."
                    ),
                    admin,
                )
            return with_headers(await _answer(view, admin, page))
        finally:
            if admin._form is not None:  # a multipart form's files, spooled to disk
                await admin._form.close()

    endpoint.__name__ = view.__name__
    endpoint.__doc__ = view.__doc__
    return endpoint


def page(path: str, view: View, *, name: str) -> Route:
    """A screen (GET) for signed-in people; `name` is how links reach it (Admin.url, path_for)."""
    return Route(path, _endpoint(view, None), methods=["GET"], name=name)


def action(path: str, view: View, *, page: View | None, name: str) -> Route:
    """A state change (POST): CSRF-checked; a refusal re-renders `page` with the message."""
    return Route(path, _endpoint(view, page), methods=["POST"], name=name)
