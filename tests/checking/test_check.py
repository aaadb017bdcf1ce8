from quotes.checking.check import Checker
from quotes.checking.coverage import Document
from quotes.translations.renditions import record_rendition
from quotes.translations.review import review
from tests.helpers.seeds import (
    ALTMAN_POST, MUSK_NO_MONEY, MUSK_SOFTBANK, SIMSEK_ENERGY_IMPORTS, SIMSEK_INFLATION, SIMSEK_INFLATION_EN,
)

ALTMAN = "no thank you but we will buy twitter for $9.74 billion if you want"


def check(registry, text, **options):
    return Checker(registry, **options).check(Document("article.txt", text, "utf-8")).findings


def only(registry, text, **options):
    findings = check(registry, text, **options)
    assert len(findings) == 1, findings
    return findings[0]


def test_verbatim_with_other_quote_marks_and_case(seeded):
    f = only(seeded, f'Altman wrote: "No thank you but we will buy twitter for $9.74 billion if you want."')
    assert (f.verdict, f.severity, f.quote_id, f.rendition_id, f.score) == ("verbatim", "ok", ALTMAN_POST, None, 100.0)
    assert f.attributed_to == "Sam Altman" and f.original == ALTMAN


def test_split_quote_with_a_changed_amount_is_altered_with_number_flag(seeded):
    f = only(seeded, '“No thank you,” Altman posted, “but we will buy twitter for $97.4 billion if you want.”')
    assert (f.verdict, f.severity) == ("altered", "error")
    assert f.flags == ("number",)
    assert [c.as_json() for c in f.changes if c.op != "keep"] == [
        {"op": "replace", "from": "$9.74 billion", "to": "$97.4 billion", "flags": ["number"]}]


def test_excerpt_and_elided_excerpt(seeded):
    assert only(seeded, "He said they “will buy twitter for $9.74 billion”.").verdict == "excerpt"
    assert only(seeded, "“No thank you … we will buy twitter,” he said.").verdict == "excerpt"


def test_turkish_without_diacritics_is_minor_altered(seeded):
    f = only(seeded, "Şimşek: “Enflasyonun yil sonunda %30'un altina inmesini bekliyoruz.”")
    assert (f.verdict, f.severity, f.flags) == ("altered", "warn", ("spelling",))


def test_negation_added_in_turkish(seeded):
    f = only(seeded, "Şimşek: “Enflasyonun yıl sonunda %30'un altına inmesini beklemiyoruz.”")
    assert (f.verdict, f.severity, f.flags) == ("altered", "error", ("negation",))


def test_identical_text_of_a_rendition_is_never_verbatim(seeded):
    f = only(seeded, "Bakan dedi ki: “We expect inflation to fall below 30% by the end of the year.”")
    assert (f.verdict, f.severity, f.rendition_id, f.rendition_state) == ("translation", "ok", SIMSEK_INFLATION_EN, "approved")
    assert f.original == "Enflasyonun yıl sonunda %30'un altına inmesini bekliyoruz."


def test_drifted_rendition_is_altered_translation(seeded):
    f = only(seeded, "“We expect inflation to fall below 20% by the end of the year.”")
    assert (f.verdict, f.severity, f.flags) == ("altered-translation", "error", ("number",))


def test_unapproved_rendition_is_unreviewed_translation_with_the_reviewer_note(seeded):
    f = only(seeded, "Altman: “Istersen ben X’i satın alabilirim,” dedi.")
    assert (f.verdict, f.severity, f.rendition_state) == ("unreviewed-translation", "warn", "changes-requested")
    assert f.reviewer_note.startswith("quotes seed review: Drifted from the post")
    assert f.original == ALTMAN
    assert f.approved_rendition == "hayır teşekkürler ama istersen twitter'ı 9,74 milyar dolara biz satın alırız"


def test_unknown_and_suggestion(seeded):
    f = only(seeded, "He said: “These companies have no money.”")
    assert (f.verdict, f.severity, f.suggestion) == ("unknown", "info", None)
    f = only(seeded, "He said: “SoftBank has well under $10B secured, sources tell reporters here today.”")
    assert f.verdict == "unknown" and f.suggestion.quote_id == MUSK_SOFTBANK


def test_misattribution(seeded):
    f = only(seeded, "Musk posted: “no thank you but we will buy twitter for $9.74 billion if you want”")
    assert f.attributed_to == "Elon Musk" and "misattributed" in f.flags and f.severity == "error"


def test_superseded_version_is_still_matched(seeded):
    seeded.edit_quote(MUSK_NO_MONEY, text="They don’t actually have the money.", reason="full stop")
    seeded.edit_quote(MUSK_NO_MONEY, text="They don't actually have the money, I think.", reason="test correction")
    f = only(seeded, "“They don’t actually have the money.”")
    assert f.verdict == "verbatim" and "superseded" in f.flags and f.severity == "warn"


def test_retracted_quote_is_an_error(seeded):
    seeded.set_status(MUSK_NO_MONEY, "retracted", note="deleted")
    f = only(seeded, "“They don’t actually have the money”")
    assert (f.verdict, f.severity) == ("verbatim", "error") and "retracted" in f.flags


def test_repeated_passage_reported_once_with_count(seeded):
    text = "“They don’t actually have the money”\n\n“They don’t actually have the money”"
    assert only(seeded, text).count == 2


def test_sentences_mode_reports_only_sentences_that_match(seeded):
    text = "Markets were calm. Musk said they don't actually have the money. Nothing else happened today."
    findings = check(seeded, text, sentences=True)
    assert [(f.verdict, f.quote_id) for f in findings] == [("altered", MUSK_NO_MONEY)]


def test_machine_translated_passage_is_unreviewed_translation(seeded):
    calls = []

    def translator(text, lang):
        calls.append((text, lang))
        yield "en", "They don't actually have the money"

    f = only(seeded, "Musk: “Aslında hiç paraları yok,” dedi.", machine_translator=translator, lang="tr")
    assert (f.verdict, f.severity, f.quote_id) == ("unreviewed-translation", "warn", MUSK_NO_MONEY)
    assert "machine-translation" in f.flags
    assert calls == [("Aslında hiç paraları yok", "tr")]


def test_approved_human_rendition_beats_the_machine(seeded):
    rendition = record_rendition(seeded, MUSK_NO_MONEY, lang="tr", translator="Ayşe", text="Aslında hiç paraları yok")
    review(seeded, rendition.id, "submit", reviewer="Ayşe", note="ready")
    review(seeded, rendition.id, "approve", reviewer="Deniz", note="ok")
    f = only(seeded, "Musk: “Aslında hiç paraları yok,” dedi.", machine_translator=lambda t, l: iter(()))
    assert (f.verdict, f.rendition_id) == ("translation", rendition.id)


def test_a_paraphrase_in_quote_marks_attributed_to_the_speaker_is_recognised_as_altered(seeded):
    f = only(seeded, "Bakan Mehmet Şimşek, “Yıl sonunda enflasyonun yüzde 30'un altında olmasını umuyoruz” dedi.")
    assert (f.verdict, f.severity, f.quote_id) == ("altered", "error", SIMSEK_INFLATION)
    assert f.flags[0] == "recognised" and f.reason is None


def test_an_outlets_own_translation_is_a_translation_of_the_quote(seeded):
    f = only(seeded, "Mehmet Şimşek said: “We expect that by the end of this year inflation will drop under 30%.”")
    assert (f.verdict, f.severity, f.quote_id, f.rendition_id) == ("translation", "ok", SIMSEK_INFLATION,
                                                                    SIMSEK_INFLATION_EN)
    assert f.original == "Enflasyonun yıl sonunda %30'un altına inmesini bekliyoruz."


def test_an_outlets_translation_that_changes_the_number_is_an_altered_translation(seeded):
    f = only(seeded, "Mehmet Şimşek said: “We expect inflation to drop below 20% by the end of this year.”")
    assert (f.verdict, f.severity) == ("altered-translation", "error") and "number" in f.flags


def test_unknown_says_why(seeded):
    assert only(seeded, "A reader wrote: “The weather was lovely all week long in the city.”").reason == "no-match"
    assert only(seeded, "Elon Musk wrote: “The weather was lovely all week long in the city.”").reason == "speaker-known"
    assert only(seeded, "Musk: «Yarın hava çok güzel olacak, herkes dışarı çıksın»").reason == "translation-unchecked"


def test_case_after_a_full_stop_and_in_a_title_cased_run_is_typography(seeded):
    f = only(seeded, "Şimşek: “Enflasyonun Yıl Sonunda %30'un Altına İnmesini Bekliyoruz.”")
    assert (f.verdict, f.severity) == ("verbatim", "ok")


def test_pieces_of_one_statement_across_paragraphs_are_joined_into_one_verbatim_finding(seeded):
    text = ("“No thank you but we will buy twitter,” Sam Altman wrote on X on Monday.\n\n"
            "“For $9.74 billion if you want,” the post went on.")
    f = only(seeded, text)
    assert (f.verdict, f.quote_id, f.start, f.end) == ("verbatim", ALTMAN_POST, 1, text.index(" if you want") + 12)
    assert f.passage == "No thank you but we will buy twitter For $9.74 billion if you want"


def test_pieces_that_are_not_one_run_of_the_statement_stay_apart(seeded):
    text = "“No thank you,” Altman wrote. Later he added: “if you want”. Then: “we will buy twitter”."
    assert [f.passage for f in check(seeded, text) if f.quote_id] == ["No thank you", "if you want", "we will buy twitter"]


def test_an_excerpt_that_begins_inside_a_quote_is_checked_from_the_texts_start(seeded):
    text = "No thank you but we will buy twitter\n\nfor $9.74 billion if you want.”"
    f = only(seeded, text)
    assert (f.verdict, f.quote_id, f.start, f.end) == ("verbatim", ALTMAN_POST, 0, len(text) - 1)


def test_a_quote_closed_alone_stays_at_its_paragraph_when_that_matches(seeded):
    text = "Altman replied to the offer.\n\nNo thank you but we will buy twitter for $9.74 billion if you want.”"
    f = only(seeded, text)
    assert (f.verdict, f.passage) == ("verbatim", ALTMAN[0].upper() + ALTMAN[1:] + ".")


def test_words_of_a_quote_in_another_order_are_altered(seeded):
    f = check(seeded, "Altman said “thank you no”.")[0]
    assert (f.verdict, f.severity, f.quote_id, f.flags) == ("altered", "error", ALTMAN_POST, ("recognised", "reordered"))
    assert [c.as_json() for c in f.changes] == [
        {"op": "replace", "from": "no thank you", "to": "thank you no", "flags": ["reordered"]}]
    assert only(seeded, "He wrote “thank you no”.").verdict == "unknown"  # three words, no speaker named


def test_an_outlets_own_wording_that_keeps_the_facts_is_a_translation(seeded):
    # Worded otherwise than the approved rendition ("drop", "by end of this year": a word of it
    # left out), same number, no negation, same person: rewording alone is a translation
    # (SPEC's "Real drift"), a function word left out in the rewording is not drift.
    f = only(seeded, "Şimşek said: “We expect inflation to drop below 30% by end of this year.”")
    assert (f.verdict, f.severity, f.quote_id) == ("translation", "ok", SIMSEK_INFLATION)
    assert "reworded" in f.flags


def test_an_outlets_own_wording_that_changes_a_fact_is_altered_translation(seeded):
    f = only(seeded, "Şimşek said: “We do not expect inflation to drop below 30% by the end of this year.”")
    assert (f.verdict, f.severity) == ("altered-translation", "error")
    assert "negation" in f.flags


LOVELACE = "The engine might compose elaborate and scientific pieces of music of any degree of complexity."
LOVELACE_TR = "Makine, her karmaşıklık düzeyinde ayrıntılı ve bilimsel müzik parçaları besteleyebilir."


def lovelace(registry):
    quote = registry.add_quote(LOVELACE, speaker="Ada Lovelace", lang="en", actor="desk")
    rendition = record_rendition(registry, quote.id, lang="tr", translator="Ayşe", text=LOVELACE_TR)
    review(registry, rendition.id, "submit", reviewer="Ayşe", note="ready")
    review(registry, rendition.id, "approve", reviewer="Deniz", note="ok")
    return quote


def test_a_translated_fragment_in_reported_speech_says_which_part_it_renders(seeded):
    quote = lovelace(seeded)
    # Nominalised, with Turkish suffixes other than the rendition's (besteleyebileceğini /
    # besteleyebilir): compared by stems with the window of the rendition it renders.
    f = only(seeded, "Lovelace, makinenin “bilimsel müzik parçaları besteleyebileceğini” yazmıştı.")
    assert (f.verdict, f.severity, f.quote_id, f.attributed_to) == ("translation", "ok", quote.id, "Ada Lovelace")
    assert f.as_json()["renders"] == {"start": 47, "end": 86, "text": "bilimsel müzik parçaları besteleyebilir"}
    # With a word of the outlet's own ("yalnızca"), too far from the rendition's wording to
    # align: matched by the window's content words, scored by the share of them it holds.
    f = only(seeded, "Lovelace, makinenin “yalnızca bilimsel müzik parçacıkları besteleyebileceğini” yazmıştı.")
    assert (f.verdict, f.quote_id) == ("translation", quote.id)
    assert 50.0 < f.score < 100.0 and f.as_json()["renders"]["text"] == "bilimsel müzik parçaları besteleyebilir"


def test_a_verbatim_fragment_of_two_words_whose_speaker_is_named_is_an_excerpt(seeded):
    quote = lovelace(seeded)
    f = only(seeded, "Lovelace wrote that the engine might one day compose “scientific pieces” of music.")
    assert (f.verdict, f.quote_id) == ("excerpt", quote.id)
    assert f.as_json()["renders"]["text"] == "scientific pieces"


def test_a_fragment_whose_speaker_is_not_named_is_not_matched(seeded):
    lovelace(seeded)
    assert only(seeded, "The engine might one day compose “scientific pieces” of music.").verdict == "unknown"


def test_an_unclosed_quote_ends_at_the_sentence_it_matches_to(seeded):
    # The closing mark forgotten, the reporter's own sentence follows in the paragraph.
    f = only(seeded, "Altman wrote: “No thank you but we will buy twitter for $9.74 billion if you want. "
                     "The reply came within hours of the bid, and it was read around the world.")
    assert (f.verdict, f.quote_id, f.flags) == ("verbatim", ALTMAN_POST, ("unclosed",))
    assert f.passage == "No thank you but we will buy twitter for $9.74 billion if you want."


def test_an_unclosed_quote_ends_before_the_reporting_clause(seeded):
    f = only(seeded, "“No thank you but we will buy twitter for $9.74 billion if you want, Altman wrote.")
    assert (f.verdict, f.quote_id, f.passage) == (
        "verbatim", ALTMAN_POST, "No thank you but we will buy twitter for $9.74 billion if you want")


def test_a_headline_quoting_three_words_of_a_statement_is_an_excerpt_not_verbatim(seeded):
    f = only(seeded, "Musk: ‘under $10B secured’")
    assert (f.verdict, f.quote_id) == ("excerpt", MUSK_SOFTBANK)


def test_a_headline_in_capitals_ending_in_an_ellipsis_is_checked_as_an_excerpt(seeded):
    f = only(seeded, "PETROL VE DOĞAL GAZ İTHALATINA TAM 1 TRİLYON DOLAR ÖDEDİ...\n\nBakan Şimşek dün konuştu.")
    assert (f.verdict, f.severity, f.quote_id) == ("excerpt", "ok", SIMSEK_ENERGY_IMPORTS)
