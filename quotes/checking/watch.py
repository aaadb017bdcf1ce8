"""Following RSS and Atom feeds (`quotes watch run`): each watched feed is fetched with a
conditional request (its last ETag and Last-Modified), parsed with feedparser, and each
item not read before has its page read with the same fetcher, limits and errors as
`quotes check URL`, checked, and its findings recorded as sightings — the sightings and
the item's being read in one transaction, so an item is either recorded and done or, when
its page fails, neither (the next run tries it again; the feed's validators are kept only
when every new item was read, so that the next run does not get a 304 for it).

At most one request goes to a host every ``interval`` seconds. A sighting that is drifted
(severity warn or error), an unreviewed translation, or words traced to a registered
speaker that are none of theirs, is POSTed as JSON to the ``notify`` URL. A feed that
cannot be fetched or is no feed, a page that fails, a webhook that does not answer: each
is a one-line problem naming its URL, and the run goes on with the next.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urlsplit

from quotes.checking.check import Checker
from quotes.checking.coverage import read_document
from quotes.checking.lineage import DRIFTED_SEVERITIES, TRACED, Recorder, plural
from quotes.checking.pages import fetch, post_json
from quotes.errors import CoverageError
from quotes.registry.feeds import Feed, item_key, list_feeds, mark_read, read_items, save_validators
from quotes.registry.registry import Registry
from quotes.registry.sightings import Sighting

INTERVAL = 5.0
"""Seconds between two requests to one host, by default."""

NOTIFY_TIMEOUT = 10.0
"""Seconds a webhook has to answer."""


@dataclass
class FeedRun:
    """What one run did with one feed: ``not_read`` (it failed or is no feed),
    ``not_modified`` (a 304), or the items it read and the sightings they added;
    ``problems`` one line each."""

    feed: Feed
    not_read: bool = False
    not_modified: bool = False
    items: int = 0
    new: list[Sighting] = field(default_factory=list)
    notified: int = 0
    unread: int = 0  # items whose page failed: tried again next run
    problems: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        if self.not_read:
            return f"{self.feed.name}: not read"
        if self.not_modified:
            return f"{self.feed.name}: not modified"
        items, sightings = plural(self.items, "new item"), plural(len(self.new), "new sighting")
        notified = f", {self.notified} notified" if self.notified else ""
        return f"{self.feed.name}: {items}, {sightings}{notified}"


def notice(sighting: Sighting) -> str | None:
    """Why a new sighting is worth a message, or None: ``unverified-words`` (traced to a
    registered speaker, none of their words), ``unreviewed-translation``, ``drifted``."""
    if sighting.reason == TRACED:
        return "unverified-words"
    if sighting.verdict == "unreviewed-translation":
        return "unreviewed-translation"
    if sighting.severity in DRIFTED_SEVERITIES:
        return "drifted"
    return None


class Polite:
    """At most one request to a host every ``interval`` seconds."""

    def __init__(self, interval: float, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self.interval, self.clock, self.sleep = interval, clock, sleep
        self.last: dict[str, float] = {}

    def wait(self, url: str) -> None:
        host = (urlsplit(url).hostname or "").lower()
        if host in self.last:
            delay = self.last[host] + self.interval - self.clock()
            if delay > 0:
                self.sleep(delay)
        self.last[host] = self.clock()


def watch(registry: Registry, checker: Checker, *, checked_by: str, interval: float = INTERVAL,
          notify: str | None = None, polite: Polite | None = None) -> list[FeedRun]:
    """One run over every watched feed (see the module's docstring), in the order added."""
    polite = polite or Polite(interval)
    recorder = Recorder(registry, checked_by=checked_by)
    runs = []
    for feed in list_feeds(registry):
        run = FeedRun(feed)
        runs.append(run)
        try:
            polite.wait(feed.url)
            fetched = fetch(feed.url, html=False, etag=feed.etag, last_modified=feed.last_modified)
            entries = [] if fetched.not_modified else feed_entries(feed.url, fetched.data)
        except CoverageError as problem:
            run.problems.append(str(problem))
            run.not_read = True
            continue
        if fetched.not_modified:
            run.not_modified = True
            continue
        with registry.store.read() as conn:
            done = read_items(conn, feed.id)
        for item_id, link in entries:
            if item_key(item_id) in done:
                continue
            done.add(item_key(item_id))
            new = _read_item(registry, checker, recorder, polite, feed, item_id, link, run)
            for sighting in new or ():
                reason = notice(sighting)
                if notify and reason:
                    try:
                        post_json(notify, _message(sighting, reason, feed), timeout=NOTIFY_TIMEOUT)
                        run.notified += 1
                    except CoverageError as problem:
                        run.problems.append(f"notify {problem}")
        if not run.unread:
            save_validators(registry, feed.id, fetched.etag, fetched.last_modified)
    return runs


def _read_item(registry: Registry, checker: Checker, recorder: Recorder, polite: Polite, feed: Feed, item_id: str,
               link: str, run: FeedRun) -> list[Sighting] | None:
    """Read, check and record one item's page; None when it failed (the problem noted)."""
    try:
        if urlsplit(link).scheme.lower() not in ("http", "https"):  # never a local file
            raise CoverageError(f"{link}: not an http(s) URL (an item of {feed.url})")
        polite.wait(link)
        report = checker.check(read_document(link))
    except CoverageError as problem:
        run.problems.append(str(problem))
        run.unread += 1
        return None
    with registry.transaction() as joined, joined.store.write() as conn:
        recorded = recorder.record(report, into=joined)
        mark_read(conn, feed.id, item_id, link)
    run.items += 1
    run.new += recorded.new
    return recorded.new


def feed_entries(url: str, data: bytes) -> list[tuple[str, str]]:
    """(item id, link) of a feed's items, oldest first (feeds list the newest first), so
    that what is recorded first was published first. Raises CoverageError when ``data``
    is not an RSS or Atom feed."""
    import feedparser  # only when a feed is read

    parsed = feedparser.parse(data)
    if not parsed.get("version") and not parsed.entries:
        raise CoverageError(f"{url}: not an RSS or Atom feed")
    entries = []
    for entry in reversed(parsed.entries):
        link = entry.get("link")
        if link:
            entries.append((entry.get("id") or link, link))
    return entries


def _message(sighting: Sighting, reason: str, feed: Feed) -> dict:
    return {"event": "sighting", "reason": reason, "quote_id": sighting.quote_id,
            "feed": {"name": feed.name, "url": feed.url}, "sighting": sighting.as_json()}
