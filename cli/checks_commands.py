"""The `checks` command: list the registry of checks behind a finding's flags, or the checks on renditions."""

from __future__ import annotations

import json

import click

from .options import format_option


@click.command()
@click.option("--renditions", is_flag=True, help="List the checks run on renditions at submit and approve instead.")
@format_option("table", "json")
def checks(renditions, output_format):
    """List the checks behind a finding's flags: each flag, its severity class and what it catches.

    A major change makes an altered verdict an error, a minor one a warning; a convention
    is the editor's declared change, not drift; a finding flag is about the match, not
    the words. With --renditions: the checks that compare a rendition with its original
    (an error blocks approval unless overridden with a note; a warning never does).

    \b
    Examples:
      quotes checks --format json
      quotes checks --renditions
    """
    from quotes.checking.drift import CHECKS
    from quotes.translations.checks import CHECKS as RENDITION_CHECKS

    if renditions:
        key, rows = "check", [(c.name, c.severity, c.explanation) for c in RENDITION_CHECKS.values()]
    else:
        key, rows = "flag", [(c.flag, c.severity, c.explanation) for c in CHECKS.values()]
    if output_format == "json":
        records = [{key: name, "severity": severity, "explanation": explanation} for name, severity, explanation in rows]
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    name_width = max(len(name) for name, _, _ in rows)
    severity_width = max(len(severity) for _, severity, _ in rows)
    for name, severity, explanation in rows:
        click.echo(f"{name:<{name_width}}  {severity:<{severity_width}}  {explanation}")


COMMANDS = [checks]
