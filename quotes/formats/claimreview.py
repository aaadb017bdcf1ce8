"""ClaimReview (schema.org JSON-LD): what a check found, as fact-checkers publish it.

One ``ClaimReview`` per finding that matched a registered quote: the passage as the
coverage printed it (``claimReviewed``), the claim reviewed (``itemReviewed``: a
``Claim`` by the registered speaker, said on the quote's date, appearing in the coverage
and first in the quote's source, whose text is the registered original), and a rating
from SPEC's list (:data:`RATINGS`). A passage that matches nothing registered has no
original to be reviewed against and is left out.

The reviewing organisation (``author``) and the review's date are the caller's: the
newsroom that publishes the markup, and the day it does.
"""

from __future__ import annotations

import json
from typing import Callable, Iterable

from quotes.checking.check import Finding, Report
from quotes.checking.coverage import STDIN
from quotes.checking.lineage import TRACED, DriftMap, Variant
from quotes.display import printable_json
from quotes.registry.models import Quote

ACCURATE = "Accurate quote"
MISQUOTED = "Misquoted"
MISATTRIBUTED = "Misattributed"
TRANSLATED = "Translated, not verbatim"

RATINGS = {
    "verbatim": ACCURATE,
    "excerpt": ACCURATE,
    "altered": MISQUOTED,
    "translation": TRANSLATED,  # a translation is never the speaker's own words (SPEC, invariant 4)
    "altered-translation": MISQUOTED,
    "unreviewed-translation": TRANSLATED,
    "misattributed": MISATTRIBUTED,  # the flag: it outranks the verdict, whatever the wording
}
"""A finding's rating by its verdict, or by its ``misattributed`` flag when it has one;
a verdict not in the table (``unknown``) gets no ClaimReview."""


def rating(finding: Finding) -> str | None:
    """The finding's rating (:data:`RATINGS`), None when it is not reviewed."""
    return _rating(finding.verdict, finding.flags)


def _rating(verdict: str, flags: tuple[str, ...]) -> str | None:
    return RATINGS["misattributed"] if "misattributed" in flags else RATINGS.get(verdict)


def claim_review(finding: Finding, quote: Quote, report: Report, *, organization: str, reviewed_on: str) -> dict:
    """The ClaimReview of one finding of ``report`` that matched ``quote``."""
    coverage = report.url or (report.path if report.path != STDIN else None)  # a file is named by its path
    appearance = _appearance(finding.lang, coverage, report.title, report.date)
    return _review(finding.passage, quote, appearance, rating(finding), _explanation(finding, quote),
                   organization=organization, reviewed_on=reviewed_on)


def drift_claim_reviews(drift: DriftMap, *, organization: str, reviewed_on: str) -> list[dict]:
    """`quotes drift --format claimreview`: a ClaimReview for each drifted variant of a
    quote's lineage, its appearances every sighting of it. A variant traced to the quote
    by its names and numbers (``unknown`` otherwise) is rated Misquoted: it is presented
    as the speaker's words and is none of them."""
    reviews = []
    for variant in (v for v in drift.variants if v.drifted):
        appearances = [_appearance(s.lang, s.url, s.title, s.published, publisher=s.outlet) for s in variant.sightings]
        rated = MISQUOTED if variant.reason == TRACED else _rating(variant.verdict, variant.flags)
        reviews.append(_review(variant.text, drift.quote, appearances, rated, _variant_explanation(variant, drift),
                               organization=organization, reviewed_on=reviewed_on))
    return reviews


def _appearance(lang: str, url: str | None, headline: str | None, published: str | None,
                publisher: str | None = None) -> dict:
    appearance = {"@type": "CreativeWork", "inLanguage": lang}
    for key, value in (("url", url), ("headline", headline), ("datePublished", published)):
        if value:
            appearance[key] = value
    if publisher:
        appearance["publisher"] = {"@type": "Organization", "name": publisher}
    return appearance


def _review(passage: str, quote: Quote, appearance: dict | list[dict], rated: str | None, explanation: str | None,
            *, organization: str, reviewed_on: str) -> dict:
    """A ClaimReview of ``passage`` as printed, against the registered ``quote``."""
    first_appearance = {"@type": "CreativeWork", "text": quote.text, "inLanguage": quote.lang,
                        "identifier": quote.id}
    if quote.source_url:
        first_appearance["url"] = quote.source_url
    if quote.outlet:
        first_appearance["publisher"] = {"@type": "Organization", "name": quote.outlet}
    claim = {"@type": "Claim", "author": {"@type": "Person", "name": quote.speaker.name},
             "appearance": appearance, "firstAppearance": first_appearance}
    if quote.said_on:
        claim["datePublished"] = quote.said_on
    review_rating = {"@type": "Rating", "alternateName": rated}
    if explanation:
        review_rating["ratingExplanation"] = explanation
    return {
        "@type": "ClaimReview",
        "claimReviewed": passage,
        "itemReviewed": claim,
        "reviewRating": review_rating,
        "author": {"@type": "Organization", "name": organization},
        "datePublished": reviewed_on,
    }


def _variant_explanation(variant: Variant, drift: DriftMap) -> str:
    """Where the wording came from, and what it is."""
    parts = [f"derived from {variant.derived_from}"]
    if variant.reason == TRACED:
        parts.append("not the speaker's words: it shares its names and numbers with a wording of them")
    elif variant.flags:
        parts.append(f"flags: {', '.join(variant.flags)}")
    if variant.lang != drift.quote.lang:
        parts.append(f"a translation ({variant.lang}) of words said in {drift.quote.lang}")
    return "; ".join(parts)


def _explanation(finding: Finding, quote: Quote) -> str | None:
    """Why the rating, in a line: whom the coverage names, what changed, that it is a translation."""
    parts = []
    if "misattributed" in finding.flags:
        parts.append(f"attributed to {finding.attributed_to}; said by {quote.speaker.name}")
    changed = sorted({flag for change in finding.changes for flag in change.flags})
    if changed:
        parts.append(f"differs from the registered text: {', '.join(changed)}")
    if finding.lang != quote.lang:
        parts.append(f"a translation ({finding.lang}) of words said in {quote.lang}")
    return "; ".join(parts) or None


def claim_reviews(reports: Iterable[Report], quote: Callable[[str], Quote], *, organization: str,
                  reviewed_on: str) -> list[dict]:
    """The ClaimReview of every rated finding of ``reports``, in order; ``quote`` gives a
    registered quote by id (``Registry.get_quote``)."""
    quotes: dict[str, Quote] = {}
    reviews = []
    for report in reports:
        for finding in filter(rating, report.findings):
            if finding.quote_id not in quotes:
                quotes[finding.quote_id] = quote(finding.quote_id)
            reviews.append(claim_review(finding, quotes[finding.quote_id], report, organization=organization,
                                        reviewed_on=reviewed_on))
    return reviews


def render_claimreview(reports: Iterable[Report], quote: Callable[[str], Quote], *, organization: str,
                       reviewed_on: str) -> str:
    """``check --format claimreview``: one JSON-LD document, its ClaimReviews in ``@graph``."""
    return render_graph(claim_reviews(reports, quote, organization=organization, reviewed_on=reviewed_on))


def render_graph(graph: list[dict]) -> str:
    """ClaimReviews as one JSON-LD document, in its ``@graph``."""
    return printable_json(json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False, indent=2))
