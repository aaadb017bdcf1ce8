"""Coverage that is not plain text (quotes.checking.pages, through quotes.checking.coverage): web pages from a
file or a URL, Word .docx files; fetching limits and errors; lazy imports.

Every page is served from a local http.server on 127.0.0.1 in a thread: no test touches
the internet."""

from __future__ import annotations

import html
import http.server
import json
import socket
import subprocess
import sys
import time

import pytest

from quotes.checking import pages
from quotes.checking.coverage import CoverageError, Positions, read_document
from tests.helpers.local_server import serving
from tests.helpers.seeds import ALTMAN_POST, ALTMAN_POST_TR_DRIFTED, SEED_ARTICLE

PAGE_TITLE = "Musk and Altman clash over OpenAI"

# What the page holds outside its article, each a registered quote, so that leaking it into
# the checked text would add a finding: a script, the navigation, the reader comments.
SCRIPT_QUOTE = "“They don’t actually have the money”"
NAV_QUOTE = "“SoftBank has well under $10B secured. I have that on good authority.”"
COMMENT_QUOTE = "“They don’t actually have the money”"


def entities(text: str) -> str:
    """HTML-escaped, with the curly quotes and apostrophes as named entities."""
    return (html.escape(text, quote=False).replace("“", "&ldquo;").replace("”", "&rdquo;")
            .replace("’", "&rsquo;"))


def seed_page() -> bytes:
    """The seed article as a news page: paragraphs in <p> (a paragraph's second line after
    <br>), a <title>, a <meta charset>, a script holding a quoted string, a nav menu and a
    comment section, the curly quotes as &ldquo;/&rdquo; entities."""
    paragraphs = [p for p in SEED_ARTICLE.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    body = "\n".join(f"<p>{'<br>'.join(entities(line) for line in p.splitlines())}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{PAGE_TITLE} | Example News</title>
<meta name="author" content="Jane Reporter">
<script>var teaser = "{SCRIPT_QUOTE}";</script>
</head><body>
<nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/tech">Tech</a></li>
<li><a href="/quote">{entities(NAV_QUOTE)}</a></li></ul></nav>
<article>
{body}
<script>document.write("{SCRIPT_QUOTE}");</script>
</article>
<section id="comments" class="comments"><h2>Comments</h2>
<div class="comment"><p>Reader42: Musk said {entities(COMMENT_QUOTE)} and he is right.</p></div>
</section>
<footer><p>&copy; Example News</p></footer>
</body></html>""".encode("utf-8")


def seed_docx(path) -> None:
    """The seed article as a Word file: one paragraph per paragraph, a second line after a
    line break, the title in the document's properties."""
    import docx

    document = docx.Document()
    document.core_properties.title = PAGE_TITLE
    document.core_properties.author = "Jane Reporter"
    for paragraph in SEED_ARTICLE.read_text(encoding="utf-8").split("\n\n"):
        if not paragraph.strip():
            continue
        first, *more = paragraph.splitlines()
        p = document.add_paragraph(first)
        for line in more:
            run = p.add_run()
            run.add_break()
            run.add_text(line)
    document.save(path)


# --- a local web server --------------------------------------------------------------

class Site:
    """Routes of the local server: path → (status, headers, body, seconds to wait first);
    ``requested`` lists every path asked for."""

    def __init__(self):
        self.routes: dict[str, tuple] = {}
        self.requested: list[str] = []
        self.base = ""

    def page(self, path, body: bytes, content_type="text/html; charset=utf-8", status=200, headers=(), delay=0.0,
             drip=None):
        self.routes[path] = (status, [("Content-Type", content_type), *headers] if content_type else list(headers),
                             body, delay, drip)
        return self.base + path


def _handler(site: Site):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            site.requested.append(self.path)
            if self.path.startswith("/redirect/"):
                n = int(self.path.rsplit("/", 1)[1])
                self.send_response(302)
                self.send_header("Location", f"/redirect/{n - 1}" if n > 1 else "/article")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status, headers, body, delay, drip = site.routes.get(
                self.path, (404, [("Content-Type", "text/html")], b"<html><body>not here</body></html>", 0, None))
            time.sleep(delay)
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            if drip is None and not any(name == "Content-Length" for name, _ in headers):
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                if drip is None:
                    self.wfile.write(body)
                else:
                    for byte in body:  # a byte at a time, slowly; no Content-Length
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(drip)
            except OSError:
                pass

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def site(monkeypatch):
    site = Site()
    with serving(_handler(site), monkeypatch) as base:
        site.base = base
        yield site


# --- the acceptance check: the same findings from text, HTML, URL and .docx ----------

def test_the_seed_article_as_a_page_a_url_and_a_word_file_gives_the_text_files_findings(seeded_run, site, tmp_path):
    page = tmp_path / "article.html"
    page.write_bytes(seed_page())
    url = site.page("/news/musk-altman", seed_page())
    word = tmp_path / "article.docx"
    seed_docx(word)
    result = seeded_run("check", str(SEED_ARTICLE), str(page), url, str(word), "--format", "json")
    assert result.exit_code == 0, result.output
    documents = json.loads(result.stdout)["documents"]
    assert [d["path"] for d in documents] == [str(SEED_ARTICLE), str(page), url, str(word)]

    def findings(document):
        return [(f["verdict"], f["passage"], f["quote_id"], f["rendition_id"], f["count"]) for f in document["findings"]]

    expected = [("unreviewed-translation", "Istersen ben X’i satın alabilirim", ALTMAN_POST, ALTMAN_POST_TR_DRIFTED, 2),
                ("unknown", "These companies have no money.", None, None, 1)]
    assert findings(documents[0]) == expected
    for document in documents[1:]:
        assert findings(document) == expected, document["path"]
    assert [(d["title"], d["url"]) for d in documents] == [
        (None, None), (PAGE_TITLE, None), (PAGE_TITLE, url), (PAGE_TITLE, None)]
    assert [d["author"] for d in documents] == [None, "Jane Reporter", "Jane Reporter", "Jane Reporter"]
    assert site.requested == ["/news/musk-altman"]


def test_the_page_text_is_the_article_with_entities_decoded_and_paragraphs_kept(tmp_path):
    page = tmp_path / "article.html"
    page.write_bytes(seed_page())
    document = read_document(page)
    article = SEED_ARTICLE.read_text(encoding="utf-8").strip()
    # The article as written, paragraph for paragraph, under the page's title.
    assert document.text == f"{PAGE_TITLE}\n\n{article}\n"
    assert "“Istersen ben X’i satın alabilirim,”" in document.text  # &ldquo;…&rdquo; → “…”, not "…"
    for leaked in ("teaser", "document.write", "Home", "SoftBank has well under", "Reader42", "Example News"):
        assert leaked not in document.text
    assert (document.title, document.author, document.encoding) == (PAGE_TITLE, "Jane Reporter", "utf-8")


def test_a_word_files_text_is_its_paragraphs(tmp_path):
    word = tmp_path / "article.docx"
    seed_docx(word)
    document = read_document(word)
    assert document.text == SEED_ARTICLE.read_text(encoding="utf-8").strip() + "\n"
    assert (document.title, document.encoding, document.url) == (PAGE_TITLE, "utf-8", None)


def test_positions_are_offsets_paragraph_and_line_into_the_checked_text(seeded_run, tmp_path):
    page = tmp_path / "article.html"
    page.write_bytes(seed_page())
    for path in (SEED_ARTICLE, page):
        [document] = json.loads(seeded_run("check", str(path), "--format", "json").stdout)["documents"]
        text = read_document(path).text
        for finding in document["findings"]:
            assert finding["passage"] in text[finding["start"]:finding["end"]]
            before = text[:finding["start"]]
            assert finding["line"] == before.count("\n") + 1
            assert finding["paragraph"] == before.strip().count("\n\n") + 1
    # In the page, the title is paragraph 1: the article's second paragraph is the third.
    assert [(f["paragraph"], f["line"]) for f in document["findings"]] == [(3, 5), (7, 14)]
    text_output = seeded_run("check", str(page)).stdout
    assert f"at {document['findings'][0]['start']}–{document['findings'][0]['end']} (paragraph 3, line 5)" in text_output
    assert f"  title: {PAGE_TITLE}\n" in text_output


# --- HTML extraction -----------------------------------------------------------------

def page_text(tmp_path, markup: str, name="p.html", **kwargs) -> str:
    path = tmp_path / name
    path.write_bytes(markup.encode(kwargs.get("encoding", "utf-8")))
    return read_document(path).text


def test_quote_marks_come_through_as_the_page_has_them(tmp_path):
    markup = ("<html><body><article><p>He said &ldquo;one&rdquo;, &laquo;iki&raquo;, &bdquo;drei&ldquo;, "
              "&lsquo;four&rsquo;, &#8220;five&#8221;, &#x201C;six&#x201D; and \"seven\" and it&#39;s ok.</p>"
              "</article></body></html>")
    assert page_text(tmp_path, markup) == ("He said “one”, «iki», „drei“, ‘four’, “five”, “six” and \"seven\" "
                                           "and it's ok.\n")


def test_an_unclosed_quote_stops_at_its_paragraph(seeded_run, tmp_path):
    markup = ("<html><body><article><h1>Headline</h1>"
              "<p>Musk wrote: &ldquo;They don&rsquo;t actually have the money</p>"
              "<p>Then he added that others said “no thank you”.</p></article></body></html>")
    path = tmp_path / "p.html"
    path.write_text(markup, encoding="utf-8")
    assert read_document(path).text == ("Headline\n\nMusk wrote: “They don’t actually have the money\n\n"
                                       "Then he added that others said “no thank you”.\n")
    [document] = json.loads(seeded_run("check", str(path), "--format", "json").stdout)["documents"]
    text = read_document(path).text
    assert all("\n\n" not in text[f["start"]:f["end"]] for f in document["findings"])  # no passage runs on
    assert ("no thank you", 3, 5) in [(f["passage"], f["paragraph"], f["line"]) for f in document["findings"]]


def test_lists_tables_and_line_breaks(tmp_path):
    markup = ("<html><body><article><p>First line<br>second line</p><ul><li>one “a”</li><li>two</li></ul>"
              "<table><tr><td>cell 1</td><td>cell 2</td></tr></table><p>end   of   it</p></article></body></html>")
    assert page_text(tmp_path, markup) == "First line\nsecond line\n\none “a”\n\ntwo\n\ncell 1 cell 2\n\nend of it\n"


def test_a_fragment_without_html_element_is_read(tmp_path):
    assert page_text(tmp_path, "<p>Musk wrote: &ldquo;They don&rsquo;t actually have the money&rdquo;</p>") == (
        "Musk wrote: “They don’t actually have the money”\n")


def test_page_charset_from_meta_and_windows_1254(tmp_path):
    turkish = "Şimşek: “Enflasyonun yıl sonunda %30'un altına inmesini bekliyoruz.” dedi."
    markup = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1254"></head>' \
             f"<body><article><p>{turkish}</p></article></body></html>"
    path = tmp_path / "tr.htm"
    path.write_bytes(markup.encode("cp1254"))
    document = read_document(path)
    assert (document.text, document.encoding) == (turkish + "\n", "cp1254")
    # Declared ISO-8859-9 is read as Windows-1254 (as browsers do), so its “ ” survive.
    path.write_bytes(markup.replace("windows-1254", "iso-8859-9").encode("cp1254"))
    assert read_document(path).text == turkish + "\n"


def test_xhtml_with_an_xml_declaration(tmp_path):
    markup = ('<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body>'
              "<p>“Quoted” text.</p></body></html>")
    assert page_text(tmp_path, markup, name="x.htm") == "“Quoted” text.\n"


@pytest.mark.parametrize(("markup", "message"), [
    ("<html><head><title></title></head><body><script>var a = 1;</script></body></html>", "no article text"),
    ("   \n", "empty document"),
])
def test_a_page_without_article_text_is_refused(tmp_path, markup, message):
    path = tmp_path / "p.html"
    path.write_text(markup, encoding="utf-8")
    with pytest.raises(CoverageError, match=message):
        read_document(path)


def test_a_page_saved_with_its_canonical_url_reports_it(tmp_path):
    markup = ('<html><head><link rel="canonical" href="https://news.example.org/a/1"><title>A title</title>'
              "</head><body><article><p>Text “quoted”.</p></article></body></html>")
    path = tmp_path / "p.html"
    path.write_text(markup, encoding="utf-8")
    document = read_document(path)
    assert (document.url, document.title) == ("https://news.example.org/a/1", "A title")


# --- Word ----------------------------------------------------------------------------

def test_docx_tables_tracked_insertions_and_empty_paragraphs(tmp_path):
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("Before the table.")
    document.add_paragraph("")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Musk:"
    table.cell(0, 1).text = "“They don’t actually have the money”"
    p = document.add_paragraph("He said ")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    p._p.append(parse_xml(f'<w:ins xmlns:w="{w}" w:id="1" w:author="E"><w:r><w:t>“no”</w:t></w:r></w:ins>'))
    p._p.append(parse_xml(f'<w:del xmlns:w="{w}" w:id="2" w:author="E"><w:r><w:delText>“yes”</w:delText></w:r></w:del>'))
    path = tmp_path / "d.docx"
    document.save(path)
    assert read_document(path).text == ("Before the table.\n\nMusk: “They don’t actually have the money”\n\n"
                                       "He said “no”\n")


@pytest.mark.parametrize(("data", "message"), [
    (b"PK\x03\x04 not really a zip", "not a Word .docx file"),
    (b"\xd0\xcf\x11\xe0 an old binary .doc", "not a Word .docx file"),
])
def test_a_file_named_docx_that_is_not_one(tmp_path, data, message):
    path = tmp_path / "old.docx"
    path.write_bytes(data)
    with pytest.raises(CoverageError) as caught:
        read_document(path)
    assert str(caught.value).startswith(f"{path}: {message}") and "\n" not in str(caught.value)


def test_an_empty_docx(tmp_path):
    import docx

    path = tmp_path / "e.docx"
    docx.Document().save(path)
    with pytest.raises(CoverageError, match="empty document"):
        read_document(path)


# --- fetching ------------------------------------------------------------------------

ARTICLE = b"<html><body><article><p>Musk wrote: &ldquo;They don&rsquo;t actually have the money&rdquo;</p></article></body></html>"


def refused(url: str, message: str, **limits) -> str:
    with pytest.raises(CoverageError) as caught:
        pages.fetch(url, **limits)
    text = str(caught.value)
    assert text.startswith(f"{url}: ") and message in text and "\n" not in text, text
    return text


def test_a_page_is_fetched_with_its_final_url_and_charset(site):
    site.page("/article", "<html><body><p>“Şimşek”</p></body></html>".encode("cp1254"),
              content_type="text/html; charset=windows-1254")
    fetched = pages.fetch(site.base + "/redirect/2")
    assert (fetched.url, fetched.charset) == (site.base + "/article", "windows-1254")
    document = read_document(site.base + "/redirect/2")
    assert (document.path, document.url, document.text, document.encoding) == (
        site.base + "/redirect/2", site.base + "/article", "“Şimşek”\n", "cp1254")


def test_redirect_limit(site):
    site.page("/article", ARTICLE)
    assert pages.fetch(site.base + "/redirect/5").data == ARTICLE
    refused(site.base + "/redirect/6", "more than 5 redirects")
    refused(site.base + "/redirect/2", "more than 1 redirects", max_redirects=1)


def test_a_redirect_to_another_scheme_is_not_followed(site):
    url = site.page("/to-file", b"", status=302, headers=[("Location", "file:///etc/passwd")])
    refused(url, "not an http(s) URL")


def test_http_errors(site):
    refused(site.base + "/missing", "HTTP 404 Not Found")
    refused(site.page("/broken", b"oops", status=500), "HTTP 500")


@pytest.mark.parametrize("content_type", ["application/pdf", "text/plain; charset=utf-8", "image/png"])
def test_content_that_is_not_html(site, content_type):
    refused(site.page("/file", b"%PDF-1.4", content_type=content_type),
            f"not an HTML page (content type {content_type.split(';')[0]})")


def test_size_limit_by_content_length_and_while_reading(site):
    url = site.page("/big", b"<p>" + b"x" * 2000 + b"</p>")
    refused(url, "larger than 1,000 bytes (2,007)", max_bytes=1000)
    # No Content-Length: counted while reading (dripped, so it arrives in several reads).
    url = site.page("/stream", b"y" * 300, drip=0.0005)
    refused(url, "larger than 100 bytes", max_bytes=100)
    assert pages.fetch(url, max_bytes=300).data == b"y" * 300


def test_timeout_waiting_for_an_answer(site):
    started = time.monotonic()
    refused(site.page("/slow", ARTICLE, delay=2), "timed out after 0.3 s", timeout=0.3)
    assert time.monotonic() - started < 1.5


def test_timeout_for_the_whole_download_of_a_dripping_page(site):
    # Every byte comes well within the timeout, the whole page does not.
    started = time.monotonic()
    refused(site.page("/drip", b"z" * 100, drip=0.05), "timed out after 0.5 s", timeout=0.5)
    assert time.monotonic() - started < 1.5


def test_connection_refused():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    refused(f"http://127.0.0.1:{port}/a", f"connection refused by 127.0.0.1:{port}")


def test_unknown_host(monkeypatch):
    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    refused("https://no-such-host.example/a", "cannot resolve host no-such-host.example")


@pytest.mark.parametrize("url", ["http://", "https:///path"])
def test_a_url_without_a_host(url):
    refused(url, "not an http(s) URL with a host")


def test_nothing_but_the_named_page_is_fetched(seeded_run, site):
    page = (b"<html><head><link rel='stylesheet' href='/style.css'><script src='/app.js'></script></head><body>"
            b"<article><p>Musk wrote: &ldquo;They don&rsquo;t actually have the money&rdquo;</p>"
            b"<img src='/photo.jpg'><iframe src='/frame.html'></iframe><a href='/next'>next</a></article>"
            b"</body></html>")
    url = site.page("/article", page)
    result = seeded_run("check", url, "--format", "json")
    assert json.loads(result.stdout)["documents"][0]["findings"][0]["verdict"] == "verbatim"
    assert site.requested == ["/article"]


def test_fetch_errors_are_skipped_reported_and_exit_2(seeded_run, site, monkeypatch):
    monkeypatch.setattr(pages, "FETCH_TIMEOUT", 0.3)
    good = site.page("/article", ARTICLE)
    slow = site.page("/slow", ARTICLE, delay=2)
    result = seeded_run("check", good, site.base + "/missing", slow, site.page("/pdf", b"%PDF", "application/pdf"),
                        "--format", "jsonl")
    assert result.exit_code == 2
    assert [json.loads(line)["path"] for line in result.stdout.splitlines()] == [good]
    assert result.stderr == (f"skipped: {site.base}/missing: HTTP 404 Not Found\n"
                             f"skipped: {slow}: timed out after 0.3 s\n"
                             f"skipped: {site.base}/pdf: not an HTML page (content type application/pdf)\n")


# --- lazy imports --------------------------------------------------------------------

HEAVY = ("trafilatura", "docx", "lxml", "justext", "htmldate", "courlan", "dateparser")


def imported_after(args: list[str], tmp_path) -> list[str]:
    """The heavy extraction modules imported by running ``quotes ARGS`` in a fresh
    interpreter against a seeded registry (imported first, in the same process)."""
    code = (
        "import sys; from click.testing import CliRunner; from quotes.cli.main import cli;"
        f"db = {str(tmp_path / 'lazy.db')!r};"
        "assert CliRunner().invoke(cli, ['--db', db, 'import', sys.argv[1]]).exit_code == 0;"
        "r = CliRunner().invoke(cli, ['--db', db, *sys.argv[2:]]); assert r.exit_code in (0, 1), r.output;"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    from tests.helpers.seeds import SEEDS

    result = subprocess.run([sys.executable, "-c", code, str(SEEDS), *args], capture_output=True, text=True,
                            check=True)
    return [m for m in result.stdout.strip().split(",") if m]


def test_help_and_a_text_file_do_not_import_the_page_and_word_libraries(tmp_path):
    assert imported_after(["--help"], tmp_path) == []
    assert imported_after(["check", str(SEED_ARTICLE)], tmp_path) == []
    page = tmp_path / "a.html"
    page.write_bytes(seed_page())
    word = tmp_path / "a.docx"
    seed_docx(word)
    assert "trafilatura" in imported_after(["check", str(page)], tmp_path)  # the probe sees imports
    assert "docx" in imported_after(["check", str(word)], tmp_path)


# --- positions -----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "offset", "where"), [
    ("one\ntwo\n\nthree", 0, (1, 1)),
    ("one\ntwo\n\nthree", 4, (1, 2)),
    ("one\ntwo\n\nthree", 9, (2, 4)),
    ("one\n \t\n\n\nfour", 10, (2, 5)),  # blank lines, spaces on them, count as one break
    ("\n\nlate start\n\nnext", 2, (1, 3)),  # blank lines before the first paragraph start none
    ("\n\nlate start\n\nnext", 14, (2, 5)),
    ("a\r\n\r\nb", 5, (2, 3)),
])
def test_positions(text, offset, where):
    assert Positions(text)(offset) == where
