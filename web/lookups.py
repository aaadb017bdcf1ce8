"""What the desk's pages and API both look up: quotes by text, speaker and language.

``Registry.list_quotes`` does not take a text yet; the listing is filtered here by the
library's own comparison (``quotes.text.match_key``).
"""

from __future__ import annotations

from quotes.models import Quote
from quotes.registry import Registry
from quotes.text import match_key


def search_quotes(registry: Registry, *, q: str = "", speaker: str = "", lang: str = "") -> list[Quote]:
    """Quotes of ``speaker`` in ``lang`` (each when given) whose text holds ``q``, typography,
    case and diacritics aside ("satin" finds "satın")."""
    found = registry.list_quotes(speaker=speaker or None, lang=lang or None)
    if q.strip():
        wanted = match_key(q.strip(), None)
        found = [quote for quote in found if wanted in match_key(quote.text, quote.lang)]
    return found
