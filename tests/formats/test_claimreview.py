"""ClaimReview JSON-LD: which findings are reviewed, with which rating, and the shape schema.org gives it."""

import pytest

from quotes.checking.check import Finding, Report
from quotes.formats.claimreview import RATINGS, claim_reviews, rating
from tests.helpers.seeds import ALTMAN_POST


def finding(verdict: str, flags: tuple[str, ...] = (), **fields) -> Finding:
    return Finding(**{"passage": "p", "start": 0, "end": 1, "count": 1, "lang": "en", "verdict": verdict,
                      "severity": "ok", "score": 100.0, "flags": flags, **fields})


@pytest.mark.parametrize("verdict, expected", [
    ("verbatim", "Accurate quote"), ("excerpt", "Accurate quote"), ("altered", "Misquoted"),
    ("translation", "Translated, not verbatim"), ("altered-translation", "Misquoted"),
    ("unreviewed-translation", "Translated, not verbatim"), ("unknown", None),
])
def test_each_verdict_has_one_rating_and_unknown_none(verdict, expected):
    assert rating(finding(verdict)) == expected


def test_misattribution_outranks_the_wording():
    assert rating(finding("verbatim", ("misattributed",))) == "Misattributed"
    assert set(RATINGS.values()) == {"Accurate quote", "Misquoted", "Misattributed", "Translated, not verbatim"}


def test_a_review_names_the_original_its_speaker_source_and_the_coverage(seeded):
    altered = finding("altered", quote_id=ALTMAN_POST, passage="we will buy twitter for $97.4 billion")
    report = Report("article.html", "en", "utf-8", [altered, finding("unknown")], url="https://news.example/a",
                    title="Deal off", date="2025-02-11")
    assert claim_reviews([report], seeded.get_quote, organization="Daily Desk", reviewed_on="2025-03-01") == [{
        "@type": "ClaimReview",
        "claimReviewed": "we will buy twitter for $97.4 billion",
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Sam Altman"},
            "appearance": {"@type": "CreativeWork", "inLanguage": "en", "url": "https://news.example/a",
                           "headline": "Deal off", "datePublished": "2025-02-11"},
            "firstAppearance": {
                "@type": "CreativeWork", "text": "no thank you but we will buy twitter for $9.74 billion if you want",
                "inLanguage": "en", "identifier": ALTMAN_POST,
                "url": "https://voz.us/en/technology/250211/20923/elon-musk-led-consortium-submits-97-4-billion-"
                       "offer-to-buy-openai-but-altman-turns-it-down.html",
                "publisher": {"@type": "Organization", "name": "X"}},
            "datePublished": "2025-02-10",
        },
        "reviewRating": {"@type": "Rating", "alternateName": "Misquoted"},
        "author": {"@type": "Organization", "name": "Daily Desk"},
        "datePublished": "2025-03-01",
    }]


def test_a_translation_and_a_misattribution_are_explained(seeded):
    translated = finding("translation", quote_id=ALTMAN_POST, lang="tr")
    misattributed = finding("verbatim", ("misattributed",), quote_id=ALTMAN_POST, attributed_to="Elon Musk")
    reviews = claim_reviews([Report("-", "en", "utf-8", [translated, misattributed])], seeded.get_quote,
                            organization="quotes", reviewed_on="2025-03-01")
    assert [r["reviewRating"] for r in reviews] == [
        {"@type": "Rating", "alternateName": "Translated, not verbatim",
         "ratingExplanation": "a translation (tr) of words said in en"},
        {"@type": "Rating", "alternateName": "Misattributed",
         "ratingExplanation": "attributed to Elon Musk; said by Sam Altman"}]
    assert "url" not in reviews[0]["itemReviewed"]["appearance"]  # standard input has no address
