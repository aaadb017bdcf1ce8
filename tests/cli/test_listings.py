"""Every listing (`list`, `renditions`, `history`, `mt list`) takes the same --format
table|json|jsonl|csv, rendered once (quotes.cli.listings), and --db after the command."""

import csv
import io
import json

import pytest

from quotes.cli.listings import LISTING_FORMATS
from quotes.cli.main import cli
from tests.helpers.seeds import ALTMAN_POST, ALTMAN_POST_TR_DRIFTED, ALTMAN_POST_TR_FAITHFUL, MUSK_NO_MONEY
from tests.helpers.tiny_argos import argos_home, build_argosmodel  # noqa: F401  (argos_home is a fixture)

LISTINGS = [("list",), ("renditions",), ("history", ALTMAN_POST), ("mt", "list")]


def command(path):
    """The click command of a listing's arguments (its names, not its ids)."""
    found = cli
    for name in (name for name in path if not name.startswith("q-")):
        found = found.commands[name]
    return found


@pytest.mark.parametrize("path", LISTINGS, ids=" ".join)
def test_every_listing_takes_the_same_format_option(path):
    [option] = [p for p in command(path).params if p.name == "output_format"]
    assert (tuple(option.type.choices), option.default) == (LISTING_FORMATS, "table")


@pytest.mark.parametrize("path", LISTINGS[:3], ids=" ".join)
def test_json_jsonl_and_csv_hold_the_same_records(seeded_run, path):
    as_json = json.loads(seeded_run(*path, "--format", "json").output)
    as_jsonl = [json.loads(line) for line in seeded_run(*path, "--format", "jsonl").output.splitlines()]
    rows = list(csv.DictReader(io.StringIO(seeded_run(*path, "--format", "csv").output)))
    assert as_json and as_jsonl == as_json
    assert [list(row) for row in rows] == [list(record) for record in as_json]
    for row, record in zip(rows, as_json):
        assert row == {key: "" if value is None else json.dumps(value, ensure_ascii=False)
                       if isinstance(value, (list, dict)) else str(value) for key, value in record.items()}


def test_renditions_as_csv(seeded_run):
    rows = list(csv.DictReader(io.StringIO(seeded_run("renditions", "--quote", ALTMAN_POST, "--format", "csv").output)))
    assert [(row["id"], row["state"], row["original"]) for row in rows] == [
        (ALTMAN_POST_TR_DRIFTED, "changes-requested", "no thank you but we will buy twitter for $9.74 billion if you want"),
        (ALTMAN_POST_TR_FAITHFUL, "approved", "no thank you but we will buy twitter for $9.74 billion if you want")]
    assert json.loads(rows[0]["checks"])[0]["check"] == "number"
    assert json.loads(rows[1]["latest_note"])["action"] == "approve"


def test_history_as_json(seeded_run):
    seeded_run("status", MUSK_NO_MONEY, "verified", "--note", "post checked")
    records = json.loads(seeded_run("history", MUSK_NO_MONEY, "--format", "json").output)
    assert [(r["actor"], r["action"], r["subject"]) for r in records] == [
        ("tester", "import", MUSK_NO_MONEY), ("tester", "status", MUSK_NO_MONEY)]
    assert records[1]["detail"] == {"before": {"status": "unverified"}, "after": {"status": "verified"},
                                    "note": "post checked"}
    assert list(records[0]) == ["id", "at", "actor", "action", "subject", "detail"]


def test_an_empty_listing(run):
    run("add", "We will see", "--speaker", "Someone", "--lang", "en")
    assert run("renditions", "--format", "json").output == "[]\n"
    assert run("renditions", "--format", "jsonl").output == ""
    assert run("renditions", "--format", "csv").output == ""
    assert run("renditions").output == "0 renditions\n"


def test_mt_list_in_every_format(run, argos_home, tmp_path):
    run("mt", "install", str(build_argosmodel(tmp_path / "models", "tr", "en", version="1.0")))
    assert json.loads(run("mt", "list", "--format", "json").output) == [
        {"from": "tr", "to": "en", "package": "translate-tr_en", "version": "1.0"}]
    assert run("mt", "list", "--format", "jsonl").output == (
        '{"from": "tr", "to": "en", "package": "translate-tr_en", "version": "1.0"}\n')
    assert run("mt", "list", "--format", "csv").output == "from,to,package,version\ntr,en,translate-tr_en,1.0\n"
    assert run("mt", "list").output == f"tr → en  translate-tr_en 1.0\n1 model in {argos_home}\n"


def test_csv_quotes_what_needs_quoting(run):
    run("add", 'He said "no", then left,\nfor good', "--speaker", "Someone", "--lang", "en")
    [row] = list(csv.DictReader(io.StringIO(run("list", "--format", "csv").output)))
    assert row["text"] == 'He said "no", then left,\nfor good'


@pytest.mark.parametrize("path", LISTINGS[:3], ids=" ".join)
def test_db_after_the_command(seeded_run, path):
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, [*path, "--format", "json", "--db", seeded_run.db])
    assert result.exit_code == 0 and json.loads(result.output)
