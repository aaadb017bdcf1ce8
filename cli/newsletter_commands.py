"""Publishing commands: export (the interchange and newsletter blocks) and copy (paste-ready blocks)."""

from __future__ import annotations

import click

from .options import format_option, registry_command


@click.command()
@click.option("--approved", is_flag=True,
              help="Only what may be published: no retracted quotes, only approved renditions "
                   "(always so for markdown, html, text and json).")
@click.option("--lang", help="jsonl: quotes first made in this language; other formats: the language to print "
                             "(an approved rendition's, or the original's).")
@click.option("--speaker", help="Only this speaker (name or alias).")
@format_option("jsonl", "json", "markdown", "html", "text")
@registry_command
def export(registry, approved, lang, speaker, output_format):
    """Export quotes: the JSON Lines interchange, or paste-ready newsletter blocks.

    \b
    Examples:
      quotes export > registry.jsonl
      quotes export --approved --lang en --format markdown
    """
    if output_format == "jsonl":
        from quotes.formats.jsonl import export_jsonl

        for line in export_jsonl(registry.list_quotes(speaker=speaker, lang=lang), approved_only=approved):
            click.echo(line)
        return
    from quotes.translations.export import export_blocks

    click.echo(export_blocks(registry, output_format=output_format, lang=lang, speaker=speaker), nl=False)


@click.command()
@click.argument("quote_id")
@click.option("--lang", help="Language to copy in (an approved rendition); the original's by default.")
@format_option("text", "markdown", "html", "json")
@registry_command
def copy(registry, quote_id, lang, output_format):
    """Print one paste-ready, correctly labelled quote block.

    \b
    Example:
      quotes copy q-7d2e40 --lang en --format markdown
    """
    from quotes.translations.export import copy_block

    click.echo(copy_block(registry, quote_id, lang=lang, output_format=output_format), nl=False)


COMMANDS = [export, copy]
