"""Checking coverage from the desk, for the check page and ``POST /api/check`` alike: the
same checker as `quotes check` (with the installed machine translation models), and the
checked text cut into plain and highlighted parts for the page."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from quotes.checking.check import Checker, Finding, Report
from quotes.checking.addresses import PublicOnly
from quotes.checking.coverage import Document, document_from_bytes, fetch_document
from quotes.checking.limits import MAX_BYTES, check_text
from quotes.errors import InvalidInput
from quotes.languages import parse_language
from quotes.registry.registry import Registry, require_text


def check_coverage(registry: Registry, document: Document, lang: str | None = None) -> Report:
    from quotes.translations.machine import machine_translator

    lang = parse_language(lang, field="lang") if lang else None
    return Checker(registry, lang=lang, machine_translator=machine_translator(registry)).check(document)


def pasted(text: str) -> Document:
    """Pasted text (the check form's, or ``POST /api/check``'s), within `quotes check`'s limits."""
    text = require_text(text, field="text", multiline=True)
    check_text(text, "the pasted text")
    return Document(path="-", text=text, encoding="utf-8")


def uploaded(filename: str, data: BinaryIO) -> Document:
    """An uploaded file read as `quotes check FILE` reads it (its type by its suffix: a web
    page, a Word file, text), under its own name."""
    return document_from_bytes(Path(filename).name or "upload.txt", data.read(MAX_BYTES + 1))


def coverage_from_form(text: str, url: str, filename: str | None, data: BinaryIO | None,
                       policy: PublicOnly) -> Document:
    """The one document the check form names: pasted text, an uploaded file or the page at
    an ``http(s)`` URL on an address ``policy`` allows (never a path on the desk's
    machine, nor its standard input)."""
    given = [what for what, value in (("text", text.strip()), ("file", filename), ("url", url.strip())) if value]
    if len(given) != 1:
        raise InvalidInput("give one of: pasted text, a file or a URL", field="text")
    if filename:
        return uploaded(filename, data)
    if url.strip():
        return fetch_document(url.strip(), policy=policy)
    return pasted(text)


def highlighted(text: str, findings: list[Finding]) -> list[tuple[str, int | None]]:
    """``text`` as parts, each with the index of the finding it is a passage of (None
    between passages). A finding standing for several identical passages (``count``) marks
    each place; a passage overlapping an earlier one is left unmarked (it is listed)."""
    spans = []
    for index, finding in enumerate(findings):
        start, end = finding.start, finding.end
        for _ in range(finding.count):
            spans.append((start, end, index))
            start = text.find(text[finding.start:finding.end], end)
            if start < 0:
                break
            end = start + finding.end - finding.start
    parts: list[tuple[str, int | None]] = []
    at = 0
    for start, end, index in sorted(spans):
        if start < at:
            continue
        parts += [(text[at:start], None), (text[start:end], index)]
        at = end
    parts.append((text[at:], None))
    return parts
