"""Shared fixtures: registries on SQLite (tmp_path) and, where reachable, PostgreSQL; the CLI in-process."""

from __future__ import annotations

import functools
import os
import secrets

import pytest
from click.testing import CliRunner

from quotes.cli.main import cli
from quotes.formats.jsonl import import_jsonl
from quotes.registry.registry import Registry
from tests.helpers.ids import SequentialIds
from tests.helpers.seeds import SEEDS

POSTGRES_ADMIN = os.environ.get("QUOTES_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(autouse=True)
def _quiet_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("QUOTES_USER", "tester")
    monkeypatch.delenv("QUOTES_DB", raising=False)


def _postgres_database():
    """A fresh PostgreSQL database for one test, dropped afterwards; skips when no server answers."""
    import psycopg

    name = f"quotes_test_{secrets.token_hex(4)}"
    try:
        admin = psycopg.connect(POSTGRES_ADMIN.replace("postgresql+psycopg", "postgresql"), autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_ADMIN}: {error}")
    admin.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_location(request, tmp_path):
    """A database location on each backend: the same tests prove the store on both."""
    if request.param == "sqlite":
        yield str(tmp_path / "quotes.db")
    else:
        yield from _postgres_database()


@pytest.fixture
def any_registry(db_location):
    registry = Registry(db_location)
    yield registry
    registry.close()


@pytest.fixture
def registry(tmp_path):
    registry = Registry(str(tmp_path / "quotes.db"))
    yield registry
    registry.close()


@pytest.fixture
def seeded(registry):
    import_jsonl(registry, SEEDS)
    return registry


@pytest.fixture
def run(tmp_path, monkeypatch):
    """Run the CLI against a tmp database: run("list") → click Result.

    What it registers gets ids in order (q-000001, r-000001, …): the CLI opens its registry
    through quotes.registry.registry.Registry, which here is given a SequentialIds."""
    db = str(tmp_path / "quotes.cli.db")
    monkeypatch.setattr("quotes.registry.registry.Registry", functools.partial(Registry, ids=SequentialIds()))

    def invoke(*args: str, input: str | None = None):
        return CliRunner().invoke(cli, ["--db", db, *args], input=input, catch_exceptions=False, prog_name="quotes")

    invoke.db = db
    return invoke


@pytest.fixture
def seeded_run(run):
    result = run("import", str(SEEDS))
    assert result.exit_code == 0, result.output
    return run
