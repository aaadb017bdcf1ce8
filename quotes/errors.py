"""Typed errors of the library. The CLI turns each into a one-line message and exit status 2."""


class QuotesError(Exception):
    """Bad input or a state the registry refuses; the message says what and where."""


class NotFound(QuotesError):
    """An id or prefix names nothing in the registry."""


class AmbiguousId(QuotesError):
    """A prefix names more than one record; the message lists some of them."""


class InvalidInput(QuotesError, ValueError):
    """A value given by the user (date, language code, status, text) is not acceptable.

    ``field`` names the value as the library calls it (``lang``, ``said_on``, ``text``):
    the message reads "lang: 'xx' is not a language code", and a front end that names the
    value otherwise (the CLI's ``--lang``, the desk's form field) maps ``field`` to its own
    name and shows ``problem``.
    """

    def __init__(self, problem: str, *, field: str | None = None):
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}" if field else problem)


class ImportFailed(QuotesError):
    """An import was refused as a whole; the message names the file and line."""


class StoreError(QuotesError):
    """The database cannot be opened or written: not a quotes database, locked, or too new."""


class NoSuchRegistry(StoreError):
    """A command that does not create a registry was given a location holding none: no
    such SQLite file, or a database (an empty file too) without quotes' tables."""


class RegistryLocked(StoreError):
    """Another writer held the registry for longer than the lock timeout (``QUOTES_LOCK_TIMEOUT``)."""


class ReadOnlyRegistry(StoreError):
    """A write to a registry opened read-only (asked for, or its file cannot be written)."""


class EmptyRegistry(QuotesError):
    """The registry holds no quotes, and what was asked needs some (checking coverage)."""


class CoverageError(QuotesError):
    """An input file or page cannot be read as a text document; the message names it."""
