"""Showing stored text safely: on a terminal, in Markdown, in HTML, in JSON.

Why this module exists: quotes, speakers, notes and coverage passages come from outside
(an import, a web page, a pasted article) and are printed back to editors. A control
character in them would act instead of showing: ``ESC ] 0;… BEL`` retitles the terminal,
``ESC [ 2J`` clears it; ``<script>`` or ``[x](javascript:…)`` in a Markdown report
becomes live markup in whatever renders it. Every renderer of human-readable output
passes stored and user-supplied text through the one function of its format here, at
the point where it is written out; stored text itself is never changed.

* :func:`printable` — for terminals and plain text: C0 and C1 control characters and DEL
  (tab and newline excepted) are shown as visible escapes, ``\\x1b`` → ``\\u001b``.
* :func:`escape_markdown` — printable, then literal in Markdown: no HTML, links, images,
  emphasis, code, headings, lists or table cells broken by ``|`` or line breaks.
* :func:`escape_html` — printable, then :func:`html.escape` (quotes too, for attributes).
* :func:`printable_json` — ``json.dumps`` output with DEL and C1 written as ``\\u`` escapes
  (``json.dumps`` escapes only C0), so JSON on a terminal is inert too.

Nothing here imports the rest of the library: the command line imports it cheaply.
"""

from __future__ import annotations

import html
import re

__all__ = ["escape_html", "escape_markdown", "printable", "printable_json"]

# C0 controls but tab and newline, DEL, and C1 controls (which a terminal may take as
# 8-bit escapes: U+009B is CSI). A carriage return ending a line ("\r\n") is a line
# break and stays; a lone one would let the rest of a line overwrite its start.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")
_DEL_AND_C1 = re.compile(r"[\x7f-\x9f]")


def _escape(match: re.Match) -> str:
    return f"\\u{ord(match.group()):04x}"


def printable(text: str) -> str:
    """``text`` with every control character but tab and newline (and CR before a newline)
    written out as ``\\uXXXX`` (ESC → ``\\u001b``, BEL → ``\\u0007``), so a terminal shows it
    instead of obeying it."""
    return _CONTROL.sub(_escape, text)


def printable_json(dumped: str) -> str:
    """``json.dumps`` output with DEL and C1 controls escaped as ``\\u007f``…``\\u009f``:
    the same JSON value, inert on a terminal. (Those characters can only occur inside
    JSON strings, where ``\\uXXXX`` means the same character.)"""
    return _DEL_AND_C1.sub(_escape, dumped)


# Inline Markdown syntax, escaped with a backslash wherever it occurs: code, emphasis,
# strikethrough, link and image brackets (which also disarm "![…](…)"), table pipes,
# the escape character itself.
_MARKDOWN_INLINE = re.compile(r"([\\`*_~\[\]|])")
# What starts a block when it opens a line: a heading (#), a list item (- + or "1."
# "1)"), a setext underline or thematic break (= -). (A blockquote's ">" is already
# "&gt;"; "*" is escaped everywhere.)
_MARKDOWN_LINE_START = re.compile(r"^([ \t]*)(#|[-+=]|\d+(?=[.)]))", re.MULTILINE)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def escape_markdown(text: str, *, line_break: str = "<br>") -> str:
    """``text`` as Markdown shows it literally (CommonMark and GitHub tables).

    Control characters as :func:`printable`; ``&``, ``<`` and ``>`` as entities, so no
    HTML tag, comment or autolink survives; inline syntax (``\\ ` * _ ~ [ ] |``)
    backslash-escaped, so no emphasis, code, link, image or table column; a heading
    mark, list marker, ordered-list number or underline at the start of a line escaped
    too. Each line break becomes ``line_break``: ``<br>`` keeps a table cell on one row;
    a blockquote passes ``"  \\n> "``.
    """
    text = printable(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_INLINE.sub(r"\\\1", text)
    text = _MARKDOWN_LINE_START.sub(lambda m: m.group(1) + (
        m.group(2) + "\\" if m.group(2)[0].isdigit() else "\\" + m.group(2)), text)
    return _LINE_BREAK.sub(lambda _m: line_break, text)


def escape_html(text: str) -> str:
    """``text`` as HTML shows it literally, in an element or a quoted attribute."""
    return html.escape(printable(text), quote=True)
