"""Checking many documents: inputs expanded and read in order, checked on several cores,
results streamed in input order, bad inputs reported and skipped rather than fatal.

Each worker process opens the registry itself (SQLite in WAL mode, or PostgreSQL, serve
concurrent readers) and builds one ``Checker`` for all the documents it is given.
"""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from .check import Checker, MachineTranslator, Report
from .coverage import Document, Skipped, iter_inputs, read_document
from .errors import QuotesError
from .registry import Registry


@dataclass(frozen=True)
class Outcome:
    """One input: its report; or the ``problem`` that kept it from being read (an error:
    a missing or unreadable file, a page that could not be fetched); or, for a file of a
    folder that is not coverage (``skipped``), why it was left out."""

    path: str
    report: Report | None = None
    problem: str | None = None
    skipped: str | None = None


TranslatorFactory = Callable[[Registry], MachineTranslator | None]


def documents(inputs: Iterable[str]) -> Iterator[Document | Outcome]:
    """Every document named by ``inputs`` (folders expanded, pages fetched), or an Outcome
    saying why not, in input order."""
    for given in inputs:
        try:
            for path in iter_inputs([given]):
                if isinstance(path, Skipped):
                    yield Outcome(path.path, skipped=str(path))
                    continue
                try:
                    yield read_document(path)
                except QuotesError as error:
                    yield Outcome(str(path), problem=str(error))
        except QuotesError as error:
            yield Outcome(given, problem=str(error))


def check_inputs(registry: Registry, inputs: Iterable[str], *, jobs: int = 1,
                 translator_factory: TranslatorFactory | None = None, **checker_options) -> Iterator[Outcome]:
    """Outcomes in input order, as soon as each is ready. Documents are read here (standard
    input too) and checked here or, with ``jobs`` > 1, in worker processes that open the
    same registry."""
    items = documents(inputs)
    if jobs <= 1:
        checker = _checker(registry, translator_factory, checker_options)
        for item in items:
            yield item if isinstance(item, Outcome) else Outcome(item.path, checker.check(item))
        return
    context = multiprocessing.get_context("spawn")
    initargs = (registry.store.location, translator_factory, checker_options)
    with context.Pool(jobs, initializer=_start_worker, initargs=initargs) as pool:
        yield from pool.imap(_check_in_worker, items, chunksize=4)


def _checker(registry: Registry, translator_factory: TranslatorFactory | None, options: dict) -> Checker:
    translator = translator_factory(registry) if translator_factory else None
    return Checker(registry, machine_translator=translator, **options)


_worker_checker: Checker | None = None


def _start_worker(location: str, translator_factory: TranslatorFactory | None, options: dict) -> None:
    global _worker_checker
    _worker_checker = _checker(Registry(location), translator_factory, options)


def _check_in_worker(item: Document | Outcome) -> Outcome:
    if isinstance(item, Outcome):
        return item
    return Outcome(item.path, _worker_checker.check(item))
