"""`quotes watch`: follow RSS and Atom feeds, recording what their new items' pages print."""

from __future__ import annotations

import sys
import time

import click

from .listings import count, echo_listing, echo_text, listing_format_option
from .options import registry_command


@click.group()
def watch():
    """Follow RSS and Atom feeds: each new item's page is checked and what it names recorded.

    \b
    Example:
      quotes watch add https://example.com/news/feed.xml --name "Example News"
      quotes watch run --once --notify https://hooks.example.com/quotes
    """


@watch.command("add")
@click.argument("feed_url")
@click.option("--name", help="What to call the feed (default: its host).")
@registry_command
def add_feed(registry, feed_url, name):
    """Follow the RSS or Atom feed at FEED_URL.

    \b
    Example:
      quotes watch add https://example.com/news/feed.xml --name "Example News"
    """
    from quotes.registry.feeds import add_feed as follow

    feed = follow(registry, feed_url, name=name)
    echo_text(f"watching {feed.name} ({feed.id}): {feed.url}")


@watch.command("list")
@listing_format_option
@registry_command
def list_feeds(registry, output_format):
    """List the feeds followed, in the order added.

    JSON, JSON Lines and CSV fields: id, name, url, added_at, added_by, etag, last_modified.

    \b
    Example:
      quotes watch list --format json
    """
    from quotes.registry.feeds import list_feeds as feeds_of

    feeds = feeds_of(registry)
    echo_listing([feed.as_json() for feed in feeds], output_format,
                 lambda: [*(f"{f.id}  {f.name}  {f.url}" for f in feeds), count(len(feeds), "feed")])


@watch.command("remove")
@click.argument("feed")
@registry_command
def remove_feed(registry, feed):
    """Stop following a feed (by id, name or URL); what it recorded stays.

    \b
    Example:
      quotes watch remove "Example News"
    """
    from quotes.registry.feeds import remove_feed as unfollow

    removed = unfollow(registry, feed)
    echo_text(f"no longer watching {removed.name} ({removed.id})")


@watch.command("run")
@click.option("--once", is_flag=True, help="Read the feeds once and stop (for cron); else again every --every seconds.")
@click.option("--every", type=click.FloatRange(min=1), default=900, show_default=True,
              help="Seconds between two runs, without --once.")
@click.option("--notify", metavar="URL",
              help="POST a JSON message here for each new sighting that is drifted, an unreviewed translation, or "
                   "words traced to a registered speaker that are none of theirs.")
@click.option("--interval", type=click.FloatRange(min=0), default=5.0, show_default=True,
              help="Seconds between two requests to one host.")
@registry_command
def run(registry, once, every, notify, interval):
    """Read every followed feed: each item not read before has its page fetched (as `quotes
    check URL` fetches it), checked and its findings recorded as sightings.

    Requests are conditional (ETag, Last-Modified): a feed unchanged since the last run
    costs one request and records nothing. A feed that fails or is no feed, a page that
    fails, a webhook that does not answer: each one line on standard error naming its URL;
    the run goes on, and exits 1 at the end. A failed page is tried again next run.

    \b
    Examples:
      quotes watch run --once
      quotes watch run --once --notify https://hooks.example.com/quotes
    """
    from quotes.checking.check import Checker
    from quotes.checking.watch import watch as read_feeds
    from quotes.display import printable
    from quotes.registry.registry import current_user
    from quotes.translations.machine import machine_translator

    checker = Checker(registry, machine_translator=machine_translator(registry))
    while True:
        runs = read_feeds(registry, checker, checked_by=current_user(), interval=interval, notify=notify)
        problems = [problem for feed_run in runs for problem in feed_run.problems]
        echo_text(*(str(feed_run) for feed_run in runs))
        for problem in problems:
            click.echo(printable(f"failed: {problem}"), err=True)
        if once:
            break
        time.sleep(every)
    if problems:
        sys.exit(1)


COMMANDS = [watch]
