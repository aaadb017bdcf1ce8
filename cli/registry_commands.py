"""Registry commands: add, list, show, history, edit, status, import, reindex."""

from __future__ import annotations

import json

import click

from .listings import count, echo_json, echo_listing, echo_text, listing_format_option
from .options import format_option, jobs_option, progress, registry_command
from .translation_commands import rendition_page


def _quote_line(quote) -> str:
    text = quote.text if len(quote.text) <= 70 else quote.text[:69] + "…"
    return f"{quote.id}  {quote.speaker.name}  [{quote.lang}]  {quote.status}  “{text}”"


def _provenance(quote) -> str:
    parts = [p for p in (quote.said_on, quote.outlet, quote.medium, quote.source_url) if p]
    return " · ".join(parts) if parts else "no provenance recorded"


@click.command()
@click.argument("text")
@click.option("--speaker", required=True, help="Who said it, as registered (a new name is created).")
@click.option("--alias", "aliases", multiple=True, help="Another name coverage uses for the speaker (repeatable).")
@click.option("--lang", required=True, help="Language the statement was first made in (ISO 639, e.g. tr, en).")
@click.option("--said-on", help="Date it was said, YYYY-MM-DD.")
@click.option("--source", "source_url", help="URL where it was made or first reported.")
@click.option("--outlet", help="Outlet or platform (e.g. X, Reuters).")
@click.option("--medium", help="Post, interview, speech, statement…")
@click.option("--context", help="What it was said about or in reply to.")
@registry_command
def add(registry, text, speaker, aliases, lang, said_on, source_url, outlet, medium, context):
    """Register a statement exactly as first made.

    \b
    Example:
      quotes add "They don’t actually have the money" --speaker "Elon Musk" \\
        --alias Musk --lang en --said-on 2025-01-22 --outlet X --source https://…
    """
    quote = registry.add_quote(
        text, speaker=speaker, lang=lang, said_on=said_on, source_url=source_url, outlet=outlet,
        medium=medium, context=context, aliases=aliases,
    )
    click.echo(f"added {quote.id}")


@click.command("list")
@click.option("--speaker", help="Only this speaker (name or alias).")
@click.option("--lang", help="Only quotes first made in this language.")
@click.option("--status", help="Only quotes with this status (unverified, verified, disputed, retracted).")
@listing_format_option
@registry_command
def list_quotes(registry, speaker, lang, status, output_format):
    """List registered quotes.

    JSON, JSON Lines and CSV give each quote as `export --format jsonl` does (SPEC "JSON
    Lines interchange": id, text, lang, speaker, speaker_aliases, said_on, source, context,
    status, status_note, created_at, created_by, versions, renditions).

    \b
    Example:
      quotes list --speaker Altman --format json
    """
    from quotes.formats.jsonl import quote_record

    quotes = registry.list_quotes(speaker=speaker, lang=lang, status=status)
    echo_listing([quote_record(q) for q in quotes], output_format,
                 lambda: [*(_quote_line(quote) for quote in quotes), count(len(quotes), "quote")])


@click.command()
@click.argument("record_id", metavar="ID")
@format_option("text", "json")
@registry_command
def show(registry, record_id, output_format):
    """Show a quote (q-…): its text, provenance, versions, renditions and notes; or a
    rendition (r-…): the original and the rendition side by side (one above the other on a
    narrow terminal), each revision's word diff from the one before, the rendition checks
    that fail, and the note thread.

    JSON: a quote as `export --format jsonl` gives it; a rendition as `renditions --format
    json` does, with ``revisions`` (each with its ``changes`` from the previous one) and
    ``notes``.

    \b
    Examples:
      quotes show q-a17b0e
      quotes show r-5e1a01 --format json
    """
    if record_id.strip().startswith("r-"):
        from quotes.translations.renditions import rendition_record, view_rendition

        view = view_rendition(registry, record_id)
        if output_format == "json":
            echo_json(json.dumps(rendition_record(view, thread=True), ensure_ascii=False, indent=2))
        else:
            echo_text(*rendition_page(view))
        return
    from quotes.formats.jsonl import quote_record

    quote = registry.get_quote(record_id)
    if output_format == "json":
        echo_json(json.dumps(quote_record(quote), ensure_ascii=False, indent=2))
        return
    echo_text(*_show_lines(quote))


def _show_lines(quote):
    yield _quote_line(quote)
    yield f"  “{quote.text}”"
    yield f"  {_provenance(quote)}"
    if quote.context:
        yield f"  context: {quote.context}"
    if quote.speaker.aliases:
        yield f"  speaker also named: {', '.join(quote.speaker.aliases)}"
    if quote.status_note:
        yield f"  status note: {quote.status_note}"
    if len(quote.versions) > 1:
        yield "  versions (superseded texts are still matched):"
        for version in quote.versions:
            reason = f" — {version.reason}" if version.reason else ""
            yield f"    v{version.version} {version.created_at} {version.created_by}{reason}: “{version.text}”"
    for rendition in quote.renditions:
        yield f"  rendition {rendition.id} [{rendition.lang}] {rendition.state}: “{rendition.text}”"
        made_from = [quote.lang] + [f"{r.lang} ({r.id})" for r in quote.chain(rendition)[:-1]] + [rendition.lang]
        maker = rendition.translator if rendition.method == "human" else (
            f"{rendition.translator} via {rendition.engine} {rendition.model} {rendition.model_version}"
        )
        yield f"    {rendition.method}, by {maker}; made from: {' → '.join(made_from)}"
        if len(rendition.revisions) > 1:
            for revision in rendition.revisions[:-1]:
                yield f"    earlier revision {revision.revision} ({revision.created_at}): “{revision.text}”"
        for note in rendition.notes:
            action = f" [{note.action}]" if note.action else ""
            yield f"    note by {note.author} ({note.role}){action} {note.created_at}: {note.text}"


@click.command()
@click.argument("quote_id")
@listing_format_option
@registry_command
def history(registry, quote_id, output_format):
    """Show the audit log of a quote and its renditions: who, when, what.

    JSON, JSON Lines and CSV fields: id (the event's number), at, actor, action, subject
    (the quote or rendition id), detail (what changed: before, after, note…).

    \b
    Example:
      quotes history q-a17b0e --format csv
    """
    events = registry.history(quote_id)
    records = [{"id": e.id, "at": e.at, "actor": e.actor, "action": e.action, "subject": e.subject, "detail": e.detail}
               for e in events]
    echo_listing(records, output_format, lambda: [
        f"{e.at}  {e.actor}  {e.action}  {e.subject}  {json.dumps(e.detail, ensure_ascii=False, sort_keys=True)}"
        for e in events])


@click.command()
@click.argument("quote_id")
@click.option("--text", required=True, help="The corrected text, exactly as said.")
@click.option("--reason", required=True, help="Why the text changes (kept with the new version).")
@registry_command
def edit(registry, quote_id, text, reason):
    """Correct a quote's text: a new version; the old one stays readable and matched.

    \b
    Example:
      quotes edit q-a17b0e --text "…" --reason "transcription error: 9.47 → 9.74"
    """
    quote = registry.edit_quote(quote_id, text=text, reason=reason)
    click.echo(f"{quote.id} is now at version {quote.versions[-1].version}")


@click.command()
@click.argument("quote_id")
@click.argument("status", type=click.Choice(["verified", "disputed", "retracted"]))
@click.option("--note", required=True, help="Why (kept in the audit log).")
@registry_command
def status(registry, quote_id, status, note):
    """Mark a quote verified, disputed or retracted; nothing is deleted.

    \b
    Example:
      quotes status q-a17b0e verified --note "post checked on X by the desk"
    """
    quote = registry.set_status(quote_id, status, note=note)
    click.echo(f"{quote.id} is {quote.status}")


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@registry_command
def import_(registry, file):
    """Import quotes from a JSON Lines file, all or nothing; already registered quotes are skipped.

    \b
    Example:
      quotes import seeds/registry.jsonl
    """
    from quotes.formats.jsonl import import_jsonl

    with progress("importing") as tell:
        report = import_jsonl(registry, file, progress=tell)
    click.echo(f"imported {len(report.added)} quote(s), skipped {len(report.skipped)} already registered")


@click.command()
@jobs_option("splitting texts into terms")
@registry_command
def reindex(registry, jobs):
    """Rebuild the matching index from every registered text (after a restore or a bulk load).

    The index is kept up to date by every command; this rebuilds it from scratch, all or nothing.

    \b
    Example:
      quotes reindex --jobs 2
    """
    with progress("indexing") as tell:
        count = registry.reindex(jobs=jobs, progress=tell)
    click.echo(f"indexed {count} texts")


COMMANDS = [add, list_quotes, show, history, edit, status, import_, reindex]
