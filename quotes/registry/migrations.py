"""Upgrades of an older registry, step by step up to ``schema.SCHEMA_VERSION``; run by
``quotes.registry.store.Store`` when it opens a database, in one transaction."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import Connection, inspect

from quotes.registry.index import rebuild
from quotes.registry.schema import (
    ACCOUNT_TABLES,
    DRIFT_TABLES,
    INDEX_TABLES,
    SCHEMA_VERSION,
    TOKEN_DAYS,
    V1_TABLES,
    api_tokens,
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
    """The desk's accounts: users, their API tokens, recent sign-in attempts (made in
    today's layout, which version 5's step then finds in place)."""
    metadata.create_all(conn, tables=ACCOUNT_TABLES)


def _migrate_to_5(conn: Connection) -> None:
    """The drift map: sightings (where registered quotes were seen printed), the feeds
    `quotes watch` follows and the items it has read."""
    metadata.create_all(conn, tables=DRIFT_TABLES)


def _migrate_to_6(conn: Connection) -> None:
    """Sessions kept on the server; API tokens with an id, a label and an expiry; sign-in
    attempts counted per client address too.

    A version-4 token keeps working, for TOKEN_DAYS from the upgrade: its scripts go on,
    and it can now be listed (labelled as made before tokens had names) and revoked. The
    sign-in attempts of the last minutes are dropped (they had no client address)."""
    columns = {name: {column["name"] for column in inspect(conn).get_columns(name)}
               for name in ("api_tokens", "login_attempts")}
    if "id" not in columns["api_tokens"]:
        old_tokens = conn.exec_driver_sql("SELECT token_sha256, user_id, created_at FROM api_tokens").all()
        conn.exec_driver_sql("DROP TABLE api_tokens")
        metadata.create_all(conn, tables=[api_tokens])
        expires_at = (datetime.now(timezone.utc) + timedelta(days=TOKEN_DAYS)).isoformat(timespec="seconds")
        for token_id, (token_sha256, user_id, created_at) in zip(_ids_from_hashes([row[0] for row in old_tokens]),
                                                                 old_tokens):
            conn.execute(api_tokens.insert().values(
                id=token_id, token_sha256=token_sha256, user_id=user_id, label="made before tokens had names",
                created_at=created_at, expires_at=expires_at))
    if "client" not in columns["login_attempts"]:
        conn.exec_driver_sql("DROP TABLE login_attempts")
    metadata.create_all(conn, tables=ACCOUNT_TABLES)  # sessions, and login_attempts if dropped


def _ids_from_hashes(hashes: list[str]) -> list[str]:
    """Ids for tokens made before tokens had ids: the start of each one's hash (``t-3fa9c2``),
    as many digits as keep them apart."""
    length = 6
    while len({h[:length] for h in hashes}) < len(hashes):
        length += 1
    return [f"t-{h[:length]}" for h in hashes]


MIGRATIONS = {1: _migrate_to_1, 2: _migrate_to_2, 3: _migrate_to_3, 4: _migrate_to_4, 5: _migrate_to_5,
              6: _migrate_to_6}


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
