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
from quotes.text import casefold


class Attribution:
    """Finds who the coverage says spoke a passage, among the registered names.

    ``aliases`` maps each name as written (``Sam Altman``, ``Altman``, ``@sama``,
    ``Bakan Şimşek``) to a speaker id. A name matches as whole words, with the first
    letter as registered and the rest in any case (``ŞİMŞEK`` in a headline), and with
    a suffix after an apostrophe (``Şimşek'in``, ``Altman’s``). Where names overlap the
    longer one wins (``Sam Altman`` over ``Altman``). Built once per registry: the
    lookup serves every passage of every document.
    """

    def __init__(self, aliases: Mapping[str, str]):
        self.aliases = dict(aliases)
        self.lookup = {
            tuple(_fold(word) for word in _WORD.findall(name)): name for name in sorted(self.aliases) if _WORD.search(name)
        }
        self.longest = max((len(key) for key in self.lookup), default=0)

    def speaker(self, text: str, passage: Passage) -> str | None:
        """The speaker id of the registered name nearest the passage, or None.

        A passage found by ``--sentences`` has no quote marks; a name anywhere in it counts.
        """
        if not self.lookup:
            return None
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
                (_distance(m_start, m_end, passage), m_start, alias)
                for m_start, m_end, alias in self._mentions(text, start, end)
                if not any(s < m_end and m_start < e for s, e in quoted)
            ]
            if mentions:
                return self.aliases[min(mentions)[2]]
        return None

    def _mentions(self, text: str, start: int, end: int):
        """(start, end, alias) of every registered name in text[start:end]; where names
        overlap, the longest wins."""
        words = [(m.start(), m.end(), _fold(m.group())) for m in _WORD.finditer(text, start, end)]
        i = 0
        while i < len(words):
            for n in range(min(self.longest, len(words) - i), 0, -1):
                run = words[i:i + n]
                alias = self.lookup.get(tuple(word for _, _, word in run))
                if alias is None or text[run[0][0]] != alias[0]:
                    continue
                if all(text[a_end:b_start] in (" ", "\u00a0") for (_, a_end, _), (b_start, _, _) in zip(run, run[1:])):
                    suffix = _SUFFIX.match(text, run[-1][1], end)
                    yield run[0][0], suffix.end() if suffix else run[-1][1], alias
                    i += n - 1
                    break
            i += 1


@lru_cache(maxsize=4)
def _sentences(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...]]:
    """Sentence spans and their starts, cached: every passage of a document is
    attributed against the same sentences."""
    spans = tuple(split_sentences(text))
    return spans, tuple(s for s, _ in spans)


_WORD = re.compile(r"(?<![\w@#])[@#]?\w+")
_SUFFIX = re.compile(r"['’]\w+")


def _fold(name: str) -> str:
    # Turkish casing on both sides makes ŞİMŞEK, Şimşek and şimşek one key (and is
    # harmless for other names, since both sides are folded the same way).
    return casefold(name, "tr")


def _distance(start: int, end: int, passage: Passage) -> int:
    """Characters between a mention and the passage; 0 between the parts of a split quote."""
    if end <= passage.start:
        return passage.start - end
    if start >= passage.end:
        return start - passage.end
    return 0
