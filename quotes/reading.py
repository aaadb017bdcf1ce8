"""Bytes to text: a file's bytes, and their decoding with the encoding that fits.

Shared by everything that reads a user's file (coverage to check, JSON Lines and XLIFF to
import), so that each says the same thing about a missing, binary or mis-encoded file.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from quotes.errors import CoverageError

BINARY_PROBE_BYTES = 8192
"""A NUL byte this early means the file is not text (a PDF, an image, a Word file)."""

# Bytes that are Turkish letters in Windows-1254 (Ğ İ Ş ğ ı ş) but Icelandic letters in
# Latin-1 (Ð Ý Þ ð ý þ), and the range that Windows-1254 uses for punctuation (“ ” ’ …)
# where Latin-1 has only control characters. Either one in a document means Windows-1254.
_CP1254_BYTES = frozenset(b"\xd0\xdd\xde\xf0\xfd\xfe" + bytes(range(0x80, 0xA0)))


_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
"""What ``errors="surrogateescape"`` makes of a byte that is not UTF-8."""


def read_file(path: Path, label: str, max_bytes: int | None = None) -> bytes:
    """The bytes of a file (at most ``max_bytes`` + 1, when given), or a CoverageError naming it."""
    if path.is_dir():
        raise CoverageError(f"{label}: is a folder, not a file")
    try:
        with path.open("rb") as f:
            return f.read() if max_bytes is None else f.read(max_bytes + 1)
    except FileNotFoundError:
        raise CoverageError(f"{label}: no such file") from None
    except PermissionError:
        raise CoverageError(f"{label}: permission denied") from None
    except OSError as e:
        raise CoverageError(f"{label}: cannot read ({e.strerror or e})") from None


def decode(data: bytes, label: str) -> tuple[str, str, tuple[str, ...]]:
    """Text, the encoding it was read with, and notes on what the reading replaced.

    UTF-16 only with a byte order mark (Windows Notepad's "Unicode"); otherwise NUL
    bytes mean a binary file. Then UTF-8 (``utf-8-sig`` when a byte order mark was
    dropped). A document that is *mostly* UTF-8 (:func:`_mostly_utf8`) is still read as
    UTF-8, its invalid bytes replaced by U+FFFD and a note saying how many and where the
    first one is. Otherwise Windows-1254 or Latin-1 as :data:`_CP1254_BYTES` decides.
    Latin-1 decodes any bytes, so it is the last resort; Windows-1254 leaves seven
    bytes undefined, and a document holding one of them is read as Latin-1.

    Why a hand-written choice between two encodings and not a charset detector:
    measured on 83 samples made from the Turkish articles in ``shared/data/articles/tr``
    (whole articles, single sentences and headlines of 37–600 bytes encoded as
    Windows-1254; the same articles with the six Turkish-only letters folded encoded
    as Latin-1; three short Latin-1 texts in Icelandic, French and Spanish), this
    heuristic decodes 82 exactly (it reads the Icelandic one, whose ð ý þ are ğ ı ş
    in Windows-1254, as Turkish); charset-normalizer 3.5 decodes 60 (short Turkish
    texts come back as cp1250, cp775, cp1257 or hp_roman8, whole ones as
    ISO-8859-16) and takes ~250× as long; restricted to the same two encodings it
    decodes the same 82. A newsroom whose legacy files are Windows-1254 or Latin-1 is
    better served by the two-way choice.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16", ()
        except UnicodeDecodeError:
            raise CoverageError(f"{label}: starts as UTF-16 text but is not valid UTF-16") from None
    if b"\x00" in data[:BINARY_PROBE_BYTES]:
        raise CoverageError(f"{label}: binary file (NUL bytes), not text")
    bom = data.startswith(codecs.BOM_UTF8)
    body, utf8 = (data[3:], "utf-8-sig") if bom else (data, "utf-8")
    try:
        return body.decode("utf-8"), utf8, ()
    except UnicodeDecodeError:
        pass
    text = body.decode("utf-8", errors="surrogateescape")  # each invalid byte → U+DC80…U+DCFF
    invalid = len(_ESCAPED_BYTE.findall(text))
    if _mostly_utf8(text, invalid):
        note = _replacement_note(text, invalid, offset=len(data) - len(body))
        return _ESCAPED_BYTE.sub("\ufffd", text), utf8, (note,)
    if not _CP1254_BYTES.isdisjoint(body):
        try:
            return body.decode("cp1254"), "cp1254", ()
        except UnicodeDecodeError:
            pass
    return body.decode("latin-1"), "latin-1", ()


def _mostly_utf8(text: str, invalid: int) -> bool:
    """Whether a document with ``invalid`` bytes that are not UTF-8 is still read as UTF-8:
    when its valid multi-byte UTF-8 characters outnumber those bytes.

    Read as UTF-8, such a document loses one character per invalid byte (U+FFFD); read
    as a single-byte encoding it would garble every valid multi-byte character into two
    to four wrong ones. Single-byte text almost never forms a valid multi-byte sequence
    by chance (a lead byte must be followed by exactly the right number of 0x80–0xBF
    bytes), and each of its non-ASCII letters is an invalid byte, so a Windows-1254 or
    Latin-1 document is not taken for UTF-8; a UTF-8 article with a stray byte, or a
    few, is not taken for Latin-1.
    """
    valid = sum(1 for c in text if c > "\x7f") - invalid
    return valid > invalid


def _replacement_note(text: str, invalid: int, *, offset: int) -> str:
    """How many bytes were not UTF-8 and where the first one is (its byte offset from 0
    in the input as given, byte order mark included, and its line from 1)."""
    first = _ESCAPED_BYTE.search(text).start()
    before = text[:first]
    at = offset + len(before.encode("utf-8", errors="surrogateescape"))
    line = before.count("\n") + 1
    return (f"{invalid} byte{'s' if invalid != 1 else ''} not valid UTF-8 replaced by U+FFFD "
            f"(the first at byte {at}, line {line})")
