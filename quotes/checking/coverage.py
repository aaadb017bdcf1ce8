"""Read the coverage to check: text and Markdown files, web pages (HTML files and
``http(s)`` URLs), Word ``.docx`` files, folders of these, or standard input.

Coverage arrives as whatever an editor has at hand: UTF-8 from a CMS, a Turkish Word
export saved as Windows-1254, an old Latin-1 page, a UTF-8 article with a stray byte
pasted into its footer. Each document is decoded with the first encoding that fits and
says which one it was, so that a wrong guess is visible; what was lost on the way (bad
bytes replaced) is said in the document's ``notes``. Anything that is not a readable
text document is refused with a one-line :class:`CoverageError` that names the path.

Pages and Word files are turned into text by :mod:`quotes.checking.pages` (imported only when one
is read): the article's main text, its paragraphs separated by blank lines, with the
title, author, date and URL kept on the :class:`Document`.
"""

from __future__ import annotations

import os
import re
import sys
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from quotes.errors import CoverageError
from quotes.checking.addresses import PublicOnly
from quotes.checking.limits import MAX_BYTES, MAX_PAGE_BYTES, check_page_size, check_text
from quotes.reading import decode, read_file

STDIN = "-"
"""The path that stands for standard input."""

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
DOCX_SUFFIXES = (".docx",)
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + DOCX_SUFFIXES
"""Files taken from a folder (the others are listed as skipped); a file named on its own
is read whatever its name: as a page when it ends in .html/.htm, a Word file when it ends
in .docx, as text otherwise."""

@dataclass(frozen=True)
class Document:
    """A decoded coverage document; ``path`` is ``"-"`` for standard input, the URL as
    given for a page fetched from the web.

    ``text`` is what is checked: the file's text, or the main text extracted from a page
    or a Word file. ``notes`` say what reading it cost, one sentence each (bytes that were
    not UTF-8 and were replaced); the command line prints them, JSON reports carry them.
    ``url`` (the page's address after redirects, or the canonical URL a saved page
    declares), ``title``, ``author``, ``date`` and ``site`` (a page's site name) are what a
    page or Word file says about itself, ``None`` when it says nothing.
    """

    path: str
    text: str
    encoding: str
    notes: tuple[str, ...] = ()
    url: str | None = None
    title: str | None = None
    author: str | None = None
    date: str | None = None
    site: str | None = None


@dataclass(frozen=True)
class Skipped:
    """A file of a folder that is not read, and why (not a coverage file type, a hidden
    folder): listed for the user, not an error."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


_PARAGRAPH_BREAK = re.compile(r"\n(?:[^\S\n]*\n)+")
"""A blank line (or several) between paragraphs, as :mod:`quotes.checking.passages` reads them."""


class Positions:
    """Paragraph and line (both from 1) of a character offset in a text: ``Positions(text)(offset)``.

    Paragraphs are separated by blank lines (spaces allowed on them), lines by ``\\n``;
    blank lines before the first paragraph start no paragraph of their own.
    """

    def __init__(self, text: str):
        first = len(text) - len(text.lstrip())
        self._paragraphs = [m.end() for m in _PARAGRAPH_BREAK.finditer(text) if m.start() >= first]
        self._lines = [m.end() for m in re.finditer("\n", text)]

    def __call__(self, offset: int) -> tuple[int, int]:
        return bisect_right(self._paragraphs, offset) + 1, bisect_right(self._lines, offset) + 1


def read_document(path: str | Path, *, stdin: BinaryIO | None = None, max_bytes: int = MAX_BYTES) -> Document:
    """Read and decode one document; ``"-"`` reads ``stdin`` (default: the process's) as
    text; an ``http(s)`` URL is fetched (:func:`quotes.checking.pages.fetch`, with its own limits)
    and read as a page; a file ending in .html/.htm is read as a page, one ending in .docx
    as a Word file, any other as text.

    Raises :class:`CoverageError` for a missing, unreadable, binary, empty or too large
    input, a page that cannot be fetched or has no article text, a damaged Word file,
    and for one past the limits of :mod:`quotes.checking.limits`.
    """
    name = str(path)
    label = "standard input" if name == STDIN else name
    if name != STDIN and isinstance(path, str) and _is_url(name):
        return fetch_document(name)
    if name == STDIN:
        data = (stdin or sys.stdin.buffer).read(max_bytes + 1)
    else:
        data = read_file(Path(path), label, max_bytes)
    return document_from_bytes(name, data, label=label, max_bytes=max_bytes)


def fetch_document(url: str, *, policy: PublicOnly | None = None) -> Document:
    """The page at the ``http(s)`` URL ``url``, fetched (:func:`quotes.checking.pages.fetch`,
    connecting only where ``policy`` allows, when given) and read as a page. Nothing but
    such a URL is read: a path, ``-`` or another scheme is refused, never opened."""
    from quotes.checking import pages

    fetched = pages.fetch(url, policy=policy, max_bytes=MAX_PAGE_BYTES)
    return _page(url, fetched.data, declared=fetched.charset, url=fetched.url)


def document_from_bytes(name: str, data: bytes, *, label: str | None = None, max_bytes: int = MAX_BYTES) -> Document:
    """A document read from ``data`` by ``name``'s suffix (a web page, a Word file, else
    text), as :func:`read_document` reads a file; an upload to the desk comes this way.
    Give at most ``max_bytes + 1`` bytes: more is refused as too large."""
    label = label or name
    if len(data) > max_bytes:
        raise CoverageError(f"{label}: larger than {max_bytes:,} bytes; split it")
    suffix = Path(name).suffix.lower() if name != STDIN else ""
    if suffix in HTML_SUFFIXES:
        return _page(name, data)
    if suffix in DOCX_SUFFIXES:
        from quotes.checking.pages import extract_docx

        extracted = extract_docx(data, label)
        check_text(extracted.text, label)
        return Document(path=name, text=extracted.text, encoding="utf-8", title=extracted.title,
                        author=extracted.author, date=extracted.date)
    text, encoding, notes = decode(data, label)
    if not text.strip():
        raise CoverageError(f"{label}: empty document")
    check_text(text, label)
    return Document(path=name, text=text, encoding=encoding, notes=notes)


def _page(name: str, data: bytes, *, declared: str | None = None, url: str | None = None) -> Document:
    """A web page's Document: decoded (:func:`quotes.checking.pages.decode_html`), its main text extracted."""
    from quotes.checking.pages import decode_html, extract_html

    check_page_size(data, name)
    html, encoding, notes = decode_html(data, name, declared)
    if not html.strip():
        raise CoverageError(f"{name}: empty document")
    extracted = extract_html(html, name, url=url)
    check_text(extracted.text, name)
    return Document(path=name, text=extracted.text, encoding=encoding, notes=notes, url=url or extracted.url,
                    title=extracted.title, author=extracted.author, date=extracted.date, site=extracted.site)


def _is_url(name: str) -> bool:
    return name[:8].lower().startswith(("http://", "https://"))


def iter_inputs(paths: Iterable[str]) -> Iterator[str | Path | Skipped]:
    """The documents named by ``paths``: files, URLs and ``"-"`` as given, and the files
    of a folder and its subfolders in sorted order: those of the :data:`SUFFIXES` types
    as paths, every other file as a :class:`Skipped` saying why, a hidden folder
    (``.git``) as one Skipped, not entered. Nothing is fetched here.

    Raises :class:`CoverageError` for a path that does not exist and, after its skipped
    files, for a folder with no file to read, so that a typo never passes as a clean
    check of nothing.
    """
    for given in paths:
        if given == STDIN or _is_url(given):
            yield given
            continue
        path = Path(given)
        if path.is_dir():
            found = False
            for item in _folder(path):
                found = found or not isinstance(item, Skipped)
                yield item
            if not found:
                raise CoverageError(f"{given}: folder has no {_names(SUFFIXES)} files")
        elif path.exists():
            yield given
        else:
            raise CoverageError(f"{given}: no such file or folder")


def _folder(folder: Path) -> Iterator[Path | Skipped]:
    """The files under ``folder`` in sorted order (a folder's files and subfolders sorted
    together by name), each a Path to read or a Skipped. Symbolic links to folders are
    not followed (no loops); a hidden folder is skipped whole."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as error:
        yield Skipped(str(folder), f"cannot list the folder ({error.strerror or error})")
        return
    for entry in entries:
        path = folder / entry.name
        if entry.is_dir(follow_symlinks=False):
            if entry.name.startswith("."):
                yield Skipped(f"{path}{os.sep}", "hidden folder, not read")
            else:
                yield from _folder(path)
        elif entry.is_symlink() and entry.is_dir():
            yield Skipped(str(path), "link to a folder, not followed")
        elif path.suffix.lower() in SUFFIXES:
            yield path
        else:
            yield Skipped(str(path), f"not a coverage file (folders are read for {_names(SUFFIXES, 'and')})")


def _names(suffixes: tuple[str, ...], last: str = "or") -> str:
    return f"{', '.join(suffixes[:-1])} {last} {suffixes[-1]}"
