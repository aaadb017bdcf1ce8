"""Rendition and review commands: translate, revise, renditions, review, note, mt."""

from __future__ import annotations

import functools

import click

from .options import Failure, person_option, registry_command

REVIEW_ACTIONS = ("submit", "approve", "request-changes", "reject")


def _rendition_line(rendition) -> str:
    method = "human" if rendition.method == "human" else f"machine ({rendition.model} {rendition.model_version})"
    made_from = rendition.from_rendition_id or "original"
    return (f"{rendition.id}  {rendition.quote_id}  [{rendition.lang}]  {rendition.state}  {method} by {rendition.translator}"
            f"  from {made_from}  “{rendition.text}”")


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

    \b
    Examples:
      quotes translate q-7d2e40 --lang en --translator "Ayşe K." \\
        --text "We expect inflation to fall below 30% by the end of the year."
      quotes translate q-7d2e40 --lang en --machine --translator "Ayşe K."
    """
    from quotes.display import printable
    from quotes.translations.renditions import record_rendition

    rendition = record_rendition(registry, quote_id, lang=lang, translator=translator, text=text, machine=machine,
                                 from_ref=from_ref, note=note)
    click.echo(printable(f"recorded {rendition.id} ({rendition.state}): “{rendition.text}”"))


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
@registry_command
def renditions(registry, state, lang, quote_id):
    """List renditions: the review queue.

    \b
    Example:
      quotes renditions --state in-review --lang en
    """
    from quotes.display import printable
    from quotes.translations.renditions import list_renditions

    found = list_renditions(registry, state=state, lang=lang, quote=quote_id)
    for rendition in found:
        click.echo(printable(_rendition_line(rendition)))
    click.echo(f"{len(found)} rendition{'s' if len(found) != 1 else ''}")


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
def mt_list():
    """List installed language pairs and their model versions.

    \b
    Example:
      quotes mt list
    """
    from quotes.translations.machine import installed_pairs, packages_dir

    pairs = installed_pairs()
    for pair in pairs:
        click.echo(f"{pair.from_code} → {pair.to_code}  {pair.package} {pair.version}")
    click.echo(f"{len(pairs)} model{'s' if len(pairs) != 1 else ''} in {packages_dir()}")


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
