"""Showing stored text safely (quotes.display) in check reports (quotes.checking.report) and in
every human-readable command output: no control character reaches a terminal, no
markup survives into Markdown."""

from __future__ import annotations

import json

import click
import pytest
from sqlalchemy import update

from quotes.registry import schema
from quotes.checking.check import Finding, Report
from quotes.display import escape_html, escape_markdown, printable, printable_json
from quotes.checking.report import render_json, render_markdown, render_text

OSC = "\x1b]0;pwned\x07"  # "set the window title" — and a terminal obeys it
SPEAKER = f"Ansi{OSC} Tester"
CONTROLS = {chr(c) for c in [*range(0x00, 0x09), *range(0x0b, 0x20), *range(0x7f, 0xa0)]}


def raw_controls(out: str) -> list[str]:
    """Control characters a terminal would obey (a CR ending a line is a line break)."""
    return [c for c in out.replace("\r\n", "\n") if c in CONTROLS]


# --- the functions -------------------------------------------------------------------

def test_printable_shows_c0_c1_and_del_and_keeps_tab_and_newline():
    assert printable(SPEAKER) == "Ansi\\u001b]0;pwned\\u0007 Tester"
    assert printable("a\tb\nc\r\nd") == "a\tb\nc\r\nd"
    assert printable("over\rwrite \x00 \x7f \x85 \x9b2J é ş “”") == (
        "over\\u000dwrite \\u0000 \\u007f \\u0085 \\u009b2J é ş “”")
    assert raw_controls(printable("".join(sorted(CONTROLS)))) == []


def test_printable_json_escapes_what_json_dumps_leaves_and_keeps_the_value():
    value = {"name": f"{SPEAKER} \x7f \x9b2J"}
    dumped = json.dumps(value, ensure_ascii=False)
    assert "\x9b" in dumped and "\x7f" in dumped  # json.dumps escapes only C0
    safe = printable_json(dumped)
    assert raw_controls(safe) == [] and json.loads(safe) == value


@pytest.mark.parametrize(("text", "shown"), [
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("<!-- x --> &amp; <https://e.org>", "&lt;!-- x --&gt; &amp;amp; &lt;https://e.org&gt;"),
    ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
    ("![i](https://e.org/i.png)", "!\\[i\\](https://e.org/i.png)"),
    ("*a* _b_ **c** `d` ~~e~~", "\\*a\\* \\_b\\_ \\*\\*c\\*\\* \\`d\\` \\~\\~e\\~\\~"),
    ("a | b \\ c", "a \\| b \\\\ c"),
    ("one\ntwo\r\nthree\rfour", "one<br>two<br>three\\\\u000dfour"),
    ("# h\n- item\n+ item\n1. one\n2) two\n===", "\\# h<br>\\- item<br>\\+ item<br>1\\. one<br>2\\) two<br>\\==="),
    (f"{SPEAKER}", "Ansi\\\\u001b\\]0;pwned\\\\u0007 Tester"),
    ("Şimşek: “%40'ı” — 9,74 milyar #hashtag", "Şimşek: “%40'ı” — 9,74 milyar #hashtag"),
])
def test_escape_markdown(text, shown):
    assert escape_markdown(text) == shown


def test_escape_markdown_line_breaks_for_a_blockquote():
    assert escape_markdown("one\n- two", line_break="  \n> ") == "one  \n> \\- two"


def test_escape_html():
    assert escape_html(f'<a href="x">{SPEAKER}</a> & \'') == (
        "&lt;a href=&quot;x&quot;&gt;Ansi\\u001b]0;pwned\\u0007 Tester&lt;/a&gt; &amp; &#x27;")


# --- check reports -------------------------------------------------------------------

def hostile_report() -> Report:
    passage = f"<script>alert(1)</script> [x](javascript:alert(1)) *no* | money{OSC}\nnext line"
    finding = Finding(passage=passage, start=0, end=len(passage), count=1, lang="en", verdict="altered",
                      severity="error", score=90.0, flags=("number",), quote_id="q-000001", speaker=SPEAKER,
                      attributed_to=SPEAKER, original=f"the original{OSC}", matched_text=f"matched{OSC}",
                      reviewer_note=f"R: <b>note</b>{OSC}")
    return Report(path=f"doc{OSC}.txt", lang="en", encoding="utf-8", findings=[finding])


def test_markdown_report_escapes_passages_and_keeps_one_row_per_finding():
    out = render_markdown(hostile_report())
    assert out == (
        "## doc\\\\u001b\\]0;pwned\\\\u0007.txt (en)\n"
        "\n"
        "| verdict | severity | score | passage | matches | flags |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
        "| altered | error | 90.0 | “&lt;script&gt;alert(1)&lt;/script&gt; \\[x\\](javascript:alert(1)) \\*no\\* \\| "
        "money\\\\u001b\\]0;pwned\\\\u0007<br>next line” | q-000001 | number |\n"
    )


def test_text_report_shows_stored_escapes_and_keeps_its_own_colours():
    out = render_text(hostile_report(), style=click.style)
    assert raw_controls(out.replace("\x1b[", "")) == []  # the only escapes left are click.style's colours
    assert "\x1b[1m" in out and "\x1b[31m" in out
    assert "matches:   q-000001, Ansi\\u001b]0;pwned\\u0007 Tester" in out
    assert "reviewer note: R: <b>note</b>\\u001b]0;pwned\\u0007" in out
    assert "  passage:   “<script>alert(1)</script> [x](javascript:alert(1)) *no* | money\\u001b]0;pwned\\u0007\nnext line”" in out


def test_json_report_escapes_controls_and_keeps_the_values():
    out = render_json([hostile_report()])
    assert raw_controls(out) == []
    assert json.loads(out)["documents"][0]["findings"][0]["speaker"] == SPEAKER


# --- every human-readable command output ------------------------------------------------

@pytest.fixture
def hostile_run(run):
    """A registry whose texts hold terminal escapes, written straight into its tables as a
    database from before the input checks may hold them."""
    from quotes.registry.registry import Registry

    assert run("add", "They said the money is simply not there at all", "--speaker", "Plain Speaker",
               "--lang", "en").exit_code == 0
    assert run("translate", "q-000001", "--lang", "tr", "--translator", "Çevirmen",
               "--text", "Paranın orada olmadığını söylediler").exit_code == 0
    assert run("note", "r-000001", "--author", "Deniz", "--text", "plain note").exit_code == 0
    assert run("status", "q-000001", "disputed", "--note", "plain").exit_code == 0
    registry = Registry(run.db)
    with registry.store.write() as conn:
        conn.execute(update(schema.speakers).values(name=SPEAKER))
        conn.execute(update(schema.speaker_aliases).values(alias=f"Alias{OSC}"))
        conn.execute(update(schema.quotes).values(status_note=f"status{OSC}", context=f"context\x9b2J",
                                                  outlet=f"Outlet\x1b[8m"))
        conn.execute(update(schema.rendition_revisions).values(text=f"Paranın orada olmadığını söylediler{OSC}"))
        conn.execute(update(schema.renditions).values(translator=f"Çevirmen{OSC}"))
        conn.execute(update(schema.notes).values(text=f"note{OSC}", author=f"Deniz{OSC}"))
        conn.execute(update(schema.events).values(actor=f"actor{OSC}"))
    registry.close()
    return run


@pytest.mark.parametrize("args", [
    ["list"], ["show", "q-000001"], ["history", "q-000001"], ["renditions"],
    ["copy", "q-000001"], ["copy", "q-000001", "--format", "markdown"], ["copy", "q-000001", "--format", "html"],
    ["export", "--format", "text", "--status", "disputed"], ["export", "--format", "markdown", "--status", "disputed"],
    ["export", "--format", "html", "--status", "disputed"],
    ["list", "--format", "json"], ["list", "--format", "jsonl"], ["show", "q-000001", "--format", "json"],
    ["export", "--format", "json", "--status", "disputed"],
], ids=" ".join)
def test_no_stored_control_character_reaches_the_terminal(hostile_run, args):
    result = hostile_run(*args)
    assert result.exit_code == 0, result.output
    assert raw_controls(result.output) == []
    assert "pwned" in result.output  # it is shown, not dropped


def test_list_show_and_history_show_the_escape(hostile_run):
    assert "q-000001  Ansi\\u001b]0;pwned\\u0007 Tester  [en]  disputed" in hostile_run("list").output
    shown = hostile_run("show", "q-000001").output
    assert "  context: context\\u009b2J\n" in shown
    assert "  status note: status\\u001b]0;pwned\\u0007\n" in shown
    assert "note by Deniz\\u001b]0;pwned\\u0007 (" in shown
    assert "  actor\\u001b]0;pwned\\u0007  " in hostile_run("history", "q-000001").output
    assert json.loads(hostile_run("list", "--format", "json").output)[0]["speaker"] == SPEAKER


def test_check_shows_a_stored_speaker_escaped(hostile_run):
    article = "He wrote: “They said the money is simply not there at all”\n"
    for output_format in ("text", "markdown", "json", "jsonl"):
        result = hostile_run("check", "-", "--format", output_format, input=article)
        assert raw_controls(result.output) == [], output_format
    text = hostile_run("check", "-", input=article).output
    assert "  matches:   q-000001, Ansi\\u001b]0;pwned\\u0007 Tester\n" in text
