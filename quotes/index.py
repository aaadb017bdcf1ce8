"""Candidate retrieval: which registered texts a passage could be drifted from.

Every text the registry holds — each version of a quote and each revision of a
rendition, in every language — is a *target*. The index is an inverted word index kept in
the registry database itself (tables ``targets``, ``terms``, ``postings``), written in the
same transaction as the text, so it is always consistent, survives restarts with nothing
to rebuild, and runs the same SQL on SQLite and PostgreSQL.

A lookup reads the document frequency of the passage's words, keeps the rarest ones
(common words say little and have long postings), sums their rarity (idf) per target and
returns the best-scoring targets with their texts, for the matcher to rerank. Drift
replaces a few words at most, so the remaining rare words still find the source.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterable, Iterator, Protocol, Sequence

from sqlalchemy import Connection, bindparam, func, select

from . import store as t
from .text import words

# A word found in more than this share of a large registry is too common to retrieve by.
COMMON_SHARE = 0.05
MAX_TERMS = 10  # rarest words used per lookup
POSTINGS_BUDGET = 50_000  # stop adding words once this many postings would be read


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


_BATCH = "quotes.index.batch"


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
    """Add texts in bulk: target rows, then document frequencies and postings, a few statements in all."""
    if not rows:
        return
    first_id = (conn.execute(select(func.max(t.targets.c.id))).scalar() or 0) + 1
    conn.execute(t.targets.insert(), [
        {"id": first_id + i, "quote_id": r["quote_id"], "version": r.get("version"),
         "rendition_id": r.get("rendition_id"), "revision": r.get("revision"), "lang": r["lang"]}
        for i, r in enumerate(rows)
    ])
    keys_by_target = {first_id + i: set(words(r["text"], r["lang"])) for i, r in enumerate(rows)}
    frequency = Counter(key for keys in keys_by_target.values() for key in keys)
    term_ids = _term_ids(conn, frequency)
    conn.execute(t.postings.insert(), [
        {"term_id": term_ids[key], "target_id": target_id}
        for target_id, keys in keys_by_target.items() for key in keys
    ])


def _term_ids(conn: Connection, frequency: Counter) -> dict[str, int]:
    """Ids of the terms, created where new, with their document frequency raised."""
    known: dict[str, int] = {}
    keys = list(frequency)
    for chunk in _chunks(keys, 500):
        known.update(conn.execute(select(t.terms.c.term, t.terms.c.id).where(t.terms.c.term.in_(chunk))).all())
    if known:
        conn.execute(
            t.terms.update().where(t.terms.c.id == bindparam("term_id")).values(df=t.terms.c.df + bindparam("added")),
            [{"term_id": known[key], "added": frequency[key]} for key in known],
        )
    new = [key for key in keys if key not in known]
    if new:
        next_id = (conn.execute(select(func.max(t.terms.c.id))).scalar() or 0) + 1
        conn.execute(t.terms.insert(), [{"id": next_id + i, "term": key, "df": frequency[key]} for i, key in enumerate(new)])
        known.update({key: next_id + i for i, key in enumerate(new)})
    return known


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


class RegistryIndex:
    """Lookups in the index tables of an open registry."""

    def __init__(self, store: t.Store):
        self.store = store

    def candidates(self, keys: Sequence[str], limit: int = 50) -> list[Target]:
        unique = list(dict.fromkeys(keys))
        if not unique:
            return []
        with self.store.read() as conn:
            total = conn.execute(select(func.max(t.targets.c.id))).scalar() or 0
            terms = conn.execute(select(t.terms.c.id, t.terms.c.df).where(t.terms.c.term.in_(unique))).all()
            chosen = _rarest(terms, total)
            if not chosen:
                return []
            weight = {term_id: math.log(1 + total / df) for term_id, df in chosen}
            scores: dict[int, float] = defaultdict(float)
            for term_id, target_id in conn.execute(
                select(t.postings.c.term_id, t.postings.c.target_id).where(t.postings.c.term_id.in_(list(weight)))
            ):
                scores[target_id] += weight[term_id]
            best = sorted(scores, key=lambda target_id: (-scores[target_id], target_id))[:limit]
            return load_targets(conn, best)


def _rarest(terms: Sequence[tuple[int, int]], total: int) -> list[tuple[int, int]]:
    ceiling = total * COMMON_SHARE if total >= 1000 else total
    chosen, read = [], 0
    for term_id, df in sorted(terms, key=lambda row: row[1]):
        if df > ceiling or len(chosen) == MAX_TERMS or (chosen and read + df > POSTINGS_BUDGET):
            break
        chosen.append((term_id, df))
        read += df
    return chosen


def load_targets(conn: Connection, ids: Sequence[int]) -> list[Target]:
    """Targets with their texts, in the order of ``ids``."""
    if not ids:
        return []
    v, r = t.quote_versions, t.rendition_revisions
    query = (
        select(t.targets, v.c.text.label("version_text"), r.c.text.label("revision_text"))
        .outerjoin(v, (v.c.quote_id == t.targets.c.quote_id) & (v.c.version == t.targets.c.version))
        .outerjoin(r, (r.c.rendition_id == t.targets.c.rendition_id) & (r.c.revision == t.targets.c.revision))
        .where(t.targets.c.id.in_(ids))
    )
    found = {
        row.id: Target(row.id, row.quote_id, row.version, row.rendition_id, row.revision, row.lang,
                       row.version_text if row.rendition_id is None else row.revision_text)
        for row in conn.execute(query)
    }
    return [found[i] for i in ids if i in found]
