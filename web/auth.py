"""Who is asking: a signed-in person's session (pages) or an API token (scripts), and the
CSRF token that every state-changing form carries.

The session cookie (Starlette's SessionMiddleware, set up in ``quotes.web.app``) is signed
and holds the session's id and its CSRF token; the session itself lives in the registry
(``quotes.registry.accounts.start_session``), looked up with its user on every request, so
signing out, disabling the account or a new password end it at once, on every worker,
whoever kept a copy of the cookie.
"""

from __future__ import annotations

import secrets

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from quotes.registry import accounts
from quotes.registry.accounts import NotAllowed, User, user_for_session, user_for_token
from quotes.errors import QuotesError
from quotes.registry.registry import Registry

SESSION_ID = "session"
SESSION_CSRF = "csrf"


class NotSignedIn(QuotesError):
    """No session or no valid API token: pages answer with the sign-in page, the API with 401."""


class CsrfRefused(NotAllowed):
    """A form posted without this session's CSRF token (another site's form, a stale page)."""


def registry_of(request: Request) -> Registry:
    return request.app.state.registry


def page_user(request: Request) -> User:
    """The signed-in user of a page request; NotSignedIn when there is none (the session
    ended, or its user was disabled)."""
    session_id = request.session.get(SESSION_ID)
    user = user_for_session(registry_of(request), session_id) if session_id else None
    if user is None:
        request.session.pop(SESSION_ID, None)
        raise NotSignedIn("sign in first")
    return user


def start_session(request: Request, user: User) -> None:
    """A new session for ``user``: whatever the old one held is dropped (no session fixation)."""
    end_session(request)
    request.session[SESSION_ID] = accounts.start_session(registry_of(request), user)
    csrf_token(request)


def end_session(request: Request) -> None:
    """Sign out: the session ends in the registry, and the cookie is emptied."""
    session_id = request.session.get(SESSION_ID)
    if session_id:
        accounts.end_session(registry_of(request), session_id)
    request.session.clear()


def client_address(request: Request) -> str:
    """Who is asking, as sign-in limits count them: the connection's peer, or the address a
    trusted proxy forwarded (uvicorn puts it here only from ``--forwarded-allow-ips``)."""
    return request.client.host if request.client else "unknown"


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
        raise NotSignedIn("the API token is not known, has expired or was revoked, or its user is disabled")
    return user


def any_user(request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(_bearer)) -> User:
    """A signed-in person or a script with a token (the API's documentation is for both)."""
    if credentials is not None:
        return api_user(request, credentials)
    try:
        return page_user(request)
    except NotSignedIn:
        raise NotSignedIn("sign in first, or send Authorization: Bearer TOKEN (`quotes user token NAME` makes one)") from None
