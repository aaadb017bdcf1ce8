"""The registry's database: opening it and its transactions.

SQLAlchemy Core keeps the SQL portable, so the embedded SQLite default and a team's
PostgreSQL run the same code. Only connection set-up differs (pragmas for SQLite).
Every command runs in one transaction (``Store.write`` / ``Store.read``); the tables are
in ``quotes.registry.schema``, the schema version lives in ``meta`` and ``quotes.registry.migrations``
upgrades an older database on open.

Opening never changes a database that is not a registry: the schema is read first, and
only a quotes database (or a new, empty one being created) is switched to WAL mode or
upgraded. ``create=False`` opens an existing registry only (commands that only read);
``read_only=True`` never writes at all, and an existing SQLite file that cannot be
written (mode 444, a read-only file system) is opened read-only by itself.
"""

from __future__ import annotations

import math
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import quote as url_quote

from sqlalchemy import Connection, Engine, create_engine, event, exc, make_url, select

from quotes.errors import InvalidInput, NoSuchRegistry, ReadOnlyRegistry, RegistryLocked, StoreError
from quotes.registry.migrations import migrate
from quotes.registry.schema import SCHEMA_VERSION, meta, metadata

WRITER_LOCK = 7_220_915  # PostgreSQL advisory lock key that serialises quotes' writers
LOCK_TIMEOUT = 5.0  # seconds a writer waits for another before giving up (QUOTES_LOCK_TIMEOUT)
SUPPORTED = "a SQLite file path or a postgresql:// URL"
# Connections a store keeps open: one for each of the desk's request threads (quotes.web.app
# limits them to this). More are opened only for a moment (a read inside a read); such an
# overflow connection is closed after use, and a SQLite one loses its page cache with it.
# Eight: the threads share one interpreter lock, so more add no speed, only page caches
# (up to 128 MiB each on SQLite: 16 grew a 1M-quote desk's workers to 2 GB under load).
POOL_SIZE = 8
_POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


def default_location() -> str:
    """The database the user gets without ``--db``: ``QUOTES_DB`` or a file in the user's data directory."""
    configured = os.environ.get("QUOTES_DB")
    if configured:
        return configured
    from platformdirs import user_data_path

    return str(user_data_path("quotes", appauthor=False) / "quotes.db")


def lock_timeout_setting() -> float:
    """Seconds a writer waits for another: ``QUOTES_LOCK_TIMEOUT``, else 5."""
    configured = os.environ.get("QUOTES_LOCK_TIMEOUT", "").strip()
    if not configured:
        return LOCK_TIMEOUT
    try:
        seconds = float(configured)
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and seconds >= 0):
        raise InvalidInput(f"QUOTES_LOCK_TIMEOUT: {configured!r} is not a number of seconds (such as 5 or 0.5)")
    return seconds


def database_url(location: str) -> str:
    """A SQLAlchemy URL for a path or URL as the user gave it; StoreError for a database quotes does not support."""
    if "://" in location:
        scheme, rest = location.split("://", 1)
        if scheme.lower() in _POSTGRES_SCHEMES:
            return f"postgresql+psycopg://{rest}"
        if scheme.lower() == "sqlite":
            return location
        raise StoreError(f"{location}: {scheme} is not supported; use {SUPPORTED}")
    if location == ":memory:":
        return "sqlite://"
    return f"sqlite:///{Path(location).expanduser()}"


class Store:
    """An open registry database with its schema up to date.

    ``create``: a missing or empty database becomes a new registry (commands that write);
    without it, NoSuchRegistry. ``read_only``: nothing is ever written (SQLite opens the
    file ``mode=ro``, PostgreSQL in read-only transactions); ``write`` raises
    ReadOnlyRegistry. ``lock_timeout``: seconds a writer waits for another (default
    ``QUOTES_LOCK_TIMEOUT``, else 5) before RegistryLocked, on both backends.
    """

    def __init__(self, location: str, *, create: bool = True, read_only: bool = False,
                 lock_timeout: float | None = None):
        self.location = location
        self.read_only = read_only
        self.lock_timeout = lock_timeout_setting() if lock_timeout is None else float(lock_timeout)
        self._sqlite_file: Path | None = None
        self._created: list[Path] = []  # the SQLite file this Store created, then the folders made for it
        try:
            url = database_url(location)
            if url.startswith("sqlite"):
                self.engine = self._open_sqlite(url, create=create)
            else:
                self.engine = _postgres_engine(url, read_only=read_only)
        except (exc.ArgumentError, ValueError) as error:
            raise StoreError(f"{location}: not a database path or URL ({error})") from None
        except ModuleNotFoundError as error:
            hint = "; pip install 'quotes[postgres]'" if url.startswith("postgresql") else ""
            raise StoreError(f"{location}: driver missing ({error.name}){hint}") from None
        try:
            self._open(create=create)
        except BaseException:
            self.engine.dispose()
            raise

    def _open_sqlite(self, url: str, *, create: bool) -> Engine:
        database = make_url(url).database
        if not database or database == ":memory:":
            return _sqlite_engine(None, self._busy_ms)
        path = Path(database).expanduser()
        try:
            path.stat()
            exists = True
        except (FileNotFoundError, NotADirectoryError):
            exists = False
        except OSError as error:
            raise StoreError(f"{self.location}: cannot open the database file ({error.strerror})") from None
        if not exists:
            if not create:
                raise NoSuchRegistry(f"{self.location}: no such registry (no such file); "
                                     "`quotes import` or `quotes add` creates one")
            missing_folders = [folder for folder in path.absolute().parents if not folder.exists()]
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(f"{self.location}: cannot create the database folder ({error.strerror})") from None
            self._created = [path, *missing_folders]
        elif path.is_dir():
            raise StoreError(f"{self.location}: is a folder, not a database file")
        elif not self.read_only and not _can_write(path):
            self.read_only = True  # mode 444, a read-only file system: still readable
        self._sqlite_file = path
        # A URI filename: mode=rw never creates the file, mode=ro never writes to it.
        mode = "ro" if self.read_only else ("rwc" if create else "rw")
        uri = f"file:{url_quote(str(path.absolute()))}?mode={mode}"
        if self.read_only and _needs_immutable(path):
            # WAL readers need the -shm file; where it is absent and cannot be created, the
            # file is read as it is (nobody can be writing to it in WAL mode either).
            uri += "&immutable=1"
        return _sqlite_engine(uri, self._busy_ms)

    def _open(self, *, create: bool) -> None:
        # Read the schema before anything that writes: another program's file stays as it was.
        with self.read() as conn:
            current = self._schema_version(conn)
        if current == 0 and not create:
            raise NoSuchRegistry(f"{self.location}: no such registry (the database is empty); "
                                 "`quotes import` or `quotes add` creates one")
        if current < SCHEMA_VERSION and self.read_only:
            raise StoreError(f"{self.location}: schema version {current} needs an upgrade to {SCHEMA_VERSION}, "
                             "which a read-only registry cannot have; open it once where it can be written")
        if not self.read_only:
            self._use_wal()
        if current < SCHEMA_VERSION:
            with self.write() as conn:
                migrate(conn, self._schema_version(conn))

    @property
    def _busy_ms(self) -> int:
        return round(self.lock_timeout * 1000)

    def _use_wal(self) -> None:
        """SQLite files run in WAL mode (readers never wait for a writer); switched once, on a
        registry (or a new database), outside any transaction."""
        if self._sqlite_file is None:
            return
        raw = self.engine.raw_connection()
        try:
            cursor = raw.driver_connection.cursor()
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                cursor.execute("PRAGMA journal_mode = WAL")
            cursor.close()
        except sqlite3.Error as error:
            raise self._problem(error) from None
        finally:
            raw.close()

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
        writers wait for each other instead of failing half-way (the index hands out ids).
        Either waits at most ``lock_timeout`` seconds, then raises RegistryLocked."""
        self.require_writable()
        with self._transaction(immediate=True) as conn:
            if self.engine.dialect.name == "postgresql":
                # lock_timeout 0 would mean "wait for ever"; 1 ms is "give up at once".
                conn.exec_driver_sql(f"SET LOCAL lock_timeout = {max(1, self._busy_ms)}")
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK})")
            yield conn

    def require_writable(self) -> None:
        """ReadOnlyRegistry unless this registry can be written: for a command that will
        write only after other work (``check --record``), said before that work."""
        if self.read_only:
            raise ReadOnlyRegistry(f"{self.location}: the registry is open read-only; nothing can be written to it")

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
            raise self._problem(error.orig or error) from None
        except self.engine.dialect.loaded_dbapi.Error as error:  # raised through the index's raw cursor
            raise self._problem(error) from None
        except UnicodeEncodeError:
            raise StoreError(f"{self.location}: text with invalid characters (lone surrogates) cannot be stored") from None

    def _problem(self, error: Exception) -> StoreError:
        """The database's error as one line naming the registry, of the StoreError class it is."""
        message = (str(error).strip().splitlines() or [type(error).__name__])[0]
        sqlstate = getattr(error, "sqlstate", None)
        if "file is not a database" in message or "malformed" in message:
            return StoreError(f"{self.location}: not a quotes database or corrupt ({message})")
        if sqlstate == "55P03" or "locked" in message or "busy" in message:  # 55P03: lock_not_available
            return RegistryLocked(f"{self.location}: database is locked by another writer; try again "
                                  f"(waited {self.lock_timeout:g} s; QUOTES_LOCK_TIMEOUT sets how long)")
        if sqlstate == "25006" or "readonly database" in message:  # 25006: read_only_sql_transaction
            return ReadOnlyRegistry(f"{self.location}: the registry is read-only ({message})")
        if "unable to open" in message:
            return StoreError(f"{self.location}: cannot open the database file ({message})")
        return StoreError(f"{self.location}: {message}")

    def close(self) -> None:
        self.engine.dispose()

    def discard_if_new(self) -> bool:
        """Close; and where this Store created the SQLite file and nothing has been stored in
        it since (the command was refused), delete it with its -wal, -shm and -journal files
        and the folders made for it, so that a mistyped ``--db`` still finds no registry.
        Whether it was deleted. Another process that opened the new file in the moment
        between its creation and now and has not written yet would write to the deleted file;
        a process that has written keeps the file (it is no longer empty)."""
        if not self._created:
            self.close()
            return False
        try:
            with self.read() as conn:
                unused = not any(conn.execute(select(table).limit(1)).first()
                                 for table in metadata.sorted_tables if table is not meta)
        except StoreError:
            unused = False
        self.close()
        if not unused:
            return False
        path, *folders = self._created
        for file in (path, *(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal"))):
            file.unlink(missing_ok=True)
        for folder in folders:  # innermost first
            try:
                folder.rmdir()
            except OSError:  # something else was put there meanwhile
                break
        self._created = []
        return True


def _can_write(path: Path) -> bool:
    """Whether this process may change the SQLite file: the file, and the folder for the
    journal (or the -wal and -shm files, where they exist already)."""
    if not os.access(path, os.W_OK):
        return False
    if os.access(path.parent, os.W_OK | os.X_OK):
        return True
    sidecars = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    return all(os.access(p, os.W_OK) for p in sidecars)


def _needs_immutable(path: Path) -> bool:
    """A WAL-mode file whose -shm neither exists nor can be created here."""
    try:
        with path.open("rb") as file:
            header = file.read(20)
    except OSError:
        return False
    in_wal_mode = len(header) == 20 and header[18] == 2 and header[19] == 2
    shm = path.with_name(path.name + "-shm")
    return in_wal_mode and not shm.exists() and not os.access(path.parent, os.W_OK | os.X_OK)


def _postgres_engine(url: str, *, read_only: bool) -> Engine:
    connect_args: dict = {"connect_timeout": 10}
    if read_only:
        connect_args["options"] = "-c default_transaction_read_only=on"
    return create_engine(url, connect_args=connect_args, pool_size=POOL_SIZE, max_overflow=POOL_SIZE)


def _sqlite_engine(uri: str | None, busy_ms: int) -> Engine:
    """An engine on the SQLite file named by ``uri`` (a ``file:`` URI), or in memory for None."""
    if uri is None:
        engine = create_engine("sqlite://")
    else:
        def connect() -> sqlite3.Connection:
            return sqlite3.connect(uri, uri=True, timeout=busy_ms / 1000, check_same_thread=False)

        # The URL only tells SQLAlchemy it is a file (its pool); the creator opens it.
        engine = create_engine("sqlite:///registry.db", creator=connect, pool_size=POOL_SIZE, max_overflow=POOL_SIZE)

    @event.listens_for(engine, "connect")
    def _sqlite_connect(dbapi_connection, _record):
        # Let SQLAlchemy's "begin" below issue BEGIN itself (pysqlite's implicit
        # transactions would start too late to take the write lock up front).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # Settings of this connection only: none of them changes the file (WAL mode is
        # switched once by Store._use_wal, after the schema says it is a registry).
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {busy_ms}")
        if uri is not None:
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
