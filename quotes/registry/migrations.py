"""Upgrades of an older registry, step by step up to ``schema.SCHEMA_VERSION``; run by
``quotes.registry.store.Store`` when it opens a database, in one transaction."""

from __future__ import annotations

from sqlalchemy import Connection

from quotes.registry.index import rebuild
from quotes.registry.schema import (
    ACCOUNT_TABLES,
    DRIFT_TABLES,
    INDEX_TABLES,
    SCHEMA_VERSION,
    V1_TABLES,
    meta,
    metadata,
)


def _migrate_to_1(conn: Connection) -> None:
    metadata.create_all(conn, tables=V1_TABLES)


def _migrate_to_2(conn: Connection) -> None:
    """Version 2's index kept one row per posting; version 3 replaced it wholesale, so a
    version-1 database goes straight to version 3's index."""


def _migrate_to_3(conn: Connection) -> None:
    """(Re)create the word index in its current layout and fill it from the texts registered."""
    for name in ("postings", "terms", "targets"):  # version 2's tables, where present
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
    metadata.create_all(conn, tables=INDEX_TABLES)
    rebuild(conn)


def _migrate_to_4(conn: Connection) -> None:
    """The desk's accounts: users, their API tokens, recent sign-in attempts."""
    metadata.create_all(conn, tables=ACCOUNT_TABLES)


def _migrate_to_5(conn: Connection) -> None:
    """The drift map: sightings (where registered quotes were seen printed), the feeds
    `quotes watch` follows and the items it has read."""
    metadata.create_all(conn, tables=DRIFT_TABLES)


MIGRATIONS = {1: _migrate_to_1, 2: _migrate_to_2, 3: _migrate_to_3, 4: _migrate_to_4, 5: _migrate_to_5}


def migrate(conn: Connection, current: int) -> None:
    """Bring a database at schema version ``current`` (0: empty) to today's."""
    if current == 0:
        meta.create(conn, checkfirst=True)
    for version in range(current + 1, SCHEMA_VERSION + 1):
        MIGRATIONS[version](conn)
    if current == 0:
        conn.execute(meta.insert().values(key="schema_version", value=str(SCHEMA_VERSION)))
    else:
        conn.execute(meta.update().where(meta.c.key == "schema_version").values(value=str(SCHEMA_VERSION)))
