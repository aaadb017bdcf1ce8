"""The desk's app factory: ``create_app(db_location)``, and ``app_from_environment`` for
the worker processes of ``quotes serve``.

What a process keeps is configuration only: the open registry (a connection pool) and the
key that signs session cookies, ``QUOTES_SECRET`` or else the one kept in the registry
(``quotes.registry.accounts.session_secret``), so every worker reads every worker's cookies.
Sessions themselves live in the registry (``quotes.web.auth``).
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterable
from contextlib import asynccontextmanager
from pathlib import Path

import anyio.to_thread
from fastapi import Depends, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from quotes.checking.addresses import ALLOWED_HOSTS_VARIABLE, PublicOnly
from quotes.cli.serve_commands import PUBLIC_DOCS_VARIABLE, SECURE_COOKIES_VARIABLE
from quotes.registry.accounts import SESSION_LIFETIME, session_secret
from quotes.registry.registry import Registry
from quotes.registry.store import POOL_SIZE, Store, default_location

from . import api, errors, pages
from .auth import any_user
from .errors import OPENAPI_URL
from .headers import security_headers
from .rendering import HERE

SESSION_COOKIE = "quotes_session"
SWAGGER_UI = "/static/swagger-ui"  # the API's documentation page (/docs) loads its scripts from here


def create_app(db_location: str, *, secure_cookies: bool = False, public_docs: bool = False,
               allowed_hosts: Iterable[str] = ()) -> FastAPI:
    """The desk over the registry at ``db_location`` (which must exist: `quotes user add` makes one).

    Its cookies are ``Secure`` on every request that came over https (uvicorn's TLS, or
    ``X-Forwarded-Proto: https`` from a proxy it trusts), and on all of them with
    ``secure_cookies``. /docs and /openapi.json are for signed-in users (a session or an
    API token) unless ``public_docs``. The check page fetches pages on public addresses
    only, and on the ``allowed_hosts`` (names as written in URLs) the operator trusts
    (``quotes.checking.addresses.PublicOnly``)."""
    registry = Registry(Store(db_location, create=False))
    secret = os.environ.get("QUOTES_SECRET") or session_secret(registry)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        # Pages and API calls run in a pool of threads (Starlette's, 40 by default): no more
        # threads than the registry's connections, which they would otherwise wait for.
        anyio.to_thread.current_default_thread_limiter().total_tokens = POOL_SIZE
        yield
        registry.close()

    app = FastAPI(title="quotes desk", summary="The newsroom desk's JSON API: quotes, renditions, review, check.",
                  lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.registry = registry
    app.state.fetch_policy = PublicOnly.allowing(allowed_hosts)
    # HttpOnly always (Starlette sets it); SameSite=Lax: another site's form posts without it.
    app.add_middleware(SessionMiddleware, secret_key=secret, session_cookie=SESSION_COOKIE,
                       max_age=int(SESSION_LIFETIME.total_seconds()), same_site="lax")
    app.add_middleware(SecureCookies, always=secure_cookies)
    # Mounted before /static, which would otherwise take its paths.
    app.mount(SWAGGER_UI, StaticFiles(directory=_swagger_ui_files()), name="swagger-ui")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    signed_in = [] if public_docs else [Depends(any_user)]
    app.add_api_route(OPENAPI_URL, lambda: JSONResponse(app.openapi()), dependencies=signed_in,
                      include_in_schema=False)
    app.add_api_route("/docs", lambda: get_swagger_ui_html(
        openapi_url=OPENAPI_URL, title="quotes desk API", swagger_js_url=f"{SWAGGER_UI}/swagger-ui-bundle.js",
        swagger_css_url=f"{SWAGGER_UI}/swagger-ui.css", swagger_favicon_url=f"{SWAGGER_UI}/favicon-32x32.png"),
        dependencies=signed_in, include_in_schema=False)
    app.include_router(pages.router)
    app.include_router(api.router)
    errors.install(app)
    app.middleware("http")(security_headers)
    return app


class SecureCookies:
    """Marks the cookies of an answer ``Secure`` when the request came over https (the
    scheme uvicorn reports: its own TLS, or ``X-Forwarded-Proto`` from a trusted proxy), or
    on every request with ``always``. Starlette's SessionMiddleware decides once, at start,
    for all requests; a desk behind a TLS proxy is also reached over plain http on its own
    port (health checks, a colleague on the same host), where a Secure cookie would not
    come back."""

    def __init__(self, app: ASGIApp, *, always: bool):
        self.app = app
        self.always = always

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not (self.always or scope.get("scheme") == "https"):
            await self.app(scope, receive, send)
            return

        async def send_secure(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                cookies = headers.getlist("set-cookie")
                del headers["set-cookie"]
                for cookie in cookies:
                    secure = "secure" in (part.strip().lower() for part in cookie.split(";")[1:])
                    headers.append("set-cookie", cookie if secure else f"{cookie}; secure")
            await send(message)

        await self.app(scope, receive, send_secure)


def _swagger_ui_files() -> Path:
    """Swagger UI's files as the swagger-ui-py package ships them (served by the desk
    itself: no CDN), found without importing that package's web framework adapters."""
    return Path(importlib.util.find_spec("swagger_ui").submodule_search_locations[0]) / "static"


def app_from_environment() -> FastAPI:
    """For uvicorn's workers (``quotes serve`` sets ``QUOTES_DB`` and the options'
    variables): the desk over that registry."""
    return create_app(default_location(), secure_cookies=os.environ.get(SECURE_COOKIES_VARIABLE) == "1",
                      public_docs=os.environ.get(PUBLIC_DOCS_VARIABLE) == "1",
                      allowed_hosts=os.environ.get(ALLOWED_HOSTS_VARIABLE, "").split(","))
