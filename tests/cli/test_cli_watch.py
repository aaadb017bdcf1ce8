"""`quotes watch` end to end against local servers (tests/helpers/feeds.py): a feed's new
items read, checked and recorded, the webhook told of what matters, a second run reading
nothing (conditional requests); bad feeds, pages and webhooks each a line naming the URL,
the run going on, exit 1, nothing half-recorded."""

from __future__ import annotations

import json

from tests.cli.test_cli_drift import EN_VARIANT, TR_VARIANT, news_page
from tests.helpers.feeds import atom, news, rss  # noqa: F401 (news: a fixture)
from tests.helpers.seeds import ALTMAN_POST, SEED_ARTICLE

BACK_TRANSLATION = "Sam Altman hit back at Elon Musk on Monday. “If you want, I can buy X,” Altman wrote after the bid."
QUIET = "Markets were calm on Tuesday as investors waited for the central bank's decision on interest rates."


def story_pages(news) -> list[tuple[str, str]]:
    """The seed story's pages and one that quotes nothing, as (path, title) newest first."""
    news.page("/news/altman", news_page("Tension Escalates", "Daily Wire Service", "2025-02-11",
                                        [p for p in SEED_ARTICLE.read_text(encoding="utf-8").split("\n\n") if p.strip()]))
    news.page("/tech/altman-x", news_page("Altman mocks Musk", "Tech Echo", "2025-02-13", [BACK_TRANSLATION]))
    news.page("/markets", news_page("Markets calm", "Daily Wire Service", "2025-02-14", [QUIET]))
    return [("/markets", "Markets calm"), ("/tech/altman-x", "Altman mocks Musk"), ("/news/altman", "Tension")]


def test_watching_a_feed_records_its_items_tells_the_webhook_and_reads_nothing_twice(seeded_run, news):
    feed = news.page("/feed.xml", rss(news.base, story_pages(news)), "application/rss+xml", etag='"v1"')
    added = seeded_run("watch", "add", feed, "--name", "Wire")
    assert (added.exit_code, added.output) == (0, f"watching Wire (f-000001): {feed}\n")
    assert seeded_run("watch", "list").output == f"f-000001  Wire  {feed}\n1 feed\n"
    result = seeded_run("watch", "run", "--once", "--interval", "0", "--notify", news.base + "/hook")
    assert (result.exit_code, result.output) == (0, "Wire: 3 new items, 2 new sightings, 2 notified\n")
    assert [(m["reason"], m["quote_id"], m["sighting"]["url"], m["feed"]["name"]) for m in news.received] == [
        ("unreviewed-translation", ALTMAN_POST, news.base + "/news/altman", "Wire"),
        ("unverified-words", ALTMAN_POST, news.base + "/tech/altman-x", "Wire")]
    tree = json.loads(seeded_run("drift", ALTMAN_POST, "--format", "json").stdout)
    assert tree["children"][0]["children"][0]["id"] == TR_VARIANT
    assert tree["children"][0]["children"][0]["children"][0]["id"] == EN_VARIANT
    assert [r[:2] for r in news.requests] == [  # oldest item first; each one's message once it is recorded
        ("GET", "/feed.xml"), ("GET", "/news/altman"), ("POST", "/hook"), ("GET", "/tech/altman-x"), ("POST", "/hook"),
        ("GET", "/markets")]
    news.requests.clear()
    again = seeded_run("watch", "run", "--once", "--interval", "0", "--notify", news.base + "/hook")
    assert (again.exit_code, again.output) == (0, "Wire: not modified\n")
    assert news.requests == [("GET", "/feed.xml", '"v1"')]  # one conditional request, nothing else
    assert len(json.loads(seeded_run("sightings", "--format", "json").stdout)) == 2


def test_a_changed_feed_reads_only_its_new_items(seeded_run, news):
    items = story_pages(news)
    feed = news.page("/atom", atom(news.base, items[1:]), "application/atom+xml", etag='"v1"')
    seeded_run("watch", "add", feed)
    assert seeded_run("watch", "run", "--once", "--interval", "0").output == \
        "127.0.0.1: 2 new items, 2 new sightings\n"
    news.page("/atom", atom(news.base, items), "application/atom+xml", etag='"v2"')
    news.requests.clear()
    assert seeded_run("watch", "run", "--once", "--interval", "0").output == \
        "127.0.0.1: 1 new item, 0 new sightings\n"
    assert [r[1] for r in news.requests] == ["/atom", "/markets"]


def test_bad_feeds_pages_and_webhooks_are_a_line_each_and_the_run_goes_on(seeded_run, news):
    items = story_pages(news)
    del news.routes["/news/altman"]  # that page now fails: 404
    news.page("/not-a-feed", b"<html><body><p>Hello</p></body></html>")
    good = news.page("/feed.xml", rss(news.base, items + [("/../file", "x")]).replace(
        f"{news.base}/../file".encode(), b"ftp://files.example/etc/passwd"), "application/rss+xml", etag='"v1"')
    seeded_run("watch", "add", news.base + "/not-a-feed", "--name", "Page")
    seeded_run("watch", "add", news.base + "/missing.xml", "--name", "Gone")
    seeded_run("watch", "add", good, "--name", "Wire")
    news.webhook_status = 500
    result = seeded_run("watch", "run", "--once", "--interval", "0", "--notify", news.base + "/hook")
    assert result.exit_code == 1
    assert result.stdout == "Page: not read\nGone: not read\nWire: 2 new items, 1 new sighting\n"
    assert result.stderr == (
        f"failed: {news.base}/not-a-feed: not an RSS or Atom feed\n"
        f"failed: {news.base}/missing.xml: HTTP 404 Not Found\n"
        f"failed: ftp://files.example/etc/passwd: not an http(s) URL (an item of {good})\n"
        f"failed: {news.base}/news/altman: HTTP 404 Not Found\n"
        f"failed: notify {news.base}/hook: HTTP 500 Internal Server Error\n")
    [sighting] = json.loads(seeded_run("sightings", "--format", "json").stdout)
    assert sighting["url"] == news.base + "/tech/altman-x"  # recorded: the webhook failed after
    # The failed page is tried again: the feed's validators were not kept.
    news.page("/news/altman", news_page("Tension Escalates", "Daily Wire Service", "2025-02-11",
                                        [p for p in SEED_ARTICLE.read_text(encoding="utf-8").split("\n\n") if p.strip()]))
    news.webhook_status = 204
    news.requests.clear()
    retry = seeded_run("watch", "remove", "Page")
    assert retry.output == "no longer watching Page (f-000001)\n"
    seeded_run("watch", "remove", news.base + "/missing.xml")
    again = seeded_run("watch", "run", "--once", "--interval", "0")
    assert (again.exit_code, again.stdout, again.stderr) == (
        1, "Wire: 1 new item, 1 new sighting\n",
        f"failed: ftp://files.example/etc/passwd: not an http(s) URL (an item of {good})\n")
    assert ("GET", "/feed.xml", None) in news.requests


def test_a_webhook_that_does_not_answer_in_time(seeded_run, news, monkeypatch):
    monkeypatch.setattr("quotes.checking.watch.NOTIFY_TIMEOUT", 0.3)
    seeded_run("watch", "add", news.page("/feed.xml", rss(news.base, story_pages(news)[2:]), "application/rss+xml"))
    news.webhook_delay = 1.0
    result = seeded_run("watch", "run", "--once", "--interval", "0", "--notify", news.base + "/hook")
    assert result.exit_code == 1
    assert result.stderr == f"failed: notify {news.base}/hook: timed out after 0.3 s\n"
    assert len(json.loads(seeded_run("sightings", "--format", "json").stdout)) == 1


def test_bad_watch_commands_are_one_line_and_exit_2(seeded_run, news):
    feed = news.base + "/feed.xml"
    seeded_run("watch", "add", feed, "--name", "Wire")
    for args, message in [
        (("watch", "add", feed), f"Error: {feed} is already watched (quotes watch list)\n"),
        (("watch", "add", news.base + "/other.xml", "--name", "Wire"),
         "Error: --name: a feed is already named 'Wire' (quotes watch list)\n"),
        (("watch", "add", "file:///etc/passwd"), "Error: 'file:///etc/passwd' is not an http(s) URL with a host\n"),
        (("watch", "remove", "Nope"), "Error: no watched feed 'Nope' (quotes watch list)\n"),
    ]:
        result = seeded_run(*args)
        assert (result.exit_code, result.output) == (2, message), args
    assert seeded_run("watch", "list", "--format", "json").stdout.count('"id"') == 1
