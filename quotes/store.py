"""The registry's database: opening it and its transactions.

SQLAlchemy Core keeps the SQL portable, so the embedded SQLite default and a team's
PostgreSQL run the same code. Only connection set-up differs (pragmas for SQLite).
Every command runs in one transaction (``Store.write`` / ``Store.read``); the tables are
in ``quotes.schema``, the schema version lives in ``meta`` and ``quotes.migrations``
upgrades an older database on open.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import Connection, Engine, create_engine, event, exc, select

from .errors import StoreError
from .migrations import migrate
from .schema import SCHEMA_VERSION, meta

WRITER_LOCK = 7_220_915  # PostgreSQL advisory lock key that serialises quotes' writers

def default_location() -> str:
    """The database the user gets without ``--db``: ``QUOTES_DB`` or a file in the user's data directory."""
    configured = os.environ.get("QUOTES_DB")
    if configured:
        return configured
    from platformdirs import user_data_path

    return str(user_data_path("quotes", appauthor=False) / "quotes.db")


def database_url(location: str) -> str:
    """A SQLAlchemy URL for a path or URL as the user gave it."""
    if "://" in location:
        return location.replace("postgres://", "postgresql+psycopg://", 1).replace(
            "postgresql://", "postgresql+psycopg://", 1
        )
    if location == ":memory:":
        return "sqlite://"
    return f"sqlite:///{Path(location).expanduser()}"


class Store:
    """An open registry database with its schema up to date."""

    def __init__(self, location: str):
        self.location = location
        try:
            url = database_url(location)
            if url.startswith("sqlite:///"):
                Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
            self.engine = _engine(url)
        except (exc.ArgumentError, ValueError) as error:
            raise StoreError(f"{location}: not a database path or URL ({error})") from None
        except OSError as error:
            raise StoreError(f"{location}: cannot create the database folder ({error.strerror})") from None
        except ModuleNotFoundError as error:
            raise StoreError(f"{location}: driver missing ({error.name}); pip install 'quotes[postgres]'") from None
        # Reading the schema version needs no lock: readers do not wait for a running import.
        with self.read() as conn:
            current = self._schema_version(conn)
        if current < SCHEMA_VERSION:
            with self.write() as conn:
                migrate(conn, self._schema_version(conn))

    def _schema_version(self, conn: Connection) -> int:
        if not self.engine.dialect.has_table(conn, "meta"):
            if self.engine.dialect.get_table_names(conn):
                raise StoreError(f"{self.location}: not a quotes database (it has tables of its own and no schema version)")
            return 0
        row = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).first()
        current = int(row.value) if row else 0
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.location}: schema version {current} is newer than this quotes ({SCHEMA_VERSION}); upgrade quotes"
            )
        return current

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction that may write. Writers take turns: SQLite takes its write lock up
        front (BEGIN IMMEDIATE), PostgreSQL a transaction-scoped advisory lock, so two
        writers wait for each other instead of failing half-way (the index hands out ids)."""
        with self._transaction(immediate=True) as conn:
            if self.engine.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK})")
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self._transaction(immediate=False) as conn:
            yield conn

    @contextmanager
    def _transaction(self, *, immediate: bool) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                conn = conn.execution_options(quotes_immediate=immediate)
                with conn.begin():
                    yield conn
        except exc.DBAPIError as error:
            raise StoreError(f"{self.location}: {_database_problem(error.orig or error)}") from None
        except self.engine.dialect.loaded_dbapi.Error as error:  # raised through the index's raw cursor
            raise StoreError(f"{self.location}: {_database_problem(error)}") from None
        except UnicodeEncodeError:
            raise StoreError(f"{self.location}: text with invalid characters (lone surrogates) cannot be stored") from None

    def close(self) -> None:
        self.engine.dispose()


def _database_problem(error: Exception) -> str:
    message = (str(error).strip().splitlines() or [type(error).__name__])[0]
    if "file is not a database" in message or "malformed" in message:
        return f"not a quotes database or corrupt ({message})"
    if "locked" in message or "busy" in message:
        return f"database is locked by another writer; try again ({message})"
    if "unable to open" in message:
        return f"cannot open the database file ({message})"
    return message


def _engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        return create_engine(url, connect_args={"connect_timeout": 10})
    engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def _sqlite_connect(dbapi_connection, _record):
        # Let SQLAlchemy's "begin" below issue BEGIN itself (pysqlite's implicit
        # transactions would start too late to take the write lock up front).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 5000")
        if url != "sqlite://":
            cursor.execute("PRAGMA journal_mode = WAL")
            # With WAL this is still safe against a crash of the program; only a power
            # cut can lose the last transactions, and it makes each commit much cheaper.
            cursor.execute("PRAGMA synchronous = NORMAL")
            # 128 MiB of page cache (the default is 2 MiB): the index of a large registry
            # is read and written all over, and memory is cheaper than disk reads.
            cursor.execute("PRAGMA cache_size = -131072")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("quotes_immediate") else "BEGIN")

    return engine
