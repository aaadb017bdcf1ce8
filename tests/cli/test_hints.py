"""Every error message that suggests a command: followed exactly (its placeholders filled
in), the suggested command works (issue 12, item 3)."""

import json
import re
import shlex

from click.testing import CliRunner

from quotes.cli.main import cli
from tests.helpers.seeds import ALTMAN_POST, ALTMAN_POST_TR_FAITHFUL, SEEDS, SIMSEK_INFLATION
from tests.helpers.tiny_argos import argos_home, build_argosmodel  # noqa: F401  (argos_home is a fixture)


def suggested(message: str, **placeholders: str) -> list[str]:
    """The arguments after ``quotes`` of the one command ``message`` suggests between
    backquotes, each placeholder (TEXT, PATH.argosmodel) replaced by the value given."""
    [command] = re.findall(r"`quotes ([^`]*)`", message)
    return [placeholders.get(arg, arg) for arg in shlex.split(command)]


def test_revising_an_approved_rendition_suggests_recording_a_new_one(seeded_run):
    result = seeded_run("revise", ALTMAN_POST_TR_FAITHFUL, "--text", "hayır teşekkürler")
    assert (result.exit_code, result.output) == (
        2, f"Error: {ALTMAN_POST_TR_FAITHFUL} is approved; only a draft or a rendition with changes requested is "
           f"revised: record a new rendition with `quotes translate {ALTMAN_POST} --lang tr --text TEXT`\n")
    followed = seeded_run(*suggested(result.output, TEXT="hayır teşekkürler, ama istersen twitter'ı 9,74 milyar "
                                                         "dolara biz satın alırız"))
    assert (followed.exit_code, followed.output.splitlines()[-1]) == (
        0, "recorded r-000001 (draft): “hayır teşekkürler, ama istersen twitter'ı 9,74 milyar dolara biz satın alırız”")


def test_revising_an_approved_back_translation_suggests_one_made_from_the_same_rendition(seeded_run):
    seeded_run("translate", ALTMAN_POST, "--lang", "de", "--from", ALTMAN_POST_TR_FAITHFUL, "--text", "nein danke")
    seeded_run("review", "r-000001", "--submit", "--note", "ready")
    seeded_run("review", "r-000001", "--approve", "--reviewer", "Deniz", "--note", "ok")
    result = seeded_run("revise", "r-000001", "--text", "nein, danke")
    assert result.output.endswith(
        f"`quotes translate {ALTMAN_POST} --lang de --from {ALTMAN_POST_TR_FAITHFUL} --text TEXT`\n")
    followed = seeded_run(*suggested(result.output, TEXT="nein, danke"))
    assert followed.exit_code == 0, followed.output
    assert "recorded r-000002 (draft): “nein, danke”" in followed.output


def test_self_review_suggests_the_flag_that_allows_it(seeded_run):
    seeded_run("translate", SIMSEK_INFLATION, "--lang", "de", "--text", "Wir erwarten, dass die Inflation unter 30% fällt")
    seeded_run("review", "r-000001", "--submit", "--note", "ready")
    result = seeded_run("review", "r-000001", "--approve", "--note", "mine")
    assert result.output.endswith("ask another reviewer or pass --allow-self-review\n")
    followed = seeded_run("review", "r-000001", "--approve", "--note", "mine", "--allow-self-review")
    assert (followed.exit_code, followed.output) == (0, "r-000001 is approved\n")


def test_failed_checks_suggest_overriding_them(seeded_run):
    seeded_run("translate", SIMSEK_INFLATION, "--lang", "de", "--text", "Wir erwarten, dass die Inflation unter 40% fällt")
    seeded_run("review", "r-000001", "--submit", "--note", "ready")
    result = seeded_run("review", "r-000001", "--approve", "--reviewer", "Deniz", "--note", "said 40% later")
    assert result.output.endswith("override the checks with a note to approve anyway (--override-checks)\n")
    followed = seeded_run("review", "r-000001", "--approve", "--reviewer", "Deniz", "--note", "said 40% later",
                          "--override-checks")
    assert (followed.exit_code, followed.stdout) == (0, "r-000001 is approved\n")


def test_a_missing_registry_suggests_import_or_add(tmp_path):
    db = str(tmp_path / "new.db")
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", db, "list"])
    assert (result.exit_code, result.output) == (
        2, f"Error: {db}: no such registry (no such file); `quotes import` or `quotes add` creates one\n")
    assert runner.invoke(cli, ["--db", db, "import", str(SEEDS)]).exit_code == 0
    assert runner.invoke(cli, ["--db", db, "list"]).output.endswith("5 quotes\n")
    other = str(tmp_path / "other.db")
    assert runner.invoke(cli, ["--db", other, "add", "We will see", "--speaker", "Someone", "--lang", "en"]).exit_code == 0


def test_an_import_with_another_text_for_a_registered_id_suggests_edit(seeded_run, tmp_path):
    record = json.loads(SEEDS.read_text().splitlines()[0])
    corrected = "no thank you but we will buy twitter for $9.74 billion if you want."
    path = tmp_path / "corrected.jsonl"
    path.write_text(json.dumps({**record, "text": corrected}, ensure_ascii=False) + "\n")
    result = seeded_run("import", str(path))
    assert result.output.endswith("use `quotes edit` to correct it\n")
    followed = seeded_run("edit", record["id"], "--text", corrected, "--reason", "full stop, as in corrected.jsonl")
    assert followed.exit_code == 0, followed.output
    assert seeded_run("import", str(path)).output == "imported 0 quote(s), skipped 1 already registered\n"


def test_an_import_adding_renditions_to_a_registered_quote_suggests_translate(seeded_run, tmp_path):
    record = json.loads(SEEDS.read_text().splitlines()[0])
    added = {"id": "r-00de01", "lang": "de", "text": "nein danke", "translator": "Mert", "method": "human",
             "from": "original", "state": "draft"}
    path = tmp_path / "more.jsonl"
    path.write_text(json.dumps({**record, "renditions": [*record["renditions"], added]}, ensure_ascii=False) + "\n")
    result = seeded_run("import", str(path))
    assert result.output.endswith("add them with `quotes edit` / `quotes translate`\n")
    followed = seeded_run("translate", record["id"], "--lang", "de", "--translator", "Mert", "--text", "nein danke")
    assert followed.exit_code == 0, followed.output


def test_a_missing_model_suggests_installing_one(seeded_run, argos_home, tmp_path):
    result = seeded_run("translate", SIMSEK_INFLATION, "--lang", "en", "--machine")
    assert result.exit_code == 2
    model = build_argosmodel(tmp_path / "models", "tr", "en", version="1.0")
    # The second suggestion, a file; the first (`quotes mt install tr en`) needs the Argos index online.
    [_from_index, from_file] = re.findall(r"`quotes ([^`]*)`", result.output)
    assert seeded_run(*[str(model) if arg == "PATH.argosmodel" else arg for arg in shlex.split(from_file)]).exit_code == 0
    assert seeded_run("translate", SIMSEK_INFLATION, "--lang", "en", "--machine").exit_code == 0


def test_removing_a_model_that_is_not_installed_suggests_mt_list(seeded_run, argos_home):
    result = seeded_run("mt", "remove", "tr", "en")
    assert (result.exit_code, result.output) == (
        2, "Error: no machine translation model for tr → en is installed; see `quotes mt list`\n")
    followed = seeded_run(*suggested(result.output))
    assert (followed.exit_code, followed.output) == (0, f"0 models in {argos_home}\n")


def test_the_translation_memory_suggests_recording_a_rendition(seeded_run):
    result = seeded_run("translate", SIMSEK_INFLATION, "--lang", "de")
    assert result.output.endswith(
        f"record a rendition with `quotes translate {SIMSEK_INFLATION} --lang de --text TEXT` "
        "(or --machine for a machine draft)\n")
    followed = seeded_run(*suggested(result.output, TEXT="Wir erwarten, dass die Inflation unter 30% fällt"))
    assert (followed.exit_code, followed.stdout) == (
        0, "recorded r-000001 (draft): “Wir erwarten, dass die Inflation unter 30% fällt”\n")
