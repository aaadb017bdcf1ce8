"""`quotes watch run` over a local feed: items per second and peak memory, then a second run.

    python bench/watch.py [--items 200]

A local server (127.0.0.1, a thread) serves an RSS feed of ``--items`` items, each a news
page quoting the seeds (verbatim, the Turkish line, its back-translation, a drifted
amount, or nothing registered), with an ETag. A seeded SQLite registry follows the feed;
`quotes watch run --once --interval 0` runs as a fresh process (as cron runs it): its
time, items per second and peak resident memory are printed. The second run must fetch
only the feed (a 304) and record nothing.
"""

from __future__ import annotations

import argparse
import http.server
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRINTED = [
    "“They don’t actually have the money,” Musk wrote on X.",
    "Altman replied: “Istersen ben X’i satın alabilirim,” in a post that spread quickly.",
    "“If you want, I can buy X,” Altman wrote after the bid was announced.",
    "Altman wrote: “no thank you but we will buy twitter for $97.4 billion if you want”.",
    "Markets were calm as investors waited for the central bank's decision.",
]


def page(n: int) -> bytes:
    body = (f"<p>{PRINTED[n % len(PRINTED)]}</p><p>Story {n} continues with background on the companies, the "
            "investors and the regulators who are following the dispute closely this week.</p>")
    return (f'<html><head><title>Story {n}</title><meta property="og:site_name" content="Outlet {n % 7}">'
            f'<meta property="article:published_time" content="2025-02-{n % 28 + 1:02d}"></head>'
            f"<body><article><h1>Story {n}</h1>{body}</article></body></html>").encode()


def feed(base: str, items: int) -> bytes:
    entries = "".join(f"<item><title>Story {n}</title><link>{base}/story/{n}</link><guid>{base}/story/{n}</guid></item>"
                      for n in reversed(range(items)))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title><link>{base}/</link>'
            f"<description>d</description>{entries}</channel></rss>").encode()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=200)
    args = parser.parse_args()
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            requests.append(self.path)
            if self.path == "/feed.xml":
                if self.headers.get("If-None-Match") == '"bench"':
                    self.send_response(304)
                    self.end_headers()
                    return
                body, kind = feed(base, args.items), "application/rss+xml"
            else:
                body, kind = page(int(self.path.rsplit("/", 1)[1])), "text/html; charset=utf-8"
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", '"bench"')
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    quotes = [str(Path(sys.executable).with_name("quotes"))]
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "watch.db")
        subprocess.run([*quotes, "--db", db, "import", str(ROOT / "seeds" / "registry.jsonl")], check=True,
                       capture_output=True)
        subprocess.run([*quotes, "--db", db, "watch", "add", f"{base}/feed.xml"], check=True, capture_output=True)
        for label in ("first run", "second run"):
            requests.clear()
            started = time.perf_counter()
            result = subprocess.run([*quotes, "--db", db, "watch", "run", "--once", "--interval", "0"],
                                    capture_output=True, text=True)
            seconds = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(f"{label}: {seconds:.1f} s, {len(requests)} requests, exit {result.returncode}: "
                  f"{result.stdout.strip()}")
            if label == "first run":
                print(f"  {args.items / seconds:.1f} items/s (process start included); "
                      f"peak resident memory {peak:.0f} MB")
            if result.stderr:
                print(result.stderr.strip())
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
