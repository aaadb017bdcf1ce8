"""A seeded registry on each backend, for tests that need the seeds on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from quotes.formats.jsonl import import_jsonl
from quotes.registry.registry import Registry
from tests.helpers.seeds import SEEDS


@pytest.fixture
def seeded_anywhere(db_location):
    """The seed registry on SQLite and on PostgreSQL (``db_location``: skipped where none answers)."""
    registry = Registry(db_location)
    import_jsonl(registry, SEEDS)
    yield registry
    registry.close()
