"""Scale benchmark: the registry's word index against a rapidfuzz linear scan, at 10k, 100k
and 1M quotes, measured in the same run.

    python bench/scale.py [--sizes 10000,100000,1000000] [--data DIR] [--queries 200]
                          [--linear-sample 20] [--keep DIR]

Registries are built from real sentences (both sides of ``tr_en_parallel.tsv``, the MRPC
quote sentences, the articles), extended reproducibly to the size asked for by
recombining the first part of one real sentence with the last part of another (fixed
seed). Quote rows are bulk-inserted; the index is then built by ``quotes reindex --jobs 2``
(``Registry.reindex``: one transaction, two processes), and that build is what "index
build" times. Adds, edits and imports keep the same index up to date as they write.

Queries are drifted registered quotes (typographic noise; 1–3 words dropped; 1–3
replaced; a number changed; a fragment) and unregistered real sentences held out of
every registry. Both retrievals feed the same matcher (rerank, word alignment,
thresholds): only candidate retrieval differs, so the ratio is the index's.

Reports per size: build time (rows, index), database and index size on disk,
per-passage latency median/p95 (warm), recall@1 (right quote, scored at or above the
matching threshold), false-match rate (an unregistered sentence scored at or above it),
and the linear scan's figures with the speed-up ratio; then a 1,000-word article checked
warm, and cold by fresh ``quotes check`` processes, whose peak resident memory is the
memory figure (the index is read from disk, not loaded).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quotes.registry import schema as t  # noqa: E402
from quotes.checking.check import Checker  # noqa: E402
from quotes.checking.coverage import Document  # noqa: E402
from quotes.registry.index import RegistryIndex, Target  # noqa: E402
from quotes.checking.matching import Matcher  # noqa: E402
from quotes.checking.passages import split_sentences  # noqa: E402
from quotes.registry.registry import Registry  # noqa: E402
from quotes.text import match_key  # noqa: E402
from quotes.checking.verdicts import MATCHING_THRESHOLD, short_and_partial  # noqa: E402

SEED = 20261127
DRIFTS = ("typography", "dropped", "replaced", "number", "fragment")
MARKERS = re.compile(r"<QUOTE>")


def default_data() -> Path:
    return Path(os.environ.get("QUOTES_DATA", ROOT.parent / "shared" / "data"))


def real_sentences(data: Path) -> list[list[tuple[str, str]]]:
    """Real sentences of 8–40 words, in groups that must stay on one side of the
    registered/held-out split, deduplicated, in a fixed order: a translation pair, and all
    MRPC sentences linked by pairs (one outlet's report and another's of the same quote,
    and MRPC reuses a sentence in several pairs)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    members: dict[str, list[tuple[str, str]]] = {}
    order: list[str] = []

    def add(key: str, text: str, lang: str) -> None:
        text = " ".join(MARKERS.sub('"', text).split())
        if 8 <= len(text.split()) <= 40:
            if key not in members:
                order.append(key)
            members.setdefault(key, []).append((text, lang))

    with open(data / "tr_en_parallel.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            add(row["id"], row["tr"], "tr")
            add(row["id"], row["en"], "en")
    with open(data / "quote_variants_mrpc.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            split, first, second = row["group_id"].split("-")[1:4]
            a, b = f"mrpc-{split}-{first}", f"mrpc-{split}-{second}"
            parent[find(a)] = find(b)
            add(a, row["canonical"], "en")
            add(b, row["variant"], "en")
    for path in sorted((data / "articles").glob("*/*.txt")):
        text = path.read_text(encoding="utf-8")
        for n, (start, end) in enumerate(split_sentences(text)):
            add(f"{path.name}-{n}", text[start:end], path.parent.name)
    groups: dict[str, list[tuple[str, str]]] = {}
    seen: set[str] = set()
    for key in order:
        for text, lang in members[key]:
            if text not in seen:
                seen.add(text)
                groups.setdefault(find(key), []).append((text, lang))
    return list(groups.values())


def recombined(base: list[tuple[str, str]], size: int, rng: random.Random, taken: set[str]) -> list[tuple[str, str]]:
    """``size`` distinct sentences: the real ones first, then recombinations of them."""
    by_lang: dict[str, list[list[str]]] = {}
    for text, lang in base:
        by_lang.setdefault(lang, []).append(text.split())
    out = [s for s in base[:size]]
    seen = {text for text, _ in out} | taken
    langs = sorted(by_lang)
    while len(out) < size:
        lang = rng.choice(langs)
        a, b = rng.choice(by_lang[lang]), rng.choice(by_lang[lang])
        text = " ".join(a[: rng.randint(4, len(a) - 3)] + b[rng.randint(3, len(b) - 4):])
        if text not in seen:
            seen.add(text)
            out.append((text, lang))
    return out


def build(path: Path, sentences: list[tuple[str, str]]) -> tuple[Registry, float, float]:
    """A registry at ``path`` holding ``sentences``: rows bulk-inserted, then indexed; returns the timings."""
    registry = Registry(str(path))
    started = time.perf_counter()
    speakers = [{"id": f"s-{i:06x}", "name": f"Speaker {i}", "created_at": "2026-01-01"} for i in range(1000)]
    with registry.store.write() as conn:
        conn.execute(t.speakers.insert(), speakers)
    chunk = 50_000
    for first in range(0, len(sentences), chunk):
        part = sentences[first:first + chunk]
        quotes = [{"id": f"q-{first + i:07x}", "speaker_id": speakers[(first + i) % 1000]["id"], "lang": lang,
                   "status": "unverified", "created_at": "2026-01-01", "created_by": "bench"}
                  for i, (_, lang) in enumerate(part)]
        versions = [{"quote_id": q["id"], "version": 1, "text": text, "reason": None, "created_at": "2026-01-01",
                     "created_by": "bench"} for q, (text, _) in zip(quotes, part)]
        with registry.store.write() as conn:
            conn.execute(t.quotes.insert(), quotes)
            conn.execute(t.quote_versions.insert(), versions)
    rows_seconds = time.perf_counter() - started
    started = time.perf_counter()
    registry.reindex(jobs=2)
    # Closed and opened again, as after `quotes reindex`: closing checkpoints the build's
    # write-ahead log into the database file, so what is measured next reads a registry at rest.
    registry.close()
    registry = Registry(str(path))
    return registry, rows_seconds, time.perf_counter() - started


def drift(text: str, lang: str, kind: str, rng: random.Random, vocabulary: list[str]) -> str:
    words = text.split()
    if kind == "typography":
        return "“" + text.replace("'", "’").replace(" ", "  ", 1) + "”"
    if kind == "dropped":
        for _ in range(rng.randint(1, 3)):
            del words[rng.randrange(1, len(words) - 1)]
    elif kind == "replaced":
        for _ in range(rng.randint(1, 3)):
            words[rng.randrange(1, len(words) - 1)] = rng.choice(vocabulary)
    elif kind == "number":
        numbers = [i for i, w in enumerate(words) if any(c.isdigit() for c in w)]
        i = rng.choice(numbers) if numbers else rng.randrange(1, len(words) - 1)
        words[i] = str(rng.randint(2, 999)) if numbers else words[i] + " 17"
    elif kind == "fragment":
        length = max(6, int(len(words) * 0.6))
        start = rng.randint(0, len(words) - length)
        words = words[start:start + length]
    return " ".join(words)


class LinearScan:
    """The baseline: rapidfuzz ``process.extract`` over every quote's match key (token_set_ratio)."""

    def __init__(self, sentences: list[tuple[str, str]]):
        self.sentences = sentences
        self.keys = [match_key(text, lang) for text, lang in sentences]

    def candidates(self, keys, limit):
        found = process.extract(" ".join(keys), self.keys, scorer=fuzz.token_set_ratio, limit=limit)
        return [Target(i + 1, f"q-{i:07x}", 1, None, None, self.sentences[i][1], self.sentences[i][0])
                for _, _, i in found]


def measure(matcher: Matcher, queries: list[tuple[str, str, str | None]]) -> dict:
    """Latency and outcomes of ``matcher`` on (text, lang, expected quote id or None) queries."""
    times, right, wrong_unregistered, registered, unregistered = [], 0, 0, 0, 0
    for text, lang, expected in queries:
        started = time.perf_counter()
        match = matcher.best(text, lang)
        times.append(time.perf_counter() - started)
        accepted = match is not None and match.score >= MATCHING_THRESHOLD and not short_and_partial(match)
        if expected is None:
            unregistered += 1
            wrong_unregistered += accepted
        else:
            registered += 1
            # Recombined registries repeat real half-sentences, so a fragment can stand word
            # for word in several quotes: any of them is an equally right source.
            right += accepted and (match.target.quote_id == expected or (match.excerpt and match.alignment.identical))
    times.sort()
    return {
        "median_ms": 1000 * statistics.median(times),
        "p95_ms": 1000 * times[min(len(times) - 1, int(0.95 * len(times)))],
        "recall1": right / registered if registered else float("nan"),
        "false_match": wrong_unregistered / unregistered if unregistered else float("nan"),
    }


# A fresh `quotes check` (the console script's code, run from this checkout) that reports
# its own peak resident memory (Linux's VmHWM) as it exits: a child's rusage would also
# count this large process, which the child shares until it executes.
COLD_CHECK = (
    "import atexit, re, sys; from pathlib import Path; "
    "atexit.register(lambda: print('peak-kB', re.search(r'VmHWM:\\s*(\\d+)', Path('/proc/self/status').read_text())[1], "
    "file=sys.stderr)); from quotes.cli.main import cli; cli(prog_name='quotes')"
)


def cold_check(path: Path, article_path: Path) -> tuple[float, float]:
    """Seconds and peak resident memory (MB) of a fresh ``quotes check`` process on the article."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", COLD_CHECK, "--db", str(path), "check", str(article_path),
                           "--format", "json"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    peak = re.search(r"^peak-kB (\d+)$", done.stderr, re.MULTILINE)
    if done.returncode not in (0, 1) or not peak:
        raise SystemExit(f"scale: `quotes check` failed on {path}: {done.stderr.strip()[-500:]}")
    return seconds, int(peak[1]) / 1024


def index_bytes(path: Path) -> tuple[float, float]:
    """(database MB, index tables MB) on disk."""
    import sqlite3

    total = sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 2**20
    try:
        with sqlite3.connect(path) as conn:
            rows = conn.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall()
        index = sum(size for name, size in rows
                    if name in ("targets", "terms") or name.startswith(("sqlite_autoindex_terms", "sqlite_autoindex_targets")))
        return total, index / 2**20
    except sqlite3.OperationalError:  # SQLite built without dbstat
        return total, float("nan")


def article(data: Path, registered: list[tuple[str, str]], words: int = 1000) -> str:
    """A ~1,000-word English article: real article text with registered quotes quoted in it."""
    body = " ".join(p.read_text(encoding="utf-8") for p in sorted((data / "articles" / "en").glob("*.txt")))
    body = " ".join(body.split()[:words - 150])
    quoted = " ".join(f"She said: “{text}”" for text, lang in registered if lang == "en")
    return body + "\n\n" + " ".join(quoted.split()[:150])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--data", type=Path, default=default_data())
    parser.add_argument("--queries", type=int, default=200, help="registered and unregistered queries, each")
    parser.add_argument("--linear-sample", type=int, default=20, help="queries for the linear scan from 100k on")
    parser.add_argument("--keep", type=Path, help="keep the built databases in this folder")
    args = parser.parse_args()
    if not (args.data / "tr_en_parallel.tsv").exists():
        print(f"scale: evaluation data not found in {args.data} (use --data or QUOTES_DATA)", file=sys.stderr)
        return 2
    rng = random.Random(SEED)
    groups = real_sentences(args.data)
    rng.shuffle(groups)
    held_out = [s for g in groups[: len(groups) // 10] for s in g]
    base = [s for g in groups[len(groups) // 10:] for s in g]
    vocabulary = sorted({w for text, _ in base for w in text.split() if w.isalpha()})
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="quotes-scale-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"{len(base)} real sentences to register from, {len(held_out)} held out as unregistered queries")
    header = (f"{'size':>9} {'rows s':>7} {'index s':>8} {'db MB':>7} {'index MB':>9} "
              f"{'method':>7} {'median ms':>10} {'p95 ms':>8} {'recall@1':>9} {'false':>6} {'speed-up':>9}")
    lines = []
    for size in (int(s) for s in args.sizes.split(",")):
        registry_sentences = recombined(base, size, random.Random(SEED + size), {text for text, _ in held_out})
        path = workdir / f"scale-{size}.db"
        for old in workdir.glob(path.name + "*"):
            old.unlink()
        registry, rows_s, index_s = build(path, registry_sentences)
        sample = random.Random(SEED).sample(range(size), args.queries)
        queries = [(drift(registry_sentences[i][0], registry_sentences[i][1], DRIFTS[n % len(DRIFTS)], rng, vocabulary),
                    registry_sentences[i][1], f"q-{i:07x}") for n, i in enumerate(sample)]
        queries += [(text, lang, None) for text, lang in random.Random(SEED).sample(held_out, args.queries)]
        matcher = Matcher(RegistryIndex(registry.store))
        for text, lang, _ in queries[:20]:  # warm: page cache, tokenizer caches
            matcher.best(text, lang)
        indexed = measure(matcher, queries)
        linear_queries = queries if size < 100_000 else (
            queries[: args.linear_sample // 2] + queries[args.queries: args.queries + args.linear_sample // 2])
        scan = LinearScan(registry_sentences)
        linear = measure(Matcher(scan), linear_queries)
        db_mb, index_mb = index_bytes(path)
        speedup = linear["median_ms"] / indexed["median_ms"]
        lines.append(f"{size:>9} {rows_s:>7.1f} {index_s:>8.1f} {db_mb:>7.0f} {index_mb:>9.0f} "
                     f"{'index':>7} {indexed['median_ms']:>10.2f} {indexed['p95_ms']:>8.2f} {indexed['recall1']:>9.3f} "
                     f"{indexed['false_match']:>6.3f} {speedup:>8.0f}×")
        lines.append(f"{'':>9} {'':>7} {'':>8} {'':>7} {'':>9} {'linear':>7} {linear['median_ms']:>10.2f} "
                     f"{linear['p95_ms']:>8.2f} {linear['recall1']:>9.3f} {linear['false_match']:>6.3f} "
                     f"{'(n=' + str(len(linear_queries)) + ')':>9}")
        print(header if len(lines) == 2 else "", *lines[-2:], sep="\n", flush=True)
        report_article(args.data, registry, registry_sentences, path)
        registry.close()
    return 0


def report_article(data: Path, registry: Registry, registry_sentences, path: Path) -> None:
    """A 1,000-word article checked warm in this process, and cold by fresh ``quotes check`` processes."""
    text = article(data, registry_sentences[:40])
    checker = Checker(registry, lang="en")
    document = Document("article.txt", text, "utf-8")
    checker.check(document)
    times = []
    for _ in range(5):
        started = time.perf_counter()
        report = checker.check(document)
        times.append(time.perf_counter() - started)
    article_path = path.parent / "article.txt"
    article_path.write_text(text, encoding="utf-8")
    colds = [cold_check(path, article_path) for _ in range(3)]
    print(f"{'':>9} 1,000-word article ({len(report.findings)} passages): warm median {1000 * statistics.median(times):.0f} ms "
          f"of 5; cold `quotes check` process median {statistics.median(s for s, _ in colds):.2f} s of 3 "
          f"({', '.join(f'{s:.2f}' for s, _ in colds)}), peak memory {max(mb for _, mb in colds):.0f} MB", flush=True)


if __name__ == "__main__":
    sys.exit(main())
