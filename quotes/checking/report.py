"""Check reports for people and programs: text (with the diff line and a summary line),
Markdown and JSON. One rendering, used by the command line and the desk.

Passages, registered texts, names and notes come from articles and the registry: each
rendering shows them through its format's function in :mod:`quotes.display` (control
characters made visible in text, Markdown and HTML markup made literal, JSON escaped).
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from typing import Iterable, Protocol

from quotes.checking.check import Report
from quotes.display import escape_markdown, printable, printable_json


class Style(Protocol):
    def __call__(self, text: str, **styles) -> str: ...


def plain(text: str, **_styles) -> str:
    """No colour: the text as it is (files, pipes, the desk)."""
    return text


VERDICT_COLOURS = {"info": "cyan", "ok": "green", "warn": "yellow", "error": "red"}


def diff_line(changes, style: Style = plain) -> str:
    """The passage as a diff against the registered text: [-deleted-] {+inserted+}."""
    parts = []
    for change in changes:
        if change.op == "keep":
            parts.append(change.target)
            continue
        if change.source:
            parts.append(style(f"[-{change.source}-]", fg="red"))
        if change.target:
            parts.append(style(f"{{+{change.target}+}}", fg="green"))
        if change.flags:
            parts.append(style(f"({', '.join(change.flags)})", dim=True))
    return " ".join(parts)


def _printable(value):
    """``value`` (a report, its findings, their changes…) with every string in it passed
    through :func:`printable`, before ``style`` adds escapes of its own."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_printable(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: _printable(getattr(value, f.name))
                                             for f in dataclasses.fields(value) if f.init})
    return value


def render_text(report: Report, style: Style = plain, *, hide_unknown: bool = False) -> str:
    """The report for people: the document (its title and URL when it has them), one block
    per finding with the diff line, and a summary line (:func:`render_summary`);
    ``hide_unknown`` leaves out the blocks of ``unknown`` findings, which the summary still
    counts. ``style`` colours it (``click.style`` on a terminal). No control character of
    the document or the registry reaches the output (:func:`quotes.display.printable`)."""
    tally = Tally()
    tally.add(report)
    report = _printable(report)
    lines = [style(f"{report.path}", bold=True) + f"  [{report.lang}, {report.encoding}]  "
             f"{_count(len(report.findings), 'passage')}"]
    if report.title:
        lines.append(f"  title: {report.title}")
    if report.url and report.url != report.path:
        lines.append(f"  url:   {report.url}")
    for f in report.findings:
        if hide_unknown and f.verdict == "unknown":
            continue
        count = f"  ×{f.count}" if f.count > 1 else ""
        flags = f"  flags: {', '.join(f.flags)}" if f.flags else ""
        where = f" (paragraph {f.paragraph}, line {f.line})" if f.paragraph is not None else ""
        lines.append("")
        lines.append(style(f"{f.verdict}  {f.severity}", fg=VERDICT_COLOURS[f.severity], bold=True)
                     + f"  score {f.score:.1f}  [{f.lang}]  at {f.start}–{f.end}{where}{count}{flags}")
        lines.append(f"  passage:   “{f.passage}”")
        if f.quote_id:
            if f.rendition_id:
                lines.append(f"  matches:   rendition {f.rendition_id} ({f.rendition_state}) of {f.quote_id}, {f.speaker}")
                lines.append(f"  rendition: “{f.matched_text}”")
            else:
                lines.append(f"  matches:   {f.quote_id}, {f.speaker}")
            lines.append(f"  original:  “{f.original}”")
            if f.renders:
                lines.append(f"  renders:   “{f.matched_text[f.renders[0]:f.renders[1]]}”")
            if f.machine_translation:
                lines.append(f"  machine translation of the passage: “{f.machine_translation}”")
            if f.approved_rendition:
                lines.append(f"  approved rendition: “{f.approved_rendition}”")
            if f.reviewer_note:
                lines.append(f"  reviewer note: {f.reviewer_note}")
            if any(c.op != "keep" for c in f.changes):
                lines.append(f"  diff:      {diff_line(f.changes, style)}")
        elif f.suggestion:
            s = f.suggestion
            lines.append(f"  nearest:   {s.quote_id}{' rendition ' + s.rendition_id if s.rendition_id else ''}"
                         f" (score {s.score:.1f}, below the matching threshold): “{s.text}”")
        if f.reason:
            lines.append(f"  why:       {UNKNOWN_REASONS[f.reason]}")
        if f.attributed_to:
            lines.append(f"  attributed to: {f.attributed_to}")
    lines.append("")
    lines.append(render_summary(tally, hide_unknown=hide_unknown, style=style))
    return "\n".join(lines) + "\n"


UNKNOWN_REASONS = {
    "no-match": "no-match: nothing registered is close",
    "near": "near: the nearest registered text is below the matching threshold",
    "speaker-known": "speaker-known: the speaker is registered, but this is none of their registered statements",
    "translation-unchecked": "translation-unchecked: nothing registered is in this language and no machine "
                             "translation model is installed",
}

VERDICT_ORDER = ("verbatim", "excerpt", "altered", "translation", "altered-translation", "unreviewed-translation",
                 "unknown")
"""The order of verdicts in a summary (SPEC's table); any other verdict follows, by name."""


@dataclasses.dataclass
class Tally:
    """Findings counted by verdict and by (verdict, severity), over one document or many:
    ``add`` each report as it comes (the command line streams them)."""

    documents: int = 0
    passages: int = 0
    verdicts: Counter = dataclasses.field(default_factory=Counter)
    severities: Counter = dataclasses.field(default_factory=Counter)

    def add(self, report: Report) -> None:
        self.documents += 1
        self.passages += len(report.findings)
        self.verdicts.update(f.verdict for f in report.findings)
        self.severities.update((f.verdict, f.severity) for f in report.findings)


def render_summary(tally: Tally, *, documents: bool = False, unread: int = 0, hide_unknown: bool = False,
                   style: Style = plain) -> str:
    """One line: ``summary: 5 passages — verbatim 2, altered 1 (error 1), unknown 2``.

    Verdicts in :data:`VERDICT_ORDER`, each with its count and, in brackets, how many of
    them are ``error`` and ``warn``; ``unknown`` says ``hidden`` when its findings were
    left out. ``documents`` puts the number of documents first (the line for all the
    documents of a run), ``unread`` the number of inputs that could not be read.
    """
    head = []
    if documents:
        head.append(_count(tally.documents, "document"))
        if unread:
            head.append(f"{unread} not read")
    head.append(_count(tally.passages, "passage"))
    order = [v for v in VERDICT_ORDER if tally.verdicts[v]] + sorted(set(tally.verdicts) - set(VERDICT_ORDER))
    parts = []
    for verdict in order:
        marks = [f"{severity} {tally.severities[verdict, severity]}" for severity in ("error", "warn")
                 if tally.severities[verdict, severity]]
        if hide_unknown and verdict == "unknown":
            marks.append("hidden")
        part = f"{verdict} {tally.verdicts[verdict]}" + (f" ({', '.join(marks)})" if marks else "")
        worst_severity = next((s for s in ("error", "warn") if tally.severities[verdict, s]), None)
        parts.append(style(part, fg=VERDICT_COLOURS[worst_severity]) if worst_severity else part)
    return style("summary:", bold=True) + f" {', '.join(head)}" + (f" — {', '.join(parts)}" if parts else "")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


def render_markdown(report: Report) -> str:
    """The report as a Markdown table, one row per finding; every text in it escaped
    (:func:`quotes.display.escape_markdown`: no markup, one row per finding)."""
    md = escape_markdown
    lines = [f"## {md(report.path)} ({md(report.lang)})", "",
             "| verdict | severity | score | passage | matches | flags |", "| --- | --- | --- | --- | --- | --- |"]
    for f in report.findings:
        cells = [md(f.verdict), md(f.severity), f"{f.score:.1f}", f"“{md(f.passage)}”",
                 md(" ".join(x for x in (f.quote_id, f.rendition_id) if x)), md(", ".join(f.flags))]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def render_json(reports: Iterable[Report], **more) -> str:
    """``check --format json``: every document in one object (SPEC "check --format json");
    ``more`` are further members of it (the desk's API adds what it recorded)."""
    return printable_json(json.dumps({"documents": [r.as_json() for r in reports], **more}, ensure_ascii=False,
                                     indent=2))


def render_jsonl(report: Report) -> str:
    """One document a line, as each is checked."""
    return printable_json(json.dumps(report.as_json(), ensure_ascii=False))
