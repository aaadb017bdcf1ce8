"""Reading coverage inputs (quotes.checking.coverage): encodings, bad input, folders, stdin."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from quotes.checking.coverage import CoverageError, Document, Skipped, iter_inputs, read_document
from quotes.errors import QuotesError
from tests.helpers.seeds import SEED_ARTICLE

TURKISH = "Şimşek: “Enflasyon düşecek, ağırlık İstanbul’da,” dedi. Işık, ğ, ı, ş."


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --- encodings -----------------------------------------------------------------------

def test_utf8(tmp_path):
    doc = read_document(write(tmp_path / "a.txt", TURKISH.encode("utf-8")))
    assert doc == Document(path=str(tmp_path / "a.txt"), text=TURKISH, encoding="utf-8")


def test_utf8_with_byte_order_mark_is_stripped(tmp_path):
    doc = read_document(write(tmp_path / "a.txt", b"\xef\xbb\xbf" + TURKISH.encode("utf-8")))
    assert (doc.text, doc.encoding) == (TURKISH, "utf-8-sig")


def test_turkish_windows_1254(tmp_path):
    doc = read_document(write(tmp_path / "a.txt", TURKISH.encode("cp1254")))
    assert (doc.text, doc.encoding) == (TURKISH, "cp1254")


def test_windows_punctuation_without_turkish_letters_is_read_as_1254(tmp_path):
    doc = read_document(write(tmp_path / "a.txt", "He said “no” – twice…".encode("cp1254")))
    assert (doc.text, doc.encoding) == ("He said “no” – twice…", "cp1254")


def test_latin_1(tmp_path):
    text = "Le café où Müller a dit « non »."
    doc = read_document(write(tmp_path / "a.txt", text.encode("latin-1")))
    assert (doc.text, doc.encoding) == (text, "latin-1")


def test_bytes_undefined_in_1254_fall_back_to_latin_1(tmp_path):
    doc = read_document(write(tmp_path / "a.txt", b"ab\x81 \xfe"))
    assert doc.encoding == "latin-1"


def test_utf16_with_byte_order_mark(tmp_path):
    doc = read_document(write(tmp_path / "a.txt", TURKISH.encode("utf-16")))
    assert (doc.text, doc.encoding) == (TURKISH, "utf-16")


def test_stdin():
    doc = read_document("-", stdin=io.BytesIO(TURKISH.encode("utf-8")))
    assert doc == Document(path="-", text=TURKISH, encoding="utf-8")


def test_a_stray_byte_does_not_turn_a_utf8_article_into_latin_1(tmp_path):
    # The seed article is UTF-8 with curly quotes; one byte of a Latin-1 footer used to
    # make the whole file Latin-1, every “ ” mojibake, and no passage found.
    article = SEED_ARTICLE.read_bytes()
    doc = read_document(write(tmp_path / "a.txt", article + b"Footer \xff\n"))
    assert doc.encoding == "utf-8"
    assert doc.text == article.decode("utf-8") + "Footer \ufffd\n"
    line = article.count(b"\n") + 1
    assert doc.notes == (f"1 byte not valid UTF-8 replaced by U+FFFD (the first at byte {len(article) + 7}, line {line})",)


def test_bad_bytes_are_counted_and_the_first_located_after_a_byte_order_mark(tmp_path):
    data = (b"\xef\xbb\xbf" + "“Şimşek”\nsecond ".encode() + b"\xfe\xfd" + " line\n“ağırlık” ".encode()
            + b"\xe2\x80" + b" end")
    doc = read_document(write(tmp_path / "a.txt", data))
    assert (doc.encoding, doc.text) == ("utf-8-sig", "“Şimşek”\nsecond \ufffd\ufffd line\n“ağırlık” \ufffd\ufffd end")
    first = data.index(b"\xfe")
    assert doc.notes == (f"4 bytes not valid UTF-8 replaced by U+FFFD (the first at byte {first}, line 2)",)


@pytest.mark.parametrize(("text", "encoding"), [
    # Valid multi-byte characters (’, “ ”) outnumber the invalid bytes: UTF-8.
    (b"It\xe2\x80\x99s \xe2\x80\x9cfine\xe2\x80\x9d \xff\xfe", "utf-8"),
    # As many invalid bytes as valid characters: not mostly UTF-8, the two-way choice decides.
    (b"It\xe2\x80\x99s \xe2\x80\x9cfine \xff\xe9", "cp1254"),
    # Windows-1254 Turkish where "Ş”" happens to be a valid UTF-8 pair (DE 94): still Turkish.
    ("İŞ” dedi".encode("cp1254"), "cp1254"),
    # No valid multi-byte character at all: a legacy document, even with one non-ASCII byte.
    ("Le café".encode("latin-1"), "latin-1"),
])
def test_mostly_utf8_means_more_valid_characters_than_invalid_bytes(tmp_path, text, encoding):
    doc = read_document(write(tmp_path / "a.txt", text))
    assert doc.encoding == encoding
    assert bool(doc.notes) == (encoding == "utf-8")


def test_clean_documents_have_no_notes(tmp_path):
    for data in (TURKISH.encode("utf-8"), TURKISH.encode("cp1254"), TURKISH.encode("utf-16")):
        assert read_document(write(tmp_path / "a.txt", data)).notes == ()


# --- bad input -------------------------------------------------------------------------

def assert_refused(message_part: str, path, **kwargs) -> str:
    with pytest.raises(CoverageError) as caught:
        read_document(path, **kwargs)
    message = str(caught.value)
    assert message_part in message
    assert "\n" not in message
    assert isinstance(caught.value, QuotesError)
    return message


def test_missing_file(tmp_path):
    message = assert_refused("no such file", tmp_path / "nope.txt")
    assert str(tmp_path / "nope.txt") in message


def test_folder_given_as_a_file(tmp_path):
    assert_refused("is a folder", tmp_path)


def test_unreadable_file(tmp_path, monkeypatch):
    path = write(tmp_path / "a.txt", b"text")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    assert str(path) in assert_refused("permission denied", path)


def test_binary_file(tmp_path):
    assert_refused("binary", write(tmp_path / "a.pdf", b"%PDF-1.4\x00\x01\x02 text"))


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n", b"\xef\xbb\xbf \n"])
def test_empty_document(tmp_path, data):
    assert_refused("empty", write(tmp_path / "a.txt", data))


def test_file_larger_than_the_limit(tmp_path):
    path = write(tmp_path / "a.txt", b"x" * 101)
    assert_refused("larger than 100 bytes", path, max_bytes=100)
    assert read_document(write(tmp_path / "b.txt", b"x" * 100), max_bytes=100).text == "x" * 100


def test_stdin_errors_name_standard_input():
    assert_refused("standard input: empty", "-", stdin=io.BytesIO(b""))
    assert_refused("standard input: larger than", "-", stdin=io.BytesIO(b"x" * 11), max_bytes=10)


def test_invalid_utf16(tmp_path):
    assert_refused("UTF-16", write(tmp_path / "a.txt", b"\xff\xfe\x00\xd8"))


# --- inputs --------------------------------------------------------------------------

def test_iter_inputs_files_folders_urls_and_stdin(tmp_path):
    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / ".git").mkdir()
    for name in ["d/b.txt", "d/a.md", "d/sub/c.TXT", "d/sub/e.HTM", "d/sub/f.docx", "d/page.html", "d/skip.json",
                 "d/README", "d/old.doc", "d/.git/config", "single.json"]:
        (tmp_path / name).write_text("x", encoding="utf-8")
    single = str(tmp_path / "single.json")
    url = "https://news.example.org/a?b=1"
    inputs = list(iter_inputs([single, str(tmp_path / "d"), url, "-"]))
    d = tmp_path / "d"
    why = "not a coverage file (folders are read for .txt, .md, .html, .htm and .docx)"
    assert inputs == [
        single,  # named on its own: read whatever its name
        Skipped(f"{d / '.git'}/", "hidden folder, not read"),
        Skipped(str(d / "README"), why),
        d / "a.md",
        d / "b.txt",
        Skipped(str(d / "old.doc"), why),
        d / "page.html",
        Skipped(str(d / "skip.json"), why),
        d / "sub" / "c.TXT",
        d / "sub" / "e.HTM",
        d / "sub" / "f.docx",
        url,  # nothing fetched here
        "-",
    ]


def test_iter_inputs_missing_path(tmp_path):
    with pytest.raises(CoverageError, match="nope: no such file or folder"):
        list(iter_inputs([str(tmp_path / "nope")]))


def test_iter_inputs_folder_without_documents(tmp_path):
    (tmp_path / "x.json").write_text("{}", encoding="utf-8")
    inputs = iter_inputs([str(tmp_path)])
    assert next(inputs) == Skipped(str(tmp_path / "x.json"), "not a coverage file (folders are read for .txt, .md, "
                                                              ".html, .htm and .docx)")
    with pytest.raises(CoverageError, match="no .txt, .md, .html, .htm or .docx files"):
        next(inputs)


def test_iter_inputs_does_not_follow_a_link_to_a_folder(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "d" / "loop").symlink_to(tmp_path / "d", target_is_directory=True)
    assert list(iter_inputs([str(tmp_path / "d")])) == [
        tmp_path / "d" / "a.txt", Skipped(str(tmp_path / "d" / "loop"), "link to a folder, not followed")]
