#!/usr/bin/env python3
"""Language identification benchmark: accuracy and speed of the quotes.checking.langid backends.

Cuts passages of 3-12 words, reproducibly (fixed seed), from both sides of
tr_en_parallel.tsv, plus the Turkish passages with their diacritics stripped
(ş→s, ı→i, ğ→g, ü→u, ö→o, ç→c — how newsrooms often receive Turkish), and reports
for each backend (py3langid, langdetect):

* accuracy of the backend's best guess (no thresholds) per row set and per length
  bucket (3 words, 4-6, 7-12), overall accuracy on 4+ words, median µs per call;
* the most common wrong answers;
* what ``quotes.checking.langid.detect()`` does with its shipped thresholds (MIN_WORDS,
  MIN_CONFIDENCE): how often it answers, and how often that answer is wrong;
* a sweep of confidence thresholds (the data behind MIN_CONFIDENCE).

Usage: python bench/langid_accuracy.py [--data DIR] [--seed N] [--max-rows N]
DIR defaults to $QUOTES_DATA, else ../shared/data relative to the repository root.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from quotes.checking import langid  # noqa: E402

TSV_NAME = "tr_en_parallel.tsv"
SEED = 20240611
MIN_LEN, MAX_LEN = 3, 12
BUCKETS = (("3", 3, 3), ("4-6", 4, 6), ("7-12", 7, 12))
SWEEP = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999)

TR_STRIP = str.maketrans("şŞıİğĞüÜöÖçÇâÂîÎûÛ", "sSiIgGuUoOcCaAiIuU")


def default_data_dir() -> Path:
    env = os.environ.get("QUOTES_DATA")
    return Path(env) if env else (REPO_ROOT / ".." / "shared" / "data").resolve()


def load_pairs(path: Path, max_rows: int | None) -> list[tuple[str, str]]:
    pairs = []
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        try:
            i_tr, i_en = header.index("tr"), header.index("en")
        except ValueError:
            raise SystemExit(f"error: {path}: header has no 'tr' and 'en' columns: {header}")
        for row in reader:
            if len(row) > max(i_tr, i_en):
                pairs.append((row[i_tr], row[i_en]))
            if max_rows and len(pairs) >= max_rows:
                break
    return pairs


def cut_passages(pairs, seed: int) -> dict[str, list[str]]:
    """One passage per side per row: a length drawn from 3-12, then a start position."""
    rng = random.Random(seed)
    sets: dict[str, list[str]] = {"tr": [], "en": []}
    for tr, en in pairs:
        for lang, text in (("tr", tr), ("en", en)):
            words = text.split()
            n = rng.randint(MIN_LEN, MAX_LEN)
            if len(words) < n:
                continue
            start = rng.randrange(len(words) - n + 1)
            sets[lang].append(" ".join(words[start : start + n]))
    sets["tr-ascii"] = [p.translate(TR_STRIP) for p in sets["tr"]]
    return sets


EXPECTED = {"tr": "tr", "en": "en", "tr-ascii": "tr"}


def bucket_of(n_words: int) -> str:
    for name, lo, hi in BUCKETS:
        if lo <= n_words <= hi:
            return name
    raise ValueError(n_words)


def run_backend(backend: str, sets: dict[str, list[str]]) -> dict:
    t0 = time.perf_counter()
    langid.classify_raw("warm up the model", backend)  # loads the model / profiles
    load_s = time.perf_counter() - t0
    results = {}  # set -> list of (n_words, guess, conf, detect_lang)
    times_ns = []
    for name, passages in sets.items():
        rows = []
        for p in passages:
            t = time.perf_counter_ns()
            guess, conf = langid.classify_raw(p, backend)
            times_ns.append(time.perf_counter_ns() - t)
            shipped = langid.detect(p, backend=backend).lang
            rows.append((len(p.split()), guess, conf, shipped))
        results[name] = rows
    return {"load_s": load_s, "us": statistics.median(times_ns) / 1000, "results": results}


def pct(k: int, n: int) -> str:
    return f"{100 * k / n:5.1f}%" if n else "    -"


def accuracy_table(runs: dict[str, dict], sets: dict[str, list[str]]) -> list[str]:
    cols = ["backend", "set", "n"] + [f"{b[0]} w" for b in BUCKETS] + ["4+ w", "all", "µs/call"]
    lines = ["Accuracy of the best guess (no thresholds), by passage length in words", ""]
    widths = [10, 9, 5] + [7] * len(BUCKETS) + [7, 7, 8]
    lines.append("  ".join(c.rjust(w) if i > 1 else c.ljust(w) for i, (c, w) in enumerate(zip(cols, widths))))
    lines.append("  ".join("-" * w for w in widths))
    for backend, run in runs.items():
        all4_ok = all4_n = 0
        plain_ok = plain_n = 0  # tr + en as written (without the diacritic-stripped set)
        for name in sets:
            rows = run["results"][name]
            want = EXPECTED[name]
            cells = []
            for b, lo, hi in BUCKETS:
                sel = [r for r in rows if lo <= r[0] <= hi]
                cells.append(pct(sum(r[1] == want for r in sel), len(sel)))
            four = [r for r in rows if r[0] >= 4]
            ok4 = sum(r[1] == want for r in four)
            all4_ok += ok4
            all4_n += len(four)
            if name != "tr-ascii":
                plain_ok += ok4
                plain_n += len(four)
            cells += [pct(ok4, len(four)), pct(sum(r[1] == want for r in rows), len(rows))]
            vals = [backend, name, str(len(rows))] + cells + [f"{run['us']:.0f}"]
            lines.append("  ".join(v.rjust(w) if i > 1 else v.ljust(w) for i, (v, w) in enumerate(zip(vals, widths))))
        lines.append(
            f"{backend:<10}  {'ALL':<9}  4+ words: {pct(all4_ok, all4_n).strip()} of {all4_n}"
            f" (tr+en only: {pct(plain_ok, plain_n).strip()} of {plain_n})"
            f"   model load {run['load_s'] * 1000:.0f} ms"
        )
    return lines


def confusions(runs, sets) -> list[str]:
    lines = ["Most common wrong answers (all lengths)", ""]
    for backend, run in runs.items():
        for name in sets:
            want = EXPECTED[name]
            c = Counter(r[1] for r in run["results"][name] if r[1] != want)
            top = ", ".join(f"{k} {v}" for k, v in c.most_common(6)) or "none"
            lines.append(f"  {backend:<10} {name:<9} {top}")
    return lines


def shipped_table(runs, sets) -> list[str]:
    lines = [
        f"detect() as shipped: MIN_WORDS={langid.MIN_WORDS}, MIN_CONFIDENCE={langid.MIN_CONFIDENCE}",
        "  answered = not und; wrong = answered but not the expected language",
        "",
        f"  {'backend':<10} {'set':<9} {'3 w answered':>13} {'3 w wrong':>10} {'4+ answered':>12} {'4+ wrong':>9}",
    ]
    for backend, run in runs.items():
        for name in sets:
            want = EXPECTED[name]
            cells = []
            for sel in (
                [r for r in run["results"][name] if r[0] == 3],
                [r for r in run["results"][name] if r[0] >= 4],
            ):
                answered = [r for r in sel if r[3] != langid.UND]
                wrong = sum(r[3] != want for r in answered)
                cells += [pct(len(answered), len(sel)), pct(wrong, len(sel))]
            lines.append(f"  {backend:<10} {name:<9} {cells[0]:>13} {cells[1]:>10} {cells[2]:>12} {cells[3]:>9}")
    return lines


def sweep_table(runs, sets) -> list[str]:
    """Answered / wrong (% of passages) at each confidence threshold: the data behind MIN_CONFIDENCE."""
    groups = (("3 w", 3, 3), ("4+ w", 4, MAX_LEN))
    lines = [
        "Confidence threshold sweep, all row sets (answered / wrong, % of passages)",
        "",
        "  threshold" + "".join(f"{f'{b} {g[0]}':>20}" for b in runs for g in groups),
    ]
    for th in SWEEP:
        cells = []
        for run in runs.values():
            for _, lo, hi in groups:
                rows = [(r, EXPECTED[n]) for n in sets for r in run["results"][n] if lo <= r[0] <= hi]
                answered = [(r, w) for r, w in rows if r[1] != langid.UND and r[2] >= th]
                wrong = sum(r[1] != w for r, w in answered)
                cells.append(f"{pct(len(answered), len(rows))} /{pct(wrong, len(rows))}")
        lines.append(f"  {th:>9}" + "".join(f"{c:>20}" for c in cells))
    return lines


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=None, help="data directory holding " + TSV_NAME)
    ap.add_argument("--seed", type=int, default=SEED, help=f"passage sampling seed (default {SEED})")
    ap.add_argument("--max-rows", type=int, default=None, help="use only the first N rows")
    ap.add_argument("--backend", choices=langid.BACKENDS, action="append", help="only this backend (repeatable)")
    args = ap.parse_args(argv)

    data_dir = args.data or default_data_dir()
    tsv = data_dir / TSV_NAME
    if not data_dir.is_dir():
        print(f"error: data directory not found: {data_dir} (use --data DIR or set QUOTES_DATA)", file=sys.stderr)
        return 2
    if not tsv.is_file():
        print(f"error: {TSV_NAME} not found in {data_dir}", file=sys.stderr)
        return 2

    pairs = load_pairs(tsv, args.max_rows)
    sets = cut_passages(pairs, args.seed)
    total = sum(len(v) for v in sets.values())
    backends = args.backend or list(langid.BACKENDS)
    runs = {b: run_backend(b, sets) for b in backends}

    out = [
        f"quotes.checking.langid benchmark — {tsv} ({len(pairs)} rows), seed {args.seed}",
        f"passages: {total} ("
        + ", ".join(f"{k} {len(v)}" for k, v in sets.items())
        + f"), {MIN_LEN}-{MAX_LEN} words; default backend: {langid.DEFAULT_BACKEND}",
        f"python {sys.version.split()[0]}",
        "",
    ]
    out += accuracy_table(runs, sets) + [""]
    out += confusions(runs, sets) + [""]
    out += shipped_table(runs, sets) + [""]
    out += sweep_table(runs, sets)
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
