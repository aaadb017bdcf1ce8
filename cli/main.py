"""The `quotes` command: options, library calls, output. No logic of its own."""

from __future__ import annotations

import click

from . import (
    cat_commands,
    check_commands,
    checks_commands,
    drift_commands,
    newsletter_commands,
    registry_commands,
    serve_commands,
    translation_commands,
    user_commands,
    watch_commands,
)
from .options import RUNNING_COMMAND, Failure, State, accept_db_after, db_option


class QuotesGroup(click.Group):
    """Turns every library error into a one-line message with exit status 2, naming the
    command's own option where the library names a field (``lang`` → ``--lang``)."""

    def invoke(self, ctx: click.Context):
        try:
            return self._invoke_with_one_line_errors(ctx)
        except BaseException as error:
            succeeded = isinstance(error, click.exceptions.Exit) and error.exit_code == 0
            if not succeeded and isinstance(ctx.obj, State):
                ctx.obj.refused()  # a refused write leaves no new registry behind
            raise

    def _invoke_with_one_line_errors(self, ctx: click.Context):
        from quotes.errors import InvalidInput, QuotesError
        from quotes.translations.review import ChecksFailed, SelfReview

        try:
            return super().invoke(ctx)
        except InvalidInput as error:
            message = str(error)
            if error.field:
                message = f"{_option_for(self, ctx, error.field)}: {error.problem}"
            if isinstance(error, SelfReview) and error.overridable:
                message += " or pass --allow-self-review"
            if isinstance(error, ChecksFailed):
                message += " (--override-checks)"
            raise Failure(message) from None
        except QuotesError as error:
            raise Failure(str(error)) from None
        except click.UsageError as error:  # one line, as every other bad input: no usage block
            raise Failure(error.format_message()) from None


def _option_for(group: click.Group, ctx: click.Context, field: str) -> str:
    """The invoked command's option for a library field: the one of that name, or whose
    flag is the field's (``said_on`` → ``--said-on``); the field itself when none is. Of a
    group's commands (`user`), the one that ran, where it said so (``RUNNING_COMMAND``), else
    any of them."""
    command = ctx.meta.get(RUNNING_COMMAND) or group.get_command(ctx, ctx.invoked_subcommand or "")
    commands = [command, *getattr(command, "commands", {}).values()] if command else []
    flag = "--" + field.replace("_", "-")
    for param in (p for c in commands for p in c.params):
        if isinstance(param, click.Option) and (param.name == field or flag in param.opts):
            return max(param.opts, key=len)
    return field


@click.group(cls=QuotesGroup)
@db_option
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


for module in (registry_commands, translation_commands, cat_commands, newsletter_commands, check_commands, checks_commands,
               drift_commands, watch_commands, user_commands, serve_commands):
    for command in module.COMMANDS:
        accept_db_after(command)
        cli.add_command(command)
