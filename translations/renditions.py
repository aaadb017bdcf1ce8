"""Renditions: recording translations of a quote, by a person or a machine, and revising them.

A rendition records what it was made from (the original, or another rendition), so chains
such as original → Turkish → English back-translation stay traceable. Machine drafts go
through argostranslate (``quotes.translations.machine``, imported lazily) and are cached in
the registry.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from quotes.registry import schema as t
from quotes.checking.drift import Change, align
from quotes.errors import InvalidInput
from quotes.languages import parse_language
from quotes.registry.models import Note, Quote, Rendition, ReviewState
from quotes.registry.registry import (
    Registry,
    TranslationCache,
    find_renditions,
    insert_note,
    insert_rendition,
    insert_revision,
    load_quotes,
    load_rendition,
    log_event,
    now,
    renditions_where,
    require_name,
    require_text,
    require_words,
    resolve_quote,
    resolve_rendition,
)
from quotes.text import tokenize

from .checks import Finding, run_checks
from .review import role_of, same_person, take_action

REVISABLE = {ReviewState.DRAFT, ReviewState.CHANGES_REQUESTED}


def record_rendition(
    registry: Registry, quote_ref: str, *, lang: str, translator: str, text: str | None = None,
    machine: bool = False, from_ref: str | None = None, note: str | None = None,
) -> Rendition:
    """A new rendition in state draft: ``text`` by a person, or a machine draft when ``machine``."""
    if (text is None) == (not machine):
        raise InvalidInput("give the rendition's text or ask for a machine draft, one of the two", field="text")
    lang = parse_language(lang, field="lang")
    translator = require_name(translator, field="translator")
    with registry.store.read() as conn:
        quote = load_quotes(conn, [resolve_quote(conn, quote_ref)])[0]
        source = None
        if from_ref:
            source_id = resolve_rendition(conn, from_ref)
            source = next((r for r in quote.renditions if r.id == source_id), None)
            if source is None:
                raise InvalidInput(f"{source_id} is a rendition of another quote, not of {quote.id}", field="from")
    source_lang, source_text = (source.lang, source.text) if source else (quote.lang, quote.text)
    if lang == source_lang:
        raise InvalidInput(f"{lang} is the language of what it is made from; a rendition is in another language", field="lang")
    engine = model = model_version = None
    if machine:
        from .machine import translate

        draft = translate(source_text, source_lang, lang, cache=TranslationCache(registry))
        text, engine, model, model_version = draft.text, draft.engine, draft.model, draft.model_version
    text = require_words(text, field="text", lang=lang)
    with registry.store.write() as conn:
        at = now()
        rendition_id = insert_rendition(
            conn, quote_id=quote.id, lang=lang, text=text, translator=translator,
            method="machine" if machine else "human", state=ReviewState.DRAFT.value,
            from_rendition_id=source.id if source else None, engine=engine, model=model,
            model_version=model_version, created_at=at,
        )
        if note:
            insert_note(conn, rendition_id, Note(translator, "translator", note, at, "translate"))
        log_event(conn, translator, "translate", rendition_id, {
            "quote": quote.id, "from": source.id if source else "original", "method": "machine" if machine else "human",
            "after": {"lang": lang, "text": text, "state": ReviewState.DRAFT.value}}, at)
        return load_rendition(conn, rendition_id)


def revise_rendition(registry: Registry, rendition_ref: str, *, text: str, translator: str, note: str | None = None,
                     submit: bool = False) -> Rendition:
    """A new revision of a draft or of one sent back; the old text stays readable.

    ``submit`` sends it for review in the same transaction (``review.take_action``: the
    checks run, the result carries what failed); the note is then the submission's, which
    a submission needs."""
    text = require_words(text, field="text")
    translator = require_name(translator, field="translator")
    if submit and note is None:
        raise InvalidInput("a revision sent for review carries a note for the reviewer", field="note")
    with registry.store.write() as conn:
        rendition_id = resolve_rendition(conn, rendition_ref)
        rendition = load_rendition(conn, rendition_id)
        if ReviewState(rendition.state) not in REVISABLE:
            made_from = f" --from {rendition.from_rendition_id}" if rendition.from_rendition_id else ""
            raise InvalidInput(
                f"{rendition_id} is {rendition.state}; only a draft or a rendition with changes requested is revised: "
                f"record a new rendition with `quotes translate {rendition.quote_id} --lang {rendition.lang}"
                f"{made_from} --text TEXT`"
            )
        if text == rendition.text:
            raise InvalidInput(f"{rendition_id}: the new text is the same as revision {rendition.revisions[-1].revision}")
        at = now()
        revision = insert_revision(conn, rendition_id, text, translator, at=at)
        if note and not submit:
            insert_note(conn, rendition_id, Note(translator, role_of(rendition, translator), note, at, "revise"))
        log_event(conn, translator, "revise", rendition_id,
                  {"revision": revision, "before": {"text": rendition.text}, "after": {"text": text}}, at)
        if submit:
            return take_action(conn, rendition_id, "submit", reviewer=translator,
                               note=require_text(note, field="note", multiline=True))
        return load_rendition(conn, rendition_id)


@dataclass(frozen=True)
class RenditionView:
    """A rendition with what a translator or reviewer reads beside it: its quote (the
    original, the speaker), what it was made from, and the rendition checks that fail."""

    rendition: Rendition
    quote: Quote
    failed_checks: tuple[Finding, ...]

    @property
    def made_from(self) -> Quote | Rendition:
        """The quote, or the rendition it was made from (a back-translation's)."""
        chain = self.quote.chain(self.rendition)
        return chain[-2] if len(chain) > 1 else self.quote

    @property
    def latest_note(self) -> Note | None:
        return self.rendition.notes[-1] if self.rendition.notes else None

    def revision_changes(self) -> list[tuple[Change, ...]]:
        """The word diff from each revision to the next (none for a rendition never revised)."""
        revisions = self.rendition.revisions
        return [word_diff(before.text, after.text, self.rendition.lang) for before, after in zip(revisions, revisions[1:])]


def word_diff(before: str, after: str, lang: str) -> tuple[Change, ...]:
    """``before`` → ``after`` word by word, with the changes that matter flagged: the
    checker's alignment (``quotes.checking.drift.align``), and the words of ``before`` outside the
    span it aligned as deletions (the checker reads a passage as a possible fragment and
    leaves them out; between two revisions they were dropped)."""
    source = tokenize(before, lang)
    alignment = align(source, tokenize(after, lang))
    lo, hi = alignment.span
    dropped_before = [Change("delete", " ".join(t.text for t in source[:lo]), "")] if lo > 0 else []
    dropped_after = [Change("delete", " ".join(t.text for t in source[hi:]), "")] if hi < len(source) else []
    return (*dropped_before, *alignment.changes, *dropped_after)


def list_renditions(
    registry: Registry, *, state: str | None = None, lang: str | None = None, quote: str | None = None,
    translator: str | None = None, limit: int | None = None, offset: int = 0,
) -> list[Rendition]:
    """The review queue, oldest first (``limit`` renditions after the first ``offset``);
    ``translator`` is compared by ``quotes.text.identity_key`` (however the name is typed)."""
    state, lang, translator = _queue_filters(state, lang, translator)
    with registry.store.read() as conn:
        return find_renditions(conn, state=state, lang=lang, quote_id=resolve_quote(conn, quote) if quote else None,
                               translators=_stored_names(conn, translator), limit=limit, offset=offset)


def count_renditions(registry: Registry, *, state: str | None = None, lang: str | None = None,
                     translator: str | None = None) -> Counter[tuple[str, str]]:
    """How many renditions there are of each (language, state), in ``state``, in ``lang``,
    by ``translator`` (each when given), counted by the database."""
    state, lang, translator = _queue_filters(state, lang, translator)
    c = t.renditions.c
    with registry.store.read() as conn:
        rows = conn.execute(select(c.lang, c.state, func.count()).where(
            renditions_where(state=state, lang=lang, translators=_stored_names(conn, translator)))
            .group_by(c.lang, c.state))
        return Counter({(row_lang, row_state): count for row_lang, row_state, count in rows})


def _queue_filters(state: str | None, lang: str | None, translator: str | None) -> tuple:
    """The queue's filters checked: a review state's name, a language code, a person's name."""
    if state:
        try:
            state = ReviewState(state).value
        except ValueError:
            raise InvalidInput(f"{state!r} is not one of {', '.join(s.value for s in ReviewState)}", field="state") from None
    lang = parse_language(lang, field="lang") if lang else None
    translator = require_name(translator, field="translator") if translator is not None else None
    return state, lang, translator


def _stored_names(conn: Connection, translator: str | None) -> list[str] | None:
    """The translators' names as stored that are ``translator``'s (``same_person``), so that
    the database filters by them (None: no filter)."""
    if translator is None:
        return None
    names = conn.execute(select(t.renditions.c.translator).distinct()).scalars()
    return [name for name in names if same_person(name, translator)]


def view_renditions(registry: Registry, renditions: list[Rendition]) -> list[RenditionView]:
    """Each rendition beside its quote, with its checks run."""
    with registry.store.read() as conn:
        quotes = {q.id: q for q in load_quotes(conn, list(dict.fromkeys(r.quote_id for r in renditions)))}
    return [RenditionView(r, quotes[r.quote_id], tuple(run_checks(quotes[r.quote_id], r))) for r in renditions]


def view_rendition(registry: Registry, rendition_ref: str) -> RenditionView:
    """One rendition beside its quote, with its checks run."""
    with registry.store.read() as conn:
        rendition = load_rendition(conn, resolve_rendition(conn, rendition_ref))
    return view_renditions(registry, [rendition])[0]


def rendition_record(view: RenditionView, *, thread: bool = False) -> dict[str, Any]:
    """A rendition as `renditions --format json|jsonl|csv` and `show r-… --format json` give it.

    Fields (stable): ``id``, ``quote_id``, ``speaker``, ``lang``, ``state``, ``text``,
    ``translator``, ``method`` (human or machine), ``engine``, ``model``, ``model_version``
    (a machine draft's, else null), ``from`` (``original`` or the rendition id it was made
    from), ``revision`` (the latest's number), ``created_at``, ``original_lang`` and
    ``original`` (the quote's text), ``checks`` (the failing rendition checks: ``check``,
    ``severity``, ``message``; ``quotes checks --renditions`` lists them), and
    ``latest_note`` (``author``, ``role``, ``action``, ``at``, ``text``; null without one).

    ``thread`` adds the whole history, as `show` gives it: ``revisions`` (``revision``,
    ``text``, ``at``, ``by``, and ``changes`` from the previous revision: ``op``, ``from``,
    ``to``, ``flags``, as in `check --format json`) and ``notes`` (as ``latest_note``).
    """
    rendition, quote = view.rendition, view.quote
    record = {
        "id": rendition.id, "quote_id": quote.id, "speaker": quote.speaker.name, "lang": rendition.lang,
        "state": rendition.state, "text": rendition.text, "translator": rendition.translator,
        "method": rendition.method, "engine": rendition.engine, "model": rendition.model,
        "model_version": rendition.model_version, "from": rendition.from_rendition_id or "original",
        "revision": rendition.revisions[-1].revision, "created_at": rendition.created_at,
        "original_lang": quote.lang, "original": quote.text,
        "checks": [{"check": f.check, "severity": f.severity, "message": f.message} for f in view.failed_checks],
        "latest_note": note_record(view.latest_note) if view.latest_note else None,
    }
    if thread:
        changes = [None, *view.revision_changes()]
        record["revisions"] = [
            {"revision": r.revision, "text": r.text, "at": r.created_at, "by": r.created_by,
             "changes": [c.as_json() for c in diff] if diff is not None else None}
            for r, diff in zip(rendition.revisions, changes)
        ]
        record["notes"] = [note_record(note) for note in rendition.notes]
    return record


def note_record(note: Note) -> dict[str, Any]:
    """A note as the rendition records and the desk's API give it: author, role, action, at, text."""
    return {"author": note.author, "role": note.role, "action": note.action, "at": note.created_at, "text": note.text}
