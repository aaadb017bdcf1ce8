"""The `check` command: read coverage, call the checker, print findings."""

from __future__ import annotations

import contextlib
import sys

import click

from .options import format_option, jobs_option, pass_state


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
    from quotes.check import reaches, require_quotes
    from quotes.display import printable
    from quotes.report import render_json, render_jsonl, render_markdown, render_text
    from quotes.languages import parse_language
    from quotes.translations.machine import machine_translator

    require_quotes(cli_state.registry)  # before any worker starts (--jobs)
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
                click.echo(printable(f"note: {report.path} read as {report.encoding}"), err=True)
            for note in report.notes:
                click.echo(printable(f"note: {report.path}: {note}"), err=True)
            if output_format == "json":
                reports.append(report)
            elif output_format == "jsonl":
                click.echo(render_jsonl(report))
            else:
                click.echo(render_text(report, style=click.style) if output_format == "text" else render_markdown(report))
    if output_format == "json":
        click.echo(render_json(reports))
    for problem in skipped:
        click.echo(printable(f"skipped: {problem}"), err=True)
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
