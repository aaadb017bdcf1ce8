"""Find the quoted passages (and, on request, the sentences) of a piece of coverage.

Coverage is real-world text: scraped pages with repeated paragraphs, apostrophes that
look like quote marks (``X’i``, ``Türkiye'nin``, ``don't``), quotes split by an
attribution, and marks left unbalanced by copy-editing. The rules below keep each of
those from producing a wrong passage:

* A mark opens a quote only when what precedes it is not a letter or digit (and what
  follows is not a line break), and closes one only when what follows it is not a letter
  or digit. So a mark between two letters or digits is an apostrophe and never a quote
  mark. Two apostrophes in a row (``''…''``, ``‘‘…’’``, ``’’…’’``) are one double mark.
  One exception: a double closing mark may carry a Turkish suffix (``“Barış
  Süreci”nin``, ``"umut hakkı"nın``); single marks never do (``Türkiye'nin``).
* Marks pair by type (:data:`PAIRS`), including the mixed pairs of scraped pages
  (``"…”``, ``“…"``, ``'…’``). Inner quotes one level deep are skipped over, so that an
  inner closing mark does not end the outer quote; the inner quote is part of the outer
  passage's text and is not reported on its own.
* A quote holds at most :data:`MAX_QUOTE_CHARS` characters; a pair further apart is not
  a quote.
* Unbalanced double marks. Single marks never get these rules: they are apostrophes
  too often (``'90s``, ``’em``, ``the students’``).

  - A double opening with no closing of its own type is closed by the next double mark
    when that can only close (``«…”``), and by the closing mark of an inner quote when
    nothing else is left to close it: that inner opening was a stray mark (``“… tüm
    “Gruplar Silah Bırakmalı” ifadelerini``).
  - Otherwise an opening never closed in its paragraph opens an ``unclosed`` passage
    that runs to the end of the paragraph. The mark must touch the first word
    (``"Şayet``), so a spaced-out breadcrumb ``»`` or a dangling mark opens nothing. A
    line that starts with an opening mark starts a new paragraph for this purpose.
  - A quote over several paragraphs is one passage: an unclosed paragraph continues
    when the next one opens with a mark again (the classic convention: only the last
    paragraph closes), or when a later paragraph ends with a closing mark that has no
    opening of its own (the paragraphs between carry no marks). Capitalised subheads in
    quote marks on a line of their own (``"YILMAYACAĞIM"``) inside such a quote are cut
    out of it; elsewhere a subhead is a passage of its own.
  - A closing mark with no opening, at the end of a paragraph (only the last paragraph
    of a longer quote was copied), closes a passage that starts at the paragraph's
    start, when nothing before it in the paragraph is a double mark. A straight mark
    after a digit (``5"``) is an inch mark, not a quote.

* Quotes without marks, in two safe places only: a headline ``NAME: CLAUSE`` on a line
  of its own, the name at most four capitalised words (not a label such as ``SON
  DAKİKA``) and the clause four words or more in capitals (``BAKAN FİDAN: TÜRKİYE HAVA
  SAHASINI …``, Turkish headline style); a line of its own in capitals, three words or
  more, ending in ``...`` or ``…`` (``ŞİDDETE ASLA İZİN VERMEYECEĞİZ...``, after a ``NAME:``
  or not: the same style), without that mark; and the rest of a line after a reporting colon
  (``şöyle seslendi:``, ``şunları söyledi:``, ``he said:``) when it starts with a
  capital, has four words or more and holds no double quote mark. A plain colon
  (``yeşil dönüşüm: TBMM …``, ``Note: …``) introduces nothing.
* ``"No thank you," Altman posted, "but …"`` is one statement: parts separated by a
  short attribution are joined back (see :func:`_continues`). The parts of a quote over
  several paragraphs are joined the same way, with one space.
* One trailing comma is dropped from the end of a passage: in ``“…,” he said`` the comma
  belongs to the reporting sentence, not to what was said. Where split parts are joined
  the comma stays, as the reader saw it: ``No thank you, but we will …``.
* Passages with the same text (after whitespace normalisation) are reported once, at
  their first occurrence, with the number of times they occur.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, replace
from typing import NamedTuple

MAX_QUOTE_CHARS = 2000
"""Longest quote, and longest joined passage, in characters (a long statement quoted
whole, such as a post, still fits; a stray mark cannot swallow more than a paragraph)."""

MAX_ATTRIBUTION_WORDS = 8
"""Longest gap, in words, that still joins the two parts of a split quote."""

MIN_BARE_WORDS = 4
"""Fewest words of a quote without marks (a headline's clause, the text after a colon)."""

PAIRS: dict[str, tuple[str, ...]] = {
    '"': ('"',),
    "'": ("'",),
    "“": ("”", '"', "“"),
    "„": ("“", "”"),  # German „…“; Polish, Hungarian and Romanian „…”
    "‘": ("’", "'"),
    "‚": ("‘", "’"),
    "«": ("»",),
    "»": ("«",),
    "‹": ("›",),
    "「": ("」",),
    "''": ("''", "’’"),  # two apostrophes as a double mark, common in Turkish pages
    "‘‘": ("’’",),
    "’’": ("’’",),
}
"""Each opening mark and the closing marks that end it (mixed pairs occur in scraped
coverage: “…" and “…“ pair directly)."""

_FALLBACK_PAIRS: dict[str, tuple[str, ...]] = {'"': ("”", "“"), "'": ("’",)}
"""Closings of another shape that end a straight opening when no straight mark does
(``"…”``, ``"…“``, ``'…’``): a straight mark pairs with a straight one first."""

_DOUBLE_OPENINGS = frozenset({'"', "“", "„", "«", "»", "「", "''", "‘‘", "’’"})
"""Openings that may stay unclosed or start a paragraph of a longer quote."""

_CLOSINGS_ALONE = frozenset({'"', "”", "»", "」", "''", "’’"})
"""Closings that may close a passage whose opening is missing."""

_SUFFIXED_CLOSINGS = frozenset({'"', "”", "»", "''", "’’"})
"""Closings that may carry a Turkish suffix: ``“Barış Süreci”nin``."""

_ONLY_CLOSINGS = frozenset({"”", "»", "’’"})
"""Suffixed closings that end any quote of their pairs; ``"`` and ``''`` followed by a
suffix end only a quote opened by the same mark (``"umut hakkı"nın``), as inside another
quote they are as likely an apostrophe typed wrong (``“… Sukur"un babası …”``)."""

_SENTENCE_END_CHARS = ".!?…:"

_DOUBLE_MARKS = _DOUBLE_OPENINGS | {"”", "」"}
"""Marks that are never apostrophes: a stretch with none of them has no quote marks."""

MARK_CHARACTERS = "".join(sorted({ch for key, closers in PAIRS.items() for mark in (key, *closers) for ch in mark}))
"""Every character that is a quote mark, or half of one (two apostrophes), to the scan."""
_OPENING_MARKS = "".join(sorted({key[0] for key in PAIRS}))
_CLOSING_MARKS = "".join(sorted({mark[-1] for closers in PAIRS.values() for mark in closers}))

_MARK = re.compile("''|‘‘|’’|[" + re.escape(MARK_CHARACTERS) + "]")
_MARK_KEYS = {mark: mark for mark in ("''", "‘‘", "’’", *MARK_CHARACTERS)}
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")

# A run of sentence-final punctuation, with the closing marks and brackets that follow it.
_TERMINATOR = re.compile(r"[.!?…]+[" + re.escape(_CLOSING_MARKS) + r")\]]*")
# The whitespace after a terminator and the next character ("" at the end of the text).
_AFTER_TERMINATOR = re.compile(r"(\s*)(\S?)")
# What may follow a closing mark that ends a paragraph.
_PARAGRAPH_TAIL = re.compile(r"[.,;:!?…]*[^\S\n]*(?:\n|$)")

# Words whose full stop does not end a sentence. Initials (``U.S.``, ``D.C.``, ``L.``)
# are recognised by shape in :func:`_is_abbreviation`.
_ABBREVIATIONS = frozenset(
    {"Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Jr", "Sr", "vs", "Sn", "Doç", "Yrd", "vb"}
)
_INITIALS = re.compile(r"[^\W\d_](?:\.[^\W\d_])*")

_WORD = re.compile(r"\w+")

# A reporting colon: "şöyle seslendi:", "şunları söyledi:", "şu ifadeleri kullandı:";
# "said:", "told reporters:", "said in a statement:". What follows is the quote.
_REPORTING_COLON = re.compile(
    r"(?:\b(?:şöyle|şunları|şu)(?:[^\S\n]+\w+){1,3}"
    r"|\b(?:said|says|wrote|writes|added|adds|stated|states|declared|declares|tweeted|posted|told|tells)"
    r"(?:[^\S\n]+[\w’']+){0,3})"
    r"[^\S\n]*:[^\S\n]*",
    re.IGNORECASE,
)

# A headline line "NAME: CLAUSE" (the name up to four words).
_HEADLINE = re.compile(
    r"^[^\S\n]*(?P<name>[^\W\d_][^\s:]*(?:[^\S\n]+[^\W\d_][^\s:]*){0,3})[^\S\n]*:[^\S\n]+"
    r"(?P<clause>[^\n]*?)[^\S\n]*$",
    re.MULTILINE,
)

# A headline line in capitals ending in an ellipsis, "NAME: " before it or not
# ("ŞİDDETE ASLA İZİN VERMEYECEĞİZ...", "BAKAN FİDAN: TİCARETİ TAMAMEN KESTİK…"): the
# Turkish headline style for a quote.
_ELLIPSIS_HEADLINE = re.compile(
    r"^[^\S\n]*(?:[^\W\d_][^\s:]*(?:[^\S\n]+[^\W\d_][^\s:]*){0,3}[^\S\n]*:[^\S\n]+)?"
    r"(?P<clause>[^\n]*?)[^\S\n]*(?:\.\.\.|…)[^\S\n]*$",
    re.MULTILINE,
)
MIN_ELLIPSIS_HEADLINE_WORDS = 3

# Headline labels that name a kind of story, not a speaker ("SON DAKİKA: …").
_HEADLINE_LABELS = frozenset({
    "son dakika", "flaş", "flaş haber", "özel haber", "özel", "canlı", "canlı yayın", "video", "foto",
    "galeri", "analiz", "görüş", "yorum", "röportaj", "izle", "güncelleme", "breaking", "breaking news",
    "live", "watch", "analysis", "opinion", "exclusive", "update", "interview", "editorial", "photos",
    "podcast", "explainer", "fact check",
})


@dataclass(frozen=True)
class Passage:
    """A quoted span (or a sentence) of a document, with where and how often it occurs.

    ``text`` is the words as shown, whitespace runs made one space, the parts of a split
    quote (or of a quote over several paragraphs) joined by one space. ``start``/``end``
    are character offsets of the first occurrence, from the first part's content to the
    last part's; ``parts`` are the content spans of each part; ``count`` is how often the
    text occurs in the document; ``quoted`` is False for a sentence found by
    ``sentences=True``; ``unclosed`` is True when the opening mark was never closed and
    the passage runs to the end of its paragraph. ``opened_before`` is set on a passage
    closed with no opening that holds the text's first quote mark: the text may begin
    inside a quote opened before it (an excerpt of a longer quote whose earlier
    paragraphs it holds), and ``opened_before`` is where the text starts, so a checker
    can try the passage from there when it means nothing from its own paragraph's start.
    """

    text: str
    start: int
    end: int
    count: int
    parts: tuple[tuple[int, int], ...]
    quoted: bool
    unclosed: bool = False
    opened_before: int | None = None

    def from_text_start(self, text: str) -> Passage | None:
        """This passage run back to ``opened_before`` (see above), or None."""
        if self.opened_before is None:
            return None
        parts = ((self.opened_before, self.end),)
        return replace(self, text=_clean(text, self.opened_before, self.end), start=self.opened_before,
                       parts=parts, opened_before=None)

    def sentence_cuts(self, text: str) -> list[Passage]:
        """For an ``unclosed`` passage, the passage ended at each sentence end inside its
        last part, longest first: where the quote may really end, its closing mark
        forgotten (a quote followed by the reporter's own sentences in one paragraph).
        Empty for a closed passage."""
        if not self.unclosed:
            return []
        last_start, last_end = self.parts[-1]
        ends = [last_start + end for _start, end in split_sentences(text[last_start:last_end])[:-1]]
        return [self.cut_at(text, end) for end in reversed(ends)]

    def cut_at(self, text: str, end: int) -> Passage:
        """This passage ended at ``end``, an offset inside its last part, without a comma
        there (``“… if you want, Altman wrote``: the comma is the reporting sentence's)."""
        start, end = _trim(text, self.parts[-1][0], end)
        if text[end - 1] == ",":
            end = _trim(text, start, end - 1)[1]
        parts = (*self.parts[:-1], (start, end))
        return replace(self, text=" ".join(_clean(text, s, e) for s, e in parts), end=parts[-1][1], parts=parts)


class _Quote(NamedTuple):
    """One part of a quote: where its marks are and where its content is (whitespace
    trimmed); ``comma_inside`` when that content ends with a comma.

    ``opening`` is the opening mark's offset, ``after`` the offset just after the closing
    mark; a part without an opening mark (``opened`` False: closing only, a later
    paragraph, or no marks) starts its span at its content, and one without a closing
    mark (``closed`` False) ends it at its paragraph's end. A quote whose first part was
    opened and whose last part was never closed is ``unclosed``.
    """

    opening: int
    after: int
    start: int
    end: int
    comma_inside: bool
    opened: bool = True
    closed: bool = True


def find_passages(text: str, *, sentences: bool = False) -> list[Passage]:
    """The quoted passages of ``text`` in document order; with ``sentences`` also every
    sentence that does not overlap a quoted passage (``quoted=False``).

    A sentence that holds a quote is left out in sentence mode: its quoted words are
    already a passage, and checking the whole sentence would report the same quote
    twice, diluted by the reporter's words around it.
    """
    sentence_ends = _sentence_ends(text)
    groups: list[list[_Quote]] = []
    for group in _Scan(text, sentence_ends).groups():
        if groups and _continues(text, groups[-1], group, sentence_ends):
            groups[-1].extend(group)
        else:
            groups.append(list(group))

    found: dict[tuple[bool, str], list] = {}
    quoted_spans: list[tuple[int, int]] = []
    for group in groups:
        last = group[-1]
        if last.comma_inside:
            group[-1] = last._replace(end=_trim(text, last.start, last.end - 1)[1])
        parts = tuple((q.start, q.end) for q in group if q.start < q.end)
        if not parts:
            continue
        quoted_spans.append((parts[0][0], parts[-1][1]))
        unclosed = group[0].opened and not group[-1].closed
        _tally(found, True, " ".join(_clean(text, s, e) for s, e in parts), parts, unclosed,
               _text_start_before(text, parts) if not group[0].opened and not quoted_spans[:-1] else None)
    if sentences:
        quoted_starts = [s for s, _ in quoted_spans]
        for start, end in _sentences(text, sentence_ends):
            # Quoted spans (first part's start to last part's end) are disjoint and in
            # order: only the last one starting before the sentence's end can reach into it.
            before = bisect.bisect_left(quoted_starts, end) - 1
            if before < 0 or quoted_spans[before][1] <= start:
                _tally(found, False, _clean(text, start, end), ((start, end),), False)

    passages = [
        Passage(text=key[1], start=parts[0][0], end=parts[-1][1], count=count,
                parts=parts, quoted=key[0], unclosed=unclosed, opened_before=opened_before)
        for key, (parts, count, unclosed, opened_before) in found.items()
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


def _tally(found: dict, quoted: bool, text: str, parts: tuple[tuple[int, int], ...], unclosed: bool,
           opened_before: int | None = None) -> None:
    """Count one occurrence; the first occurrence's parts are the ones reported."""
    if not _has_words(text):
        return
    key = (quoted, text)
    if key in found:
        found[key][1] += 1
    else:
        found[key] = [parts, 1, unclosed, opened_before]


def _text_start_before(text: str, parts: tuple[tuple[int, int], ...]) -> int | None:
    """Where ``text`` starts, when words stand before the first quote (closed with no
    opening) and no quote mark does, within a quote's length of its end."""
    start = len(text) - len(text.lstrip())
    before = text[start:parts[0][0]]
    if not _has_words(before) or any(ch in _DOUBLE_MARKS for ch in before) or parts[-1][1] - start > MAX_QUOTE_CHARS:
        return None
    return start


def _has_words(text: str) -> bool:
    """Empty and one-character spans, and spans of only punctuation, are not passages."""
    return len(text) > 1 and any(ch.isalnum() for ch in text)


def _clean(text: str, start: int, end: int) -> str:
    """The span's text with every run of whitespace (line breaks too) made one space."""
    return " ".join(text[start:end].split())


def _line_break_before(text: str, offset: int) -> int | None:
    """The line break that starts ``offset``'s line when only spaces or tabs stand
    between them (-1 at the start of the text), else None."""
    while offset > 0 and text[offset - 1] in " \t\r":
        offset -= 1
    if offset == 0:
        return -1
    return offset - 1 if text[offset - 1] == "\n" else None


def _ends_sentence(text: str, offset: int) -> bool:
    """Whether the last character before ``offset``, whitespace aside, ends a sentence."""
    while offset > 0 and text[offset - 1].isspace():
        offset -= 1
    return offset > 0 and text[offset - 1] in _SENTENCE_END_CHARS


def _at_line_start(text: str, offset: int) -> bool:
    """Whether only spaces or tabs stand between ``offset`` and the start of its line."""
    return _line_break_before(text, offset) is not None


def _closes_before_suffix(text: str, start: int, after: int, key: str) -> bool:
    """A double closing mark followed by a suffix, as Turkish writes it: ``“Barış
    Süreci”nin``, ``"umut hakkı"nın`` (a lowercase letter after the mark, a letter or
    punctuation before it; never a straight mark after a digit, ``5"lik``)."""
    if key not in _SUFFIXED_CLOSINGS or not text[after].islower():
        return False
    before = text[start - 1]
    return not before.isspace() and not (key == '"' and before.isdigit())


def _is_capitalised(text: str) -> bool:
    """Letters, at least two, and none of them lowercase."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and not any(ch.islower() for ch in letters)


def _fold(text: str) -> str:
    """Lowercase, with the Turkish dotted and dotless i made one letter."""
    return " ".join(text.replace("İ", "i").replace("I", "i").lower().replace("ı", "i").split())


class _Scan:
    """One pass over a document's marks, producing its quotes as groups of parts.

    Marks are tokens: one character, or two apostrophes in a row. ``marks`` is the
    position in the token list of every mark the scan sees; the marks of subheads are
    taken out first, so that a subhead neither closes nor opens a quote around it.
    """

    def __init__(self, text: str, sentence_ends: list[int]):
        self.text = text
        self.sentence_ends = sentence_ends
        # Three lists, not a list of match objects, and each mark's text the one shared
        # string: a document of marks costs a few dozen bytes a mark, not a few hundred.
        self.pos, self.after, self.key = [], [], []
        for m in _MARK.finditer(text):
            self.pos.append(m.start())
            self.after.append(m.end())
            self.key.append(_MARK_KEYS[m.group()])
        size = len(text)
        self.opens = [
            key in PAIRS and a < size and text[a] not in "\r\n" and (p == 0 or not text[p - 1].isalnum())
            for p, a, key in zip(self.pos, self.after, self.key)
        ]
        self.closes = [p > 0 and (a == size or not text[a].isalnum()) for p, a in zip(self.pos, self.after)]
        self.suffixed = [
            0 < p and a < size and _closes_before_suffix(text, p, a, key)
            for p, a, key in zip(self.pos, self.after, self.key)
        ]
        self.double_positions = [p for p, key in zip(self.pos, self.key) if key in _DOUBLE_MARKS]
        paragraph_breaks = list(_PARAGRAPH_BREAK.finditer(text))
        self.break_starts = [m.start() for m in paragraph_breaks]
        self.break_ends = [m.end() for m in paragraph_breaks]

        self.subheads = self._subheads()  # (line start, line end, opening token, closing token)
        hidden = {token for _, _, o, c in self.subheads for token in range(o, c + 1)}
        self.subhead_at = {self.pos[o]: end for _, end, o, _ in self.subheads}
        self.subhead_ends = [end for _, end, _, _ in self.subheads]
        self.marks = [t for t in range(len(self.pos)) if t not in hidden]
        self.mark_pos = [self.pos[t] for t in self.marks]
        # A line that starts with the same opening mark after a line that ends a sentence
        # ends the paragraph of an unclosed quote (the convention with single line breaks).
        self.boundaries: dict[str, list[int]] = {}
        for t in self.marks:
            if self.opens[t] and not self.closes[t] and self.key[t] in _DOUBLE_OPENINGS:
                line = _line_break_before(text, self.pos[t])
                if line is not None and line >= 0 and _ends_sentence(text, line):
                    self.boundaries.setdefault(self.key[t], []).append(line)
        self.candidates = {
            closers: [self.pos[t] for t in self.marks if self.key[t] in closers and (self.closes[t] or self.suffixed[t])]
            for closers in {*PAIRS.values(), *_FALLBACK_PAIRS.values()}
        }

    # --- paragraphs ---------------------------------------------------------------

    def _paragraph_end(self, offset: int) -> int:
        b = bisect.bisect_right(self.break_starts, offset)
        return self.break_starts[b] if b < len(self.break_starts) else len(self.text)

    def _paragraph_start(self, offset: int) -> int:
        b = bisect.bisect_right(self.break_ends, offset) - 1
        return self.break_ends[b] if b >= 0 else 0

    def _unit_end(self, token: int) -> int:
        """Where an unclosed quote opened by ``token`` ends: its paragraph's end, or the
        next line that starts with an opening mark, whichever comes first."""
        offset = self.pos[token]
        end = self._paragraph_end(offset)
        boundaries = self.boundaries.get(self.key[token], ())
        b = bisect.bisect_right(boundaries, offset)
        if b < len(boundaries) and boundaries[b] < end:
            end = boundaries[b]
        return end

    def _has_double_mark(self, start: int, end: int) -> bool:
        b = bisect.bisect_left(self.double_positions, start)
        return b < len(self.double_positions) and self.double_positions[b] < end

    # --- subheads ------------------------------------------------------------------

    def _subheads(self) -> list[tuple[int, int, int, int]]:
        """Lines that are one quote in capitals and nothing else: ``"YILMAYACAĞIM"``."""
        found = []
        text = self.text
        for o in range(len(self.pos)):
            if not (self.opens[o] and _at_line_start(text, self.pos[o])):
                continue
            line_end = text.find("\n", self.pos[o])
            line_end = len(text) if line_end < 0 else line_end
            c = bisect.bisect_left(self.pos, line_end) - 1
            if c <= o or text[self.after[c]:line_end].strip():
                continue
            if not self.closes[c] or self.key[c] not in PAIRS[self.key[o]] + _FALLBACK_PAIRS.get(self.key[o], ()):
                continue
            if any(self.key[t] in _DOUBLE_MARKS for t in range(o + 1, c)):
                continue
            content = text[self.after[o]:self.pos[c]]
            if len(content) <= MAX_QUOTE_CHARS // 10 and _is_capitalised(content):
                found.append((text.rfind("\n", 0, self.pos[o]) + 1, line_end, o, c))
        return found

    def _skip_subheads(self, offset: int) -> int:
        """Past whitespace and subhead lines from ``offset``."""
        text = self.text
        while True:
            while offset < len(text) and text[offset].isspace():
                offset += 1
            if offset not in self.subhead_at:
                return offset
            offset = self.subhead_at[offset]

    # --- pairing ---------------------------------------------------------------------

    def _close(self, n: int, limit: int) -> tuple[int | None, bool]:
        """The index in ``marks`` of the mark that closes the quote opened at ``marks[n]``
        before ``limit``, and whether a closing exists at all before ``limit`` (False: the
        quote is unclosed there). A straight opening looks for a straight closing first,
        then for a curly one (:data:`_FALLBACK_PAIRS`).

        A pair further apart than :data:`MAX_QUOTE_CHARS` is not a quote (None, True).
        """
        opening = self.key[self.marks[n]]
        closing, closable = self._closing(n, limit, PAIRS[opening])
        if closing is None and not closable and opening in _FALLBACK_PAIRS:
            closing, closable = self._closing(n, limit, _FALLBACK_PAIRS[opening])
        return closing, closable

    def _closing(self, n: int, limit: int, closers: tuple[str, ...]) -> tuple[int | None, bool]:
        t = self.marks[n]
        candidates = self.candidates[closers]
        first = bisect.bisect_right(candidates, self.pos[t])
        if first == len(candidates) or candidates[first] >= limit:
            return None, False
        window = min(limit, self.after[t] + MAX_QUOTE_CHARS + 1)
        if candidates[first] >= window:
            return None, True
        closing = self._find_closing(n, window, closers)
        if closing is None and window < limit:
            return None, True
        return closing, closing is not None

    def _ends(self, t: int, opening: str, closers: tuple[str, ...]) -> bool:
        """Whether the mark ``t`` closes a quote opened by ``opening`` (closings ``closers``)."""
        key = self.key[t]
        if key not in closers:
            return False
        return self.closes[t] or (self.suffixed[t] and (key in _ONLY_CLOSINGS or key == opening))

    def _find_closing(self, n0: int, limit: int, closers: tuple[str, ...]) -> int | None:
        """The outer closing mark, skipping inner quotes whole; a mark counts as an inner
        opening only when it cannot close. When no mark is left to close an outer double
        quote but the last inner quote closed with a mark that could have, that inner
        opening was a stray mark and its closing mark ends the outer quote (``“… tüm
        “Gruplar Silah Bırakmalı” ifadelerini``); never for single marks, which are
        apostrophes too often (``'90s … rock 'n' roll``)."""
        marks, key = self.marks, self.key
        opening = key[marks[n0]]
        may_be_stray = opening in _DOUBLE_OPENINGS
        stray = None
        n = n0 + 1
        while n < len(marks) and self.pos[marks[n]] < limit:
            t = marks[n]
            if self._ends(t, opening, closers):
                return n
            if self.opens[t] and not self.closes[t]:
                resume, inner_closing = self._skip_inner(n, limit, closers)
                if resume is None:
                    return None
                if may_be_stray and inner_closing is not None and self.closes[marks[inner_closing]] \
                        and key[marks[inner_closing]] in closers:
                    stray = inner_closing
                n = resume
            else:
                n += 1
        return stray

    def _skip_inner(self, n: int, limit: int, outer_closers: tuple[str, ...]) -> tuple[int | None, int | None]:
        """Where the outer scan resumes after the inner opening at ``marks[n]``, and the
        inner closing mark.

        After the inner closing mark; or at the outer closing mark when that comes first,
        because an inner opening without a partner must not hide the outer end; or None
        when neither comes before ``limit``, as then the outer quote has no end either.
        """
        marks, key = self.marks, self.key
        opening = key[marks[n]]
        closers = PAIRS[opening]
        for m in range(n + 1, len(marks)):
            t = marks[m]
            if self.pos[t] >= limit:
                break
            if self._ends(t, opening, closers):
                return m + 1, m
            if key[t] in outer_closers and self.closes[t]:
                return m, None
        return None, None

    def _closes_alone(self, n: int) -> bool:
        """Whether ``marks[n]`` is a closing mark that may have lost its opening: a double
        closing touching the word before it, at the end of its paragraph (or line)."""
        t = self.marks[n]
        p = self.pos[t]
        if self.key[t] not in _CLOSINGS_ALONE or not self.closes[t] or self.opens[t]:
            return False
        before = self.text[p - 1]
        if before.isspace() or (self.key[t] == '"' and before.isdigit()):
            return False
        return _PARAGRAPH_TAIL.match(self.text, self.after[t]) is not None

    def _quote(self, opening: int, after: int, start: int, end: int, **kinds) -> _Quote:
        start, end = _trim(self.text, start, end)
        return _Quote(opening, after, start, end, end > start and self.text[end - 1] == ",", **kinds)

    def _pair(self, o: int, c: int) -> _Quote:
        return self._quote(self.pos[o], self.after[c], self.after[o], self.pos[c])

    # --- the scan ---------------------------------------------------------------------

    def groups(self) -> list[list[_Quote]]:
        """Every quote of the document as a group of parts, in document order."""
        groups: list[list[_Quote]] = []
        taken = 0  # the text before this offset belongs to a quote already
        n = 0
        marks = self.marks
        while n < len(marks):
            t = marks[n]
            if self.pos[t] < taken:
                n += 1
                continue
            if self.opens[t]:
                found = self._open(n)
                if found is not None:
                    group, n, taken = found
                    if group:
                        groups.append(group)
                    continue
            if self._closes_alone(n):
                quote = self._closed_alone(n, taken)
                if quote is not None:
                    groups.append([quote])
                    taken = quote.after
            n += 1
        groups = self._place_subheads(groups)
        return self._add_bare(groups)

    def _open(self, n: int) -> tuple[list[_Quote], int, int] | None:
        """The quote opened at ``marks[n]``: (its parts, the next index, where it ends), or
        None when that mark opens nothing."""
        t = self.marks[n]
        unit_end = self._unit_end(t)
        closing, closable = self._close(n, unit_end)
        if closing is not None:
            quote = self._pair(t, self.marks[closing])
            group = [quote] if _has_words(self.text[quote.start:quote.end].rstrip(",")) else []
            return group, closing + 1, quote.after
        if closable or self.key[t] not in _DOUBLE_OPENINGS:
            return None
        closing = self._mismatched_closing(n, unit_end)
        if closing is not None:
            quote = self._pair(t, self.marks[closing])
            return [quote], closing + 1, quote.after
        if self.text[self.after[t]].isspace():
            return None
        return self._unclosed(n, unit_end)

    def _mismatched_closing(self, n: int, limit: int) -> int | None:
        """For a double opening with no closing of its type: the next double mark, when it
        can only close (``«…”``): mixed typography, not an unclosed quote."""
        b = bisect.bisect_right(self.double_positions, self.pos[self.marks[n]])
        if b == len(self.double_positions) or self.double_positions[b] >= limit:
            return None
        m = bisect.bisect_left(self.mark_pos, self.double_positions[b])
        if m == len(self.marks) or self.mark_pos[m] != self.double_positions[b]:
            return None
        t = self.marks[m]
        if not self.closes[t] or self.opens[t] or self.after[t] - self.after[self.marks[n]] > MAX_QUOTE_CHARS + 1:
            return None
        quote_text = self.text[self.after[self.marks[n]]:self.pos[t]]
        return m if _has_words(quote_text) else None

    def _unclosed(self, n: int, unit_end: int) -> tuple[list[_Quote], int, int] | None:
        """An opening never closed in its paragraph: the passage runs to the paragraph's
        end, and on into the next paragraphs when they continue it (one opens with a mark
        again, or one ends with a closing mark of its own)."""
        text, marks = self.text, self.marks
        parts: list[_Quote] = []
        budget = MAX_QUOTE_CHARS
        while True:
            t = marks[n]
            part = self._quote(self.pos[t], unit_end, self.after[t], unit_end, closed=False)
            if part.end - part.start > budget:
                part = self._cut(part, budget)
                if part is None:
                    break
                parts.append(part)
                return parts, bisect.bisect_left(self.mark_pos, part.after), part.after
            parts.append(part)
            budget -= part.end - part.start + 1
            following = self._skip_subheads(unit_end)
            nxt = bisect.bisect_left(self.mark_pos, following)
            if nxt < len(marks) and self.mark_pos[nxt] == following:
                t = marks[nxt]
                if self.opens[t] and self.key[t] in _DOUBLE_OPENINGS and not text[self.after[t]].isspace():
                    next_end = self._unit_end(t)
                    closing, closable = self._close(nxt, next_end)
                    if closing is not None:
                        quote = self._pair(t, marks[closing])
                        if quote.end - quote.start > budget:
                            break
                        parts.append(quote)
                        return parts, closing + 1, quote.after
                    if closable:
                        break
                    n, unit_end = nxt, next_end
                    continue
            alone = self._closed_further(following, budget)
            if alone is not None:
                parts.extend(alone)
                return parts, bisect.bisect_right(self.mark_pos, alone[-1].after - 1), alone[-1].after
            break
        if not parts:
            return None
        end = parts[-1].after
        return parts, bisect.bisect_left(self.mark_pos, end), end

    def _closed_further(self, offset: int, budget: int) -> list[_Quote] | None:
        """The paragraphs from ``offset`` to a closing mark that has lost its opening, one
        part each, when no other double mark comes before it and they fit ``budget``."""
        b = bisect.bisect_left(self.double_positions, offset)
        if b == len(self.double_positions) or self.double_positions[b] - offset > budget:
            return None
        n = bisect.bisect_left(self.mark_pos, self.double_positions[b])
        if n == len(self.marks) or self.mark_pos[n] != self.double_positions[b] or not self._closes_alone(n):
            return None
        t = self.marks[n]
        closing = self.pos[t]
        first = bisect.bisect_left(self.break_starts, offset)
        last = bisect.bisect_left(self.break_starts, closing)
        starts = [offset, *self.break_ends[first:last]]
        ends = [*self.break_starts[first:last], closing]
        parts = [
            self._quote(start, end, start, end, opened=False, closed=False) for start, end in zip(starts, ends)
        ]
        parts[-1] = parts[-1]._replace(after=self.after[t], closed=True)
        parts = [part for part in parts if part.start < part.end]
        return parts if parts and parts[-1].closed else None

    def _closed_alone(self, n: int, taken: int) -> _Quote | None:
        """A passage closed at ``marks[n]`` with no opening: from the start of its
        paragraph (or of the first line after what is already taken in it), when that
        stretch holds no other double mark."""
        t = self.marks[n]
        p = self.pos[t]
        paragraph = self._paragraph_start(p)
        start = max(paragraph, taken)
        b = bisect.bisect_right(self.subhead_ends, p) - 1
        if b >= 0:
            start = max(start, self.subhead_ends[b])
        if start > paragraph:
            line = self.text.find("\n", start, p)
            if line < 0:
                return None
            start = line + 1
        if self._has_double_mark(start, p):
            return None
        quote = self._quote(start, self.after[t], start, p, opened=False)
        if not _has_words(self.text[quote.start:quote.end]) or quote.end - quote.start > MAX_QUOTE_CHARS:
            return None
        return quote

    def _cut(self, part: _Quote, budget: int) -> _Quote | None:
        """``part`` cut at its last sentence end within ``budget`` characters, or None."""
        ends = self.sentence_ends
        b = bisect.bisect_right(ends, part.start + budget) - 1
        if b < 0 or ends[b] <= part.start:
            return None
        return self._quote(part.opening, ends[b], part.start, ends[b], opened=part.opened, closed=part.closed)

    # --- subheads and quotes without marks ----------------------------------------------

    def _place_subheads(self, groups: list[list[_Quote]]) -> list[list[_Quote]]:
        """Subheads inside a quote are cut out of it; the others are passages."""
        if not self.subheads:
            return groups
        spans = [(g[0].opening, g[-1].after) for g in groups]
        starts = [s for s, _ in spans]
        placed = list(groups)
        for line_start, line_end, o, c in self.subheads:
            g = bisect.bisect_right(starts, line_start) - 1
            if g >= 0 and spans[g][1] > line_start:
                placed[g] = [piece for q in placed[g] for piece in self._without(q, line_start, line_end)]
            else:
                quote = self._pair(o, c)
                if _has_words(self.text[quote.start:quote.end]):
                    placed.append([quote])
        placed = [g for g in placed if g]
        return sorted(placed, key=lambda g: g[0].opening)

    def _without(self, quote: _Quote, start: int, end: int) -> list[_Quote]:
        """``quote`` with the stretch ``start``–``end`` cut out of its content."""
        if end <= quote.start or start >= quote.end:
            return [quote]
        head = self._quote(quote.opening, start, quote.start, start, opened=quote.opened)
        tail = self._quote(end, quote.after, end, quote.end, opened=False, closed=quote.closed)
        keep_head, keep_tail = (_has_words(self.text[q.start:q.end]) for q in (head, tail))
        if keep_head and keep_tail:
            return [head, tail]
        if keep_head:
            return [head._replace(after=quote.after, closed=quote.closed)]
        if keep_tail:
            return [tail._replace(opening=quote.opening, opened=quote.opened)]
        return []

    def _add_bare(self, groups: list[list[_Quote]]) -> list[list[_Quote]]:
        """Headline and reporting-colon quotes, where they overlap no quote with marks."""
        bare = self._headlines() + self._ellipsis_headlines() + self._after_colons()
        if not bare:
            return groups
        spans = sorted((g[0].opening, g[-1].after) for g in groups)
        starts = [s for s, _ in spans]
        kept = list(groups)
        for quote in sorted(bare):
            g = bisect.bisect_right(starts, quote.end) - 1
            if g >= 0 and spans[g][1] > quote.start:
                continue  # overlaps a quote with marks, or one found before
            kept.append([quote])
            i = bisect.bisect_left(starts, quote.start)
            starts.insert(i, quote.start)
            spans.insert(i, (quote.start, quote.end))
        return sorted(kept, key=lambda g: g[0].opening)

    def _bare(self, start: int, end: int) -> _Quote | None:
        quote = self._quote(start, end, start, end, opened=False, closed=False)
        # Words counted up to the few needed, not to the end of the line: on a line of
        # many reporting colons, counting them all made the scan quadratic.
        words = _WORD.finditer(self.text, quote.start, quote.end)
        if sum(1 for _ in itertools.islice(words, MIN_BARE_WORDS)) < MIN_BARE_WORDS:
            return None
        if quote.end - quote.start > MAX_QUOTE_CHARS:
            return self._cut(quote, MAX_QUOTE_CHARS)
        return quote

    def _headlines(self) -> list[_Quote]:
        """``NAME: CLAUSE IN CAPITALS`` on a line of its own (Turkish headline style): the
        clause is what the named person said."""
        found = []
        for m in _HEADLINE.finditer(self.text):
            name, clause = m.group("name"), m.group("clause")
            if len(clause) > MAX_QUOTE_CHARS // 10 or _fold(name) in _HEADLINE_LABELS:
                continue
            if not all(word[0].isupper() for word in name.split()) or not _is_capitalised(clause):
                continue
            if self._has_double_mark(m.start(), m.end()):
                continue
            quote = self._bare(m.start("clause"), m.end("clause"))
            if quote is not None:
                found.append(quote)
        return found

    def _ellipsis_headlines(self) -> list[_Quote]:
        """A line of its own in capitals ending in ``...`` or ``…`` (after a ``NAME:`` or
        not), of three words or more: a headline quote; the trailing mark is the
        headline's, not an elision."""
        found = []
        for m in _ELLIPSIS_HEADLINE.finditer(self.text):
            clause = m.group("clause")
            words = _WORD.findall(clause)
            if (len(words) < MIN_ELLIPSIS_HEADLINE_WORDS or len(clause) > MAX_QUOTE_CHARS // 10
                    or not _is_capitalised(clause) or self._has_double_mark(m.start(), m.end())):
                continue
            found.append(self._quote(m.start("clause"), m.end("clause"), m.start("clause"), m.end("clause"),
                                     opened=False, closed=False))
        return found

    def _after_colons(self) -> list[_Quote]:
        """The rest of the line after a reporting colon, when it starts with a capital and
        holds no double quote mark: ``PKK lideri, örgüte şöyle seslendi: Devlet ve …``."""
        found = []
        text = self.text
        for m in _REPORTING_COLON.finditer(text):
            start = m.end()
            if start >= len(text) or not (text[start].isupper() or text[start].isdigit()):
                continue
            end = text.find("\n", start)
            end = len(text) if end < 0 else end
            if self._has_double_mark(start, end):
                continue
            quote = self._bare(start, end)
            if quote is not None:
                found.append(quote)
        return found


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _continues(text: str, group: list[_Quote], following: list[_Quote], sentence_ends: list[int]) -> bool:
    """Whether the quote ``following`` is the rest of the statement whose parts are ``group``.

    It is when the last part ends with a comma (inside its marks or just after them) and
    the gap is a short attribution ending in a comma (``Altman posted,``, ``dedi Bakan
    Şimşek,``): at most :data:`MAX_ATTRIBUTION_WORDS` words, no sentence end, no
    paragraph break, no ``;`` or ``:`` (``", it added; and, later, "`` introduces a
    second statement), and the joined text stays within :data:`MAX_QUOTE_CHARS`. Both
    sides must have their marks there: the last part its closing mark, the next its
    opening mark.
    """
    last, quote = group[-1], following[0]
    if not (last.closed and quote.opened):
        return False
    gap = text[last.after:quote.opening]
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
    first_end_after = bisect.bisect_right(sentence_ends, last.after - 1)
    if first_end_after < len(sentence_ends) and sentence_ends[first_end_after] <= quote.opening:
        return False
    joined = sum(q.end - q.start + 1 for q in (*group, *following)) - 1
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
