"""Option bundles shared by commands, defined once, and the lazily opened registry.

Nothing here imports the library at module level: `quotes --help` must start fast.
"""

from __future__ import annotations

import functools

import click


class Failure(click.ClickException):
    """A library error, shown as one line; exit status 2 as SPEC asks for bad input."""

    exit_code = 2


class State:
    """What the group's options set up for the command: the database location, opened on first use."""

    def __init__(self, db: str | None):
        self.db = db
        self._registry = None

    @property
    def registry(self):
        if self._registry is None:
            from quotes.registry import Registry
            from quotes.store import default_location

            self._registry = Registry(self.db or default_location())
        return self._registry

    def close(self) -> None:
        if self._registry is not None:
            self._registry.close()


pass_state = click.make_pass_decorator(State)


def format_option(*choices: str, default: str | None = None):
    """``--format`` with the given choices, the first being the default unless said."""
    return click.option(
        "--format", "output_format", type=click.Choice(choices), default=default or choices[0], show_default=True,
        help="Output format.",
    )


def jobs_option(work: str):
    """``--jobs N``: how many worker processes do ``work``."""
    return click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
                        help=f"Worker processes {work}.")


def registry_command(function):
    """Give a command the open registry as its first argument."""

    @pass_state
    @functools.wraps(function)
    def wrapper(cli_state: State, *args, **kwargs):
        return function(cli_state.registry, *args, **kwargs)

    return wrapper
