"""Translation memory: what a translator should see before rendering a quote, as the
fuzzy-match pane of a CAT tool shows it.

Two things: the quote's own renditions in the target language (an approved one may
already exist), and the approved renditions of *similar* registered quotes, each with a
match percentage and the differences between the similar quote's original and this one's
highlighted (what the translator has to change in the offered rendition).

Similar quotes are found as the checker finds drifted ones: candidates from the registry's
index (``quotes.registry.index.RegistryIndex``: shared pairs of words), then each aligned word by
word with ``quotes.checking.drift.align`` (through ``renditions.word_diff``, which keeps the words
at either end that the checker would leave out of an excerpt). The percentage is the share
of words kept over the longer of the two texts, so it agrees with the differences shown:
100 is the same words, an excerpt of a longer quote scores its share.
"""

from __future__ import annotations

from dataclasses import dataclass

from quotes.checking.drift import Change
from quotes.errors import InvalidInput
from quotes.registry.index import RegistryIndex
from quotes.languages import parse_language
from quotes.registry.models import Quote, Rendition
from quotes.registry.registry import Registry, load_quotes, resolve_quote
from quotes.text import tokenize, words

from .renditions import word_diff

MIN_MATCH = 50.0  # below this share of words kept, a rendition is more work to adapt than to write
LIMIT = 3  # similar quotes offered, best first
CANDIDATES = 30  # from the index: several texts per quote (versions, renditions in other languages)


@dataclass(frozen=True)
class MemoryMatch:
    """An approved rendition of a similar quote: the quote, its rendition in the target
    language, the match percentage of the originals (0–100) and the word-level changes
    from the similar quote's original to this quote's."""

    quote: Quote
    rendition: Rendition
    score: float
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class Memory:
    """What the translator of ``quote`` into ``lang`` is shown: its renditions in ``lang``
    (every state, oldest first) and the closest approved renditions of similar quotes."""

    quote: Quote
    lang: str
    existing: tuple[Rendition, ...]
    similar: tuple[MemoryMatch, ...]

    @property
    def empty(self) -> bool:
        return not self.existing and not self.similar


def recall(registry: Registry, quote_ref: str, lang: str, *, limit: int = LIMIT) -> Memory:
    """The translation memory for rendering ``quote_ref`` into ``lang``."""
    lang = parse_language(lang, field="lang")
    with registry.store.read() as conn:
        quote = load_quotes(conn, [resolve_quote(conn, quote_ref)])[0]
    if lang == quote.lang:
        raise InvalidInput(f"{lang} is the language of {quote.id}; a rendition is in another language", field="lang")
    existing = tuple(r for r in quote.renditions if r.lang == lang)
    return Memory(quote, lang, existing, tuple(_similar(registry, quote, lang)[:limit]))


def _similar(registry: Registry, quote: Quote, lang: str) -> list[MemoryMatch]:
    """Other quotes in the quote's language with an approved rendition in ``lang``, by match, best first."""
    targets = RegistryIndex(registry.store).candidates(words(quote.text, quote.lang), CANDIDATES)
    others = list(dict.fromkeys(t.quote_id for t in targets
                                if not t.is_rendition and t.lang == quote.lang and t.quote_id != quote.id))
    with registry.store.read() as conn:
        candidates = load_quotes(conn, others)
    matches = []
    for other in candidates:
        approved = other.approved_rendition(lang)
        if approved is None:
            continue
        changes = word_diff(other.text, quote.text, quote.lang)
        score = match_score(changes, other.text, quote.text, quote.lang)
        if score >= MIN_MATCH:
            matches.append(MemoryMatch(other, approved, score, changes))
    return sorted(matches, key=lambda m: (-m.score, m.quote.id))


def match_score(changes: tuple[Change, ...], before: str, after: str, lang: str) -> float:
    """The share of words kept from ``before`` to ``after`` (0–100, one decimal), over the
    longer of the two: each kept word counts 1, a misspelt one (a spelling change) 0.8, as
    the checker's alignment counts them."""
    kept = sum(1.0 if c.op == "keep" else 0.8 for c in changes if c.op == "keep" or c.flags == ("spelling",))
    longest = max(len(tokenize(before, lang)), len(tokenize(after, lang)))
    return round(100.0 * kept / longest, 1) if longest else 0.0

