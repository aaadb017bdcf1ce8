"""Commands for translators' own tools (CAT tools): renditions out as XLIFF (quotes.formats.xliff)
or PO (quotes.formats.po), and the translators' work back in, by the same rules
(quotes.formats.bilingual)."""

from __future__ import annotations

from pathlib import Path

import click

from .options import Failure, person_option, registry_command


def _export_options(function):
    """``--lang``, ``--state``, ``--source-lang`` and ``-o``: what every export takes."""
    for option in reversed([
        click.option("--lang", required=True, help="Language of the renditions (the targets)."),
        click.option("--state", "states", multiple=True,
                     help="Only quotes with a rendition in this review state (repeatable); by default every quote, "
                          "with its rendition being worked on or approved."),
        click.option("--source-lang", help="Language of the originals, when the quotes were first said in several."),
        click.option("-o", "--output", type=click.Path(dir_okay=False),
                     help="Write to this file instead of standard output."),
    ]):
        function = option(function)
    return function


def _write(document, output: str | None, kind: str) -> None:
    """An exported document to ``output``, with a line saying what was written, or to standard output."""
    if output is None:
        click.echo(document.content, nl=False)
        return
    try:
        Path(output).write_bytes(document.content)
    except OSError as error:
        raise Failure(f"{output}: cannot write ({error.strerror or error})") from None
    units = f"{document.units} unit{'s' if document.units != 1 else ''}"
    click.echo(f"wrote {units} ({document.source_lang} → {document.lang}, {kind}) to {output}")


def _report(result) -> None:
    """What an import recorded, which targets it skipped as untranslated (the empty ones
    only counted) and why, the rendition checks' failures as warnings, then a summary."""
    from quotes.display import printable
    from quotes.formats.bilingual import EMPTY

    for imported in result.imported:
        rendition = imported.rendition
        what = f"revision {rendition.revisions[-1].revision}" if imported.revised else "new rendition"
        click.echo(printable(f"{rendition.id}  {rendition.quote_id}  [{rendition.lang}]  {what} ({rendition.state})"
                             f"  “{rendition.text}”"))
        for failure in imported.failed_checks:
            click.echo(printable(f"warning: {rendition.id}: {failure}"), err=True)
    for skipped in result.skipped:
        if skipped.reason != EMPTY:
            click.echo(printable(f"skipped   {skipped.quote_id}  {skipped}  “{skipped.target}”"))
    reasons = ", ".join(f"{count} {reason}" for reason, count in result.skipped_by_reason().items())
    click.echo(f"{result.units} unit{'s' if result.units != 1 else ''}: "
               f"{len(result.imported) - result.revisions} new rendition(s), {result.revisions} revision(s), "
               f"{result.unchanged} unchanged, {len(result.skipped)} skipped" + (f" ({reasons})" if reasons else ""))


@click.group()
def xliff():
    """Exchange renditions as XLIFF 2.0 or 1.2 with the CAT tools that read bilingual XLIFF
    (memoQ, Trados, Okapi, Weblate). For OmegaT and Poedit, use `quotes po`.

    \b
    Example:
      quotes xliff export --lang en -o en.xlf
      quotes xliff import en.xlf
    """


@xliff.command("export")
@_export_options
@click.option("--version", "version", type=click.Choice(["2.0", "1.2"]), default="2.0", show_default=True,
              help="XLIFF version.")
@registry_command
def xliff_export(registry, lang, states, source_lang, output, version):
    """Export one unit per quote: the original as source, its rendition as target, with
    the review state and the note thread.

    \b
    Examples:
      quotes xliff export --lang en -o en.xlf
      quotes xliff export --lang tr --state draft --state changes-requested --version 1.2 -o tr.xlf
    """
    from quotes.formats.xliff import export_xliff

    document = export_xliff(registry, lang=lang, states=states, version=version, source_lang=source_lang)
    _write(document, output, f"XLIFF {document.version}")


@xliff.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@person_option("--translator", "Who made the imported renditions.")
@registry_command
def xliff_import(registry, file, translator):
    """Record the targets changed in an XLIFF 2.0 or 1.2 file, all or nothing: a new
    rendition, or a revision of a draft or of one sent back. A unit whose source is not
    the registered original is refused. Untranslated targets (empty, the source again,
    marked new or needs-translation, in the original's language) are skipped and listed.
    The rendition checks' failures are printed as warnings.

    \b
    Example:
      quotes xliff import en.xlf --translator "Ayşe K."
    """
    from quotes.formats.xliff import import_xliff

    _report(import_xliff(registry, file, translator=translator))


@click.group()
def po():
    """Exchange renditions as gettext PO files with the CAT tools that translate PO as it is
    (OmegaT, Poedit, Lokalize, Weblate).

    \b
    Example:
      quotes po export --lang tr -o tr.po
      quotes po import tr.po
    """


@po.command("export")
@_export_options
@registry_command
def po_export(registry, lang, states, source_lang, output):
    """Export one entry per quote: the original as msgid, its current rendition as msgstr
    (empty when it has none), the quote's id as msgctxt; who said it and when, the
    rendition's id and state and the latest reviewer note as comments.

    \b
    Examples:
      quotes po export --lang tr -o tr.po
      quotes po export --lang en --source-lang tr --state changes-requested -o en.po
    """
    from quotes.formats.po import export_po

    _write(export_po(registry, lang=lang, states=states, source_lang=source_lang), output, "PO")


@po.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@person_option("--translator", "Who made the imported renditions.")
@registry_command
def po_import(registry, file, translator):
    """Record the msgstr changed in a PO file, all or nothing, by the rules of `xliff
    import`: a new rendition, or a revision of a draft or of one sent back; an entry
    whose msgid is not the registered original is refused; untranslated entries (empty,
    the source again, fuzzy, in the original's language) are skipped and listed.

    \b
    Example:
      quotes po import omegat/target/tr.po --translator "Ayşe K."
    """
    from quotes.formats.po import import_po

    _report(import_po(registry, file, translator=translator))


COMMANDS = [xliff, po]
