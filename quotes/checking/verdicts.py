"""Verdicts: what a match means for an editor, as SPEC's table says.

Two thresholds, as in claim-matching systems: at or above ``matching`` a verdict; between
``suggestion`` and ``matching``, ``unknown`` with the nearest quote offered; below both,
plain ``unknown``. The values were calibrated with ``bench/eval_verdicts.py`` on the
evaluation data (see the README): drifted quotes keep most of their words, while an
unregistered sentence from the same news story shares names and topic words but not
the sequence.
"""

from __future__ import annotations

from dataclasses import dataclass

from quotes.checking.matching import EXCERPT_MIN_WORDS, SHORT_NAMED_WORDS, Match
from quotes.checking.recognition import meaning_changes
from quotes.text import tokenize
from quotes.registry.models import Quote, ReviewState

MATCHING_THRESHOLD = 70.0
SUGGESTION_THRESHOLD = 50.0

SEVERITIES = ("info", "ok", "warn", "error")
REVIEWED = {ReviewState.APPROVED.value, ReviewState.SUPERSEDED.value}
# Two faithful translations of one statement differ in wording: an outlet's own
# translation that rewords, respells or adds a word to the approved rendition, and changes
# no number, negation, person or name and drops nothing, is still a translation of what
# was said (the real coverage cases' editors judge so). Drift is measured against the
# original's meaning, not against our translator's word choice.
TRANSLATION_WORDING = frozenset({"reworded", "spelling", "added"})
FACT_ERRORS = frozenset({"number", "negation", "name", "person"})
"""Changes of fact that make an altered translation an error (SPEC's verdict table); a
dropped hedge or clause makes it a warning."""


@dataclass(frozen=True)
class Verdict:
    verdict: str
    severity: str
    flags: tuple[str, ...]


def worst(*severities: str) -> str:
    return max(severities, key=SEVERITIES.index)


def short_and_partial(match: Match, *, speaker_named: bool = False) -> bool:
    """Fewer than four words that are not a whole registered text say too little to judge,
    unless the coverage names the statement's speaker and there are three ("Don't be
    fool", a headline's cut of "Don't be a fool!")."""
    fewest = SHORT_NAMED_WORDS if speaker_named else EXCERPT_MIN_WORDS
    return match.alignment.passage_words < fewest and not (match.whole and match.alignment.identical)


def judge(match: Match, quote: Quote, *, machine_translated: bool = False, passage: str | None = None,
          names: frozenset[str] = frozenset()) -> Verdict:
    """The verdict for a match at or above the matching threshold. ``passage`` is the
    passage's text, against which an outlet's own translation is graded (``names``: the
    registered names and aliases, as match keys)."""
    if match.recognised is not None:
        return _judge_recognised(match, quote)
    alignment = match.alignment
    drift = [f for f in alignment.flags if f not in ("editorial", "elided")]
    unchanged = not drift
    flags = list(alignment.flags)
    if machine_translated:
        verdict = Verdict("unreviewed-translation", "warn", tuple(["machine-translation", *flags]))
    elif match.target.is_rendition:
        rendition = quote.rendition(match.target.rendition_id)
        if rendition.state not in REVIEWED:
            verdict = Verdict("unreviewed-translation", "warn", tuple(flags))
        elif set(drift) <= TRANSLATION_WORDING:
            verdict = Verdict("translation", "ok", tuple(flags))
        elif passage is not None and reworded(alignment):
            verdict = graded_translation(fact_changes(match, passage, names), ("reworded",))
        else:
            verdict = Verdict("altered-translation", "error" if alignment.major else "warn", tuple(flags))
        if rendition.state == ReviewState.SUPERSEDED.value or match.target.revision != len(rendition.revisions):
            verdict = Verdict(verdict.verdict, worst(verdict.severity, "warn"), verdict.flags + ("superseded",))
    elif unchanged:
        # Part of a text is never verbatim, however few its words (a headline's three: 'Spor şiddetle bağdaşmaz').
        verdict = Verdict("excerpt" if match.excerpt or not match.whole else "verbatim", "ok", tuple(flags))
    else:
        verdict = Verdict("altered", "error" if alignment.major else "warn", tuple(flags))
    if not match.target.is_rendition and match.target.version != quote.versions[-1].version:
        verdict = Verdict(verdict.verdict, worst(verdict.severity, "warn"), verdict.flags + ("superseded",))
    if quote.status in ("disputed", "retracted"):
        severity = "error" if quote.status == "retracted" else worst(verdict.severity, "warn")
        verdict = Verdict(verdict.verdict, severity, verdict.flags + (quote.status,))
    return verdict


def _judge_recognised(match: Match, quote: Quote) -> Verdict:
    """A passage recognised by its content, worded otherwise than the text it matched.

    In the quote's own language it is ``altered`` (an error: a paraphrase in quote marks
    puts other words in the speaker's mouth). In another language, recognised through an
    approved rendition, it is an outlet's own translation: ``translation`` when it keeps
    the numbers, negation, person and hedges, else ``altered-translation``."""
    recognised = match.recognised
    flags = ("recognised", *recognised.changes)
    if not match.target.is_rendition:
        drift = [f for f in match.alignment.flags if f not in flags]
        verdict = Verdict("altered", "error", flags + tuple(drift))
    elif quote.rendition(match.target.rendition_id).state not in REVIEWED:
        verdict = Verdict("unreviewed-translation", "warn", flags)
    else:
        verdict = graded_translation(recognised.changes, ("recognised",))
    if quote.status in ("disputed", "retracted"):
        severity = "error" if quote.status == "retracted" else worst(verdict.severity, "warn")
        verdict = Verdict(verdict.verdict, severity, verdict.flags + (quote.status,))
    return verdict


def reworded(alignment) -> bool:
    """Whether the passage words the text otherwise (other words in its place, words of its
    own), rather than copying it with words cut or a fact changed: an outlet's own translation, whose wording differs from our
    translator's, is graded by the facts it keeps (``fact_changes``), while a copy of the
    approved rendition with words silently dropped is graded by its alignment."""
    return any({"reworded", "added"} & set(change.flags) for change in alignment.changes)


def fact_changes(match: Match, passage: str, names: frozenset[str]) -> tuple[str, ...]:
    """What the passage changes of the facts of the part of the matched text it covers
    (numbers, negation, names, person, hedges, clauses: ``recognition.meaning_changes``)."""
    text, lang = match.target.text, match.target.lang
    tokens = tokenize(text, lang)
    first, last = match.alignment.span
    covered = text[tokens[first].start:tokens[last - 1].end] if last > first else text
    return meaning_changes(passage, covered, lang, whole=text, names=names)


def graded_translation(changes: tuple[str, ...], how: tuple[str, ...]) -> Verdict:
    """An outlet's own translation: ``translation`` when it keeps the original's facts,
    ``altered-translation`` when it changes one (an error for a number, negation, name or
    person; a warning for a hedge or a clause)."""
    if not changes:
        return Verdict("translation", "ok", how)
    return Verdict("altered-translation", "error" if FACT_ERRORS & set(changes) else "warn", how + tuple(changes))
