import pytest

from quotes.text import (
    APOSTROPHES,
    DOUBLE_QUOTES,
    Token,
    casefold,
    comparison_form,
    fold_diacritics,
    match_key,
    normalize_typography,
    tokenize,
    words,
)


def spans(text, lang):
    return [(t.text, t.start, t.end) for t in tokenize(text, lang)]


def key(text, lang):
    """The key of `text` tokenized as exactly one token."""
    (token,) = tokenize(text, lang)
    return token.key


# --- normalize_typography -----------------------------------------------------------


def test_nfc():
    assert normalize_typography("s\u0327ekerli") == "\u015fekerli"
    assert normalize_typography("I\u0307stanbul") == "\u0130stanbul"
    assert comparison_form("s\u0327atın", "tr") == comparison_form("şatın", "tr")


@pytest.mark.parametrize("mark", list(APOSTROPHES))
def test_every_apostrophe_form(mark):
    assert normalize_typography(f"X{mark}i") == "X'i"


def test_apostrophe_forms_listed():
    for mark in "’'‘`´ʼ":
        assert normalize_typography(f"don{mark}t") == "don't"


@pytest.mark.parametrize("mark", list(DOUBLE_QUOTES))
def test_every_double_quote_form(mark):
    assert normalize_typography(f"{mark}evet{mark}") == '"evet"'


def test_quote_pairs():
    assert normalize_typography("“Evet” „ja“ «oui» »nein«") == '"Evet" "ja" "oui" "nein"'
    assert normalize_typography("‘yes’") == "'yes'"


@pytest.mark.parametrize(
    "space",
    [" ", "\t", "\n", "\r\n", "\u00a0", "\u2009", "\u202f", "\u2003", "\u3000", " \u00a0\t "],
)
def test_whitespace_kinds(space):
    assert normalize_typography(f"{space}bir{space}iki{space}") == "bir iki"


def test_invisibles_removed_and_hyphens_unified():
    assert normalize_typography("gaze\u00adtesi bu\u200bgün \ufeffX") == "gazetesi bugün X"
    assert normalize_typography("co\u2010founded e\u2011mail") == "co-founded e-mail"


def test_dashes_and_other_punctuation_kept():
    assert normalize_typography("evet — hayır – belki…") == "evet — hayır – belki…"


def test_typography_keeps_case_and_diacritics():
    assert normalize_typography("İSTANBUL’da Satın") == "İSTANBUL'da Satın"


# --- casefold -----------------------------------------------------------------------


def test_turkish_casing():
    assert casefold("İSTANBUL", "tr") == "istanbul"
    assert casefold("IŞIK", "tr") == "ışık"
    assert casefold("ISPARTA", "tr") == "ısparta"
    assert casefold("İzmir Irmak", "az") == "izmir ırmak"


def test_english_casing():
    assert casefold("ISTANBUL", "en") == "istanbul"
    assert casefold("I said", "en") == "i said"
    assert casefold("I said", None) == "i said"
    assert casefold("Straße", "de") == "strasse"


def test_istanbul_matches_across_languages_only_with_the_key():
    assert comparison_form("İSTANBUL", "tr") == comparison_form("istanbul", "tr")
    assert comparison_form("ISTANBUL", "en") == "istanbul"
    assert comparison_form("ISTANBUL", "tr") == "ıstanbul"
    assert match_key("ISTANBUL", "tr") == match_key("İstanbul", "en") == "istanbul"


# --- fold_diacritics ----------------------------------------------------------------


def test_fold_diacritics():
    assert fold_diacritics("satın") == "satin"
    assert fold_diacritics("şğüöç") == "sguoc"
    assert fold_diacritics("ŞĞÜÖÇ") == "SGUOC"
    assert fold_diacritics("øłßæđœ") == "olssaedoe"
    assert fold_diacritics("s\u0327eker") == "seker"
    assert fold_diacritics("plain ascii") == "plain ascii"


def test_fold_keeps_base_letters_of_other_scripts():
    assert fold_diacritics("Ελλάδα") == "Ελλαδα"
    assert fold_diacritics("йод") == "иод"
    assert fold_diacritics("كَتَبَ") == "كتب"
    assert fold_diacritics("हिंदी") == "हिंदी"  # Devanagari signs belong to their letters


def test_match_key_versus_comparison_form():
    assert comparison_form("Satın", "tr") == "satın"
    assert match_key("Satın", "tr") == "satin"
    assert match_key("Türkiye", "tr") == "turkiye"
    assert match_key("TÜRKİYE", "tr") == "turkiye"
    assert match_key("Türkiye", "en") == "turkiye"
    assert comparison_form("satin", "tr") != comparison_form("satın", "tr")
    assert match_key("satin", "tr") == match_key("satın", "tr")


def test_comparison_form_combines_typography_and_case():
    assert comparison_form("  “İYİ”\u00a0dedi ", "tr") == '"iyi" dedi'
    assert comparison_form("X’İ", "tr") == comparison_form("x'i", "tr") == "x'i"


# --- tokenize: words ----------------------------------------------------------------


@pytest.mark.parametrize(
    "form",
    [
        "$9.74",
        "97,4",
        "%40",
        "40%",
        "10B",
        "$10B",
        "1.000.000",
        "X’i",
        "Türkiye'nin",
        "don't",
        "co-founded",
        "@sama",
        "e-mail",
    ],
)
@pytest.mark.parametrize("lang", ["en", "tr"])
def test_listed_forms_stay_whole_with_offsets(form, lang):
    text = f"“{form}”, dedi."
    assert spans(text, lang)[0] == (form, 1, 1 + len(form))


def test_token_fields():
    assert tokenize("“Türkiye’nin” dedi", "tr") == [
        Token("Türkiye’nin", 1, 12, "türkiye'nin", "turkiye'nin", False),
        Token("dedi", 14, 18, "dedi", "dedi", False),
    ]


def test_punctuation_and_edge_quotes_dropped():
    assert spans("‘Hello,’ she said — ‘students’ books’.", "en") == [
        ("Hello", 1, 6),
        ("she", 9, 12),
        ("said", 13, 17),
        ("students", 21, 29),
        ("books", 31, 36),
    ]


def test_apostrophe_between_letters_joins_any_form():
    assert words("X’i X'i X`i Xʼi", "tr") == ["x'i", "x'i", "x'i", "x'i"]


def test_hyphenated_and_alphanumeric_words():
    assert spans("COVID-19 well--known 10th", "en") == [
        ("COVID-19", 0, 8),
        ("well", 9, 13),
        ("known", 15, 20),
        ("10th", 21, 25),
    ]


def test_decomposed_input_keeps_words_whole_and_offsets_raw():
    text = "s\u0327eker I\u0307stanbul"
    assert tokenize(text, "tr") == [
        Token("s\u0327eker", 0, 6, "şeker", "seker", False),
        Token("I\u0307stanbul", 7, 16, "istanbul", "istanbul", False),
    ]


def test_invisible_characters_inside_words():
    assert spans("gaze\u00adtesi", "tr") == [("gaze\u00adtesi", 0, 9)]
    assert words("gaze\u00adtesi bu\u200bgün", "tr") == ["gazetesi", "bugun"]


def test_text_slices_match_offsets():
    text = "  «$10 billion», X’i dedi; %40'ı\u00a0ve 9,74 milyar TL’ye — co-founded @sama. "
    for lang in ("tr", "en"):
        for token in tokenize(text, lang):
            assert text[token.start : token.end] == token.text


def test_empty_and_punctuation_only():
    assert tokenize("", "en") == []
    assert tokenize(" “ ” … — ", "tr") == []


# --- tokenize: amounts --------------------------------------------------------------


def test_amount_spans_number_and_scale_word():
    text = "$10 billion, 9,74 milyar ve 10 million ile 40 bin"
    assert spans(text, "tr") == [
        ("$10 billion", 0, 11),
        ("9,74 milyar", 13, 24),
        ("ve", 25, 27),
        ("10 million", 28, 38),
        ("ile", 39, 42),
        ("40 bin", 43, 49),
    ]


def test_equal_amounts_share_a_key():
    assert key("$10B", "en") == "$10000000000"
    assert key("$10 billion", "en") == "$10000000000"
    assert key("$10,000,000,000", "en") == "$10000000000"
    assert key("$10bn", "en") == "$10000000000"
    assert key("USD 10 billion", "en") == "$10000000000"
    assert key("10 milyar $", "tr") == "$10000000000"


def test_changed_amounts_differ():
    assert key("$9.74 billion", "en") == "$9740000000"
    assert key("$97.4 billion", "en") == "$97400000000"
    assert key("$9.74 billion", "en") != key("$97.4 billion", "en")


def test_scale_words_and_suffixes():
    assert key("5m", "en") == "5000000"
    assert key("3K", "en") == "3000"
    assert key("2 mln", "en") == "2000000"
    assert key("1.5 trillion", "en") == "1500000000000"
    assert key("2 Bn", "en") == "2000000000"
    assert key("1,2 trilyon", "tr") == "1200000000000"
    assert key("40 bin", "tr") == "40000"
    assert key("3 milyon", "tr") == "3000000"


def test_single_letter_scale_only_when_attached():
    assert words("10 m", "en") == ["10", "m"]
    assert words("10m", "en") == ["10000000"]
    assert words("10 b 10 k", "en") == ["10", "b", "10", "k"]
    assert words("10bin 10 bin", "tr") == ["10000", "10000"]


def test_decimal_separator_by_language():
    assert key("97,4", "tr") == key("97.4", "en") == "97.4"
    assert key("1.000", "tr") == "1000"
    assert key("1.000.000", "tr") == "1000000"
    assert key("1,000", "en") == "1000"
    assert key("1,000,000", "en") == "1000000"


def test_other_convention_when_the_text_convention_cannot_apply():
    assert key("9.74", "tr") == "9.74"
    assert key("97,4", "en") == "97.4"
    assert key("1,000,000", "tr") == "1000000"
    assert key("1.000.000", "en") == "1000000"


def test_text_convention_wins_when_both_apply():
    assert key("1.000", "en") == "1"
    assert key("1,000", "tr") == "1"


def test_both_separators():
    assert key("1,234.5", "tr") == "1234.5"
    assert key("1.234,5", "en") == "1234.5"


def test_digits_fitting_no_convention_keep_their_form():
    assert tokenize("1.5.2025", "tr") == [Token("1.5.2025", 0, 8, "1.5.2025", "1.5.2025", True)]
    assert key("1,2,3", "en") == "1,2,3"


def test_percent_forms():
    assert key("%40", "tr") == "40%"
    assert key("% 40", "tr") == "40%"
    assert key("40%", "en") == "40%"
    assert key("yüzde 40", "tr") == "40%"
    assert key("Yüzde 40", "tr") == "40%"
    assert key("40 percent", "en") == "40%"
    assert key("40 per cent", "en") == "40%"
    assert key("%2,5", "tr") == key("2.5%", "en") == "2.5%"
    assert key("40", "tr") == "40"


def test_currency_symbols_and_codes():
    assert key("€5m", "en") == "€5000000"
    assert key("5 EUR", "en") == "€5"
    assert key("£3", "en") == "£3"
    assert key("40 TL", "tr") == key("₺40", "tr") == "₺40"
    assert key("9,74 milyar TL", "tr") == "₺9740000000"


def test_negative_amounts():
    assert key("-5%", "en") == "-5%"
    assert key("−3,5", "tr") == "-3.5"
    assert words("2020-2025", "tr") == ["2020", "2025"]


def test_apostrophe_suffixed_numbers():
    assert tokenize("2025'te", "tr") == [Token("2025'te", 0, 7, "2025'te", "2025", True)]
    assert tokenize("%40’ı", "tr") == [Token("%40’ı", 0, 5, "%40'ı", "40%", True)]
    assert key("%40'ı", "tr") == key("%40", "tr")
    assert key("1990’larda", "tr") == "1990"
    assert key("9,74 milyar TL'lik", "tr") == "₺9740000000"
    assert key("40 bin’den", "tr") == "40000"


def test_amount_norm_is_its_comparison_form():
    (token,) = tokenize("9,74\u00a0Milyar TL’ye", "tr")
    assert token.norm == "9,74 milyar tl'ye"


def test_number_inside_a_word_is_not_an_amount():
    assert tokenize("10th G20", "en") == [
        Token("10th", 0, 4, "10th", "10th", False),
        Token("G20", 5, 8, "g20", "g20", False),
    ]


# --- end to end ---------------------------------------------------------------------


def test_english_sentence():
    text = "“We don’t plan to raise $9.74 billion,” Altman told @sama’s 40% co-founded e-mail list."
    assert [(t.text, t.key, t.is_number) for t in tokenize(text, "en")] == [
        ("We", "we", False),
        ("don’t", "don't", False),
        ("plan", "plan", False),
        ("to", "to", False),
        ("raise", "raise", False),
        ("$9.74 billion", "$9740000000", True),
        ("Altman", "altman", False),
        ("told", "told", False),
        ("@sama’s", "@sama's", False),
        ("40%", "40%", True),
        ("co-founded", "co-founded", False),
        ("e-mail", "e-mail", False),
        ("list", "list", False),
    ]


def test_turkish_sentence():
    text = "“IŞIK, İstanbul’da 2025’te %40’ı aşan 9,74 milyar TL’lik yatırımı satın aldı” dedi."
    assert [(t.text, t.norm, t.key, t.is_number) for t in tokenize(text, "tr")] == [
        ("IŞIK", "ışık", "isik", False),
        ("İstanbul’da", "istanbul'da", "istanbul'da", False),
        ("2025’te", "2025'te", "2025", True),
        ("%40’ı", "%40'ı", "40%", True),
        ("aşan", "aşan", "asan", False),
        ("9,74 milyar TL’lik", "9,74 milyar tl'lik", "₺9740000000", True),
        ("yatırımı", "yatırımı", "yatirimi", False),
        ("satın", "satın", "satin", False),
        ("aldı", "aldı", "aldi", False),
        ("dedi", "dedi", "dedi", False),
    ]


def test_typography_variants_give_equal_words():
    a = "“X’i   Türkiye’nin\u00a0%40’ı için” dedi"
    b = '"X\'i Türkiye\'nin %40\'ı için" dedi'
    assert words(a, "tr") == words(b, "tr")
    assert [t.norm for t in tokenize(a, "tr")] == [t.norm for t in tokenize(b, "tr")]


def test_words_are_keys():
    assert words("Satın ALDI, %40 dedi", "tr") == ["satin", "aldi", "40%", "dedi"]
    assert words("I SAID 10 million", "en") == ["i", "said", "10000000"]


def test_scale_words_in_turkish_capitals():
    assert [t.key for t in tokenize("5 MİLYON dolar, 40 BİN kişi", "tr") if t.is_number] == ["5000000", "40000"]


def test_yuzde_in_decomposed_unicode_and_without_diacritics():
    import unicodedata

    assert [t.key for t in tokenize(unicodedata.normalize("NFD", "yüzde 30"), "tr")] == ["30%"]
    assert [t.key for t in tokenize("yuzde 30", "tr")] == ["30%"]


def test_a_quoted_term_with_a_turkish_suffix_is_one_word():
    tokens = tokenize('"umut hakkı"nın kullanımıyla, “X”e göre', "tr")
    assert [t.text for t in tokens] == ["umut", 'hakkı"nın', "kullanımıyla", "X”e", "göre"]
    assert tokens[1].key == words("umut hakkının", "tr")[1]
