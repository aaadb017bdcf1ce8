"""The desk's app factory: ``create_app(db_location)``, and ``app_from_environment`` for
the worker processes of ``quotes serve``.

What a process keeps is configuration only: the open registry (a connection pool) and the
key that signs session cookies, ``QUOTES_SECRET`` or else the one kept in the registry
(``quotes.registry.accounts.session_secret``), so every worker reads every worker's cookies.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterable
from contextlib import asynccontextmanager
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from quotes.checking.addresses import ALLOWED_HOSTS_VARIABLE, PublicOnly
from quotes.registry.accounts import session_secret
from quotes.registry.registry import Registry
from quotes.registry.store import POOL_SIZE, Store, default_location

from . import api, errors, pages
from .headers import security_headers
from .rendering import HERE

SESSION_COOKIE = "quotes_session"
SESSION_SECONDS = 12 * 60 * 60  # a working day: then sign in again
SWAGGER_UI = "/static/swagger-ui"  # the API's documentation page (/docs) loads its scripts from here


def create_app(db_location: str, *, allowed_hosts: Iterable[str] = ()) -> FastAPI:
    """The desk over the registry at ``db_location`` (which must exist: `quotes user add` makes one).

    The check page fetches pages on public addresses only, and on the ``allowed_hosts``
    (names as written in URLs) the operator trusts (``quotes.checking.addresses.PublicOnly``).
    """
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
                  lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.registry = registry
    app.state.fetch_policy = PublicOnly.allowing(allowed_hosts)
    # HttpOnly always (Starlette sets it); SameSite=Lax: another site's form posts without it.
    app.add_middleware(SessionMiddleware, secret_key=secret, session_cookie=SESSION_COOKIE,
                       max_age=SESSION_SECONDS, same_site="lax")
    # Mounted before /static, which would otherwise take its paths.
    app.mount(SWAGGER_UI, StaticFiles(directory=_swagger_ui_files()), name="swagger-ui")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_api_route("/docs", lambda: get_swagger_ui_html(
        openapi_url=app.openapi_url, title="quotes desk API", swagger_js_url=f"{SWAGGER_UI}/swagger-ui-bundle.js",
        swagger_css_url=f"{SWAGGER_UI}/swagger-ui.css", swagger_favicon_url=f"{SWAGGER_UI}/favicon-32x32.png"),
        include_in_schema=False)
    app.include_router(pages.router)
    app.include_router(api.router)
    errors.install(app)
    app.middleware("http")(security_headers)
    return app


def _swagger_ui_files() -> Path:
    """Swagger UI's files as the swagger-ui-py package ships them (served by the desk
    itself: no CDN), found without importing that package's web framework adapters."""
    return Path(importlib.util.find_spec("swagger_ui").submodule_search_locations[0]) / "static"


def app_from_environment() -> FastAPI:
    """For uvicorn's workers (``quotes serve`` sets ``QUOTES_DB`` and ``QUOTES_ALLOW_HOSTS``):
    the desk over that registry."""
    return create_app(default_location(), allowed_hosts=os.environ.get(ALLOWED_HOSTS_VARIABLE, "").split(","))
