"""The `check` command: read coverage, call the checker, print findings."""

from __future__ import annotations

import datetime
import sys

import click

from .options import format_option, jobs_option, pass_state, progress


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="FILE|URL... | DIR | -")
@format_option("text", "json", "jsonl", "markdown", "claimreview")
@click.option("--lang", help="Language of the coverage; skips detection.")
@click.option("--sentences", is_flag=True, help="Also check every sentence, not only quoted passages.")
@click.option("--fail-on", type=click.Choice(["ok", "warn", "error"]), default="error", show_default=True,
              help="Exit 1 when a finding reaches this severity.")
@click.option("--min-score", type=click.FloatRange(0, 100), help="Matching threshold (0–100) instead of the calibrated one.")
@click.option("--langid", "langid_backend", type=click.Choice(["py3langid", "langdetect"]), default="py3langid",
              show_default=True, help="Language identification backend.")
@click.option("--hide-unknown", is_flag=True,
              help="Text output: leave out the passages that match nothing (the summary still counts them).")
@click.option("--organization", envvar="QUOTES_ORGANIZATION", default="quotes", show_default=True,
              help="ClaimReview: the organisation publishing the review (its author). Also QUOTES_ORGANIZATION.")
@click.option("--record", is_flag=True,
              help="Record each finding that names a quote as a sighting (quotes sightings, quotes drift).")
@jobs_option("checking documents (one per core)")
@pass_state
def check(cli_state, inputs, output_format, lang, sentences, fail_on, min_score, langid_backend, hide_unknown,
          organization, record, jobs):
    """Check coverage against the registry: verbatim, excerpt, altered, translation… per quoted passage.

    Reads text and Markdown files, web pages (.html/.htm files, or http(s) URLs: the
    article's main text, fetched within 15 s, 5 MB and 5 redirects), Word .docx files,
    folders of these (recursively; other files are listed as skipped) or - for standard
    input. Documents past the limits of the work they cost (pages over 10,000 tags, Word
    files over 2 MB of XML, texts over 500,000 characters or 500 passages) are skipped
    with the reason. The text output ends with a summary by verdict and severity. Exit status 0
    when nothing reaches --fail-on, 1 when a finding does, 2 on bad input (unreadable
    files and pages that cannot be fetched are skipped, reported at the end, and make the
    status 2). --record stores what names a registered quote as a sighting, one per page,
    passage and quote however often checked, each page in one transaction; nothing else in
    the registry changes. --format claimreview writes schema.org ClaimReview JSON-LD for fact-checkers:
    one review per passage that matches a registered quote, rated Accurate quote,
    Misquoted, Misattributed or Translated, not verbatim.

    \b
    Examples:
      quotes check seeds/coverage/musk-altman-openai.txt
      quotes check https://example.com/news/article.html --hide-unknown
      quotes check https://example.com/news/article.html --record
      quotes check articles/ --jobs 2 --format jsonl --fail-on warn > findings.jsonl
      quotes check https://example.com/news/article.html --format claimreview --organization "Daily Desk"
    """
    from quotes.checking.batch import check_inputs
    from quotes.checking.check import reaches, require_quotes
    from quotes.display import printable
    from quotes.checking.report import Tally, render_json, render_jsonl, render_markdown, render_summary, render_text
    from quotes.languages import parse_language
    from quotes.translations.machine import machine_translator

    if hide_unknown and output_format != "text":
        raise click.UsageError("--hide-unknown applies to --format text only")
    require_quotes(cli_state.registry)  # before any worker starts (--jobs)
    recorder, recorded = None, []
    if record:
        from quotes.checking.lineage import Recorder
        from quotes.registry.registry import current_user

        recorder = Recorder(cli_state.registry, checked_by=current_user())
    outcomes = check_inputs(
        cli_state.registry, inputs, jobs=jobs, translator_factory=machine_translator,
        lang=parse_language(lang, field="lang") if lang else None, sentences=sentences, min_score=min_score,
        langid_backend=langid_backend,
    )
    # Notes and skipped inputs are said after the findings: on a terminal, a progress bar holds the last line.
    reports, notes, skipped, found, tally, unread = [], [], [], False, Tally(), 0
    # On a terminal, a bar unless the findings print there too, and only for several documents.
    with progress("checking", shown=not sys.stdout.isatty() and len(outcomes) > 1) as tell:
        for done, outcome in enumerate(outcomes, 1):
            tell(done, len(outcomes))  # the outcome is in: count it before its output
            if outcome.problem or outcome.skipped:
                skipped.append(outcome.problem or outcome.skipped)
                unread += bool(outcome.problem)
                continue
            report = outcome.report
            tally.add(report)
            if recorder is not None:
                recorded.append(recorder.record(report))
            found = found or any(reaches(f.severity, fail_on) for f in report.findings)
            if report.encoding not in ("utf-8", "utf-8-sig"):
                notes.append(f"{report.path} read as {report.encoding}")
            notes.extend(f"{report.path}: {note}" for note in report.notes)
            if output_format in ("json", "claimreview"):
                reports.append(report)
            elif output_format == "jsonl":
                click.echo(render_jsonl(report))
            else:
                click.echo(render_text(report, style=click.style, hide_unknown=hide_unknown)
                           if output_format == "text" else render_markdown(report))
    if output_format == "json":
        click.echo(render_json(reports))
    if output_format == "claimreview":
        from quotes.formats.claimreview import render_claimreview

        click.echo(render_claimreview(reports, cli_state.registry.get_quote, organization=organization,
                                      reviewed_on=datetime.date.today().isoformat()))
    if output_format == "text" and tally.documents > 1:
        click.echo(render_summary(tally, documents=True, unread=unread, hide_unknown=hide_unknown, style=click.style))
    if recorder is not None:
        from quotes.checking.lineage import Recorded

        notes.append(str(Recorded([s for r in recorded for s in r.new], sum(r.seen_before for r in recorded))))
    for note in notes:
        click.echo(printable(f"note: {note}"), err=True)
    for problem in skipped:
        click.echo(printable(f"skipped: {problem}"), err=True)
    if unread:
        sys.exit(2)
    if found:
        sys.exit(1)


COMMANDS = [check]
