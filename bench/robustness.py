"""Robustness benchmark: bad input, concurrent writers and an interrupted import, measured
through the real ``quotes`` command (fresh processes), on SQLite and on PostgreSQL.

    python bench/robustness.py [--postgres URL | --no-postgres] [--quick] [--only PART]
                               [--input TEXT] [--seed N] [--json FILE] [--keep]

SPEC, "Bad input gets a clear message and loses nothing": every refused command exits 2
with a one-line message, no Python traceback, and the registry exactly as it was. This
script measures that, in three parts, and prints one table per part:

a. **Bad input.** A table of named cases, each a command line (with the files or
   standard input it needs) that must be refused, run against a fresh copy of the
   seeded registry (``quotes --db X import seeds/registry.jsonl``). For each: the exit
   status (2 expected), whether a traceback was printed, how many lines the message
   has, and whether the registry changed. "Changed" compares a fingerprint of every
   table's rows (and the schema) taken before and after; for a file that is not a
   registry (another program's SQLite file, a 0-byte file) the fingerprint is its bytes,
   mtime, journal mode and the ``-wal``/``-shm``/``-journal`` files beside it; for a
   ``--db`` that does not exist, whether it (or its folder) was created. A few cases
   must succeed instead (``expect 0``): a read-only registry must still be listed, and
   ``--db`` is accepted after the command. Cases run on SQLite; those marked ``pg`` on
   PostgreSQL too.
b. **Concurrent writers.** 4 processes × N ``quotes add`` (N = 500; 50 with --quick) on
   one registry per backend; then the quotes, versions and ``add`` events are counted:
   rows lost = writes acknowledged (exit 0) − rows found. Failed writes are listed with
   their messages. Then one ``quotes add`` is started while a long ``quotes import``
   holds the write lock, bounded by a 20 s timeout: it must finish or fail with a
   message, not wait without a word.
c. **kill -9 during import.** A generated JSON Lines file of a few thousand quotes is
   imported and the import is SIGKILLed after a random delay (seeded), several times
   per backend; then the registry must open, ``quotes list`` must work, the count must
   be the old one or old + all (all or nothing), and the same import run again must
   complete.

d. **The desk's inputs** (only with ``--only d``). Hostile requests from a signed-in
   translator, each to a fresh ``quotes serve`` (one worker, the seeded registry): Word
   files that unzip to far more than they weigh, pages of too many bytes or tags, 10 MB
   single lines, texts of quote marks, URLs that name the server's files, standard
   input or its loopback, and 300 MB bodies with and without a Content-Length. For each:
   the answer's status and message, the seconds it took, and the desk's idle and peak
   memory (VmRSS before, VmHWM after), after one small check has loaded the language
   models; the target is no input over 5 s or 500 MB.

The last lines are the summary:
"tracebacks: N, registries changed by a refused command: N, rows lost: N,
refused-command failures (not exit 2): N", then the secondary counts. The exit status is
0 whatever is found: this is a benchmark; the failures are in the tables.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import random
import re
import secrets
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote as urlquote

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds" / "registry.jsonl"
ARTICLE = ROOT / "seeds" / "coverage" / "musk-altman-openai.txt"
DEFAULT_POSTGRES = os.environ.get("QUOTES_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
TRACEBACK = "Traceback (most recent call last)"
CASE_TIMEOUT = 60.0
DESK_SECONDS, DESK_MB = 5.0, 500  # the target for any one input to the desk
WRITER_WAIT_LIMIT = 20.0

# Seeded ids and texts (seeds/registry.jsonl)
Q_ALTMAN = "q-a17b0e"
Q_MUSK = "q-3c9d10"
Q_SIMSEK_OIL = "q-7d2e42"
R_CHANGES_REQUESTED = "r-5e1a01"
R_APPROVED = "r-5e1a02"
MUSK_TEXT = "They don’t actually have the money"
ALTMAN_TEXT = "no thank you but we will buy twitter for $9.74 billion if you want"
SIMSEK_OIL_TEXT = "Türkiye son 23 yılda petrol ve doğal gaz ithalatına tam 1 trilyon dolar ödedi."


def quotes_command() -> list[str]:
    """The installed console script of the interpreter running this file (else the one on PATH)."""
    beside = Path(sys.executable).parent / "quotes"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("quotes")
    if not found:
        sys.exit("robustness: the `quotes` command is not installed (pip install -e .)")
    return [found]


QUOTES = quotes_command()


# ---------------------------------------------------------------- running the CLI


@dataclass
class Run:
    rc: int | None  # None: killed at the timeout
    stdout: str
    stderr: str
    seconds: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    @property
    def traceback(self) -> bool:
        return TRACEBACK in self.output

    def message(self) -> str:
        """The error message as shown: the `Error:` line, else the first line of stderr, else stdout's."""
        lines = [line for line in self.stderr.splitlines() if line.strip()]
        for line in lines:
            if line.startswith("Error:"):
                return line
        if self.traceback:
            return "traceback: " + (lines[-1] if lines else "")
        if lines:
            return lines[0]
        out = [line for line in self.stdout.splitlines() if line.strip()]
        return out[-1] if out else ""

    def message_lines(self) -> int:
        return len([line for line in self.stderr.splitlines() if line.strip()])


class Quotes:
    """Runs ``quotes`` in fresh processes with a clean environment."""

    def __init__(self, work: Path):
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("QUOTES_")}
        self.env.update(
            QUOTES_USER="bench",
            XDG_DATA_HOME=str(work / "xdg-data"),  # the default registry, should a case miss --db
            ARGOS_PACKAGES_DIR=str(work / "argos-packages"),
            PYTHONDONTWRITEBYTECODE="1",
        )

    def run(self, args, *, stdin: bytes | None = None, timeout: float = CASE_TIMEOUT, read_only: bool = False,
            cwd: Path | None = None) -> Run:
        prefix = []
        if read_only and os.geteuid() == 0:
            # root writes whatever the file modes say: drop the capabilities that let it
            if not shutil.which("setpriv"):
                return Run(None, "", "setpriv (util-linux) is needed to run a command without root's file access", 0.0)
            prefix = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search",
                      "--inh-caps", "-dac_override,-dac_read_search"]
        started = time.monotonic()
        process = subprocess.Popen(
            [*prefix, *QUOTES, *args], stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env, cwd=cwd,
        )
        try:
            out, err = process.communicate(stdin, timeout=timeout)
            rc = process.returncode
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
            rc = None
        return Run(rc, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), time.monotonic() - started)

    def popen(self, args) -> subprocess.Popen:
        return subprocess.Popen([*QUOTES, *args], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=self.env)


# ---------------------------------------------------------------- backends and fingerprints


def _rows_digest(tables: dict[str, list]) -> dict[str, str]:
    digests = {}
    for name, rows in tables.items():
        h = hashlib.sha256()
        for row in sorted(repr(tuple(bytes(c) if isinstance(c, memoryview) else c for c in r)) for r in rows):
            h.update(row.encode("utf-8", "surrogatepass"))
            h.update(b"\n")
        digests[name] = f"{len(rows)}:{h.hexdigest()[:16]}"
    return digests


def sqlite_fingerprint(path: Path) -> dict:
    """Every table's rows and the schema of a SQLite registry, read without writing;
    ``absent`` when there is no file, ``unreadable`` (with the bytes' hash) when SQLite
    cannot read it."""
    if not path.exists():
        return {"state": "absent"}
    if path.is_dir():
        return {"state": "folder", "entries": sorted(os.listdir(path))}
    try:
        con = sqlite3.connect(f"file:{urlquote(str(path))}?mode=ro", uri=True)
        try:
            tables = {}
            tables["<schema>"] = con.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
            for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
                tables[name] = con.execute(f'SELECT * FROM "{name}"').fetchall()
        finally:
            con.close()
        return {"state": "registry", "tables": _rows_digest(tables)}
    except sqlite3.DatabaseError as error:
        return {"state": "unreadable", "error": str(error), **bytes_fingerprint(path)}


def bytes_fingerprint(path: Path) -> dict:
    """A file that must stay untouched: bytes, size, mtime, SQLite journal mode, files beside it."""
    if not path.exists():
        return {"state": "absent", "siblings": _siblings(path)}
    data = path.read_bytes()
    journal = "-"
    if data.startswith(b"SQLite format 3\x00") and len(data) >= 20:
        journal = {1: "rollback", 2: "WAL"}.get(data[18], f"v{data[18]}")
    return {"sha256": hashlib.sha256(data).hexdigest()[:16], "size": len(data),
            "mtime_ns": path.stat().st_mtime_ns, "journal": journal, "siblings": _siblings(path)}


def _siblings(path: Path) -> list[str]:
    return [suffix for suffix in ("-wal", "-shm", "-journal") if Path(str(path) + suffix).exists()]


def path_fingerprint(path: Path) -> dict:
    """For a --db that must not be created: whether it, or any folder up to an existing one, exists."""
    created = []
    p = path
    while not p.parent.exists() and p.parent != p:
        p = p.parent
    for candidate in (path, p):
        if candidate.exists():
            created.append(str(candidate))
    return {"created": created, "siblings": _siblings(path)}


def describe_change(before: dict, after: dict) -> str:
    """'' when equal, else a short account of what differs."""
    if before == after:
        return ""
    if "tables" in before and "tables" in after:
        names = sorted(set(before["tables"]) | set(after["tables"]))
        changed = [n for n in names if before["tables"].get(n) != after["tables"].get(n)]
        return "rows: " + ",".join(changed)
    keys = sorted(set(before) | set(after))
    parts = []
    for key in keys:
        if before.get(key) != after.get(key):
            if key == "journal":
                parts.append(f"journal {before.get(key)}→{after.get(key)}")
            elif key == "siblings":
                parts.append("files beside: " + ",".join(after.get(key) or []) if after.get(key) else "siblings")
            elif key == "state":
                parts.append(f"{before.get(key)}→{after.get(key)}")
            elif key == "created":
                parts.append("created " + ",".join(Path(c).name for c in after.get(key)))
            else:
                parts.append(key)
    return "; ".join(parts) or "changed"


class SQLiteBackend:
    name = "sqlite"

    def __init__(self, work: Path, cli: Quotes):
        self.work, self.cli = work / "sqlite", cli
        self.work.mkdir(parents=True)
        self.template = self.work / "seeded-template.db"
        run = cli.run(["--db", str(self.template), "import", str(SEEDS)], timeout=120)
        if run.rc != 0:
            sys.exit(f"robustness: cannot seed a SQLite registry: {run.message()}")
        self._n = 0

    def fresh(self, kind: str = "seeded") -> str:
        """A new registry location: a copy of the seeded one, or an empty registry."""
        self._n += 1
        folder = self.work / f"r{self._n:03d}"
        folder.mkdir()
        path = folder / "registry.db"
        if kind == "seeded":
            shutil.copyfile(self.template, path)
        elif kind == "empty":
            _create_empty_registry(self.cli, str(path))
        return str(path)

    def fingerprint(self, location: str) -> dict:
        return sqlite_fingerprint(Path(location))

    def count(self, location: str, sql: str) -> int:
        con = sqlite3.connect(f"file:{urlquote(location)}?mode=ro", uri=True)
        try:
            return con.execute(sql).fetchone()[0]
        finally:
            con.close()

    def writing(self, location: str) -> bool:
        """Whether a writer holds the registry's write lock (a BEGIN IMMEDIATE that cannot start)."""
        con = sqlite3.connect(location, timeout=0, isolation_level=None)
        try:
            con.execute("BEGIN IMMEDIATE")
            con.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError as error:
            return "locked" in str(error) or "busy" in str(error)
        finally:
            con.close()

    def integrity(self, location: str) -> str:
        con = sqlite3.connect(f"file:{urlquote(location)}?mode=ro", uri=True)
        try:
            return con.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            con.close()

    def drop_all(self) -> None:
        pass


class PostgresBackend:
    name = "postgresql"

    def __init__(self, admin_url: str, cli: Quotes):
        import psycopg

        self.psycopg = psycopg
        self.admin_url = admin_url.replace("postgresql+psycopg://", "postgresql://")
        self.admin = psycopg.connect(self.admin_url, autocommit=True, connect_timeout=5)
        self.base = self.admin_url.rsplit("/", 1)[0]
        self.prefix = f"quotes_robust_{secrets.token_hex(3)}"
        self.created: list[str] = []
        self.cli = cli
        self.template = self._create()
        run = cli.run(["--db", self.url(self.template), "import", str(SEEDS)], timeout=120)
        if run.rc != 0:
            self.drop_all()
            raise RuntimeError(f"cannot seed a PostgreSQL registry: {run.message()}")
        self._n = 0

    def _create(self, template: str | None = None) -> str:
        name = f"{self.prefix}_{len(self.created)}"
        self.admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        self.created.append(name)
        return name

    def url(self, name: str) -> str:
        return f"{self.base}/{name}"

    def fresh(self, kind: str = "seeded") -> str:
        if kind == "seeded":
            return self.url(self._create(self.template))
        url = self.url(self._create())
        if kind == "empty":
            _create_empty_registry(self.cli, url)
        return url

    def _connect(self, location: str):
        return self.psycopg.connect(location, connect_timeout=5)

    def fingerprint(self, location: str) -> dict:
        with self._connect(location) as con:
            names = [r[0] for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'").fetchall()]
            tables = {"<schema>": con.execute(
                "SELECT table_name, column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = 'public'").fetchall()}
            for name in names:
                tables[name] = con.execute(f'SELECT * FROM "{name}"').fetchall()
        return {"state": "registry", "tables": _rows_digest(tables)}

    def count(self, location: str, sql: str) -> int:
        with self._connect(location) as con:
            return con.execute(sql).fetchone()[0]

    def writing(self, location: str) -> bool:
        """Whether another session of the database is inside a transaction that has written."""
        with self._connect(location) as con:
            return con.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL").fetchone()[0] > 0

    def integrity(self, location: str) -> str:
        return "ok"

    def drop_all(self) -> None:
        for name in reversed(self.created):
            try:
                self.admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            except self.psycopg.Error as error:
                print(f"robustness: could not drop {name}: {error}", file=sys.stderr)
        self.created.clear()
        self.admin.close()


def _create_empty_registry(cli: Quotes, location: str) -> None:
    """An initialised registry with no quotes (the library's own Store, in a fresh process)."""
    python = Path(QUOTES[0]).parent / "python"
    subprocess.run([str(python if python.exists() else sys.executable), "-c",
                    "import sys; from quotes.registry.store import Store; Store(sys.argv[1]).close()", location],
                   check=True, env=cli.env, capture_output=True, timeout=120)


# ---------------------------------------------------------------- part a: bad input


def jl(**fields) -> str:
    """One JSON Lines record (a new quote unless fields say otherwise)."""
    record = {"text": "A statement made only for the robustness bench", "lang": "en", "speaker": "Bench Speaker"}
    record.update(fields)
    return json.dumps(record, ensure_ascii=False)


GOOD_LINE = jl(id="q-bench01", text="A perfectly valid statement imported first")


@dataclass
class Case:
    """One command that must be refused (``expect`` 2) or, for a few, succeed (``expect`` 0).

    ``args`` follow ``quotes --db {db}`` (unless ``db_option`` is False) and may hold
    ``{db}``, ``{dir}`` (the case's folder) and ``{new}`` (the last id that a ``prepare``
    command printed). ``files`` are written into the case's folder first. ``target`` is
    the registry: ``seeded``, ``empty``, ``missing`` (a path that must not be created),
    ``missing-dir`` (the same inside folders that must not be created), ``file:NAME``
    (a file from ``files`` or made by ``make``, fingerprinted by its bytes), or ``none``.
    """

    name: str
    args: list
    expect: int = 2
    files: dict = field(default_factory=dict)
    stdin: bytes | None = None
    target: str = "seeded"
    prepare: list = field(default_factory=list)
    pg: bool = False
    db_option: bool = True
    hold_lock: bool = False
    read_only: bool = False
    make: object = None  # callable(folder: Path, template: Path) -> None, for file: targets
    why: str = ""


def _non_quotes_sqlite(folder: Path, _template: Path) -> None:
    con = sqlite3.connect(folder / "other.db")
    con.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    con.execute("INSERT INTO contacts VALUES ('Ada', '555-0100')")
    con.commit()
    con.close()
    old = time.time() - 3600
    os.utime(folder / "other.db", (old, old))


def _corrupt_copy(folder: Path, template: Path) -> None:
    data = bytearray(template.read_bytes())
    rnd = random.Random(7)
    page = 4096
    for start in range(page, len(data), page * 2):  # every other page after the header page
        for i in range(start, min(start + page, len(data))):
            data[i] = rnd.randrange(256)
    (folder / "corrupt.db").write_bytes(bytes(data))


def _newer_schema(folder: Path, template: Path) -> None:
    shutil.copyfile(template, folder / "newer.db")
    con = sqlite3.connect(folder / "newer.db")
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.commit()
    con.close()


def _readonly_copy(folder: Path, template: Path) -> None:
    shutil.copyfile(template, folder / "readonly.db")
    os.chmod(folder / "readonly.db", 0o444)
    os.chmod(folder, 0o555)  # no -wal / -shm can be created beside it either


def _plain_copy(folder: Path, template: Path) -> None:
    shutil.copyfile(template, folder / "locked.db")


def bad_input_cases() -> list[Case]:
    """The table. Each case says what it feeds; ``why`` says what it guards against."""
    in_review = [
        ["translate", Q_MUSK, "--lang", "tr", "--text", "Aslında paraları yok", "--translator", "Ayşe K."],
        ["review", "{new}", "--submit", "--reviewer", "Deniz Y.", "--note", "ready for review"],
    ]
    draft = [["translate", Q_MUSK, "--lang", "de", "--text", "Sie haben das Geld eigentlich nicht",
              "--translator", "Jonas B."]]
    approve = ["--reviewer", "Deniz Y.", "--note", "fine"]
    nfd_speaker = unicodedata.normalize("NFD", "Mehmet Şimşek")
    cases = [
        # ids
        Case("show-unknown-id", ["show", "q-ffffff"], pg=True),
        Case("show-bad-id-chars", ["show", "q-!!%_*"]),
        Case("show-empty-id", ["show", ""]),
        Case("show-ambiguous-prefix", ["show", "3c9d1"], pg=True),
        Case("show-ambiguous-prefix-q", ["show", "q-7d2e4"]),
        Case("history-unknown-id", ["history", "q-000000"]),
        Case("edit-unknown-id", ["edit", "q-000000", "--text", "new words here", "--reason", "typo"]),
        Case("status-unknown-id", ["status", "q-000000", "verified", "--note", "checked"]),
        Case("revise-unknown-id", ["revise", "r-000000", "--text", "yeni", "--translator", "A"]),
        Case("note-unknown-id", ["note", "r-000000", "--author", "A", "--text", "hello"]),
        Case("review-unknown-id", ["review", "r-000000", "--submit", *approve]),
        Case("copy-unknown-id", ["copy", "q-000000"]),
        Case("translate-unknown-quote", ["translate", "q-000000", "--lang", "tr", "--text", "metin", "--translator", "A"]),
        Case("translate-from-unknown", ["translate", Q_ALTMAN, "--lang", "en", "--text", "text here",
                                        "--translator", "A", "--from", "r-000000"]),
        # dates, languages, empty and odd text
        Case("add-date-feb-30", ["add", "A new statement", "--speaker", "Bench", "--lang", "en", "--said-on", "2025-02-30"], pg=True),
        Case("add-date-word", ["add", "A new statement", "--speaker", "Bench", "--lang", "en", "--said-on", "yesterday"]),
        Case("add-date-slashes", ["add", "A new statement", "--speaker", "Bench", "--lang", "en", "--said-on", "2025/02/10"]),
        Case("add-lang-xx", ["add", "A new statement", "--speaker", "Bench", "--lang", "xx"], pg=True),
        Case("add-lang-word", ["add", "A new statement", "--speaker", "Bench", "--lang", "english"]),
        Case("add-lang-empty", ["add", "A new statement", "--speaker", "Bench", "--lang", ""]),
        Case("add-empty-text", ["add", "", "--speaker", "Bench", "--lang", "en"], pg=True),
        Case("add-blank-text", ["add", "   \t ", "--speaker", "Bench", "--lang", "en"]),
        Case("add-punctuation-only", ["add", "?!… — «» ...", "--speaker", "Bench", "--lang", "en"]),
        Case("add-blank-speaker", ["add", "A new statement", "--speaker", "  ", "--lang", "en"]),
        Case("add-missing-speaker", ["add", "A new statement", "--lang", "en"]),
        Case("add-control-chars-text", ["add", "We will \x1b[2J\x07 buy it", "--speaker", "Bench", "--lang", "en"],
             why="terminal escapes and BEL are not text"),
        Case("add-control-chars-speaker", ["add", "A new statement", "--speaker", "Elon\x07\x1bMusk", "--lang", "en"]),
        Case("add-invalid-utf8-argv", ["add", b"caf\xe9 au lait \xff", "--speaker", "Bench", "--lang", "fr"],
             why="bytes that are not UTF-8 arrive as lone surrogates"),
        Case("edit-same-text", ["edit", Q_ALTMAN, "--text", ALTMAN_TEXT, "--reason", "none"], pg=True),
        Case("edit-punctuation-only", ["edit", Q_ALTMAN, "--text", "…?!", "--reason", "r"]),
        Case("edit-blank-reason", ["edit", Q_ALTMAN, "--text", "no thank you", "--reason", "  "]),
        Case("status-bad-value", ["status", Q_ALTMAN, "approved", "--note", "n"]),
        Case("status-blank-note", ["status", Q_ALTMAN, "verified", "--note", " "]),
        Case("translate-bad-lang", ["translate", Q_ALTMAN, "--lang", "klingonese", "--text", "x y", "--translator", "A"], pg=True),
        Case("translate-no-text", ["translate", Q_ALTMAN, "--lang", "de", "--translator", "A"]),
        Case("translate-text-and-machine", ["translate", Q_ALTMAN, "--lang", "de", "--text", "ein Text", "--machine",
                                            "--translator", "A"]),
        Case("translate-blank-text", ["translate", Q_ALTMAN, "--lang", "de", "--text", "  ", "--translator", "A"]),
        Case("list-bad-status", ["list", "--status", "approved"]),
        Case("list-bad-lang", ["list", "--lang", "12"]),
        Case("export-bad-lang", ["export", "--lang", "xx"]),
        Case("renditions-bad-state", ["renditions", "--state", "aproved"], why="a typo must not pass as an empty queue"),
        Case("copy-lang-without-rendition", ["copy", Q_MUSK, "--lang", "fr"]),
        Case("copy-bad-lang", ["copy", Q_ALTMAN, "--lang", "xx"]),
        # duplicates of a registered statement (SPEC: typography aside, the same words)
        Case("add-duplicate-exact", ["add", MUSK_TEXT, "--speaker", "Elon Musk", "--lang", "en"]),
        Case("add-duplicate-trailing-space", ["add", MUSK_TEXT + " ", "--speaker", "Elon Musk", "--lang", "en"]),
        Case("add-duplicate-straight-apostrophe", ["add", MUSK_TEXT.replace("’", "'"), "--speaker", "Elon Musk", "--lang", "en"], pg=True),
        Case("add-duplicate-nfd", ["add", unicodedata.normalize("NFD", SIMSEK_OIL_TEXT), "--speaker", "Mehmet Şimşek", "--lang", "tr"]),
        Case("add-duplicate-nfd-speaker", ["add", SIMSEK_OIL_TEXT, "--speaker", nfd_speaker, "--lang", "tr"],
             why="the same speaker's name in NFD must not make a second speaker with the same statement"),
        # review
        Case("review-no-action", ["review", R_APPROVED, *approve]),
        Case("review-approve-and-reject", ["review", "{new}", "--approve", "--reject", *approve], prepare=in_review, pg=True),
        Case("review-submit-and-approve", ["review", "{new}", "--submit", "--approve", *approve], prepare=in_review),
        Case("review-approve-approved", ["review", R_APPROVED, "--approve", *approve], pg=True),
        Case("review-submit-approved", ["review", R_APPROVED, "--submit", *approve]),
        Case("review-approve-changes-requested", ["review", R_CHANGES_REQUESTED, "--approve", *approve]),
        Case("review-reject-draft", ["review", "{new}", "--reject", *approve], prepare=draft),
        Case("review-self-same-spelling", ["review", "{new}", "--approve", "--reviewer", "Ayşe K.", "--note", "ok"],
             prepare=in_review),
        Case("review-self-other-spelling", ["review", "{new}", "--approve", "--reviewer", " ayşe k. ", "--note", "ok"],
             prepare=in_review, pg=True),
        Case("review-self-uppercase", ["review", "{new}", "--approve", "--reviewer", "AYŞE K.", "--note", "ok"],
             prepare=in_review),
        Case("review-self-nfd", ["review", "{new}", "--approve", "--reviewer", unicodedata.normalize("NFD", "Ayşe K."),
                                 "--note", "ok"], prepare=in_review),
        Case("review-blank-note", ["review", "{new}", "--approve", "--reviewer", "Deniz Y.", "--note", " "], prepare=in_review),
        Case("review-blank-reviewer", ["review", "{new}", "--approve", "--reviewer", " ", "--note", "ok"], prepare=in_review),
        Case("revise-approved", ["revise", R_APPROVED, "--text", "yeni bir metin", "--translator", "A"]),
        Case("note-blank-text", ["note", R_APPROVED, "--author", "A", "--text", "  "]),
        # JSON Lines import
        Case("import-missing-file", ["import", "{dir}/nope.jsonl"]),
        Case("import-folder", ["import", "{dir}"]),
        Case("import-binary-file", ["import", "{dir}/in.jsonl"],
             files={"in.jsonl": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4}),
        Case("import-empty-file", ["import", "{dir}/in.jsonl"], files={"in.jsonl": b""}),
        Case("import-blank-lines", ["import", "{dir}/in.jsonl"], files={"in.jsonl": b"\n  \n\t\n"}),
        Case("import-bad-json", ["import", "{dir}/in.jsonl"], files={"in.jsonl": b"{not json at all}\n"}, pg=True),
        Case("import-truncated-line", ["import", "{dir}/in.jsonl"],
             files={"in.jsonl": (GOOD_LINE + "\n" + GOOD_LINE[:40]).encode()}),
        Case("import-json-array", ["import", "{dir}/in.jsonl"], files={"in.jsonl": b"[1, 2, 3]\n"}),
        Case("import-missing-text", ["import", "{dir}/in.jsonl"], files={"in.jsonl": b'{"lang": "en", "speaker": "A"}\n'}),
        Case("import-missing-speaker", ["import", "{dir}/in.jsonl"], files={"in.jsonl": b'{"text": "words here", "lang": "en"}\n'}),
        Case("import-missing-lang", ["import", "{dir}/in.jsonl"], files={"in.jsonl": b'{"text": "words here", "speaker": "A"}\n'}),
        Case("import-text-number", ["import", "{dir}/in.jsonl"], files={"in.jsonl": jl(text=42).encode()}),
        Case("import-speaker-list", ["import", "{dir}/in.jsonl"], files={"in.jsonl": jl(speaker=["A", "B"]).encode()}),
        Case("import-renditions-string", ["import", "{dir}/in.jsonl"], files={"in.jsonl": jl(renditions="none").encode()}),
        Case("import-source-string", ["import", "{dir}/in.jsonl"], files={"in.jsonl": jl(source="https://x.test").encode()}),
        Case("import-aliases-string", ["import", "{dir}/in.jsonl"], files={"in.jsonl": jl(speaker_aliases="A").encode()}),
        Case("import-bad-date", ["import", "{dir}/in.jsonl"], files={"in.jsonl": jl(said_on="2025-02-30").encode()}),
        Case("import-bad-lang", ["import", "{dir}/in.jsonl"], files={"in.jsonl": jl(lang="xx").encode()}),
        Case("import-bad-status", ["import", "{dir}/in.jsonl"], files={"in.jsonl": jl(status="approved").encode()}),
        Case("import-bad-id", ["import", "{dir}/in.jsonl"], files={"in.jsonl": jl(id="x-123").encode()}),
        Case("import-empty-text", ["import", "{dir}/in.jsonl"], files={"in.jsonl": jl(text="   ").encode()}),
        Case("import-punctuation-text", ["import", "{dir}/in.jsonl"], files={"in.jsonl": jl(text="?!… — «»").encode()}),
        Case("import-duplicate-ids", ["import", "{dir}/in.jsonl"], pg=True,
             files={"in.jsonl": (jl(id="q-dup001", text="First text of the same id") + "\n"
                                 + jl(id="q-dup001", text="Second, different text of the same id") + "\n").encode()}),
        Case("import-adds-rendition-to-registered", ["import", "{dir}/in.jsonl"], pg=True,
             files={"in.jsonl": jl(id=Q_ALTMAN, text=ALTMAN_TEXT, speaker="Sam Altman", renditions=[
                 {"id": "r-bench01", "lang": "de", "text": "nein danke", "translator": "A"}]).encode()}),
        Case("import-registered-id-other-text", ["import", "{dir}/in.jsonl"],
             files={"in.jsonl": jl(id=Q_ALTMAN, text="something Altman never said", speaker="Sam Altman").encode()}),
        Case("import-good-then-bad", ["import", "{dir}/in.jsonl"], pg=True,
             files={"in.jsonl": (GOOD_LINE + "\n" + jl(said_on="not a date") + "\n").encode()},
             why="all or nothing: the good first line must not be imported"),
        Case("import-lone-surrogate-text", ["import", "{dir}/in.jsonl"],
             files={"in.jsonl": b'{"text": "bad \\ud800 text here", "lang": "en", "speaker": "Bench"}\n'}),
        Case("import-lone-surrogate-speaker", ["import", "{dir}/in.jsonl"], pg=True,
             files={"in.jsonl": (GOOD_LINE + "\n").encode()
                    + b'{"text": "fine words here", "lang": "en", "speaker": "Bad \\udc80 Name"}\n'},
             why="the message must name the file and line 2"),
        Case("import-lone-surrogate-rendition", ["import", "{dir}/in.jsonl"],
             files={"in.jsonl": json.dumps({"text": "fine words here", "lang": "en", "speaker": "Bench", "renditions": [
                 {"lang": "de", "text": "kaputt \udfff", "translator": "A"}]}).encode()}),
        Case("import-nul-in-text", ["import", "{dir}/in.jsonl"], pg=True,
             files={"in.jsonl": b'{"text": "nul \\u0000 inside the text", "lang": "en", "speaker": "Bench"}\n'}),
        Case("import-nul-in-speaker", ["import", "{dir}/in.jsonl"], pg=True,
             files={"in.jsonl": b'{"text": "fine words here", "lang": "en", "speaker": "Nul\\u0000Name"}\n'}),
        Case("import-control-char-speaker", ["import", "{dir}/in.jsonl"],
             files={"in.jsonl": b'{"text": "fine words here", "lang": "en", "speaker": "Esc\\u001b[31mName"}\n'}),
        Case("import-non-utf8", ["import", "{dir}/in.jsonl"],
             files={"in.jsonl": jl(text="Enflasyonun yıl sonunda düşmesini bekliyoruz", speaker="Mehmet Şimşek",
                                   lang="tr").encode("cp1254")}),
        Case("import-utf16", ["import", "{dir}/in.jsonl"], files={"in.jsonl": (GOOD_LINE + "\n").encode("utf-16")}),
        Case("import-huge-line", ["import", "{dir}/in.jsonl"],
             files={"in.jsonl": b'{"text": "' + b"word " * 5_000_000 + b'\n'},
             why="a 25 MB unterminated line: refused with its line number, in bounded time"),
        Case("import-machine-approved-no-note", ["import", "{dir}/in.jsonl"],
             files={"in.jsonl": jl(renditions=[{"lang": "de", "text": "eine Aussage", "translator": "A",
                                                "method": "machine", "state": "approved"}]).encode()}),
        Case("import-rendition-from-unknown", ["import", "{dir}/in.jsonl"],
             files={"in.jsonl": jl(renditions=[{"lang": "de", "text": "eine Aussage", "translator": "A",
                                                "from": "r-nowhere"}]).encode()}),
        Case("import-rendition-cycle", ["import", "{dir}/in.jsonl"],
             files={"in.jsonl": jl(renditions=[
                 {"id": "r-cyc001", "lang": "de", "text": "eins", "translator": "A", "from": "r-cyc002"},
                 {"id": "r-cyc002", "lang": "fr", "text": "un", "translator": "A", "from": "r-cyc001"}]).encode()}),
        Case("import-rendition-of-other-quote", ["import", "{dir}/in.jsonl"],
             files={"in.jsonl": jl(renditions=[{"id": R_APPROVED, "lang": "de", "text": "eine Aussage",
                                                "translator": "A"}]).encode()}),
        Case("import-versions-mismatch", ["import", "{dir}/in.jsonl"],
             files={"in.jsonl": jl(versions=[{"text": "an older different text"}]).encode()}),
        # check
        Case("check-missing-file", ["check", "{dir}/nope.txt"]),
        Case("check-empty-file", ["check", "{dir}/empty.txt"], files={"empty.txt": b""}, pg=True),
        Case("check-blank-file", ["check", "{dir}/blank.txt"], files={"blank.txt": b"  \n\n \t\n"}),
        Case("check-binary-file", ["check", "{dir}/image.txt"], files={"image.txt": b"\x89PNG\r\n\x1a\n\x00\x00" * 100}),
        Case("check-folder-without-text", ["check", "{dir}/sub"], files={"sub/image.png": b"\x89PNG\r\n"}),
        Case("check-huge-file", ["check", "{dir}/huge.txt"], files={"huge.txt": b"\xe2\x80\x9cword\xe2\x80\x9d said. " * 1_400_000}),
        Case("check-empty-stdin", ["check", "-"], stdin=b""),
        Case("check-bad-lang", ["check", "--lang", "xx", str(ARTICLE)]),
        # coverage that is not bad input: checked, not crashed on (nothing matches: exit 0)
        Case("check-chinese-passage", ["check", "{dir}/zh.txt"], expect=0, pg=True,
             files={"zh.txt": "他说：“我们将降低通胀”。".encode()}),
        Case("check-japanese-passage", ["check", "{dir}/ja.txt"], expect=0,
             files={"ja.txt": "大臣は 「インフレを下げる」 と述べた。".encode()}),
        Case("check-korean-passage", ["check", "{dir}/ko.txt"], expect=0,
             files={"ko.txt": "장관은 “인플레이션을 낮추겠다”고 말했다.".encode()}),
        Case("check-control-characters", ["check", "-"], expect=0,
             stdin="He said “We \x1b[31mwill\x07 buy it” and left.\x0c".encode()),
        Case("check-empty-registry", ["check", str(ARTICLE)], target="empty", pg=True,
             why="SPEC: checking against an empty registry is refused"),
        # the database itself
        Case("check-missing-db", ["check", str(ARTICLE)], target="missing", why="a read command must not create --db"),
        Case("list-missing-db", ["list"], target="missing"),
        Case("show-missing-db", ["show", Q_ALTMAN], target="missing"),
        Case("export-missing-db", ["export"], target="missing"),
        Case("list-missing-folder-db", ["list"], target="missing-dir"),
        Case("list-non-quotes-sqlite", ["list"], target="file:other.db", make=_non_quotes_sqlite,
             why="another program's database: not written, not switched to WAL"),
        Case("add-non-quotes-sqlite", ["add", "A new statement", "--speaker", "Bench", "--lang", "en"],
             target="file:other.db", make=_non_quotes_sqlite),
        Case("list-zero-byte-db", ["list"], target="file:zero.db", files={"zero.db": b""},
             why="an empty file is not a registry: a read command must not turn it into one"),
        Case("list-text-file-db", ["list"], target="file:notes.db", files={"notes.db": b"shopping list\n" * 100}),
        Case("list-corrupt-db", ["list"], target="file:corrupt.db", make=_corrupt_copy),
        Case("list-newer-schema", ["list"], target="file:newer.db", make=_newer_schema),
        Case("list-db-is-folder", ["list"], target="file:folder.db", files={"folder.db/x": b""}),
        Case("list-mysql-url", ["--db", "mysql://user@127.0.0.1/quotes", "list"], target="none", db_option=False,
             why="an unsupported backend, not a missing driver"),
        Case("list-bad-url", ["--db", "postgresql://user@[::1/quotes", "list"], target="none", db_option=False),
        Case("list-unreachable-postgres", ["--db", "postgresql://nobody@127.0.0.1:1/quotes", "list"], target="none",
             db_option=False),
        Case("add-while-locked", ["add", "A new statement", "--speaker", "Bench", "--lang", "en"], target="file:locked.db",
             make=_plain_copy, hold_lock=True, why="another writer holds the lock: a one-line 'locked' error"),
        Case("unknown-command", ["frobnicate"]),
        # must succeed
        Case("list-read-only-registry", ["list"], expect=0, target="file:readonly.db", make=_readonly_copy, read_only=True,
             why="a registry the user may only read can still be listed"),
        Case("db-option-after-command", ["list", "--db", "{db}"], expect=0, db_option=False,
             why="SPEC: --db is accepted before or after the command"),
    ]
    return cases


@dataclass
class CaseResult:
    backend: str
    case: Case
    rc: int | None
    traceback: bool
    lines: int
    changed: str
    message: str
    seconds: float
    prepare_error: str = ""

    @property
    def exit_ok(self) -> bool:
        return self.rc == self.case.expect

    @property
    def failed(self) -> bool:
        return bool(self.prepare_error) or not self.exit_ok or self.traceback or bool(self.changed)

    def problems(self) -> str:
        found = []
        if self.prepare_error:
            found.append("prepare failed")
        if self.rc is None:
            found.append(f"no answer in {CASE_TIMEOUT:.0f} s")
        elif not self.exit_ok:
            found.append(f"exit {self.rc}, expected {self.case.expect}")
        if self.traceback:
            found.append("traceback")
        if self.changed:
            found.append("registry changed")
        if not found and self.case.expect == 2 and self.lines != 1:
            found.append(f"{self.lines}-line message")
        return ", ".join(found)


def _fill(arg, values: dict):
    if isinstance(arg, bytes):
        return arg
    for key, value in values.items():
        arg = arg.replace("{" + key + "}", value)
    return arg


ID_IN_OUTPUT = re.compile(r"\b([qr]-[0-9a-z]{4,})\b")


def run_case(case: Case, backend, cli: Quotes, work: Path) -> CaseResult:
    folder = Path(tempfile.mkdtemp(prefix=f"{case.name}-", dir=work))
    for name, content in case.files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    template = getattr(backend, "template", None)
    if case.make:
        case.make(folder, template)
    if case.target in ("seeded", "empty"):
        location = backend.fresh(case.target)
        fingerprint = lambda: backend.fingerprint(location)  # noqa: E731
    elif case.target == "missing":
        location = str(folder / "missing.db")
        fingerprint = lambda: path_fingerprint(Path(location))  # noqa: E731
    elif case.target == "missing-dir":
        location = str(folder / "no" / "such" / "folder" / "registry.db")
        fingerprint = lambda: path_fingerprint(Path(location))  # noqa: E731
    elif case.target.startswith("file:"):
        location = str(folder / case.target.removeprefix("file:"))
        if case.hold_lock:
            fingerprint = lambda: sqlite_fingerprint(Path(location))  # noqa: E731
        elif case.read_only:
            # bytes only: opening it with SQLite, even read-only, would leave -wal/-shm files
            # beside it that the command under test could then use
            fingerprint = lambda: bytes_fingerprint(Path(location))  # noqa: E731
        elif Path(location).is_dir():
            fingerprint = lambda: {"entries": sorted(os.listdir(location))}  # noqa: E731
        else:
            fingerprint = lambda: bytes_fingerprint(Path(location))  # noqa: E731
    else:
        location = ""
        fingerprint = lambda: {}  # noqa: E731
    values = {"db": location, "dir": str(folder)}
    prepare_error = ""
    for step in case.prepare:
        run = cli.run(["--db", location, *[_fill(a, values) for a in step]])
        if run.rc != 0:
            prepare_error = f"{' '.join(map(str, step[:2]))}: {run.message()}"
            break
        found = ID_IN_OUTPUT.findall(run.stdout)
        if found:
            values["new"] = found[0]
    before = fingerprint()
    args = [_fill(a, values) for a in case.args]
    if case.db_option:
        args = ["--db", location, *args]
    lock = None
    if case.hold_lock:
        lock = sqlite3.connect(location, isolation_level=None, timeout=1)
        lock.execute("BEGIN EXCLUSIVE")
    try:
        run = cli.run(args, stdin=case.stdin, read_only=case.read_only)
    finally:
        if lock is not None:
            lock.execute("ROLLBACK")
            lock.close()
    after = fingerprint()
    if case.read_only:
        os.chmod(folder, 0o755)
    return CaseResult(backend.name, case, run.rc, run.traceback, run.message_lines(), describe_change(before, after),
                      run.message().replace(str(work), "$W"), run.seconds, prepare_error.replace(str(work), "$W"))


def part_a(backends, cli: Quotes, work: Path, only: list[str] | None = None) -> list[CaseResult]:
    results = []
    cases = [c for c in bad_input_cases() if not only or any(o in c.name for o in only)]
    for backend in backends:
        for case in cases:
            if backend.name == "postgresql" and not case.pg:
                continue
            results.append(run_case(case, backend, cli, work))
    return results


# ---------------------------------------------------------------- part b: concurrent writers


@dataclass
class WriterResult:
    backend: str
    writers: int
    per_writer: int
    acknowledged: int
    failed: int
    found_quotes: int
    found_versions: int
    found_events: int
    failures: dict  # message → count
    seconds: float
    max_seconds: float
    tracebacks: int = 0

    @property
    def lost(self) -> int:
        return max(0, self.acknowledged - min(self.found_quotes, self.found_versions, self.found_events))


def concurrent_writers(backend, cli: Quotes, writers: int, per_writer: int) -> WriterResult:
    location = backend.fresh("seeded")
    base_quotes = backend.count(location, "SELECT count(*) FROM quotes")
    base_versions = backend.count(location, "SELECT count(*) FROM quote_versions")
    base_events = backend.count(location, "SELECT count(*) FROM events WHERE action = 'add'")
    lock = threading.Lock()
    failures: dict[str, int] = {}
    acknowledged = [0]
    slowest = [0.0]
    tracebacks = [0]

    def writer(w: int) -> None:
        for i in range(per_writer):
            text = f"Concurrent writer {w} says statement number {i} about item {w * 100_000 + i}"
            run = cli.run(["--db", location, "add", text, "--speaker", f"Bench Writer {w}", "--lang", "en"], timeout=120)
            with lock:
                slowest[0] = max(slowest[0], run.seconds)
                tracebacks[0] += run.traceback
                if run.rc == 0:
                    acknowledged[0] += 1
                else:
                    message = "timeout (120 s)" if run.rc is None else (
                        ("[traceback] " if run.traceback else "") + f"exit {run.rc}: {run.message()}")
                    message = re.sub(r"q-[0-9a-f]{6,}", "q-…", message)[:160]
                    failures[message] = failures.get(message, 0) + 1

    started = time.monotonic()
    with ThreadPoolExecutor(writers) as pool:
        list(pool.map(writer, range(writers)))
    seconds = time.monotonic() - started
    return WriterResult(
        backend.name, writers, per_writer, acknowledged[0], writers * per_writer - acknowledged[0],
        backend.count(location, "SELECT count(*) FROM quotes") - base_quotes,
        backend.count(location, "SELECT count(*) FROM quote_versions") - base_versions,
        backend.count(location, "SELECT count(*) FROM events WHERE action = 'add'") - base_events,
        failures, seconds, slowest[0], tracebacks[0],
    )


@dataclass
class WaitResult:
    backend: str
    import_quotes: int
    import_seconds: float
    add_started_after: float
    outcome: str  # "completed", "refused", "no answer", "import ended first"
    add_seconds: float
    message: str
    import_rc: int | None
    final_ok: bool
    traceback: bool = False

    @property
    def failed(self) -> bool:
        return self.outcome == "no answer" or not self.final_ok or self.traceback


def writer_during_import(backend, cli: Quotes, work: Path, quotes: int, rng: random.Random) -> WaitResult:
    """Start a long import, then one `quotes add` while it holds the write lock; the add
    must complete or be refused with a message within WRITER_WAIT_LIMIT seconds."""
    path = work / f"long-import-{backend.name}-{quotes}.jsonl"
    write_import_file(path, quotes, prefix="w")
    location = backend.fresh("seeded")
    base = backend.count(location, "SELECT count(*) FROM quotes")
    started = time.monotonic()
    importer = cli.popen(["--db", location, "import", str(path)])
    # The lines are validated before the write transaction: wait until the import writes.
    while importer.poll() is None and not backend.writing(location) and time.monotonic() - started < 300:
        time.sleep(0.2)
    time.sleep(0.5)
    delay = time.monotonic() - started
    import_running = importer.poll() is None
    add = cli.run(["--db", location, "add", f"A statement added during an import {rng.random()}",
                   "--speaker", "Bench Waiter", "--lang", "en"], timeout=WRITER_WAIT_LIMIT)
    import_rc = importer.wait(timeout=600)
    import_seconds = time.monotonic() - started
    importer.stdout.close()
    importer.stderr.close()
    if not import_running:
        outcome = "import ended first"
    elif add.rc is None:
        outcome = "no answer"
    elif add.rc == 0:
        outcome = "completed"
    else:
        outcome = "refused"
    expected = base + (quotes if import_rc == 0 else 0) + (1 if add.rc == 0 else 0)
    final = backend.count(location, "SELECT count(*) FROM quotes")
    message = "" if add.rc in (0, None) else add.message().replace(str(work), "$W")
    if add.rc is None:
        message = f"still waiting after {WRITER_WAIT_LIMIT:.0f} s, nothing printed (killed)"
    return WaitResult(backend.name, quotes, import_seconds, delay, outcome, add.seconds, message, import_rc,
                      final == expected, add.traceback)


# ---------------------------------------------------------------- part c: kill -9 during import


def write_import_file(path: Path, count: int, prefix: str = "k") -> None:
    with path.open("w", encoding="utf-8") as f:
        for i in range(count):
            f.write(json.dumps({
                "id": f"q-{prefix}{i:07d}",
                "text": f"Import statement {prefix}{i}: the committee expects growth of {i % 97} percent by {2020 + i % 10}",
                "lang": "en", "speaker": f"Bench Speaker {i % 25}", "said_on": "2025-01-01",
                "source": {"outlet": "Bench"},
            }, ensure_ascii=False) + "\n")


@dataclass
class KillResult:
    backend: str
    trial: int
    delay: float
    killed: bool
    opens: bool
    list_ok: bool
    count: int | None
    old: int
    added: int
    integrity: str
    retry_ok: bool
    retry_count: int | None
    note: str = ""

    @property
    def all_or_nothing(self) -> bool:
        return self.count in (self.old, self.old + self.added)

    @property
    def lost(self) -> int:
        lost = 0
        if self.count is not None and self.count < self.old:
            lost += self.old - self.count
        if self.retry_count is not None and self.retry_count < self.old + self.added:
            lost += self.old + self.added - self.retry_count
        return lost

    @property
    def failed(self) -> bool:
        return not (self.opens and self.list_ok and self.all_or_nothing and self.retry_ok
                    and self.integrity == "ok")


LIST_COUNT = re.compile(r"^(\d+) quotes?$", re.M)


def kill_during_import(backend, cli: Quotes, work: Path, quotes: int, trials: int, rng: random.Random) -> tuple[float, list[KillResult]]:
    path = work / f"kill-import-{backend.name}-{quotes}.jsonl"
    write_import_file(path, quotes)
    # Calibrate: how long an uninterrupted import takes.
    location = backend.fresh("seeded")
    run = cli.run(["--db", location, "import", str(path)], timeout=600)
    if run.rc != 0:
        raise RuntimeError(f"{backend.name}: the generated import fails: {run.message()}")
    duration = run.seconds
    results = []
    for trial in range(1, trials + 1):
        location = backend.fresh("seeded")
        old = backend.count(location, "SELECT count(*) FROM quotes")
        delay = rng.uniform(0.3, duration * 0.95)
        process = cli.popen(["--db", location, "import", str(path)])
        time.sleep(delay)
        killed = process.poll() is None
        if killed:
            process.send_signal(signal.SIGKILL)
        process.wait()
        process.stdout.close()
        process.stderr.close()
        note = "" if killed else "import finished before the kill"
        listed = cli.run(["--db", location, "list"], timeout=120)
        list_ok = listed.rc == 0 and not listed.traceback
        count = None
        match = LIST_COUNT.search(listed.stdout)
        if match:
            count = int(match.group(1))
        opens = True
        try:
            direct = backend.count(location, "SELECT count(*) FROM quotes")
            if count is None:
                count = direct
            elif direct != count:
                note = (note + "; " if note else "") + f"list says {count}, table has {direct}"
        except Exception as error:  # noqa: BLE001 - any failure to open is the finding
            opens = False
            note = (note + "; " if note else "") + f"cannot open: {error}"
        integrity = backend.integrity(location) if opens else "-"
        if not list_ok:
            note = (note + "; " if note else "") + f"list: {listed.message()}"
        retry = cli.run(["--db", location, "import", str(path)], timeout=600)
        retry_count = None
        try:
            retry_count = backend.count(location, "SELECT count(*) FROM quotes")
        except Exception:  # noqa: BLE001
            pass
        retry_ok = retry.rc == 0 and retry_count == old + quotes
        if retry.rc != 0:
            note = (note + "; " if note else "") + f"retry: {retry.message()}"
        results.append(KillResult(backend.name, trial, delay, killed, opens, list_ok, count, old, quotes, integrity,
                                  retry_ok, retry_count, note))
    return duration, results


# ---------------------------------------------------------------- report


def table(headers: list[str], rows: list[list], widths: dict[int, int] | None = None) -> str:
    widths = widths or {}
    cells = [[str(c) for c in row] for row in rows]
    for row in cells:
        for i, limit in widths.items():
            if len(row[i]) > limit:
                row[i] = row[i][: limit - 1] + "…"
    sizes = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    line = lambda r: "  ".join(c.ljust(sizes[i]) for i, c in enumerate(r)).rstrip()  # noqa: E731
    return "\n".join([line(headers), line(["-" * s for s in sizes]), *(line(r) for r in cells)])


def _printable(text: str) -> str:
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)


def report_a(results: list[CaseResult]) -> str:
    rows = []
    for r in results:
        rows.append([
            r.case.name, r.backend[:2] if r.backend == "postgresql" else "sq", r.case.expect,
            "-" if r.rc is None else r.rc, "yes" if r.traceback else "no", r.lines,
            r.changed or "no", f"{r.seconds:.1f}", "FAIL" if r.failed else ("ok*" if r.problems() else "ok"),
            _printable(r.prepare_error or r.message),
        ])
    return table(["case", "db", "want", "exit", "traceback", "lines", "changed", "s", "result", "message"],
                 rows, {6: 28, 9: 110})


def report_b(writers: list[WriterResult], waits: list[WaitResult]) -> str:
    rows = [[w.backend, f"{w.writers}×{w.per_writer}", w.acknowledged, w.failed, w.found_quotes, w.found_versions,
             w.found_events, w.lost, f"{w.seconds:.0f}", f"{w.max_seconds:.1f}"] for w in writers]
    out = [table(["backend", "writes", "ok (exit 0)", "failed", "quotes found", "versions found", "add events",
                  "rows lost", "s", "slowest add s"], rows)] if writers else []
    for w in writers:
        for message, count in sorted(w.failures.items(), key=lambda kv: -kv[1]):
            out.append(f"  {w.backend}: {count} × {_printable(message)}")
    if waits:
        if out:
            out.append("")
        out.append(f"One `quotes add` during a long import (bounded at {WRITER_WAIT_LIMIT:.0f} s):")
        rows = [[w.backend, w.import_quotes, f"{w.import_seconds:.1f}", f"{w.add_started_after:.1f}", w.outcome,
                 f"{w.add_seconds:.1f}", w.import_rc, "yes" if w.final_ok else "NO",
                 "FAIL" if w.failed else "ok", _printable(w.message)] for w in waits]
        out.append(table(["backend", "import quotes", "import s", "add at s", "add outcome", "add s", "import exit",
                          "counts right", "result", "message"], rows, {9: 100}))
    return "\n".join(out)


def report_c(kills: list[KillResult], durations: dict[str, float], sizes: dict[str, int]) -> str:
    out = [f"uninterrupted import: " + ", ".join(f"{b} {sizes[b]} quotes in {d:.1f} s" for b, d in durations.items())]
    rows = [[k.backend, k.trial, f"{k.delay:.2f}", "yes" if k.killed else "no", "yes" if k.opens else "NO",
             "yes" if k.list_ok else "NO", k.old, "-" if k.count is None else k.count,
             "yes" if k.all_or_nothing else "NO", k.integrity[:20], "yes" if k.retry_ok else "NO",
             k.lost, "FAIL" if k.failed else "ok", _printable(k.note)] for k in kills]
    out.append(table(["backend", "trial", "kill at s", "killed", "opens", "list", "before", "after",
                      "all-or-nothing", "integrity", "re-import ok", "rows lost", "result", "note"], rows, {13: 100}))
    return "\n".join(out)


# ---------------------------------------------------------------- d. the desk's inputs


@dataclass
class DeskInput:
    """One hostile request to the check page (or any route, for bodies), made against a
    fresh `quotes serve` so that its peak memory is the input's own."""

    name: str
    send: object  # (session, port) -> (status, text): the request, as a translator
    sent: int  # bytes the attacker offers


@dataclass
class DeskResult:
    name: str
    sent: int
    status: int
    seconds: float
    idle_mb: float
    peak_mb: float
    message: str


def _word_file(xml_bytes: int) -> bytes:
    """A real .docx (python-docx's template) whose document.xml holds ``xml_bytes`` of short
    paragraphs: a few KB zipped per MB of XML."""
    import io
    import zipfile

    import docx

    template = io.BytesIO()
    docx.Document().save(template)
    source = zipfile.ZipFile(template)
    paragraph = "<w:p><w:r><w:t>The minister said the economy grew by three percent.</w:t></w:r></w:p>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as word:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "word/document.xml":
                head, _, tail = data.decode("utf-8").partition("<w:body>")
                data = f"{head}<w:body>{paragraph * (xml_bytes // len(paragraph))}{tail}".encode("utf-8")
            word.writestr(entry, data)
    return out.getvalue()


def _vm(pid: int, field_name: str) -> float:
    """A /proc/PID/status memory field (VmRSS, VmHWM) in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _problem(text: str) -> str:
    """The check page's one-line refusal, or what it shows when it checked the document."""
    found = re.search(r'class="problem"[^>]*>([^<]*)<', text)
    if found:
        return html.unescape(found.group(1)).strip()
    summary = re.search(r"<p>(\d+ passages?) \[", text)
    return f"checked: {summary.group(1)}" if summary else text.strip()[:200]


def desk_inputs() -> list[DeskInput]:
    from tests.helpers.browser import raw_post

    def upload(filename: str, data: bytes):
        def send(session, _port):
            answer = session.upload(filename, data)
            return answer.status, _problem(answer.text)
        return DeskInput(filename, send, len(data))

    def url(value: str):
        def send(session, _port):
            answer = session.post_form("/check", {"url": value})
            return answer.status, _problem(answer.text)
        return DeskInput(f"url={value}", send, len(value))

    def body(path: str, size: int, *, chunked: bool):
        def send(session, port):
            kind = "application/json" if path.startswith("/api/") else "application/x-www-form-urlencoded"
            headers = {"Content-Type": kind, "Cookie": session.cookie_header()}
            if not chunked:
                headers["Content-Length"] = size
            block = b"a=" + b"x" * 999_997 + b"&"  # many fields: the body's limit, not a field's, refuses it
            answer, _sent = raw_post(port, path, headers, (block for _ in range(size // len(block))),
                                     chunked=chunked, timeout=60)
            return answer.status, _problem(answer.text)
        return DeskInput(f"{size // 1_000_000} MB body to {path}, {'chunked' if chunked else 'by Content-Length'}",
                         send, size)

    marks = "“".encode() * 5_000_000
    return [
        upload("bomb-100MB-xml.docx", _word_file(100_000_000)),
        upload("bomb-20MB-xml.docx", _word_file(20_000_000)),
        upload("docx-600KB-xml.docx", _word_file(600_000)),
        upload("page-19.9MB.html", b"<html><body><article>" + b"<p>word word word word.</p>\n" * 686_000
               + b"</article></body></html>"),
        upload("page-9900-divs.html", b"<html><body>" + b"<div><span>word</span> <b>x</b></div>\n" * 3300
               + b"</body></html>"),
        upload("page-9900-paragraphs.html", b"<html><body><article>"
               + "<p>The minister said the economy grew by “three percent” last year, and more words.</p>\n"
               .encode() * 9900 + b"</article></body></html>"),
        upload("line-10MB-words.txt", b"word " * 2_000_000),
        upload("line-10MB-reporting-colons.txt", b"He said: Word word word word. " * 333_333),
        upload("line-499k-words.txt", b"word " * 99_900),
        upload("line-499k-reporting-colons.txt", b"He said: Word word word word. " * 16_600),
        upload("marks-5M-curly.txt", marks),
        upload("marks-100k-curly.txt", marks[:300_000]),
        upload("marks-100k-quotes.txt", "".join(f"He said “a few words here {n}” and went on. "
                                                for n in range(50_000)).encode()),
        upload("marks-100k-distinct-quotes.txt", "".join(f"“w{n}” " for n in range(50_000)).encode()),
        upload("quotes-500-distinct.txt", "".join(f"He said “a few words here {n}” and went on. "
                                                  for n in range(500)).encode()),
        url("-"), url("/proc/self/fd/3"), url("http://127.0.0.1:1/"),
        body("/check", 300_000_000, chunked=False), body("/check", 300_000_000, chunked=True),
        body("/api/check", 300_000_000, chunked=True), body("/login", 300_000_000, chunked=True),
    ]


def part_d(work: Path, only: list[str] | None = None) -> list[DeskResult]:
    """Each input against a fresh `quotes serve` (one worker) over the seeded registry, as a
    signed-in translator: its answer's status, seconds and the desk's peak memory."""
    sys.path.insert(0, str(ROOT))  # the desk harness of the tests: a real `quotes serve`, a client with cookies
    from tests.helpers.browser import DeskServer, HttpSession, seed_registry

    template = work / "desk-template.db"
    seed_registry(template)
    results = []
    for number, item in enumerate(desk_inputs()):
        if only and not any(text in item.name for text in only):
            continue
        progress(f"part d: {item.name}")
        db = work / f"desk-{number}.db"
        shutil.copyfile(template, db)
        server = DeskServer(db, work / f"desk-{number}.log")
        try:
            session = HttpSession(server.url, timeout=120)
            session.sign_in("translator")
            # One small check first: the language models load then, once per process, not per input.
            session.post_form("/check", {"text": "Altman wrote: “no thank you but we will buy twitter”."})
            idle = _vm(server.pid, "VmRSS")
            started = time.monotonic()
            try:
                status, message = item.send(session, server.port)
            except OSError as error:  # a timeout: the desk still working on it
                status, message = 0, f"no answer ({error})"
            seconds = time.monotonic() - started
            results.append(DeskResult(item.name, item.sent, status, seconds, idle, _vm(server.pid, "VmHWM"), message))
        finally:
            server.stop()
    return results


def report_d(results: list[DeskResult]) -> str:
    rows = [[r.name, f"{r.sent:,}", r.status, f"{r.seconds:.2f}", f"{r.idle_mb:.0f}", f"{r.peak_mb:.0f}",
             "yes" if r.seconds > DESK_SECONDS or r.peak_mb > DESK_MB else "", _printable(r.message)] for r in results]
    return table(["input", "bytes", "status", "seconds", "idle MB", "peak MB", f"over {DESK_SECONDS:g} s/{DESK_MB} MB",
                  "answer"], rows, {7: 90})


_STARTED = time.monotonic()


def progress(what: str) -> None:
    print(f"[{time.monotonic() - _STARTED:6.0f} s] {what}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", metavar="URL", default=DEFAULT_POSTGRES,
                        help="PostgreSQL server (a database URL; scratch databases are made beside it). "
                             f"Default: QUOTES_TEST_POSTGRES or {DEFAULT_POSTGRES}")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only.")
    parser.add_argument("--quick", action="store_true", help="50 writes per writer, fewer and smaller kill trials.")
    parser.add_argument("--writes", type=int, metavar="N", help="Part b: `quotes add` per writer (default 500; 50 with --quick).")
    parser.add_argument("--only", choices=["a", "b", "w", "c", "d"], action="append",
                        help="Run only these parts (repeatable); w: only part b's writer during a long import; "
                             "d: the desk's inputs (not run unless asked).")
    parser.add_argument("--input", action="append", metavar="TEXT",
                        help="Part d: only the inputs whose name contains TEXT (repeatable).")
    parser.add_argument("--case", action="append", metavar="TEXT",
                        help="Part a: only the cases whose name contains TEXT (repeatable).")
    parser.add_argument("--seed", type=int, default=10, help="Random seed for the kill delays.")
    parser.add_argument("--json", metavar="FILE", help="Also write the results as JSON.")
    parser.add_argument("--keep", action="store_true", help="Keep the scratch folder and databases.")
    args = parser.parse_args(argv)
    parts = set(args.only or ["a", "b", "c"])
    per_writer = args.writes or (50 if args.quick else 500)
    kill_quotes, kill_trials = (1000, 3) if args.quick else (3000, 6)
    wait_quotes = 5000 if args.quick else 15000
    rng = random.Random(args.seed)

    # SIGTERM (a timeout, a CI cancel) cleans up like Ctrl-C: scratch folder and databases
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    work = Path(tempfile.mkdtemp(prefix="quotes-robustness-"))
    os.chmod(work, 0o755)
    cli = Quotes(work)
    backends = [SQLiteBackend(work, cli)]
    if not args.no_postgres:
        try:
            backends.append(PostgresBackend(args.postgres, cli))
        except Exception as error:  # noqa: BLE001 - no server: SQLite only, said so
            print(f"PostgreSQL skipped: {args.postgres}: {str(error).strip().splitlines()[0] if str(error).strip() else error}")
    print(f"quotes robustness — {QUOTES[0]}; backends: {', '.join(b.name for b in backends)}; "
          f"{'quick' if args.quick else 'full'} run; scratch $W = {work}")

    a_results: list[CaseResult] = []
    writers: list[WriterResult] = []
    waits: list[WaitResult] = []
    kills: list[KillResult] = []
    desk: list[DeskResult] = []
    durations: dict[str, float] = {}
    sizes: dict[str, int] = {}
    try:
        if "a" in parts:
            progress("part a: bad input")
            a_results = part_a(backends, cli, work, args.case)
            cases = {b.name: sum(1 for r in a_results if r.backend == b.name) for b in backends}
            print(f"\n== a. Bad input ({', '.join(f'{n} cases on {b}' for b, n in cases.items())}) ==")
            print(report_a(a_results), flush=True)
        if parts & {"b", "w"}:
            for backend in backends if "b" in parts else []:
                progress(f"part b: 4 writers × {per_writer} on {backend.name}")
                writers.append(concurrent_writers(backend, cli, 4, per_writer))
            for backend in backends:
                progress(f"part b: one add during a {wait_quotes}-quote import on {backend.name}")
                waits.append(writer_during_import(backend, cli, work, wait_quotes, rng))
            print(f"\n== b. Concurrent writers (4 processes × {per_writer} `quotes add`) ==" if writers else "\n== b. ==")
            print(report_b(writers, waits), flush=True)
        if "c" in parts:
            for backend in backends:
                progress(f"part c: kill -9 during import on {backend.name}")
                durations[backend.name], found = kill_during_import(backend, cli, work, kill_quotes, kill_trials, rng)
                sizes[backend.name] = kill_quotes
                kills.extend(found)
            print(f"\n== c. kill -9 during `quotes import` ({kill_trials} trials per backend, seed {args.seed}) ==")
            print(report_c(kills, durations, sizes), flush=True)
        if "d" in parts:
            desk = part_d(work, args.input)
            print(f"\n== d. The desk's inputs (a fresh `quotes serve` each, as a signed-in translator) ==")
            print(report_d(desk), flush=True)
    finally:
        if not args.keep:
            for backend in backends:
                backend.drop_all()
            for folder, _dirs, _files in os.walk(work):
                os.chmod(folder, 0o755)
            shutil.rmtree(work, ignore_errors=True)

    tracebacks = sum(r.traceback for r in a_results) + sum(w.tracebacks for w in writers) \
        + sum(w.traceback for w in waits)
    changed = sum(1 for r in a_results if r.changed and r.rc != 0)
    lost = sum(w.lost for w in writers) + sum(k.lost for k in kills)
    not_two = sum(1 for r in a_results if r.case.expect == 2 and r.rc != 2)
    failing_cases = [r for r in a_results if r.failed]
    print("\n== summary ==")
    if failing_cases:
        print("failing bad-input cases: " + ", ".join(f"{r.case.name}" + ("" if r.backend == "sqlite" else " (pg)")
                                                       for r in failing_cases))
    print(f"tracebacks: {tracebacks}, registries changed by a refused command: {changed}, rows lost: {lost}, "
          f"refused-command failures (not exit 2): {not_two}")
    print(f"also: accepted commands that changed the registry: "
          f"{sum(1 for r in a_results if r.changed and r.rc == 0)}, "
          f"must-succeed cases failing: {sum(1 for r in a_results if r.case.expect == 0 and r.failed)}, "
          f"multi-line messages: {sum(1 for r in a_results if r.case.expect == 2 and r.rc == 2 and r.lines != 1)}, "
          f"writes failed under concurrency: {sum(w.failed for w in writers)}, "
          f"writers left waiting > {WRITER_WAIT_LIMIT:.0f} s: {sum(1 for w in waits if w.outcome == 'no answer')}, "
          f"kill trials not all-or-nothing: {sum(1 for k in kills if not k.all_or_nothing)}, "
          f"kill trials failing: {sum(1 for k in kills if k.failed)}")
    if desk:
        print(f"desk inputs over {DESK_SECONDS:g} s or {DESK_MB} MB: "
              f"{sum(1 for r in desk if r.seconds > DESK_SECONDS or r.peak_mb > DESK_MB)} of {len(desk)}")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "bad_input": [{"case": r.case.name, "backend": r.backend, "expect": r.case.expect, "exit": r.rc,
                           "traceback": r.traceback, "lines": r.lines, "changed": r.changed, "message": r.message,
                           "failed": r.failed} for r in a_results],
            "writers": [{**{k: v for k, v in vars(w).items()}, "lost": w.lost} for w in writers],
            "waits": [vars(w) for w in waits],
            "kills": [{**vars(k), "all_or_nothing": k.all_or_nothing, "lost": k.lost} for k in kills],
            "desk": [vars(r) for r in desk],
            "summary": {"tracebacks": tracebacks, "changed": changed, "rows_lost": lost, "not_exit_2": not_two},
        }, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
