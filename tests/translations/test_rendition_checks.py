import pytest

from quotes.translations.checks import CHECKS, ERROR, WARNING, check_texts
from quotes.translations.renditions import record_rendition
from quotes.translations.review import ChecksFailed, review
from tests.helpers.seeds import SIMSEK_INFLATION, SIMSEK_INFLATION_EN

SIMSEK_EN = "We expect inflation to fall below 30% by the end of the year."
SIMSEK_EN_40 = "We expect inflation to fall below 40% by the end of the year."


def failed(original, original_lang, rendition, rendition_lang):
    return [str(finding) for finding in check_texts(original, original_lang, rendition, rendition_lang)]


def test_the_checks_are_declared_with_a_severity_and_an_explanation():
    assert {name: declared.severity for name, declared in CHECKS.items()} == {
        "number": ERROR, "names": ERROR, "negation": ERROR, "person": ERROR, "length": WARNING, "untranslated": WARNING}
    assert all(declared.explanation for declared in CHECKS.values())


def test_numbers_are_compared_by_value_across_languages():
    assert failed("Geçen yıl 9,74 milyar dolar harcadık.", "tr", "Last year we spent $9.74 billion.", "en") == []
    assert failed("Enflasyon yüzde 30 oldu.", "tr", "Inflation was 30%.", "en") == []
    assert failed("Enflasyon %30 oldu.", "tr", "Inflation was 30%.", "en") == []


def test_a_changed_number_is_named():
    assert failed("Enflasyon yüzde 50 oldu.", "tr", "Inflation was 60%.", "en") == [
        "number: yüzde 50 is not in the rendition (it has 60%)"]
    assert failed("Geçen yıl 9,74 milyar dolar harcadık.", "tr", "Last year we spent $97.4 billion.", "en") == [
        "number: 9,74 milyar is not in the rendition (it has $97.4 billion)"]


def test_a_dropped_number_is_named():
    assert failed("Enflasyon yüzde 30 oldu.", "tr", "Inflation fell.", "en") == [
        "number: yüzde 30 is not in the rendition (it has none)"]


def test_a_dropped_negation_fails():
    assert failed("Bunu asla yapmadık.", "tr", "We did it.", "en") == [
        "negation: the original is negative, the rendition is not"]
    assert failed("They don’t actually have the money", "en", "Aslında hiç paraları yok", "tr") == []


def test_we_becoming_i_fails():
    assert failed("Biz bunu bekliyoruz.", "tr", "I expect this.", "en") == [
        "person: the original speaks as 1pl, the rendition as 1sg"]
    assert failed("Biz bunu bekliyoruz.", "tr", "We expect this.", "en") == []


def test_a_pronoun_left_to_the_verb_is_not_a_change():
    assert failed("no thank you but we will buy twitter for $9.74 billion if you want", "en",
                  "hayır teşekkürler, ama istersen twitter'ı 9,74 milyar dolara biz alırız", "tr") == []
    assert failed("Enflasyonun yıl sonunda %30'un altına inmesini bekliyoruz.", "tr", SIMSEK_EN, "en") == []


def test_a_name_in_mid_sentence_must_be_kept():
    original = "Bu yıl Türkiye'nin ihracatı arttı."
    assert failed(original, "tr", "This year Türkiye's exports grew.", "en") == []
    assert failed(original, "tr", "This year the country's exports grew.", "en") == [
        "names: Türkiye is not in the rendition"]


def test_a_speaker_name_counts_at_the_start_of_a_sentence_too():
    findings = check_texts("Şimşek bunu söyledi.", "tr", "He said this.", "en", speaker_names=["Mehmet Şimşek"])
    assert [str(f) for f in findings] == ["names: Şimşek is not in the rendition"]


def test_length_out_of_proportion_is_a_warning():
    findings = check_texts("Enflasyonun yıl sonunda %30'un altına inmesini bekliyoruz.", "tr", "30%.", "en")
    assert [(f.check, f.severity, f.message) for f in findings] == [
        ("length", WARNING, "the rendition has 1 word, the original 7 words")]


def test_words_copied_untranslated_are_a_warning():
    assert failed("They don’t actually have the money", "en", "They don’t actually have para", "tr") == [
        "untranslated: “They don’t actually have” is copied from the original"]


def submitted_40_percent(registry):
    rendition = record_rendition(registry, SIMSEK_INFLATION, lang="en", translator="Ayşe", text=SIMSEK_EN_40)
    review(registry, rendition.id, "submit", reviewer="Ayşe", note="ready")
    return rendition


def test_submitting_records_the_failed_checks_without_blocking(seeded):
    rendition = submitted_40_percent(seeded)
    [submitted] = [e for e in seeded.history(SIMSEK_INFLATION) if e.subject == rendition.id and e.action == "submit"]
    assert submitted.detail["failed_checks"] == ["number: %30 is not in the rendition (it has 40%)"]


def test_a_changed_number_blocks_approval(seeded):
    rendition = submitted_40_percent(seeded)
    with pytest.raises(ChecksFailed, match=r"number: %30 is not in the rendition \(it has 40%\); override the checks"):
        review(seeded, rendition.id, "approve", reviewer="Deniz", note="good")
    assert seeded.get_quote(SIMSEK_INFLATION).rendition(rendition.id).state == "in-review"


def test_overriding_the_checks_approves_and_records_them(seeded):
    rendition = submitted_40_percent(seeded)
    approved = review(seeded, rendition.id, "approve", reviewer="Deniz", note="the minister said 40% later",
                      override_checks=True)
    assert approved.state == "approved"
    [event] = [e for e in seeded.history(SIMSEK_INFLATION) if e.subject == rendition.id and e.action == "approve"]
    assert event.detail["overridden_checks"] == ["number: %30 is not in the rendition (it has 40%)"]


def test_cli_blocks_the_approval_and_lets_it_be_overridden(seeded_run):
    result = seeded_run("translate", SIMSEK_INFLATION, "--lang", "en", "--translator", "Ayşe", "--text", SIMSEK_EN_40)
    assert result.exit_code == 0, result.output
    rendition_id = "r-000001"
    result = seeded_run("review", rendition_id, "--submit", "--reviewer", "Ayşe", "--note", "ready")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, f"{rendition_id} is in-review\n", "warning: number: %30 is not in the rendition (it has 40%)\n")
    result = seeded_run("review", rendition_id, "--approve", "--reviewer", "Deniz", "--note", "good")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2, "", f"Error: {rendition_id}: number: %30 is not in the rendition (it has 40%); "
               "override the checks with a note to approve anyway (--override-checks)\n")
    result = seeded_run("review", rendition_id, "--approve", "--reviewer", "Deniz", "--note", "said 40% later",
                        "--override-checks")
    assert (result.exit_code, result.stdout) == (
        0, f"{rendition_id} is approved; it supersedes {SIMSEK_INFLATION_EN} (approved 2026-11-27 by quotes seed review)\n")


def test_checks_command_lists_the_rendition_checks():
    from click.testing import CliRunner

    from quotes.cli.main import cli

    result = CliRunner().invoke(cli, ["checks", "--renditions"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        f"{c.name:<12}  {c.severity:<7}  {c.explanation}" for c in CHECKS.values()]
    assert result.output.splitlines()[0].startswith("number        error    Each number of the original is in the rendition")
