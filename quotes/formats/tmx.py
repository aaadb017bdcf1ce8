"""TMX 1.4: approved renditions as a translation memory, for CAT tools to reuse.

One ``tu`` per approved rendition (its ``tuid`` is the rendition's id): the original's
``tuv`` and the rendition's, each with its ``xml:lang``; the rendition's carries who
translated it (``creationid``) and when the approved text was written (``creationdate``:
the time of the rendition's latest revision, which is the one approved). Written by translate-toolkit's
TMX store, which writes the 1.4 header (``srclang`` is ``*all*`` when the originals are in
several languages, as TMX 1.4 provides).
"""

from __future__ import annotations

from datetime import datetime, timezone

from quotes.languages import parse_language
from quotes.registry.models import ReviewState
from quotes.registry.registry import Registry

ALL_LANGUAGES = "*all*"  # TMX 1.4's srclang for a memory whose segments have several source languages


def export_tmx(registry: Registry, *, lang: str | None = None, speaker: str | None = None) -> bytes:
    """The approved renditions, in ``lang`` when given (else in every language), of the
    quotes of ``speaker`` when given (else everyone's), as a TMX 1.4 document in UTF-8.

    Retracted quotes are left out, as from every export of what may be published."""
    from translate.storage.tmx import tmxfile

    lang = parse_language(lang, field="lang") if lang else None
    pairs = [
        (quote, rendition)
        for quote in registry.list_quotes(speaker=speaker)
        if quote.status != "retracted"
        for rendition in quote.renditions
        if rendition.state == ReviewState.APPROVED.value and (lang is None or rendition.lang == lang)
    ]
    source_langs = {quote.lang for quote, _ in pairs}
    memory = tmxfile(sourcelanguage=source_langs.pop() if len(source_langs) == 1 else ALL_LANGUAGES)
    for quote, rendition in pairs:
        unit = memory.addsourceunit(quote.text, quote.lang)
        unit.settarget(rendition.text, rendition.lang, append=True)
        unit.xmlelement.set("tuid", rendition.id)
        target = unit.getlanguageNode(rendition.lang)
        target.set("creationid", rendition.translator)
        target.set("creationdate", _tmx_date(rendition.revisions[-1].created_at))
    return bytes(memory)


def _tmx_date(iso: str) -> str:
    """An ISO 8601 time (the registry's are UTC) as TMX writes dates: UTC, YYYYMMDDThhmmssZ."""
    moment = datetime.fromisoformat(iso)
    return (moment.astimezone(timezone.utc) if moment.tzinfo else moment).strftime("%Y%m%dT%H%M%SZ")
