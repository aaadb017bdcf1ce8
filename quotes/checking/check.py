"""Checking coverage against the registry: passages → language → match → verdict →
attribution, one ``Finding`` per passage (per speaker, where a repeated passage is
attributed to different people; pieces of one statement joined into one).

A passage that matches nothing well enough is, when the checker is given a machine
translator (``quotes.translations.machine.machine_translator``), translated into the languages
it reaches and matched again against originals in those languages; such a match can only
be ``unreviewed-translation``. What still matches nothing is recognised by its content
where it can be (``quotes.checking.recognition``), else ``unknown`` with its reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Callable, Iterable

from quotes.checking import langid
from quotes.checking.attribution import Attribution, reporting_tail
from quotes.checking.coverage import Document, Positions
from quotes.errors import EmptyRegistry
from quotes.registry.index import RegistryIndex, Target, quote_targets
from quotes.checking.matching import Match, Matcher
from quotes.registry.models import Quote, Speaker
from quotes.checking.limits import check_passages
from quotes.checking.passages import Passage, find_passages
from quotes.registry.registry import Registry, load_quotes
from quotes.text import match_key
from quotes.checking.verdicts import (
    MATCHING_THRESHOLD,
    SEVERITIES,
    SUGGESTION_THRESHOLD,
    judge,
    short_and_partial,
    worst,
)

SPEAKER_QUOTES = 200  # newest quotes of a named speaker looked at when recognising a passage
JOINABLE = frozenset({"verbatim", "excerpt", "translation"})
MAX_JOIN_GAP_WORDS = 30  # reporting words between the pieces of one statement ("Trump wrote in the letter …")


@dataclass(frozen=True)
class Suggestion:
    quote_id: str
    rendition_id: str | None
    score: float
    text: str


@dataclass(frozen=True)
class Finding:
    """A passage with its best match, verdict, score and differences (SPEC's JSON fields)."""

    passage: str
    start: int
    end: int
    count: int
    lang: str
    verdict: str
    severity: str
    score: float
    flags: tuple[str, ...] = ()
    quote_id: str | None = None
    rendition_id: str | None = None
    rendition_state: str | None = None
    speaker: str | None = None
    attributed_to: str | None = None
    original: str | None = None
    matched_text: str | None = None
    suggestion: Suggestion | None = None
    changes: tuple = ()
    reviewer_note: str | None = None  # the matched rendition's latest reviewer note, "author: text"
    approved_rendition: str | None = None  # the approved rendition in the passage's language, where one applies
    machine_translation: str | None = None  # what the passage was matched as, when it went through MT
    reason: str | None = None  # why a passage is unknown: no-match, near, speaker-known, translation-unchecked
    renders: tuple[int, int] | None = None  # the part of ``matched_text`` the passage renders, when not all of it (offsets)
    paragraph: int | None = None  # of ``start`` in the checked text, from 1 (paragraphs: separated by blank lines)
    line: int | None = None  # of ``start`` in the checked text, from 1

    def as_json(self) -> dict:
        return {
            "passage": self.passage, "start": self.start, "end": self.end, "paragraph": self.paragraph,
            "line": self.line, "count": self.count, "lang": self.lang,
            "verdict": self.verdict, "severity": self.severity, "score": self.score, "flags": list(self.flags),
            "quote_id": self.quote_id, "rendition_id": self.rendition_id, "rendition_state": self.rendition_state,
            "speaker": self.speaker, "attributed_to": self.attributed_to, "original": self.original,
            "matched_text": self.matched_text,
            "suggestion": None if self.suggestion is None else {
                "quote_id": self.suggestion.quote_id, "rendition_id": self.suggestion.rendition_id,
                "score": self.suggestion.score, "text": self.suggestion.text},
            "changes": [c.as_json() for c in self.changes],
            "reviewer_note": self.reviewer_note, "approved_rendition": self.approved_rendition,
            "machine_translation": self.machine_translation, "reason": self.reason,
            "renders": None if self.renders is None else {
                "start": self.renders[0], "end": self.renders[1],
                "text": self.matched_text[self.renders[0]:self.renders[1]]},
        }


@dataclass(frozen=True)
class Report:
    """One checked document; ``notes`` are the document's (what reading it replaced)."""

    path: str
    lang: str
    encoding: str
    findings: list[Finding] = field(default_factory=list)
    notes: tuple[str, ...] = ()
    url: str | None = None  # the page's, for a page (quotes.checking.coverage.Document.url)
    title: str | None = None  # the page's or Word file's
    author: str | None = None  # as the page or Word file names it
    date: str | None = None  # the page's publication date, as the page gives it
    site: str | None = None  # the page's site name, as the page gives it

    def as_json(self) -> dict:
        return {"path": self.path, "url": self.url, "title": self.title, "lang": self.lang,
                "encoding": self.encoding, "notes": list(self.notes), "author": self.author, "date": self.date, "site": self.site,
                "findings": [f.as_json() for f in self.findings]}


MachineTranslator = Callable[[str, str], Iterable[tuple[str, str]]]
"""(text, its language) → (language, translation) for each language a model reaches."""


def require_quotes(registry: Registry) -> None:
    """Refuse to check against a registry without quotes (EmptyRegistry): every passage would
    be ``unknown`` and the check would pass, as against a mistyped ``--db``."""
    if not registry.has_quotes():
        raise EmptyRegistry(f"{registry.store.location}: the registry is empty; import quotes first")


def reaches(severity: str, threshold: str) -> bool:
    return SEVERITIES.index(severity) >= SEVERITIES.index(threshold)


@lru_cache(maxsize=4)
def _speakers_lookup(speakers: tuple[Speaker, ...]) -> tuple[Attribution, dict[str, str], frozenset[str]]:
    """Who may be named in coverage: the attribution lookup, each speaker's name by id, and
    the words of the names and aliases (the matcher weighs them as names). Built once for
    the same speakers (read only after): the desk makes a Checker for each text it is given."""
    names = {s.id: s.name for s in speakers}
    # Pairs, not a dict: a name two speakers share stays ambiguous (see quotes.checking.attribution).
    labels = [(label, s.id) for s in speakers for label in (s.name, *s.aliases)]
    return (Attribution(labels, names=names), names,
            frozenset(key for label, _ in labels for key in match_key(label, None).split()))


class Checker:
    """Checks documents against one registry; built once, used for many documents."""

    def __init__(self, registry: Registry, *, lang: str | None = None, sentences: bool = False,
                 min_score: float | None = None, langid_backend: str = langid.DEFAULT_BACKEND,
                 machine_translator: MachineTranslator | None = None):
        require_quotes(registry)
        self.registry = registry
        self.lang = lang
        self.sentences = sentences
        self.matching = MATCHING_THRESHOLD if min_score is None else min_score
        self.langid_backend = langid_backend
        self.machine_translator = machine_translator
        self.attribution, self.speaker_names, names = _speakers_lookup(tuple(registry.speakers()))
        self.matcher = Matcher(RegistryIndex(registry.store), names=names)
        self._quotes: dict[str, Quote] = {}
        self._texts_of_speaker: dict[str, list[Target]] = {}
        self._languages: dict[str, bool] = {}

    def check(self, document: Document) -> Report:
        document_lang = self.lang or langid.detect_document(document.text, backend=self.langid_backend).lang
        checked = []
        passages = find_passages(document.text, sentences=self.sentences)
        check_passages(len(passages), "the text" if document.path == "-" else document.path)
        repeats = _occurrences(document.text, passages, self.sentences)
        for found in passages:
            for passage in self._by_speaker(document.text, found, repeats.get((found.quoted, found.text))):
                finding, passage = self._from_text_start(document, passage, document_lang)
                # Sentences taken without quote marks are noise unless they match something.
                if passage.quoted or finding.verdict != "unknown" or finding.suggestion:
                    checked.append((finding, passage))
        checked.sort(key=lambda pair: pair[0].start)
        findings = self._join_excerpts(document.text, checked, document_lang)
        where = Positions(document.text)
        findings = [replace(f, paragraph=p, line=n) for f in findings for p, n in [where(f.start)]]
        return Report(document.path, document_lang, document.encoding, findings, document.notes,
                      url=document.url, title=document.title, author=document.author, date=document.date,
                      site=document.site)

    def _from_text_start(self, document: Document, passage: Passage, document_lang: str) -> tuple[Finding, Passage]:
        """The finding for a passage; for an unclosed one, where it ends
        (``_where_unclosed_ends``); or for it run back to the text's start when the text may
        begin inside the quote (``Passage.opened_before``) and that says more: a match where
        the passage alone has none, or an unaltered longer run of the same quote."""
        finding = self._finding(document.text, passage, document_lang)
        if passage.unclosed and (finding.verdict == "unknown" or finding.severity in ("warn", "error")):
            shorter = self._where_unclosed_ends(document.text, passage, finding, document_lang)
            if shorter is not None:
                return shorter
        longer = passage.from_text_start(document.text)
        if longer is None or (finding.verdict != "unknown" and finding.severity != "ok"):
            return finding, passage
        longer_finding = self._finding(document.text, longer, document_lang)
        if longer_finding.verdict != "unknown" and (
                finding.verdict == "unknown" or (longer_finding.quote_id == finding.quote_id and longer_finding.severity == "ok")):
            return longer_finding, longer
        return finding, passage

    def _where_unclosed_ends(self, text: str, passage: Passage, finding: Finding,
                             document_lang: str) -> tuple[Finding, Passage] | None:
        """An unclosed quote that matches nothing as it runs, or matches with drift: the
        longest cut of it that matches with less drift — before the reporter's "he wrote",
        or at the end of one of its sentences (``Passage.sentence_cuts``), where its closing
        mark was forgotten and the reporter's own words follow."""
        tail = reporting_tail(text, passage.end)
        cuts = passage.sentence_cuts(text)
        if tail is not None and tail > passage.parts[-1][0]:
            cuts.insert(0, passage.cut_at(text, tail))
        for shorter in cuts:
            cut = self._finding(text, shorter, document_lang)
            if cut.verdict != "unknown" and (
                    finding.verdict == "unknown" or SEVERITIES.index(cut.severity) < SEVERITIES.index(finding.severity)):
                return cut, shorter
        return None

    def _join_excerpts(self, text: str, checked: list[tuple[Finding, Passage]], document_lang: str) -> list[Finding]:
        """Findings, with neighbouring excerpts of one statement joined into one passage
        where together they are a verbatim run of it: a statement quoted in pieces with the
        reporting words between them ("…,” Trump wrote. “It will …”, even across a
        paragraph), as a split quote is."""
        findings: list[Finding] = []
        previous: Passage | None = None
        piece_starts: frozenset[int] = frozenset()  # in the joined passage's text
        for finding, passage in checked:
            last = findings[-1] if findings else None
            if (last is not None and previous is not None and finding.quote_id == last.quote_id is not None
                    and finding.rendition_id == last.rendition_id and {last.verdict, finding.verdict} <= JOINABLE
                    and last.count == finding.count == 1
                    and len(text[last.end:finding.start].split()) <= MAX_JOIN_GAP_WORDS):
                joined = replace(previous, text=f"{last.passage} {finding.passage}", end=passage.end,
                                 parts=previous.parts + passage.parts, unclosed=passage.unclosed)
                starts = piece_starts | {len(last.passage) + 1}
                together = self._finding(text, joined, document_lang, case_free_at=starts)
                if together.verdict in JOINABLE and together.quote_id == last.quote_id:
                    findings[-1], previous, piece_starts = together, joined, starts
                    continue
            findings.append(finding)
            previous, piece_starts = passage, frozenset()
        return findings

    def _by_speaker(self, text: str, passage: Passage, occurrences: list | None) -> list[Passage]:
        """A repeated passage as one passage per speaker the coverage names for its
        occurrences (SPEC: repeats attributed to different speakers are separate findings),
        each at its first occurrence and with its own count."""
        if not occurrences:
            return [passage]
        groups: dict[str | None, list[Passage]] = {}
        for parts in occurrences:
            occurrence = replace(passage, start=parts[0][0], end=parts[-1][1], parts=parts)
            groups.setdefault(self.attribution.speaker(text, occurrence), []).append(occurrence)
        split = [replace(group[0], count=len(group)) for group in groups.values()]
        # Occurrences that could not be located count with the first one.
        split[0] = replace(split[0], count=split[0].count + max(passage.count - len(occurrences), 0))
        return split

    def _quote(self, quote_id: str) -> Quote:
        if quote_id not in self._quotes:
            with self.registry.store.read() as conn:
                self._quotes[quote_id] = load_quotes(conn, [quote_id])[0]
        return self._quotes[quote_id]

    def _finding(self, text: str, passage: Passage, document_lang: str,
                 case_free_at: frozenset[int] = frozenset()) -> Finding:
        lang = langid.detect(passage.text, backend=self.langid_backend, fallback=document_lang, override=self.lang).lang
        attributed = self.attribution.speaker(text, passage)
        base = dict(passage=passage.text, start=passage.start, end=passage.end, count=passage.count, lang=lang,
                    attributed_to=self.speaker_names.get(attributed))
        candidates = self.matcher.candidates(passage.text, lang)
        match = self.matcher.best(passage.text, lang, candidates=candidates, case_free_at=case_free_at)
        machine_text = None
        if (match is None or match.score < self.matching) and self.machine_translator:
            machine_text, translated = self._through_machine_translation(passage.text, lang)
            if translated is not None and (match is None or translated.score > match.score):
                match = translated
            else:
                machine_text = None
        speaker_named = match is not None and attributed == self._quote(match.target.quote_id).speaker.id
        if match is None or match.score < self.matching or short_and_partial(match, speaker_named=speaker_named):
            speaker_targets = self._speaker_targets(attributed) if attributed else []
            # A few quoted words in reported speech: the part of the named speaker's statement they render.
            recognised = self.matcher.fragment(passage.text, lang, speaker_targets, case_free_at=case_free_at) \
                if passage.quoted else None
            if recognised is None:
                recognised = self.matcher.recognise(passage.text, lang, candidates=candidates,
                                                    speaker_targets=speaker_targets, case_free_at=case_free_at)
            if recognised is None:
                unknown = self._unknown(match, speaker_targets, machine_tried=self.machine_translator is not None, **base)
                return replace(unknown, flags=("unclosed",)) if passage.unclosed else unknown
            match = recognised
        quote = self._quote(match.target.quote_id)
        verdict = judge(match, quote, machine_translated=machine_text is not None, passage=passage.text,
                        names=self.matcher.names)
        flags, severity = verdict.flags + (("unclosed",) if passage.unclosed else ()), verdict.severity
        if attributed and attributed != quote.speaker.id:
            flags, severity = flags + ("misattributed",), worst(severity, "error")
        rendition = quote.rendition(match.target.rendition_id) if match.target.is_rendition else None
        note = rendition.latest_reviewer_note if rendition else None
        approved = quote.approved_rendition(lang)
        return Finding(
            verdict=verdict.verdict, severity=severity, score=match.score, flags=flags, quote_id=quote.id,
            rendition_id=rendition.id if rendition else None, rendition_state=rendition.state if rendition else None,
            speaker=quote.speaker.name, original=quote.text, matched_text=match.target.text,
            changes=match.alignment.changes, reviewer_note=f"{note.author}: {note.text}" if note else None,
            approved_rendition=approved.text if approved and approved is not rendition and lang != quote.lang else None,
            machine_translation=machine_text, renders=match.renders, **base,
        )

    def _unknown(self, match: Match | None, speaker_targets: list[Target], *, machine_tried: bool, **base) -> Finding:
        """``unknown``, with the nearest text as a suggestion where one comes close, and why."""
        suggestion = None
        if match is not None and match.score >= SUGGESTION_THRESHOLD:
            suggestion = Suggestion(match.target.quote_id, match.target.rendition_id, match.score, match.target.text)
        if suggestion:
            reason = "near"
        elif not machine_tried and self._untranslatable(base["lang"], speaker_targets):
            reason = "translation-unchecked"
        elif base["attributed_to"]:
            reason = "speaker-known"
        else:
            reason = "no-match"
        return Finding(verdict="unknown", severity="info", score=match.score if match else 0.0,
                       suggestion=suggestion, reason=reason, **base)

    def _untranslatable(self, lang: str, speaker_targets: list[Target]) -> bool:
        """Nothing registered (of the named speaker, where the coverage names one) is in the
        passage's language: a translation of it could not have been recognised."""
        if speaker_targets:
            return all(target.lang != lang for target in speaker_targets)
        if lang not in self._languages:
            self._languages[lang] = self.matcher.source.has_language(lang)
        return not self._languages[lang]

    def _speaker_targets(self, speaker_id: str) -> list[Target]:
        """The texts of a speaker's newest quotes, for recognising what the coverage attributes to them."""
        if speaker_id not in self._texts_of_speaker:
            quotes = self.registry.speaker_quotes(speaker_id, limit=SPEAKER_QUOTES)
            self._quotes.update((quote.id, quote) for quote in quotes)
            self._texts_of_speaker[speaker_id] = [target for quote in quotes for target in quote_targets(quote)]
        return self._texts_of_speaker[speaker_id]

    def _through_machine_translation(self, text: str, lang: str) -> tuple[str | None, Match | None]:
        """The best match among originals of the passage's machine translations."""
        best: tuple[str | None, Match | None] = (None, None)
        for target_lang, translated in self.machine_translator(text, lang):
            match = self.matcher.best(translated, target_lang, only_lang=target_lang, originals_only=True)
            if match is not None and (best[1] is None or match.score > best[1].score):
                best = (translated, match)
        return best


def _occurrences(text: str, passages: list[Passage], sentences: bool) -> dict[tuple[bool, str], list]:
    """The parts of every occurrence of each repeated passage, keyed by (quoted, text).

    ``find_passages`` reports a repeated passage once, at its first occurrence. To find
    the others, every place where a repeated passage's parts occur is tagged: its letters
    and digits are replaced by a code unique to the place, case and character class kept,
    so that every quote mark, apostrophe and sentence end reads as before. Passages found
    in the tagged text then all differ, and each occurrence is reported at its own place.
    An occurrence not located so counts with the first (see ``Checker._by_speaker``).
    """
    repeated = [p for p in passages if p.count > 1]
    if not repeated:
        return {}
    places: dict[tuple[int, int], set[tuple[int, int]]] = {}  # span → {(passage, part)}
    for n, passage in enumerate(repeated):
        for i, (start, end) in enumerate(passage.parts):
            pattern = re.compile(r"\s+".join(map(re.escape, text[start:end].split())))
            for m in pattern.finditer(text):
                places.setdefault(m.span(), set()).add((n, i))
    found: dict[int, list] = {n: [] for n in range(len(repeated))}
    for tagged in find_passages(_tag(text, sorted(places)), sentences=sentences):
        owners = [places.get(part, set()) for part in tagged.parts]
        for n, _ in owners[0]:
            if len(tagged.parts) == len(repeated[n].parts) and all((n, i) in o for i, o in enumerate(owners)):
                found[n].append(tagged.parts)
    return {(p.quoted, p.text): found[n] for n, p in enumerate(repeated) if p.parts in found[n]}


def _tag(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the letters and digits of each span replaced by the span's number
    (letters in base 26, digits in base 10, case kept), same length; overlapping spans
    after the first are left alone."""
    pieces, at = [], 0
    for number, (start, end) in enumerate(spans):
        if start < at:
            continue
        pieces.append(text[at:start])
        code = []
        for ch in text[start:end]:
            if ch.isalpha():
                number, digit = divmod(number, 26)
                code.append(chr((65 if ch.isupper() else 97) + digit))
            elif ch.isalnum():
                number, digit = divmod(number, 10)
                code.append(chr(48 + digit))
            else:
                code.append(ch)
        pieces.append("".join(code))
        at = end
    pieces.append(text[at:])
    return "".join(pieces)
