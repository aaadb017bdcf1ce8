"""Drift map benchmark: sightings, `drift` and recording at scale, on SQLite and PostgreSQL.

    python bench/drift.py [--sightings 1000000] [--quotes 100000] [--outlets 1000]
                          [--backends sqlite,postgresql] [--postgres URL] [--samples 50]

Builds a registry of ``--quotes`` quotes (the seeds, then synthetic statements of 1,000
speakers, bulk-inserted) and ``--sightings`` sightings spread over them (a fixed seed):
each quote seen 1–3 ways (its wording, a word dropped, a word replaced), in pages of
``--outlets`` outlets over two years. Then, warm, in-process (library call and rendering,
as the command does after its start-up), median and p95 over ``--samples`` random quotes:

- ``drift``: ``quotes drift Q`` (``lineage.drift_map`` and ``render_text``);
- ``sightings Q`` and ``sightings --outlet O`` (``list_sightings`` and the table lines);
- recording: the seed article checked as ``--samples`` different pages, with and
  without ``Recorder.record``; the difference per finding recorded.

Prints the build time and the database's size. Targets (SPEC issue 20): drift,
sightings and --outlet ≤ 200 ms; recording ≤ 5 ms a finding over plain check.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quotes.checking.check import Checker  # noqa: E402
from quotes.checking.coverage import Document  # noqa: E402
from quotes.checking.lineage import Recorder, drift_map, render_text  # noqa: E402
from quotes.formats.jsonl import import_jsonl  # noqa: E402
from quotes.registry import schema as t  # noqa: E402
from quotes.registry.registry import Registry  # noqa: E402
from quotes.registry.sightings import Sighting, list_sightings  # noqa: E402

SEED = 20261208
WORDS = ("economy growth inflation rates markets budget energy exports defence taxes jobs wages housing "
         "schools hospitals roads rail ports airports farms banks trade tariffs prices savings").split()
POSTGRES = os.environ.get("QUOTES_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


def statement(rng: random.Random, n: int) -> str:
    return f"We will raise {rng.choice(WORDS)} spending by {n % 97 + 2} percent and cut {rng.choice(WORDS)} " \
           f"costs for {rng.choice(WORDS)} next year"


def wordings(text: str, rng: random.Random) -> list[str]:
    words = text.split()
    dropped = words[:]
    del dropped[rng.randrange(len(dropped))]
    replaced = words[:]
    replaced[rng.randrange(len(replaced))] = rng.choice(WORDS)
    return [text, " ".join(dropped), " ".join(replaced)]


def build(location: str, quotes: int, sightings: int, outlets: int) -> tuple[Registry, float, list[str]]:
    rng = random.Random(SEED)
    registry = Registry(location)
    import_jsonl(registry, ROOT / "seeds" / "registry.jsonl")
    started = time.perf_counter()
    speakers = [{"id": f"s-{i:06x}", "name": f"Speaker {i}", "created_at": "2026-01-01"} for i in range(1000)]
    with registry.store.write() as conn:
        conn.execute(t.speakers.insert(), speakers)
    texts = {}
    chunk = 20_000
    for first in range(0, quotes, chunk):
        ids = [f"q-{n:07x}" for n in range(first, min(first + chunk, quotes))]
        texts.update((quote_id, statement(rng, n)) for n, quote_id in enumerate(ids, first))
        with registry.store.write() as conn:
            conn.execute(t.quotes.insert(), [
                {"id": q, "speaker_id": speakers[n % 1000]["id"], "lang": "en", "status": "unverified",
                 "created_at": "2026-01-01", "created_by": "bench"} for n, q in enumerate(ids)])
            conn.execute(t.quote_versions.insert(), [
                {"quote_id": q, "version": 1, "text": texts[q], "reason": None, "created_at": "2026-01-01",
                 "created_by": "bench"} for q in ids])
    quote_ids = list(texts)
    outlet_names = [f"Outlet {i}" for i in range(outlets)]
    rows = []
    for n in range(sightings):
        quote_id = quote_ids[n % len(quote_ids)]
        passage = rng.choice(wordings(texts[quote_id], rng))
        day = f"{2024 + rng.randrange(2)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        sighting = Sighting(quote_id=quote_id, verdict="verbatim" if passage == texts[quote_id] else "altered",
                            severity="ok" if passage == texts[quote_id] else "error", passage=passage, lang="en",
                            url=f"https://news{n % outlets}.example/{n}", outlet=rng.choice(outlet_names),
                            title=f"Story {n}", published=day, checked_at=f"{day}T12:00:00+00:00",
                            checked_by="bench", first_checked=f"{day}T12:00:00+00:00")
        rows.append({"identity": sighting.identity, "quote_id": quote_id, "rendition_id": None,
                     "verdict": sighting.verdict, "severity": sighting.severity, "flags": "", "reason": None,
                     "passage": passage, "lang": "en", "url": sighting.url, "outlet": sighting.outlet,
                     "title": sighting.title, "published": day, "seen_on": day, "first_checked": sighting.checked_at,
                     "checked_at": sighting.checked_at, "checked_by": "bench"})
        if len(rows) == chunk or n == sightings - 1:
            with registry.store.write() as conn:
                conn.execute(t.sightings.insert(), rows)
            rows = []
    if registry.store.engine.dialect.name == "postgresql":
        with registry.store.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
    # Closed and opened again: closing checkpoints SQLite's write-ahead log into the
    # database file, so what is measured next reads a registry at rest.
    registry.close()
    return Registry(location), time.perf_counter() - started, quote_ids


def size_mb(registry: Registry, location: str) -> float:
    if registry.store.engine.dialect.name == "postgresql":
        with registry.store.read() as conn:
            return conn.exec_driver_sql("SELECT pg_database_size(current_database())").scalar() / 1e6
    return sum(Path(location + suffix).stat().st_size for suffix in ("", "-wal") if Path(location + suffix).exists()) / 1e6


def timed(action, samples) -> tuple[float, float]:
    times = []
    for sample in samples:
        started = time.perf_counter()
        action(sample)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1 if len(times) > 1 else 0]


def measure(registry: Registry, quote_ids: list[str], outlets: int, samples: int) -> None:
    rng = random.Random(SEED + 1)
    chosen = rng.sample(quote_ids, samples)
    for quote_id in chosen[:3]:  # warm
        render_text(drift_map(registry, quote_id))

    def drift(quote_id):
        render_text(drift_map(registry, quote_id))

    def table(found):
        return [f"{s.seen_on}  {s.quote_id}  {s.verdict}  [{s.lang}]  “{s.passage}”  {s.outlet}  {s.url}" for s in found]

    print("  drift Q                 median %6.1f ms  p95 %6.1f ms" % timed(drift, chosen))
    print("  sightings Q             median %6.1f ms  p95 %6.1f ms" % timed(
        lambda q: table(list_sightings(registry, q)), chosen))
    outlet_sample = [f"Outlet {rng.randrange(outlets)}" for _ in range(samples)]
    rows = len(list_sightings(registry, outlet=outlet_sample[0]))
    print(f"  sightings --outlet O    median %6.1f ms  p95 %6.1f ms  (~{rows:,} rows each)" % timed(
        lambda o: table(list_sightings(registry, outlet=o)), outlet_sample))
    print(f"  sightings Q --outlet O  median %6.1f ms  p95 %6.1f ms" % timed(
        lambda q: table(list_sightings(registry, q, outlet=outlet_sample[0])), chosen))
    text = (ROOT / "seeds" / "coverage" / "musk-altman-openai.txt").read_text(encoding="utf-8")
    checker, recorder = Checker(registry), Recorder(registry, checked_by="bench")
    pages = [Document(path=f"p{n}", text=text, encoding="utf-8", url=f"https://bench.example/{n}")
             for n in range(samples)]
    checker.check(pages[0])  # warm
    plain, _ = timed(checker.check, pages)
    findings = []

    def check_and_record(page):
        findings.append(len(recorder.record(checker.check(page)).new))

    recorded, _ = timed(check_and_record, pages)
    per_finding = (recorded - plain) / max(1, statistics.median(findings))
    print(f"  check (seed article)    median {plain:6.1f} ms; with --record {recorded:6.1f} ms "
          f"→ {per_finding:.2f} ms a finding recorded ({statistics.median(findings):.0f} a page)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sightings", type=int, default=1_000_000)
    parser.add_argument("--quotes", type=int, default=100_000)
    parser.add_argument("--outlets", type=int, default=1000)
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--postgres", default=POSTGRES, help="a server where a scratch database is made and dropped")
    args = parser.parse_args()
    print(f"{args.sightings:,} sightings over {args.quotes:,} quotes, {args.outlets:,} outlets")
    for backend in args.backends.split(","):
        with tempfile.TemporaryDirectory() as folder:
            if backend == "sqlite":
                location, drop = str(Path(folder) / "drift.db"), None
            else:
                import psycopg

                name = f"quotes_bench_drift_{os.getpid()}"
                admin = psycopg.connect(args.postgres, autocommit=True)
                admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
                admin.execute(f'CREATE DATABASE "{name}"')
                location, drop = f"{args.postgres.rsplit('/', 1)[0]}/{name}", (admin, name)
            try:
                registry, seconds, quote_ids = build(location, args.quotes, args.sightings, args.outlets)
                print(f"{backend}: built in {seconds:.0f} s, {size_mb(registry, location):.0f} MB")
                measure(registry, quote_ids, args.outlets, args.samples)
                registry.close()
            finally:
                if drop:
                    drop[0].execute(f'DROP DATABASE "{drop[1]}" WITH (FORCE)')
                    drop[0].close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
