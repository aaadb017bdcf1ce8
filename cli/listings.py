"""Listings (`list`, `renditions`, `history`, `mt list`) in the four formats SPEC names,
rendered here once: ``table`` for people, ``json``, ``jsonl`` and ``csv`` for programs.

A listing is a list of records (dicts with the same keys, documented by the command) and
the lines of its table. JSON is one array; JSON Lines one record a line; CSV a header row
of the record's keys, then a row a record, a nested value (a list, an object) as its JSON
text, null as an empty cell. Stored text is shown, never obeyed by the terminal: the table
through ``quotes.display.printable``, JSON with DEL and C1 escaped too; CSV keeps text as
stored, quoted as the csv module quotes it (a spreadsheet reads it back as stored).

Nothing here imports the library at module level: `quotes --help` must start fast.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Callable, Iterable

import click

LISTING_FORMATS = ("table", "json", "jsonl", "csv")


def listing_format_option(function):
    """``--format table|json|jsonl|csv``, the same on every listing."""
    return click.option(
        "--format", "output_format", type=click.Choice(LISTING_FORMATS), default="table", show_default=True,
        help="table for people; json (one array), jsonl (a record a line) or csv (a header row, nested values as "
             "JSON) for programs.",
    )(function)


def echo_listing(records: list[dict], output_format: str, table: Callable[[], Iterable[str]]) -> None:
    """Print ``records`` in ``output_format``; ``table`` gives the lines of the table format."""
    if output_format == "json":
        echo_json(json.dumps(records, ensure_ascii=False, indent=2))
    elif output_format == "jsonl":
        for record in records:
            echo_json(json.dumps(record, ensure_ascii=False))
    elif output_format == "csv":
        click.echo(_csv(records), nl=False)
    else:
        echo_text(*table())


def _csv(records: list[dict]) -> str:
    if not records:
        return ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(records[0]), lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({key: json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value
                         for key, value in record.items()})
    return out.getvalue()


def echo_text(*lines: str) -> None:
    """Print lines for people: stored text in them is shown, never obeyed by the terminal
    (control characters made visible, ``quotes.display.printable``)."""
    from quotes.display import printable

    for line in lines:
        click.echo(printable(line))


def echo_json(dumped: str) -> None:
    """Print JSON with DEL and C1 controls escaped too (``json.dumps`` escapes only C0)."""
    from quotes.display import printable_json

    click.echo(printable_json(dumped))


def count(n: int, noun: str) -> str:
    """``1 quote``, ``2 quotes``: a listing's last table line."""
    return f"{n} {noun}{'s' if n != 1 else ''}"
