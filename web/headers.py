"""The headers every answer of the desk carries, its error pages too (a 500 included,
which Starlette sends from outside every middleware): nothing sniffed, never framed
(clickjacking a review button), no address leaked to other sites, and pages that load
scripts, styles and forms from the desk only."""

from __future__ import annotations

from fastapi import Request
from starlette.responses import Response

# /docs is Swagger UI's page, which starts itself with an inline script: it gets the other
# headers but not this policy.
CONTENT_SECURITY_POLICY = ("default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; "
                           "object-src 'none'")


def secured(response: Response, path: str) -> Response:
    """``response`` with the security headers it does not set itself."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if path != "/docs":
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    return response


async def security_headers(request: Request, call_next):
    """The middleware that gives every answer the headers (:func:`secured`)."""
    return secured(await call_next(request), request.url.path)
