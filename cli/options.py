"""Option bundles shared by commands, defined once, and the lazily opened registry.

Nothing here imports the library at module level: `quotes --help` must start fast.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from typing import Callable, Iterator

import click


class Failure(click.ClickException):
    """A library error, shown as one line; exit status 2 as SPEC asks for bad input."""

    exit_code = 2


WRITING_COMMANDS = frozenset({"add", "edit", "status", "import", "reindex", "translate", "revise", "review", "note"})
"""The commands that write to the registry, and so may create a new one where ``--db`` names
none. Every other command only reads: it opens an existing registry (read-only when its file
cannot be written) and never creates a database, so a mistyped ``--db`` is an error."""


class State:
    """What the group's options set up for the command: the database location, opened on first use."""

    def __init__(self, db: str | None):
        self.db = db
        self._registry = None

    def open_registry(self, *, writes: bool):
        """The registry at ``--db``: created when missing only for a command that ``writes``."""
        if self._registry is None:
            from quotes.registry.registry import Registry
            from quotes.registry.store import Store, default_location

            self._registry = Registry(Store(self.db or default_location(), create=writes))
        return self._registry

    @property
    def registry(self):
        """The registry for a command that only reads (``check``)."""
        return self.open_registry(writes=False)

    def close(self) -> None:
        if self._registry is not None:
            self._registry.close()

    def refused(self) -> None:
        """The command was refused: close, and delete the registry if this command created it
        and stored nothing (``Store.discard_if_new``)."""
        if self._registry is not None:
            self._registry.store.discard_if_new()
            self._registry = None


pass_state = click.make_pass_decorator(State)

DB_HELP = ("Registry database: a SQLite file (default: quotes.db in your data directory) or a postgresql:// URL. "
           "Also QUOTES_DB.")


def db_option(function):
    """``--db PATH|URL`` on the group: where the registry is."""
    return click.option("--db", metavar="PATH|URL", envvar="QUOTES_DB", help=DB_HELP)(function)


def accept_db_after(command: click.Command) -> None:
    """Let ``--db`` also follow the command's name (``quotes list --db x.db``), as
    ``--db`` before it does; then it wins over the group's and QUOTES_DB."""

    def use(ctx: click.Context, _param, value):
        if value is not None:
            ctx.ensure_object(State).db = value

    command.params.append(click.Option(["--db"], metavar="PATH|URL", expose_value=False, is_eager=True,
                                       callback=use, help=DB_HELP))
    for subcommand in getattr(command, "commands", {}).values():
        accept_db_after(subcommand)


def format_option(*choices: str, default: str | None = None):
    """``--format`` with the given choices, the first being the default unless said."""
    return click.option(
        "--format", "output_format", type=click.Choice(choices), default=default or choices[0], show_default=True,
        help="Output format.",
    )


def person_option(flag: str, help: str):
    """``--translator``, ``--reviewer`` or ``--author``: who acts, by default QUOTES_USER,
    else the login name (``quotes.registry.registry.current_user``, whom the audit log names too)."""
    return click.option(flag, default=_current_user, show_default="QUOTES_USER, else your login name", help=help)


def _current_user() -> str:
    from quotes.registry.registry import current_user

    return current_user()


def jobs_option(work: str):
    """``--jobs N``: how many worker processes do ``work``."""
    return click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
                        help=f"Worker processes {work}.")


RUNNING_COMMAND = "quotes.command"
"""Where ``registry_command`` notes the command that runs (in ``ctx.meta``, which a group's
context shares with its commands'), for an error to name that command's own option."""


def registry_command(function):
    """Give a command the open registry as its first argument: opened to write (and created
    when missing) for the commands in WRITING_COMMANDS, to read for the others."""

    @pass_state
    @functools.wraps(function)
    def wrapper(cli_state: State, *args, **kwargs):
        ctx = click.get_current_context()
        ctx.meta[RUNNING_COMMAND] = ctx.command
        writes = ctx.command.name in WRITING_COMMANDS
        return function(cli_state.open_registry(writes=writes), *args, **kwargs)

    return wrapper


@contextlib.contextmanager
def progress(label: str, *, shown: bool = True) -> Iterator[Callable[[int, int], None]]:
    """``tell(done, total)`` for long work: a bar with the position, the total and the time
    left on standard error when it is a terminal (and ``shown``); nothing where a program
    reads the output. The bar starts at the first call, when the total is known."""
    if not (shown and sys.stderr.isatty()):
        yield lambda done, total: None
        return
    with contextlib.ExitStack() as stack:
        bars: list = []

        def tell(done: int, total: int) -> None:
            if not bars:
                bars.append(stack.enter_context(click.progressbar(
                    length=total, label=label, file=sys.stderr, show_pos=True, show_eta=True)))
            bars[0].update(done - bars[0].pos)

        yield tell
