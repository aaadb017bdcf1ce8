"""Library errors as HTTP answers: JSON ``{"error": "…"}`` under /api, an error page
elsewhere. The status says what kind of error it is (SPEC: 401 not signed in, 403 not
allowed, 404 unknown id, 409 illegal review transition, 413 too large a body, 422 bad
input, 500 a bug)."""

from __future__ import annotations

from urllib.parse import quote as url_quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.exceptions import HTTPException

from quotes.registry.accounts import NotAllowed, SignInRefused, TooManyAttempts
from quotes.errors import NotFound, QuotesError, RegistryLocked, StoreError
from quotes.translations.review import ChecksFailed, IllegalTransition, SelfReview

from .auth import NotSignedIn
from .headers import secured
from .rendering import render

# The first class an error is an instance of gives its status; any other QuotesError is
# bad input (422). SelfReview and the review conflicts are InvalidInput too: listed first.
STATUSES: list[tuple[type[QuotesError], int]] = [
    (NotSignedIn, 401),
    (SignInRefused, 401),
    (NotAllowed, 403),
    (SelfReview, 403),
    (NotFound, 404),
    (IllegalTransition, 409),
    (ChecksFailed, 409),  # the rendition's checks fail: approving needs override_checks and a note
    (TooManyAttempts, 429),
    (RegistryLocked, 503),
    (StoreError, 503),
]


def status_of(error: QuotesError) -> int:
    return next((status for kind, status in STATUSES if isinstance(error, kind)), 422)


OPENAPI_URL = "/openapi.json"  # the API's description: answered as the API is, for programs


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == OPENAPI_URL


def _answer(request: Request, status: int, message: str, headers: dict | None = None):
    if _is_api(request):
        return JSONResponse({"error": message}, status_code=status, headers=headers)
    return render(request, "error.html", status_code=status, message=message, status=status)


async def _library_error(request: Request, error: QuotesError):
    if isinstance(error, NotSignedIn) and not _is_api(request):
        wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={url_quote(wanted)}", status_code=303)
    headers = {}
    if isinstance(error, NotSignedIn):
        headers["WWW-Authenticate"] = "Bearer"
    if isinstance(error, TooManyAttempts):
        headers["Retry-After"] = str(error.retry_after)
    return _answer(request, status_of(error), str(error), headers)


async def _http_error(request: Request, error: HTTPException):
    return _answer(request, error.status_code, str(error.detail), error.headers)


async def _invalid_request(request: Request, error: RequestValidationError):
    """FastAPI's own checks of parameters and bodies, as one line: ``body.note: Field required``."""
    problems = [f"{'.'.join(str(part) for part in e['loc'])}: {e['msg']}" for e in error.errors()]
    return _answer(request, 422, "; ".join(problems))


async def _server_error(request: Request, error: Exception):
    """A bug: one line for the client (the traceback goes to the server's log), with the
    headers of every answer, which this one, sent from outside the middleware, would lack."""
    return secured(_answer(request, 500, "internal error; the desk's log has the details"), request.url.path)


def install(app: FastAPI) -> None:
    app.add_exception_handler(Exception, _server_error)
    app.add_exception_handler(QuotesError, _library_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
