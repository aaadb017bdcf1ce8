import pytest

from quotes.checking.drift import align
from quotes.text import tokenize

ALTMAN = "no thank you but we will buy twitter for $9.74 billion if you want"


def changes(source, passage, lang="en", **kwargs):
    alignment = align(tokenize(source, lang), tokenize(passage, lang), **kwargs)
    return alignment, [(c.op, c.source, c.target, c.flags) for c in alignment.changes if c.op != "keep"]


def test_identical_text_has_no_changes_and_scores_100():
    alignment, diff = changes(ALTMAN, ALTMAN)
    assert diff == [] and alignment.score == 100.0 and alignment.identical


def test_number_change_is_flagged():
    _, diff = changes(ALTMAN, ALTMAN.replace("$9.74", "$97.4"))
    assert diff == [("replace", "$9.74 billion", "$97.4 billion", ("number",))]


def test_equal_amounts_written_differently_are_kept():
    alignment, diff = changes("SoftBank has well under $10B secured.", "SoftBank has well under $10 billion secured.")
    assert diff == [] and alignment.score == 100.0


@pytest.mark.parametrize(
    "source, passage, lang, flag",
    [
        ("They will buy it", "They will not buy it", "en", "negation"),
        ("We do not want it", "We do want it", "en", "negation"),
        ("Enflasyonun düşmesini bekliyoruz", "Enflasyonun düşmesini beklemiyoruz", "tr", "negation"),
        ("Bu mümkün değil", "Bu mümkün", "tr", "negation"),
        (ALTMAN, ALTMAN.replace("we will", "I will"), "en", "person"),
        ("istersen biz satın alırız", "istersen ben satın alırız", "tr", "person"),
        ("istersen biz satın alırız", "istersen biz satın alırım", "tr", "person"),
        (ALTMAN, ALTMAN.replace("twitter", "X"), "en", "name"),
        (ALTMAN, ALTMAN.replace(" buy", ""), "en", "dropped"),
        (ALTMAN, ALTMAN.replace("buy", "buy back"), "en", "added"),
    ],
)
def test_drift_flags(source, passage, lang, flag):
    alignment, _ = changes(source, passage, lang)
    assert flag in alignment.flags
    assert alignment.major


def test_diacritics_and_case_are_minor_spelling():
    alignment, diff = changes("Istersen ben X’i satın alabilirim", "Istersen ben X'i satin alabilirim", "tr")
    assert diff == [("replace", "satın", "satin", ("spelling",))]
    assert not alignment.major


def test_a_capitalised_first_word_is_typography():
    alignment, diff = changes(ALTMAN, "No thank you but we will buy twitter for $9.74 billion if you want.")
    assert diff == [] and alignment.identical


def test_a_fragment_reports_nothing_outside_it():
    alignment, diff = changes(ALTMAN, "we will buy twitter for $97.4 billion")
    assert diff == [("replace", "$9.74 billion", "$97.4 billion", ("number",))]
    assert alignment.span == (4, 10)


def test_bracketed_insertion_is_editorial_unless_it_changes_a_name():
    names = frozenset({"musk", "altman"})
    alignment = align(tokenize("he will buy it", "en"), tokenize("[Musk] will buy it", "en"), editorial=frozenset({0}))
    assert [c.flags for c in alignment.changes if c.op != "keep"] == [("editorial",)]
    alignment = align(tokenize("Musk will buy it", "en"), tokenize("[Altman] will buy it", "en"),
                      names=names, editorial=frozenset({0}))
    assert [c.flags for c in alignment.changes if c.op != "keep"] == [("editorial", "name")]


def test_a_cut_just_before_a_negation_is_drift():
    alignment, diff = changes("Bu teklif bizim için kabul edilebilir değil", "Bu teklif bizim için kabul edilebilir", "tr")
    assert diff == [("delete", "değil", "", ("negation", "dropped"))]


def test_elided_words_are_not_drift():
    passage = tokenize("no thank you … we will buy twitter", "en")
    alignment = align(tokenize(ALTMAN, "en"), passage, elided_before=frozenset({3}))
    assert [c.flags for c in alignment.changes if c.op != "keep"] == [("elided",)]
    assert alignment.score == 100.0


def test_a_repeated_word_does_not_misplace_a_fragment():
    source = tokenize("İskoçya Kraliyet Bankası, İskoçya dışındaki müşteriler için yok oluyor", "tr")
    alignment = align(source, tokenize("İskoçya dışındaki müşteriler için yok oluyor", "tr"))
    assert alignment.score == 100.0 and alignment.span == (3, 9)


def test_a_different_ending_is_not_a_fragment():
    source = tokenize("Cevat Yıldırım and his wife were detained within the scope of the investigation yesterday", "en")
    alignment = align(source, tokenize("Cevat Yıldırım and his wife were sent to the court", "en"))
    assert alignment.score <= 50


@pytest.mark.parametrize(
    "source, passage",
    [
        ("Biz buna alışkın değiliz", "Biz buna alışkın"),
        ("Bu kaynaklar sınırlı değildir", "Bu kaynaklar sınırlıdır"),
        ("Kimse bunu hissetmiyor artık", "Kimse bunu hissediyor artık"),
        ("Hükümet bu teklifi kabul etmiyor", "Hükümet bu teklifi kabul ediyor"),
        ("O gün orada kimse yoktu", "O gün orada kimse vardı"),
    ],
)
def test_turkish_negation_forms(source, passage):
    alignment, _ = changes(source, passage, "tr")
    assert "negation" in alignment.flags


def test_turkish_ne_is_not_a_negation():
    alignment, _ = changes("Ne kadar kaynak ayrıldığı belli değil", "kadar kaynak ayrıldığı belli değil", "tr")
    assert "negation" not in alignment.flags


@pytest.mark.parametrize("source, passage, lang", [
    ("It was the 10th time", "It was the 101th time", "en"),
    ("music of the 1960s", "music of the 19601s", "en"),
    ("Seventeen people came", "Seventy people came", "en"),
    ("yüzde %30'un altına inecek", "yüzde %40'ın altına inecek", "tr"),
    ("ekimin 3'üncü haftasında", "ekimin 4'üncü haftasında", "tr"),
])
def test_a_number_inside_a_token_or_written_out_is_a_number_never_spelling_or_name(source, passage, lang):
    _, diff = changes(source, passage, lang)
    assert [flags for *_, flags in diff] == [("number",)]


def test_a_dropped_hedge_is_flagged():
    _, diff = changes("Enflasyon neredeyse yarıya indi", "Enflasyon yarıya indi", "tr")
    assert diff == [("delete", "neredeyse", "", ("hedge", "dropped"))]


def test_an_unmarked_splice_is_a_cut_and_a_short_drop_is_not():
    _, diff = changes("we will buy twitter now and pay for it in cash later", "we will buy twitter later")
    assert ("cut" in diff[0][3], "dropped" in diff[0][3]) == (True, True)
    _, diff = changes("we will buy twitter now", "we will buy twitter")
    assert all("cut" not in flags for *_, flags in diff)


def test_an_elision_takes_the_gap_where_it_is_marked():
    source = ("History will look upon you favorably if you get this done the right and humane way. "
              "It will look upon you forever as the devil if good things don't happen.")
    passage = "History will look upon you forever as the devil"
    alignment, diff = changes(source, passage, elided_before=frozenset({1}))
    assert diff == [("delete", "will look upon you favorably if you get this done the right and humane way It", "",
                     ("elided",))]
    assert alignment.score == 100.0


def test_case_is_typography_where_the_passage_makes_it_free():
    source = "devlet ve toplumla bütünleşme için kongrenizi toplayın ve karar alın; tüm gruplar silah bırakmalı"
    passage = "devlet ve toplumla bütünleşme için kongrenizi toplayın ve karar alın. Tüm gruplar silah bırakmalı"
    _, diff = changes(source, passage, "tr")
    assert diff == [("replace", "tüm", "Tüm", ("spelling",))]  # by default only the first word's case is free
    _, diff = changes(source, passage, "tr", case_free=frozenset({0, 10}))
    assert diff == []
