"""The rules every bilingual import (XLIFF, PO) follows: untranslated text is never
recorded, whatever file it came in; each case of issue 22 is here, on the units as a
file's reader gives them."""

from __future__ import annotations

import pytest

from quotes.errors import ImportFailed
from quotes.formats.bilingual import (
    EMPTY,
    IN_SOURCE_LANGUAGE,
    MARKED_UNTRANSLATED,
    SAME_AS_SOURCE,
    Unit,
    import_units,
)
from quotes.formats.jsonl import import_jsonl
from quotes.translations.renditions import record_rendition
from tests.helpers.seeds import (
    ALTMAN_POST,
    ALTMAN_POST_TR_DRIFTED,
    MUSK_NO_MONEY,
    MUSK_SOFTBANK,
    SEEDS,
    SIMSEK_INFLATION,
)

MUSK_NO_MONEY_TEXT = "They don’t actually have the money"


def unit(registry, quote_id, target, *, rendition_id=None, mark=None) -> Unit:
    return Unit(quote_id, rendition_id, registry.get_quote(quote_id).text, target, mark)


def renditions(registry, quote_id, lang):
    return [(r.id, [v.text for v in r.revisions]) for r in registry.get_quote(quote_id).renditions if r.lang == lang]


@pytest.mark.parametrize("target", [
    MUSK_NO_MONEY_TEXT,
    "They don't actually have the money",  # straight apostrophe: the same text to a reader
    "  they don’t  actually have the money ",  # case and spaces
])
def test_the_source_again_is_not_a_translation(seeded, target):
    result = import_units(seeded, [unit(seeded, MUSK_NO_MONEY, target)], lang="tr", label="tr.xlf")
    assert (result.imported, [(s.quote_id, s.reason) for s in result.skipped]) == ((), [(MUSK_NO_MONEY, SAME_AS_SOURCE)])
    assert renditions(seeded, MUSK_NO_MONEY, "tr") == []


def test_an_english_draft_is_not_revised_into_the_turkish_original(seeded):
    draft = record_rendition(seeded, SIMSEK_INFLATION, lang="en", translator="T", text="We expect inflation to fall.")
    turkish = seeded.get_quote(SIMSEK_INFLATION).text
    result = import_units(seeded, [unit(seeded, SIMSEK_INFLATION, turkish, rendition_id=draft.id)], lang="en", label="en.po")
    assert [str(s) for s in result.skipped] == [SAME_AS_SOURCE]
    assert renditions(seeded, SIMSEK_INFLATION, "en")[-1] == (draft.id, ["We expect inflation to fall."])


@pytest.mark.parametrize("target", [
    "They really do not have any of the money",  # English, not the source: a new "Turkish" rendition before
    "hayır teşekkürler ama we will buy twitter for $9.74 billion if you want",  # half translated
])
def test_text_in_the_originals_language_is_skipped(seeded, target):
    quote_id = MUSK_NO_MONEY if target.startswith("They") else ALTMAN_POST
    result = import_units(seeded, [unit(seeded, quote_id, target)], lang="tr", label="tr.po")
    [skipped] = result.skipped
    assert (skipped.quote_id, skipped.reason, str(skipped)) == (quote_id, IN_SOURCE_LANGUAGE, f"{IN_SOURCE_LANGUAGE} (detected en)")
    assert result.imported == ()
    assert [r.text for r in seeded.get_quote(ALTMAN_POST).renditions][0] == "Istersen ben X’i satın alabilirim"


@pytest.mark.parametrize("target", [
    "Paraları yok",  # two words: too short to detect, so taken
    "Aslında paraları yok",
    "OpenAI değil",
])
def test_a_short_or_turkish_target_is_imported(seeded, target):
    result = import_units(seeded, [unit(seeded, MUSK_NO_MONEY, target)], lang="tr", label="tr.po")
    assert ([imported.rendition.text for imported in result.imported], result.skipped) == ([target], ())


def test_a_turkish_target_for_a_turkish_original_is_skipped_in_an_english_file(seeded):
    result = import_units(seeded, [unit(seeded, SIMSEK_INFLATION, "Enflasyonun yıl sonunda %30'un altına düşmesini bekliyoruz.")],
                          lang="en", label="en.xlf")
    assert [(s.reason, s.detail) for s in result.skipped] == [(IN_SOURCE_LANGUAGE, "detected tr")]


def test_a_target_marked_untranslated_is_skipped_with_its_mark(seeded):
    result = import_units(seeded, [unit(seeded, MUSK_NO_MONEY, "Aslında paraları yok", mark="fuzzy")], lang="tr", label="tr.po")
    assert [str(s) for s in result.skipped] == [f"{MARKED_UNTRANSLATED} (fuzzy)"]
    assert renditions(seeded, MUSK_NO_MONEY, "tr") == []


def test_an_unchanged_target_is_unchanged_whatever_its_mark(seeded):
    current = seeded.get_quote(ALTMAN_POST).rendition(ALTMAN_POST_TR_DRIFTED)
    result = import_units(seeded, [unit(seeded, ALTMAN_POST, current.text, rendition_id=current.id, mark="needs-translation")],
                          lang="tr", label="tr.xlf")
    assert (result.imported, result.skipped, result.unchanged) == ((), (), 1)


def test_the_result_counts_what_was_skipped_and_why(seeded):
    result = import_units(seeded, [
        unit(seeded, MUSK_NO_MONEY, ""),
        unit(seeded, MUSK_SOFTBANK, "SoftBank has well under $10B secured. I have that on good authority."),
        unit(seeded, ALTMAN_POST, "hayır teşekkürler ama istersen twitter'ı 9,74 milyar dolara biz satın alırız",
             rendition_id=ALTMAN_POST_TR_DRIFTED),
    ], lang="tr", label="tr.po")
    assert result.skipped_by_reason() == {EMPTY: 1, SAME_AS_SOURCE: 1}
    assert ([i.revised for i in result.imported], result.revisions, result.unchanged) == ([True], 1, 0)


def test_nothing_is_recorded_when_one_unit_is_bad(any_registry):
    import_jsonl(any_registry, SEEDS)
    bad = Unit(ALTMAN_POST, None, "no thank you", "hayır teşekkürler")
    with pytest.raises(ImportFailed, match=f"^tr.po: unit {ALTMAN_POST}: source differs from the registered original; nothing imported$"):
        import_units(any_registry, [unit(any_registry, MUSK_NO_MONEY, "Aslında paraları yok"), bad], lang="tr", label="tr.po")
    assert renditions(any_registry, MUSK_NO_MONEY, "tr") == []
