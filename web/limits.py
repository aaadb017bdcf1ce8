"""How large a request's body may be, by the kind of route (SPEC: the desk bounds each
request's body). FastAPI's ``max_body_size`` refuses a larger one with 413: by its
Content-Length before anything is read, or while it streams in when it has none, so a
300 MB upload costs the desk no more than the limit. The limits are set on the routers
(and the check routes), not on the app, whose limit would answer from outside the
middleware that adds the security headers (``quotes.web.headers``); the other routes
(static files, /docs) never read a body.

Route parameters are bounded too: each integer a query takes has a ``le`` as well as a
``ge`` (``page=99999999999999999999`` is a 422, not an overflow in the database).
"""

from __future__ import annotations

from quotes.checking.limits import MAX_BYTES

FORM_BODY_BYTES = 1_000_000
"""Forms of the pages (sign in, quotes, renditions, notes, reviews): what a person types."""

API_BODY_BYTES = 1_000_000
"""JSON bodies of the API: the same fields, from scripts."""

DOCUMENT_BODY_BYTES = MAX_BYTES + 1_000_000
"""The check page's form and ``POST /api/check``: a document of up to ``quotes check``'s
limit (pasted, uploaded or as JSON), with the form or JSON around it; the pasted text
may be as large as an uploaded file (other forms' fields stay within Starlette's 1 MB)."""
