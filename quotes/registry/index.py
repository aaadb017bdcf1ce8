"""Candidate retrieval: which registered texts a passage could be drifted from.

Every text the registry holds — each version of a quote and each revision of a
rendition, in every language — is a *target*. The index is an inverted index kept in
the registry database itself (tables ``targets`` and ``terms``, each term's postings one
binary list of target ids), written in the same transaction as the text, so it is always
consistent, survives restarts with nothing to rebuild, and runs the same SQL on SQLite
and PostgreSQL.

The terms are pairs of adjacent words (``terms_of``). A lookup reads the passage's pairs
in one query — document frequency, and the postings of those not too common — keeps the
rarest (common pairs say little and have long postings), sums their rarity (idf) per
target and returns the best-scoring targets with their texts, for the matcher to rerank.
Drift changes a few words at most, so the remaining pairs still find the source.
"""

from __future__ import annotations

import heapq
import math
import sys
from array import array
from bisect import bisect_left
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Protocol, Sequence

from sqlalchemy import Connection

from quotes.registry import schema as t
from quotes.text import words

# A term found in more than this share of a large registry is too common to retrieve by.
COMMON_SHARE = 0.05
MAX_TERMS = 12  # rarest terms used per lookup
POSTINGS_BUDGET = 3_000  # stop adding terms once this many postings would be read
SHORTLIST = 100  # best-scoring targets on the rarest terms, rescored with the others
_ID, _ID_BYTES = "I", 4  # a target id in postings: C unsigned int, 32 bits on every platform CPython supports


@dataclass(frozen=True)
class Target:
    """A registered text: a quote version (``rendition_id`` None) or a rendition revision."""

    id: int
    quote_id: str
    version: int | None
    rendition_id: str | None
    revision: int | None
    lang: str
    text: str

    @property
    def is_rendition(self) -> bool:
        return self.rendition_id is not None


class CandidateSource(Protocol):
    def candidates(self, keys: Sequence[str], limit: int) -> list[Target]: ...


_BATCH = "quotes.registry.index.batch"
_INSERT_TARGET = "INSERT INTO targets (id, quote_id, version, rendition_id, revision, lang, words) VALUES (?, ?, ?, ?, ?, ?, ?)"
_INSERT_TERM = "INSERT INTO terms (id, term, postings) VALUES (?, ?, ?)"


def terms_of(keys: Sequence[str]) -> set[str]:
    """What the index stores and looks up: pairs of adjacent word keys ("buy twitter"), or
    the word itself for a one-word text. Pairs are far rarer than words, so a handful of
    them single out a quote among a million that share most of its words (reports of the
    same event, or the same sentence recombined), and a drifted word spoils only the two
    pairs it stands in."""
    if len(keys) == 1:
        return set(keys)
    return {f"{a} {b}" for a, b in zip(keys, keys[1:])}


def index_target(conn: Connection, *, quote_id: str, lang: str, text: str, version: int | None = None,
                 rendition_id: str | None = None, revision: int | None = None) -> None:
    """Add one text to the index (called wherever a version or revision is written);
    inside ``batched_index`` it is queued and written with the others at the end."""
    row = dict(quote_id=quote_id, lang=lang, text=text, version=version, rendition_id=rendition_id, revision=revision)
    batch = conn.info.get(_BATCH)
    if batch is None:
        index_targets(conn, [row])
    else:
        batch.append(row)


@contextmanager
def batched_index(conn: Connection) -> Iterator[None]:
    """Within a transaction writing many texts (an import), index them all at once at the end."""
    conn.info[_BATCH] = []
    try:
        yield
        rows = conn.info[_BATCH]
    finally:
        del conn.info[_BATCH]
    index_targets(conn, rows)


def index_targets(conn: Connection, rows: Sequence[dict]) -> None:
    """Add texts in bulk: their target rows, then their ids appended to their terms' postings."""
    if not rows:
        return
    sql = Driver(conn)
    first_id = (sql.rows("SELECT MAX(id) FROM targets")[0][0] or 0) + 1
    keys = [words(r["text"], r["lang"]) for r in rows]
    sql.many(_INSERT_TARGET, [
        (first_id + i, r["quote_id"], r.get("version"), r.get("rendition_id"), r.get("revision"), r["lang"], len(k))
        for i, (r, k) in enumerate(zip(rows, keys))
    ])
    added: dict[str, array] = {}
    for target, text_keys in enumerate(keys, start=first_id):
        _post(added, target, terms_of(text_keys))
    new: list[str] = []
    # A chunk of terms at a time, so that an import holds a few hundred postings lists in
    # memory, not the index. New targets have the highest ids: appending keeps lists ascending.
    for chunk in _chunks(list(added), 500):
        known = sql.rows(f"SELECT term, id, postings FROM terms WHERE term IN ({sql.marks(len(chunk))})", chunk)
        sql.many("UPDATE terms SET postings = ? WHERE id = ?",
                 [(bytes(postings) + encode_ids(added[term]), term_id) for term, term_id, postings in known])
        found = {term for term, _, _ in known}
        new += [term for term in chunk if term not in found]
    if new:
        next_id = (sql.rows("SELECT MAX(id) FROM terms")[0][0] or 0) + 1
        sql.many(_INSERT_TERM, [(next_id + i, term, encode_ids(added[term])) for i, term in enumerate(new)])


def encode_ids(ids: array) -> bytes:
    """Target ids as stored in ``terms.postings``: 32-bit unsigned, little-endian."""
    if sys.byteorder == "big":
        ids = array(_ID, ids)
        ids.byteswap()
    return ids.tobytes()


def decode_ids(postings: bytes) -> array:
    """The target ids of a ``terms.postings`` value."""
    ids = array(_ID)
    ids.frombytes(postings)
    if sys.byteorder == "big":
        ids.byteswap()
    return ids


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def rebuild(conn: Connection, *, jobs: int = 1, chunk_size: int = 20_000,
            progress: Callable[[int, int], None] | None = None) -> int:
    """Drop the index and build it again from every registered text, in the caller's
    transaction; returns the number of texts indexed. For upgrades, restores and bulk
    loads: with ``jobs`` > 1, worker processes split texts into terms while this process
    collects the postings in memory; they are written at the end, one row a term."""
    sql = Driver(conn)
    for table in ("terms", "targets"):
        sql.many(f"DELETE FROM {table}", [()])
    rows = sql.rows(
        "SELECT v.quote_id, v.version, NULL, NULL, q.lang, v.text FROM quote_versions v "
        "JOIN quotes q ON q.id = v.quote_id ORDER BY v.quote_id, v.version"
    ) + sql.rows(
        "SELECT r.quote_id, NULL, v.rendition_id, v.revision, r.lang, v.text FROM rendition_revisions v "
        "JOIN renditions r ON r.id = v.rendition_id ORDER BY v.rendition_id, v.revision"
    )
    chunks = list(_chunks(rows, chunk_size))
    texts = ([(text, lang) for *_, lang, text in chunk] for chunk in chunks)
    postings: dict[str, array] = {}  # each growing in target order, so ascending
    next_target = 1
    with _pool(jobs if len(chunks) > 1 else 1) as pool:
        for chunk, chunk_terms in zip(chunks, pool.imap(_terms_of_texts, texts) if pool else map(_terms_of_texts, texts)):
            sql.many(_INSERT_TARGET, [(next_target + i, quote_id, version, rendition_id, revision, lang, length)
                                      for i, ((quote_id, version, rendition_id, revision, lang, _), (length, _))
                                      in enumerate(zip(chunk, chunk_terms))])
            for target, (_, terms) in enumerate(chunk_terms, start=next_target):
                _post(postings, target, terms)
            next_target += len(chunk)
            if progress is not None:
                progress(next_target - 1, len(rows))
    # Ids in term order: both the table and its index on ``term`` are only ever appended to.
    sql.many(_INSERT_TERM, ((term_id, term, encode_ids(postings[term])) for term_id, term in enumerate(sorted(postings), start=1)))
    return len(rows)


def _post(postings: dict[str, array], target: int, terms: Iterable[str]) -> None:
    """Append ``target`` to the postings of each of ``terms`` (a million texts' worth in a rebuild)."""
    for term in terms:
        ids = postings.get(term)
        if ids is None:
            ids = postings[term] = array(_ID)
        ids.append(target)


def _terms_of_texts(texts: list[tuple[str, str]]) -> list[tuple[int, list[str]]]:
    """(number of words, terms) of each text."""
    return [(len(keys), list(terms_of(keys))) for keys in (words(text, lang) for text, lang in texts)]


@contextmanager
def _pool(jobs: int):
    if jobs <= 1:
        yield None
        return
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        yield pool


class Driver:
    """Plain, portable SQL through the driver's own cursor, for the index's hot paths
    (lookups in milliseconds, bulk writes of millions of postings): building SQLAlchemy
    statements and rows there costs more than the queries themselves. Write ``?`` for a
    parameter; it becomes what the driver wants."""

    def __init__(self, conn: Connection):
        self.dbapi = conn.connection.dbapi_connection
        self.mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"

    @staticmethod
    def marks(n: int) -> str:
        return ", ".join("?" * n)

    def rows(self, statement: str, params: Sequence = ()) -> list[tuple]:
        cursor = self.dbapi.cursor()
        try:
            cursor.execute(statement.replace("?", self.mark), tuple(params))
            return cursor.fetchall()
        finally:
            cursor.close()

    def many(self, statement: str, rows: Sequence[tuple]) -> None:
        if not rows:
            return
        cursor = self.dbapi.cursor()
        try:
            cursor.executemany(statement.replace("?", self.mark), rows)
        finally:
            cursor.close()


class RegistryIndex:
    """Lookups in the index tables of an open registry (through ``Driver``: this is the
    hot path of `check`, milliseconds a passage at a million quotes)."""

    def __init__(self, store: t.Store):
        self.store = store

    def has_language(self, lang: str) -> bool:
        """Whether any registered text (original or rendition) is in ``lang``."""
        with self.store.read() as conn:
            return bool(Driver(conn).rows("SELECT 1 FROM targets WHERE lang = ? LIMIT 1", [lang]))

    def candidates(self, keys: Sequence[str], limit: int = 50) -> list[Target]:
        unique = list(terms_of(keys))
        if not unique:
            return []
        with self.store.read() as conn:
            sql = Driver(conn)
            total = sql.rows("SELECT MAX(id) FROM targets")[0][0] or 0
            ceiling = int(total * COMMON_SHARE) if total >= 1000 else total
            # A term's document frequency is the length of its postings, which both databases
            # read without the postings; those of terms too common to use are not read at all.
            terms = sql.rows(f"SELECT length(postings) / {_ID_BYTES}, CASE WHEN length(postings) <= ? THEN postings END "
                             f"FROM terms WHERE term IN ({sql.marks(len(unique))})", [ceiling * _ID_BYTES, *unique])
            usable = sorted((row for row in terms if row[0] <= ceiling), key=lambda row: row[0])
            chosen, rest = _split_rarest(usable)
            scores: dict[int, float] = {}
            for df, postings in chosen:
                weight = math.log(1 + total / df)  # rarer shared pairs weigh more
                for target in decode_ids(postings):
                    scores[target] = scores.get(target, 0.0) + weight
            shortlist = heapq.nsmallest(SHORTLIST, scores, key=lambda target: (-scores[target], target))
            if not shortlist:
                return []
            # The commoner pairs are too long to add up whole, but where the rare ones tie
            # (texts that share a long run of words) they tell the shortlisted texts apart:
            # each is looked up in their sorted postings.
            for df, postings in rest:
                weight, ids = math.log(1 + total / df), decode_ids(postings)
                for target in shortlist:
                    at = bisect_left(ids, target)
                    if at < len(ids) and ids[at] == target:
                        scores[target] += weight
            lengths = dict(sql.rows(f"SELECT id, words FROM targets WHERE id IN ({sql.marks(len(shortlist))})", shortlist))
            best = heapq.nsmallest(limit, shortlist,
                                   key=lambda target: (-scores[target], abs(lengths[target] - len(keys)), target))
            return _targets(sql, best)


def quote_targets(quote) -> list[Target]:
    """A loaded quote's texts as targets, outside the index (id 0): every version, and the
    newest revision of each rendition."""
    versions = [Target(0, quote.id, v.version, None, None, quote.lang, v.text) for v in quote.versions]
    renditions = [Target(0, quote.id, None, r.id, r.revisions[-1].revision, r.lang, r.text) for r in quote.renditions]
    return versions + renditions


def _split_rarest(terms: list[tuple[int, bytes]]) -> tuple[list, list]:
    """Terms in ascending document frequency, split after at most ``MAX_TERMS`` of them and
    ``POSTINGS_BUDGET`` postings in all (the first always goes in)."""
    read = 0
    for n, (df, _) in enumerate(terms):
        if n == MAX_TERMS or (n and read + df > POSTINGS_BUDGET):
            return terms[:n], terms[n:]
        read += df
    return terms, []


def _targets(sql: Driver, ids: Sequence[int]) -> list[Target]:
    """Targets with their texts, in the order of ``ids``."""
    if not ids:
        return []
    rows = sql.rows(
        "SELECT t.id, t.quote_id, t.version, t.rendition_id, t.revision, t.lang, v.text, r.text FROM targets t "
        "LEFT JOIN quote_versions v ON v.quote_id = t.quote_id AND v.version = t.version "
        "LEFT JOIN rendition_revisions r ON r.rendition_id = t.rendition_id AND r.revision = t.revision "
        f"WHERE t.id IN ({sql.marks(len(ids))})",
        ids,
    )
    found = {
        target_id: Target(target_id, quote_id, version, rendition_id, revision, lang,
                          version_text if rendition_id is None else revision_text)
        for target_id, quote_id, version, rendition_id, revision, lang, version_text, revision_text in rows
    }
    return [found[i] for i in ids if i in found]
