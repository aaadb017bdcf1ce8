"""The desk's pages for people: sign in and out, what waits for me, quotes (search, register,
correct, set status, translate), the queue, a rendition with its revise, note and review
forms, the newsletter's blocks, checking coverage, a quote's drift map.

Each route reads its input, calls the library and renders a template; forms that change
something carry the session's CSRF token (``quotes.web.auth.check_csrf``).
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from quotes.registry.accounts import SignInRefused, TooManyAttempts, User, authorize, sign_in
from quotes.errors import InvalidInput, QuotesError
from quotes.registry.models import QUOTE_STATUSES, ReviewState
from quotes.checking.limits import MAX_BYTES
from quotes.checking.lineage import Recorder, drift_map
from quotes.checking.report import UNKNOWN_REASONS
from quotes.translations.export import PRINTABLE, blocks
from quotes.translations.export import render as render_blocks
from quotes.translations.renditions import (
    REVISABLE,
    RenditionView,
    count_renditions,
    list_renditions,
    record_rendition,
    revise_rendition,
    view_rendition,
)
from quotes.translations.review import TRANSITIONS, add_note, review

from .auth import check_csrf, client_address, end_session, page_user, registry_of, start_session
from .checking import check_coverage, coverage_from_form, highlighted
from .drift import SEVERITY_COLOURS, bookmarklet, timeline
from .errors import status_of
from .limits import DOCUMENT_BODY_BYTES, FORM_BODY_BYTES
from .rendering import render

router = APIRouter(include_in_schema=False, max_body_size=FORM_BODY_BYTES)

STATES = [state.value for state in ReviewState]
NEWSLETTER_STATUSES = sorted(PRINTABLE)
SEARCH_LIMIT = 200  # quotes shown for one search; the count says how many matched
QUEUE_LIMIT = 200  # renditions on a page of the queue; the count says how many there are
QUEUE_MAX_PAGE = 1_000_000  # 200 million renditions: past any registry, within any database's integers


def _acted(do: Callable[[], str], again: Callable[[str, int], Response]) -> Response:
    """A form's library call: on success to the page ``do`` names (303, so a reload does
    not post again); refused, the form's page again with the refusal and its status."""
    try:
        location = do()
    except QuotesError as refused:
        return again(str(refused), status_of(refused))
    return RedirectResponse(location, status_code=303)


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
        user = sign_in(registry_of(request), name, password, client=client_address(request))
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
    end_session(request)
    return RedirectResponse("/login", status_code=303)


@router.get("/")
def home(request: Request, user: User = Depends(page_user)):
    """What waits for me: renditions by language and state, in my languages (or all)."""
    counts = count_renditions(registry_of(request))
    shown = sorted(user.languages or {lang for lang, _ in counts})
    return render(request, "home.html", user=user, languages=shown, states=STATES, counts=counts)


@router.get("/quotes")
def quotes_page(request: Request, q: str = "", speaker: str = "", lang: str = "", user: User = Depends(page_user)):
    found, total = registry_of(request).search_quotes(q, speaker=speaker or None, lang=lang or None, limit=SEARCH_LIMIT)
    return render(request, "quotes.html", user=user, q=q, speaker=speaker, lang=lang, quotes=found, total=total)


NEW_QUOTE_FIELDS = ("text", "speaker", "lang", "said_on", "source", "outlet", "medium", "context")


@router.get("/quotes/new")
def new_quote_page(request: Request, user: User = Depends(page_user)):
    """The form that registers a statement (editors), filled from the query: the check
    page links an unknown passage here with its text, language and attribution."""
    authorize(user, "add")
    form = {field: request.query_params.get(field, "") for field in NEW_QUOTE_FIELDS}
    return render(request, "new_quote.html", user=user, form=form, problem=None)


@router.post("/quotes/new")
def new_quote(request: Request, text: str = Form(""), speaker: str = Form(""), lang: str = Form(""),
              said_on: str = Form(""), source: str = Form(""), outlet: str = Form(""), medium: str = Form(""),
              context: str = Form(""), csrf_token: str = Form(""), user: User = Depends(page_user)):
    check_csrf(request, csrf_token)
    form = dict(text=text, speaker=speaker, lang=lang, said_on=said_on, source=source, outlet=outlet, medium=medium,
                context=context)

    def register() -> str:
        authorize(user, "add")
        quote = registry_of(request).add_quote(
            text, speaker=speaker, lang=lang, said_on=said_on or None, source_url=source or None,
            outlet=outlet or None, medium=medium or None, context=context or None, actor=user.name)
        return f"/quotes/{quote.id}"

    return _acted(register, lambda problem, status: render(
        request, "new_quote.html", status_code=status, user=user, form=form, problem=problem))


@router.get("/quotes/{quote_id}")
def quote_page(request: Request, quote_id: str, user: User = Depends(page_user)):
    return _quote_page(request, user, quote_id)


def _quote_page(request: Request, user: User, quote_id: str, *, problem: str | None = None,
                form: dict | None = None, status_code: int = 200):
    """Versions, renditions and history; the forms the user's role allows: translate
    (translators, reviewers), correct the wording and set the status (editors). A refused
    form comes back above the forms with what was typed."""
    registry = registry_of(request)
    quote = registry.get_quote(quote_id)
    return render(request, "quote.html", status_code=status_code, user=user, quote=quote,
                  history=registry.history(quote.id), statuses=QUOTE_STATUSES[1:], problem=problem, form=form or {})


@router.post("/quotes/{quote_id}/renditions")
def translate_form(request: Request, quote_id: str, lang: str = Form(""), text: str = Form(""),
                   from_: str = Form("", alias="from"), note: str = Form(""), csrf_token: str = Form(""),
                   user: User = Depends(page_user)):
    """A new rendition (draft) by the signed-in translator; on to its page."""
    check_csrf(request, csrf_token)

    def translate() -> str:
        authorize(user, "translate")
        rendition = record_rendition(registry_of(request), quote_id, lang=lang, translator=user.name, text=text,
                                     from_ref=from_ or None, note=note or None)
        return f"/renditions/{rendition.id}"

    return _acted(translate, lambda problem, status: _quote_page(
        request, user, quote_id, problem=problem, status_code=status,
        form={"lang": lang, "rendition_text": text, "from": from_, "translator_note": note}))


@router.post("/quotes/{quote_id}/edit")
def edit_form(request: Request, quote_id: str, text: str = Form(""), reason: str = Form(""),
              csrf_token: str = Form(""), user: User = Depends(page_user)):
    """A correction of the registered wording (editors): a new version with its reason."""
    check_csrf(request, csrf_token)

    def edit() -> str:
        authorize(user, "edit")
        return f"/quotes/{registry_of(request).edit_quote(quote_id, text=text, reason=reason, actor=user.name).id}"

    return _acted(edit, lambda problem, status: _quote_page(
        request, user, quote_id, problem=problem, status_code=status, form={"corrected": text, "reason": reason}))


@router.post("/quotes/{quote_id}/status")
def status_form(request: Request, quote_id: str, status: str = Form(""), note: str = Form(""),
                csrf_token: str = Form(""), user: User = Depends(page_user)):
    """The quote's status (editors): verified, disputed or retracted, with a note."""
    check_csrf(request, csrf_token)

    def set_status() -> str:
        authorize(user, "status")
        return f"/quotes/{registry_of(request).set_status(quote_id, status, note=note, actor=user.name).id}"

    return _acted(set_status, lambda problem, status_code: _quote_page(
        request, user, quote_id, problem=problem, status_code=status_code, form={"status_note": note}))


@router.get("/queue")
def queue_page(request: Request, state: str = "", lang: str = "", translator: str = "",
               page: int = Query(1, ge=1, le=QUEUE_MAX_PAGE), user: User = Depends(page_user)):
    """A page of the renditions (oldest first) in ``state``, in ``lang``, by ``translator``,
    and how many there are."""
    registry = registry_of(request)
    found = list_renditions(registry, state=state or None, lang=lang or None, translator=translator.strip() or None,
                            limit=QUEUE_LIMIT, offset=(page - 1) * QUEUE_LIMIT)
    total = sum(count_renditions(registry, state=state or None, lang=lang or None,
                                 translator=translator.strip() or None).values())
    return render(request, "queue.html", user=user, renditions=found, total=total, states=STATES, state=state,
                  lang=lang, translator=translator, page=page, first=(page - 1) * QUEUE_LIMIT + 1,
                  pages=max(1, -(-total // QUEUE_LIMIT)))


REVIEW_BUTTONS = {"submit": "Submit", "approve": "Approve", "request-changes": "Request changes", "reject": "Reject"}


@router.get("/renditions/{rendition_id}")
def rendition_page(request: Request, rendition_id: str, user: User = Depends(page_user)):
    return _rendition_page(request, user, view_rendition(registry_of(request), rendition_id))


def _rendition_page(request: Request, user: User, view: RenditionView, *, problem: str | None = None,
                    note: str = "", form: dict | None = None, status_code: int = 200):
    """Original and rendition side by side, the last revision's diff, the failing checks,
    the note thread, and the forms the user's role allows from the rendition's state:
    revise (and send for review), add a note, the review actions (the library still
    decides: a refusal is shown above the forms with what was typed)."""
    state = ReviewState(view.rendition.state)
    actions = {action: label for action, label in REVIEW_BUTTONS.items()
               if user.may(action) and state in TRANSITIONS[action][0]}
    changes = view.revision_changes()
    return render(request, "rendition.html", status_code=status_code, user=user, view=view,
                  last_changes=changes[-1] if changes else None, actions=actions, problem=problem, note=note,
                  revisable=user.may("revise") and state in REVISABLE, form=form or {})


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


@router.post("/renditions/{rendition_id}/revise")
def revise_form(request: Request, rendition_id: str, text: str = Form(""), note: str = Form(""),
                send: bool = Form(False), csrf_token: str = Form(""), user: User = Depends(page_user)):
    """A new revision by the signed-in translator; with ``send``, submitted for review in
    the same step (the note is then the submission's)."""
    check_csrf(request, csrf_token)
    registry = registry_of(request)

    def revise() -> str:
        authorize(user, "revise")
        return f"/renditions/{revise_rendition(registry, rendition_id, text=text, translator=user.name, note=note or None, submit=send).id}"

    return _acted(revise, lambda problem, status: _rendition_page(
        request, user, view_rendition(registry, rendition_id), problem=problem, status_code=status,
        form={"revised": text, "revision_note": note}))


@router.post("/renditions/{rendition_id}/notes")
def note_form(request: Request, rendition_id: str, text: str = Form(""), csrf_token: str = Form(""),
              user: User = Depends(page_user)):
    """A note in the rendition's thread, by the signed-in user in their role on it."""
    check_csrf(request, csrf_token)
    registry = registry_of(request)

    def note() -> str:
        authorize(user, "note")
        add_note(registry, rendition_id, author=user.name, text=text)  # NotFound for an id it cannot resolve
        return f"/renditions/{rendition_id}"

    return _acted(note, lambda problem, status: _rendition_page(
        request, user, view_rendition(registry, rendition_id), problem=problem, status_code=status,
        form={"thread_note": text}))


@router.get("/newsletter")
def newsletter_page(request: Request, lang: str = "", status: str = "", user: User = Depends(page_user)):
    """The blocks a newsletter may print, in ``lang`` (the originals' languages when not
    given), each as `quotes copy` prints it, with a Copy button (static/desk.js)."""
    found = blocks(registry_of(request), lang=lang or None, statuses=[status] if status else [])
    return render(request, "newsletter.html", user=user, lang=lang, status=status, statuses=NEWSLETTER_STATUSES,
                  blocks=[(block, render_blocks([block], "text")) for block in found])


@router.get("/check")
def check_page(request: Request, url: str = "", user: User = Depends(page_user)):
    """The check form; ``url`` fills its URL field (the "Check this page" bookmarklet), with Record on."""
    return _check_page(request, user, url=url, record=bool(url))


@router.post("/check", max_body_size=DOCUMENT_BODY_BYTES, form_limits={"max_part_size": MAX_BYTES})
def check_form(request: Request, text: str = Form(""), url: str = Form(""), lang: str = Form(""),
               record: bool = Form(False), file: UploadFile | None = File(None), csrf_token: str = Form(""),
               user: User = Depends(page_user)):
    """Check pasted text, an uploaded file or a page at a URL: the passages highlighted by
    verdict; with Record, what they name is recorded as sightings by the signed-in user."""
    check_csrf(request, csrf_token)
    filename = file.filename if file is not None and file.filename else None
    try:
        document = coverage_from_form(text, url, filename, file.file if filename else None,
                                      request.app.state.fetch_policy)
        report = check_coverage(registry_of(request), document, lang)
        recorded = Recorder(registry_of(request), checked_by=user.name).record(report) if record else None
    except QuotesError as problem:
        return _check_page(request, user, text=text, url=url, lang=lang, record=record, problem=str(problem),
                           status_code=status_of(problem))
    return _check_page(request, user, text=text, url=url, lang=lang, record=record, report=report,
                       parts=highlighted(document.text, report.findings), recorded=recorded)


def _check_page(request: Request, user: User, *, text: str = "", url: str = "", lang: str = "", record: bool,
                report=None, parts=None, recorded=None, problem: str | None = None, status_code: int = 200):
    return render(request, "check.html", status_code=status_code, user=user, text=text, url=url, lang=lang,
                  record=record, report=report, parts=parts, recorded=recorded, problem=problem,
                  reasons=UNKNOWN_REASONS, bookmarklet=bookmarklet(str(request.base_url)))


@router.get("/quotes/{quote_id}/drift")
def drift_page(request: Request, quote_id: str, user: User = Depends(page_user)):
    """The quote's lineage (`quotes drift`) and its sightings on a timeline."""
    drift = drift_map(registry_of(request), quote_id)
    return render(request, "drift.html", user=user, quote=drift.quote, tree=drift.as_json(),
                  timeline=timeline(drift), colours=SEVERITY_COLOURS)
