"""The desk's JSON API for scripts and CAT tool integrations (``Authorization: Bearer
TOKEN``, tokens from `quotes user token NAME`). Quotes are given in their interchange
form (``quotes.formats.jsonl.quote_record``), renditions as `renditions --format json`
and `show r-… --format json` give them (``rendition_record``); a check answers with the same
document object as ``check --format json``. Errors are ``{"error": "…"}`` with SPEC's
statuses (``quotes.web.errors``)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from quotes.registry.accounts import User, authorize
from quotes.formats.jsonl import quote_record
from quotes.registry.registry import load_rendition, resolve_rendition
from quotes.checking.lineage import Recorder
from quotes.checking.report import render_json
from quotes.translations.export import copy_blocks
from quotes.translations.export import render as render_blocks
from quotes.translations.renditions import (
    list_renditions,
    note_record,
    record_rendition,
    rendition_record,
    view_rendition,
    view_renditions,
)
from quotes.translations.review import add_note, review

from .auth import api_user, registry_of
from .checking import check_coverage, pasted
from .limits import API_BODY_BYTES, DOCUMENT_BODY_BYTES

router = APIRouter(prefix="/api", tags=["api"], max_body_size=API_BODY_BYTES)


class ReviewAction(BaseModel):
    action: Literal["submit", "approve", "request-changes", "reject"]
    note: str
    override_checks: bool = False  # approve although error checks fail; the note says why


class NewQuote(BaseModel):
    text: str
    speaker: str
    lang: str
    said_on: str | None = None
    source: str | None = None  # the URL where it was made or first reported
    outlet: str | None = None
    medium: str | None = None
    context: str | None = None
    aliases: list[str] = []


class NewRendition(BaseModel):
    lang: str
    text: str
    from_: str | None = Field(None, alias="from")  # the rendition it is made from; the original by default
    note: str | None = None


class NoteText(BaseModel):
    text: str


class Coverage(BaseModel):
    text: str
    lang: str | None = None  # the coverage's language; detected when not given
    record: bool = False  # record what the findings name as sightings, by the token's user


@router.get("/quotes")
def get_quotes(request: Request, response: Response, q: str = "", speaker: str = "", lang: str = "",
               limit: int = Query(200, ge=1, le=1000), user: User = Depends(api_user)):
    """The first ``limit`` quotes (oldest first) whose text holds ``q``, of ``speaker``, first
    made in ``lang`` (each when given); the header X-Total-Count says how many match."""
    found, total = registry_of(request).search_quotes(q, speaker=speaker or None, lang=lang or None, limit=limit)
    response.headers["X-Total-Count"] = str(total)
    return [quote_record(quote) for quote in found]


@router.get("/quotes/{quote_id}")
def get_quote(request: Request, quote_id: str, user: User = Depends(api_user)):
    return quote_record(registry_of(request).get_quote(quote_id))


@router.post("/quotes", status_code=201)
def add_quote(request: Request, body: NewQuote, user: User = Depends(api_user)):
    """Register a statement exactly as first made (editors)."""
    authorize(user, "add")
    quote = registry_of(request).add_quote(
        body.text, speaker=body.speaker, lang=body.lang, said_on=body.said_on, source_url=body.source,
        outlet=body.outlet, medium=body.medium, context=body.context, aliases=body.aliases, actor=user.name)
    return quote_record(quote)


@router.get("/quotes/{quote_id}/copy")
def copy_quote(request: Request, quote_id: str, lang: str = "", user: User = Depends(api_user)):
    """The paste-ready, labelled block that `quotes copy ID --lang L` prints."""
    found, _left_out = copy_blocks(registry_of(request), [quote_id], lang=lang or None)
    return {"text": render_blocks(found, "text")}


@router.post("/quotes/{quote_id}/renditions", status_code=201)
def translate(request: Request, quote_id: str, body: NewRendition, user: User = Depends(api_user)):
    """Record a rendition (state draft) by the token's user, made from the original or ``from`` a rendition."""
    authorize(user, "translate")
    registry = registry_of(request)
    rendition = record_rendition(registry, quote_id, lang=body.lang, translator=user.name, text=body.text,
                                 from_ref=body.from_, note=body.note)
    return rendition_record(view_rendition(registry, rendition.id), thread=True)


@router.get("/renditions")
def get_renditions(request: Request, state: str = "", lang: str = "", translator: str = "",
                   limit: int = Query(200, ge=1, le=1000), user: User = Depends(api_user)):
    """The review queue: the first ``limit`` renditions (oldest first) in ``state``, in ``lang``,
    by ``translator`` (each when given)."""
    registry = registry_of(request)
    found = list_renditions(registry, state=state or None, lang=lang or None, translator=translator.strip() or None,
                            limit=limit)
    return [rendition_record(view) for view in view_renditions(registry, found)]


@router.get("/renditions/{rendition_id}")
def get_rendition(request: Request, rendition_id: str, user: User = Depends(api_user)):
    """A rendition with its original, failing checks, revisions (each with its diff) and note thread."""
    return rendition_record(view_rendition(registry_of(request), rendition_id), thread=True)


@router.post("/renditions/{rendition_id}/review")
def review_rendition(request: Request, rendition_id: str, body: ReviewAction, user: User = Depends(api_user)):
    """Submit, approve, request changes or reject, as the token's user, with a note. The
    answer is the rendition as the action left it (as GET gives it), and ``superseded``:
    the renditions an approval superseded."""
    registry = registry_of(request)
    with registry.store.read() as conn:
        rendition = load_rendition(conn, resolve_rendition(conn, rendition_id))
    authorize(user, body.action, rendition)
    reviewed = review(registry, rendition.id, body.action, reviewer=user.name, note=body.note,
                      override_checks=body.override_checks)
    return {**rendition_record(view_rendition(registry, reviewed.id), thread=True),
            "superseded": [old.rendition_id for old in reviewed.superseded]}


@router.post("/renditions/{rendition_id}/notes", status_code=201)
def note_rendition(request: Request, rendition_id: str, body: NoteText, user: User = Depends(api_user)):
    """A note in the rendition's thread, by the token's user."""
    authorize(user, "note")
    note = add_note(registry_of(request), rendition_id, author=user.name, text=body.text)
    return note_record(note)


@router.post("/check", max_body_size=DOCUMENT_BODY_BYTES)
def check(request: Request, body: Coverage, user: User = Depends(api_user)):
    """Check a text against the registry: the same document object as ``quotes check --format json``;
    with ``record``, also ``recorded``: the new sightings and how many were recorded before."""
    registry = registry_of(request)
    report = check_coverage(registry, pasted(body.text), body.lang)
    if not body.record:
        return Response(render_json([report]), media_type="application/json")
    recorded = Recorder(registry, checked_by=user.name).record(report)
    return Response(render_json([report], recorded=recorded.as_json()), media_type="application/json")
