"""Opening a registry: what a read may not create or change, read-only files, and how long
a writer waits for another (issue 10)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from sqlalchemy import inspect

from quotes.errors import InvalidInput, NoSuchRegistry, ReadOnlyRegistry, RegistryLocked, StoreError
from quotes.formats.jsonl import import_jsonl
from quotes.registry.registry import Registry
from quotes.registry.store import LOCK_TIMEOUT, WRITER_LOCK, Store
from tests.helpers.seeds import SEED_ARTICLE, SEEDS

LOCKED = "database is locked by another writer; try again"


def sidecars(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name != path.name and p.name.startswith(path.name))


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def journal_mode(path: Path) -> str:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("PRAGMA journal_mode").fetchone()[0]


# --- a read never creates a registry ------------------------------------------------


def test_a_read_of_a_missing_sqlite_file_creates_neither_file_nor_folder(tmp_path):
    path = tmp_path / "typo" / "registry.db"
    with pytest.raises(NoSuchRegistry, match=r"registry\.db: no such registry \(no such file\)"):
        Store(str(path), create=False)
    assert not path.parent.exists()


def test_a_read_of_an_empty_file_leaves_it_empty(tmp_path):
    path = tmp_path / "empty.db"
    path.touch()
    with pytest.raises(NoSuchRegistry, match=r"empty\.db: no such registry \(the database is empty\)"):
        Store(str(path), create=False)
    assert path.stat().st_size == 0 and sidecars(path) == []


def test_a_read_of_an_empty_database_creates_no_tables(db_location):
    if db_location.startswith("postgresql"):
        pass  # a fresh database of the server
    else:
        Path(db_location).touch()
    with pytest.raises(NoSuchRegistry, match="no such registry"):
        Store(db_location, create=False)
    store = Store(db_location)  # a writer makes it a registry, as before
    with store.read() as conn:
        assert "quotes" in inspect(conn).get_table_names()
    store.close()
    Store(db_location, create=False).close()  # and now it opens for reading


# --- another program's SQLite file is left as it was ---------------------------------


@pytest.mark.parametrize("create", [True, False])
def test_another_programs_sqlite_file_is_not_changed(tmp_path, create):
    path = tmp_path / "photos.db"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
        conn.executemany("INSERT INTO photos (name) VALUES (?)", [("a",), ("b",)])
        conn.commit()
    before = snapshot(path)
    with pytest.raises(StoreError, match=r"photos\.db: not a quotes database \(it has tables of its own"):
        Store(str(path), create=create)
    assert snapshot(path) == before
    assert journal_mode(path) == "delete"
    assert sidecars(path) == []


def test_a_registry_still_runs_in_wal_mode(tmp_path):
    path = tmp_path / "q.db"
    Store(str(path)).close()
    assert journal_mode(path) == "wal"


# --- read-only registries -----------------------------------------------------------


@pytest.fixture
def seeded_file(tmp_path) -> Path:
    path = tmp_path / "registry.db"
    with closing(Registry(str(path))) as registry:
        import_jsonl(registry, SEEDS)
    return path


def test_read_only_open_of_a_non_wal_registry_never_writes(seeded_file):
    with closing(sqlite3.connect(seeded_file)) as conn:  # e.g. a copy made by a backup tool
        conn.execute("PRAGMA journal_mode = DELETE")
    before = snapshot(seeded_file)
    store = Store(str(seeded_file), read_only=True)
    registry = Registry(store)
    assert len(registry.list_quotes()) == 5
    with pytest.raises(ReadOnlyRegistry, match=r"registry\.db: the registry is open read-only"):
        registry.add_quote("We will see.", speaker="A B", lang="en")
    with pytest.raises(ReadOnlyRegistry):
        with store.read() as conn:  # not even a statement that writes, in a read
            conn.exec_driver_sql("DELETE FROM events")
    registry.close()
    assert snapshot(seeded_file) == before
    assert sidecars(seeded_file) == []  # no -wal, -shm or -journal
    assert journal_mode(seeded_file) == "delete"


def test_read_only_open_of_a_wal_registry_leaves_the_file_unchanged(seeded_file):
    before = snapshot(seeded_file)
    with closing(Registry(Store(str(seeded_file), create=False, read_only=True))) as registry:
        assert len(registry.list_quotes()) == 5
    assert snapshot(seeded_file) == before


def test_a_registry_that_cannot_be_written_is_opened_read_only(seeded_file, monkeypatch):
    """As for a mode 444 file of a user who is not root (proved for real below, as nobody)."""
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == seeded_file and mode & os.W_OK
                        else real_access(p, mode))
    before = snapshot(seeded_file)
    store = Store(str(seeded_file), create=False)
    assert store.read_only
    with closing(Registry(store)) as registry:
        assert len(registry.list_quotes()) == 5
        with pytest.raises(ReadOnlyRegistry):
            registry.add_quote("We will see.", speaker="A B", lang="en")
    assert snapshot(seeded_file) == before


def test_read_only_postgresql_never_writes(db_location):
    if not db_location.startswith("postgresql"):
        pytest.skip("SQLite is covered above")
    Store(db_location).close()
    store = Store(db_location, create=False, read_only=True)
    with pytest.raises(ReadOnlyRegistry):
        with store.write():
            pass
    with pytest.raises(ReadOnlyRegistry, match="read-only"):
        with store.read() as conn:
            conn.exec_driver_sql("DELETE FROM events")
    store.close()


_AS_NOBODY = """
import os, sys
from click.testing import CliRunner
from quotes.cli.main import cli
from quotes.formats.jsonl import import_jsonl
from quotes.registry.registry import Registry

# Load every module the commands use while still root (the interpreter's files may be
# unreadable to nobody): run them once on a registry of our own, then drop to nobody.
warm, article, target = sys.argv[1:4]
registry = Registry(warm)
import_jsonl(registry, sys.argv[4])
registry.close()
for args in (["list"], ["check", article]):
    CliRunner().invoke(cli, ["--db", warm, *args], catch_exceptions=False)
os.setgroups([])
os.setgid(65534)
os.setuid(65534)
assert os.geteuid() == 65534
for args in (["list"], ["check", "--fail-on", "error", article], ["add", "We will see.", "--speaker", "A", "--lang", "en"]):
    result = CliRunner().invoke(cli, ["--db", target, *args])
    print(result.exit_code, result.output.splitlines()[-1] if result.output else "", sep="\\t")
    print(result.output, file=sys.stderr)
"""


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to become nobody")
def test_a_mode_444_registry_in_a_read_only_folder_is_readable_by_another_user(tmp_path):
    """For real: a process running as nobody reads (list, check) a registry it cannot write,
    in WAL mode, in a folder where it cannot create the -shm file; a write is refused in one line."""
    base = Path(tempfile.mkdtemp(prefix="quotes-ro-"))  # tmp_path's parents are closed to nobody
    base.chmod(0o755)
    folder, home = base / "registry", base / "home"
    folder.mkdir()
    home.mkdir()
    os.chown(home, 65534, 65534)
    try:
        target = folder / "registry.db"
        with closing(Registry(str(target))) as registry:
            import_jsonl(registry, SEEDS)
        assert journal_mode(target) == "wal" and sidecars(target) == []
        target.chmod(0o444)
        folder.chmod(0o555)
        before = snapshot(target)
        result = subprocess.run(
            [sys.executable, "-c", _AS_NOBODY, str(tmp_path / "warm.db"), str(SEED_ARTICLE), str(target), str(SEEDS)],
            capture_output=True, text=True, timeout=300, env={**os.environ, "HOME": str(home)},
        )
        assert result.returncode == 0, result.stderr
        listed, checked, added = [line.split("\t") for line in result.stdout.splitlines()[-3:]]
        assert listed == ["0", "5 quotes"], result.stderr
        assert checked[0] == "0", result.stderr  # checked against the 5 quotes; the seed article has no error
        assert added == ["2", f"Error: {target}: the registry is open read-only; nothing can be written to it"]
        assert snapshot(target) == before and sidecars(target) == []
    finally:
        folder.chmod(0o755)
        shutil.rmtree(base)


# --- writers wait a bounded time, with the same message on both backends -----------


@contextmanager
def writer_lock_held(location: str):
    """Another process's writer, holding the registry's write lock."""
    if location.startswith("postgresql"):
        import psycopg

        with psycopg.connect(location) as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK,))
            yield
            conn.rollback()
    else:
        conn = sqlite3.connect(location, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            conn.execute("ROLLBACK")
            conn.close()


def test_a_second_writer_gives_up_after_the_lock_timeout_on_both_backends(db_location):
    Registry(db_location).close()
    registry = Registry(Store(db_location, lock_timeout=0.5))
    outcome: dict = {}

    def write():
        started = time.monotonic()
        try:
            registry.add_quote("We will see.", speaker="A B", lang="en")
        except StoreError as error:
            outcome["error"] = error
        outcome["waited"] = time.monotonic() - started

    with writer_lock_held(db_location):
        assert registry.list_quotes() == []  # readers do not wait
        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        writer.join(timeout=20)  # the old code waited for ever on PostgreSQL
        assert not writer.is_alive(), "the writer is still waiting for the lock"
    assert isinstance(outcome.get("error"), RegistryLocked)
    assert str(outcome["error"]) == (
        f"{db_location}: {LOCKED} (waited 0.5 s; QUOTES_LOCK_TIMEOUT sets how long)")
    assert 0.4 <= outcome["waited"] < 5
    assert registry.add_quote("We will see.", speaker="A B", lang="en")  # the lock is free again
    registry.close()


def test_the_lock_timeout_comes_from_quotes_lock_timeout(tmp_path, monkeypatch):
    path = str(tmp_path / "q.db")
    with closing(Store(path)) as store:
        assert store.lock_timeout == LOCK_TIMEOUT == 5
        with store.read() as conn:
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    monkeypatch.setenv("QUOTES_LOCK_TIMEOUT", "0.25")
    with closing(Store(path)) as store:
        assert store.lock_timeout == 0.25
        with store.read() as conn:
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 250
    for bad in ("soon", "-1", "inf", "nan"):
        monkeypatch.setenv("QUOTES_LOCK_TIMEOUT", bad)
        with pytest.raises(InvalidInput, match=f"QUOTES_LOCK_TIMEOUT: '{bad}' is not a number of seconds"):
            Store(path)


def test_the_machine_translation_cache_of_a_read_only_registry_keeps_nothing(tmp_path):
    from quotes.registry.registry import Registry, TranslationCache

    path = str(tmp_path / "q.db")
    Registry(path).close()
    registry = Registry(Store(path, read_only=True))
    cache = TranslationCache(registry)
    cache.put("m", "1", "merhaba", "hello")  # no ReadOnlyRegistry: a check goes on
    assert cache.get("m", "1", "merhaba") is None
    registry.close()


def test_a_new_registry_with_nothing_stored_is_discarded_with_its_sidecars_and_folders(tmp_path):
    db = tmp_path / "made" / "for" / "it.db"
    store = Store(str(db))
    assert db.exists()
    assert store.discard_if_new() is True
    assert list(tmp_path.iterdir()) == []


def test_a_new_registry_that_holds_something_is_kept(tmp_path):
    db = tmp_path / "new.db"
    registry = Registry(str(db))
    registry.add_quote("We will see it done.", speaker="A B", lang="en")
    assert registry.store.discard_if_new() is False
    assert db.exists()
    assert Registry(Store(str(db), create=False)).list_quotes()[0].text == "We will see it done."


def test_a_registry_that_was_there_before_is_never_discarded(db_location):
    Store(db_location).close()
    assert Store(db_location).discard_if_new() is False
    assert Store(db_location, create=False).discard_if_new() is False
    Store(db_location, create=False).close()  # still a registry


def test_a_postgresql_database_is_never_dropped_though_its_tables_are_new(db_location):
    """quotes never creates a PostgreSQL database, so there is none of ours to remove."""
    discarded = Store(db_location).discard_if_new()
    assert discarded is (not db_location.startswith("postgresql"))
