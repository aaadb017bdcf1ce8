"""The `check` command: read coverage, call the checker, print findings."""

from __future__ import annotations

import contextlib
import json
import sys

import click

from .options import format_option, jobs_option, pass_state

VERDICT_COLOURS = {"info": "cyan", "ok": "green", "warn": "yellow", "error": "red"}


def _diff(changes) -> str:
    """The passage as a diff against the registered text: [-deleted-] {+inserted+}."""
    parts = []
    for change in changes:
        if change.op == "keep":
            parts.append(change.target)
            continue
        if change.source:
            parts.append(click.style(f"[-{change.source}-]", fg="red"))
        if change.target:
            parts.append(click.style(f"{{+{change.target}+}}", fg="green"))
        if change.flags:
            parts.append(click.style(f"({', '.join(change.flags)})", dim=True))
    return " ".join(parts)


def render_text(report) -> str:
    lines = [click.style(f"{report.path}", bold=True) + f"  [{report.lang}, {report.encoding}]  "
             f"{len(report.findings)} passage{'s' if len(report.findings) != 1 else ''}"]
    for f in report.findings:
        count = f"  ×{f.count}" if f.count > 1 else ""
        flags = f"  flags: {', '.join(f.flags)}" if f.flags else ""
        lines.append("")
        lines.append(click.style(f"{f.verdict}  {f.severity}", fg=VERDICT_COLOURS[f.severity], bold=True)
                     + f"  score {f.score:.1f}  [{f.lang}]  at {f.start}–{f.end}{count}{flags}")
        lines.append(f"  passage:   “{f.passage}”")
        if f.quote_id:
            if f.rendition_id:
                lines.append(f"  matches:   rendition {f.rendition_id} ({f.rendition_state}) of {f.quote_id}, {f.speaker}")
                lines.append(f"  rendition: “{f.matched_text}”")
            else:
                lines.append(f"  matches:   {f.quote_id}, {f.speaker}")
            lines.append(f"  original:  “{f.original}”")
            if f.machine_translation:
                lines.append(f"  machine translation of the passage: “{f.machine_translation}”")
            if f.approved_rendition:
                lines.append(f"  approved rendition: “{f.approved_rendition}”")
            if f.reviewer_note:
                lines.append(f"  reviewer note: {f.reviewer_note}")
            if any(c.op != "keep" for c in f.changes):
                lines.append(f"  diff:      {_diff(f.changes)}")
        elif f.suggestion:
            s = f.suggestion
            lines.append(f"  nearest:   {s.quote_id}{' rendition ' + s.rendition_id if s.rendition_id else ''}"
                         f" (score {s.score:.1f}, below the matching threshold): “{s.text}”")
        if f.attributed_to:
            lines.append(f"  attributed to: {f.attributed_to}")
    return "\n".join(lines) + "\n"


def render_markdown(report) -> str:
    lines = [f"## {report.path} ({report.lang})", "", "| verdict | severity | score | passage | matches | flags |",
             "| --- | --- | --- | --- | --- | --- |"]
    for f in report.findings:
        cells = [f.verdict, f.severity, f"{f.score:.1f}", f"“{f.passage}”",
                 " ".join(x for x in (f.quote_id, f.rendition_id) if x) or "", ", ".join(f.flags)]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="FILE... | DIR | -")
@format_option("text", "json", "jsonl", "markdown")
@click.option("--lang", help="Language of the coverage; skips detection.")
@click.option("--sentences", is_flag=True, help="Also check every sentence, not only quoted passages.")
@click.option("--fail-on", type=click.Choice(["ok", "warn", "error"]), default="error", show_default=True,
              help="Exit 1 when a finding reaches this severity.")
@click.option("--min-score", type=click.FloatRange(0, 100), help="Matching threshold (0–100) instead of the calibrated one.")
@click.option("--langid", "langid_backend", type=click.Choice(["py3langid", "langdetect"]), default="py3langid",
              show_default=True, help="Language identification backend.")
@jobs_option("checking documents (one per core)")
@pass_state
def check(cli_state, inputs, output_format, lang, sentences, fail_on, min_score, langid_backend, jobs):
    """Check coverage against the registry: verbatim, excerpt, altered, translation… per quoted passage.

    Reads files, folders (*.txt, *.md, recursively) or - for standard input. Exit status 0
    when nothing reaches --fail-on, 1 when a finding does, 2 on bad input (unreadable
    files are skipped, reported at the end, and make the status 2).

    \b
    Examples:
      quotes check seeds/coverage/musk-altman-openai.txt
      quotes check articles/ --jobs 2 --format jsonl --fail-on warn > findings.jsonl
    """
    from quotes.batch import check_inputs
    from quotes.check import reaches
    from quotes.languages import parse_language
    from quotes.translations.machine import machine_translator

    outcomes = check_inputs(
        cli_state.registry, inputs, jobs=jobs, translator_factory=machine_translator,
        lang=parse_language(lang, field="lang") if lang else None, sentences=sentences, min_score=min_score,
        langid_backend=langid_backend,
    )
    reports, skipped, found = [], [], False
    with _progress(outcomes) as outcomes:
        for outcome in outcomes:
            if outcome.problem:
                skipped.append(outcome.problem)
                continue
            report = outcome.report
            found = found or any(reaches(f.severity, fail_on) for f in report.findings)
            if report.encoding not in ("utf-8", "utf-8-sig"):
                click.echo(f"note: {report.path} read as {report.encoding}", err=True)
            if output_format == "json":
                reports.append(report)
            elif output_format == "jsonl":
                click.echo(json.dumps(report.as_json(), ensure_ascii=False))
            else:
                click.echo(render_text(report) if output_format == "text" else render_markdown(report))
    if output_format == "json":
        click.echo(json.dumps({"documents": [r.as_json() for r in reports]}, ensure_ascii=False, indent=2))
    for problem in skipped:
        click.echo(f"skipped: {problem}", err=True)
    if skipped:
        sys.exit(2)
    if found:
        sys.exit(1)


def _progress(outcomes):
    """A progress bar on a terminal's stderr when the findings go elsewhere (a file, a pipe)."""
    if sys.stderr.isatty() and not sys.stdout.isatty():
        return click.progressbar(outcomes, label="checking", file=sys.stderr, show_pos=True)
    return contextlib.nullcontext(outcomes)


COMMANDS = [check]
