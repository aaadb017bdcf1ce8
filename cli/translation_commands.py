"""Rendition and review commands: translate, revise, renditions, review, note, mt."""

from __future__ import annotations

import functools
import itertools
import shutil
import textwrap

import click

from .listings import count, echo_listing, listing_format_option
from .options import Failure, person_option, registry_command

REVIEW_ACTIONS = ("submit", "approve", "request-changes", "reject")
SIDE_BY_SIDE_MIN_WIDTH = 70  # narrower terminals show the original above the rendition
PAGE_MAX_WIDTH = 140  # wider lines are hard to read across


def _rendition_line(rendition) -> str:
    method = "human" if rendition.method == "human" else f"machine ({rendition.model} {rendition.model_version})"
    made_from = rendition.from_rendition_id or "original"
    return (f"{rendition.id}  {rendition.quote_id}  [{rendition.lang}]  {rendition.state}  {method} by {rendition.translator}"
            f"  from {made_from}  “{rendition.text}”")


def _note_line(note) -> str:
    action = f" [{note.action}]" if note.action else ""
    return f"{note.created_at}  {note.author} ({note.role}){action}: {note.text}"


def _checks_line(view) -> str:
    return "checks: " + ("; ".join(f"{f} ({f.severity})" for f in view.failed_checks) or "all pass")


def _queue_lines(view):
    """A rendition in the queue's table: its line, the original, the checks, the latest note."""
    yield _rendition_line(view.rendition)
    yield f"  original [{view.quote.lang}]: “{view.quote.text}”"
    yield f"  {_checks_line(view)}"
    if view.latest_note:
        yield f"  latest note: {_note_line(view.latest_note)}"


def rendition_page(view):
    """`show r-…` for people: the original (or what the rendition was made from) and the
    rendition side by side, or one above the other on a narrow terminal; each revision
    with its word diff from the one before (as `check` shows a passage's); the checks; the
    note thread."""
    from quotes.checking.report import diff_line

    rendition, quote, source = view.rendition, view.quote, view.made_from
    yield (f"{rendition.id}  rendition of {quote.id}, {quote.speaker.name}  [{source.lang} → {rendition.lang}]  "
           f"{rendition.state}")
    maker = rendition.translator if rendition.method == "human" else (
        f"{rendition.translator} via {rendition.engine} {rendition.model} {rendition.model_version}")
    yield f"  {rendition.method}, by {maker}, {rendition.created_at}"
    if source is not quote:
        yield f"  original [{quote.lang}]: “{quote.text}”"
    left = f"original [{quote.lang}]" if source is quote else f"made from {source.id} [{source.lang}]"
    right = f"rendition [{rendition.lang}], revision {rendition.revisions[-1].revision}"
    yield ""
    yield from _two_texts((left, source.text), (right, rendition.text))
    yield ""
    yield "  checks:" if view.failed_checks else "  checks: all pass"
    for failure in view.failed_checks:
        yield f"    {failure.severity:<7}  {failure}"
    yield "  revisions:"
    changes = [None, *view.revision_changes()]
    for revision, diff in zip(rendition.revisions, changes):
        text = f"diff: {diff_line(diff)}" if diff else f"“{revision.text}”"
        yield f"    {revision.revision}  {revision.created_at}  {revision.created_by}: {text}"
    yield "  notes:" if rendition.notes else "  notes: none"
    for note in rendition.notes:
        yield f"    {_note_line(note)}"


def _two_texts(left: tuple[str, str], right: tuple[str, str]):
    """Two titled texts in columns, or one above the other when the terminal is narrow."""
    width = min(shutil.get_terminal_size().columns, PAGE_MAX_WIDTH)
    if width < SIDE_BY_SIDE_MIN_WIDTH:
        for title, text in (left, right):
            yield f"  {title}:"
            yield from (f"    {line}" for line in textwrap.wrap(text, width - 4))
        return
    column = (width - 2 - 3) // 2  # an indent of 2, " │ " between
    lefts = [left[0], *textwrap.wrap(left[1], column)]
    rights = [right[0], *textwrap.wrap(right[1], column)]
    for a, b in itertools.zip_longest(lefts, rights, fillvalue=""):
        yield f"  {a:<{column}} │ {b}".rstrip()


@click.command()
@click.argument("quote_id")
@click.option("--lang", required=True, help="Language of the rendition.")
@click.option("--text", help="The translation, as the translator wrote it.")
@click.option("--machine", is_flag=True, help="Draft it with an installed argostranslate model.")
@person_option("--translator", "Who made it (for --machine: who ran the machine).")
@click.option("--from", "from_ref", metavar="RENDITION_ID", help="Made from this rendition instead of the original.")
@click.option("--note", help="A translator's note for the reviewers.")
@registry_command
def translate(registry, quote_id, lang, text, machine, translator, from_ref, note):
    """Record a rendition of a quote (state draft), by hand or as a machine draft.

    First the translation memory: the quote's renditions in that language, and the closest
    approved renditions of similar registered quotes, each with its match percentage and
    the words in which the originals differ ([-theirs-] {+this quote's+}). Without --text
    or --machine, only the memory is shown and nothing is recorded; when recording, it is
    shown on standard error, when there is any.

    \b
    Examples:
      quotes translate q-7d2e40 --lang en
      quotes translate q-7d2e40 --lang en --translator "Ayşe K." \\
        --text "We expect inflation to fall below 30% by the end of the year."
      quotes translate q-7d2e40 --lang en --machine --translator "Ayşe K."
    """
    from quotes.display import printable
    from quotes.translations.memory import recall
    from quotes.translations.renditions import record_rendition

    if text is None and not machine:
        memory = recall(registry, quote_id, lang)
        for line in _memory_lines(memory):
            click.echo(printable(line))
        click.echo(f"record a rendition with `quotes translate {memory.quote.id} --lang {memory.lang} --text TEXT` "
                   "(or --machine for a machine draft)")
        return
    if from_ref is None:  # the memory is of renditions of originals; a chain's link is made from a rendition
        memory = recall(registry, quote_id, lang)
        for line in [] if memory.empty else _memory_lines(memory):
            click.echo(printable(line), err=True)
    rendition = record_rendition(registry, quote_id, lang=lang, translator=translator, text=text, machine=machine,
                                 from_ref=from_ref, note=note)
    click.echo(printable(f"recorded {rendition.id} ({rendition.state}): “{rendition.text}”"))


def _memory_lines(memory):
    """The translation memory as a CAT tool's fuzzy-match pane shows it."""
    from quotes.checking.report import diff_line

    quote, lang = memory.quote, memory.lang
    yield f"translation memory for {quote.id} [{quote.lang} → {lang}]: “{quote.text}”"
    if memory.empty:
        yield f"  nothing yet: no rendition in {lang}, and no similar quote has an approved rendition in {lang}"
        return
    if memory.existing:
        yield f"  this quote in {lang}:"
    for rendition in memory.existing:
        yield f"    {rendition.id}  {rendition.state}  by {rendition.translator}: “{rendition.text}”"
    if memory.similar:
        yield f"  similar quotes, with an approved rendition in {lang}:"
    for match in memory.similar:
        yield f"    {match.score:.0f}%  {match.quote.id}, {match.quote.speaker.name}: “{match.quote.text}”"
        if any(change.op != "keep" for change in match.changes):
            yield f"          differs: {diff_line(match.changes)}"
        yield f"          {match.rendition.id} [{lang}]: “{match.rendition.text}”"


@click.command()
@click.argument("rendition_id")
@click.option("--text", required=True, help="The revised translation.")
@person_option("--translator", "Who revised it.")
@click.option("--note", help="What changed, for the reviewer (needed with --submit).")
@click.option("--submit", is_flag=True, help="Send the revision for review too, in the same step.")
@registry_command
def revise(registry, rendition_id, text, translator, note, submit):
    """Revise a draft or a rendition sent back: a new revision; the old text stays readable.

    With --submit the revision goes back to review at once (the rendition checks run, and
    what fails is printed as warnings), all or nothing.

    \b
    Example:
      quotes revise r-5e1a01 --text "…" --note "amount restored" --submit
    """
    from quotes.translations.renditions import revise_rendition

    rendition = revise_rendition(registry, rendition_id, text=text, translator=translator, note=note, submit=submit)
    if submit:
        _warn(rendition.failed_checks)
    click.echo(f"{rendition.id} is at revision {rendition.revisions[-1].revision} ({rendition.state})")


def _warn(failed_checks) -> None:
    """The rendition checks that failed, as warnings on standard error."""
    from quotes.display import printable

    for failure in failed_checks:
        click.echo(printable(f"warning: {failure}"), err=True)


@click.command()
@click.option("--state", help="Only renditions in this review state (draft, in-review, …).")
@click.option("--lang", help="Only renditions in this language.")
@click.option("--quote", "quote_id", help="Only renditions of this quote.")
@click.option("--translator", help="Only renditions by this translator (however the name is typed).")
@listing_format_option
@registry_command
def renditions(registry, state, lang, quote_id, translator, output_format):
    """List renditions: the review queue, each with its original, the rendition checks
    that fail, and the latest note.

    JSON, JSON Lines and CSV fields: id, quote_id, speaker, lang, state, text, translator,
    method, engine, model, model_version, from, revision, created_at, original_lang,
    original, checks (check, severity, message), latest_note (author, role, action, at,
    text). `show r-…` gives one rendition's whole thread.

    \b
    Example:
      quotes renditions --state in-review --lang en --translator "Ayşe K."
    """
    from quotes.translations.renditions import list_renditions, rendition_record, view_renditions

    found = view_renditions(registry, list_renditions(registry, state=state, lang=lang, quote=quote_id,
                                                      translator=translator))
    echo_listing([rendition_record(view) for view in found], output_format,
                 lambda: [*(line for view in found for line in _queue_lines(view)), count(len(found), "rendition")])


def _one_review_action(function):
    """Turn the four action flags into one ``action``, refusing none and more than one
    before the registry is opened.

    (Separate flags, not flag_value options sharing a destination: with those, click keeps
    the last one given, and ``--approve --reject`` would reject.)
    """

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        given = [action for action in REVIEW_ACTIONS if kwargs.pop(action.replace("-", "_"))]
        if not given:
            raise click.UsageError("give one of " + ", ".join(f"--{action}" for action in REVIEW_ACTIONS))
        if len(given) > 1:
            *others, last = (f"--{action}" for action in given)
            raise Failure(f"{', '.join(others)} and {last} cannot be given together: "
                          "give one of " + ", ".join(f"--{action}" for action in REVIEW_ACTIONS))
        return function(*args, action=given[0], **kwargs)

    return wrapper


@click.command()
@click.argument("rendition_id")
@click.option("--submit", is_flag=True, help="Send for review.")
@click.option("--approve", is_flag=True, help="Approve (supersedes the approved one).")
@click.option("--request-changes", is_flag=True, help="Send back to the translator.")
@click.option("--reject", is_flag=True, help="Reject.")
@person_option("--reviewer", "Who takes the action.")
@click.option("--note", required=True, help="Why: kept in the rendition's note thread.")
@click.option("--allow-self-review", is_flag=True, help="Let a translator approve their own rendition.")
@click.option("--override-checks", is_flag=True, help="Approve although rendition checks fail (the note says why).")
@_one_review_action
@registry_command
def review(registry, rendition_id, action, reviewer, note, allow_self_review, override_checks):
    """Move a rendition through review, with a note.

    Submitting and approving run the rendition checks (numbers, names, negation, person,
    length, untranslated spans) and print what failed as warnings; a failing number, name,
    negation or person check blocks approval unless --override-checks is given. Approving
    says which approved rendition it supersedes.

    \b
    Example:
      quotes review r-5e1a01 --request-changes --reviewer "Deniz Y." \\
        --note "the amount is missing; 'we' became 'ben'"
    """
    from quotes.display import printable
    from quotes.translations.review import review as review_rendition

    rendition = review_rendition(registry, rendition_id, action, reviewer=reviewer, note=note,
                                 allow_self_review=allow_self_review, override_checks=override_checks)
    _warn(rendition.failed_checks)
    supersedes = [f"{old.rendition_id} (approved {old.approved_at[:10]} by {old.approved_by})" if old.approved_at
                  else old.rendition_id for old in rendition.superseded]
    click.echo(printable(f"{rendition.id} is {rendition.state}"
                         + (f"; it supersedes {', '.join(supersedes)}" if supersedes else "")))


@click.command()
@click.argument("rendition_id")
@person_option("--author", "Who writes the note.")
@click.option("--text", required=True, help="The note.")
@registry_command
def note(registry, rendition_id, author, text):
    """Add a note to a rendition's thread.

    \b
    Example:
      quotes note r-5e1a01 --author "Ayşe K." --text "source post checked again"
    """
    from quotes.translations.review import add_note

    added = add_note(registry, rendition_id, author=author, text=text)
    click.echo(f"noted as {added.role}")


@click.group()
def mt():
    """Machine translation models (argostranslate): list, install, remove.

    Models live where argostranslate keeps them (ARGOS_PACKAGES_DIR).

    \b
    Example:
      quotes mt install translate-tr_en-1_9.argosmodel
    """


@mt.command("list")
@listing_format_option
def mt_list(output_format):
    """List installed language pairs and their model versions.

    JSON, JSON Lines and CSV fields: from, to (Argos language codes), package, version.

    \b
    Example:
      quotes mt list --format json
    """
    from quotes.translations.machine import installed_pairs, packages_dir

    pairs = installed_pairs()
    records = [{"from": p.from_code, "to": p.to_code, "package": p.package, "version": p.version} for p in pairs]
    echo_listing(records, output_format, lambda: [
        *(f"{p.from_code} → {p.to_code}  {p.package} {p.version}" for p in pairs),
        f"{count(len(pairs), 'model')} in {packages_dir()}"])


@mt.command("install")
@click.argument("source")
@click.argument("to_code", required=False)
def mt_install(source, to_code):
    """Install a model from a .argosmodel file, or FROM TO from the Argos package index.

    \b
    Examples:
      quotes mt install translate-tr_en-1_9.argosmodel
      quotes mt install tr en
    """
    from quotes.translations.machine import install_file, install_from_index

    pair = install_from_index(source, to_code) if to_code else install_file(source)
    click.echo(f"installed {pair.from_code} → {pair.to_code}  {pair.package} {pair.version}")


@mt.command("remove")
@click.argument("from_code")
@click.argument("to_code")
def mt_remove(from_code, to_code):
    """Remove an installed model.

    \b
    Example:
      quotes mt remove tr en
    """
    from quotes.translations.machine import remove

    pair = remove(from_code, to_code)
    click.echo(f"removed {pair.from_code} → {pair.to_code}  {pair.package} {pair.version}")


COMMANDS = [translate, revise, renditions, review, note, mt]
