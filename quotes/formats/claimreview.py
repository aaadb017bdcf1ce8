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
    return RATINGS["misattributed"] if "misattributed" in finding.flags else RATINGS.get(finding.verdict)


def claim_review(finding: Finding, quote: Quote, report: Report, *, organization: str, reviewed_on: str) -> dict:
    """The ClaimReview of one finding of ``report`` that matched ``quote``."""
    first_appearance = {"@type": "CreativeWork", "text": quote.text, "inLanguage": quote.lang,
                        "identifier": quote.id}
    if quote.source_url:
        first_appearance["url"] = quote.source_url
    if quote.outlet:
        first_appearance["publisher"] = {"@type": "Organization", "name": quote.outlet}
    appearance = {"@type": "CreativeWork", "inLanguage": finding.lang}
    coverage = report.url or (report.path if report.path != STDIN else None)  # a file is named by its path
    for key, value in (("url", coverage), ("headline", report.title), ("datePublished", report.date)):
        if value:
            appearance[key] = value
    claim = {"@type": "Claim", "author": {"@type": "Person", "name": quote.speaker.name},
             "appearance": appearance, "firstAppearance": first_appearance}
    if quote.said_on:
        claim["datePublished"] = quote.said_on
    review_rating = {"@type": "Rating", "alternateName": rating(finding)}
    explanation = _explanation(finding, quote)
    if explanation:
        review_rating["ratingExplanation"] = explanation
    return {
        "@type": "ClaimReview",
        "claimReviewed": finding.passage,
        "itemReviewed": claim,
        "reviewRating": review_rating,
        "author": {"@type": "Organization", "name": organization},
        "datePublished": reviewed_on,
    }


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
    graph = claim_reviews(reports, quote, organization=organization, reviewed_on=reviewed_on)
    return printable_json(json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False, indent=2))
