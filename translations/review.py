"""Review of renditions: the state machine, the self-review rule, supersession and note threads.

States and transitions are SPEC's: draft → in-review → approved | changes-requested |
rejected; a rendition sent back is revised and submitted again; approving one supersedes
the previously approved rendition of the same quote and language. Every action leaves a
note and an event, in one transaction.

People are compared by ``quotes.text.identity_key``: a translator is the same person
whatever case, accents, Unicode form or spacing they type their name in, so nobody
approves their own rendition (nor the machine draft they ran) under another spelling.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy import Connection

from quotes.errors import InvalidInput
from quotes.translations.checks import Finding, errors, run_checks
from quotes.registry.models import Note, Rendition, ReviewState
from quotes.text import identity_key
from quotes.registry.registry import (
    Registry,
    find_renditions,
    insert_note,
    load_rendition,
    log_event,
    now,
    require_name,
    require_text,
    load_quotes,
    resolve_rendition,
    set_rendition_state,
)

# action → (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[ReviewState], ReviewState]] = {
    "submit": (frozenset({ReviewState.DRAFT, ReviewState.CHANGES_REQUESTED}), ReviewState.IN_REVIEW),
    "approve": (frozenset({ReviewState.IN_REVIEW}), ReviewState.APPROVED),
    "request-changes": (frozenset({ReviewState.IN_REVIEW}), ReviewState.CHANGES_REQUESTED),
    "reject": (frozenset({ReviewState.IN_REVIEW}), ReviewState.REJECTED),
}


class IllegalTransition(InvalidInput):
    """The action does not apply to the rendition's current state."""


class SelfReview(InvalidInput):
    """A translator tried to approve their own rendition. ``overridable`` is true when the
    front end may let them, on an explicit request (never for a machine draft)."""

    def __init__(self, problem: str, *, overridable: bool):
        super().__init__(problem)
        self.overridable = overridable


class ChecksFailed(InvalidInput):
    """Checks of severity error failed on a rendition to be approved; the message lists them."""


def next_state(current: ReviewState, action: str) -> ReviewState:
    """The state ``action`` leads to from ``current``; IllegalTransition names the current state."""
    sources, target = TRANSITIONS[action]
    if current not in sources:
        allowed = ", ".join(sorted(s.value for s in sources))
        raise IllegalTransition(f"cannot {action} a rendition that is {current.value} (only from {allowed})")
    return target


def same_person(name: str, other: str) -> bool:
    """Whether two names are one person's, however typed: ``identity_key`` (case,
    diacritics, Unicode form and spacing aside: "Ayşe K." is " ayşe k. ", "AYŞE K.",
    "Ayse K.")."""
    return identity_key(name) == identity_key(other)


def role_of(rendition: Rendition, person: str) -> str:
    """Notes record who wrote them: the rendition's translator, or a reviewer."""
    return "translator" if same_person(person, rendition.translator) else "reviewer"


@dataclass(frozen=True)
class Superseded:
    """An approved rendition that an approval superseded, with who approved it and when
    (``None`` when it came approved without an approving note: an import)."""

    rendition_id: str
    approved_by: str | None
    approved_at: str | None


@dataclass(frozen=True)
class ReviewedRendition(Rendition):
    """The rendition as a review action left it, with what the action found on the way:
    the checks that failed (submit and approve run them) and the renditions an approval
    superseded."""

    failed_checks: tuple[Finding, ...] = ()
    superseded: tuple[Superseded, ...] = ()


def review(
    registry: Registry, rendition_ref: str, action: str, *, reviewer: str, note: str, allow_self_review: bool = False,
    override_checks: bool = False,
) -> ReviewedRendition:
    """Take ``action`` on a rendition, with the reviewer's note, in one transaction.

    Submitting and approving run the rendition checks (``quotes.translations.checks``):
    the event records what failed and the result carries it (to show it); a failing
    error check blocks approval unless ``override_checks`` (the note says why), and the
    event then records the checks overridden. An approval supersedes the approved
    rendition of the same quote and language, and the result names it."""
    reviewer = require_name(reviewer, field="reviewer")
    note = require_text(note, field="note", multiline=True)
    with registry.store.write() as conn:
        return take_action(conn, resolve_rendition(conn, rendition_ref), action, reviewer=reviewer, note=note,
                           allow_self_review=allow_self_review, override_checks=override_checks)


def take_action(
    conn: Connection, rendition_id: str, action: str, *, reviewer: str, note: str, allow_self_review: bool = False,
    override_checks: bool = False,
) -> ReviewedRendition:
    """``review`` inside the caller's transaction (``revise --submit`` revises and submits
    in one), on a resolved id with a checked reviewer and note."""
    rendition = load_rendition(conn, rendition_id)
    current = ReviewState(rendition.state)
    target = next_state(current, action)
    author = _authors(rendition).get(identity_key(reviewer))
    if target is ReviewState.APPROVED and author is not None:
        # Named as the rendition records them when typed otherwise: "ayşe k. (Ayşe K.)".
        who = reviewer if author == reviewer else f"{reviewer} ({author})"
        if rendition.method == "machine":
            raise SelfReview(f"{rendition_id}: {who} ran the machine draft; "
                             "a machine rendition is approved only by another reviewer", overridable=False)
        if not allow_self_review:
            raise SelfReview(
                f"{rendition_id}: {who} translated this rendition and may not approve it; "
                "ask another reviewer", overridable=True
            )
    detail = {"before": {"state": current.value}, "after": {"state": target.value}, "note": note}
    failures: list[Finding] = []
    if action in ("submit", "approve"):
        failures = run_checks(load_quotes(conn, [rendition.quote_id])[0], rendition)
        if failures:
            detail["failed_checks"] = [str(failure) for failure in failures]
        blocking = [str(failure) for failure in errors(failures)]
        if target is ReviewState.APPROVED and blocking:
            if not override_checks:
                raise ChecksFailed(f"{rendition_id}: " + "; ".join(blocking)
                                   + "; override the checks with a note to approve anyway")
            detail["overridden_checks"] = blocking
    at = now()
    superseded = _supersede_approved(conn, rendition, reviewer, at) if target is ReviewState.APPROVED else []
    set_rendition_state(conn, rendition_id, target.value)
    insert_note(conn, rendition_id, Note(reviewer, role_of(rendition, reviewer), note, at, action))
    log_event(conn, reviewer, action, rendition_id, detail, at)
    reviewed = load_rendition(conn, rendition_id)
    return ReviewedRendition(**{f.name: getattr(reviewed, f.name) for f in fields(Rendition)},
                             failed_checks=tuple(failures), superseded=tuple(superseded))


def _authors(rendition: Rendition) -> dict[str, str]:
    """Everyone who wrote the rendition, by ``identity_key``, with their name as recorded:
    its translator (for a machine draft, who ran the machine) and whoever revised it."""
    authors: dict[str, str] = {}
    for name in [rendition.translator, *(revision.created_by for revision in rendition.revisions)]:
        authors.setdefault(identity_key(name), name)
    return authors


def _supersede_approved(conn: Connection, rendition: Rendition, reviewer: str, at: str) -> list[Superseded]:
    """Mark the approved renditions of the same quote and language superseded by ``rendition``."""
    approved = find_renditions(conn, state=ReviewState.APPROVED.value, lang=rendition.lang, quote_id=rendition.quote_id)
    superseded = []
    for old in (r for r in approved if r.id != rendition.id):
        set_rendition_state(conn, old.id, ReviewState.SUPERSEDED.value)
        insert_note(conn, old.id, Note(reviewer, "reviewer", f"superseded by {rendition.id}", at, "supersede"))
        log_event(conn, reviewer, "supersede", old.id,
                  {"before": {"state": "approved"}, "after": {"state": "superseded"}, "by": rendition.id}, at)
        approval = next((n for n in reversed(old.notes) if n.action == "approve"), None)
        superseded.append(Superseded(old.id, approval.author if approval else None,
                                     approval.created_at if approval else None))
    return superseded


def add_note(registry: Registry, rendition_ref: str, *, author: str, text: str) -> Note:
    """A note on its own, in the rendition's thread (a translator's answer, a reviewer's remark)."""
    author = require_name(author, field="author")
    text = require_text(text, field="text", multiline=True)
    with registry.store.write() as conn:
        rendition_id = resolve_rendition(conn, rendition_ref)
        rendition = load_rendition(conn, rendition_id)
        note = Note(author, role_of(rendition, author), text, now())
        insert_note(conn, rendition_id, note)
        log_event(conn, author, "note", rendition_id, {"role": note.role, "text": text}, note.created_at)
        return note
