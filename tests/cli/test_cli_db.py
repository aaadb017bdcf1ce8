"""`--db` as the user gives it (issue 10): a read never creates a registry, `check` refuses a
missing or empty one, another program's file is left alone, unsupported URLs are named,
and a writer gives up after the lock timeout with the same line on both backends."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing

import pytest
from click.testing import CliRunner

from quotes.cli.main import cli
from quotes.cli.options import WRITING_COMMANDS
from quotes.registry.store import Store
from tests.helpers.seeds import MUSK_NO_MONEY, SEED_ARTICLE, SEEDS
from tests.registry.test_store_open import sidecars, snapshot, writer_lock_held

READS = [
    ["list"], ["show", MUSK_NO_MONEY], ["history", MUSK_NO_MONEY], ["export"], ["export", "--format", "markdown"],
    ["renditions"], ["copy", MUSK_NO_MONEY], ["check", str(SEED_ARTICLE)],
    ["check", "--fail-on", "warn", str(SEED_ARTICLE)], ["check", "--jobs", "2", str(SEED_ARTICLE)],
]


def quotes(*args: str, env: dict | None = None, input: str | None = None):
    return CliRunner().invoke(cli, list(args), env=env, input=input, prog_name="quotes")


@pytest.mark.parametrize("args", READS, ids=" ".join)
def test_a_command_that_reads_never_creates_a_registry(tmp_path, args):
    db = tmp_path / "typo" / "typo.db"
    result = quotes("--db", str(db), *args)
    assert (result.exit_code, result.output) == (
        2, f"Error: {db}: no such registry (no such file); `quotes import` or `quotes add` creates one\n")
    assert not db.parent.exists()


@pytest.mark.parametrize("args", READS, ids=" ".join)
def test_a_command_that_reads_does_not_make_an_empty_file_a_registry(tmp_path, args):
    db = tmp_path / "empty.db"
    db.touch()
    result = quotes("--db", str(db), *args)
    assert result.exit_code == 2 and "no such registry (the database is empty)" in result.output
    assert db.stat().st_size == 0 and sidecars(db) == []


def test_check_against_a_mistyped_registry_fails_instead_of_passing(tmp_path):
    """The issue's report: every quote `unknown`, exit 0, and typo.db created."""
    quotes("--db", str(tmp_path / "r.db"), "import", str(SEEDS))
    result = quotes("--db", str(tmp_path / "typo.db"), "check", "--fail-on", "warn", str(SEED_ARTICLE))
    assert result.exit_code == 2
    assert result.output.splitlines() == [f"Error: {tmp_path / 'typo.db'}: no such registry (no such file); "
                                          "`quotes import` or `quotes add` creates one"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.db"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_check_against_an_empty_registry_is_refused(db_location, jobs):
    Store(db_location).close()  # a registry without quotes (as a failed first import leaves it)
    result = quotes("--db", db_location, "check", "--jobs", jobs, str(SEED_ARTICLE))
    assert (result.exit_code, result.output) == (2, f"Error: {db_location}: the registry is empty; import quotes first\n")


def test_commands_that_write_still_create_a_registry(tmp_path):
    db = tmp_path / "new" / "quotes.db"
    result = quotes("--db", str(db), "add", "We will see.", "--speaker", "A B", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert db.exists()
    assert quotes("--db", str(tmp_path / "seeded.db"), "import", str(SEEDS)).exit_code == 0
    assert quotes("--db", str(tmp_path / "seeded.db"), "list").output.endswith("5 quotes\n")


def test_the_writing_commands_are_commands():
    assert WRITING_COMMANDS <= set(cli.commands)


XLIFF_FOR_AN_UNREGISTERED_QUOTE = """<?xml version='1.0' encoding='UTF-8'?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="tr">
  <file id="f1"><unit id="q-3c9d10"><segment>
    <source>They don’t actually have the money</source><target>Aslında paraları yok</target>
  </segment></unit></file>
</xliff>
"""

PO_FOR_AN_UNREGISTERED_QUOTE = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: tr\\n"

msgctxt "q-3c9d10"
msgid "They don’t actually have the money"
msgstr "Aslında paraları yok"
"""

# Each command that may create a registry, refused after it opened one: the arguments, the
# standard input, and the one line it prints.
REFUSED = {
    "add": (["add", "", "--speaker", "A B", "--lang", "en"], None, "Error: text: must not be empty"),
    "edit": (["edit", "q-000000", "--text", "x y", "--reason", "typo"], None, "Error: no quote with id q-000000"),
    "status": (["status", "q-000000", "verified", "--note", "n"], None, "Error: no quote with id q-000000"),
    "import": (["import", "{tmp}/broken.jsonl"], None,
               "Error: {tmp}/broken.jsonl:1: expected a JSON object"),
    "translate": (["translate", "q-000000", "--lang", "en", "--text", "x y"], None, "Error: no quote with id q-000000"),
    "revise": (["revise", "r-000000", "--text", "x y"], None, "Error: no rendition with id r-000000"),
    "review": (["review", "r-000000", "--approve", "--note", "n"], None, "Error: no rendition with id r-000000"),
    "note": (["note", "r-000000", "--text", "n"], None, "Error: no rendition with id r-000000"),
    "user add": (["user", "add", "X Y", "--role", "editor", "--password-stdin"], "ab\n",
                 "Error: password: must be at least 8 characters"),
    "xliff import": (["xliff", "import", "{tmp}/tr.xlf"], None,
                     "Error: {tmp}/tr.xlf: unit q-3c9d10: no quote with id q-3c9d10; nothing imported"),
    "watch add": (["watch", "add", "ftp://example.org/feed"], None,
                  "Error: 'ftp://example.org/feed' is not an http(s) URL with a host"),
    "po import": (["po", "import", "{tmp}/tr.po"], None,
                  "Error: {tmp}/tr.po: unit q-3c9d10: no quote with id q-3c9d10; nothing imported"),
}


def writing_commands() -> set[str]:
    """Every command, or group's subcommand, that opens the registry to write (by name, as
    ``registry_command`` decides it)."""
    names = set()
    for name, command in cli.commands.items():
        subcommands = getattr(command, "commands", None)
        if subcommands is None:
            names |= {name} & WRITING_COMMANDS
        else:
            names |= {f"{name} {sub}" for sub in subcommands if sub in WRITING_COMMANDS}
    return names


@pytest.mark.parametrize("command", sorted(REFUSED))
def test_a_refused_write_leaves_no_registry_behind(tmp_path, command):
    """Issue 17: a refused write made a 150 KB empty registry, and the next mistyped --db
    then said "the registry is empty" instead of "no such registry"."""
    (tmp_path / "broken.jsonl").write_text("[1]\n", encoding="utf-8")
    (tmp_path / "tr.xlf").write_text(XLIFF_FOR_AN_UNREGISTERED_QUOTE, encoding="utf-8")
    (tmp_path / "tr.po").write_text(PO_FOR_AN_UNREGISTERED_QUOTE, encoding="utf-8")
    args, stdin, message = REFUSED[command]
    db = tmp_path / "new" / "typo.db"
    result = quotes("--db", str(db), *(arg.format(tmp=tmp_path) for arg in args), input=stdin)
    assert (result.exit_code, result.output) == (2, message.format(tmp=tmp_path) + "\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.jsonl", "tr.po", "tr.xlf"]
    assert quotes("--db", str(db), "list").output == (
        f"Error: {db}: no such registry (no such file); `quotes import` or `quotes add` creates one\n")


def test_every_command_that_may_create_a_registry_has_a_refusal_above():
    assert set(REFUSED) | {"reindex"} == writing_commands()


def test_an_interrupted_write_leaves_no_registry_behind(tmp_path, monkeypatch):
    """reindex cannot be refused on a new registry (there is nothing to get wrong), but it can be interrupted."""
    from quotes.registry.registry import Registry

    def interrupted(self, **_options):
        raise KeyboardInterrupt

    monkeypatch.setattr(Registry, "reindex", interrupted)
    result = quotes("--db", str(tmp_path / "new.db"), "reindex")
    assert (result.exit_code, result.output) == (1, "\nAborted!\n")
    assert list(tmp_path.iterdir()) == []


def test_a_refused_write_keeps_a_registry_it_did_not_create(tmp_path):
    db = tmp_path / "r.db"
    assert quotes("--db", str(db), "import", str(SEEDS)).exit_code == 0
    assert quotes("--db", str(db), "add", "", "--speaker", "A B", "--lang", "en").exit_code == 2
    assert quotes("--db", str(db), "list").output.endswith("5 quotes\n")


@pytest.mark.parametrize("args", [["list"], ["check", str(SEED_ARTICLE)], ["add", "x y", "--speaker", "A", "--lang", "en"]],
                         ids=" ".join)
def test_another_programs_sqlite_file_is_refused_and_left_as_it_was(tmp_path, args):
    db = tmp_path / "other.db"
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER)")
        conn.commit()
    before = snapshot(db)
    result = quotes("--db", str(db), *args)
    assert (result.exit_code, result.output) == (
        2, f"Error: {db}: not a quotes database (it has tables of its own and no schema version)\n")
    assert snapshot(db) == before and sidecars(db) == []
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


@pytest.mark.parametrize("url", ["mysql://u@localhost/quotes", "sqlserver://h/db"])
def test_an_unsupported_database_url_names_the_supported_ones(url):
    result = quotes("--db", url, "list")
    scheme = url.split("://")[0]
    assert (result.exit_code, result.output) == (
        2, f"Error: {url}: {scheme} is not supported; use a SQLite file path or a postgresql:// URL\n")


def test_a_writer_gives_up_after_quotes_lock_timeout_on_both_backends(db_location):
    assert quotes("--db", db_location, "import", str(SEEDS)).exit_code == 0
    outcome = {}

    def add():
        outcome["result"] = quotes("--db", db_location, "add", "We will see.", "--speaker", "A B", "--lang", "en",
                                   env={"QUOTES_LOCK_TIMEOUT": "0.3"})

    with writer_lock_held(db_location):
        assert quotes("--db", db_location, "list").output.endswith("5 quotes\n")  # readers do not wait
        writer = threading.Thread(target=add, daemon=True)
        writer.start()
        writer.join(timeout=20)
        assert not writer.is_alive(), "quotes add is still waiting for the lock"
    result = outcome["result"]
    assert (result.exit_code, result.output) == (
        2, f"Error: {db_location}: database is locked by another writer; try again "
           "(waited 0.3 s; QUOTES_LOCK_TIMEOUT sets how long)\n")
    assert quotes("--db", db_location, "add", "We will see.", "--speaker", "A B", "--lang", "en").exit_code == 0


def test_the_readme_names_the_commands_that_create_a_registry_and_the_lock_timeout():
    from tests.helpers.paths import ROOT

    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## The registry", 1)[1].split("\n\n", 2)[1]
    named = section.split("Only the commands that write (", 1)[1].split(")", 1)[0]
    assert {name.strip(" `\n") for name in named.split(",")} == WRITING_COMMANDS
    for words in ("QUOTES_LOCK_TIMEOUT", "database is locked by another writer; try again", "Readers never wait",
                  "no such registry"):
        assert words in " ".join(section.split())
