"""A local news site for `quotes watch`: an RSS or Atom feed honouring conditional requests
(ETag and Last-Modified → 304), its article pages, and a webhook receiver that keeps what
is POSTed to it (or answers too slowly, or with an error). Served on 127.0.0.1 in a
thread; nothing touches the internet."""

from __future__ import annotations

import html
import http.server
import json
import time

import pytest

from tests.helpers.local_server import serving

LAST_MODIFIED = "Tue, 11 Feb 2025 09:00:00 GMT"


def rss(base: str, items: list[tuple[str, str]]) -> bytes:
    """An RSS 2.0 feed of (path, title) items, newest first as feeds list them."""
    entries = "".join(f"<item><title>{html.escape(title)}</title><link>{base}{path}</link>"
                      f"<guid>{base}{path}</guid></item>" for path, title in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>News</title>'
            f"<link>{base}/</link><description>d</description>{entries}</channel></rss>").encode()


def atom(base: str, items: list[tuple[str, str]]) -> bytes:
    entries = "".join(f'<entry><title>{html.escape(title)}</title><link href="{base}{path}"/>'
                      f"<id>tag:news,2025:{path}</id><updated>2025-02-11T09:00:00Z</updated></entry>"
                      for path, title in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>News</title>'
            f"<id>tag:news,2025</id><updated>2025-02-11T09:00:00Z</updated>{entries}</feed>").encode()


class NewsSite:
    """Routes: path → (content type, body); ``etags`` path → its ETag. ``requests`` lists
    (method, path, If-None-Match) in order; ``received`` the webhook's JSON messages."""

    def __init__(self):
        self.routes: dict[str, tuple[str, bytes]] = {}
        self.etags: dict[str, str] = {}
        self.requests: list[tuple[str, str, str | None]] = []
        self.received: list[dict] = []
        self.webhook_delay = 0.0
        self.webhook_status = 204
        self.base = ""

    def page(self, path: str, body: bytes, content_type: str = "text/html; charset=utf-8", etag: str | None = None):
        self.routes[path] = (content_type, body)
        if etag:
            self.etags[path] = etag
        return self.base + path


def _handler(site: NewsSite):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            site.requests.append(("GET", self.path, self.headers.get("If-None-Match")))
            if self.path not in site.routes:
                self.send_error(404)
                return
            content_type, body = site.routes[self.path]
            etag = site.etags.get(self.path)
            # If-None-Match, when sent, decides alone (RFC 9110 13.2.2).
            match = self.headers.get("If-None-Match")
            if etag and (match == etag if match else self.headers.get("If-Modified-Since") == LAST_MODIFIED):
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if etag:
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", LAST_MODIFIED)
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):  # noqa: N802
            site.requests.append(("POST", self.path, None))
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            time.sleep(site.webhook_delay)
            site.received.append(json.loads(body))
            try:
                self.send_response(site.webhook_status)
                self.send_header("Content-Length", "0")
                self.end_headers()
            except OSError:  # the client gave up waiting
                pass

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def news(monkeypatch):
    site = NewsSite()
    with serving(_handler(site), monkeypatch) as base:
        site.base = base
        yield site
