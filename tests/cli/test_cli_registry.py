import json
import os
import sqlite3

import pytest
from click.testing import CliRunner

from quotes.cli.main import cli
from tests.helpers.seeds import (
    ALTMAN_POST,
    ALTMAN_POST_TR_DRIFTED,
    ALTMAN_POST_TR_FAITHFUL,
    MUSK_NO_MONEY,
    MUSK_SOFTBANK,
    SEEDS,
    SIMSEK_ENERGY_IMPORTS,
    SIMSEK_INFLATION,
)


def test_add_list_show(run):
    result = run("add", "They don’t actually have the money", "--speaker", "Elon Musk", "--alias", "Musk",
                 "--lang", "en", "--said-on", "2025-01-22", "--outlet", "X", "--medium", "post")
    assert (result.exit_code, result.output) == (0, "added q-000001\n")
    result = run("list")
    assert result.output == "q-000001  Elon Musk  [en]  unverified  “They don’t actually have the money”\n1 quote\n"
    result = run("show", "000")
    assert result.output == (
        "q-000001  Elon Musk  [en]  unverified  “They don’t actually have the money”\n"
        "  “They don’t actually have the money”\n"
        "  2025-01-22 · X · post\n"
        "  speaker also named: Musk\n"
    )


def test_seed_show_prints_renditions_and_notes(seeded_run):
    output = seeded_run("show", ALTMAN_POST).output
    assert f"  rendition {ALTMAN_POST_TR_DRIFTED} [tr] changes-requested: “Istersen ben X’i satın alabilirim”\n" in output
    assert "    human, by unknown (as circulated in Turkish coverage); made from: en → tr\n" in output
    assert "note by quotes seed review (reviewer) [request-changes]" in output


def test_edit_status_history(seeded_run):
    edited = seeded_run("edit", MUSK_NO_MONEY, "--text", "They don’t actually have the money.", "--reason", "full stop")
    assert edited.output == f"{MUSK_NO_MONEY} is now at version 2\n"
    assert seeded_run("status", MUSK_NO_MONEY, "disputed", "--note", "deleted post").output == f"{MUSK_NO_MONEY} is disputed\n"
    lines = seeded_run("history", MUSK_NO_MONEY).output.splitlines()
    assert [line.split("  ")[1:3] for line in lines] == [["tester", "import"], ["tester", "edit"], ["tester", "status"]]
    shown = seeded_run("show", MUSK_NO_MONEY).output
    assert "    v1 " in shown and "    v2 " in shown and "— full stop" in shown


def test_list_json_and_jsonl(seeded_run):
    records = json.loads(seeded_run("list", "--speaker", "Şimşek", "--format", "json").output)
    assert [r["id"] for r in records] == [SIMSEK_INFLATION, SIMSEK_ENERGY_IMPORTS]
    lines = seeded_run("list", "--lang", "en", "--format", "jsonl").output.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [MUSK_NO_MONEY, MUSK_SOFTBANK, ALTMAN_POST]


def test_import_twice_says_so(seeded_run):
    result = seeded_run("import", str(SEEDS))
    assert (result.exit_code, result.output) == (0, "imported 0 quote(s), skipped 5 already registered\n")


def test_export_jsonl_round_trip(seeded_run, tmp_path, run):
    exported = seeded_run("export").output
    assert exported.count("\n") == 5
    path = tmp_path / "out.jsonl"
    path.write_text(exported)
    assert seeded_run("export", "--format", "jsonl").output == exported


MUSK_POSTS = os.path.commonprefix([MUSK_NO_MONEY, MUSK_SOFTBANK])  # a prefix of both ids


def registry_dump(db: str) -> list:
    with sqlite3.connect(db) as conn:
        return [conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
                for table in ("quotes", "quote_versions", "renditions", "notes", "events")]


@pytest.mark.parametrize(
    "args, message",
    [
        (["show", "q-ffffff"], "Error: no quote with id q-ffffff\n"),
        (["show", MUSK_POSTS], f"Error: {MUSK_POSTS} is ambiguous: it matches {MUSK_NO_MONEY}, {MUSK_SOFTBANK}\n"),
        (["edit", "q-nothere", "--text", "x", "--reason", "y"], "Error: no quote with id q-nothere\n"),
        (["status", "q-404", "verified", "--note", "n"], "Error: no quote with id q-404\n"),
        (["add", "x", "--speaker", "A", "--lang", "en", "--said-on", "22/01/2025"],
         "Error: --said-on: '22/01/2025' is not a date (use YYYY-MM-DD)\n"),
        (["add", "x", "--speaker", "A", "--lang", "klingonese"],
         "Error: --lang: 'klingonese' is not a language code (use ISO 639 codes such as tr, en, az)\n"),
        (["import", "missing.jsonl"], "Error: missing.jsonl: no such file\n"),
        (["list", "--status", "fake"], "Error: --status: 'fake' is not one of unverified, verified, disputed, retracted\n"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_changes_nothing(seeded_run, args, message):
    before = registry_dump(seeded_run.db)
    result = seeded_run(*args)
    assert (result.exit_code, result.output) == (2, message)
    assert registry_dump(seeded_run.db) == before


def test_malformed_jsonl_on_line_3_of_5_imports_nothing(seeded_run, tmp_path):
    path = tmp_path / "five.jsonl"
    good = '{"text": "Line %d", "lang": "en", "speaker": "Someone"}'
    path.write_text("\n".join([good % 1, good % 2, '{"text": oops}', good % 4, good % 5]) + "\n")
    before = registry_dump(seeded_run.db)
    result = seeded_run("import", str(path))
    assert result.exit_code == 2
    assert result.output == f"Error: {path}:3: not valid JSON (Expecting value at column 10)\n"
    assert registry_dump(seeded_run.db) == before


def test_non_utf8_import(seeded_run, tmp_path):
    path = tmp_path / "cp1254.jsonl"
    path.write_bytes('{"text": "Şimşek", "lang": "tr", "speaker": "A"}\n'.encode("cp1254"))
    result = seeded_run("import", str(path))
    assert (result.exit_code, result.output) == (
        2, f"Error: {path}:1: not UTF-8 (byte 0xde); JSON Lines must be UTF-8\n")


def test_database_that_is_not_sqlite(tmp_path):
    from click.testing import CliRunner

    from quotes.cli.main import cli

    path = tmp_path / "photo.db"
    path.write_bytes(b"\x89PNG\r\n" + bytes(range(256)) * 40)
    result = CliRunner().invoke(cli, ["--db", str(path), "list"])
    assert result.exit_code == 2
    assert result.output == f"Error: {path}: not a quotes database or corrupt (file is not a database)\n"
    assert path.read_bytes().startswith(b"\x89PNG")


def test_export_approved_jsonl_leaves_out_unapproved_renditions_and_retracted_quotes(seeded_run):
    seeded_run("status", MUSK_SOFTBANK, "retracted", "--note", "deleted post")
    records = [json.loads(line) for line in seeded_run("export", "--approved", "--status", "unverified").output.splitlines()]
    assert MUSK_SOFTBANK not in [r["id"] for r in records]
    altman = next(r for r in records if r["id"] == ALTMAN_POST)
    assert [r["id"] for r in altman["renditions"]] == [ALTMAN_POST_TR_FAITHFUL]


def test_show_prints_a_back_translation_chain(seeded_run):
    seeded_run("translate", ALTMAN_POST, "--lang", "en", "--translator", "Mert", "--text", "If you want, I can buy X",
               "--from", ALTMAN_POST_TR_DRIFTED)
    shown = seeded_run("show", ALTMAN_POST).output
    assert f"    human, by Mert; made from: en → tr ({ALTMAN_POST_TR_DRIFTED}) → en\n" in shown


def test_db_may_follow_the_command(tmp_path):
    db = str(tmp_path / "after.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["import", str(SEEDS), "--db", db]).output == "imported 5 quote(s), skipped 0 already registered\n"
    result = runner.invoke(cli, ["--db", str(tmp_path / "elsewhere.db"), "list", "--db", db])
    assert (result.exit_code, result.output.splitlines()[-1]) == (0, "5 quotes")
    assert not (tmp_path / "elsewhere.db").exists()


@pytest.mark.parametrize("args, message", [
    (["frobnicate"], "Error: No such command 'frobnicate'.\n"),
    (["add", "We will see", "--lang", "en"], "Error: Missing option '--speaker'.\n"),
])
def test_usage_errors_are_one_line_with_exit_status_2(seeded_run, args, message):
    result = seeded_run(*args)
    assert (result.exit_code, result.output) == (2, message)
