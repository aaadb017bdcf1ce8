"""Batch checking throughput: the evaluation articles repeated to 2,000 documents, checked
against a 100k-quote registry, with one worker and with one per core, in the same run.

    python bench/batch.py [--documents 2000] [--size 100000] [--jobs 1,2] [--data DIR] [--keep DIR]

The registry is built as bench/scale.py builds it (real and recombined sentences); the
documents are the 16 articles of ``articles/`` (Turkish and English news with quotes), each
copy given its own first line so that no two files are identical. Throughput is counted
over the whole of ``quotes.checking.batch.check_inputs`` — reading, passages, language, matching,
verdicts — as ``quotes check DIR --jobs N`` runs it, worker start-up included.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import scale  # noqa: E402

from quotes.checking.batch import check_inputs  # noqa: E402
from quotes.registry.registry import Registry  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--data", type=Path, default=scale.default_data())
    parser.add_argument("--keep", type=Path, help="reuse or keep the registry in this folder")
    args = parser.parse_args()
    articles = sorted((args.data / "articles").glob("*/*.txt"))
    if not articles:
        print(f"batch: no articles in {args.data / 'articles'} (use --data or QUOTES_DATA)", file=sys.stderr)
        return 2
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="quotes-batch-"))
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / f"scale-{args.size}.db"
    if not path.exists():
        groups = scale.real_sentences(args.data)
        random.Random(scale.SEED).shuffle(groups)
        base = [s for g in groups for s in g]
        scale.build(path, scale.recombined(base, args.size, random.Random(scale.SEED + args.size), set()))[0].close()
    folder = workdir / "documents"
    folder.mkdir(exist_ok=True)
    for n in range(args.documents):
        source = articles[n % len(articles)]
        (folder / f"{n:05d}-{source.name}").write_text(f"Copy {n}\n\n" + source.read_text(encoding="utf-8"),
                                                       encoding="utf-8")
    print(f"{args.documents} documents ({len(articles)} articles repeated) against {args.size:,} quotes")
    rates = {}
    for jobs in (int(j) for j in args.jobs.split(",")):
        started = time.perf_counter()
        registry = Registry(str(path))
        passages = sum(len(o.report.findings) for o in check_inputs(registry, [str(folder)], jobs=jobs) if o.report)
        registry.close()
        seconds = time.perf_counter() - started
        rates[jobs] = args.documents / seconds
        print(f"--jobs {jobs}: {seconds:7.1f} s, {rates[jobs]:6.1f} documents/s, {passages} passages checked", flush=True)
    if len(rates) > 1:
        first, last = min(rates), max(rates)
        print(f"speed-up --jobs {last} over --jobs {first}: {rates[last] / rates[first]:.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
