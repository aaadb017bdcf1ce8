"""Renditions: recording translations of a quote, by a person or a machine, and revising them.

A rendition records what it was made from (the original, or another rendition), so chains
such as original → Turkish → English back-translation stay traceable. Machine drafts go
through argostranslate (imported only here, lazily) and are cached in the registry.
"""

from __future__ import annotations

import functools
import hashlib

from sqlalchemy import and_, select, true

from quotes import schema as t
from quotes.errors import InvalidInput
from quotes.languages import parse_language
from quotes.models import Note, Rendition, ReviewState
from quotes.registry import (
    Registry,
    insert_note,
    insert_rendition,
    insert_revision,
    load_quotes,
    load_renditions,
    log_event,
    now,
    require_text,
    require_words,
    resolve_id,
)

from .review import role_of

REVISABLE = {ReviewState.DRAFT, ReviewState.CHANGES_REQUESTED}


class RegistryTranslationCache:
    """Machine translations kept in the registry, keyed by (model, version, source text)."""

    def __init__(self, registry: Registry):
        self.store = registry.store

    @staticmethod
    def _key(source_text: str) -> str:
        return hashlib.sha256(source_text.encode("utf-8")).hexdigest()

    def get(self, model: str, model_version: str, source_text: str) -> str | None:
        c = t.mt_cache.c
        with self.store.read() as conn:
            return conn.execute(
                select(c.translation).where(c.model == model, c.model_version == model_version,
                                            c.source_sha256 == self._key(source_text))
            ).scalar()

    def put(self, model: str, model_version: str, source_text: str, translation: str) -> None:
        # Writers take turns (Store.write), so checking first is enough even with --jobs.
        with self.store.write() as conn:
            c = t.mt_cache.c
            if conn.execute(select(c.model).where(c.model == model, c.model_version == model_version,
                                                  c.source_sha256 == self._key(source_text))).first() is None:
                conn.execute(t.mt_cache.insert().values(
                    model=model, model_version=model_version, source_sha256=self._key(source_text),
                    source_text=source_text, translation=translation))


def record_rendition(
    registry: Registry, quote_ref: str, *, lang: str, translator: str, text: str | None = None,
    machine: bool = False, from_ref: str | None = None, note: str | None = None,
) -> Rendition:
    """A new rendition in state draft: ``text`` by a person, or a machine draft when ``machine``."""
    if (text is None) == (not machine):
        raise InvalidInput("give the rendition's text or ask for a machine draft, one of the two", field="text")
    lang = parse_language(lang, field="lang")
    translator = require_text(translator, field="translator").strip()
    with registry.store.read() as conn:
        quote = load_quotes(conn, [resolve_id(conn, t.quotes, "q", quote_ref, "quote")])[0]
        source = None
        if from_ref:
            source_id = resolve_id(conn, t.renditions, "r", from_ref, "rendition")
            source = next((r for r in quote.renditions if r.id == source_id), None)
            if source is None:
                raise InvalidInput(f"{source_id} is a rendition of another quote, not of {quote.id}", field="from")
    source_lang, source_text = (source.lang, source.text) if source else (quote.lang, quote.text)
    if lang == source_lang:
        raise InvalidInput(f"{lang} is the language of what it is made from; a rendition is in another language", field="lang")
    engine = model = model_version = None
    if machine:
        from .machine import translate

        draft = translate(source_text, source_lang, lang, cache=RegistryTranslationCache(registry))
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
        return load_renditions(conn, t.renditions.c.id == rendition_id)[0]


def revise_rendition(registry: Registry, rendition_ref: str, *, text: str, translator: str, note: str | None = None) -> Rendition:
    """A new revision of a draft or of one sent back; the old text stays readable."""
    text = require_words(text, field="text")
    translator = require_text(translator, field="translator").strip()
    with registry.store.write() as conn:
        rendition_id = resolve_id(conn, t.renditions, "r", rendition_ref, "rendition")
        rendition = load_renditions(conn, t.renditions.c.id == rendition_id)[0]
        if ReviewState(rendition.state) not in REVISABLE:
            raise InvalidInput(
                f"{rendition_id} is {rendition.state}; only a draft or a rendition with changes requested is revised "
                f"(record a new rendition of {rendition.quote_id} instead)"
            )
        if text == rendition.text:
            raise InvalidInput(f"{rendition_id}: the new text is the same as revision {rendition.revisions[-1].revision}")
        at = now()
        revision = insert_revision(conn, rendition_id, text, translator, at=at)
        if note:
            insert_note(conn, rendition_id, Note(translator, role_of(rendition, translator), note, at, "revise"))
        log_event(conn, translator, "revise", rendition_id,
                  {"revision": revision, "before": {"text": rendition.text}, "after": {"text": text}}, at)
        return load_renditions(conn, t.renditions.c.id == rendition_id)[0]


def list_renditions(
    registry: Registry, *, state: str | None = None, lang: str | None = None, quote: str | None = None
) -> list[Rendition]:
    """The review queue, oldest first."""
    conditions = []
    if state:
        try:
            conditions.append(t.renditions.c.state == ReviewState(state).value)
        except ValueError:
            raise InvalidInput(f"{state!r} is not one of {', '.join(s.value for s in ReviewState)}", field="state") from None
    if lang:
        conditions.append(t.renditions.c.lang == parse_language(lang, field="lang"))
    with registry.store.read() as conn:
        if quote:
            conditions.append(t.renditions.c.quote_id == resolve_id(conn, t.quotes, "q", quote, "quote"))
        return load_renditions(conn, and_(true(), *conditions))


def machine_translator(registry: Registry):
    """For `check`: a function giving, for a passage and its language, its translation into
    every language an installed model reaches (cached in the registry). Models are listed
    on first use, so a check whose passages all match never loads argostranslate."""
    from .machine import MachineTranslationError, installed_pairs, translate

    cache = RegistryTranslationCache(registry)

    @functools.cache
    def reachable() -> dict[str, list[str]]:
        pairs: dict[str, list[str]] = {}
        for pair in installed_pairs():
            pairs.setdefault(pair.from_code, []).append(pair.to_code)
        return pairs

    def translations(text: str, lang: str):
        for target_lang in sorted(reachable().get(lang, ())):
            try:
                yield target_lang, translate(text, lang, target_lang, cache=cache).text
            except MachineTranslationError:
                continue

    return translations
