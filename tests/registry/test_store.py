import sqlite3

import pytest
from sqlalchemy import select

from quotes.registry import schema as t
from quotes.errors import StoreError
from quotes.registry.registry import Registry
from quotes.registry.schema import SCHEMA_VERSION
from quotes.registry.store import Store, database_url, default_location


def test_schema_version_recorded_and_reopen_is_idempotent(db_location):
    Store(db_location).close()
    store = Store(db_location)
    with store.read() as conn:
        assert conn.execute(select(t.meta.c.value).where(t.meta.c.key == "schema_version")).scalar() == str(SCHEMA_VERSION)
    store.close()


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "q.db"
    store = Store(str(path))
    with store.write() as conn:
        conn.execute(t.meta.update().values(value=str(SCHEMA_VERSION + 1)))
    store.close()
    with pytest.raises(StoreError, match=f"schema version {SCHEMA_VERSION + 1} is newer than this quotes"):
        Store(str(path))


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    store = Store(str(tmp_path / "q.db"))
    with store.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    store.close()


def test_a_file_that_is_not_sqlite_is_a_clear_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("this is a text file, not a database\n" * 100)
    with pytest.raises(StoreError, match=r"notes\.db: not a quotes database or corrupt"):
        Store(str(path))
    assert path.read_text().startswith("this is a text file")


def test_failed_transaction_leaves_nothing(db_location):
    registry = Registry(db_location)
    with pytest.raises(RuntimeError):
        with registry.store.write() as conn:
            conn.execute(t.speakers.insert().values(id="s-1", name="X", created_at="now"))
            raise RuntimeError("boom")
    with registry.store.read() as conn:
        assert conn.execute(select(t.speakers)).all() == []
    registry.close()


def test_a_second_writer_waits_then_reports_a_lock_and_readers_do_not_wait(tmp_path):
    path = tmp_path / "q.db"
    Store(str(path)).close()
    registry = Registry(Store(str(path), lock_timeout=0.2))
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        assert registry.list_quotes() == []  # a reader goes on
        assert Registry(str(path)).list_quotes() == []  # and so does opening
        with pytest.raises(StoreError, match="database is locked by another writer; try again"):
            registry.add_quote("We will see.", speaker="A B", lang="en")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert registry.add_quote("We will see.", speaker="A B", lang="en").text == "We will see."


def test_a_sqlite_file_of_another_program_is_refused(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER)")
    with pytest.raises(StoreError, match="not a quotes database \\(it has tables of its own"):
        Store(str(path))


@pytest.mark.parametrize("location, message", [
    ("postgresql://u@h:abc/db", "not a database path or URL"),
    ("/proc/version/q.db", "cannot create the database folder"),
])
def test_bad_locations_are_one_line_errors(location, message):
    with pytest.raises(StoreError, match=message):
        Store(location)


def test_locations():
    assert database_url("/tmp/x.db") == "sqlite:////tmp/x.db"
    assert database_url(":memory:") == "sqlite://"
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"


@pytest.mark.parametrize("location", ["mysql://u@h/db", "mariadb+pymysql://u@h/db", "oracle://u@h/db"])
def test_an_unsupported_database_says_which_are_supported(location):
    with pytest.raises(StoreError) as raised:
        Store(location)
    message = str(raised.value)
    assert message.startswith(f"{location}: ") and "is not supported; use a SQLite file path or a postgresql:// URL" in message
    assert "pip install" not in message and "postgres]" not in message


def test_default_location_follows_quotes_db(monkeypatch):
    monkeypatch.setenv("QUOTES_DB", "/tmp/elsewhere.db")
    assert default_location() == "/tmp/elsewhere.db"
    monkeypatch.delenv("QUOTES_DB")
    assert default_location().endswith("quotes.db")
