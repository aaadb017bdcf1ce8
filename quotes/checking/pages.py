"""Coverage that is not plain text: web pages (an HTML file or an ``http(s)`` URL) and Word
``.docx`` files, turned into the text that is checked.

From a page, the article's main text is checked: trafilatura drops the boilerplate,
scripts, navigation and reader comments, decodes the entities, and keeps the title,
author and date. Its paragraphs are kept apart by a blank line (so that an unclosed quote
cannot run on into the next paragraph), a line break inside one stays a line break, and
the quote marks are what the page has (``&ldquo;`` becomes “, never ").

trafilatura (with lxml, justext, htmldate, courlan and dateparser: about 70 MB installed,
0.7 s to import) and python-docx are imported only when such an input is read, so that
``quotes --help`` and checking a text file do not pay for them.

Fetching a URL (:func:`fetch`) reads only the page the user named, following at most
:data:`FETCH_MAX_REDIRECTS` redirects, within :data:`FETCH_TIMEOUT` seconds and
:data:`FETCH_MAX_BYTES` bytes; each way it can fail is a one-line :class:`CoverageError`.
Nothing the page links to (images, scripts, frames) is fetched. Given a policy
(:class:`quotes.checking.addresses.PublicOnly`, the desk's), every connection, redirects
included, is made only to an address the policy allows.
"""

from __future__ import annotations

import codecs
import re
import socket
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPException
from urllib.parse import urlsplit

from quotes.checking.addresses import AddressRefused, PublicOnly
from quotes.checking.limits import check_docx_archive
from quotes.errors import CoverageError
from quotes.reading import decode

FETCH_TIMEOUT = 15.0
"""Seconds for the whole download of a page (connecting, redirects and reading)."""

FETCH_MAX_BYTES = 10_000_000
"""The largest page read; a longer one is refused, not cut."""

FETCH_MAX_REDIRECTS = 5

HTML_CONTENT_TYPES = ("text/html", "application/xhtml+xml")

USER_AGENT = "quotes/0.1 (quote verification; fetches only the page named)"

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")

# What browsers read a page declared in these as (WHATWG Encoding): a page "in Latin-1"
# uses Windows-1252's quote marks, a Turkish one "in ISO-8859-9" Windows-1254's.
_DECLARED_AS = {"iso8859-1": "cp1252", "ascii": "cp1252", "iso8859-9": "cp1254"}

# Elements of trafilatura's output that hold a paragraph of their own.
_BLOCKS = frozenset({"p", "head", "item", "quote", "row", "code", "list", "table", "div", "main", "body", "doc",
                     "comments", "section"})
_SKIPPED = frozenset({"graphic"})


@dataclass(frozen=True)
class Extracted:
    """The text to check and what the page or file says about itself."""

    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None
    site: str | None = None  # the site's name, as the page gives it (og:site_name and the like)


@dataclass(frozen=True)
class Fetched:
    """A page as downloaded: the URL it came from after redirects, its bytes, the charset
    its Content-Type header declared, and its validators (ETag, Last-Modified) for a
    conditional request; ``not_modified`` when the server answered one with 304."""

    url: str
    data: bytes
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False


# --- fetching ------------------------------------------------------------------------

class _TooManyRedirects(Exception):
    pass


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows at most ``limit`` redirects, to http(s) URLs only."""

    def __init__(self, limit: int):
        self.limit = limit
        self.followed = 0
        self.max_repeats = self.max_redirections = limit + 1  # urllib's own loop check after ours

    def http_error_302(self, req, fp, code, msg, headers):
        self.followed += 1
        location = headers.get("location") or headers.get("uri")
        problem = None
        if self.followed > self.limit:
            problem = _TooManyRedirects()
        elif location and urlsplit(location).scheme.lower() not in ("http", "https", ""):
            problem = CoverageError(f"redirected to {location!r}, which is not an http(s) URL")
        if problem is not None:
            fp.close()
            raise problem
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


class _Guarded:
    """An HTTP(S) handler whose connections open their sockets through a policy's
    ``create_connection`` (http.client's hook for it), so that the address checked is
    the address connected to, on the first request and on every redirect."""

    def __init__(self, policy: PublicOnly):
        super().__init__()
        self.policy = policy

    def do_open(self, http_class, req, **kwargs):
        def connection(host, **options):
            opened = http_class(host, **options)
            opened._create_connection = self.policy.create_connection
            return opened

        return super().do_open(connection, req, **kwargs)


class _GuardedHTTP(_Guarded, urllib.request.HTTPHandler):
    pass


class _GuardedHTTPS(_Guarded, urllib.request.HTTPSHandler):
    pass


def fetch(url: str, *, timeout: float | None = None, max_bytes: int | None = None,
          max_redirects: int | None = None, html: bool = True, etag: str | None = None,
          last_modified: str | None = None, policy: PublicOnly | None = None) -> Fetched:
    """Download the HTML page at ``url`` (defaults: :data:`FETCH_TIMEOUT`,
    :data:`FETCH_MAX_BYTES`, :data:`FETCH_MAX_REDIRECTS`, read when called); with ``html``
    False, whatever its type (a feed). ``etag`` and ``last_modified`` make the request
    conditional: a 304 answer is ``Fetched.not_modified``. With a ``policy``, connections
    go only where it allows, directly (no proxy from the environment, whose address would
    be the one checked).

    Raises :class:`CoverageError`, naming the URL, when the host is unknown, the connection
    is refused, the page does not arrive in time, is larger than the limit, redirects too
    often, answers with an HTTP status of 400 or more, or is not HTML; and, with one
    message whatever the address, when the policy refuses an address on the way.
    """
    timeout = FETCH_TIMEOUT if timeout is None else timeout
    max_bytes = FETCH_MAX_BYTES if max_bytes is None else max_bytes
    max_redirects = FETCH_MAX_REDIRECTS if max_redirects is None else max_redirects
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise CoverageError(f"{url}: not an http(s) URL with a host")
    redirects = _Redirects(max_redirects)
    opener = _opener(redirects, policy=policy)
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml;q=0.9" if html else "*/*",
               "Accept-Encoding": "identity"}
    for name, value in (("If-None-Match", etag), ("If-Modified-Since", last_modified)):
        if value:
            headers[name] = value
    request = urllib.request.Request(url, headers=headers)
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as response:
            content_type = response.headers.get_content_type()
            if html and response.headers.get("Content-Type") and content_type not in HTML_CONTENT_TYPES:
                raise CoverageError(f"{url}: not an HTML page (content type {content_type})")
            encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
            if encoding not in ("", "identity"):
                raise CoverageError(f"{url}: the server sent {encoding}-compressed content, which is not read")
            length = response.headers.get("Content-Length")
            if length and length.strip().isdigit() and int(length) > max_bytes:
                raise CoverageError(f"{url}: larger than {max_bytes:,} bytes ({int(length):,})")
            data = _read(response, url, max_bytes, deadline, timeout)
            return Fetched(url=response.geturl(), data=data, charset=response.headers.get_content_charset(),
                           etag=response.headers.get("ETag"), last_modified=response.headers.get("Last-Modified"))
    except CoverageError as error:
        message = str(error)
        raise CoverageError(message if message.startswith(url) else f"{url}: {message}") from None
    except _TooManyRedirects:
        raise CoverageError(f"{url}: more than {max_redirects} redirects") from None
    except urllib.error.HTTPError as error:
        error.close()
        if error.code == 304 and (etag or last_modified):
            return Fetched(url=url, data=b"", etag=etag, last_modified=last_modified, not_modified=True)
        raise CoverageError(f"{url}: HTTP {error.code} {error.reason}".rstrip()) from None
    except urllib.error.URLError as error:
        raise CoverageError(f"{url}: {_network_problem(error.reason, parts, timeout)}") from None
    except (OSError, HTTPException) as error:
        raise CoverageError(f"{url}: {_network_problem(error, parts, timeout)}") from None


def _opener(*handlers, policy: PublicOnly | None = None) -> urllib.request.OpenerDirector:
    """Only HTTP(S): no file:, ftp: or data: handler, whatever a redirect says; with a
    ``policy``, connections only where it allows (:class:`_Guarded`)."""
    opener = urllib.request.OpenerDirector()
    if policy is None:
        connecting = (urllib.request.ProxyHandler(), urllib.request.HTTPHandler(), urllib.request.HTTPSHandler())
    else:
        connecting = (_GuardedHTTP(policy), _GuardedHTTPS(policy))
    for handler in (*connecting, urllib.request.HTTPDefaultErrorHandler(), urllib.request.HTTPErrorProcessor(),
                    *handlers):
        opener.add_handler(handler)
    return opener


def post_json(url: str, message: dict, *, timeout: float) -> None:
    """POST ``message`` as JSON to ``url`` (a webhook), following no redirect. Raises
    :class:`CoverageError`, naming the URL, when it cannot be delivered within ``timeout``
    or is answered with an HTTP status of 300 or more."""
    import json

    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise CoverageError(f"{url}: not an http(s) URL with a host")
    request = urllib.request.Request(url, data=json.dumps(message, ensure_ascii=False).encode("utf-8"), method="POST",
                                     headers={"User-Agent": USER_AGENT, "Content-Type": "application/json"})
    try:
        with _opener().open(request, timeout=timeout) as response:
            if response.status >= 300:
                raise CoverageError(f"{url}: HTTP {response.status} {response.reason}".rstrip())
    except urllib.error.HTTPError as error:
        error.close()
        raise CoverageError(f"{url}: HTTP {error.code} {error.reason}".rstrip()) from None
    except urllib.error.URLError as error:
        raise CoverageError(f"{url}: {_network_problem(error.reason, parts, timeout)}") from None
    except (OSError, HTTPException) as error:
        raise CoverageError(f"{url}: {_network_problem(error, parts, timeout)}") from None


def _read(response, url: str, max_bytes: int, deadline: float, timeout: float) -> bytes:
    """The body, a read at a time, refused past ``max_bytes`` or the deadline."""
    chunks, size = [], 0
    while True:
        if time.monotonic() > deadline:
            raise CoverageError(f"{url}: timed out after {timeout:g} s")
        chunk = response.read1(65536)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise CoverageError(f"{url}: larger than {max_bytes:,} bytes")
        chunks.append(chunk)


def _network_problem(reason, parts, timeout: float) -> str:
    """One line for why a connection failed."""
    host = parts.hostname
    if isinstance(reason, AddressRefused):
        return str(reason)
    if isinstance(reason, socket.gaierror):
        return f"cannot resolve host {host}"
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"timed out after {timeout:g} s"
    if isinstance(reason, ConnectionRefusedError):
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        return f"connection refused by {host}:{port}"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"TLS certificate not valid ({reason.verify_message})"
    if isinstance(reason, ssl.SSLError):
        return f"TLS error ({reason.reason or reason})"
    if isinstance(reason, ConnectionError):
        return f"connection failed ({reason.strerror or type(reason).__name__})"
    if isinstance(reason, OSError):
        return f"cannot fetch ({reason.strerror or reason})"
    return f"cannot fetch ({reason})"


# --- HTML ----------------------------------------------------------------------------

def decode_html(data: bytes, label: str, declared: str | None = None) -> tuple[str, str, tuple[str, ...]]:
    """Text, encoding and notes of a page: a byte order mark first, then the charset the
    server (``declared``) or the page's ``<meta charset>`` names, when the page decodes
    with it; otherwise as a text document is read (:func:`quotes.reading.decode`)."""
    if not data.startswith((codecs.BOM_UTF8, b"\xff\xfe", b"\xfe\xff")):
        meta = _META_CHARSET.search(data[:4096])
        for name in (declared, meta and meta.group(1).decode("ascii")):
            encoding = _known_encoding(name)
            if encoding is None or (b"\x00" in data[:8192] and not encoding.startswith("utf-16")):
                continue
            try:
                return data.decode(encoding), encoding, ()
            except UnicodeDecodeError:
                continue
    return decode(data, label)


def _known_encoding(name: str | None) -> str | None:
    if not name:
        return None
    try:
        encoding = codecs.lookup(name).name
    except LookupError:
        return None
    return _DECLARED_AS.get(encoding, encoding)


def extract_html(page: str, label: str, url: str | None = None) -> Extracted:
    """The article's main text, title, author, date, URL and site name of a page (trafilatura).

    The text is the article's paragraphs (headings, list items and table rows each one
    paragraph) separated by blank lines; the title is put first when the article's text
    does not hold it, so that a quoted headline is checked too. Raises CoverageError
    when the page has no article text.
    """
    import trafilatura  # ~0.7 s: only when a page is read

    page = _XML_DECLARATION.sub("", page, count=1)
    options = dict(url=url, with_metadata=True, include_comments=False, include_tables=True,
                   include_images=False, include_links=False, deduplicate=False)
    extracted = trafilatura.bare_extraction(page, **options)
    if (extracted is None or extracted.body is None) and "<html" not in page[:2000].lower():
        extracted = trafilatura.bare_extraction(f"<html><body>{page}</body></html>", **options)  # a fragment
    paragraphs = _paragraphs(extracted.body) if extracted is not None and extracted.body is not None else []
    if not paragraphs:
        raise CoverageError(f"{label}: no article text found in the page")
    title = _clean(extracted.title)
    if title and _folded(title) not in _folded(" ".join(paragraphs)):
        paragraphs.insert(0, title)
    return Extracted(text="\n\n".join(paragraphs) + "\n", title=title, author=_clean(extracted.author),
                     date=_clean(extracted.date), url=_clean(extracted.url) or url, site=_clean(extracted.sitename))


def _paragraphs(body) -> list[str]:
    """The paragraphs of trafilatura's output tree: each block element (p, head, item,
    quote, row…) its own paragraph, ``lb`` a line break, inline elements (hi, ref, cell…)
    run into their paragraph; spaces and tabs collapsed, empty lines dropped."""
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in "".join(current).split("\n"))
        current.clear()
        text = "\n".join(line for line in lines if line)
        if text:
            paragraphs.append(text)

    def walk(element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag not in _SKIPPED:
            block = tag in _BLOCKS
            if block:
                flush()
            elif tag == "lb":
                current.append("\n")
            elif tag == "cell":
                current.append(" ")
            if element.text:
                current.append(element.text)
            for child in element:
                walk(child)
            if block:
                flush()
        if element.tail:
            current.append(element.tail)

    walk(body)
    flush()
    return paragraphs


def _clean(value: str | None) -> str | None:
    value = " ".join(value.split()) if value else None
    return value or None


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


# --- Word ----------------------------------------------------------------------------

def extract_docx(data: bytes, label: str) -> Extracted:
    """The text of a Word ``.docx`` (python-docx): its body's paragraphs and table rows, one
    paragraph each, separated by blank lines, with tracked insertions and without tracked
    deletions; title, author and creation date from the document's properties. Headers,
    footers, footnotes and comments are not coverage. Raises CoverageError for a file
    that is not a .docx (an old binary .doc, a damaged zip), or one past the limits of
    :func:`quotes.checking.limits.check_docx_archive`."""
    import io
    import zipfile

    import docx  # python-docx; only when a .docx is read
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_docx_archive(archive, label)  # before anything is unzipped
        document = docx.Document(io.BytesIO(data))
    except CoverageError:
        raise
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise CoverageError(f"{label}: not a Word .docx file ({type(error).__name__})") from None
    except Exception as error:  # lxml's XMLSyntaxError and the like: a damaged document
        raise CoverageError(f"{label}: damaged Word .docx file ({type(error).__name__})") from None
    paragraphs = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = (" ".join(_docx_text(p._p) for p in cell.paragraphs) for cell in row.cells)
                paragraphs.append(" ".join(c for c in cells if c.strip()))
        else:
            paragraphs.append(_docx_text(block._p))
    paragraphs = [p.strip() for p in paragraphs if p.strip()]
    if not paragraphs:
        raise CoverageError(f"{label}: empty document")
    properties = document.core_properties
    created = properties.created
    return Extracted(text="\n\n".join(paragraphs) + "\n", title=_clean(properties.title),
                     author=_clean(properties.author), date=created.date().isoformat() if created else None)


def _docx_text(p) -> str:
    """A paragraph's text as python-docx reads it (runs and hyperlinks, tabs and breaks),
    plus the runs of tracked insertions, fields and smart tags, which python-docx's
    ``Paragraph.text`` leaves out."""
    runs = p.xpath("w:r | w:hyperlink | w:ins/w:r | w:ins/w:hyperlink | w:fldSimple/w:r | w:smartTag/w:r")
    return "".join(run.text for run in runs)
