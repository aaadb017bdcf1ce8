"""Checking many documents: inputs expanded and read in order, checked on several cores,
results streamed in input order, bad inputs reported and skipped rather than fatal.

Each worker process opens the registry itself (SQLite in WAL mode, or PostgreSQL, serve
concurrent readers) and builds one ``Checker`` for all the documents it is given. A
worker that cannot start fails the batch once, with its reason (``WorkerFailed``).
"""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from quotes.checking.check import Checker, MachineTranslator, Report
from quotes.checking.coverage import Document, Skipped, iter_inputs, read_document
from quotes.errors import QuotesError
from quotes.registry.registry import Registry


@dataclass(frozen=True)
class Outcome:
    """One input: its report; or the ``problem`` that kept it from being read (an error:
    a missing or unreadable file, a page that could not be fetched); or, for a file of a
    folder that is not coverage (``skipped``), why it was left out."""

    path: str
    report: Report | None = None
    problem: str | None = None
    skipped: str | None = None


class WorkerFailed(QuotesError):
    """A worker process could not start (its registry would not open, its checker or
    machine translator failed to build): the batch stops instead of starting it again."""


TranslatorFactory = Callable[[Registry], MachineTranslator | None]


def expand(inputs: Iterable[str]) -> list[str | Path | Skipped | Outcome]:
    """Every input, folders expanded into their files, in order, nothing read or fetched
    yet (so the batch's size is known at once); a ``given`` input that names nothing
    readable is an Outcome saying why."""
    expanded: list[str | Path | Skipped | Outcome] = []
    for given in inputs:
        try:
            for item in iter_inputs([given]):  # one by one: a folder's files before its error are kept
                expanded.append(item)
        except QuotesError as error:
            expanded.append(Outcome(given, problem=str(error)))
    return expanded


def documents(expanded: Iterable[str | Path | Skipped | Outcome]) -> Iterator[Document | Outcome]:
    """The documents of :func:`expand`'s items (pages fetched), or an Outcome saying why
    not, in order."""
    for item in expanded:
        if isinstance(item, Outcome):
            yield item
        elif isinstance(item, Skipped):
            yield Outcome(item.path, skipped=str(item))
        else:
            try:
                yield read_document(item)
            except QuotesError as error:
                yield Outcome(str(item), problem=str(error))


class Batch:
    """The outcomes of checking ``inputs``, in input order, as soon as each is ready
    (iterate it once). Documents are read here (standard input too) and checked here or,
    with ``jobs`` > 1, in worker processes that open the same registry. ``len`` is the
    number of inputs, folders expanded, known before any is read: a progress bar's total."""

    def __init__(self, registry: Registry, inputs: Iterable[str], *, jobs: int = 1,
                 translator_factory: TranslatorFactory | None = None, **checker_options):
        self.registry = registry
        self.items = expand(inputs)
        self.jobs = jobs
        self.translator_factory = translator_factory
        self.checker_options = checker_options

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Outcome]:
        items = documents(self.items)
        if self.jobs <= 1:
            checker = _checker(self.registry, self.translator_factory, self.checker_options)
            for item in items:
                yield item if isinstance(item, Outcome) else _checked(checker, item)
            return
        context = multiprocessing.get_context("spawn")
        initargs = (self.registry.store.location, self.translator_factory, self.checker_options)
        with context.Pool(self.jobs, initializer=_start_worker, initargs=initargs) as pool:
            yield from pool.imap(_check_in_worker, items, chunksize=4)


def check_inputs(registry: Registry, inputs: Iterable[str], *, jobs: int = 1,
                 translator_factory: TranslatorFactory | None = None, **checker_options) -> Batch:
    """The :class:`Batch` checking ``inputs`` with the checker options of ``Checker``."""
    return Batch(registry, inputs, jobs=jobs, translator_factory=translator_factory, **checker_options)


def _checker(registry: Registry, translator_factory: TranslatorFactory | None, options: dict) -> Checker:
    translator = translator_factory(registry) if translator_factory else None
    return Checker(registry, machine_translator=translator, **options)


_worker_checker: Checker | None = None
_worker_failure: str | None = None


def _start_worker(location: str, translator_factory: TranslatorFactory | None, options: dict) -> None:
    global _worker_checker, _worker_failure
    # An initializer that raises kills its process, and the pool starts another in its
    # place, which fails the same way, forever. So the failure is kept, and the worker's
    # first task reports it to the parent instead. Any exception: whatever it is, the
    # worker cannot check anything.
    try:
        _worker_checker = _checker(Registry(location), translator_factory, options)
    except Exception as error:  # noqa: BLE001
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        _worker_failure = reason if isinstance(error, QuotesError) else f"{type(error).__name__}: {reason}"


def _check_in_worker(item: Document | Outcome) -> Outcome:
    if _worker_failure is not None:
        raise WorkerFailed(f"a worker process could not start: {_worker_failure}")
    if isinstance(item, Outcome):
        return item
    return _checked(_worker_checker, item)


def _checked(checker: Checker, document: Document) -> Outcome:
    """The document's report, or why it was not checked (past a limit of :mod:`quotes.checking.limits`)."""
    try:
        return Outcome(document.path, checker.check(document))
    except QuotesError as error:
        return Outcome(document.path, problem=str(error))
