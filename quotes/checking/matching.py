"""Matching a passage to the registered text it most likely comes from.

Three steps, each explainable:
1. candidates from the index (``quotes.registry.index``: rare shared pairs of words);
2. a quick rerank of those with rapidfuzz on match keys (``quotes.text.match_key``):
   ``fuzz.ratio`` and ``fuzz.partial_ratio``, the second so that fragments of a long
   quote are not pushed out by short unrelated texts;
3. a word alignment (``quotes.checking.drift.align``) of the best few, whose score — the share of
   the passage's words kept, over the longer of passage and the span it covers — decides.

Editorial conventions are read from the passage: an elision (``…``, ``...``, ``[...]``)
joins excerpts; other square brackets mark an editor's insertion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable

from rapidfuzz import fuzz

from quotes.checking.drift import Alignment, align, reordering
from quotes.registry.index import CandidateSource, Target
from quotes.checking.recognition import (
    Recognised, content, content_window, convincing, covered, meaning_changes, recognise, reordered,
)
from quotes.text import Token, match_key, tokenize, words

ELISION = re.compile(r"\[\s*(?:\.\s*){3}\]|\[\s*…\s*\]|…|\.\.\.")
BRACKETS = re.compile(r"\[[^\[\]]*\]")
SENTENCE_END = re.compile(r"[.!?…;:]")
HEADLINE_SHARE = 0.75  # words capitalised in a title-case headline ("Tüm Gruplar Silah Bırakmalı ve PKK …")
TITLE_RUN = 3  # capitalised words in a row that read as title case, not as names
CANDIDATES = 12  # from the index
ALIGNED = 3  # of those, aligned word by word
EXCERPT_MIN_WORDS = 4
SHORT_NAMED_WORDS = 3  # words enough for a passage whose speaker the coverage names
FRAGMENT_WORDS = (2, 8)  # a quoted fragment in reported speech: “yalnızca nanosaniyeler kadar gerisinde” olduğunu
FRAGMENT_SLACK = 3  # words a rendering may add or leave out inside the window it renders (kadar, bir, the)
FRAGMENT_SHARE = 2 / 3  # of the fragment's content weight that the window must hold
FRAGMENT_SHARED = 2  # content words, at least, that fragment and window share


@dataclass(frozen=True)
class Match:
    target: Target
    alignment: Alignment
    target_words: int
    excerpt: bool  # the passage is a verbatim run (or elided runs) of the target, not all of it
    # Set when the passage was recognised by its content (quotes.checking.recognition) because its
    # word order is too far from the target's: then that, not the alignment, is the score.
    recognised: Recognised | None = None
    # Where the passage covers part of the target (an excerpt, a fragment): that part's
    # character offsets in the target's text, the part of the statement it renders.
    renders: tuple[int, int] | None = None
    # Set for a fragment (``Matcher.fragment``): the share of its content weight the window
    # holds, 0–100, which is its score (its words may differ from the window's by suffixes).
    share: float | None = None

    @property
    def score(self) -> float:
        if self.recognised:
            return self.recognised.score
        return self.share if self.share is not None else round(self.alignment.score, 1)

    @property
    def whole(self) -> bool:
        """The passage covers the whole registered text."""
        return self.alignment.span == (0, self.target_words)


@dataclass(frozen=True)
class PassageForm:
    """A passage's tokens with its editorial marks located."""

    tokens: list[Token]
    elided_before: frozenset[int]  # indexes of tokens that follow an elision mark
    editorial: frozenset[int]  # indexes of tokens inside [brackets]
    case_free: frozenset[int]  # indexes of tokens whose case is typography (sentence starts, headlines)


def passage_form(text: str, lang: str | None, case_free_at: frozenset[int] = frozenset()) -> PassageForm:
    """The passage's tokens and editorial marks; ``case_free_at`` are offsets in ``text``
    where a piece of a joined passage starts, whose first word's case is typography."""
    tokens = tokenize(text, lang)
    elisions = [m.start() for m in ELISION.finditer(text)]
    brackets = [(m.start(), m.end()) for m in BRACKETS.finditer(text) if not ELISION.fullmatch(m.group())]
    elided = frozenset(i for i, tok in enumerate(tokens) if i and any(tokens[i - 1].end <= e < tok.start for e in elisions))
    editorial = frozenset(i for i, tok in enumerate(tokens) if any(a < tok.start and tok.end < b for a, b in brackets))
    case_free = _case_free(text, tokens) | {i for i, tok in enumerate(tokens) if tok.start in case_free_at}
    return PassageForm(tokens, elided, editorial, frozenset(case_free))


def _case_free(text: str, tokens: list[Token]) -> frozenset[int]:
    """Tokens whose case says nothing: the first, each that starts a sentence, all of a
    headline set in capitals or in title case, and a title-cased run of three or more
    words inside a passage ("… tüm Gruplar Silah Bırakmalı ve PKK Kendini Feshetmelidir")."""
    lettered = [t.text for t in tokens if len(t.text) > 1 and t.text[0].isalpha()]
    capitalised = sum(word[0].isupper() for word in lettered)
    if len(lettered) >= 3 and (capitalised >= HEADLINE_SHARE * len(lettered) or text.upper() == text):
        return frozenset(range(len(tokens)))
    free = {i for i, tok in enumerate(tokens) if i == 0 or SENTENCE_END.search(text, tokens[i - 1].end, tok.start)}
    run: list[int] = []
    for i, tok in enumerate([*tokens, None]):
        if tok is not None and (tok.text[:1].isupper() or (run and len(tok.text) <= 3 and tok.text.islower())):
            run.append(i)
            continue
        while run and not tokens[run[-1]].text[:1].isupper():  # a run ends on a capitalised word
            run.pop()
        if sum(tokens[j].text[:1].isupper() for j in run) >= TITLE_RUN:
            free.update(run)
        run = []
    return frozenset(free)


class Matcher:
    """Finds the best registered text for passages, over any candidate source."""

    def __init__(self, source: CandidateSource, *, names: frozenset[str] = frozenset()):
        self.source = source
        self.names = names

    def candidates(self, text: str, lang: str | None) -> list[Target]:
        """The index's candidates for a passage: what ``best`` and ``recognise`` look at."""
        return self.source.candidates(words(text, lang), CANDIDATES)

    def best(self, text: str, lang: str | None, *, only_lang: str | None = None, originals_only: bool = False,
             candidates: list[Target] | None = None, case_free_at: frozenset[int] = frozenset()) -> Match | None:
        form = passage_form(text, lang, case_free_at)
        if not form.tokens:
            return None
        if candidates is None:
            candidates = self.candidates(text, lang)
        if only_lang:
            candidates = [c for c in candidates if c.lang == only_lang]
        if originals_only:
            candidates = [c for c in candidates if not c.is_rendition]
        if not candidates:
            return None
        key = match_key(text, lang)
        quick = sorted(candidates, key=lambda c: -max(fuzz.ratio(key, k := match_key(c.text, c.lang)), fuzz.partial_ratio(key, k)))
        # Compared in the target's language, so that its casing rules (Turkish I/ı) apply to both sides.
        forms = {lang: form}
        matches = []
        for target in quick[:ALIGNED]:
            if target.lang not in forms:
                forms[target.lang] = passage_form(text, target.lang, case_free_at)
            matches.append(self._align(forms[target.lang], target))
        return max(matches, key=lambda m: (m.score, _preference(m, lang)))

    def recognise(self, text: str, lang: str | None, *, candidates: list[Target] | None = None,
                  speaker_targets: Iterable[Target] = (), case_free_at: frozenset[int] = frozenset()) -> Match | None:
        """The registered text in the passage's language whose content the passage holds
        most of (``quotes.checking.recognition``), among the index's candidates and the statements
        of the speaker the coverage names (``speaker_targets``: the attribution is evidence
        too); None when nothing is convincing."""
        form = passage_form(text, lang, case_free_at)
        if not form.tokens:
            return None
        passage = content(text, lang)
        found = []
        if candidates is None:
            candidates = self.candidates(text, lang)
        for targets, speaker_named in ((candidates, False), (speaker_targets, True)):
            fewest = SHORT_NAMED_WORDS if speaker_named else EXCERPT_MIN_WORDS
            for target in targets:
                if target.lang != lang:
                    continue
                recognised = recognise(passage, content(target.text, target.lang))
                if convincing(recognised, speaker_named=speaker_named):
                    changes = meaning_changes(text, covered(passage, target.text, target.lang), lang, whole=target.text,
                                              names=self.names)
                    found.append(replace(self._align(form, target), recognised=replace(recognised, changes=changes)))
                elif len(form.tokens) >= fewest and (run := reordered(form.tokens, target_tokens := tokenize(target.text, target.lang))):
                    found.append(Match(target, reordering(target_tokens[run[0]:run[1]], form.tokens),
                                       len(target_tokens), excerpt=False, recognised=replace(recognised, score=100.0)))
        if not found:
            return None
        return max(found, key=lambda m: (m.score, not m.target.is_rendition, m.target.id))

    def fragment(self, text: str, lang: str | None, targets: Iterable[Target], *,
                 case_free_at: frozenset[int] = frozenset()) -> Match | None:
        """A fragment of a few words (``FRAGMENT_WORDS``) of reported speech matched to the
        window of a registered text in its language (an original, or a rendition of it) that
        holds its content words: no longer than the fragment and ``FRAGMENT_SLACK`` words,
        holding at least ``FRAGMENT_SHARED`` of its content words and ``FRAGMENT_SHARE`` of
        their weight, compared by stems (Turkish suffixes aside: a nominalised
        besteleyebileceğini for besteleyebilir). Aligned to that window only, so that the rest
        of a long statement is not read as left out. ``targets`` are the statements of the
        speaker the coverage names: a few words say which statement they come from only
        when the coverage says who spoke them. None when no window holds enough."""
        form = passage_form(text, lang, case_free_at)
        if not FRAGMENT_WORDS[0] <= len(form.tokens) <= FRAGMENT_WORDS[1]:
            return None
        passage = content(text, lang)
        best: tuple | None = None
        longest = len(form.tokens) + FRAGMENT_SLACK
        for target in targets:
            # A statement no longer than the window is rendered whole, not in part: ``recognise``'s.
            if target.lang != lang or len(tokenize(target.text, target.lang)) <= longest:
                continue
            window = content_window(passage, target.text, target.lang, longest)
            if window is None:
                continue
            (lo, hi), weight, shared = window
            if shared < FRAGMENT_SHARED or weight < FRAGMENT_SHARE * passage.total:
                continue
            candidate = (weight, -(hi - lo), not target.is_rendition, target.id)
            if best is None or candidate > best[0]:
                best = (candidate, target, lo, hi)
        if best is None:
            return None
        (weight, *_), target, lo, hi = best
        target_tokens = tokenize(target.text, target.lang)
        alignment = align(target_tokens[lo:hi], form.tokens, names=self.names, editorial=form.editorial,
                          elided_before=form.elided_before, case_free=form.case_free)
        alignment = replace(alignment, span=(alignment.span[0] + lo, alignment.span[1] + lo))
        renders = part_rendered(alignment, target_tokens)
        return Match(target, alignment, len(target_tokens), excerpt=alignment.identical,
                     renders=renders, share=round(100.0 * weight / passage.total, 1))

    def _align(self, form: PassageForm, target: Target) -> Match:
        target_tokens = tokenize(target.text, target.lang)
        alignment = align(target_tokens, form.tokens, names=self.names, editorial=form.editorial,
                          elided_before=form.elided_before, case_free=form.case_free)
        # An excerpt leaves words out: it covers part of the text, or elides some.
        left_out = alignment.span != (0, len(target_tokens)) or any("elided" in c.flags for c in alignment.changes)
        unchanged = all(c.op == "keep" or "elided" in c.flags or "editorial" in c.flags for c in alignment.changes)
        excerpt = left_out and unchanged and alignment.passage_words >= EXCERPT_MIN_WORDS
        return Match(target, alignment, len(target_tokens), excerpt, renders=part_rendered(alignment, target_tokens))


def part_rendered(alignment: Alignment, target_tokens: list[Token]) -> tuple[int, int] | None:
    """The character offsets of the part of the target the passage covers, where it covers
    a part and not the whole."""
    first, last = alignment.span
    if last <= first or (first, last) == (0, len(target_tokens)):
        return None
    return target_tokens[first].start, target_tokens[last - 1].end


def _preference(match: Match, lang: str | None) -> tuple:
    """Between equal scores: a whole text over a fragment of a longer one, the text in the
    passage's language, originals over renditions, then the newest."""
    same_language = match.target.lang == lang
    return (match.whole, same_language, not match.target.is_rendition, match.target.id)
