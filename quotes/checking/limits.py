"""How much one document may cost to read and check: the limits `quotes check` and the
desk share, each refused with a one-line :class:`CoverageError` naming the document
(exit 2 on the command line, 422 on the desk) before the work it would cost is done.

Each limit is what the step it guards was measured to handle in a few seconds here (2
shared cores, busy; ``python bench/robustness.py --only d`` measures the desk's inputs):

- :data:`MAX_BYTES`: any document as read (a file, standard input, an upload).
- :data:`MAX_PAGE_BYTES` and :data:`MAX_PAGE_TAGS`: a web page's HTML, file or fetched,
  given to trafilatura, whose extraction grows faster than the page's elements: 10,000
  ``<p>`` (1 MB) took 2 s and 20,000 took 9 s; 19,000 small ``<div>`` 4-7 s, 77,000
  table cells 25 s. The tags are counted on the bytes (a regular expression, in C), not
  parsed, before trafilatura parses anything; a news article's page has 1,500-5,000.
- :data:`MAX_DOCX_ENTRIES`, :data:`MAX_DOCX_UNZIPPED_BYTES` and :data:`MAX_DOCX_XML_BYTES`:
  a Word file's parts, their total size once unzipped, and that of the XML parts that
  python-docx parses (5 MB of a document's XML took 11 s; images are not parsed), as
  the zip's central directory declares them, read before anything is decompressed (a
  325 KB file can hold 100 MB of XML). The declared sizes are a bound: Python's zipfile
  never inflates an entry past its declared size (a lying entry fails its CRC check).
- :data:`MAX_TEXT_CHARS`: the text to check, once read or extracted. Checking is linear
  in the text, but some texts cost microseconds a character (a line of "He said: Word
  word word word." over and over, each a passage to attribute and match, took 4.8 s for
  450,000 characters and 9 s for 900,000); an article is 5,000-50,000.
- :data:`MAX_PASSAGES`: the passages found in it (distinct ones; a repeated passage is
  one), each attributed and looked up in the registry: some 5-7 ms each here, so that
  2,000 short quotes on one line took 16 s; an article has a few dozen.
- :data:`MAX_QUOTE_MARKS`: the quote marks (apostrophes included) of the text to check.
  Finding passages is linear in the text, but each mark costs the scan some
  microseconds and some dozens of bytes, and each passage a lookup in the registry: a
  text of nothing but marks (5 million “ in a 15 MB file) is not coverage anyone writes.
"""

from __future__ import annotations

import re
import zipfile

from quotes.checking.passages import MARK_CHARACTERS
from quotes.errors import CoverageError

MAX_BYTES = 20_000_000
"""The largest document read (a file, standard input, an upload, a page)."""

MAX_PAGE_BYTES = 5_000_000
"""The largest web page (its HTML) whose article is extracted."""

MAX_PAGE_TAGS = 10_000
"""The most start tags (``<p``, ``<div``…) a web page may have."""

MAX_DOCX_ENTRIES = 2_000
"""The most parts a Word file may have (a long report has a few dozen)."""

MAX_DOCX_UNZIPPED_BYTES = 50_000_000
"""The most a Word file's parts may add up to unzipped (images included)."""

MAX_DOCX_XML_BYTES = 2_000_000
"""The most a Word file's XML parts (the document, its styles, relationships…) may add up to unzipped."""

MAX_TEXT_CHARS = 500_000
"""The longest text checked as one document (some 80,000 words)."""

MAX_PASSAGES = 500
"""The most distinct passages checked in one document."""

MAX_QUOTE_MARKS = 100_000
"""The most quote marks (“ ” " ' ‘ ’ « » „ 「 」 and the like) a checked text may hold."""


_START_TAG = re.compile(rb"<[A-Za-z]")


def check_page_size(data: bytes, label: str) -> None:
    """A page within :data:`MAX_PAGE_BYTES` and :data:`MAX_PAGE_TAGS` (its HTML as bytes,
    in any ASCII-compatible encoding; UTF-16 pages are counted as their bytes come)."""
    if len(data) > MAX_PAGE_BYTES:
        raise CoverageError(f"{label}: a web page of {len(data):,} bytes, more than the {MAX_PAGE_BYTES:,} "
                            f"whose article is extracted; save its article as text and check that")
    tags = sum(1 for _ in _START_TAG.finditer(data))
    if tags > MAX_PAGE_TAGS:
        raise CoverageError(f"{label}: a web page of {tags:,} tags, more than the {MAX_PAGE_TAGS:,} whose article "
                            f"is extracted; save its article as text and check that")


def check_docx_archive(archive: zipfile.ZipFile, label: str) -> None:
    """The Word file's zip, from its central directory: not too many parts, not too large
    unzipped, nor its XML."""
    entries = archive.infolist()
    if len(entries) > MAX_DOCX_ENTRIES:
        raise CoverageError(f"{label}: a Word file of {len(entries):,} parts, more than {MAX_DOCX_ENTRIES:,}")
    for size, limit, what in (
            (sum(entry.file_size for entry in entries), MAX_DOCX_UNZIPPED_BYTES, "bytes unzipped"),
            (sum(entry.file_size for entry in entries if entry.filename.endswith((".xml", ".rels"))),
             MAX_DOCX_XML_BYTES, "bytes of XML unzipped")):
        if size > limit:
            raise CoverageError(f"{label}: a Word file of {size:,} {what}, more than {limit:,}")


def check_text(text: str, label: str) -> None:
    """The text to check has at most :data:`MAX_TEXT_CHARS` characters and
    :data:`MAX_QUOTE_MARKS` quote marks (counted without a scan in Python: one
    ``str.count`` a mark character)."""
    if len(text) > MAX_TEXT_CHARS:
        raise CoverageError(f"{label}: a text of {len(text):,} characters, more than the {MAX_TEXT_CHARS:,} "
                            f"checked in one document; split it")
    marks = sum(text.count(mark) for mark in MARK_CHARACTERS)
    if marks > MAX_QUOTE_MARKS:
        raise CoverageError(f"{label}: {marks:,} quote marks, more than the {MAX_QUOTE_MARKS:,} checked in one "
                            f"document; split it")


def check_passages(found: int, label: str) -> None:
    """At most :data:`MAX_PASSAGES` passages found: refused before any is attributed or matched."""
    if found > MAX_PASSAGES:
        raise CoverageError(f"{label}: {found:,} passages, more than the {MAX_PASSAGES:,} checked in one document; "
                            f"split it")
