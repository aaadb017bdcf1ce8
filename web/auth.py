"""Who is asking: a signed-in person's session (pages) or an API token (scripts), and the
CSRF token that every state-changing form carries.

Sessions are signed cookies (Starlette's SessionMiddleware, set up in ``quotes.web.app``)
holding the user's id and the session's CSRF token; the user is read from the registry
on every request, so disabling an account ends its sessions at once.
"""

from __future__ import annotations

import secrets

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from quotes.registry.accounts import NotAllowed, User, get_user, user_for_token
from quotes.errors import QuotesError
from quotes.registry.registry import Registry

SESSION_USER = "user"
SESSION_CSRF = "csrf"


class NotSignedIn(QuotesError):
    """No session or no valid API token: pages answer with the sign-in page, the API with 401."""


class CsrfRefused(NotAllowed):
    """A form posted without this session's CSRF token (another site's form, a stale page)."""


def registry_of(request: Request) -> Registry:
    return request.app.state.registry


def page_user(request: Request) -> User:
    """The signed-in user of a page request; NotSignedIn when there is none (or they were disabled)."""
    user_id = request.session.get(SESSION_USER)
    user = get_user(registry_of(request), user_id) if user_id else None
    if user is None or user.disabled:
        request.session.pop(SESSION_USER, None)
        raise NotSignedIn("sign in first")
    return user


def start_session(request: Request, user: User) -> None:
    """A new session for ``user``: whatever the old one held is dropped (no session fixation)."""
    request.session.clear()
    request.session[SESSION_USER] = user.id
    csrf_token(request)


def csrf_token(request: Request) -> str:
    """This session's CSRF token, made on first use (the sign-in form has one too)."""
    token = request.session.get(SESSION_CSRF)
    if token is None:
        token = request.session[SESSION_CSRF] = secrets.token_urlsafe(32)
    return token


def check_csrf(request: Request, given: str | None) -> None:
    """CsrfRefused unless ``given`` is this session's CSRF token."""
    expected = request.session.get(SESSION_CSRF)
    if not expected or not secrets.compare_digest(expected, given or ""):
        raise CsrfRefused("the form's CSRF token is missing or is not this session's; reload the page and try again")


_bearer = HTTPBearer(auto_error=False, description="A token made by `quotes user token NAME`.")


def api_user(request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(_bearer)) -> User:
    """The user whose API token the request carries (``Authorization: Bearer TOKEN``)."""
    if credentials is None:
        raise NotSignedIn("no API token: send Authorization: Bearer TOKEN (`quotes user token NAME` makes one)")
    user = user_for_token(registry_of(request), credentials.credentials)
    if user is None:
        raise NotSignedIn("the API token is not known, or its user is disabled")
    return user
