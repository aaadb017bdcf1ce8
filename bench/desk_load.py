"""Desk load: 32 concurrent clients for 30 s against the desk's pages and its check API,
with 2 workers, over registries of 100k and 1M quotes, on SQLite and on PostgreSQL; then
8 concurrent reviewers × 200 review actions through the API, each looked up in the audit
log afterwards; and the word index's lookup latency on each backend at each size.

    python bench/desk_load.py [--sizes 100000,1000000] [--backends sqlite,postgresql]
                              [--clients 32] [--seconds 30] [--warmup 5] [--workers 2] [--repeats 1]
                              [--endpoints queue,quote,rendition,check] [--think 0]
                              [--reviewers-actions 200] [--queries 200] [--at REV]
                              [--keep DIR] [--pg-url postgresql://postgres@127.0.0.1:5432/postgres]
                              [--results FILE] [--quick]

``--quick`` is a smoke run (2,000 quotes, 3 s, 20 review actions each). ``--at HEAD``
serves the desk as committed (a snapshot laid out as installed), not from a working tree
that others may be editing during the run.
``--endpoints`` narrows the mix (the baseline is always in it); ``--think`` makes each
client wait between requests (default none: every client sends its next request as soon
as the last is answered, so latency under load is, by Little's law, clients ÷ throughput).

Registries are built by bench/scale.py's ``build`` (the same real and recombined
sentences, rows bulk-inserted, then ``Registry.reindex(jobs=2)``); a PostgreSQL registry
is a database of its own, ``quotes_load_SIZE``, made on the server ``--pg-url`` names and
dropped afterwards unless ``--keep``. Each registry then gets the desk's content through
the library: users of every role, a few hundred renditions (drafts, revised drafts,
submitted, sent back and resubmitted with two revisions, approved, with note threads) and
32 submitted renditions set aside for the review round. ``--keep DIR`` keeps the SQLite
files and the PostgreSQL databases, with their build times (``desk-BACKEND-SIZE.json``),
and reuses them on the next run.

The desk runs as ``quotes --db DB serve --workers N`` on a free loopback port. The load
is asyncio with httpx (the test extra's httpx2), one connection per client; each client
takes the endpoints in turn: GET /queue, GET /quotes/{id} (a random quote; one in four
has renditions), GET /renditions/{id}, POST /api/check (a ~100-word paragraph quoting
registered quotes, language detected) and the baseline, GET /static/desk.css, which goes
through the same server, middleware and client and does little of its own (a small
static file). Pages are read with the session of a signed-in user (one per role, signed
in by the /login form), the API with a Bearer token. A few seconds of warm-up are not counted. An error is any
answer but 2xx, or no answer.

The review round: 8 reviewers, each with a Bearer token and 4 submitted renditions of
translators, take 200 actions each at once (request changes, submit again, ...: every
action legal). Afterwards the audit log is read through the library (``Registry.history``
of each quote) and every action answered 200 must be there, by that reviewer, once.

Index lookups: ``scale.measure`` of the registry's matcher (``RegistryIndex``) on drifted
registered quotes and unregistered sentences, in this process, before the server starts.

Reports per size and backend: build time, database size, lookup latency, and per endpoint
requests, throughput, p50/p95/p99, errors, and p50/p95 as a multiple of the baseline's;
with ``--repeats N`` the load is run N times and the medians are reported too; and the CPU
seconds the desk's processes and the load client used over each run (PostgreSQL's own
processes are not counted). The end is PASS/FAIL against the targets: no errors, no lost
review actions, pages' p95 (the worst of /queue, /quotes/{id}, /renditions/{id}, median
of the runs) ≤ 150 ms at 1M quotes. The exit status is 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx2 as httpx
from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import scale  # noqa: E402

from quotes.registry import schema as t  # noqa: E402
from quotes.registry.accounts import add_user, new_token  # noqa: E402
from quotes.registry.index import RegistryIndex  # noqa: E402
from quotes.checking.matching import Matcher  # noqa: E402
from quotes.registry.registry import Registry  # noqa: E402
from quotes.translations.renditions import record_rendition, revise_rendition  # noqa: E402
from quotes.translations.review import add_note, review  # noqa: E402

PASSWORD = "desk-load-password"
TRANSLATORS = ["Translator One", "Translator Two", "Translator Three"]
REVIEWERS = [f"Reviewer {n}" for n in range(1, 9)]  # the review round's
PAGE_USERS = {"translator": TRANSLATORS[0], "reviewer": "Page Reviewer", "editor": "Page Editor", "admin": "Page Admin"}
RENDITIONS_EACH = 4  # submitted renditions set aside for each reviewer of the round
PAGES = ("/queue", "/quotes/{id}", "/renditions/{id}")
BASELINE = "baseline /static/desk.css"
CHECK = "POST /api/check"
ENDPOINTS = (BASELINE, *PAGES, CHECK)
CHOICES = dict(zip(("queue", "quote", "rendition", "check"), (*PAGES, CHECK)))  # --endpoints
P95_TARGET_MS = 150.0
TARGET_SIZE = 1_000_000
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


# ---------------------------------------------------------------------------------------
# Registries


@dataclass
class Built:
    """A registry ready for the desk: where it is, how long it took, what the load reads."""

    backend: str
    size: int
    location: str
    rows_s: float
    index_s: float
    desk_s: float
    reused: bool
    renditions: list[str]  # the renditions the pages show
    rendition_quotes: list[str]  # quotes with renditions
    review_sets: list[list[str]]  # per reviewer of the round, the renditions it acts on


def pg_admin(pg_url: str):
    import psycopg

    return psycopg.connect(pg_url, autocommit=True)


def pg_location(pg_url: str, size: int) -> str:
    parts = urlsplit(pg_url)
    return urlunsplit(parts._replace(path=f"/quotes_load_{size}"))


def pg_database_exists(pg_url: str, size: int) -> bool:
    with pg_admin(pg_url) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (f"quotes_load_{size}",)).fetchone() is not None


def pg_drop(pg_url: str, size: int) -> None:
    with pg_admin(pg_url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "quotes_load_{size}" WITH (FORCE)')


def pg_create(pg_url: str, size: int) -> None:
    pg_drop(pg_url, size)
    with pg_admin(pg_url) as conn:
        conn.execute(f'CREATE DATABASE "quotes_load_{size}"')


def database_mb(built: Built, pg_url: str) -> float:
    if built.backend == "sqlite":
        path = Path(built.location)
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 2**20
    with pg_admin(pg_url) as conn:
        return conn.execute("SELECT pg_database_size(%s)", (f"quotes_load_{built.size}",)).fetchone()[0] / 2**20


def prepare(backend: str, size: int, sentences: list[tuple[str, str]], workdir: Path, keep: bool,
            pg_url: str) -> Built:
    """The registry of ``size`` quotes on ``backend``: reused from ``--keep`` when it was
    built there before, else built by ``scale.build`` and given the desk's content."""
    record = workdir / f"desk-{backend}-{size}.json"
    if backend == "sqlite":
        location = str(workdir / f"desk-{size}.db")
        present = Path(location).exists()
    else:
        location = pg_location(pg_url, size)
        present = pg_database_exists(pg_url, size)
    if keep and present and record.exists():
        saved = json.loads(record.read_text())
        return Built(backend, size, location, saved["rows_s"], saved["index_s"], saved["desk_s"], True,
                     saved["renditions"], saved["rendition_quotes"], saved["review_sets"])
    if backend == "sqlite":
        for old in Path(location).parent.glob(Path(location).name + "*"):
            old.unlink()
    else:
        pg_create(pg_url, size)
    print(f"  building {size:,} quotes on {backend} ...", flush=True)
    registry, rows_s, index_s = scale.build(location, sentences)
    try:
        started = time.perf_counter()
        renditions, rendition_quotes, review_sets = seed_desk(registry, sentences, size)
        desk_s = time.perf_counter() - started
    finally:
        registry.close()
    built = Built(backend, size, location, rows_s, index_s, desk_s, False, renditions, rendition_quotes, review_sets)
    record.write_text(json.dumps({"rows_s": rows_s, "index_s": index_s, "desk_s": desk_s, "renditions": renditions,
                                  "rendition_quotes": rendition_quotes, "review_sets": review_sets}))
    return built


def seed_desk(registry: Registry, sentences: list[tuple[str, str]], size: int, count: int = 300):
    """Users of every role, ``count`` renditions in every state, and the review round's."""
    for name in TRANSLATORS:
        add_user(registry, name, role="translator", password=PASSWORD, actor="bench")
    for name in [*REVIEWERS, PAGE_USERS["reviewer"]]:
        add_user(registry, name, role="reviewer", password=PASSWORD, actor="bench")
    add_user(registry, PAGE_USERS["editor"], role="editor", password=PASSWORD, actor="bench")
    add_user(registry, PAGE_USERS["admin"], role="admin", password=PASSWORD, actor="bench")
    rng = random.Random(scale.SEED + 13)
    by_lang: dict[str, list[str]] = {}
    for text, lang in sentences[:20_000]:
        by_lang.setdefault(lang, []).append(text)
    chosen = rng.sample(range(size), min(size, count + len(REVIEWERS) * RENDITIONS_EACH))
    reviewer = PAGE_USERS["reviewer"]
    renditions, quotes = [], []

    def other(text: str) -> str:  # a revision: the text with its last words said otherwise
        words = text.split()
        return " ".join(words[: max(3, len(words) - 3)] + ["and", "that", "is", "final"])

    for n, i in enumerate(chosen):
        quote_id, quote_lang = f"q-{i:07x}", sentences[i][1]
        lang = "en" if quote_lang != "en" else "tr"
        translator = TRANSLATORS[n % len(TRANSLATORS)]
        text = rng.choice(by_lang[lang])
        rendition = record_rendition(registry, quote_id, lang=lang, translator=translator, text=text,
                                     note="first draft" if n % 2 else None).id
        renditions.append(rendition)
        quotes.append(quote_id)
        kind = n % 6 if n < count else 2  # the review round's are submitted
        if kind == 1:  # a draft revised once
            revise_rendition(registry, rendition, text=other(text), translator=translator,
                             note="tightened the wording")
        if kind in (2, 3, 4, 5):
            review(registry, rendition, "submit", reviewer=translator, note="ready for review")
        if kind == 3:  # sent back, revised and submitted again: two revisions, three notes
            review(registry, rendition, "request-changes", reviewer=reviewer, note="the second clause is missing")
            revise_rendition(registry, rendition, text=other(text), translator=translator,
                             note="added the second clause", submit=True)
        if kind == 4:
            review(registry, rendition, "approve", reviewer=reviewer, note="good", override_checks=True)
        if kind == 5:  # a note thread
            add_note(registry, rendition, author=reviewer, text="Is 'said' right here, or 'claimed'?")
            add_note(registry, rendition, author=translator, text="The original verb is neutral: 'said'.")
    round_ids = renditions[count:]
    review_sets = [round_ids[k::len(REVIEWERS)] for k in range(len(REVIEWERS))]
    return renditions[:count], quotes[:count], review_sets


def lookup_latency(location: str, sentences, held_out, vocabulary, queries: int) -> dict:
    """``scale.measure`` of the registry's index on drifted registered quotes and unregistered sentences."""
    rng = random.Random(scale.SEED)
    size = len(sentences)
    sample = random.Random(scale.SEED).sample(range(size), min(queries, size))
    asked = [(scale.drift(sentences[i][0], sentences[i][1], scale.DRIFTS[n % len(scale.DRIFTS)], rng, vocabulary),
              sentences[i][1], f"q-{i:07x}") for n, i in enumerate(sample)]
    asked += [(text, lang, None) for text, lang in random.Random(scale.SEED).sample(held_out, min(queries, len(held_out)))]
    registry = Registry(location)
    try:
        matcher = Matcher(RegistryIndex(registry.store))
        for text, lang, _ in asked[:20]:  # warm: page cache, tokenizer caches
            matcher.best(text, lang)
        return scale.measure(matcher, asked)
    finally:
        registry.close()


def paragraphs(sentences, held_out, rng: random.Random, count: int = 40) -> list[str]:
    """~100-word English paragraphs of news prose quoting registered quotes, one drifted, one as registered."""
    registered = [text for text, lang in sentences[:50_000] if lang == "en"]
    prose = [text for text, lang in held_out if lang == "en"]
    vocabulary = sorted({w for text in prose for w in text.split() if w.isalpha()})
    out = []
    for n in range(count):
        drifted = scale.drift(rng.choice(registered), "en", scale.DRIFTS[n % len(scale.DRIFTS)], rng, vocabulary)
        out.append(f"{rng.choice(prose)} The minister said: “{drifted}” {rng.choice(prose)} "
                   f"“{rng.choice(registered)}”, she added. {rng.choice(prose)}")
    return out


# ---------------------------------------------------------------------------------------
# The server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The package folders of this checkout and the import names they are installed under (pyproject.toml).
PACKAGE_DIRS = {"quotes": "quotes", "translations": "quotes/translations", "cli": "quotes/cli", "web": "quotes/web"}


def snapshot(revision: str, into: Path) -> tuple[Path, str]:
    """The package as committed at ``revision``, laid out as installed (``quotes.web`` in
    ``quotes/web``), in ``into``; and the commit. The desk then runs from there, not from a
    working tree that others may be editing while the load runs."""
    commit = subprocess.run(["git", "rev-parse", "--verify", f"{revision}^{{commit}}"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.strip()
    source = into / "source"
    source.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", commit, *PACKAGE_DIRS], cwd=ROOT, check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(source)], input=archive.stdout, check=True)
    package = into / "package"
    for folder, installed in PACKAGE_DIRS.items():
        shutil.copytree(source / folder, package / installed, dirs_exist_ok=True)
    return package, commit


SERVE = "from quotes.cli.main import cli; cli(prog_name='quotes')"


class Desk:
    """``quotes --db LOCATION serve --workers N`` on a free loopback port, in its own process
    group: the installed ``quotes`` (this working tree), or the package in ``code``
    (``snapshot``)."""

    def __init__(self, location: str, workers: int, log: Path, code: Path | None = None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        serve = ["--db", location, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(workers)]
        env, cwd = None, ROOT
        if code is None:
            command = [shutil.which("quotes", path=str(Path(sys.executable).parent)) or "quotes"]
        else:
            command = [sys.executable, "-c", SERVE]
            cwd = Path(tempfile.gettempdir())  # not this checkout: `-c` puts the working folder first on the path
        if code is not None:
            # The snapshot first on the path: ahead of this checkout and of the editable
            # install's finder (which is appended to sys.meta_path).
            env, cwd = {**os.environ, "PYTHONPATH": str(code)}, code
        self.process = subprocess.Popen(command + serve, stdout=log.open("wb"), stderr=subprocess.STDOUT,
                                        start_new_session=True, cwd=cwd, env=env)
        deadline = time.monotonic() + 90
        while True:
            if self.process.poll() is not None:
                raise SystemExit(f"desk_load: the desk exited ({self.process.returncode}):\n{self.log_tail()}")
            try:
                if httpx.get(self.base + "/static/desk.css", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise SystemExit(f"desk_load: the desk did not answer in 90 s:\n{self.log_tail()}")
            time.sleep(0.3)

    def log_tail(self) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-30:])

    def group(self) -> list[int]:
        """The server's processes: its own and its workers (its process group)."""
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if os.getpgid(int(entry.name)) == self.process.pid:
                        pids.append(int(entry.name))
                except OSError:
                    continue
        return pids

    def cpu_seconds(self) -> float:
        total = 0
        for pid in self.group():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
            except (OSError, IndexError):
                continue
        return total / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> float:
        total = 0
        for pid in self.group():
            try:
                found = re.search(r"VmRSS:\s*(\d+)", Path(f"/proc/{pid}/status").read_text())
                total += int(found[1]) if found else 0
            except OSError:
                continue
        return total / 1024

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def sign_in(base: str, name: str) -> httpx.Cookies:
    """A session of ``name``, signed in through the /login form as a person would."""
    with httpx.Client(base_url=base, timeout=30) as http:
        page = http.get("/login")
        token = CSRF.search(page.text)
        if page.status_code != 200 or token is None:
            raise SystemExit(f"desk_load: /login answered {page.status_code} without a CSRF token")
        answer = http.post("/login", data={"name": name, "password": PASSWORD, "next": "/", "csrf_token": token[1]})
        if answer.status_code != 303:
            raise SystemExit(f"desk_load: signing in as {name} answered {answer.status_code}: {answer.text[:300]}")
        return httpx.Cookies(http.cookies)


# ---------------------------------------------------------------------------------------
# Load


@dataclass
class Samples:
    times: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    def add(self, seconds: float, problem: str | None) -> None:
        self.times.append(seconds)
        if problem:
            self.errors[problem] = self.errors.get(problem, 0) + 1


def percentile(sorted_times: list[float], q: float) -> float:
    if not sorted_times:
        return float("nan")
    return sorted_times[min(len(sorted_times) - 1, max(0, int(round(q * len(sorted_times) + 0.5)) - 1))]


def summary(samples: Samples, seconds: float) -> dict:
    times = sorted(samples.times)
    return {"requests": len(times), "rps": len(times) / seconds, "p50": 1000 * percentile(times, 0.50),
            "p95": 1000 * percentile(times, 0.95), "p99": 1000 * percentile(times, 0.99),
            "errors": sum(samples.errors.values()), "kinds": dict(samples.errors)}


async def one_request(http: httpx.AsyncClient, method: str, url: str, samples: Samples | None, **kwargs) -> None:
    started = time.perf_counter()
    problem = None
    try:
        answer = await http.request(method, url, **kwargs)
        if not 200 <= answer.status_code < 300:
            problem = f"HTTP {answer.status_code}"
    except httpx.HTTPError as error:
        problem = type(error).__name__
    if samples is not None:
        samples.add(time.perf_counter() - started, problem)


async def load(base: str, sessions: list[httpx.Cookies], token: str, built: Built, texts: list[str], *,
               endpoints: tuple[str, ...], clients: int, seconds: float, warmup: float,
               think: float = 0.0) -> tuple[dict[str, dict], float]:
    """``clients`` clients, each taking the endpoints in turn for ``warmup`` then ``seconds``
    seconds; between two requests a client waits ``think`` seconds on average (exponentially
    distributed), none by default: the next request goes as soon as the last is answered."""
    samples = {name: Samples() for name in endpoints}
    rng_ids = random.Random(scale.SEED + 7)
    started = time.perf_counter()
    measuring_from = started + warmup
    deadline = measuring_from + seconds

    def request(name: str, rng: random.Random) -> tuple[str, str, dict]:
        if name == BASELINE:
            return "GET", "/static/desk.css", {}
        if name == "/queue":
            return "GET", "/queue", {}
        if name == "/quotes/{id}":
            if rng.random() < 0.25:
                return "GET", f"/quotes/{rng.choice(built.rendition_quotes)}", {}
            return "GET", f"/quotes/q-{rng.randrange(built.size):07x}", {}
        if name == "/renditions/{id}":
            return "GET", f"/renditions/{rng.choice(built.renditions)}", {}
        return "POST", "/api/check", {"json": {"text": rng.choice(texts)}, "headers": {"Authorization": f"Bearer {token}"}}

    async def client(n: int) -> None:
        rng = random.Random(rng_ids.random())
        order = list(endpoints)
        async with httpx.AsyncClient(base_url=base, cookies=sessions[n % len(sessions)], timeout=60,
                                     limits=httpx.Limits(max_connections=1)) as http:
            turn = n
            while True:
                now = time.perf_counter()
                if now >= deadline:
                    return
                name = order[turn % len(order)]
                turn += 1
                method, url, kwargs = request(name, rng)
                await one_request(http, method, url, samples[name] if now >= measuring_from else None, **kwargs)
                if think:
                    await asyncio.sleep(min(rng.expovariate(1 / think), max(0.0, deadline - time.perf_counter())))

    await asyncio.gather(*(client(n) for n in range(clients)))
    measured = time.perf_counter() - measuring_from
    return {name: summary(s, measured) for name, s in samples.items()}, measured


async def review_round(base: str, tokens: dict[str, str], built: Built, actions: int) -> dict:
    """Each reviewer of the round takes ``actions`` review actions on its renditions, all at once."""
    answered: dict[str, list[tuple[str, str]]] = {name: [] for name in REVIEWERS}  # (rendition, action) answered 200
    samples = Samples()

    async def reviewer(name: str, renditions: list[str]) -> None:
        headers = {"Authorization": f"Bearer {tokens[name]}"}
        async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as http:
            state = {}
            for rendition in renditions:
                state[rendition] = (await http.get(f"/api/renditions/{rendition}")).json()["state"]
            for n in range(actions):
                rendition = renditions[n % len(renditions)]
                action = "request-changes" if state[rendition] == "in-review" else "submit"
                started = time.perf_counter()
                try:
                    answer = await http.post(f"/api/renditions/{rendition}/review",
                                             json={"action": action, "note": f"{name}: action {n + 1} ({action})"})
                except httpx.HTTPError as error:
                    samples.add(time.perf_counter() - started, type(error).__name__)
                    state[rendition] = (await http.get(f"/api/renditions/{rendition}")).json()["state"]
                    continue
                if answer.status_code == 200:
                    samples.add(time.perf_counter() - started, None)
                    answered[name].append((rendition, action))
                    state[rendition] = answer.json()["state"]
                else:
                    samples.add(time.perf_counter() - started, f"HTTP {answer.status_code}: {answer.text[:120]}")
                    state[rendition] = (await http.get(f"/api/renditions/{rendition}")).json()["state"]

    registry = Registry(built.location)
    try:
        with registry.store.read() as conn:
            last_event = conn.execute(select(func.max(t.events.c.id))).scalar() or 0
        started = time.perf_counter()
        await asyncio.gather(*(reviewer(name, renditions) for name, renditions in zip(REVIEWERS, built.review_sets)))
        seconds = time.perf_counter() - started
        # The audit log, through the library: each quote's history holds its renditions' events.
        quotes = {}
        with registry.store.read() as conn:
            rows = conn.execute(select(t.renditions.c.id, t.renditions.c.quote_id)
                                .where(t.renditions.c.id.in_([r for s in built.review_sets for r in s])))
            quotes = dict(rows.all())
        logged: dict[tuple[str, str, str], int] = {}
        for quote_id in sorted(set(quotes.values())):
            for event in registry.history(quote_id):
                if event.id > last_event and event.actor in answered:
                    key = (event.actor, event.subject, event.action)
                    logged[key] = logged.get(key, 0) + 1
    finally:
        registry.close()
    expected: dict[tuple[str, str, str], int] = {}
    for name, done in answered.items():
        for rendition, action in done:
            expected[(name, rendition, action)] = expected.get((name, rendition, action), 0) + 1
    lost = sum(max(0, n - logged.get(key, 0)) for key, n in expected.items())
    extra = sum(max(0, n - expected.get(key, 0)) for key, n in logged.items())
    result = summary(samples, seconds)
    result.update(sent=len(REVIEWERS) * actions, answered=sum(expected.values()), logged=sum(logged.values()),
                  lost=lost, extra=extra, seconds=seconds)
    return result


# ---------------------------------------------------------------------------------------
# Report


def endpoint_table(results: dict[str, dict], title: str) -> list[str]:
    """One line per endpoint measured, p50 and p95 also as multiples of the baseline's."""
    base = results[BASELINE]
    lines = [title,
             f"  {'endpoint':<26} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6} "
             f"{'p50×base':>8} {'p95×base':>8}"]
    for name in results:
        r = results[name]
        lines.append(f"  {name:<26} {r['requests']:>8} {r['rps']:>7.1f} {r['p50']:>7.1f} {r['p95']:>7.1f} "
                     f"{r['p99']:>7.1f} {r['errors']:>6} {r['p50'] / base['p50']:>8.1f} {r['p95'] / base['p95']:>8.1f}")
        for kind, n in r.get("kinds", {}).items():
            lines.append(f"  {'':<26} {n} × {kind}")
    return lines


def medians(runs: list[dict[str, dict]]) -> dict[str, dict]:
    out = {}
    for name in runs[0]:
        out[name] = {key: statistics.median(run[name][key] for run in runs)
                     for key in ("requests", "rps", "p50", "p95", "p99")}
        out[name]["requests"] = int(out[name]["requests"])
        out[name]["errors"] = sum(run[name]["errors"] for run in runs)
    return out


RESULTS: list[Path] = []  # --results: the report so far is written there after each part


def emit(lines: list[str], out: list[str]) -> None:
    print(*lines, sep="\n", flush=True)
    out.extend(lines)
    for path in RESULTS:
        path.write_text("\n".join(out) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--warmup", type=float, default=5, help="seconds of load not counted, before each run")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean seconds a client waits between requests (default 0: none, a closed loop)")
    parser.add_argument("--repeats", type=int, default=1, help="load runs per registry (medians reported)")
    parser.add_argument("--reviewers-actions", type=int, default=200, help="review actions per reviewer (0: no round)")
    parser.add_argument("--queries", type=int, default=200, help="index lookups: registered and unregistered, each")
    parser.add_argument("--data", type=Path, default=scale.default_data())
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the built registries: SQLite files here, "
                                                  "PostgreSQL databases quotes_load_SIZE")
    parser.add_argument("--pg-url", default=os.environ.get("QUOTES_LOAD_PG", "postgresql://postgres@127.0.0.1:5432/postgres"),
                        help="a PostgreSQL server's maintenance database; registries are made beside it")
    parser.add_argument("--results", type=Path, help="also write the report to this file")
    parser.add_argument("--endpoints", default="queue,quote,rendition,check",
                        help="what the clients load, besides the baseline: queue, quote, rendition, check")
    parser.add_argument("--at", metavar="REV", help="serve the desk as committed at REV (e.g. HEAD), not from "
                                                    "the working tree")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 2,000 quotes, 3 s, 1 s warm-up, "
                                                             "20 review actions each")
    args = parser.parse_args()
    quick = {"sizes": "2000", "seconds": 3, "warmup": 1, "reviewers_actions": 20, "queries": 50}
    for name, value in quick.items():  # --quick's values, unless given
        if args.quick and getattr(args, name) == parser.get_default(name):
            setattr(args, name, value)
    sizes = [int(s) for s in args.sizes.split(",")]
    try:
        args.endpoint_names = (BASELINE, *(CHOICES[e.strip()] for e in args.endpoints.split(",") if e.strip()))
    except KeyError as unknown:
        parser.error(f"--endpoints: {unknown} is not one of {', '.join(CHOICES)}")
    backends = [b.strip() for b in args.backends.split(",")]
    if not set(backends) <= {"sqlite", "postgresql"}:
        parser.error("--backends: sqlite, postgresql or both")
    if not (args.data / "tr_en_parallel.tsv").exists():
        print(f"desk_load: evaluation data not found in {args.data} (use --data or QUOTES_DATA)", file=sys.stderr)
        return 2
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="quotes-desk-load-"))
    workdir.mkdir(parents=True, exist_ok=True)
    out: list[str] = []
    RESULTS[:] = [args.results] if args.results else []
    code = None
    if args.at:
        code, commit = snapshot(args.at, Path(tempfile.mkdtemp(prefix="quotes-desk-code-")))
        served = f"the desk as committed at {commit[:12]} ({args.at})"
    else:
        dirty = subprocess.run(["git", "status", "--porcelain", "--", *PACKAGE_DIRS], cwd=ROOT, capture_output=True,
                               text=True).stdout.strip()
        served = "the desk from the working tree" + (" (with uncommitted changes)" if dirty else "")
    emit([f"desk load: {args.clients} clients{f' (think {args.think:g} s)' if args.think else ''} × {args.seconds:g} s (+{args.warmup:g} s warm-up) × {args.repeats} run(s), "
          f"{args.workers} workers, sizes {', '.join(f'{s:,}' for s in sizes)}, backends {', '.join(backends)}; "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start; {served}"], out)

    rng = random.Random(scale.SEED)
    groups = scale.real_sentences(args.data)
    rng.shuffle(groups)
    held_out = [s for g in groups[: len(groups) // 10] for s in g]
    base = [s for g in groups[len(groups) // 10:] for s in g]
    vocabulary = sorted({w for text, _ in base for w in text.split() if w.isalpha()})
    verdicts: list[tuple[str, bool]] = []
    lookups: dict[tuple[int, str], dict] = {}
    builds: list[str] = []
    page_p95: dict[tuple[int, str], float] = {}
    try:
        for size in sizes:
            sentences = scale.recombined(base, size, random.Random(scale.SEED + size), {text for text, _ in held_out})
            texts = paragraphs(sentences, held_out, random.Random(scale.SEED + 1))
            for backend in backends:
                built = prepare(backend, size, sentences, workdir, bool(args.keep), args.pg_url)
                try:
                    mb = database_mb(built, args.pg_url)
                    builds.append(f"  {size:>9,} {backend:<10} rows {built.rows_s:7.1f} s  index {built.index_s:7.1f} s  "
                                  f"desk content {built.desk_s:5.1f} s  database {mb:7.0f} MB"
                                  f"{'  (reused: times of its build)' if built.reused else ''}")
                    emit([f"\n== {size:,} quotes on {backend}", builds[-1].strip()], out)
                    lookups[(size, backend)] = found = lookup_latency(built.location, sentences, held_out, vocabulary,
                                                                      args.queries)
                    emit([f"  index lookup: median {found['median_ms']:.2f} ms, p95 {found['p95_ms']:.2f} ms, "
                          f"recall@1 {found['recall1']:.3f}, false matches {found['false_match']:.3f}"], out)
                    runs, review_result = exercise(built, args, texts, out, code)
                finally:
                    if backend == "postgresql" and not args.keep:
                        pg_drop(args.pg_url, size)
                    if backend == "sqlite" and not args.keep:
                        for old in workdir.glob(f"desk-{size}.db*"):
                            old.unlink()
                kinds: dict[str, int] = {}
                for run in runs:
                    for name, r in run.items():
                        for kind, n in r["kinds"].items():
                            kinds[f"{kind} on {name}"] = kinds.get(f"{kind} on {name}", 0) + n
                verdicts.append((f"{size:,} {backend}: zero errors under load ({sum(kinds.values())} in {len(runs)} "
                                 f"run(s){': ' if kinds else ''}{', '.join(f'{n} × {k}' for k, n in kinds.items())})",
                                 not kinds))
                if review_result is not None:
                    verdicts.append((f"{size:,} {backend}: review round {review_result['answered']}/"
                                     f"{review_result['sent']} answered 200, {review_result['logged']} in the audit log, "
                                     f"lost {review_result['lost']}",
                                     review_result["lost"] == 0 and review_result["errors"] == 0
                                     and review_result["answered"] == review_result["sent"]))
                summary_runs = medians(runs)
                if any(name in summary_runs for name in PAGES):
                    page_p95[(size, backend)] = max(summary_runs[name]["p95"] for name in PAGES if name in summary_runs)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        if code is not None:
            shutil.rmtree(code.parent, ignore_errors=True)

    lines = ["\n== index lookup latency (ms), SQLite beside PostgreSQL",
             f"  {'size':>9} " + " ".join(f"{b + ' p50':>16} {b + ' p95':>16} {'recall@1':>8}" for b in backends)]
    for size in sizes:
        lines.append(f"  {size:>9,} " + " ".join(
            f"{lookups[(size, b)]['median_ms']:>16.2f} {lookups[(size, b)]['p95_ms']:>16.2f} "
            f"{lookups[(size, b)]['recall1']:>8.3f}" for b in backends))
    lines += ["\n== builds", *builds]
    lines.append("\n== targets")
    for text, ok in verdicts:
        lines.append(f"  {'PASS' if ok else 'FAIL'}  {text}")
    for (size, backend), p95 in page_p95.items():
        if size >= TARGET_SIZE:
            lines.append(f"  {'PASS' if p95 <= P95_TARGET_MS else 'FAIL'}  {size:,} {backend}: pages' p95 "
                         f"(worst page, median of runs) {p95:.0f} ms (target ≤ {P95_TARGET_MS:.0f} ms)")
    if not any(size >= TARGET_SIZE for size, _ in page_p95):
        lines.append(f"  ----  pages' p95 ≤ {P95_TARGET_MS:.0f} ms at {TARGET_SIZE:,} quotes: not measured in this run "
                     f"(worst page p95 here: {max(page_p95.values()):.0f} ms)")
    emit(lines, out)
    failed = [v for v in verdicts if not v[1]] or [p for (s, _), p in page_p95.items() if s >= TARGET_SIZE and p > P95_TARGET_MS]
    return 1 if failed else 0


def exercise(built: Built, args, texts: list[str], out: list[str], code: Path | None) -> tuple[list[dict], dict | None]:
    """The desk over ``built``: the load runs, then the review round; the server stopped in any case."""
    log = Path(tempfile.gettempdir()) / f"desk-load-serve-{built.backend}-{built.size}.log"
    desk = Desk(built.location, args.workers, log, code)
    emit([f"  desk: {desk.base}, {args.workers} workers, its log in {log}"], out)
    try:
        registry = Registry(built.location)
        try:
            tokens = {name: new_token(registry, name, actor="bench")[0] for name in [*REVIEWERS, TRANSLATORS[0]]}
        finally:
            registry.close()
        sessions = [sign_in(desk.base, name) for name in PAGE_USERS.values()]
        runs = []
        for n in range(args.repeats):
            cpu_before, client_before, wall_before = desk.cpu_seconds(), time.process_time(), time.perf_counter()
            results, measured = asyncio.run(load(desk.base, sessions, tokens[TRANSLATORS[0]], built, texts,
                                                 endpoints=args.endpoint_names, clients=args.clients,
                                                 seconds=args.seconds, warmup=args.warmup, think=args.think))
            wall = time.perf_counter() - wall_before
            runs.append(results)
            desk_cpu = desk.cpu_seconds() - cpu_before
            emit(endpoint_table(results, f"  load run {n + 1}/{args.repeats}: {measured:.1f} s measured; CPU over the "
                                         f"run: desk {desk_cpu:.1f} s ("
                                         f"{1000 * desk_cpu / max(1, sum(r['requests'] for r in results.values())):.0f} "
                                         f"ms a request), load client "
                                         f"{time.process_time() - client_before:.1f} s of {wall:.1f} s wall; "
                                         f"desk RSS {desk.rss_mb():.0f} MB; load average {os.getloadavg()[0]:.2f}"), out)
        if len(runs) > 1:
            emit(endpoint_table(medians(runs), f"  medians of {len(runs)} runs"), out)
        if not args.reviewers_actions:
            return runs, None
        result = asyncio.run(review_round(desk.base, tokens, built, args.reviewers_actions))
        emit([f"  review round: {len(REVIEWERS)} reviewers × {args.reviewers_actions} actions in {result['seconds']:.1f} s "
              f"({result['requests'] / result['seconds']:.1f} actions/s, p50 {result['p50']:.0f} ms, p95 "
              f"{result['p95']:.0f} ms): {result['answered']} answered 200, {result['errors']} errors, "
              f"{result['logged']} found in the audit log, lost {result['lost']}, unexpected {result['extra']}"]
             + [f"    {n} × {kind}" for kind, n in result["kinds"].items()], out)
        return runs, result
    finally:
        desk.stop()


if __name__ == "__main__":
    sys.exit(main())
