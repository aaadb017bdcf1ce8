"""The feeds `quotes watch` follows: added and removed (each an event in the audit log),
the items already read, and the validators (ETag, Last-Modified) of each feed's last
answer read in full. Reading them is ``quotes.checking.watch``'s."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import Connection, delete, or_, select

from quotes.errors import InvalidInput, NotFound
from quotes.registry import schema as t
from quotes.registry.registry import Registry, current_user, log_event, new_id, now, optional_text, require_text


@dataclass(frozen=True)
class Feed:
    id: str
    name: str
    url: str
    added_at: str
    added_by: str
    etag: str | None = None
    last_modified: str | None = None

    def as_json(self) -> dict:
        return {"id": self.id, "name": self.name, "url": self.url, "added_at": self.added_at,
                "added_by": self.added_by, "etag": self.etag, "last_modified": self.last_modified}


def add_feed(registry: Registry, url: str, *, name: str | None = None, actor: str | None = None) -> Feed:
    """Follow the feed at ``url`` (http or https), named ``name`` (its host by default)."""
    url = require_text(url, field="url").strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InvalidInput(f"{url!r} is not an http(s) URL with a host")
    name = (optional_text(name, field="name") or parts.hostname).strip()
    actor = actor or current_user()
    with registry.store.write() as conn:
        taken = conn.execute(select(t.feeds.c.name, t.feeds.c.url)
                             .where(or_(t.feeds.c.url == url, t.feeds.c.name == name))).first()
        if taken is not None:
            what = f"{url} is already watched" if taken.url == url else f"a feed is already named {name!r}"
            raise InvalidInput(f"{what} (quotes watch list)", field=None if taken.url == url else "name")
        feed = Feed(id=new_id(conn, t.feeds, "f"), name=name, url=url, added_at=now(), added_by=actor)
        conn.execute(t.feeds.insert().values(id=feed.id, name=name, url=url, added_at=feed.added_at, added_by=actor))
        log_event(conn, actor, "watch", feed.id, {"name": name, "url": url}, at=feed.added_at)
    return feed


def list_feeds(registry: Registry) -> list[Feed]:
    with registry.store.read() as conn:
        return [_feed(row) for row in conn.execute(select(t.feeds).order_by(t.feeds.c.added_at, t.feeds.c.id))]


def remove_feed(registry: Registry, ref: str, *, actor: str | None = None) -> Feed:
    """Stop following the feed with this id, name or URL; what it recorded stays."""
    actor = actor or current_user()
    with registry.store.write() as conn:
        row = conn.execute(select(t.feeds).where(or_(t.feeds.c.id == ref, t.feeds.c.name == ref,
                                                     t.feeds.c.url == ref))).first()
        if row is None:
            raise NotFound(f"no watched feed {ref!r} (quotes watch list)")
        conn.execute(delete(t.feed_items).where(t.feed_items.c.feed_id == row.id))
        conn.execute(delete(t.feeds).where(t.feeds.c.id == row.id))
        log_event(conn, actor, "unwatch", row.id, {"name": row.name, "url": row.url})
    return _feed(row)


def item_key(item_id: str) -> str:
    return hashlib.sha256(item_id.encode()).hexdigest()


def read_items(conn: Connection, feed_id: str) -> set[str]:
    """The keys (:func:`item_key`) of the feed's items already read."""
    return set(conn.execute(select(t.feed_items.c.item).where(t.feed_items.c.feed_id == feed_id)).scalars())


def mark_read(conn: Connection, feed_id: str, item_id: str, url: str) -> None:
    conn.execute(t.feed_items.insert().values(feed_id=feed_id, item=item_key(item_id), url=url, read_at=now()))


def save_validators(registry: Registry, feed_id: str, etag: str | None, last_modified: str | None) -> None:
    """Keep the answer's validators, for the next run's conditional request."""
    with registry.store.write() as conn:
        conn.execute(t.feeds.update().where(t.feeds.c.id == feed_id).values(etag=etag, last_modified=last_modified))


def _feed(row) -> Feed:
    return Feed(id=row.id, name=row.name, url=row.url, added_at=row.added_at, added_by=row.added_by, etag=row.etag,
                last_modified=row.last_modified)
