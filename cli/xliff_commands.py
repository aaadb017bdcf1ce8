"""XLIFF commands: renditions out to a CAT tool and back (quotes.formats.xliff)."""

from __future__ import annotations

from pathlib import Path

import click

from .options import Failure, person_option, registry_command


@click.group()
def xliff():
    """Exchange renditions with CAT tools (OmegaT, memoQ, Trados, Weblate) as XLIFF 2.0 or 1.2.

    \b
    Example:
      quotes xliff export --lang en -o en.xlf
      quotes xliff import en.xlf
    """


@xliff.command("export")
@click.option("--lang", required=True, help="Language of the renditions (the targets).")
@click.option("--state", "states", multiple=True,
              help="Only quotes with a rendition in this review state (repeatable); by default every quote, "
                   "with its rendition being worked on or approved.")
@click.option("--version", "version", type=click.Choice(["2.0", "1.2"]), default="2.0", show_default=True,
              help="XLIFF version.")
@click.option("--source-lang", help="Language of the originals, when the quotes were first said in several.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of standard output.")
@registry_command
def export(registry, lang, states, version, source_lang, output):
    """Export one unit per quote: the original as source, its rendition as target, with
    the review state and the note thread.

    \b
    Examples:
      quotes xliff export --lang en -o en.xlf
      quotes xliff export --lang tr --state draft --state changes-requested --version 1.2 -o tr.xlf
    """
    from quotes.formats.xliff import export_xliff

    document = export_xliff(registry, lang=lang, states=states, version=version, source_lang=source_lang)
    if output is None:
        click.echo(document.content, nl=False)
        return
    try:
        Path(output).write_bytes(document.content)
    except OSError as error:
        raise Failure(f"{output}: cannot write ({error.strerror or error})") from None
    units = f"{document.units} unit{'s' if document.units != 1 else ''}"
    click.echo(f"wrote {units} ({document.source_lang} → {document.lang}, XLIFF {document.version}) to {output}")


@xliff.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@person_option("--translator", "Who made the imported renditions.")
@registry_command
def import_(registry, file, translator):
    """Record the targets changed in an XLIFF 2.0 or 1.2 file, all or nothing: a new
    rendition, or a revision of a draft or of one sent back. A unit whose source is not
    the registered original is refused. The rendition checks' failures are printed as
    warnings.

    \b
    Example:
      quotes xliff import en.xlf --translator "Ayşe K."
    """
    from quotes.display import printable
    from quotes.formats.xliff import import_xliff

    result = import_xliff(registry, file, translator=translator)
    for imported in result.imported:
        rendition = imported.rendition
        what = f"revision {rendition.revisions[-1].revision}" if imported.revised else "new rendition"
        click.echo(printable(f"{rendition.id}  {rendition.quote_id}  [{rendition.lang}]  {what} ({rendition.state})"
                             f"  “{rendition.text}”"))
        for failure in imported.failed_checks:
            click.echo(printable(f"warning: {rendition.id}: {failure}"), err=True)
    revisions = sum(imported.revised for imported in result.imported)
    click.echo(f"{result.units} unit{'s' if result.units != 1 else ''}: "
               f"{len(result.imported) - revisions} new rendition(s), {revisions} revision(s), "
               f"{result.units - len(result.imported)} unchanged")


COMMANDS = [xliff]
