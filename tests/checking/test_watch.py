"""quotes.checking.watch's parts: one request a host every interval, what a feed's items
are, which sightings are worth a message."""

from __future__ import annotations

import pytest

from quotes.checking.watch import Polite, feed_entries, notice
from quotes.errors import CoverageError
from quotes.registry.sightings import Sighting
from tests.helpers.feeds import atom, news, rss  # noqa: F401 (news: a fixture)


def test_one_request_a_host_every_interval():
    now, slept = [100.0], []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    polite = Polite(5.0, clock=lambda: now[0], sleep=sleep)
    polite.wait("https://a.example/feed")
    polite.wait("https://b.example/1")  # another host: no wait
    now[0] += 2.0
    polite.wait("https://A.example/page")  # same host, 2 s later: 3 s more
    polite.wait("https://a.example/next")
    assert slept == [3.0, 5.0]


def test_feed_items_oldest_first_by_id_else_link():
    base = "https://news.example"
    assert feed_entries("f", rss(base, [("/2", "two"), ("/1", "one")])) == [(base + "/1", base + "/1"),
                                                                             (base + "/2", base + "/2")]
    assert feed_entries("f", atom(base, [("/b", "b")])) == [("tag:news,2025:/b", base + "/b")]
    for data in (b"<html><body><p>A page</p></body></html>", b"\x00\xff binary", b""):
        with pytest.raises(CoverageError, match="^https://f.example/x: not an RSS or Atom feed$"):
            feed_entries("https://f.example/x", data)


@pytest.mark.parametrize("verdict, severity, reason, expected", [
    ("unknown", "info", "traced", "unverified-words"),
    ("unreviewed-translation", "warn", None, "unreviewed-translation"),
    ("altered", "error", None, "drifted"),
    ("altered-translation", "warn", None, "drifted"),
    ("verbatim", "ok", None, None),
    ("translation", "ok", None, None),
    ("unknown", "info", "near", None),
])
def test_what_is_worth_a_message(verdict, severity, reason, expected):
    sighting = Sighting(quote_id="q-1", verdict=verdict, severity=severity, reason=reason, passage="p", lang="en",
                        checked_at="2025-02-11T00:00:00+00:00", checked_by="desk")
    assert notice(sighting) == expected


def test_an_items_sightings_and_its_being_read_are_one_transaction(seeded, news, monkeypatch):
    from quotes.checking.check import Checker
    from quotes.checking.watch import watch
    from quotes.registry.feeds import add_feed
    from quotes.registry.sightings import list_sightings

    page = news.page("/a", b"<html><body><article><p>Altman wrote: \xe2\x80\x9cno thank you but we will buy twitter "
                           b"for $97.4 billion if you want\xe2\x80\x9d, the post said.</p></article></body></html>")
    add_feed(seeded, news.page("/feed.xml", rss(news.base, [("/a", "A")]), "application/rss+xml"))

    def fails(*args):
        raise RuntimeError("the disk filled up")

    with monkeypatch.context() as patched, pytest.raises(RuntimeError):
        patched.setattr("quotes.checking.watch.mark_read", fails)
        watch(seeded, Checker(seeded), checked_by="desk", interval=0)
    assert list_sightings(seeded) == []
    [run] = watch(seeded, Checker(seeded), checked_by="desk", interval=0)
    assert (run.items, [s.url for s in run.new]) == (1, [page])
