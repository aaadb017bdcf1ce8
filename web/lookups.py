"""What the desk's pages and API both look up: quotes by text, speaker and language;
renditions by state, language and translator.

Both filter the library's listings (``Registry.list_quotes``, ``list_renditions``) by
what those do not take yet, a text and a translator, with the library's own comparisons.
"""

from __future__ import annotations

from quotes.models import Quote, Rendition
from quotes.registry import Registry
from quotes.text import match_key
from quotes.translations.renditions import list_renditions
from quotes.translations.review import same_person


def search_quotes(registry: Registry, *, q: str = "", speaker: str = "", lang: str = "") -> list[Quote]:
    """Quotes of ``speaker`` in ``lang`` (each when given) whose text holds ``q``, typography,
    case and diacritics aside (``quotes.text.match_key``: "satin" finds "satın")."""
    found = registry.list_quotes(speaker=speaker or None, lang=lang or None)
    if q.strip():
        wanted = match_key(q.strip(), None)
        found = [quote for quote in found if wanted in match_key(quote.text, quote.lang)]
    return found


def queue(registry: Registry, *, state: str = "", lang: str = "", translator: str = "") -> list[Rendition]:
    """Renditions in ``state``, in ``lang``, by ``translator`` (each when given; the
    translator compared as review compares people, ``same_person``), oldest first."""
    found = list_renditions(registry, state=state or None, lang=lang or None)
    if translator.strip():
        found = [r for r in found if same_person(r.translator, translator)]
    return found
