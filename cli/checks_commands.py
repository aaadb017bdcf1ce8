"""The `checks` command: list the registry of checks behind a finding's flags."""

from __future__ import annotations

import json

import click

from .options import format_option


@click.command()
@format_option("table", "json")
def checks(output_format):
    """List the checks behind a finding's flags: each flag, its severity class and what it catches.

    A major change makes an altered verdict an error, a minor one a warning; a convention
    is the editor's declared change, not drift; a finding flag is about the match, not
    the words.

    \b
    Example:
      quotes checks --format json
    """
    from quotes.drift import CHECKS

    if output_format == "json":
        records = [{"flag": c.flag, "severity": c.severity, "explanation": c.explanation} for c in CHECKS.values()]
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    flag_width = max(len(flag) for flag in CHECKS)
    severity_width = max(len(c.severity) for c in CHECKS.values())
    for c in CHECKS.values():
        click.echo(f"{c.flag:<{flag_width}}  {c.severity:<{severity_width}}  {c.explanation}")


COMMANDS = [checks]
