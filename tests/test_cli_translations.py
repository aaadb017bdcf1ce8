import pytest

from tests.helpers.seeds import ALTMAN_POST, ALTMAN_POST_TR_DRIFTED, MUSK_NO_MONEY, SIMSEK_INFLATION
from tests.helpers.tiny_argos import argos_home, build_argosmodel, tiny_output  # noqa: F401  (argos_home is a fixture)


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
    # The block's labels are the newsletter's (tests/test_export.py); here, that the approved text and its people are in it.
    copied = run("copy", MUSK_NO_MONEY, "--lang", "tr").output
    assert copied.startswith("“Aslında hiç paraları yok”\n") and "Ayşe K." in copied and "Deniz Y." in copied
    assert run("note", "r-000001", "--author", "Ayşe K.", "--text", "thanks").output == "noted as translator\n"


def test_renditions_queue(seeded_run):
    assert seeded_run("renditions", "--state", "changes-requested").output == (
        f"{ALTMAN_POST_TR_DRIFTED}  {ALTMAN_POST}  [tr]  changes-requested  "
        "human by unknown (as circulated in Turkish coverage)  from original  “Istersen ben X’i satın alabilirim”\n"
        "1 rendition\n")


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
    assert result.output == (
        "Error: no machine translation model for tr → en; install one with `quotes mt install tr en` "
        "or `quotes mt install PATH.argosmodel`\n")


def test_machine_draft_with_an_installed_model(seeded_run, argos_home, tmp_path):
    model = build_argosmodel(tmp_path / "models", "tr", "en", version="1.0")
    result = seeded_run("mt", "install", str(model))
    assert (result.exit_code, result.output) == (0, "installed tr → en  translate-tr_en 1.0\n")
    assert seeded_run("mt", "list").output == f"tr → en  translate-tr_en 1.0\n1 model in {argos_home}\n"
    result = seeded_run("translate", SIMSEK_INFLATION, "--lang", "en", "--machine", "--translator", "Ayşe K.")
    assert (result.exit_code, result.output) == (0, f"recorded r-000001 (draft): “{tiny_output('tr', 'en')}”\n")
    queue = seeded_run("renditions", "--state", "draft").output
    assert f"r-000001  {SIMSEK_INFLATION}  [en]  draft  machine (translate-tr_en 1.0) by Ayşe K." in queue
    # Never approved without a human: the one who ran the machine may not approve it either.
    seeded_run("review", "r-000001", "--submit", "--reviewer", "Ayşe K.", "--note", "draft")
    result = seeded_run("review", "r-000001", "--approve", "--reviewer", "Ayşe K.", "--note", "ok")
    assert result.exit_code == 2
    assert seeded_run("mt", "remove", "tr", "en").output == "removed tr → en  translate-tr_en 1.0\n"
