#!/usr/bin/env python3
"""False matches of quoted fragments attributed to a registered speaker.

Fragments (2–8 quoted words whose speaker the coverage names) are matched to windows of
that speaker's statements and renditions (``quotes.checking.matching.Matcher.fragment``).
This measures what that costs on words nobody registered: random 2–8-word spans of the
real articles in ``articles/`` (news that quotes none of the registered statements), put
in quote marks and attributed to a registered speaker of ``coverage_cases/registry.jsonl``
in the article's language's reported speech (``Fidan, “…” dedi.``, ``Trump said the “…”
was clear.``). Every verdict other than ``unknown`` is a false match.

Usage: python bench/fragment_false_matches.py [--data DIR] [--per-article N] [--seed S]
DIR defaults to $QUOTES_DATA, else ../shared/data relative to the repository root.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from quotes.checking.check import Checker  # noqa: E402
from quotes.checking.coverage import Document  # noqa: E402
from quotes.formats.jsonl import import_jsonl  # noqa: E402
from quotes.registry.registry import Registry  # noqa: E402

FRAMES = {"tr": "{who}, “{span}” dedi.", "en": "{who} said the “{span}” was clear."}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("QUOTES_DATA") or REPO_ROOT / ".." / "shared" / "data"))
    parser.add_argument("--per-article", type=int, default=40)
    parser.add_argument("--seed", type=int, default=19)
    args = parser.parse_args(argv)
    registry_file, articles = args.data / "coverage_cases" / "registry.jsonl", sorted((args.data / "articles").glob("*/*.txt"))
    if not registry_file.exists() or not articles:
        print(f"no data in {args.data}", file=sys.stderr)
        return 2
    surnames = sorted({json.loads(line)["speaker"].split()[-1] for line in registry_file.open(encoding="utf-8")})
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        registry = Registry(str(Path(tmp) / "r.db"))
        import_jsonl(registry, registry_file, actor="bench")
        checker = Checker(registry)
        checked, false = 0, []
        for path in articles:
            frame = FRAMES.get(path.parent.name, FRAMES["en"])
            words = [w for w in path.read_text(encoding="utf-8").split() if not any(m in w for m in "“”\"«»")]
            for _ in range(args.per_article):
                size = rng.randint(2, 8)
                start = rng.randrange(0, max(1, len(words) - size))
                span = " ".join(words[start:start + size]).strip(".,;:!?()'’‘")
                text = frame.format(who=rng.choice(surnames), span=span)
                for finding in checker.check(Document(path.name, text, "utf-8")).findings:
                    checked += 1
                    if finding.verdict != "unknown":
                        false.append((finding.verdict, finding.quote_id, span))
        registry.close()
    print(f"named random fragments: {len(false)}/{checked} matched a registered statement"
          f" ({100.0 * len(false) / max(checked, 1):.2f}%)")
    for verdict, quote_id, span in false:
        print(f"  {verdict} {quote_id}: “{span}”")
    return 0


if __name__ == "__main__":
    sys.exit(main())
