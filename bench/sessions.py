"""What signing in costs each request: the session lookup of every page request and the
token lookup of every API request, with many sessions and tokens in the registry.

    python bench/sessions.py [--rows 100000] [--lookups 2000] [--backends sqlite,postgresql]

Per backend: a registry with one user, ``--rows`` sessions and ``--rows`` tokens of other
users (bulk-inserted rows of the shape the desk writes), then ``--lookups`` warm calls of
``user_for_session`` and of ``user_for_token`` (the token's last use already written this
hour, so no write), and, as the baseline, a user read by id (what a page request cost
before sessions lived in the registry). Prints median and p95 in milliseconds.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg  # noqa: E402
from sqlalchemy import select  # noqa: E402

from quotes.registry import schema as t  # noqa: E402
from quotes.registry.accounts import add_user, new_token, start_session, user_for_session, user_for_token  # noqa: E402
from quotes.registry.registry import Registry, now  # noqa: E402

POSTGRES_ADMIN = os.environ.get("QUOTES_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


def fill(registry: Registry, rows: int) -> None:
    """``rows`` sessions and tokens of another user, as the desk writes them."""
    other = add_user(registry, "Other", role="translator", password="a long password")
    later = "2999-01-01T00:00:00+00:00"
    with registry.store.write() as conn:
        for start in range(0, rows, 10_000):
            batch = range(start, min(rows, start + 10_000))
            conn.execute(t.sessions.insert(), [
                {"id_sha256": hashlib.sha256(secrets.token_bytes(32)).hexdigest(), "user_id": other.id,
                 "created_at": now(), "expires_at": later} for _ in batch])
            conn.execute(t.api_tokens.insert(), [
                {"id": f"t-bench{i:08d}", "token_sha256": hashlib.sha256(secrets.token_bytes(32)).hexdigest(),
                 "user_id": other.id, "created_at": now(), "expires_at": later} for i in batch])


def timed(call, lookups: int) -> tuple[float, float]:
    call()  # warm
    times = []
    for _ in range(lookups):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95)]


def measure(location: str, rows: int, lookups: int) -> dict[str, tuple[float, float]]:
    registry = Registry(location)
    try:
        user = add_user(registry, "Deniz Y.", role="reviewer", password="a long password")
        fill(registry, rows)
        session = start_session(registry, user)
        token, _ = new_token(registry, "Deniz Y.")
        user_for_token(registry, token)  # its last use written: the lookups below only read

        def by_id():
            with registry.store.read() as conn:
                return conn.execute(select(t.users).where(t.users.c.id == user.id)).first()

        return {"user by id (baseline)": timed(by_id, lookups),
                "user_for_session": timed(lambda: user_for_session(registry, session), lookups),
                "user_for_token": timed(lambda: user_for_token(registry, token), lookups)}
    finally:
        registry.close()


def postgres_database():
    name = f"quotes_bench_{secrets.token_hex(4)}"
    admin = psycopg.connect(POSTGRES_ADMIN, autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    return admin, name, f"{POSTGRES_ADMIN.rsplit('/', 1)[0]}/{name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--lookups", type=int, default=2000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    options = parser.parse_args()
    for backend in options.backends.split(","):
        if backend == "sqlite":
            with tempfile.TemporaryDirectory() as folder:
                results = measure(str(Path(folder) / "quotes.db"), options.rows, options.lookups)
        else:
            admin, name, location = postgres_database()
            try:
                results = measure(location, options.rows, options.lookups)
            finally:
                admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
                admin.close()
        for what, (median, p95) in results.items():
            print(f"{backend:10}  {options.rows:>7} rows  {what:22}  median {median:.3f} ms  p95 {p95:.3f} ms")


if __name__ == "__main__":
    main()
