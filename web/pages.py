"""The desk's pages for people: sign in and out, what waits for me, quotes, the queue, a
rendition with its review form, the newsletter's blocks, checking coverage.

Each route reads its input, calls the library and renders a template; forms that change
something carry the session's CSRF token (``quotes.web.auth.check_csrf``).
"""

from __future__ import annotations

from collections import Counter

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse

from quotes.accounts import SignInRefused, TooManyAttempts, User, authorize, sign_in
from quotes.errors import InvalidInput, QuotesError
from quotes.models import ReviewState
from quotes.report import UNKNOWN_REASONS
from quotes.translations.export import PRINTABLE, blocks
from quotes.translations.export import render as render_blocks
from quotes.translations.renditions import RenditionView, list_renditions, view_rendition
from quotes.translations.review import TRANSITIONS, review

from .auth import check_csrf, page_user, registry_of, start_session
from .checking import check_coverage, coverage_from_form, highlighted
from .errors import status_of
from .lookups import search_quotes
from .rendering import render

router = APIRouter(include_in_schema=False)

STATES = [state.value for state in ReviewState]
NEWSLETTER_STATUSES = sorted(PRINTABLE)
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


REVIEW_BUTTONS = {"submit": "Submit", "approve": "Approve", "request-changes": "Request changes", "reject": "Reject"}


@router.get("/renditions/{rendition_id}")
def rendition_page(request: Request, rendition_id: str, user: User = Depends(page_user)):
    return _rendition_page(request, user, view_rendition(registry_of(request), rendition_id))


def _rendition_page(request: Request, user: User, view: RenditionView, *, problem: str | None = None,
                    note: str = "", status_code: int = 200):
    """Original and rendition side by side, the last revision's diff, the failing checks,
    the note thread, and the review actions the user's role allows from the rendition's
    state (the library still decides: a refusal is shown above the form)."""
    state = ReviewState(view.rendition.state)
    actions = {action: label for action, label in REVIEW_BUTTONS.items()
               if user.may(action) and state in TRANSITIONS[action][0]}
    changes = view.revision_changes()
    return render(request, "rendition.html", status_code=status_code, user=user, view=view,
                  last_changes=changes[-1] if changes else None, actions=actions, problem=problem, note=note)


@router.post("/renditions/{rendition_id}/review")
def review_form(request: Request, rendition_id: str, action: str = Form(""), note: str = Form(""),
                override_checks: bool = Form(False), csrf_token: str = Form(""), user: User = Depends(page_user)):
    """A review action from the rendition page, as the signed-in user; back to the page."""
    check_csrf(request, csrf_token)
    registry = registry_of(request)
    view = view_rendition(registry, rendition_id)
    try:
        if action not in REVIEW_BUTTONS:
            raise InvalidInput(f"{action!r} is not one of {', '.join(REVIEW_BUTTONS)}", field="action")
        authorize(user, action, view.rendition)
        review(registry, view.rendition.id, action, reviewer=user.name, note=note, override_checks=override_checks)
    except QuotesError as refused:
        return _rendition_page(request, user, view, problem=str(refused), note=note, status_code=status_of(refused))
    return RedirectResponse(f"/renditions/{view.rendition.id}", status_code=303)


@router.get("/newsletter")
def newsletter_page(request: Request, lang: str = "", status: str = "", user: User = Depends(page_user)):
    """The blocks a newsletter may print, in ``lang`` (the originals' languages when not
    given), each as `quotes copy` prints it, with a Copy button (static/desk.js)."""
    found = blocks(registry_of(request), lang=lang or None, statuses=[status] if status else [])
    return render(request, "newsletter.html", user=user, lang=lang, status=status, statuses=NEWSLETTER_STATUSES,
                  blocks=[(block, render_blocks([block], "text")) for block in found])


@router.get("/check")
def check_page(request: Request, user: User = Depends(page_user)):
    return _check_page(request, user)


@router.post("/check")
def check_form(request: Request, text: str = Form(""), url: str = Form(""), lang: str = Form(""),
               file: UploadFile | None = File(None), csrf_token: str = Form(""), user: User = Depends(page_user)):
    """Check pasted text, an uploaded file or a page at a URL: the passages highlighted by verdict."""
    check_csrf(request, csrf_token)
    filename = file.filename if file is not None and file.filename else None
    try:
        document = coverage_from_form(text, url, filename, file.file if filename else None)
        report = check_coverage(registry_of(request), document, lang)
    except QuotesError as problem:
        return _check_page(request, user, text=text, url=url, lang=lang, problem=str(problem),
                           status_code=status_of(problem))
    return _check_page(request, user, text=text, url=url, lang=lang, report=report,
                       parts=highlighted(document.text, report.findings))


def _check_page(request: Request, user: User, *, text: str = "", url: str = "", lang: str = "", report=None,
                parts=None, problem: str | None = None, status_code: int = 200):
    return render(request, "check.html", status_code=status_code, user=user, text=text, url=url, lang=lang,
                  report=report, parts=parts, problem=problem, reasons=UNKNOWN_REASONS)
