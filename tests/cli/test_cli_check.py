import io
import json
import sys

from tests.helpers.seeds import ALTMAN_POST, ALTMAN_POST_TR_DRIFTED, MUSK_NO_MONEY, SEED_ARTICLE


def test_seed_article_text_output(seeded_run):
    result = seeded_run("check", str(SEED_ARTICLE))
    assert result.exit_code == 0
    assert result.output == (
        f"{SEED_ARTICLE}  [en, utf-8]  2 passages\n"
        "\n"
        "unreviewed-translation  warn  score 100.0  [tr]  at 344–377 (paragraph 2, line 3)  ×2\n"
        "  passage:   “Istersen ben X’i satın alabilirim”\n"
        f"  matches:   rendition {ALTMAN_POST_TR_DRIFTED} (changes-requested) of {ALTMAN_POST}, Sam Altman\n"
        "  rendition: “Istersen ben X’i satın alabilirim”\n"
        "  original:  “no thank you but we will buy twitter for $9.74 billion if you want”\n"
        "  approved rendition: “hayır teşekkürler ama istersen twitter'ı 9,74 milyar dolara biz satın alırız”\n"
        "  reviewer note: quotes seed review: Drifted from the post: the amount ($9.74 billion) is dropped; "
        "\"we\" became \"ben\" (first person singular); \"twitter\" became \"X\"; \"no thank you\" is missing. "
        "Do not present this as Altman's words.\n"
        "  attributed to: Sam Altman\n"
        "\n"
        "unknown  info  score 0.0  [en]  at 2083–2113 (paragraph 6, line 12)\n"
        "  passage:   “These companies have no money.”\n"
        "  why:       speaker-known: the speaker is registered, but this is none of their registered statements\n"
        "  attributed to: Elon Musk\n"
        "\n"
        "summary: 2 passages — unreviewed-translation 1 (warn 1), unknown 1\n"
        "\n"
    )


def test_json_shape(seeded_run):
    result = seeded_run("check", str(SEED_ARTICLE), "--format", "json")
    document = json.loads(result.output)["documents"][0]
    assert (document["path"], document["lang"]) == (str(SEED_ARTICLE), "en")
    assert list(document)[:4] == ["path", "url", "title", "lang"]  # SPEC's order
    assert (document["url"], document["title"]) == (None, None)  # a text file has neither
    first = document["findings"][0]
    assert list(first)[:21] == ["passage", "start", "end", "paragraph", "line", "count", "lang", "verdict", "severity",
                                "score", "flags", "quote_id", "rendition_id", "rendition_state", "speaker",
                                "attributed_to", "original", "matched_text", "suggestion", "changes", "reviewer_note"]
    assert (first["verdict"], first["count"], first["rendition_id"]) == ("unreviewed-translation", 2, ALTMAN_POST_TR_DRIFTED)
    assert [(f["start"], f["paragraph"], f["line"]) for f in document["findings"]] == [(344, 2, 3), (2083, 6, 12)]


def test_fail_on_and_stdin(seeded_run):
    drifted = "Altman: “No thank you, but we will buy twitter for $97.4 billion if you want.”\n"
    assert seeded_run("check", "-", "--fail-on", "error", input=drifted).exit_code == 1
    assert seeded_run("check", str(SEED_ARTICLE), "--fail-on", "warn").exit_code == 1
    assert seeded_run("check", str(SEED_ARTICLE), "--fail-on", "error").exit_code == 0
    result = seeded_run("check", "-", "--format", "jsonl", input=drifted)
    line = json.loads(result.output)
    assert line["findings"][0]["verdict"] == "altered" and line["path"] == "-"


def test_bad_files_are_skipped_reported_and_exit_2(seeded_run, tmp_path):
    folder = tmp_path / "coverage"
    folder.mkdir()
    (folder / "good.txt").write_text("“They don’t actually have the money”\n")
    (folder / "empty.txt").write_text("  \n")
    (folder / "binary.md").write_bytes(b"\x00\x01\x02 PNG")
    (folder / "turkish.txt").write_bytes("Şimşek: “Enflasyonun yıl sonunda %30'un altına inmesini bekliyoruz.”\n".encode("cp1254"))
    result = seeded_run("check", str(folder), str(tmp_path / "missing.txt"), "--format", "jsonl")
    assert result.exit_code == 2
    documents = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(d["path"].rsplit("/", 1)[-1], d["encoding"], [f["verdict"] for f in d["findings"]]) for d in documents] == [
        ("good.txt", "utf-8", ["verbatim"]), ("turkish.txt", "cp1254", ["verbatim"])]
    assert result.stderr == (
        f"note: {folder / 'turkish.txt'} read as cp1254\n"
        f"skipped: {folder / 'binary.md'}: binary file (NUL bytes), not text\n"
        f"skipped: {folder / 'empty.txt'}: empty document\n"
        f"skipped: {tmp_path / 'missing.txt'}: no such file or folder\n"
    )


def test_markdown(seeded_run):
    result = seeded_run("check", str(SEED_ARTICLE), "--format", "markdown")
    assert ("| unreviewed-translation | warn | 100.0 | “Istersen ben X’i satın alabilirim” "
            f"| {ALTMAN_POST} {ALTMAN_POST_TR_DRIFTED} |  |") in result.output


def test_bad_lang_option(seeded_run):
    result = seeded_run("check", str(SEED_ARTICLE), "--lang", "english")
    assert (result.exit_code, result.output) == (
        2, "Error: --lang: 'english' is not a language code (use ISO 639 codes such as tr, en, az)\n")


def test_jobs_stream_every_document_in_input_order(seeded_run, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    texts = ["“They don’t actually have the money”", "Şimşek: “Enflasyonun yıl sonunda %30'un altına inmesini bekliyoruz.”",
             "Nothing quoted here at all."]
    for n in range(9):
        (folder / f"{n:02d}.txt").write_text(texts[n % 3] + "\n")
    one = seeded_run("check", str(folder), "--format", "jsonl")
    two = seeded_run("check", str(folder), "--format", "jsonl", "--jobs", "2")
    assert one.exit_code == two.exit_code == 0
    assert two.stdout == one.stdout
    assert [json.loads(line)["path"].rsplit("/", 1)[-1] for line in two.stdout.splitlines()] == [
        f"{n:02d}.txt" for n in range(9)]


def test_a_stray_byte_hides_no_passage_and_is_noted(seeded_run, tmp_path):
    # Issue 10: the seed article plus a Latin-1 footer byte was read as Latin-1: its curly
    # quotes became mojibake and the check found 0 passages, exit 0.
    article = SEED_ARTICLE.read_bytes()
    path = tmp_path / "article.txt"
    path.write_bytes(article + b"Footer \xff\n")
    result = seeded_run("check", str(path), "--format", "json")
    [document] = json.loads(result.stdout)["documents"]
    assert (document["encoding"], len(document["findings"])) == ("utf-8", 2)
    line = article.count(b"\n") + 1
    note = f"1 byte not valid UTF-8 replaced by U+FFFD (the first at byte {len(article) + 7}, line {line})"
    assert document["notes"] == [note]
    assert result.stderr == f"note: {path}: {note}\n"
    assert seeded_run("check", str(path), "--fail-on", "warn").exit_code == 1  # the drifted rendition is found
    assert json.loads(seeded_run("check", str(SEED_ARTICLE), "--format", "json").stdout)["documents"][0]["notes"] == []


def test_markdown_report_escapes_article_markup(seeded_run):
    article = ('Musk wrote: “They don’t actually have the money <script>alert(1)</script> '
               '[x](javascript:alert(1)) ![i](https://e.org/i.png) *now* | really”\n')
    result = seeded_run("check", "-", "--format", "markdown", input=article)
    row = next(line for line in result.stdout.splitlines() if "money" in line)
    assert row.count(" | ") == 5  # six cells: the pipe in the passage did not add one
    assert "<script>" not in row and "](" not in row.replace("\\](", "")
    assert ("“They don’t actually have the money &lt;script&gt;alert(1)&lt;/script&gt; \\[x\\](javascript:alert(1)) "
            "!\\[i\\](https://e.org/i.png) \\*now\\* \\| really”") in row


def test_check_output_shows_control_characters_of_the_article(seeded_run):
    article = "Musk wrote: “They don’t actually have the money \x1b]0;pwned\x07 \x9b2J”\n"
    shown = {"text": r"money \u001b]0;pwned\u0007 \u009b2J”",
             "markdown": r"money \\u001b\]0;pwned\\u0007 \\u009b2J”"}  # Markdown escapes the backslash and ]
    for output_format in ("text", "markdown"):
        result = seeded_run("check", "-", "--format", output_format, input=article)
        assert shown[output_format] in result.stdout
        assert not any(c in result.stdout for c in "\x1b\x07\x9b")
    for output_format in ("json", "jsonl"):
        out = seeded_run("check", "-", "--format", output_format, input=article).stdout
        assert not any(c in out for c in "\x1b\x07\x9b")  # escaped as \u001b, \u0007, \u009b: the same JSON value
        document = json.loads(out)["documents"][0] if output_format == "json" else json.loads(out)
        assert document["findings"][0]["passage"].endswith("money \x1b]0;pwned\x07 \x9b2J")


def test_a_folder_reads_pages_and_word_files_and_lists_what_it_skips(seeded_run, tmp_path):
    import docx

    folder = tmp_path / "coverage"
    (folder / "web").mkdir(parents=True)
    (folder / ".cache").mkdir()
    (folder / "a.txt").write_text("“They don’t actually have the money”\n")
    (folder / "web" / "b.html").write_text(
        "<html><head><title>B</title></head><body><p>Musk: &ldquo;They don&rsquo;t actually have the money&rdquo;</p>"
        "</body></html>")
    word = docx.Document()
    word.add_paragraph("Musk: “They don’t actually have the money”")
    word.save(folder / "web" / "c.docx")
    (folder / "notes.json").write_text("{}")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\x00")
    (folder / ".cache" / "x.txt").write_text("“not read”")
    result = seeded_run("check", str(folder), "--format", "jsonl")
    assert result.exit_code == 0  # files of other types are listed, not errors
    documents = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(d["path"], d["title"], [(f["verdict"], f["quote_id"]) for f in d["findings"]]) for d in documents] == [
        (str(folder / "a.txt"), None, [("verbatim", MUSK_NO_MONEY)]),
        (str(folder / "web" / "b.html"), "B", [("verbatim", MUSK_NO_MONEY)]),
        (str(folder / "web" / "c.docx"), None, [("verbatim", MUSK_NO_MONEY)]),
    ]
    why = "not a coverage file (folders are read for .txt, .md, .html, .htm and .docx)"
    assert result.stderr == (f"skipped: {folder / '.cache'}/: hidden folder, not read\n"
                             f"skipped: {folder / 'notes.json'}: {why}\n"
                             f"skipped: {folder / 'scan.pdf'}: {why}\n")


def test_a_folder_with_nothing_to_read_is_an_error_after_its_list(seeded_run, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "x.json").write_text("{}")
    result = seeded_run("check", str(folder))
    assert result.exit_code == 2
    assert result.stderr == (
        f"skipped: {folder / 'x.json'}: not a coverage file (folders are read for .txt, .md, .html, .htm and .docx)\n"
        f"skipped: {folder}: folder has no .txt, .md, .html, .htm or .docx files\n")


ALTERED = "Altman: “No thank you, but we will buy twitter for $97.4 billion if you want.”\n"
UNKNOWN = "A reader: “Nobody registered this sentence anywhere.”\n"


def test_summary_counts_by_verdict_and_severity_per_document_and_for_all(seeded_run, tmp_path):
    (tmp_path / "a.txt").write_text(ALTERED + "\nMusk: “They don’t actually have the money”\n\n" + UNKNOWN)
    (tmp_path / "b.txt").write_text("Musk: “They don’t actually have the money”\n\n" + UNKNOWN)
    result = seeded_run("check", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), str(tmp_path / "missing.txt"))
    assert result.exit_code == 2
    blocks = result.stdout.split("\n\n")
    assert blocks.count("summary: 3 passages — verbatim 1, altered 1 (error 1), unknown 1") == 1
    assert blocks.count("summary: 2 passages — verbatim 1, unknown 1") == 1
    assert result.stdout.endswith(
        "summary: 2 documents, 1 not read, 5 passages — verbatim 2, altered 1 (error 1), unknown 2\n")
    one = seeded_run("check", str(tmp_path / "b.txt")).stdout
    assert one.endswith("\nsummary: 2 passages — verbatim 1, unknown 1\n\n")  # one document: no total line


def test_hide_unknown_leaves_out_unknown_passages_and_still_counts_them(seeded_run, tmp_path):
    (tmp_path / "a.txt").write_text(ALTERED + "\n" + UNKNOWN)
    shown = seeded_run("check", str(tmp_path / "a.txt")).stdout
    hidden = seeded_run("check", str(tmp_path / "a.txt"), "--hide-unknown")
    assert hidden.exit_code == 1  # the altered quote still fails the check
    assert "Nobody registered" in shown and "Nobody registered" not in hidden.stdout
    assert "altered  error" in hidden.stdout
    assert hidden.stdout.startswith(f"{tmp_path / 'a.txt'}  [en, utf-8]  2 passages\n")
    assert hidden.stdout.endswith("summary: 2 passages — altered 1 (error 1), unknown 1 (hidden)\n\n")
    assert shown.endswith("summary: 2 passages — altered 1 (error 1), unknown 1\n\n")


def test_hide_unknown_is_for_the_text_output(seeded_run):
    result = seeded_run("check", "-", "--hide-unknown", "--format", "json", input=UNKNOWN)
    assert result.exit_code == 2
    assert "--hide-unknown applies to --format text only" in result.output


def test_claimreview_rates_a_drifted_quote_misquoted_and_a_verbatim_one_accurate(seeded_run, tmp_path, monkeypatch):
    monkeypatch.setenv("QUOTES_ORGANIZATION", "Daily Desk")
    article = tmp_path / "article.txt"
    article.write_text("Altman wrote: “No thank you, but we will buy twitter for $97.4 billion if you want.”\n\n"
                       "Musk said: “They don’t actually have the money”\n")
    result = seeded_run("check", str(article), "--format", "claimreview")
    assert (result.exit_code, result.stderr) == (1, "")  # the drifted quote is an error
    document = json.loads(result.stdout)
    assert document["@context"] == "https://schema.org"
    drifted, verbatim = document["@graph"]
    assert drifted["@type"] == "ClaimReview"
    assert drifted["claimReviewed"] == "No thank you, but we will buy twitter for $97.4 billion if you want."
    assert drifted["reviewRating"] == {"@type": "Rating", "alternateName": "Misquoted",
                                       "ratingExplanation": "differs from the registered text: number"}
    assert drifted["itemReviewed"]["author"] == {"@type": "Person", "name": "Sam Altman"}
    assert drifted["itemReviewed"]["appearance"]["url"] == str(article)
    assert drifted["itemReviewed"]["firstAppearance"]["text"] == (
        "no thank you but we will buy twitter for $9.74 billion if you want")
    assert drifted["author"] == {"@type": "Organization", "name": "Daily Desk"}
    assert (verbatim["claimReviewed"], verbatim["reviewRating"]) == (
        "They don’t actually have the money", {"@type": "Rating", "alternateName": "Accurate quote"})
    assert verbatim["itemReviewed"]["firstAppearance"]["identifier"] == MUSK_NO_MONEY


def test_claimreview_of_the_seed_article_rates_the_circulated_translation(seeded_run):
    graph = json.loads(seeded_run("check", str(SEED_ARTICLE), "--format", "claimreview").stdout)["@graph"]
    # The unknown passage has no registered original to review against: left out.
    assert [(r["claimReviewed"], r["reviewRating"]["alternateName"]) for r in graph] == [
        ("Istersen ben X’i satın alabilirim", "Translated, not verbatim")]


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_progress_bar_shows_the_total_only_on_a_terminal(monkeypatch):
    from quotes.cli.options import progress

    def drawn(stderr, **options) -> str:
        monkeypatch.setattr(sys, "stderr", stderr)
        with progress("checking", **options) as tell:
            for done in range(1, 4):
                tell(done, 3)
        return stderr.getvalue()

    assert "checking  [####################################]  3/3" in drawn(Terminal())
    assert drawn(io.StringIO()) == ""  # a program reads standard error: no bar
    assert drawn(Terminal(), shown=False) == ""  # check: the findings print on the terminal, or one document
