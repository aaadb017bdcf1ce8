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

from .matching import EXCERPT_MIN_WORDS, Match
from .models import Quote, ReviewState

MATCHING_THRESHOLD = 70.0
SUGGESTION_THRESHOLD = 50.0
SEVERITIES = ("info", "ok", "warn", "error")
REVIEWED = {ReviewState.APPROVED.value, ReviewState.SUPERSEDED.value}


@dataclass(frozen=True)
class Verdict:
    verdict: str
    severity: str
    flags: tuple[str, ...]


def worst(*severities: str) -> str:
    return max(severities, key=SEVERITIES.index)


def short_and_partial(match: Match) -> bool:
    """Fewer than four words that are not a whole registered text say too little to judge."""
    return match.alignment.passage_words < EXCERPT_MIN_WORDS and not (match.whole and match.alignment.identical)


def judge(match: Match, quote: Quote, *, machine_translated: bool = False) -> Verdict:
    """The verdict for a match at or above the matching threshold."""
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
        elif unchanged:
            verdict = Verdict("translation", "ok", tuple(flags))
        else:
            verdict = Verdict("altered-translation", "error" if alignment.major else "warn", tuple(flags))
        if rendition.state == ReviewState.SUPERSEDED.value or match.target.revision != len(rendition.revisions):
            verdict = Verdict(verdict.verdict, worst(verdict.severity, "warn"), verdict.flags + ("superseded",))
    elif unchanged:
        verdict = Verdict("excerpt" if match.excerpt else "verbatim", "ok", tuple(flags))
    else:
        verdict = Verdict("altered", "error" if alignment.major else "warn", tuple(flags))
    if not match.target.is_rendition and match.target.version != quote.versions[-1].version:
        verdict = Verdict(verdict.verdict, worst(verdict.severity, "warn"), verdict.flags + ("superseded",))
    if quote.status in ("disputed", "retracted"):
        severity = "error" if quote.status == "retracted" else worst(verdict.severity, "warn")
        verdict = Verdict(verdict.verdict, severity, verdict.flags + (quote.status,))
    return verdict
