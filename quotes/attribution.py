"""Who the coverage says spoke a passage.

Reporters name the speaker next to the quote, not inside it: ``“…,” Altman posted``,
``“…” dedi Bakan Şimşek``, ``according to Musk, “…”``, or in the sentence before a
quote that stands alone. So the search goes outward from the passage — its own
sentences first (for a split quote that includes the attribution between the parts),
then the sentence before, then the sentence after — and the mention nearest the
passage wins within the first of those places that has one. Names inside the quote
are what the speaker talked about, not who spoke, and are skipped.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from functools import lru_cache

from quotes.passages import Passage, split_sentences


def attributed_speaker(text: str, passage: Passage, aliases: Mapping[str, str],
                       lang: str | None) -> str | None:
    """The speaker id of the registered name or alias that ``text`` names for ``passage``.

    ``aliases`` maps each name as written (``Sam Altman``, ``Altman``, ``@sama``,
    ``Bakan Şimşek``) to a speaker id. A name matches as whole words, with the first
    letter as registered and the rest in any case (``ŞİMŞEK`` in a headline), and with
    a suffix after an apostrophe (``Şimşek'in``, ``Altman’s``). Where names overlap the
    longer one wins (``Sam Altman`` over ``Altman``).

    ``lang`` is the passage's language. Matching needs no rule of its own: the case
    folding used treats Turkish ``İ i I ı`` as one letter in every language.

    A passage found by ``--sentences`` has no quote marks; a name anywhere in it counts.
    """
    names = tuple(sorted((a for a in aliases if a.strip()), key=lambda a: (-len(a), a)))
    if not names:
        return None
    pattern = _pattern(names)
    sentences, starts = _sentences(text)
    first = max(bisect.bisect_right(starts, passage.start) - 1, 0)
    last = max(bisect.bisect_left(starts, passage.end) - 1, first)
    quoted = passage.parts if passage.quoted else ()
    places = [(sentences[first][0], sentences[last][1])]
    if first > 0:
        places.append(sentences[first - 1])
    if last + 1 < len(sentences):
        places.append(sentences[last + 1])
    for start, end in places:
        mentions = [
            (_distance(m.start(), m.end(), passage), m.start(), names[m.lastindex - 1])
            for m in pattern.finditer(text, start, end)
            if not any(s < m.end() and m.start() < e for s, e in quoted)
        ]
        if mentions:
            return aliases[min(mentions)[2]]
    return None


@lru_cache(maxsize=4)
def _sentences(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...]]:
    """Sentence spans and their starts, cached: every passage of a document is
    attributed against the same sentences."""
    spans = tuple(split_sentences(text))
    return spans, tuple(s for s, _ in spans)


@lru_cache(maxsize=32)
def _pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation, longest name first, with a group per name to tell which matched.

    Cached because a document's passages are all looked up with the same registry.
    """
    alternatives = "|".join(
        f"({re.escape(name[0])}(?i:{re.escape(name[1:])}))" for name in names
    )
    return re.compile(rf"(?<![\w@])(?:{alternatives})(?:['’]\w+)?(?!\w)")


def _distance(start: int, end: int, passage: Passage) -> int:
    """Characters between a mention and the passage; 0 between the parts of a split quote."""
    if end <= passage.start:
        return passage.start - end
    if start >= passage.end:
        return start - passage.end
    return 0
