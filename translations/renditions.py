"""Renditions: recording translations of a quote, by a person or a machine, and revising them.

A rendition records what it was made from (the original, or another rendition), so chains
such as original → Turkish → English back-translation stay traceable. Machine drafts go
through argostranslate (``quotes.translations.machine``, imported lazily) and are cached in
the registry.
"""

from __future__ import annotations

from quotes.errors import InvalidInput
from quotes.languages import parse_language
from quotes.models import Note, Rendition, ReviewState
from quotes.registry import (
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
    require_name,
    require_text,
    require_words,
    resolve_quote,
    resolve_rendition,
)

from .review import role_of, take_action

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


def list_renditions(
    registry: Registry, *, state: str | None = None, lang: str | None = None, quote: str | None = None
) -> list[Rendition]:
    """The review queue, oldest first."""
    if state:
        try:
            state = ReviewState(state).value
        except ValueError:
            raise InvalidInput(f"{state!r} is not one of {', '.join(s.value for s in ReviewState)}", field="state") from None
    lang = parse_language(lang, field="lang") if lang else None
    with registry.store.read() as conn:
        return find_renditions(conn, state=state, lang=lang, quote_id=resolve_quote(conn, quote) if quote else None)
