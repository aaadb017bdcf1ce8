"""Who the coverage names as a passage's speaker (quotes.attribution)."""

from __future__ import annotations

import pytest

from quotes.attribution import Attribution
from quotes.passages import find_passages
from tests.helpers.seeds import SEED_ARTICLE

ALIASES = {
    "Sam Altman": "altman",
    "Altman": "altman",
    "@sama": "altman",
    "Elon Musk": "musk",
    "Musk": "musk",
    "Mehmet Şimşek": "simsek",
    "Şimşek": "simsek",
    "Bakan Şimşek": "simsek",
    "Sam": "someone-else",
}


def speaker(text: str, aliases=ALIASES, **kwargs) -> str | None:
    [passage] = find_passages(text, **kwargs)
    return Attribution(aliases).speaker(text, passage)


@pytest.mark.parametrize("text, expected", [
    ('"No thank you," Altman posted, "but we will buy Twitter (X) for $9.74 billion if you want."',
     "altman"),
    ("“Enflasyon düşecek,” dedi Bakan Şimşek.", "simsek"),
    ("The project, according to Musk, is “not funded at all.”", "musk"),
    ("Musk’s answer was short: “These companies have no money.”", "musk"),
    ("Şimşek'in açıklaması şöyle: “Enflasyon düşecek.”", "simsek"),
    ("ŞİMŞEK: “Enflasyon düşecek.”", "simsek"),
    ("@sama replied: “we will buy it”", "altman"),
])
def test_speaker_named_in_the_same_sentence(text, expected):
    assert speaker(text) == expected


def test_name_only_in_the_previous_sentence():
    text = "Sam Altman spoke on Monday. “We are not for sale.” The board agreed."
    assert speaker(text) == "altman"


def test_name_in_the_next_sentence_when_none_before():
    text = "The board met. “We are not for sale.” That was Altman, replying."
    assert speaker(text) == "altman"


def test_own_sentence_before_neighbours():
    text = "Musk sued. “We are not for sale,” Altman said. Musk replied."
    assert speaker(text) == "altman"


def test_previous_sentence_before_next():
    text = "Musk sued. “We are not for sale.” Altman replied."
    assert speaker(text) == "musk"


def test_no_registered_name():
    assert speaker("“We are not for sale,” the chief executive said.") is None


def test_no_aliases():
    assert speaker("“We are not for sale,” Altman said.", aliases={}) is None


def test_the_nearer_of_two_speakers_wins():
    assert speaker("Musk sued, but Altman answered: “We are not for sale.”") == "altman"
    assert speaker("“We are not for sale,” Altman said after Musk sued.") == "altman"


def test_names_inside_the_quote_are_not_the_speaker():
    assert speaker("“Musk is wrong about us,” the board said.") is None


def test_longer_alias_wins_over_a_shorter_one_inside_it():
    assert speaker("“We are not for sale,” Sam Altman said.") == "altman"


@pytest.mark.parametrize("text", [
    "“We are not for sale,” altman said.",  # the first letter is case-sensitive
    "“We are not for sale,” Altmann said.",  # whole words only
    "“We are not for sale,” said x@sama.",
])
def test_no_match(text):
    assert speaker(text) is None


def test_unquoted_sentence_counts_names_inside_it():
    text = "Musk said the companies have no money."
    assert speaker(text, sentences=True) == "musk"


def test_seed_article_speakers():
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    found = {p.text: Attribution(ALIASES).speaker(text, p) for p in find_passages(text)}
    assert found == {
        "Istersen ben X’i satın alabilirim": "altman",
        "These companies have no money.": "musk",
    }
