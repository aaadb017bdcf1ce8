"""Quoted passages and sentences found in coverage (quotes.checking.passages)."""

from __future__ import annotations

import csv
import re

import pytest

from quotes.checking.passages import MAX_QUOTE_CHARS, Passage, find_passages, split_sentences
from tests.helpers.paths import needs_data
from tests.helpers.seeds import MUSK_NO_MONEY, SEED_ARTICLE


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
    assert texts("He said “we will» buy it” and „left“ early.") == ["we will» buy it", "left"]


def test_a_closing_of_another_type_closes_a_double_quote_left_without_its_own():
    # Mixed typography, not an unclosed quote: the next double mark can only close.
    assert texts("He said «we will buy it” and „left“ early.") == ["we will buy it", "left"]


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
    assert [(p.text, p.unclosed) for p in find_passages(text)] == [
        ("we will buy it.", True), ("a real quote", False),
    ]


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
    assert [(p.text, p.unclosed) for p in find_passages('A closed "one" and an open "two')] == [
        ("one", False), ("two", True),
    ]


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


# --- untidy typography (SPEC "Passages": real pages are untidy) ----------------------

def found(text: str) -> list[tuple[str, bool]]:
    return [(p.text, p.unclosed) for p in find_passages(text)]


@pytest.mark.parametrize("opening, closing", [("''", "''"), ("’’", "’’"), ("‘‘", "’’"), ("''", "’’")])
def test_two_apostrophes_are_one_double_mark(opening, closing):
    text = f"Vali dün {opening}Köprü yarın trafiğe açılacak{closing} dedi."
    [passage] = find_passages(text)
    assert passage.text == "Köprü yarın trafiğe açılacak"
    assert text[passage.start:passage.end] == passage.text


def test_two_apostrophes_hold_an_apostrophe_inside_a_word():
    assert texts("Muhtar ''Ankara'nın kararı bizi şaşırttı'' diye konuştu.") == ["Ankara'nın kararı bizi şaşırttı"]


@pytest.mark.parametrize("text", [
    "Türkiye''nin ve İzmir’’in planı.",
    "Rock ''n'' roll dönemi.",
])
def test_two_apostrophes_inside_words_are_not_quote_marks(text):
    assert find_passages(text) == []


@pytest.mark.parametrize("text, expected", [
    ("Bakan “Barış Süreci”nin başarısı için “Hepimiz çalışacağız” dedi.", ["Barış Süreci", "Hepimiz çalışacağız"]),
    ("Rock ''n'' roll'un ''kralı''nın şarkısı çaldı.", ["kralı"]),
    ('Vali, "Bu yıl "yeşil kent"in ilk adımını atıyoruz." dedi.', ['Bu yıl "yeşil kent"in ilk adımını atıyoruz.']),
    ('Ekranı 5"lik olan "yeni telefon" satışta.', ["yeni telefon"]),
])
def test_a_double_closing_mark_may_carry_a_turkish_suffix(text, expected):
    assert texts(text) == expected


@pytest.mark.parametrize("text", [
    'Başkan "Yarın yeni bir dönem başlıyor” dedi.',
    "Başkan “Yarın yeni bir dönem başlıyor\" dedi.",
    "The mayor said 'Tomorrow a new era begins’ and left.",
    "The mayor said ‘Tomorrow a new era begins' and left.",
])
def test_straight_and_curly_marks_pair_either_way(text):
    assert texts(text) == [re.search(r"(?:Yarın|Tomorrow)[^\"”“'’]+", text).group()]


def test_a_straight_opening_pairs_with_a_straight_closing_before_a_curly_one():
    text = 'Rapor "Kişisel ilgi” ve “süreklilik” kavramlarını öne çıkarıyor" dedi.'
    assert texts(text) == ["Kişisel ilgi” ve “süreklilik” kavramlarını öne çıkarıyor"]
    assert texts('Vali "Köprü yarın açılıyor.“ Sonra gitti.') == ["Köprü yarın açılıyor."]


def test_an_inner_quote_at_the_start_of_a_wrapped_line_stays_inside():
    text = 'Yetkili, "Bakanın\n“faizi indirin” çağrısı bankaları harekete geçirdi." diye konuştu.'
    assert texts(text) == ["Bakanın “faizi indirin” çağrısı bankaları harekete geçirdi."]


def test_a_straight_mark_before_a_suffix_inside_a_curly_quote_is_an_apostrophe():
    text = '“Ali Kaya"nın babası dün hastaneye kaldırıldı” dedi.'
    assert texts(text) == ['Ali Kaya"nın babası dün hastaneye kaldırıldı']


def test_a_mark_with_no_space_before_it_opens():
    text = 'Asked about the talks, the envoy said,"We will be back in March."'
    assert texts(text) == ["We will be back in March."]


def test_an_unclosed_quote_runs_to_the_end_of_its_paragraph():
    text = ('Muhtar, köyün sorunlarını anlatırken "Yol yapılmazsa okul da kapanacak. '
            'Bunu herkes bilmeli.\n\nKöylüler toplantıdan sonra dağıldı.')
    [passage] = find_passages(text)
    assert (passage.text, passage.unclosed) == ("Yol yapılmazsa okul da kapanacak. Bunu herkes bilmeli.", True)
    assert text[passage.start:passage.end] == passage.text


def test_a_closed_quote_is_not_unclosed():
    [passage] = find_passages('Muhtar "Yol yapılmazsa okul kapanır" dedi.')
    assert passage.unclosed is False
    assert Passage("a", 0, 1, 1, ((0, 1),), True).unclosed is False  # the field defaults to False


def test_a_line_that_opens_a_quote_continues_an_unclosed_one_and_split_parts_still_join():
    text = 'The coach said "we lost our focus.\n"Next season," he added, "we start again."'
    [passage] = find_passages(text)
    assert (passage.text, passage.unclosed) == ("we lost our focus. Next season, we start again.", False)
    assert [text[s:e] for s, e in passage.parts] == ["we lost our focus.", "Next season,", "we start again."]


@pytest.mark.parametrize("text", [
    "Back in the '90s the band played rock 'n' roll all night.",   # single marks stay apostrophes
    "Tell ’em we came back. The students’ books were gone.",
    "Anasayfa » Haberler » Ekonomi",                               # a breadcrumb: the mark touches no word
    'Rapora göre " bütçe açığı büyüyor.',
])
def test_single_marks_and_spaced_out_marks_never_open_an_unclosed_quote(text):
    assert find_passages(text) == []


def test_a_stray_inner_opening_does_not_hide_the_end_of_the_outer_quote():
    # Title-cased tail with an extra opening mark: the only closing mark ends the outer quote.
    text = ("Bakan, “Kurumlar hazırlığını tamamlamalı ve bütün “Birimler Görevi Devralmalı” "
            "ifadelerini kullandı.")
    assert found(text) == [("Kurumlar hazırlığını tamamlamalı ve bütün “Birimler Görevi Devralmalı", False)]


def test_a_closing_mark_without_an_opening_closes_from_the_paragraph_start():
    text = ("Mektubun çevirisi aşağıda.\n\n"
            "Bu işi doğru yaparsan herkes seni hatırlayacak. Kararını yarın bekliyorum.”\n\n"
            "Mektup bu sözlerle bitiyor.")
    assert found(text) == [("Bu işi doğru yaparsan herkes seni hatırlayacak. Kararını yarın bekliyorum.", False)]


def test_a_text_that_begins_inside_a_quote_may_be_read_from_its_start():
    text = ("Bu işi doğru yaparsan herkes seni hatırlayacak.\n\n"
            "Kararını yarın bekliyorum.”\n\nMektup bu sözlerle bitiyor.")
    [passage] = find_passages(text)
    assert (passage.text, passage.opened_before) == ("Kararını yarın bekliyorum.", 0)
    longer = passage.from_text_start(text)
    assert (longer.text, longer.start, longer.end, longer.parts) == (
        "Bu işi doğru yaparsan herkes seni hatırlayacak. Kararını yarın bekliyorum.", 0, 75, ((0, 75),))


@pytest.mark.parametrize("text", [
    "Kararını yarın bekliyorum.”\n\nMektup bitti.",                                  # nothing before it
    "“Birinci” dedi.\n\nİkinci paragraf burada.\n\nKararını yarın bekliyorum.”",     # a quote before it
])
def test_only_the_texts_first_quote_closed_alone_may_begin_before_the_text(text):
    assert [p.opened_before for p in find_passages(text)][-1] is None


@pytest.mark.parametrize("text, expected", [
    ("The old screen measured 15\"\n\nThe new one is larger.", []),            # an inch mark
    ("Sınıfta öğrenciler’\n\nDers bitti.", []),                                # single marks never
    ("Bakan dün akşam açıklama yaptı” ve ayrıldı.\n\nToplantı bitti.", []),   # not at a paragraph end
    ('"Birinci" ve ikinci cümle burada.”', ["Birinci"]),                      # another mark precedes it
])
def test_closing_marks_that_do_not_close_a_passage_alone(text, expected):
    assert texts(text) == expected


def test_a_quote_over_several_paragraphs_each_opened_only_the_last_closed():
    text = ('Vali şunları söyledi:\n\n"Köprü yarın açılıyor.\n\n"Trafik iki hafta kısıtlı olacak.\n\n'
            '"Sabrınız için teşekkür ederiz." Sonra basın toplantısı bitti.')
    [passage] = find_passages(text)
    assert passage.text == ("Köprü yarın açılıyor. Trafik iki hafta kısıtlı olacak. "
                            "Sabrınız için teşekkür ederiz.")
    assert len(passage.parts) == 3 and not passage.unclosed
    assert [text[s:e] for s, e in passage.parts][1] == "Trafik iki hafta kısıtlı olacak."


def test_a_quote_over_several_lines_each_opened_only_the_last_closed():
    text = '“The bridge opens tomorrow.\n“Traffic will be limited for two weeks.”\nThe mayor left.'
    assert found(text) == [("The bridge opens tomorrow. Traffic will be limited for two weeks.", False)]


def test_a_quote_over_several_paragraphs_never_closed_stays_unclosed():
    text = "“Birinci paragraf burada.\n\n“İkinci paragraf da burada.\n\nMuhabirin notu."
    assert found(text) == [("Birinci paragraf burada. İkinci paragraf da burada.", True)]


def test_a_quote_whose_middle_paragraph_has_no_marks_ends_where_a_closing_mark_ends_a_paragraph():
    text = '"The first part of the letter.\n\nThe middle part of it.\n\nAnd the end."\n\nReporters waited.'
    assert found(text) == [("The first part of the letter. The middle part of it. And the end.", False)]


def test_capitalised_subheads_in_marks_are_cut_out_of_a_quote_and_passages_elsewhere():
    text = ('Başkan evinin önünde konuştu:\n"KAPIMA POLİS GELDİ"\n"Bu sabah erken saatte kapım çalındı. '
            'Ne olduğunu anlamadım.\n"KORKMUYORUZ"\nHepimiz buradayız ve mücadeleye devam edeceğiz"')
    passages = find_passages(text)
    assert [p.text for p in passages] == [
        "KAPIMA POLİS GELDİ",
        "Bu sabah erken saatte kapım çalındı. Ne olduğunu anlamadım. "
        "Hepimiz buradayız ve mücadeleye devam edeceğiz",
    ]
    assert len(passages[1].parts) == 2 and "KORKMUYORUZ" not in text[passages[1].parts[1][0]:]


def test_an_unclosed_quote_running_past_a_subhead_stays_unclosed():
    text = 'Vali: "Bu sabah kapım çalındı.\n"KORKMUYORUZ"\nHepimiz buradayız ve devam edeceğiz.\n\nSonra gitti.'
    [passage] = find_passages(text)
    assert (passage.text, passage.unclosed) == ("Bu sabah kapım çalındı. Hepimiz buradayız ve devam edeceğiz.", True)


def test_a_subhead_between_paragraphs_of_a_longer_quote_is_skipped():
    text = '“We will rebuild the port.\n\n“PATIENCE”\n\n“It will take a year.”'
    assert texts(text) == ["We will rebuild the port. It will take a year."]


@pytest.mark.parametrize("text, expected", [
    ("VALİ YILMAZ: KÖPRÜ YARIN TRAFİĞE AÇILACAK", "KÖPRÜ YARIN TRAFİĞE AÇILACAK"),
    ("BAKAN ŞİMŞEK: ENFLASYON YIL SONUNDA DÜŞECEK...\n\nHaberin ayrıntıları.", "ENFLASYON YIL SONUNDA DÜŞECEK"),
    ("MAYOR: WE WILL REBUILD THE OLD PORT\nThe mayor spoke on Monday.", "WE WILL REBUILD THE OLD PORT"),
    # a line in capitals ending in an ellipsis, three words or more, after a name or not
    ("ŞİDDETE ASLA İZİN VERMEYECEĞİZ...\n\nHaberin ayrıntıları.", "ŞİDDETE ASLA İZİN VERMEYECEĞİZ"),
    ("VALİ YILMAZ: KÖPRÜ YARIN AÇILIYOR…\nVali dün konuştu.", "KÖPRÜ YARIN AÇILIYOR"),
    ("Haberin girişi.\nWE WILL NEVER SURRENDER...\nThe leader spoke on Monday.", "WE WILL NEVER SURRENDER"),
])
def test_headline_quotes_in_capitals(text, expected):
    assert found(text) == [(expected, False)]


@pytest.mark.parametrize("text", [
    "SON DAKİKA: KÖPRÜ YARIN TRAFİĞE AÇILACAK",           # a label, not a speaker
    "VALİ YILMAZ: KÖPRÜ AÇILIYOR",                        # not a full clause
    "Vali Yılmaz: Köprü yarın trafiğe açılacak",          # not in capitals (not a rule)
    "GÜNDEM VE SİYASET HABERLERİ, EKONOMİ VE SPOR: BUGÜN NELER OLDU",  # not a short name
    "Vali dün konuştu. VALİ YILMAZ: KÖPRÜ YARIN TRAFİĞE AÇILACAK",     # not a line of its own
    "SON DAKİKA...\n\nDolar rekor kırdı.",                 # two words: a label
    "Dolar bugün rekor kırdı...\n\nPiyasalar karıştı.",    # not in capitals
    "Piyasalar karıştı. DOLAR BUGÜN REKOR KIRDI...",       # not a line of its own
])
def test_lines_that_are_not_headline_quotes(text):
    assert find_passages(text) == []


def test_title_case_headline_quote_in_single_quotes_keeps_its_apostrophe():
    assert texts("In an Interview, the Coach Says ‘Don’t Give Up Now’") == ["Don’t Give Up Now"]


@pytest.mark.parametrize("text, expected", [
    ("Toplantıda vali, halka şöyle seslendi: Köprü yarın açılıyor, sabrınız için teşekkür ederiz.",
     "Köprü yarın açılıyor, sabrınız için teşekkür ederiz."),
    ("Muhtar açıklamasında şunları söyledi: Yol yapılmazsa okul kapanacak.\nKöylüler dağıldı.",
     "Yol yapılmazsa okul kapanacak."),
    ("The mayor told reporters: We will rebuild the port within a year.",
     "We will rebuild the port within a year."),
])
def test_a_reporting_colon_introduces_a_quote_without_marks(text, expected):
    assert found(text) == [(expected, False)]


@pytest.mark.parametrize("text", [
    "Yapısal dönüşümde diğer konu yeşil dönüşüm: Meclis önemli bir yasa kabul etti.",  # no reporting verb
    "Note: This article was updated on Monday morning.",
    "Vali şöyle dedi: köprü yarın açılıyor ve herkes bekliyor.",   # does not start a sentence
    "The mayor said: Yes.",                                          # too short
])
def test_colons_that_introduce_no_quote(text):
    assert find_passages(text) == []


def test_a_reporting_colon_followed_by_marks_gives_the_marked_quote_only():
    assert texts('Vali şöyle dedi: "Köprü yarın açılıyor." Sonra ayrıldı.') == ["Köprü yarın açılıyor."]


@pytest.mark.parametrize("text", [
    '"a\n\n"b\n"C D"\n\'\'e ’’ f”\n\nG: H I J K\nşöyle dedi: A b c d «x',
    '“x “y ”z" \'\' ’’ ‘‘ \n"Q"\n"R\n\n”',
    'BAKAN: A B C D\nsaid: E f g h "i\n\nj”',
])
def test_untidy_text_gives_disjoint_passages_inside_the_text(text):
    for sentences in (False, True):
        spans = []
        for passage in find_passages(text, sentences=sentences):
            assert 0 <= passage.start < passage.end <= len(text)
            assert passage.parts[0][0] == passage.start and passage.parts[-1][1] == passage.end
            assert all(a[1] <= b[0] for a, b in zip(passage.parts, passage.parts[1:]))
            spans.append((passage.start, passage.end))
        spans.sort()
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def test_the_finding_of_an_unclosed_passage_says_unclosed(seeded):
    from quotes.checking.check import Checker
    from quotes.checking.coverage import Document

    def flags_of(text):
        [finding] = Checker(seeded).check(Document("a.txt", text, "utf-8")).findings
        assert finding.quote_id == MUSK_NO_MONEY
        return finding.flags

    assert "unclosed" in flags_of("Musk wrote: “They don’t actually have the money\n\nThe post was deleted.")
    assert "unclosed" not in flags_of("Musk wrote: “They don’t actually have the money”\n\nThe post was deleted.")
