"""Translation memory (quotes.translations.memory): the quote's renditions in the target
language, and the closest approved renditions of similar quotes with a match percentage
and the differences of the originals (issue 12, item 4)."""

import pytest

from quotes.errors import InvalidInput
from quotes.translations.memory import match_score, recall
from quotes.translations.renditions import record_rendition, word_diff
from quotes.translations.review import review
from tests.helpers.registries import seeded_anywhere  # noqa: F401  (a fixture)
from tests.helpers.seeds import (
    ALTMAN_POST,
    ALTMAN_POST_TR_DRIFTED,
    ALTMAN_POST_TR_FAITHFUL,
    MUSK_NO_MONEY,
    SIMSEK_INFLATION,
    SIMSEK_INFLATION_EN,
)

INFLATION_25 = "Enflasyonun yıl sonunda %25'in altına inmesini bekliyoruz."  # the seed's statement, with 25 for 30


def test_a_similar_quote_offers_its_approved_rendition_with_the_difference(seeded_anywhere):
    quote = seeded_anywhere.add_quote(INFLATION_25, speaker="Mehmet Şimşek", lang="tr")
    memory = recall(seeded_anywhere, quote.id, "en")
    assert memory.existing == ()
    [match] = memory.similar
    assert (match.quote.id, match.rendition.id, match.score) == (SIMSEK_INFLATION, SIMSEK_INFLATION_EN, 85.7)
    assert [(c.op, c.source, c.target, c.flags) for c in match.changes if c.op != "keep"] == [
        ("replace", "%30'un", "%25'in", ("number",))]


def test_the_quote_s_own_renditions_in_the_language_come_first(seeded):
    memory = recall(seeded, ALTMAN_POST, "tr")
    assert [r.id for r in memory.existing] == [ALTMAN_POST_TR_DRIFTED, ALTMAN_POST_TR_FAITHFUL]
    assert memory.similar == () and not memory.empty
    assert recall(seeded, MUSK_NO_MONEY, "tr").empty


def test_only_approved_renditions_of_similar_quotes_are_offered(seeded):
    quote = seeded.add_quote("no thank you but we will buy twitter for $9.74 billion", speaker="Sam Altman", lang="en")
    assert [m.rendition.id for m in recall(seeded, quote.id, "tr").similar] == [ALTMAN_POST_TR_FAITHFUL]
    draft = record_rendition(seeded, ALTMAN_POST, lang="de", translator="Mert", text="nein danke, aber wir kaufen twitter")
    assert recall(seeded, quote.id, "de").similar == ()
    review(seeded, draft.id, "submit", reviewer="Mert", note="ready")
    review(seeded, draft.id, "approve", reviewer="Deniz", note="ok", override_checks=True)
    assert [m.rendition.id for m in recall(seeded, quote.id, "de").similar] == [draft.id]


def test_quotes_too_different_are_not_offered(seeded):
    # Five of the seed's fourteen words on Türkiye's energy bill: under MIN_MATCH.
    quote = seeded.add_quote("Türkiye son 23 yılda petrol için çok ödedi", speaker="Mehmet Şimşek", lang="tr")
    assert recall(seeded, quote.id, "en").similar == ()


def test_only_originals_in_the_quote_s_language_are_matched(seeded):
    # The words of the approved English rendition of a Turkish quote: a rendition, not an English original.
    quote = seeded.add_quote("We expect inflation to fall below 30% by the end of the year.", speaker="Someone",
                             lang="en")
    assert recall(seeded, quote.id, "tr").similar == ()


def test_best_first_and_at_most_the_limit(seeded):
    for n in (20, 25, 35, 40):
        quote = seeded.add_quote(INFLATION_25.replace("25'in", f"{n}'in"), speaker="Mehmet Şimşek", lang="tr")
        rendition = record_rendition(seeded, quote.id, lang="en", translator="Ayşe",
                                     text=f"We expect inflation to fall below {n}% by the end of the year.")
        review(seeded, rendition.id, "submit", reviewer="Ayşe", note="ready")
        review(seeded, rendition.id, "approve", reviewer="Deniz", note="ok", override_checks=True)
    memory = recall(seeded, quote.id, "en", limit=2)
    assert len(memory.similar) == 2
    assert [m.score for m in memory.similar] == sorted((m.score for m in memory.similar), reverse=True)


def test_recall_refuses_the_quote_s_own_language(seeded):
    with pytest.raises(InvalidInput, match=f"lang: tr is the language of {SIMSEK_INFLATION}"):
        recall(seeded, SIMSEK_INFLATION, "tr")


@pytest.mark.parametrize("before, after, score", [
    ("we will buy it", "we will buy it", 100.0),
    ("we will buy it", "we will buy it now", 80.0),
    ("no thank you but we will buy it", "we will buy it", 50.0),  # an excerpt scores its share
    ("we will buy it", "we will sell it", 75.0),
])
def test_match_score_is_the_share_of_words_kept(before, after, score):
    assert match_score(word_diff(before, after, "en"), before, after, "en") == score
