"""`quotes copy` and `quotes export` as a newsletter writer uses them: several blocks at once,
labels in the block's language, warnings on standard error only, and quotes chosen by status."""

import json

from tests.helpers.seeds import ALTMAN_POST, MUSK_NO_MONEY, MUSK_SOFTBANK, SIMSEK_ENERGY_IMPORTS, SIMSEK_INFLATION

ALTMAN_TR = (
    "“hayır teşekkürler ama istersen twitter'ı 9,74 milyar dolara biz satın alırız”\n"
    "— Sam Altman, X post, 2025-02-10\n"
    "İngilizceden çeviren quotes seed translation, gözden geçiren quotes seed review.\n"
    "Aslı (İngilizce): “no thank you but we will buy twitter for $9.74 billion if you want”\n"
    "Kaynak: https://voz.us/en/technology/250211/20923/elon-musk-led-consortium-submits-97-4-billion-offer-to-buy-"
    "openai-but-altman-turns-it-down.html\n"
)
SIMSEK_TR = (
    "“Enflasyonun yıl sonunda %30'un altına inmesini bekliyoruz.”\n"
    "— Mehmet Şimşek, Bigpara (Hürriyet) live broadcast, as summarised by the outlet, 2025-09-17\n"
    "Kaynak: https://bigpara.hurriyet.com.tr/haberler/genel-haberler/bakan-simsekten-onemli-aciklamalar_ID1618044/\n"
)


def test_copy_takes_several_ids_and_warns_outside_the_blocks(seeded_run):
    seeded_run("status", SIMSEK_INFLATION, "verified", "--note", "checked against the broadcast")
    result = seeded_run("copy", ALTMAN_POST, SIMSEK_INFLATION, "--lang", "tr")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, ALTMAN_TR + "\n" + SIMSEK_TR,
        f"warning: {ALTMAN_POST} is unverified: check it against its source before publishing\n")


def test_copy_with_status_leaves_the_others_out_and_names_them(seeded_run):
    seeded_run("status", SIMSEK_INFLATION, "verified", "--note", "checked")
    result = seeded_run("copy", ALTMAN_POST, SIMSEK_INFLATION, "--lang", "tr", "--status", "verified")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, SIMSEK_TR, f"left out: {ALTMAN_POST} is unverified, not verified\n")


def test_a_disputed_quote_is_copied_with_its_warning_on_standard_error(seeded_run):
    seeded_run("status", MUSK_SOFTBANK, "disputed", "--note", "SoftBank denies it")
    result = seeded_run("copy", MUSK_SOFTBANK, "--format", "markdown")
    assert result.exit_code == 0
    assert "SoftBank denies it" not in result.stdout and "Warning" not in result.stdout
    assert result.stderr == f"warning: {MUSK_SOFTBANK} is disputed: SoftBank denies it\n"


def test_copy_refuses_all_when_one_cannot_be_printed(seeded_run):
    result = seeded_run("copy", SIMSEK_INFLATION, MUSK_NO_MONEY, "--lang", "tr")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2, "", f"Error: {MUSK_NO_MONEY} has no approved Turkish rendition\n")


def test_newsletter_export_takes_verified_quotes_unless_asked(seeded_run):
    result = seeded_run("export", "--format", "text", "--lang", "tr")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "", "nothing to export: no verified quote matches (--status unverified takes the others)\n")
    seeded_run("status", SIMSEK_INFLATION, "verified", "--note", "checked")
    result = seeded_run("export", "--format", "text", "--lang", "tr")
    assert (result.stdout, result.stderr) == (SIMSEK_TR, "")
    result = seeded_run("export", "--format", "json", "--lang", "tr", "--status", "verified", "--status", "unverified")
    assert [b["quote_id"] for b in json.loads(result.stdout)] == [SIMSEK_INFLATION, SIMSEK_ENERGY_IMPORTS, ALTMAN_POST]
    assert result.stderr == "".join(f"warning: {quote} is unverified: check it against its source before publishing\n"
                                    for quote in (SIMSEK_ENERGY_IMPORTS, ALTMAN_POST))


def test_approved_interchange_leaves_out_unverified_quotes_unless_asked(seeded_run):
    assert seeded_run("export", "--approved").stdout == ""
    seeded_run("status", SIMSEK_INFLATION, "verified", "--note", "checked")
    assert [json.loads(line)["id"] for line in seeded_run("export", "--approved").stdout.splitlines()] == [
        SIMSEK_INFLATION]
    lines = seeded_run("export", "--approved", "--status", "unverified").stdout.splitlines()
    assert SIMSEK_INFLATION not in [json.loads(line)["id"] for line in lines] and len(lines) == 4
    assert len(seeded_run("export", "--status", "verified").stdout.splitlines()) == 1  # the interchange, filtered
    assert len(seeded_run("export").stdout.splitlines()) == 5  # the whole interchange


def test_retracted_quotes_are_never_published(seeded_run):
    for args in (["export", "--approved"], ["export", "--format", "markdown"], ["copy", MUSK_NO_MONEY]):
        result = seeded_run(*args, "--status", "retracted")
        assert (result.exit_code, result.output) == (2, "Error: --status: retracted quotes are never published\n")


def test_export_approved_as_tmx_is_a_translation_memory_of_both_languages(seeded_run):
    from translate.storage.tmx import tmxfile

    result = seeded_run("export", "--approved", "--format", "tmx")
    assert result.exit_code == 0
    memory = tmxfile(result.stdout_bytes)
    assert memory.document.getroot().get("version") == "1.4"
    pairs = {(unit.source, unit.target) for unit in memory.units}
    assert ("no thank you but we will buy twitter for $9.74 billion if you want",
            "hayır teşekkürler ama istersen twitter'ı 9,74 milyar dolara biz satın alırız") in pairs
    assert {tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in memory.document.iter("tuv")} == {"en", "tr"}


def test_export_tmx_refuses_a_status_filter(seeded_run):
    result = seeded_run("export", "--format", "tmx", "--status", "verified")
    assert (result.exit_code, result.output) == (
        2, "Error: --status does not apply to tmx: the memory holds every approved rendition\n")
