"""Publishing commands: export (the interchange and newsletter blocks) and copy (paste-ready blocks).

Blocks go to standard output exactly as they are to be pasted; what the writer must know
first (a quote not verified, disputed, left out) goes to standard error.
"""

from __future__ import annotations

import click

from quotes.registry.models import QUOTE_STATUSES  # a plain module: no heavy import for `quotes --help`

from .options import format_option, registry_command


def status_option(help_text: str):
    """``--status S``, repeatable: quotes with these statuses only."""
    return click.option("--status", "statuses", type=click.Choice(QUOTE_STATUSES), multiple=True, help=help_text)


@click.command()
@click.option("--approved", is_flag=True,
              help="Only what may be published: verified quotes (unless --status asks for others), never "
                   "retracted ones, only approved renditions. Always so for markdown, html, text and json.")
@click.option("--lang", help="jsonl: quotes first made in this language; other formats: the language to print "
                             "(an approved rendition's, or the original's).")
@click.option("--speaker", help="Only this speaker (name or alias).")
@status_option("Only quotes with this status; repeat for several. What may be published is verified unless "
               "given (--status unverified takes unverified ones too, each with a warning on standard error); "
               "retracted never.")
@format_option("jsonl", "json", "markdown", "html", "text", "tmx")
@registry_command
def export(registry, approved, lang, speaker, statuses, output_format):
    """Export quotes: the JSON Lines interchange, paste-ready newsletter blocks, or a
    translation memory.

    The interchange (jsonl) has every quote unless --approved or --status narrows it.
    The translation memory (tmx, TMX 1.4 for CAT tools) holds every approved rendition
    (in --lang, if given) beside its original, of every quote not retracted.
    Newsletter blocks (markdown, html, text, json) are what may be published: verified
    quotes, in the --lang of an approved rendition or in their own; --status takes others
    (unverified, disputed), and each of those gets a warning on standard error, never in
    the blocks.

    \b
    Examples:
      quotes export > registry.jsonl
      quotes export --approved --lang en --format markdown
      quotes export --lang en --format text --status verified --status unverified
      quotes export --approved --format tmx > memory.tmx
    """
    if output_format == "tmx":
        from quotes.formats.tmx import export_tmx

        if statuses:
            raise click.UsageError("--status does not apply to tmx: the memory holds every approved rendition")
        click.echo(export_tmx(registry, lang=lang, speaker=speaker), nl=False)  # bytes: written as they are
        return
    if output_format == "jsonl":
        from quotes.formats.jsonl import export_jsonl
        from quotes.translations.export import export_quotes

        chosen = export_quotes(registry, approved_only=approved, statuses=statuses, speaker=speaker, lang=lang)
        for line in export_jsonl(chosen, approved_only=approved):
            click.echo(line)
        return
    from quotes.translations.export import blocks

    found = blocks(registry, lang=lang, speaker=speaker, statuses=statuses)
    _print_blocks(found, output_format)
    if not found and not statuses:
        click.echo("nothing to export: no verified quote matches (--status unverified takes the others)", err=True)


@click.command()
@click.argument("quote_ids", nargs=-1, required=True, metavar="ID...")
@click.option("--lang", help="Language to copy in (an approved rendition); the original's by default.")
@status_option("Only the quotes with this status; repeat for several. The others are left out, "
               "each named on standard error.")
@format_option("text", "markdown", "html", "json")
@registry_command
def copy(registry, quote_ids, lang, statuses, output_format):
    """Print paste-ready, correctly labelled quote blocks, one per id, a blank line between.

    A translation's label is in the block's language (English, Turkish). A quote that is
    not verified is still copied, with a warning on standard error; a retracted one, or
    one without an approved rendition in --lang, is refused and nothing is printed.

    \b
    Examples:
      quotes copy q-7d2e40 --lang en --format markdown
      quotes copy q-a17b0e q-7d2e40 --lang tr --status verified
    """
    from quotes.translations.export import copy_blocks

    found, left_out = copy_blocks(registry, quote_ids, lang=lang, statuses=statuses)
    _print_blocks(found, output_format)
    for quote in left_out:
        click.echo(f"left out: {quote.id} is {quote.status}, not {' or '.join(sorted(statuses))}", err=True)


def _print_blocks(found, output_format: str) -> None:
    """The blocks on standard output; their warnings after them, on standard error."""
    from quotes.display import printable
    from quotes.translations.export import render

    click.echo(render(found, output_format), nl=False)
    for block in found:
        if block.warning:
            click.echo(printable(f"warning: {block.warning}"), err=True)


COMMANDS = [export, copy]
