"""The desk in a real browser: a `quotes serve` process over a seeded SQLite registry,
a page on another origin (a second local HTTP server), and signing in through the form.

Playwright drives Debian's Chromium (/usr/bin/chromium): Playwright's own browser
download is not needed. Without Playwright or Chromium the browser tests skip, except
under CI, where they fail."""

from __future__ import annotations

import importlib
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from email.message import Message
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote, urlencode

from quotes.registry.accounts import add_user
from quotes.formats.jsonl import import_jsonl
from quotes.registry.registry import Registry
from tests.helpers.seeds import SEEDS
from tests.helpers.web import PASSWORD, USERS, csrf_of

START_SECONDS = 30  # how long `quotes serve` may take to answer its first request


def chromium_path() -> str | None:
    """Debian's Chromium: /usr/bin/chromium, or a `chromium` on the PATH."""
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else shutil.which("chromium")


def missing_browser() -> str | None:
    """Why the browser tests cannot run here (None: they can)."""
    try:
        importlib.import_module("playwright.sync_api")
    except ImportError as error:
        return f"playwright is not importable ({error}): pip install -e '.[test]'"
    if chromium_path() is None:
        return "Chromium is not installed (/usr/bin/chromium): apt-get install chromium"
    return None


def launch_arguments() -> list[str]:
    """Chromium's sandbox needs user namespaces a container's root usually lacks."""
    return ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def seed_registry(db: Path) -> None:
    """The seed registry at ``db``, with one user of each role (tests/helpers/web.py's USERS)."""
    registry = Registry(str(db))
    try:
        import_jsonl(registry, SEEDS)
        for role, name in USERS.items():
            add_user(registry, name, role=role, password=PASSWORD)
    finally:
        registry.close()


def quotes_command() -> list[str]:
    """The `quotes` console script of this Python (the venv's), or the one on the PATH."""
    script = Path(sys.executable).with_name("quotes")
    if script.exists():
        return [str(script)]
    found = shutil.which("quotes")
    if found is None:
        raise RuntimeError("the `quotes` command is not installed: pip install -e .")
    return [found]


class DeskServer:
    """`quotes --db DB serve [--workers N] [OPTION…]` on a free loopback port, its output in a
    log file. Its standard input is an open pipe nobody writes to: what reads it waits."""

    def __init__(self, db: Path, log: Path, *, workers: int = 1, options: tuple[str, ...] = ()):
        self.db = db
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log_path = log
        self._log = log.open("wb")
        self._process = subprocess.Popen(
            [*quotes_command(), "--db", str(db), "serve", "--host", "127.0.0.1", "--port", str(self.port),
             "--workers", str(workers), *options],
            stdin=subprocess.PIPE, stdout=self._log, stderr=subprocess.STDOUT)
        try:
            self._wait_until_it_answers()
        except BaseException:
            self.stop()
            raise

    @property
    def pid(self) -> int:
        """The desk's process (with one worker, the process that serves)."""
        return self._process.pid

    def _wait_until_it_answers(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while True:
            if self._process.poll() is not None:
                raise RuntimeError(f"quotes serve exited with {self._process.returncode}:\n{self.output()}")
            try:
                with urllib.request.urlopen(f"{self.url}/login", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"quotes serve did not answer within {START_SECONDS}s:\n{self.output()}")
            time.sleep(0.05)  # the server is starting: nothing to wait on but its port

    def output(self) -> str:
        if not self._log.closed:
            self._log.flush()
        return self._log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process.stdin.close()
        self._log.close()


class OtherOrigin:
    """A second local web server (another origin than the desk's): serves the pages it is
    given, and redirects the paths in ``redirects`` to their URLs. It listens on ``address``
    (127.0.0.1; any other loopback address works too), named ``host`` in its URL."""

    def __init__(self, host: str = "127.0.0.1", address: str = "127.0.0.1"):
        self.pages: dict[str, str] = {}
        self.redirects: dict[str, str] = {}
        pages, redirects = self.pages, self.redirects

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                if self.path in redirects:
                    self.send_response(302)
                    self.send_header("Location", redirects[self.path])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = pages.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                data = body.encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format, *args):  # quiet: nothing on the test's stderr
                pass

        self._server = ThreadingHTTPServer((address, 0), Handler)
        self.url = f"http://{host}:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._thread.join()
        self._server.server_close()


def sign_in(page, base_url: str, role: str, *, start: str = "/") -> None:
    """Sign in as the role's user through /login (the form's labels and button), landing on ``start``."""
    from playwright.sync_api import expect

    page.goto(f"{base_url}{start}")
    expect(page).to_have_url(f"{base_url}/login?next={quote(start)}")  # the desk sends the signed-out here
    page.get_by_label("Name", exact=True).fill(USERS[role])
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page).to_have_url(f"{base_url}{start}")
    expect(page.get_by_text(f"{USERS[role]} ({role})", exact=True)).to_be_visible()


class Answer(NamedTuple):
    status: int
    headers: Message
    text: str


class HttpSession:
    """A client of a real desk with cookies of its own, as a script or an attacker would
    talk to it (no JavaScript): GET and POST, form fields or raw bytes, every answer
    returned whatever its status; redirects followed, as a browser does."""

    def __init__(self, base_url: str, timeout: float = 20):
        import http.cookiejar

        self.base_url = base_url
        self.timeout = timeout
        self.cookies = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def request(self, method: str, path: str, data: bytes | None = None, headers: dict | None = None) -> Answer:
        request = urllib.request.Request(self.base_url + path, data=data, method=method, headers=headers or {})
        try:
            with self._opener.open(request, timeout=self.timeout) as answer:
                return Answer(answer.status, answer.headers, answer.read().decode("utf-8", errors="replace"))
        except urllib.error.HTTPError as error:
            with error:
                return Answer(error.code, error.headers, error.read().decode("utf-8", errors="replace"))

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post_form(self, path: str, fields: dict, *, page: str | None = None) -> Answer:
        """Post ``fields`` to ``path`` with the CSRF token of the form on ``page`` (``path``)."""
        token = csrf_of(self.get(page or path).text)
        body = urlencode({"csrf_token": token, **fields}).encode("utf-8")
        return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})

    def upload(self, filename: str, data: bytes) -> Answer:
        """The check form with a file, as a browser posts it (multipart/form-data)."""
        token = csrf_of(self.get("/check").text)
        boundary = "----quotes-test-boundary"
        body = (f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
        return self.request("POST", "/check", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.cookies)

    def sign_in(self, role: str) -> None:
        answer = self.post_form("/login", {"name": USERS[role], "password": PASSWORD, "next": "/"})
        if f"{USERS[role]} ({role})" not in answer.text:
            raise RuntimeError(f"signing in as {role} failed: {answer.status} {answer.text[:200]}")


def raw_post(port: int, path: str, headers: dict, chunks, *, chunked: bool = False,
             timeout: float = 20) -> tuple[Answer, int]:
    """POST ``chunks`` to a desk on 127.0.0.1 over a bare socket (with a Content-Length the
    caller gives in ``headers``, or ``chunked``), stopping when it stops reading: its
    answer, and how many bytes were sent."""
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    if chunked:
        head += "Transfer-Encoding: chunked\r\n"
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall((head + "\r\n").encode("ascii"))
        try:
            for chunk in chunks:
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
                sent += len(chunk)
            if chunked:
                sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the desk answered and closed: the rest was never taken
        answer = b""
        try:
            while data := sock.recv(65536):
                answer += data
        except ConnectionResetError:
            pass
    head, _, body = answer.decode("utf-8", errors="replace").partition("\r\n\r\n")
    status_line, *header_lines = head.split("\r\n")
    headers = dict(line.split(": ", 1) for line in header_lines)
    return Answer(int(status_line.split(" ", 2)[1]), headers, body), sent
