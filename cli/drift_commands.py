"""The drift map's commands: `sightings` (where quotes were seen printed) and `drift` (a
quote's lineage)."""

from __future__ import annotations

import datetime

import click

from .listings import count, echo_json, echo_listing, echo_text, listing_format_option
from .options import format_option, registry_command


@click.command()
@click.argument("quote_id", required=False)
@click.option("--outlet", help="Only this outlet (the page's site name, else its host; case aside).")
@click.option("--verdict", help="Only this verdict (verbatim, excerpt, altered, …, unknown).")
@click.option("--since", help="Only sightings seen on or after this date, YYYY-MM-DD.")
@listing_format_option
@registry_command
def sightings(registry, quote_id, outlet, verdict, since, output_format):
    """List sightings — where quotes were seen printed (`check --record`) — newest first.

    A sighting is seen on the page's publication date, else the day it was first
    checked. JSON, JSON Lines and CSV fields: id, quote_id, rendition_id, verdict,
    severity, flags, reason, passage, lang, url, outlet, title, published, seen_on,
    first_checked, checked_at, checked_by.

    \b
    Examples:
      quotes sightings q-a17b0e
      quotes sightings --outlet "Tech Echo" --since 2025-02-01 --format csv
    """
    from quotes.checking.lineage import sightings as find_sightings

    found = find_sightings(registry, quote_id, outlet=outlet, verdict=verdict, since=since)
    echo_listing([s.as_json() for s in found], output_format,
                 lambda: [*(_sighting_line(s) for s in found), count(len(found), "sighting")])


def _sighting_line(sighting) -> str:
    where = "  ".join(part for part in (sighting.outlet, sighting.url) if part) or "(no URL)"
    return (f"{sighting.seen_on}  {sighting.quote_id}  {sighting.verdict}  [{sighting.lang}]  "
            f"“{sighting.passage}”  {where}")


@click.command()
@click.argument("quote_id")
@format_option("text", "json", "dot", "claimreview")
@click.option("--organization", envvar="QUOTES_ORGANIZATION", default="quotes", show_default=True,
              help="ClaimReview: the organisation publishing the review (its author). Also QUOTES_ORGANIZATION.")
@registry_command
def drift(registry, quote_id, output_format, organization):
    """Show a quote's lineage: the original, its renditions, and every wording seen.

    Each wording seen (a variant: sightings with the same comparison form) sits beneath
    the original, rendition or earlier variant it most likely came from, with its verdict,
    first and last seen, and how many sightings and outlets. --format dot is Graphviz;
    claimreview gives one ClaimReview per drifted variant with its appearances.

    \b
    Examples:
      quotes drift q-a17b0e
      quotes drift a17 --format dot | dot -Tsvg > lineage.svg
    """
    from quotes.checking import lineage

    found = lineage.drift_map(registry, quote_id)
    if output_format == "json":
        echo_json(lineage.render_json(found))
    elif output_format == "dot":
        echo_text(lineage.render_dot(found))
    elif output_format == "claimreview":
        from quotes.formats.claimreview import drift_claim_reviews, render_graph

        click.echo(render_graph(drift_claim_reviews(found, organization=organization,
                                                    reviewed_on=datetime.date.today().isoformat())))
    else:
        echo_text(*lineage.render_text(found).splitlines())


COMMANDS = [sightings, drift]
