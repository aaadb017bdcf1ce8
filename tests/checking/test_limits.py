"""The work one document may cost (quotes.checking.limits), as `quotes check` meets it:
Word files that unzip to far more than they weigh, pages of too many tags, texts of
nothing but quote marks, each refused on one line (exit 2) before the work is done; and
passage finding that stays linear on a single huge line."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from quotes.checking import limits
from quotes.checking.passages import find_passages
from tests.checking.test_pages import seed_docx


def inflated_docx(tmp_path, *, xml_bytes: int = 0, media_bytes: int = 0, extra_entries: int = 0) -> tuple:
    """A real Word file with ``xml_bytes`` of paragraphs added to its document.xml,
    ``media_bytes`` of an image part and ``extra_entries`` empty parts: a few KB zipped."""
    seed_docx(tmp_path / "seed.docx")
    source = zipfile.ZipFile(tmp_path / "seed.docx")
    paragraph = "<w:p><w:r><w:t>The minister said the economy grew.</w:t></w:r></w:p>"
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "word/document.xml" and xml_bytes:
                head, _, tail = data.decode("utf-8").partition("<w:body>")
                data = f"{head}<w:body>{paragraph * (xml_bytes // len(paragraph))}{tail}".encode("utf-8")
            bomb.writestr(entry, data)
        if media_bytes:
            bomb.writestr("word/media/image1.png", b"\x00" * media_bytes)
        for n in range(extra_entries):
            bomb.writestr(f"customXml/item{n}.bin", b"")
    return str(path), path.stat().st_size


def checked(seeded_run, path: str):
    started = time.monotonic()
    result = seeded_run("check", path)
    return result, time.monotonic() - started


def test_a_word_file_that_unzips_to_too_much_xml_is_refused_before_it_is_parsed(seeded_run, tmp_path):
    path, size = inflated_docx(tmp_path, xml_bytes=20_000_000)
    assert size < 200_000
    result, seconds = checked(seeded_run, path)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"skipped: {path}: a Word file of ")
    assert result.stderr.endswith(f" bytes of XML unzipped, more than {limits.MAX_DOCX_XML_BYTES:,}\n")
    assert seconds < 3  # parsing it would take some 45 s (100 MB of XML took 112 s and 2.27 GB)


def test_a_word_file_too_large_unzipped_or_of_too_many_parts_is_refused(seeded_run, tmp_path):
    (tmp_path / "a").mkdir()
    path, _ = inflated_docx(tmp_path / "a", media_bytes=limits.MAX_DOCX_UNZIPPED_BYTES)
    result, _ = checked(seeded_run, path)
    assert result.exit_code == 2 and "bytes unzipped, more than 50,000,000\n" in result.stderr
    (tmp_path / "b").mkdir()
    path, _ = inflated_docx(tmp_path / "b", extra_entries=limits.MAX_DOCX_ENTRIES)
    result, _ = checked(seeded_run, path)
    assert result.exit_code == 2 and result.stderr.startswith(f"skipped: {path}: a Word file of 2,0")
    assert result.stderr.endswith(f" parts, more than {limits.MAX_DOCX_ENTRIES:,}\n")


def test_a_word_file_within_the_limits_is_read(seeded_run, tmp_path):
    path, _ = inflated_docx(tmp_path, xml_bytes=100_000, media_bytes=1_000_000)
    result, _ = checked(seeded_run, path)
    assert result.exit_code == 0, result.output


def test_a_page_of_too_many_tags_is_refused_before_extraction(seeded_run, tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><body>" + "<div><span>word</span> <b>x</b></div>\n" * 4000 + "</body></html>")
    result, seconds = checked(seeded_run, str(page))
    assert (result.exit_code, result.stderr) == (2, (
        f"skipped: {page}: a web page of 12,002 tags, more than the 10,000 whose article is extracted; "
        f"save its article as text and check that\n"))
    assert seconds < 3


def test_a_page_too_large_is_refused(seeded_run, tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(b"<html><body><p>" + b"word " * (limits.MAX_PAGE_BYTES // 5) + b"</p></body></html>")
    result, _ = checked(seeded_run, str(page))
    assert result.exit_code == 2
    assert result.stderr == (f"skipped: {page}: a web page of {page.stat().st_size:,} bytes, more than the "
                             f"5,000,000 whose article is extracted; save its article as text and check that\n")


def test_a_text_too_long_to_check_is_refused(seeded_run, tmp_path):
    text = tmp_path / "line.txt"
    text.write_text("He said: Word word word word. " * 16_667)  # one line of 500,010 characters
    result, seconds = checked(seeded_run, str(text))
    assert (result.exit_code, result.stderr) == (2, (
        f"skipped: {text}: a text of 500,010 characters, more than the 500,000 checked in one document; split it\n"))
    assert seconds < 3


@pytest.mark.parametrize("mark", ["“", '"', "’"])
def test_a_text_of_too_many_quote_marks_is_refused(seeded_run, tmp_path, mark):
    text = tmp_path / "marks.txt"
    text.write_text(mark * (limits.MAX_QUOTE_MARKS + 1))
    result, seconds = checked(seeded_run, str(text))
    assert (result.exit_code, result.stderr) == (2, (
        f"skipped: {text}: 100,001 quote marks, more than the 100,000 checked in one document; split it\n"))
    assert seconds < 3


def test_passages_on_one_long_line_of_reporting_colons_are_found_in_linear_time():
    # 'said: Word…' after 'said: Word…': each colon's quote once counted every word to the
    # end of the line (quadratic: 73 s for these 200,000 characters, 2 s for a tenth).
    line = "He said: Word word word word. " * 7000
    started = time.monotonic()
    passages = find_passages(line)
    assert time.monotonic() - started < 2
    assert passages and all(p.text.startswith("Word word word word. He said: Word") for p in passages)


def test_the_document_of_a_page_has_the_same_text_limit(tmp_path):
    from quotes.checking.coverage import document_from_bytes
    from quotes.errors import CoverageError

    page = b"<html><body><article><p>" + "“".encode() * (limits.MAX_QUOTE_MARKS + 1) + b" words</p></article></body></html>"
    with pytest.raises(CoverageError, match=r"^page.html: 100,001 quote marks, more than the 100,000 checked"):
        document_from_bytes("page.html", page)
    with zipfile.ZipFile(io.BytesIO(b"PK\x05\x06" + b"\x00" * 18)) as empty:
        limits.check_docx_archive(empty, "empty.docx")  # nothing in it: within every limit


def test_a_text_of_too_many_passages_is_refused_before_they_are_checked(seeded_run, tmp_path):
    text = tmp_path / "quotes.txt"
    text.write_text("".join(f"“w{n}” " for n in range(limits.MAX_PASSAGES + 1)))
    other = tmp_path / "other.txt"
    other.write_text("Musk: “They don’t actually have the money”\n")
    result, seconds = checked(seeded_run, f"{text}")
    assert (result.exit_code, result.stderr) == (2, (
        f"skipped: {text}: 501 passages, more than the 500 checked in one document; split it\n"))
    assert seconds < 5
    both = seeded_run("check", str(text), str(other), "--format", "jsonl")  # the next document is still checked
    assert both.exit_code == 2 and '"verbatim"' in both.stdout
