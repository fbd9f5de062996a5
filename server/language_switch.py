"""The language switch on every page: a form (no JavaScript) that keeps the choice in a
cookie and goes back to the page it came from (a path of this site only).

For a signed-in person it is also their profile's language, or the switch would not win
over it. No CSRF token is needed for that: the session cookie is SameSite=Lax, so a form
posted from another site arrives without it and only sets the language cookie.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from governance import preferences
from governance.models import Person
from server import i18n, sessions
from server.addresses import request_scheme
from server.portal.rendering import cached


async def switch(request: Request) -> Response:
    if request.method == "GET":  # the switch's address, opened: the choice as a page
        response = request.app.state.templates.TemplateResponse(request, "public/language.html", {})
        return cached(request, response)
    form = await request.form()
    chosen = i18n.supported(str(form.get("language") or ""))
    back = i18n.safe_back(str(form.get("next") or ""))
    response = RedirectResponse(back, status_code=303)
    if chosen is None:
        return response
    settings = request.app.state.settings
    response.set_cookie(
        i18n.COOKIE,
        chosen,
        max_age=i18n.COOKIE_AGE,
        httponly=True,
        samesite="lax",
        secure=request_scheme(request, settings) == "https",
    )
    session = sessions.read(request.cookies.get(sessions.COOKIE), settings.secret_key)
    if session is not None and await Person.exists(
        id=session.person_id, session_version=session.version
    ):
        await preferences.set_language(session.person_id, chosen)
    return response
