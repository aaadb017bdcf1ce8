"""Sightings: where a registered quote was seen printed — one finding of a checked page
that names the quote, with what the page says about itself and who checked it.

The same page (URL), passage and quote is one sighting however often it is checked:
checking it again updates its verdict and when and by whom it was last checked. Recording
writes sightings only; nothing else in the registry changes (no quote, rendition or event).
What a sighting is made from (a checker's finding) is ``quotes.checking.lineage``'s.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import Iterable

from sqlalchemy import Connection, select

from quotes.registry import schema as t
from quotes.registry.registry import Registry, parse_date, resolve_quote
from quotes.text import normalize_typography


@dataclass(frozen=True)
class Sighting:
    """One passage of one page that names a quote (SPEC: the drift map). ``published`` is
    the page's date as the page gives it (None when it gives none); ``seen_on`` is that
    date, else the day the page was first checked."""

    quote_id: str
    verdict: str
    severity: str
    passage: str
    lang: str
    checked_at: str
    checked_by: str
    rendition_id: str | None = None
    flags: tuple[str, ...] = ()
    reason: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    first_checked: str | None = None  # when recorded: checked_at, unless the sighting was recorded before
    id: int | None = None  # when recorded

    @property
    def seen_on(self) -> str:
        return (self.published or self.first_checked or self.checked_at)[:10]

    @property
    def identity(self) -> str:
        """The same URL, passage and quote: the same sighting."""
        return hashlib.sha256("\x00".join((self.url or "", self.passage, self.quote_id)).encode()).hexdigest()

    def as_json(self) -> dict:
        return {"id": self.id, "quote_id": self.quote_id, "rendition_id": self.rendition_id, "verdict": self.verdict,
                "severity": self.severity, "flags": list(self.flags), "reason": self.reason, "passage": self.passage,
                "lang": self.lang, "url": self.url, "outlet": self.outlet, "title": self.title,
                "published": self.published, "seen_on": self.seen_on, "first_checked": self.first_checked,
                "checked_at": self.checked_at, "checked_by": self.checked_by}


def record_sightings(registry: Registry, sightings: Iterable[Sighting]) -> list[Sighting]:
    """Record ``sightings`` in one transaction (all or none); return those that were not
    recorded before, as recorded. One already recorded gets the new verdict, severity,
    flags, title and checker; its first check and id stay."""
    new = []
    with registry.store.write() as conn:
        for sighting in sightings:
            identity = sighting.identity
            known = conn.execute(select(t.sightings.c.id, t.sightings.c.first_checked)
                                 .where(t.sightings.c.identity == identity)).first()
            values = dict(rendition_id=sighting.rendition_id, verdict=sighting.verdict, severity=sighting.severity,
                          flags=" ".join(sighting.flags), reason=sighting.reason, lang=sighting.lang,
                          outlet=sighting.outlet, title=sighting.title, published=sighting.published,
                          checked_at=sighting.checked_at, checked_by=sighting.checked_by)
            if known is not None:
                values["seen_on"] = replace(sighting, first_checked=known.first_checked).seen_on
                conn.execute(t.sightings.update().where(t.sightings.c.id == known.id).values(**values))
                continue
            recorded = replace(sighting, first_checked=sighting.checked_at)
            sighting_id = conn.execute(t.sightings.insert().values(
                identity=identity, quote_id=sighting.quote_id, passage=sighting.passage, url=sighting.url,
                seen_on=recorded.seen_on, first_checked=recorded.first_checked, **values)).inserted_primary_key[0]
            new.append(replace(recorded, id=sighting_id))
    return new


def list_sightings(registry: Registry, quote: str | None = None, *, outlet: str | None = None,
                   verdict: str | None = None, since: str | None = None) -> list[Sighting]:
    """Sightings, newest first (by ``seen_on``, then the latest recorded): of one quote
    (any unique prefix of its id), of an outlet (as recorded, case and typography aside),
    with a verdict, seen on or after a date (YYYY-MM-DD)."""
    since = parse_date(since, field="since")
    with registry.store.read() as conn:
        query = select(t.sightings)
        if quote is not None:
            query = query.where(t.sightings.c.quote_id == resolve_quote(conn, quote))
        if outlet is not None:
            query = query.where(t.sightings.c.outlet.in_(_outlet_spellings(conn, outlet)))
        if verdict is not None:
            query = query.where(t.sightings.c.verdict == verdict)
        if since is not None:
            query = query.where(t.sightings.c.seen_on >= since)
        rows = conn.execute(query.order_by(t.sightings.c.seen_on.desc(), t.sightings.c.id.desc())).all()
    return [_sighting(row) for row in rows]


def quote_sightings(conn: Connection, quote_id: str) -> list[Sighting]:
    """Every sighting of a quote, in the order they were seen (``seen_on``, then recorded)."""
    rows = conn.execute(select(t.sightings).where(t.sightings.c.quote_id == quote_id)
                        .order_by(t.sightings.c.seen_on, t.sightings.c.id)).all()
    return [_sighting(row) for row in rows]


def _outlet_spellings(conn: Connection, outlet: str) -> list[str]:
    """The recorded outlet names that are ``outlet`` but for case and typography: exact
    first (served by the index), else the distinct names compared one by one."""
    if conn.execute(select(t.sightings.c.id).where(t.sightings.c.outlet == outlet).limit(1)).first():
        return [outlet]
    wanted = normalize_typography(outlet).casefold()
    names = conn.execute(select(t.sightings.c.outlet).where(t.sightings.c.outlet.is_not(None)).distinct()).scalars()
    return [name for name in names if normalize_typography(name).casefold() == wanted]


def _sighting(row) -> Sighting:
    return Sighting(id=row.id, quote_id=row.quote_id, rendition_id=row.rendition_id, verdict=row.verdict,
                    severity=row.severity, flags=tuple(row.flags.split()), reason=row.reason, passage=row.passage,
                    lang=row.lang, url=row.url, outlet=row.outlet, title=row.title, published=row.published,
                    first_checked=row.first_checked, checked_at=row.checked_at, checked_by=row.checked_by)
