"""Quoted passages and sentences found in coverage (quotes.passages)."""

from __future__ import annotations

import csv
import re

import pytest

from quotes.passages import MAX_QUOTE_CHARS, Passage, find_passages, split_sentences
from tests.helpers.paths import needs_data
from tests.helpers.seeds import SEED_ARTICLE


def texts(text: str, **kwargs) -> list[str]:
    return [p.text for p in find_passages(text, **kwargs)]


def sentences_of(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


# --- the seed article ---------------------------------------------------------------

def test_seed_article_gives_its_two_quotes_with_counts():
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    passages = find_passages(text)
    assert [(p.text, p.count) for p in passages] == [
        ("Istersen ben X’i satın alabilirim", 2),
        ("These companies have no money.", 1),
    ]
    first = passages[0]
    assert text[first.start:first.end] == "Istersen ben X’i satın alabilirim"
    assert first.parts == ((first.start, first.end),)
    assert first.quoted
    assert first.start == text.index("Istersen")  # the first occurrence is kept


def test_seed_article_apostrophes_are_not_quote_marks():
    """Without its two pairs of quote marks the seed has only apostrophes (X’i, Musk’s,
    organization’s, OpenAI’s): no passage at all."""
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    assert text.count("’") > 10
    assert find_passages(text.replace("“", "").replace("”", "")) == []


# --- quote marks --------------------------------------------------------------------

@pytest.mark.parametrize("opening, closing", [
    ('"', '"'), ("“", "”"), ("„", "“"), ("„", "”"), ("‘", "’"), ("‚", "‘"),
    ("«", "»"), ("»", "«"), ("‹", "›"), ("「", "」"), ("'", "'"),
])
def test_each_pair_of_marks(opening, closing):
    text = f"Sie sagte: {opening}Wir kaufen es nicht{closing} und ging."
    [passage] = find_passages(text)
    assert passage.text == "Wir kaufen es nicht"
    assert text[passage.start:passage.end] == "Wir kaufen es nicht"


def test_marks_pair_by_type():
    assert texts("He said «we will buy it” and „left“ early.") == ["left"]


def test_a_curly_opening_may_close_on_a_straight_mark():
    # Seen in scraped Turkish coverage: Trump's post opens with “ and closes with ".
    assert texts("He said “we will buy it\" and “left” early.") == ["we will buy it", "left"]


@pytest.mark.parametrize("text", [
    "Türkiye'nin ekonomisi ve Cook'un görevi, X’i satın almak.",
    "We don't know; it's Musk’s and the organization’s call.",
    "Trump'ın kararı ile Fed'in kararı ayrıldı.",
])
def test_apostrophes_inside_words_are_not_quote_marks(text):
    assert find_passages(text) == []


def test_apostrophe_inside_a_single_quoted_passage():
    assert texts("Bu toplantıya 'Finans COP'u' deniyor.") == ["Finans COP'u"]


def test_mark_between_letters_or_digits_neither_opens_nor_closes():
    assert texts('The 5" screen and the 7" one "really" differ.') == ["really"]


def test_inner_quote_is_part_of_the_outer_passage():
    text = "“The rival called it ‘a joke’ today,” she said."
    assert texts(text) == ["The rival called it ‘a joke’ today"]


def test_inner_quote_with_the_same_straight_marks():
    text = 'Trump said: "The "Times" lied about me." Then he left.'
    assert texts(text) == ['The "Times" lied about me.']


def test_unclosed_inner_quote_does_not_hide_the_outer_end():
    text = "“He dropped the ‘deal, they said.” Then ‘nothing’ happened."
    assert texts(text) == ["He dropped the ‘deal, they said.", "nothing"]


def test_an_ambiguous_mark_opens_when_no_quote_is_open():
    text = 'Wilkins said," [Warhol] liked the flash looked". She left.'
    assert texts(text) == ["[Warhol] liked the flash looked"]


# --- unbalanced marks and limits -----------------------------------------------------

def test_unclosed_mark_does_not_cross_a_paragraph_break():
    text = 'He said "we will buy it.\n\nLater "a real quote" was posted.'
    assert texts(text) == ["a real quote"]


def test_quote_may_span_a_single_line_break_and_whitespace_is_normalised():
    text = "He said “we will\n   buy it” today."
    [passage] = find_passages(text)
    assert passage.text == "we will buy it"
    assert text[passage.start:passage.end] == "we will\n   buy it"


def test_quote_longer_than_the_cap_is_skipped():
    long_words = "word " * (MAX_QUOTE_CHARS // 5 + 1)
    text = f'He said "{long_words.strip()}" and then "short one" too.'
    assert texts(text) == ["short one"]


def test_quote_at_the_cap_is_kept():
    content = "a" * MAX_QUOTE_CHARS
    assert texts(f'"{content}"') == [content]


def test_unclosed_mark_at_the_end_of_the_document():
    assert texts('A closed "one" and an open "two') == ["one"]


@pytest.mark.parametrize("text", ['An empty "" quote.', 'A "x" letter.', 'Only "..." dots.', "“ , ”"])
def test_empty_one_character_and_punctuation_only_spans_are_ignored(text):
    assert find_passages(text) == []


# --- split quotes --------------------------------------------------------------------

def test_quote_split_by_an_attribution_is_joined():
    text = ('"No thank you," Altman posted, "but we will buy Twitter (X) '
            'for $9.74 billion if you want."')
    [passage] = find_passages(text)
    assert passage.text == "No thank you, but we will buy Twitter (X) for $9.74 billion if you want."
    assert passage.parts == ((1, 14), (32, len(text) - 1))
    assert (passage.start, passage.end) == (1, len(text) - 1)
    assert text[passage.parts[0][0]:passage.parts[0][1]] == "No thank you,"


def test_turkish_attribution_joins_and_the_last_comma_is_dropped():
    text = "“Biz hazırız,” dedi Bakan Şimşek, “ve devam edeceğiz,” diye ekledi."
    assert texts(text) == ["Biz hazırız, ve devam edeceğiz"]


def test_comma_just_outside_the_mark_joins():
    assert texts('"We will", he said, "buy it."') == ["We will buy it."]


def test_three_parts_join():
    text = '"One," he said, "two," he added, "three."'
    assert texts(text) == ["One, two, three."]


@pytest.mark.parametrize("text, expected", [
    ('"We will," he said. "Buy it."', ["We will", "Buy it."]),
    ('"We will" he said, "buy it."', ["We will", "buy it."]),
    ('"We will," he said "buy it."', ["We will", "buy it."]),
    ('"We will," said the tall man who once ran the old company, "buy it."',
     ["We will", "buy it."]),
    ('"We will", it added; and, later, "buy it".', ["We will", "buy it"]),
    ('"We will,"\n\nhe said, "buy it."', ["We will", "buy it."]),
])
def test_quotes_that_are_not_one_statement_stay_apart(text, expected):
    assert texts(text) == expected


def test_join_never_exceeds_the_cap():
    half = MAX_QUOTE_CHARS // 2 + 10
    assert texts(f'"{"a" * half}," he said, "{"b" * half}"') == ["a" * half, "b" * half]


# --- repeats -------------------------------------------------------------------------

def test_repeated_passages_are_reported_once_with_their_count():
    text = "A said “we will buy it”.\n\nB said “we will\nbuy it”.\n\nC said “no”."
    passages = find_passages(text)
    assert [(p.text, p.count) for p in passages] == [("we will buy it", 2), ("no", 1)]
    assert passages[0].start == text.index("we will")


def test_passages_come_in_document_order():
    passages = find_passages('"b second" then "a first" then "b second"')
    assert [p.text for p in passages] == ["b second", "a first"]
    assert all(isinstance(p, Passage) for p in passages)


# --- sentences -----------------------------------------------------------------------

def test_sentences_mode_adds_unquoted_sentences():
    text = "Altman spoke. He said “we will buy it” today. Musk left.\n\nAltman spoke."
    passages = find_passages(text, sentences=True)
    assert [(p.text, p.quoted, p.count) for p in passages] == [
        ("Altman spoke.", False, 2),
        ("we will buy it", True, 1),
        ("Musk left.", False, 1),
    ]
    assert passages[0].parts == ((0, 13),)


def test_sentences_mode_off_by_default():
    assert texts("Altman spoke. Musk left.") == []


@pytest.mark.parametrize("text, expected", [
    ("Mr. Smith came. Dr. Jones left.", ["Mr. Smith came.", "Dr. Jones left."]),
    ("The U.S. Senate met. It voted.", ["The U.S. Senate met.", "It voted."]),
    ("Prof. Ak ve Doç. Kara geldi. Sn. Bakan da.", ["Prof. Ak ve Doç. Kara geldi.", "Sn. Bakan da."]),
    ("Elma, armut vb. Meyveler. Sonra gitti.", ["Elma, armut vb. Meyveler.", "Sonra gitti."]),
    ("It cost $9.74 billion. Then it rose.", ["It cost $9.74 billion.", "Then it rose."]),
    ("Neden? bilmiyorum. Tamam!", ["Neden? bilmiyorum.", "Tamam!"]),
    ("He said “no.” Then he left.", ["He said “no.”", "Then he left."]),
    ("It ended… “We go,” he said. 2025 starts.", ["It ended…", "“We go,” he said.", "2025 starts."]),
    ("A headline without a stop\n\nthe body starts here", ["A headline without a stop", "the body starts here"]),
    ("A line\nwrapped here. Next.", ["A line\nwrapped here.", "Next."]),
    ("  \n", []),
])
def test_split_sentences(text, expected):
    assert sentences_of(text) == expected


# --- the evaluation articles ---------------------------------------------------------

def _manifest() -> list[dict[str, str]]:
    with needs_data("articles", "manifest.tsv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_articles_counts_against_the_manifest():
    """Prints our counts next to the makers' simple detector (run with -s to see them)."""
    rows = _manifest()
    for row in rows:
        text = needs_data(row["file"]).read_text(encoding="utf-8")
        passages = find_passages(text)
        print(f"{row['file']}: manifest {row['n_quote_spans_detected']}, "
              f"passages {len(passages)}, occurrences {sum(p.count for p in passages)}")
        assert passages or row["n_quote_spans_detected"] == "0", row["file"]


def test_articles_passages_are_bounded():
    for row in _manifest():
        text = needs_data(row["file"]).read_text(encoding="utf-8")
        for passage in find_passages(text, sentences=True):
            assert len(passage.text) <= MAX_QUOTE_CHARS or not passage.quoted, passage
            for start, end in passage.parts:
                assert not re.search(r"\n[^\S\n]*\n", text[start:end]), passage
            assert passage.start < passage.end
            assert passage.parts[0][0] == passage.start and passage.parts[-1][1] == passage.end


def test_curly_opening_closed_by_a_straight_mark():
    [passage] = find_passages('Trump şunları söyledi: “Bugün büyük bir gün." dedi.')
    assert passage.text == "Bugün büyük bir gün."
