"""quotes: a registry of statements as first made, their reviewed translations, and a
checker for quote drift.

The public surface, for scripts and the desk (imported on first use, so that
``quotes --help`` stays light)::

    from quotes import Registry, Checker, Document

Everything else is reachable by its module (``quotes.registry.registry``, ``quotes.checking.check``, …) but
may move between releases.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "Registry": "quotes.registry.registry",
    "TranslationCache": "quotes.registry.registry",
    "Checker": "quotes.checking.check",
    "Finding": "quotes.checking.check",
    "Report": "quotes.checking.check",
    "Document": "quotes.checking.coverage",
    "read_document": "quotes.checking.coverage",
    "Quote": "quotes.registry.models",
    "Rendition": "quotes.registry.models",
    "ReviewState": "quotes.registry.models",
    "QuotesError": "quotes.errors",
    "InvalidInput": "quotes.errors",
    "NotFound": "quotes.errors",
    "import_jsonl": "quotes.formats.jsonl",
    "export_jsonl": "quotes.formats.jsonl",
    "render_text": "quotes.checking.report",
    "render_markdown": "quotes.checking.report",
    "render_json": "quotes.checking.report",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'quotes' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
