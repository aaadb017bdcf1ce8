import json
import re

import pytest

from tests.helpers.seeds import (
    ALTMAN_POST,
    ALTMAN_POST_TR_DRIFTED,
    ALTMAN_POST_TR_FAITHFUL,
    MUSK_NO_MONEY,
    SIMSEK_INFLATION,
    SIMSEK_INFLATION_EN,
)
from tests.helpers.tiny_argos import argos_home, build_argosmodel, tiny_output  # noqa: F401  (argos_home is a fixture)

TIMES = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00")


def test_human_rendition_through_review_to_copy(seeded_run):
    run = seeded_run
    result = run("translate", MUSK_NO_MONEY, "--lang", "tr", "--translator", "Ayşe K.", "--text", "Aslında paraları yok")
    assert (result.exit_code, result.output) == (0, "recorded r-000001 (draft): “Aslında paraları yok”\n")
    assert run("review", "r-000001", "--submit", "--reviewer", "Ayşe K.", "--note", "ready").output == "r-000001 is in-review\n"
    assert run("review", "r-000001", "--request-changes", "--reviewer", "Deniz Y.", "--note", "“actually” is lost").output == (
        "r-000001 is changes-requested\n")
    assert run("revise", "r-000001", "--translator", "Ayşe K.", "--text", "Aslında hiç paraları yok").output == (
        "r-000001 is at revision 2 (changes-requested)\n")
    assert run("review", "r-000001", "--submit", "--reviewer", "Ayşe K.", "--note", "again").output == "r-000001 is in-review\n"
    assert run("review", "r-000001", "--approve", "--reviewer", "Deniz Y.", "--note", "good").output == "r-000001 is approved\n"
    # The block's labels are the newsletter's (tests/translations/test_export.py); here, that the approved text and its people are in it.
    copied = run("copy", MUSK_NO_MONEY, "--lang", "tr").output
    assert copied.startswith("“Aslında hiç paraları yok”\n") and "Ayşe K." in copied and "Deniz Y." in copied
    assert run("note", "r-000001", "--author", "Ayşe K.", "--text", "thanks").output == "noted as translator\n"


def test_renditions_queue(seeded_run):
    assert seeded_run("renditions", "--state", "changes-requested").output == (
        f"{ALTMAN_POST_TR_DRIFTED}  {ALTMAN_POST}  [tr]  changes-requested  "
        "human by unknown (as circulated in Turkish coverage)  from original  “Istersen ben X’i satın alabilirim”\n"
        "  original [en]: “no thank you but we will buy twitter for $9.74 billion if you want”\n"
        "  checks: number: $9.74 billion is not in the rendition (it has none) (error); "
        "negation: the original is negative, the rendition is not (error); "
        "person: the original speaks as 1pl, 2, the rendition as 1sg (error); "
        "length: the rendition has 5 words, the original 13 words (warning)\n"
        "  latest note: 2026-11-27T12:00:00+00:00  quotes seed review (reviewer) [request-changes]: Drifted from the "
        "post: the amount ($9.74 billion) is dropped; \"we\" became \"ben\" (first person singular); \"twitter\" became "
        "\"X\"; \"no thank you\" is missing. Do not present this as Altman's words.\n"
        "1 rendition\n")


def test_renditions_by_translator_however_the_name_is_typed(seeded_run):
    seeded_run("translate", MUSK_NO_MONEY, "--lang", "tr", "--translator", "Ayşe K.", "--text", "Aslında paraları yok")
    seeded_run("translate", MUSK_NO_MONEY, "--lang", "de", "--translator", "Mert", "--text", "Sie haben das Geld nicht")
    for name in ["Ayşe K.", "ayse k.", "AYŞE  K."]:
        records = json.loads(seeded_run("renditions", "--translator", name, "--format", "json").output)
        assert [r["id"] for r in records] == ["r-000001"]
    assert seeded_run("renditions", "--translator", "Nobody").output == "0 renditions\n"


def test_renditions_json_has_the_original_the_checks_and_the_latest_note(seeded_run):
    [record] = json.loads(seeded_run("renditions", "--quote", SIMSEK_INFLATION, "--format", "json").output)
    assert record == {
        "id": SIMSEK_INFLATION_EN, "quote_id": SIMSEK_INFLATION, "speaker": "Mehmet Şimşek", "lang": "en",
        "state": "approved", "text": "We expect inflation to fall below 30% by the end of the year.",
        "translator": "quotes seed translation", "method": "human", "engine": None, "model": None,
        "model_version": None, "from": "original", "revision": 1, "created_at": "2026-11-27T12:00:00+00:00",
        "original_lang": "tr", "original": "Enflasyonun yıl sonunda %30'un altına inmesini bekliyoruz.", "checks": [],
        "latest_note": {"author": "quotes seed review", "role": "reviewer", "action": "approve",
                        "at": "2026-11-27T12:00:00+00:00",
                        "text": "Faithful; keeps \"we\" (the government's programme) and the 30% figure."},
    }
    [drifted] = json.loads(seeded_run("renditions", "--state", "changes-requested", "--format", "json").output)
    assert drifted["checks"][0] == {"check": "number", "severity": "error",
                                    "message": "$9.74 billion is not in the rendition (it has none)"}


def test_show_a_rendition_side_by_side_with_its_revisions_diffed(seeded_run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "90")
    seeded_run("translate", MUSK_NO_MONEY, "--lang", "tr", "--translator", "Ayşe K.", "--text", "Aslında paraları yok")
    seeded_run("review", "r-000001", "--submit", "--note", "ready")
    seeded_run("review", "r-000001", "--request-changes", "--reviewer", "Deniz Y.", "--note", "“actually” is lost")
    seeded_run("revise", "r-000001", "--translator", "Ayşe K.", "--text", "Aslında hiç paraları yok", "--note", "hiç",
               "--submit")
    assert TIMES.sub("AT", seeded_run("show", "r-000001").output) == (
        f"r-000001  rendition of {MUSK_NO_MONEY}, Elon Musk  [en → tr]  in-review\n"
        "  human, by Ayşe K., AT\n"
        "\n"
        f"  {'original [en]':<42} │ rendition [tr], revision 2\n"  # columns of (90 - 5) // 2
        f"  {'They don’t actually have the money':<42} │ Aslında hiç paraları yok\n"
        "\n"
        "  checks: all pass\n"
        "  revisions:\n"
        "    1  AT  Ayşe K.: “Aslında paraları yok”\n"
        "    2  AT  Ayşe K.: diff: Aslında {+hiç+} (negation, added) paraları yok\n"
        "  notes:\n"
        "    AT  tester (reviewer) [submit]: ready\n"
        "    AT  Deniz Y. (reviewer) [request-changes]: “actually” is lost\n"
        "    AT  Ayşe K. (translator) [submit]: hiç\n")


def test_show_a_rendition_one_above_the_other_on_a_narrow_terminal(seeded_run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    output = seeded_run("show", ALTMAN_POST_TR_DRIFTED).output
    assert ("  original [en]:\n"
            "    no thank you but we will buy twitter\n"
            "    for $9.74 billion if you want\n"
            "  rendition [tr], revision 1:\n"
            "    Istersen ben X’i satın alabilirim\n") in output
    assert ("  checks:\n"
            "    error    number: $9.74 billion is not in the rendition (it has none)\n") in output


def test_show_a_back_translation_beside_what_it_was_made_from(seeded_run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    seeded_run("translate", ALTMAN_POST, "--lang", "en", "--translator", "Mert", "--text", "If you want, I can buy X",
               "--from", ALTMAN_POST_TR_DRIFTED)
    lines = seeded_run("show", "r-000001").output.splitlines()
    assert lines[0] == f"r-000001  rendition of {ALTMAN_POST}, Sam Altman  [tr → en]  draft"
    assert lines[2:7] == [
        "  original [en]: “no thank you but we will buy twitter for $9.74 billion if you want”",
        "",
        f"  {f'made from {ALTMAN_POST_TR_DRIFTED} [tr]':<37} │ rendition [en], revision 1",  # (80 - 5) // 2
        f"  {'Istersen ben X’i satın alabilirim':<37} │ If you want, I can buy X",
        "",
    ]


def test_show_a_rendition_as_json_has_its_thread(seeded_run):
    seeded_run("translate", MUSK_NO_MONEY, "--lang", "tr", "--translator", "Ayşe K.", "--text", "Aslında paraları yok")
    seeded_run("revise", "r-000001", "--text", "Aslında hiç paraları yok", "--note", "hiç")
    record = json.loads(seeded_run("show", "r-000001", "--format", "json").output)
    assert [(r["revision"], r["text"], r["changes"]) for r in record["revisions"]] == [
        (1, "Aslında paraları yok", None),
        (2, "Aslında hiç paraları yok", [
            {"op": "keep", "from": "Aslında", "to": "Aslında", "flags": []},
            {"op": "insert", "from": "", "to": "hiç", "flags": ["negation", "added"]},
            {"op": "keep", "from": "paraları", "to": "paraları", "flags": []},
            {"op": "keep", "from": "yok", "to": "yok", "flags": []}])]
    assert [(n["author"], n["action"], n["text"]) for n in record["notes"]] == [("tester", "revise", "hiç")]
    assert record["latest_note"] == record["notes"][-1]


def test_show_an_unknown_rendition(seeded_run):
    result = seeded_run("show", "r-ffffff")
    assert (result.exit_code, result.output) == (2, "Error: no rendition with id r-ffffff\n")


@pytest.mark.parametrize(
    "args, message",
    [
        (["review", ALTMAN_POST_TR_DRIFTED, "--approve", "--reviewer", "D", "--note", "n"],
         "Error: cannot approve a rendition that is changes-requested (only from in-review)\n"),
        (["review", ALTMAN_POST_TR_DRIFTED, "--reviewer", "D", "--note", "n"],
         "Error: give one of --submit, --approve, --request-changes, --reject\n"),
        (["review", "r-nope", "--submit", "--reviewer", "D", "--note", "n"], "Error: no rendition with id r-nope\n"),
        (["translate", ALTMAN_POST, "--lang", "qq", "--translator", "T", "--text", "x"],
         "Error: --lang: 'qq' is not a language code (use ISO 639 codes such as tr, en, az)\n"),
    ],
)
def test_review_errors_exit_2(seeded_run, args, message):
    result = seeded_run(*args)
    assert (result.exit_code, result.output) == (2, message)


def test_machine_draft_without_a_model_names_mt_install(seeded_run, argos_home):
    result = seeded_run("translate", SIMSEK_INFLATION, "--lang", "en", "--machine", "--translator", "Ayşe K.")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] + "\n" == (
        "Error: no machine translation model for tr → en; install one with `quotes mt install tr en` "
        "or `quotes mt install PATH.argosmodel`\n")


def test_machine_draft_with_an_installed_model(seeded_run, argos_home, tmp_path):
    model = build_argosmodel(tmp_path / "models", "tr", "en", version="1.0")
    result = seeded_run("mt", "install", str(model))
    assert (result.exit_code, result.output) == (0, "installed tr → en  translate-tr_en 1.0\n")
    assert seeded_run("mt", "list").output == f"tr → en  translate-tr_en 1.0\n1 model in {argos_home}\n"
    result = seeded_run("translate", SIMSEK_INFLATION, "--lang", "en", "--machine", "--translator", "Ayşe K.")
    assert (result.exit_code, result.stdout) == (0, f"recorded r-000001 (draft): “{tiny_output('tr', 'en')}”\n")
    queue = seeded_run("renditions", "--state", "draft").output
    assert f"r-000001  {SIMSEK_INFLATION}  [en]  draft  machine (translate-tr_en 1.0) by Ayşe K." in queue
    # Never approved without a human: the one who ran the machine may not approve it either.
    seeded_run("review", "r-000001", "--submit", "--reviewer", "Ayşe K.", "--note", "draft")
    result = seeded_run("review", "r-000001", "--approve", "--reviewer", "Ayşe K.", "--note", "ok")
    assert result.exit_code == 2
    assert seeded_run("mt", "remove", "tr", "en").output == "removed tr → en  translate-tr_en 1.0\n"


def test_translate_without_a_text_shows_the_translation_memory_and_records_nothing(seeded_run):
    seeded_run("add", "Enflasyonun yıl sonunda %25'in altına inmesini bekliyoruz.", "--speaker", "Mehmet Şimşek",
               "--lang", "tr")
    result = seeded_run("translate", "q-000001", "--lang", "en")
    assert (result.exit_code, result.output) == (0, (
        "translation memory for q-000001 [tr → en]: “Enflasyonun yıl sonunda %25'in altına inmesini bekliyoruz.”\n"
        "  similar quotes, with an approved rendition in en:\n"
        f"    86%  {SIMSEK_INFLATION}, Mehmet Şimşek: “Enflasyonun yıl sonunda %30'un altına inmesini bekliyoruz.”\n"
        "          differs: Enflasyonun yıl sonunda [-%30'un-] {+%25'in+} (number) altına inmesini bekliyoruz\n"
        f"          {SIMSEK_INFLATION_EN} [en]: “We expect inflation to fall below 30% by the end of the year.”\n"
        "record a rendition with `quotes translate q-000001 --lang en --text TEXT` (or --machine for a machine draft)\n"))
    assert seeded_run("renditions", "--quote", "q-000001").output == "0 renditions\n"


def test_translate_shows_the_quote_s_own_renditions_first(seeded_run):
    result = seeded_run("translate", ALTMAN_POST, "--lang", "tr")
    assert result.output.splitlines()[1:4] == [
        "  this quote in tr:",
        f"    {ALTMAN_POST_TR_DRIFTED}  changes-requested  by unknown (as circulated in Turkish coverage): "
        "“Istersen ben X’i satın alabilirim”",
        f"    {ALTMAN_POST_TR_FAITHFUL}  approved  by quotes seed translation: "
        "“hayır teşekkürler ama istersen twitter'ı 9,74 milyar dolara biz satın alırız”"]
    assert seeded_run("translate", MUSK_NO_MONEY, "--lang", "tr").output.splitlines()[1] == (
        "  nothing yet: no rendition in tr, and no similar quote has an approved rendition in tr")


def test_recording_shows_the_memory_on_standard_error(seeded_run):
    result = seeded_run("translate", SIMSEK_INFLATION, "--lang", "en", "--text", "We expect inflation below 30% this year.")
    assert result.exit_code == 0
    assert result.stdout == "recorded r-000001 (draft): “We expect inflation below 30% this year.”\n"
    assert result.stderr.splitlines()[1:3] == [
        "  this quote in en:",
        f"    {SIMSEK_INFLATION_EN}  approved  by quotes seed translation: "
        "“We expect inflation to fall below 30% by the end of the year.”"]
    # Nothing in memory, nothing on standard error.
    result = seeded_run("translate", MUSK_NO_MONEY, "--lang", "tr", "--text", "Aslında paraları yok")
    assert (result.stdout, result.stderr) == ("recorded r-000002 (draft): “Aslında paraları yok”\n", "")
