"""What the bilingual files translators work on (XLIFF, PO) share: which quotes and
renditions an export offers, and the rules an import follows, in one place.

An export holds every quote first said in one language (a file has one source language)
with its current rendition in the file's language, if any.

An import records every changed target, all or nothing: a new rendition where the quote
has none in that language or the existing one is approved, rejected or superseded;
otherwise a revision of the draft or of the one sent back (one in review is refused, as
``revise`` refuses it). A unit whose source is not the registered original is refused
with its id. Untranslated text is never recorded: a target that is empty, the source
again (typography and case aside: what a CAT tool writes for a segment nobody
translated), marked untranslated by the file (XLIFF 1.2 ``new`` or ``needs-translation``,
a fuzzy PO entry), or confidently detected in the original's language and not in the
file's is skipped, with the reason. The rendition checks run on what was imported.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from quotes.errors import AmbiguousId, ImportFailed, InvalidInput, NotFound
from quotes.languages import parse_language
from quotes.registry.models import Note, Quote, Rendition, ReviewState
from quotes.registry.registry import Registry, current_user
from quotes.text import comparison_form
from quotes.translations.checks import Finding, run_checks
from quotes.translations.renditions import record_rendition, revise_rendition

# What an export without states offers: the rendition being worked on or in use. A
# rejected or superseded one is history; its quote is exported with an empty target.
CURRENT_STATES = frozenset(ReviewState) - {ReviewState.REJECTED, ReviewState.SUPERSEDED}

# An edited target of a rendition in one of these states becomes a new rendition; of any
# other, a revision of it.
REPLACED_BY_NEW = frozenset({ReviewState.APPROVED, ReviewState.REJECTED, ReviewState.SUPERSEDED})

# Why a unit's target was not imported, in the order the rules are tried.
EMPTY = "empty"
SAME_AS_SOURCE = "same as the source"
MARKED_UNTRANSLATED = "marked untranslated"
IN_SOURCE_LANGUAGE = "in the original's language"
SKIP_REASONS = (EMPTY, SAME_AS_SOURCE, MARKED_UNTRANSLATED, IN_SOURCE_LANGUAGE)


@dataclass(frozen=True)
class Unit:
    """A unit as read from a file: the quote it names, the rendition it was exported with
    (if any), its source and target, and the mark that says its target is not a
    translation yet (``new``, ``needs-translation``, ``fuzzy``), if it has one."""

    quote_id: str
    rendition_id: str | None
    source: str
    target: str | None
    untranslated_mark: str | None = None


@dataclass(frozen=True)
class ImportedRendition:
    """A changed target as the import recorded it: a new rendition, or a revision of the
    existing one (``revised``), with the rendition checks that failed on it."""

    rendition: Rendition
    revised: bool
    failed_checks: tuple[Finding, ...]


@dataclass(frozen=True)
class SkippedUnit:
    """A unit whose target was not imported because it is not a translation: why
    (one of ``SKIP_REASONS``) and what about it (the mark, the detected language)."""

    quote_id: str
    target: str
    reason: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.reason} ({self.detail})" if self.detail else self.reason


@dataclass(frozen=True)
class BilingualImport:
    """What an import did: how many units the file held, what their targets became, and
    which were skipped as untranslated."""

    units: int
    imported: tuple[ImportedRendition, ...]
    skipped: tuple[SkippedUnit, ...]

    @property
    def revisions(self) -> int:
        return sum(imported.revised for imported in self.imported)

    @property
    def unchanged(self) -> int:
        return self.units - len(self.imported) - len(self.skipped)

    def skipped_by_reason(self) -> dict[str, int]:
        """How many units were skipped for each reason, in ``SKIP_REASONS`` order."""
        counts = Counter(skipped.reason for skipped in self.skipped)
        return {reason: counts[reason] for reason in SKIP_REASONS if counts[reason]}


def parse_states(states: tuple[str, ...] | list[str]) -> frozenset[ReviewState]:
    """Review state names as given (``--state draft --state in-review``), checked."""
    known = {state.value: state for state in ReviewState}
    for state in states:
        if state not in known:
            raise InvalidInput(f"{state!r} is not one of {', '.join(known)}", field="state")
    return frozenset(known[state] for state in states)


def current_rendition(quote: Quote, lang: str, states: frozenset[ReviewState] = CURRENT_STATES) -> Rendition | None:
    """The quote's latest rendition in ``lang`` whose state is one of ``states``."""
    found = [r for r in quote.renditions if r.lang == lang and ReviewState(r.state) in states]
    return found[-1] if found else None


def units_to_export(registry: Registry, *, lang: str, states: tuple[str, ...] | list[str] = (),
                    source_lang: str | None = None, kind: str) -> tuple[str, str, list[tuple[Quote, Rendition | None]]]:
    """The source language, the target language and the (quote, rendition) pairs of a
    ``kind`` file (its name in errors: "an XLIFF file") for ``lang``.

    Without ``states``: every quote first said in ``source_lang``, with its current
    rendition (``CURRENT_STATES``) or none to translate. With ``states``: only the quotes
    that have a rendition in one of them, the latest. ``source_lang`` may be left out when
    the quotes were first said in one language only (a file has one source language).
    """
    lang = parse_language(lang, field="lang")
    source_lang = parse_language(source_lang, field="source_lang") if source_lang else None
    wanted = parse_states(states) if states else CURRENT_STATES
    units = [(quote, current_rendition(quote, lang, wanted))
             for quote in registry.list_quotes(lang=source_lang) if quote.lang != lang]
    if states:
        units = [(quote, rendition) for quote, rendition in units if rendition is not None]
    source_langs = sorted({quote.lang for quote, _ in units})
    if not source_langs:
        first_said = f" first said in {source_lang}" if source_lang else ""
        in_states = f" with a rendition that is {' or '.join(sorted(s.value for s in wanted))}" if states else ""
        raise InvalidInput(f"no quote{first_said}{in_states} to export for {lang}")
    if len(source_langs) > 1:
        raise InvalidInput(f"the quotes were first said in {', '.join(source_langs)}, and {kind} has one "
                           "source language: choose one", field="source_lang")
    return source_langs[0], lang, units


def note_text(note: Note) -> str:
    """A note as a CAT tool shows it: who, as what, when, then the note (XLIFF 2.0 notes
    and PO comments have no author, so it is in the text)."""
    what = f"{note.role}, {note.action}" if note.action else note.role
    return f"{note.author} ({what}, {note.created_at}): {note.text}"


def target_language(declared: str | None, label: str) -> str:
    """The file's target language as it declares it, checked."""
    if not declared:
        raise ImportFailed(f"{label}: the file names no target language; nothing imported")
    try:
        return parse_language(declared, field="target language")
    except InvalidInput as error:
        raise ImportFailed(f"{label}: {error}; nothing imported") from None


def import_units(registry: Registry, units: list[Unit], *, lang: str, label: str,
                 translator: str | None = None) -> BilingualImport:
    """Record the translated, changed targets of ``units`` (read from the file ``label``)
    as renditions in ``lang`` or revisions by ``translator`` (QUOTES_USER, else the login
    name, when not given), in one transaction: any bad unit raises ImportFailed naming the
    file and the unit, and nothing is imported."""
    translator = translator or current_user()
    seen: set[str] = set()
    for unit in units:
        if unit.quote_id in seen:
            raise ImportFailed(f"{label}: unit {unit.quote_id}: the quote has another unit or segment "
                               "(one unit of one segment per quote); nothing imported")
        seen.add(unit.quote_id)
    imported: list[ImportedRendition] = []
    skipped: list[SkippedUnit] = []
    with registry.transaction() as joined:
        for unit in units:
            try:
                result = _import_unit(joined, unit, lang, translator)
            except (InvalidInput, NotFound, AmbiguousId) as error:
                raise ImportFailed(f"{label}: unit {unit.quote_id}: {error}; nothing imported") from None
            if isinstance(result, ImportedRendition):
                imported.append(result)
            elif isinstance(result, SkippedUnit):
                skipped.append(result)
    return BilingualImport(len(units), tuple(imported), tuple(skipped))


def _import_unit(registry: Registry, unit: Unit, lang: str, translator: str) -> ImportedRendition | SkippedUnit | None:
    quote = registry.get_quote(unit.quote_id)
    if quote.id != unit.quote_id:  # the registry takes prefixes; a unit names a whole id
        raise NotFound(f"no quote with id {unit.quote_id}")
    if unit.source != quote.text:
        raise InvalidInput("source differs from the registered original")
    if unit.rendition_id is None:
        rendition = current_rendition(quote, lang)
    else:
        rendition = next((r for r in quote.renditions if r.id == unit.rendition_id and r.lang == lang), None)
        if rendition is None:
            raise NotFound(f"{unit.rendition_id} is not a rendition of {quote.id} in {lang}")
    if rendition is not None and unit.target == rendition.text:
        return None
    untranslated = _untranslated(unit, quote, lang)
    if untranslated is not None:
        return untranslated
    revised = rendition is not None and ReviewState(rendition.state) not in REPLACED_BY_NEW
    if revised:
        recorded = revise_rendition(registry, rendition.id, text=unit.target, translator=translator)
    else:
        recorded = record_rendition(registry, quote.id, lang=lang, translator=translator, text=unit.target)
    quote = registry.get_quote(quote.id)
    return ImportedRendition(recorded, revised, tuple(run_checks(quote, quote.rendition(recorded.id))))


def _untranslated(unit: Unit, quote: Quote, lang: str) -> SkippedUnit | None:
    """Why the unit's target is not a translation of the quote into ``lang``, if it is not."""
    target = unit.target or ""
    if not target.strip():
        return SkippedUnit(quote.id, target, EMPTY)
    if comparison_form(target, quote.lang) == comparison_form(quote.text, quote.lang):
        return SkippedUnit(quote.id, target, SAME_AS_SOURCE)
    if unit.untranslated_mark:
        return SkippedUnit(quote.id, target, MARKED_UNTRANSLATED, unit.untranslated_mark)
    from quotes.checking.langid import detect

    # Short or mixed text is not decided (detect answers "und"), and a target is only
    # skipped when the detector is confident it is the original's language, not the file's.
    detected = detect(target)
    if detected.lang == quote.lang != lang:
        return SkippedUnit(quote.id, target, IN_SOURCE_LANGUAGE, f"detected {detected.lang}")
    return None
