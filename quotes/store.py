"""The registry's database: schema, migrations and connections.

SQLAlchemy Core keeps the SQL portable, so the embedded SQLite default and a team's
PostgreSQL run the same code. Only connection set-up differs (pragmas for SQLite).
Every command runs in one transaction (``Store.write`` / ``Store.read``); the schema
version lives in ``meta`` and migrations run on open.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    exc,
    select,
)

from .errors import StoreError

SCHEMA_VERSION = 3
WRITER_LOCK = 7_220_915  # PostgreSQL advisory lock key that serialises quotes' writers

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

speakers = Table(
    "speakers",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("created_at", String(32), nullable=False),
)

speaker_aliases = Table(
    "speaker_aliases",
    metadata,
    Column("speaker_id", String(64), ForeignKey("speakers.id"), nullable=False),
    Column("alias", Text, nullable=False),
    PrimaryKeyConstraint("speaker_id", "alias"),
)

quotes = Table(
    "quotes",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("speaker_id", String(64), ForeignKey("speakers.id"), nullable=False, index=True),
    Column("lang", String(64), nullable=False),
    Column("said_on", String(10)),
    Column("source_url", Text),
    Column("outlet", Text),
    Column("medium", Text),
    Column("context", Text),
    Column("status", String(64), nullable=False),
    Column("status_note", Text),
    Column("created_at", String(32), nullable=False),
    Column("created_by", Text, nullable=False),
)

# A quote's text lives only here: every correction is a new version with a reason.
quote_versions = Table(
    "quote_versions",
    metadata,
    Column("quote_id", String(64), ForeignKey("quotes.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("reason", Text),
    Column("created_at", String(32), nullable=False),
    Column("created_by", Text, nullable=False),
    PrimaryKeyConstraint("quote_id", "version"),
)

renditions = Table(
    "renditions",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("quote_id", String(64), ForeignKey("quotes.id"), nullable=False, index=True),
    Column("lang", String(64), nullable=False),
    Column("translator", Text, nullable=False),
    Column("method", String(64), nullable=False),
    Column("engine", Text),
    Column("model", Text),
    Column("model_version", Text),
    Column("from_rendition_id", String(64), ForeignKey("renditions.id")),
    Column("state", String(32), nullable=False),
    Column("created_at", String(32), nullable=False),
)

rendition_revisions = Table(
    "rendition_revisions",
    metadata,
    Column("rendition_id", String(64), ForeignKey("renditions.id"), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("created_by", Text, nullable=False),
    PrimaryKeyConstraint("rendition_id", "revision"),
)

notes = Table(
    "notes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("rendition_id", String(64), ForeignKey("renditions.id"), nullable=False, index=True),
    Column("author", Text, nullable=False),
    Column("role", String(64), nullable=False),
    Column("action", String(32)),
    Column("text", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
)

# Append-only: nothing updates or deletes a row here.
events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("actor", Text, nullable=False),
    Column("action", String(32), nullable=False),
    Column("subject", String(64), nullable=False, index=True),
    Column("detail", Text, nullable=False),
)

mt_cache = Table(
    "mt_cache",
    metadata,
    Column("model", Text, nullable=False),
    Column("model_version", Text, nullable=False),
    Column("source_sha256", String(64), nullable=False),
    Column("source_text", Text, nullable=False),
    Column("translation", Text, nullable=False),
    UniqueConstraint("model", "model_version", "source_sha256"),
)

# The word index (quotes/index.py): derived from the texts above, written in the same
# transactions, so that lookups need nothing loaded or rebuilt at start-up.
targets = Table(
    "targets",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("quote_id", String(64), ForeignKey("quotes.id"), nullable=False),
    Column("version", Integer),
    Column("rendition_id", String(64), ForeignKey("renditions.id")),
    Column("revision", Integer),
    Column("lang", String(64), nullable=False),
    # How many words the text has: of texts sharing the same rare pairs with a passage,
    # the one of the passage's length is likeliest its source.
    Column("words", Integer, nullable=False),
)

terms = Table(
    "terms",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("term", Text, nullable=False, unique=True),
    # The ids of the targets holding the term, ascending, as little-endian 32-bit
    # integers (quotes.index.encode_ids): one row a term instead of one a posting, so a
    # lookup reads a dozen rows and a million quotes' 18 million postings are written
    # as 810,000 rows. Its length is the term's document frequency.
    Column("postings", LargeBinary, nullable=False),
)

V1_TABLES = [meta, speakers, speaker_aliases, quotes, quote_versions, renditions, rendition_revisions, notes, events, mt_cache]
INDEX_TABLES = [targets, terms]


def _migrate_to_1(conn: Connection) -> None:
    metadata.create_all(conn, tables=V1_TABLES)


def _migrate_to_2(conn: Connection) -> None:
    """Version 2's index kept one row per posting; version 3 replaced it wholesale, so a
    version-1 database goes straight to version 3's index."""


def _migrate_to_3(conn: Connection) -> None:
    """(Re)create the word index in its current layout and fill it from the texts registered."""
    from .index import rebuild

    for name in ("postings", "terms", "targets"):  # version 2's tables, where present
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
    metadata.create_all(conn, tables=INDEX_TABLES)
    rebuild(conn)


MIGRATIONS = {1: _migrate_to_1, 2: _migrate_to_2, 3: _migrate_to_3}


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
                self._migrate(conn, self._schema_version(conn))

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

    def _migrate(self, conn: Connection, current: int) -> None:
        if current == 0:
            meta.create(conn, checkfirst=True)
        for version in range(current + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[version](conn)
        if current == 0:
            conn.execute(meta.insert().values(key="schema_version", value=str(SCHEMA_VERSION)))
        else:
            conn.execute(meta.update().where(meta.c.key == "schema_version").values(value=str(SCHEMA_VERSION)))

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
