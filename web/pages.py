"""The desk's pages for people: sign in and out, what waits for me, quotes, the queue.

Each route reads its input, calls the library and renders a template; forms that change
something carry the session's CSRF token (``quotes.web.auth.check_csrf``).
"""

from __future__ import annotations

from collections import Counter

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from quotes.accounts import SignInRefused, TooManyAttempts, User, sign_in
from quotes.models import ReviewState
from quotes.translations.renditions import list_renditions

from .auth import check_csrf, page_user, registry_of, start_session
from .errors import status_of
from .lookups import search_quotes
from .rendering import render

router = APIRouter(include_in_schema=False)

STATES = [state.value for state in ReviewState]
SEARCH_LIMIT = 200  # quotes shown for one search; the count says how many matched


def _local(path: str | None) -> str:
    """Where to go after signing in: a path on this desk only (never ``//elsewhere``)."""
    if path and path.startswith("/") and not path.startswith("//") and "\\" not in path:
        return path
    return "/"


@router.get("/login")
def login_page(request: Request, next: str = "/"):
    return render(request, "login.html", next=_local(next), name="", problem=None)


@router.post("/login")
def login(request: Request, name: str = Form(""), password: str = Form(""), next: str = Form("/"),
          csrf_token: str = Form("")):
    check_csrf(request, csrf_token)
    try:
        user = sign_in(registry_of(request), name, password)
    except (SignInRefused, TooManyAttempts) as refused:
        headers = {"Retry-After": str(refused.retry_after)} if isinstance(refused, TooManyAttempts) else None
        response = render(request, "login.html", status_code=status_of(refused), next=_local(next), name=name,
                          problem=str(refused))
        response.headers.update(headers or {})
        return response
    start_session(request, user)
    return RedirectResponse(_local(next), status_code=303)


@router.post("/logout")
def logout(request: Request, csrf_token: str = Form("")):
    check_csrf(request, csrf_token)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/")
def home(request: Request, user: User = Depends(page_user)):
    """What waits for me: renditions by language and state, in my languages (or all)."""
    registry = registry_of(request)
    languages = user.languages
    found = [r for lang in languages for r in list_renditions(registry, lang=lang)] if languages \
        else list_renditions(registry)
    counts = Counter((r.lang, r.state) for r in found)
    shown = sorted(languages or {lang for lang, _ in counts})
    return render(request, "home.html", user=user, languages=shown, states=STATES, counts=counts)


@router.get("/quotes")
def quotes_page(request: Request, q: str = "", speaker: str = "", lang: str = "", user: User = Depends(page_user)):
    found = search_quotes(registry_of(request), q=q, speaker=speaker, lang=lang)
    return render(request, "quotes.html", user=user, q=q, speaker=speaker, lang=lang,
                  quotes=found[:SEARCH_LIMIT], total=len(found))


@router.get("/quotes/{quote_id}")
def quote_page(request: Request, quote_id: str, user: User = Depends(page_user)):
    registry = registry_of(request)
    quote = registry.get_quote(quote_id)
    return render(request, "quote.html", user=user, quote=quote, history=registry.history(quote.id))


@router.get("/queue")
def queue_page(request: Request, state: str = "", lang: str = "", translator: str = "",
               user: User = Depends(page_user)):
    found = list_renditions(registry_of(request), state=state or None, lang=lang or None,
                            translator=translator.strip() or None)
    return render(request, "queue.html", user=user, renditions=found, states=STATES, state=state, lang=lang,
                  translator=translator)
