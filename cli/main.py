"""The `quotes` command: options, library calls, output. No logic of its own."""

from __future__ import annotations

import click

from . import check_commands, registry_commands, translation_commands
from .options import Failure, State


class QuotesGroup(click.Group):
    """Turns every library error into a one-line message with exit status 2."""

    def invoke(self, ctx: click.Context):
        from quotes.errors import QuotesError

        try:
            return super().invoke(ctx)
        except QuotesError as error:
            raise Failure(str(error)) from None


@click.group(cls=QuotesGroup)
@click.option(
    "--db", metavar="PATH|URL", envvar="QUOTES_DB",
    help="Registry database: a SQLite file (default: quotes.db in your data directory) or a postgresql:// URL. Also QUOTES_DB.",
)
@click.version_option(package_name="quotes")
@click.pass_context
def cli(ctx: click.Context, db: str | None):
    """Keep quotes as first said, their reviewed translations, and check coverage for drift.

    \b
    Example:
      quotes --db demo.db import seeds/registry.jsonl
      quotes --db demo.db list
    """
    ctx.obj = State(db)
    ctx.call_on_close(ctx.obj.close)


for module in (registry_commands, translation_commands, check_commands):
    for command in module.COMMANDS:
        cli.add_command(command)
