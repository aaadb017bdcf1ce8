"""Attacks on a real `quotes serve` by a signed-in translator (issue 18): reading the
server's files and standard input through the check page's URL field, fetching its
internal addresses (directly, in disguise, through a redirect), and the answers that
must not tell one internal port from another.

The desk runs with ``--allow-host 127.0.0.2``: a page server there stands for an
internal host the operator trusts, so that a redirect from it to another loopback
address shows that every hop is checked, not only the first."""

from __future__ import annotations

import html
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from quotes.checking.limits import MAX_QUOTE_MARKS
from quotes.registry.registry import Registry
from tests.checking.test_limits import inflated_docx
from tests.helpers.browser import (
    DeskServer,
    HttpSession,
    OtherOrigin,
    free_port,
    quotes_command,
    raw_post,
    seed_registry,
)
from tests.helpers.seeds import ALTMAN_POST

REFUSED = "refused: only pages on public internet addresses are fetched"
NOT_A_URL = "not an http(s) URL with a host"
ALLOWED = "127.0.0.2"
ARTICLE = ("<html><body><article><p>Altman wrote: “no thank you but we will buy twitter for $9.74 billion "
           "if you want”.</p></article></body></html>")


@pytest.fixture(scope="module")
def internal():
    """A host on an internal address that the operator allows by name, with an article."""
    site = OtherOrigin(host=ALLOWED, address=ALLOWED)
    site.pages["/article"] = ARTICLE
    yield site
    site.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory, internal):
    folder = tmp_path_factory.mktemp("desk")
    seed_registry(folder / "quotes.db")
    desk = DeskServer(folder / "quotes.db", folder / "serve.log", options=("--allow-host", ALLOWED))
    yield desk
    desk.stop()


@pytest.fixture(scope="module")
def attacker(server):
    """A translator: the least a signed-in user can be."""
    session = HttpSession(server.url)
    session.sign_in("translator")
    return session


def check_url(session: HttpSession, url: str):
    return session.post_form("/check", {"url": url})


def problem_of(answer) -> str:
    """The one line the check page says was wrong with the URL."""
    start = answer.text.index('class="problem"')
    return html.unescape(answer.text[answer.text.index(">", start) + 1:answer.text.index("<", start + 1)]).strip()


@pytest.mark.parametrize("path", ["/etc/passwd", "../../etc/passwd", "/proc/self/status", "/proc/self/environ",
                                  "file:///etc/passwd", "etc/hostname", "~/.bashrc"])
def test_the_url_field_never_opens_a_file_on_the_server(attacker, path):
    answer = check_url(attacker, path)
    assert (answer.status, problem_of(answer)) == (422, f"{path}: {NOT_A_URL}")
    assert "root:" not in answer.text


def test_no_request_can_open_the_registry_file(attacker, server, tmp_path):
    # Every descriptor the desk's process may hold, the registry's among them: each refused
    # alike, before anything is opened (opening and closing the registry's file in the
    # desk's process would drop SQLite's locks on it).
    answers = {fd: check_url(attacker, f"/proc/self/fd/{fd}") for fd in range(0, 24)}
    assert {fd: (a.status, problem_of(a)) for fd, a in answers.items()} == {
        fd: (422, f"/proc/self/fd/{fd}: {NOT_A_URL}") for fd in range(0, 24)}
    # The desk's writes still land after a command line process opened and closed the registry.
    subprocess.run([*quotes_command(), "--db", str(server.db), "list"], check=True, capture_output=True)
    attacker.post_form(f"/quotes/{ALTMAN_POST}/renditions", {"lang": "de", "text": "nein danke"},
                       page=f"/quotes/{ALTMAN_POST}")
    registry = Registry(str(server.db))
    try:
        assert "nein danke" in [r.text for r in registry.get_quote(ALTMAN_POST).renditions]
    finally:
        registry.close()


def test_standard_input_is_never_read_and_never_blocks_the_desk(server):
    # Each request would otherwise hold one of the desk's worker threads for good.
    sessions = [HttpSession(server.url, timeout=10) for _ in range(10)]
    for session in sessions:
        session.sign_in("translator")
    started = time.monotonic()
    with ThreadPoolExecutor(len(sessions)) as pool:
        answers = list(pool.map(lambda session: check_url(session, "-"), sessions))
    assert [(a.status, problem_of(a)) for a in answers] == [(422, f"-: {NOT_A_URL}")] * len(sessions)
    assert time.monotonic() - started < 10
    assert sessions[0].get("/").status == 200


def loopback_and_private_urls(desk_port: int, closed_port: int) -> list[str]:
    return [f"http://127.0.0.1:{desk_port}/login", f"http://localhost:{desk_port}/", f"http://[::1]:{desk_port}/",
            f"http://0.0.0.0:{desk_port}/", f"http://127.1:{desk_port}/", f"http://2130706433:{desk_port}/",
            f"http://0x7f000001:{desk_port}/", f"http://[::ffff:127.0.0.1]:{desk_port}/",
            f"http://127.0.0.1:{closed_port}/", "http://10.0.0.1/", "http://192.168.1.1/admin",
            "http://172.16.0.1/", "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/",
            "http://[fe80::1]/", "http://224.0.0.1/", "https://127.0.0.1:1/"]


def test_internal_addresses_are_refused_alike_open_closed_or_the_desks_own(attacker, server):
    closed = free_port()
    for url in loopback_and_private_urls(server.port, closed):
        answer = check_url(attacker, url)
        assert (answer.status, problem_of(answer)) == (422, f"{url}: {REFUSED}")


def test_a_redirect_from_an_allowed_host_to_another_internal_address_is_refused(attacker, server, internal):
    allowed = check_url(attacker, f"{internal.url}/article")
    assert allowed.status == 200 and "<strong>verbatim</strong>" in allowed.text
    internal.redirects["/to-desk"] = f"http://127.0.0.1:{server.port}/login"
    internal.redirects["/to-localhost"] = f"http://localhost:{server.port}/"
    for path in ("/to-desk", "/to-localhost"):
        answer = check_url(attacker, f"{internal.url}{path}")
        assert (answer.status, problem_of(answer)) == (422, f"{internal.url}{path}: {REFUSED}")


SECURITY_HEADERS = {"x-content-type-options": "nosniff", "x-frame-options": "DENY", "referrer-policy": "same-origin"}


def assert_secured(answer) -> None:
    headers = {name.lower(): value for name, value in answer.headers.items()}
    assert {name: headers.get(name) for name in SECURITY_HEADERS} == SECURITY_HEADERS
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


@pytest.mark.parametrize("query", ["page=99999999999999999999", "page=1000001", "page=0", "page=-1", "page=x"])
def test_out_of_range_query_integers_are_bad_input_with_the_security_headers(attacker, query):
    answer = attacker.get(f"/queue?{query}")
    assert answer.status == 422 and "query.page" in problem_of(answer)
    assert_secured(answer)


def test_every_error_page_carries_the_security_headers(attacker, server):
    for answer, status in ((attacker.get("/no-such-page"), 404), (attacker.get("/renditions/r-ffffff"), 404),
                           (check_url(attacker, "-"), 422)):
        assert answer.status == status
        assert_secured(answer)


MEGABYTE = b"x" * 1_000_000


@pytest.mark.parametrize("path, content_type", [
    ("/login", "application/x-www-form-urlencoded"), ("/api/quotes", "application/json"),
    ("/check", "multipart/form-data; boundary=b"), ("/api/check", "application/json")])
def test_a_body_over_its_routes_limit_is_refused_by_its_content_length_unread(server, path, content_type):
    # The desk answers from the headers and closes: of 300 MB, what the sockets' buffers take is sent.
    declared = 300_000_000
    started = time.monotonic()
    answer, sent = raw_post(server.port, path, {"Content-Type": content_type, "Content-Length": declared},
                            (MEGABYTE for _ in range(declared // len(MEGABYTE))))
    assert answer.status == 413 and "Content Too Large" in answer.text
    assert_secured(answer)
    assert sent < 100_000_000 and time.monotonic() - started < 10


@pytest.mark.parametrize("path, limit", [("/login", 1_000_000), ("/api/quotes", 1_000_000),
                                         ("/check", 21_000_000)])
def test_a_body_without_a_length_is_refused_once_it_passes_the_limit(server, path, limit):
    answer, sent = raw_post(server.port, path, {"Content-Type": "application/x-www-form-urlencoded"},
                            (b"a=" + MEGABYTE + b"&" for _ in range(200)), chunked=True)
    assert answer.status == 413 and "Content Too Large" in answer.text
    assert_secured(answer)
    assert limit <= sent < 200 * len(MEGABYTE)


def test_uploads_past_the_document_limits_are_refused_quickly(attacker, tmp_path):
    path, _ = inflated_docx(tmp_path, xml_bytes=20_000_000)
    page = ("<html><body>" + "<div><span>word</span> <b>x</b></div>\n" * 4000 + "</body></html>").encode()
    marks = "“".encode() * (MAX_QUOTE_MARKS + 1)
    started = time.monotonic()
    answers = [attacker.upload("bomb.docx", Path(path).read_bytes()), attacker.upload("tags.html", page),
               attacker.upload("marks.txt", marks)]
    assert time.monotonic() - started < 10
    assert [(a.status, problem_of(a).split(": ", 1)[0]) for a in answers] == [
        (422, "bomb.docx"), (422, "tags.html"), (422, "marks.txt")]
    assert "bytes of XML unzipped, more than 2,000,000" in problem_of(answers[0])
    assert "tags, more than the 10,000" in problem_of(answers[1])
    assert problem_of(answers[2]).endswith("quote marks, more than the 100,000 checked in one document; split it")
