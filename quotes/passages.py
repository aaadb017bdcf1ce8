"""Find the quoted passages (and, on request, the sentences) of a piece of coverage.

Coverage is real-world text: scraped pages with repeated paragraphs, apostrophes that
look like quote marks (``X’i``, ``Türkiye'nin``, ``don't``), quotes split by an
attribution, and marks left unbalanced by copy-editing. The rules below keep each of
those from producing a wrong passage:

* A mark opens a quote only when what precedes it is not a letter or digit, and closes
  one only when what follows it is not a letter or digit. So a mark between two letters
  or digits is an apostrophe and never a quote mark.
* Marks pair by type (:data:`PAIRS`). Inner quotes one level deep are skipped over, so
  that an inner closing mark does not end the outer quote; the inner quote is part of
  the outer passage's text and is not reported on its own.
* A quote never spans a paragraph break and holds at most :data:`MAX_QUOTE_CHARS`
  characters; an opening mark without a partner in that window is ignored, so an
  unbalanced mark cannot swallow the rest of the document.
* ``"No thank you," Altman posted, "but …"`` is one statement: parts separated by a
  short attribution are joined back (see :func:`_continues`).
* One trailing comma is dropped from the end of a passage: in ``“…,” he said`` the comma
  belongs to the reporting sentence, not to what was said. Where split parts are joined
  the comma stays, as the reader saw it: ``No thank you, but we will …``.
* Passages with the same text (after whitespace normalisation) are reported once, at
  their first occurrence, with the number of times they occur.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import NamedTuple

MAX_QUOTE_CHARS = 2000
"""Longest quote, and longest joined passage, in characters (a long statement quoted
whole, such as a post, still fits; a stray mark cannot swallow more than a paragraph)."""

MAX_ATTRIBUTION_WORDS = 8
"""Longest gap, in words, that still joins the two parts of a split quote."""

PAIRS: dict[str, str] = {
    '"': '"',
    "'": "'",
    "“": "”\"",  # also closed by a straight mark: mixed pairs occur in scraped coverage
    "„": "“”",  # German „…“; Polish, Hungarian and Romanian „…”
    "‘": "’",
    "‚": "‘’",
    "«": "»",
    "»": "«",
    "‹": "›",
    "「": "」",
}
"""Each opening mark and the closing marks that end it."""

_OPENING_MARKS = "".join(PAIRS)
_CLOSING_MARKS = "".join(sorted(set("".join(PAIRS.values()))))

_MARK = re.compile("[" + re.escape(_OPENING_MARKS + _CLOSING_MARKS) + "]")
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")

# A run of sentence-final punctuation, with the closing marks and brackets that follow it.
_TERMINATOR = re.compile(r"[.!?…]+[" + re.escape(_CLOSING_MARKS) + r")\]]*")
# The whitespace after a terminator and the next character ("" at the end of the text).
_AFTER_TERMINATOR = re.compile(r"(\s*)(\S?)")

# Words whose full stop does not end a sentence. Initials (``U.S.``, ``D.C.``, ``L.``)
# are recognised by shape in :func:`_is_abbreviation`.
_ABBREVIATIONS = frozenset(
    {"Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Jr", "Sr", "vs", "Sn", "Doç", "Yrd", "vb"}
)
_INITIALS = re.compile(r"[^\W\d_](?:\.[^\W\d_])*")

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Passage:
    """A quoted span (or a sentence) of a document, with where and how often it occurs.

    ``text`` is the words as shown, whitespace runs made one space, the parts of a split
    quote joined by one space. ``start``/``end`` are character offsets of the first
    occurrence, from the first part's content to the last part's; ``parts`` are the
    content spans of each part; ``count`` is how often the text occurs in the document;
    ``quoted`` is False for a sentence found by ``sentences=True``.
    """

    text: str
    start: int
    end: int
    count: int
    parts: tuple[tuple[int, int], ...]
    quoted: bool


class _Quote(NamedTuple):
    """One pair of marks: where the marks are and where the content between them is
    (whitespace trimmed); ``comma_inside`` when that content ends with a comma."""

    opening: int
    closing: int
    start: int
    end: int
    comma_inside: bool


def find_passages(text: str, *, sentences: bool = False) -> list[Passage]:
    """The quoted passages of ``text`` in document order; with ``sentences`` also every
    sentence that does not overlap a quoted passage (``quoted=False``).

    A sentence that holds a quote is left out in sentence mode: its quoted words are
    already a passage, and checking the whole sentence would report the same quote
    twice, diluted by the reporter's words around it.
    """
    sentence_ends = _sentence_ends(text)
    groups: list[list[_Quote]] = []
    for quote in _quotes(text):
        if groups and _continues(text, groups[-1], quote, sentence_ends):
            groups[-1].append(quote)
        else:
            groups.append([quote])

    found: dict[tuple[bool, str], list] = {}
    quoted_spans: list[tuple[int, int]] = []
    for group in groups:
        last = group[-1]
        if last.comma_inside:
            group[-1] = last._replace(end=_trim(text, last.start, last.end - 1)[1])
        parts = tuple((q.start, q.end) for q in group)
        quoted_spans.extend(parts)
        _tally(found, True, " ".join(_clean(text, s, e) for s, e in parts), parts)
    if sentences:
        quoted_starts = [s for s, _ in quoted_spans]
        for start, end in _sentences(text, sentence_ends):
            # Quoted spans are disjoint and in order: only the last one starting before
            # the sentence's end can reach into it.
            before = bisect.bisect_left(quoted_starts, end) - 1
            if before < 0 or quoted_spans[before][1] <= start:
                _tally(found, False, _clean(text, start, end), ((start, end),))

    passages = [
        Passage(text=key[1], start=parts[0][0], end=parts[-1][1], count=count,
                parts=parts, quoted=key[0])
        for key, (parts, count) in found.items()
    ]
    return sorted(passages, key=lambda p: p.start)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text``, without surrounding whitespace.

    A sentence ends at ``. ! ? …`` (with any closing marks after it) followed by
    whitespace and an uppercase letter, a digit or a quote mark, or by the end of the
    text; not after an abbreviation or initials; and always at a paragraph break.
    A single line break does not end a sentence, so hard-wrapped text stays whole.
    """
    return _sentences(text, _sentence_ends(text))


def _tally(found: dict, quoted: bool, text: str, parts: tuple[tuple[int, int], ...]) -> None:
    """Count one occurrence; the first occurrence's parts are the ones reported."""
    if not _has_words(text):
        return
    key = (quoted, text)
    if key in found:
        found[key][1] += 1
    else:
        found[key] = [parts, 1]


def _has_words(text: str) -> bool:
    """Empty and one-character spans, and spans of only punctuation, are not passages."""
    return len(text) > 1 and any(ch.isalnum() for ch in text)


def _clean(text: str, start: int, end: int) -> str:
    """The span's text with every run of whitespace (line breaks too) made one space."""
    return " ".join(text[start:end].split())


def _can_open(text: str, i: int) -> bool:
    """A mark can open a quote when something follows it and no letter or digit precedes it."""
    return i + 1 < len(text) and (i == 0 or not text[i - 1].isalnum())


def _can_close(text: str, i: int) -> bool:
    """A mark can close a quote when something precedes it and no letter or digit follows it."""
    return i > 0 and (i + 1 == len(text) or not text[i + 1].isalnum())


def _quotes(text: str) -> list[_Quote]:
    """Every outermost pair of quote marks, in order, with its trimmed content.

    A mark that could open or close (``," [``) opens when no quote is open: the scan
    only looks for a closing mark while a quote is open. The scan steps from mark to
    mark, and an opening mark with no possible closing mark in its window is passed
    over at once, so text full of stray marks costs little more than clean text.
    """
    marks = [m.start() for m in _MARK.finditer(text)]
    can_close = {
        opening: [j for j in marks if text[j] in closers and _can_close(text, j)]
        for opening, closers in PAIRS.items()
    }
    breaks = [m.start() for m in _PARAGRAPH_BREAK.finditer(text)]
    quotes = []
    k = 0
    while k < len(marks):
        i = marks[k]
        if text[i] in PAIRS and _can_open(text, i):
            next_break = bisect.bisect_right(breaks, i)
            # The closing mark's index is at most limit - 1, so the content fits the cap.
            limit = min(i + MAX_QUOTE_CHARS + 2, len(text))
            if next_break < len(breaks):
                limit = min(limit, breaks[next_break])
            candidates = can_close[text[i]]
            first = bisect.bisect_right(candidates, i)
            no_candidate = first == len(candidates) or candidates[first] >= limit
            closing = None if no_candidate else _find_closing(text, marks, k, limit)
            if closing is not None:
                quote = _content(text, i, closing)
                if _has_words(text[quote.start:quote.end].rstrip(",")):
                    quotes.append(quote)
                k = bisect.bisect_right(marks, closing)
                continue
        k += 1
    return quotes


def _find_closing(text: str, marks: list[int], k: int, limit: int) -> int | None:
    """Offset of the mark that closes the quote opened at ``marks[k]``, before ``limit``.

    An inner quote is skipped whole, so that its closing mark cannot end the outer one;
    a mark counts as an inner opening only when it cannot close.
    """
    closers = PAIRS[text[marks[k]]]
    n = k + 1
    while n < len(marks) and marks[n] < limit:
        j = marks[n]
        if text[j] in closers and _can_close(text, j):
            return j
        if text[j] in PAIRS and _can_open(text, j) and not _can_close(text, j):
            resume = _skip_inner(text, marks, n, limit, closers)
            if resume is None:
                return None
            n = resume
        else:
            n += 1
    return None


def _skip_inner(text: str, marks: list[int], n: int, limit: int, outer_closers: str) -> int | None:
    """Where the outer scan resumes after the inner opening at ``marks[n]``.

    After the inner closing mark; or at the outer closing mark when that comes first,
    because an inner opening without a partner must not hide the outer end; or None
    when neither comes before ``limit``, as then the outer quote has no end either.
    """
    closers = PAIRS[text[marks[n]]]
    for m in range(n + 1, len(marks)):
        j = marks[m]
        if j >= limit:
            break
        if text[j] in closers and _can_close(text, j):
            return m + 1
        if text[j] in outer_closers and _can_close(text, j):
            return m
    return None


def _content(text: str, opening: int, closing: int) -> _Quote:
    start, end = _trim(text, opening + 1, closing)
    return _Quote(opening, closing, start, end, comma_inside=text[start:end].endswith(","))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _continues(text: str, group: list[_Quote], quote: _Quote, sentence_ends: list[int]) -> bool:
    """Whether ``quote`` is the rest of the statement whose parts are ``group``.

    It is when the last part ends with a comma (inside its marks or just after them) and
    the gap is a short attribution ending in a comma (``Altman posted,``, ``dedi Bakan
    Şimşek,``): at most :data:`MAX_ATTRIBUTION_WORDS` words, no sentence end, no
    paragraph break, no ``;`` or ``:`` (``", it added; and, later, "`` introduces a
    second statement), and the joined text stays within :data:`MAX_QUOTE_CHARS`.
    """
    last = group[-1]
    gap = text[last.closing + 1:quote.opening]
    if gap.startswith(","):
        gap = gap[1:]
    elif not last.comma_inside:
        return False
    attribution = gap.strip()
    words = len(_WORD.findall(attribution))
    if not attribution.endswith(",") or not 1 <= words <= MAX_ATTRIBUTION_WORDS:
        return False
    if ";" in attribution or ":" in attribution:
        return False
    first_end_after = bisect.bisect_right(sentence_ends, last.closing)
    if first_end_after < len(sentence_ends) and sentence_ends[first_end_after] <= quote.opening:
        return False
    joined = sum(q.end - q.start + 1 for q in group) + quote.end - quote.start
    return joined <= MAX_QUOTE_CHARS


def _sentence_ends(text: str) -> list[int]:
    """Sorted offsets just after each sentence end and at each paragraph break."""
    ends = {m.start() for m in _PARAGRAPH_BREAK.finditer(text)}
    for m in _TERMINATOR.finditer(text):
        space, following = _AFTER_TERMINATOR.match(text, m.end()).groups()
        if following and not (space and _starts_sentence(following)):
            continue
        if m.group() == "." and _is_abbreviation(text, m.start()):
            continue
        ends.add(m.end())
    return sorted(ends)


def _starts_sentence(ch: str) -> bool:
    return ch.isupper() or ch.isdigit() or ch in _OPENING_MARKS


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the word before the full stop at ``dot`` is an abbreviation or initials."""
    start = dot
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    word = text[start:dot].lstrip("(" + _OPENING_MARKS)
    return word in _ABBREVIATIONS or _INITIALS.fullmatch(word) is not None


def _sentences(text: str, sentence_ends: list[int]) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for end in [*sentence_ends, len(text)]:
        s, e = _trim(text, start, end)
        if s < e:
            spans.append((s, e))
        start = end
    return spans
