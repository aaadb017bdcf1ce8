"""XLIFF 2.0 (the default) and 1.2: renditions out to the CAT tools translators use, and
their edits back in.

One unit per quote: its id is the quote's, its source the registered original, its target
the quote's rendition in the file's language, if any, with the rendition's review state
(``STATES``) and its notes (who, as what, when). The rendition's id goes where
translate-toolkit reads it back: the segment's id in 2.0 (the toolkit names the unit
``q-…::r-…``), a ``quotes`` context group in 1.2.

An import reads the file with translate-toolkit and records every changed target, all or
nothing: a new rendition where the quote has none in that language or the existing one is
approved, rejected or superseded; otherwise a revision of the draft or of the one sent back
(one in review is refused, as ``revise`` refuses it). A unit whose source is not the
registered original is refused with its id. The rendition checks run on what was
imported, and the result carries what failed.

1.2 is written by translate-toolkit's own store. 2.0 is written with lxml to the OASIS 2.0
core schema: translate-toolkit 3.20's ``Xliff2File`` puts ``<notes>`` and ``xml:space``
on ``<segment>``, where the schema allows neither; it reads what we write all the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from quotes.errors import AmbiguousId, ImportFailed, InvalidInput, NotFound
from quotes.languages import parse_language
from quotes.registry.models import Note, Quote, Rendition, ReviewState
from quotes.registry.registry import Registry, current_user
from quotes.translations.checks import Finding, run_checks
from quotes.translations.renditions import record_rendition, revise_rendition

VERSIONS = ("2.0", "1.2")

# A rendition's review state as each version says it, in workflow order: (XLIFF 2.0
# segment state, XLIFF 1.2 target state). 2.0 has four states, so work that is the
# translator's again (changes requested, rejected) is ``initial`` like a draft; the
# segment's subState (quotes:changes-requested) keeps the exact state. 1.2 says more,
# and its final states mark the unit approved.
STATES: dict[ReviewState, tuple[str, str]] = {
    ReviewState.DRAFT: ("initial", "new"),
    ReviewState.IN_REVIEW: ("translated", "needs-review-translation"),
    ReviewState.CHANGES_REQUESTED: ("initial", "needs-translation"),
    ReviewState.REJECTED: ("initial", "needs-translation"),
    ReviewState.APPROVED: ("final", "final"),
    ReviewState.SUPERSEDED: ("final", "final"),
}

# What an export without --state offers: the rendition being worked on or in use. A
# rejected or superseded one is history; its quote is exported with an empty target.
CURRENT_STATES = frozenset(STATES) - {ReviewState.REJECTED, ReviewState.SUPERSEDED}

# An edited target of a rendition in one of these states becomes a new rendition; of any
# other, a revision of it.
REPLACED_BY_NEW = frozenset({ReviewState.APPROVED, ReviewState.REJECTED, ReviewState.SUPERSEDED})

XLIFF2_NAMESPACE = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF12_NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
FILE_ORIGINAL = "quotes"  # the 1.2 file's name, which the toolkit puts before each unit's id
CONTEXT_GROUP = "quotes"  # the 1.2 context group holding the rendition's id
RENDITION_CONTEXT = "x-rendition"


@dataclass(frozen=True)
class XliffDocument:
    """An exported XLIFF file: its bytes, its languages and how many units it holds."""

    content: bytes
    version: str
    source_lang: str
    lang: str
    units: int


@dataclass(frozen=True)
class ImportedRendition:
    """A changed target as the import recorded it: a new rendition, or a revision of the
    existing one (``revised``), with the rendition checks that failed on it."""

    rendition: Rendition
    revised: bool
    failed_checks: tuple[Finding, ...]


@dataclass(frozen=True)
class XliffImport:
    """What an import did: how many units the file held and what their targets became."""

    units: int
    imported: tuple[ImportedRendition, ...]


@dataclass(frozen=True)
class _Unit:
    """A unit as read from a file."""

    quote_id: str
    rendition_id: str | None
    source: str
    target: str | None


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


def export_xliff(registry: Registry, *, lang: str, states: tuple[str, ...] | list[str] = (), version: str = "2.0",
                 source_lang: str | None = None) -> XliffDocument:
    """Every quote first said in ``source_lang`` with its rendition in ``lang``, as XLIFF.

    Without ``states``: every such quote, with its current rendition (``CURRENT_STATES``)
    as the target, or none to translate. With ``states``: only the quotes that have a
    rendition in one of them, the latest. ``source_lang`` may be left out when the quotes
    were first said in one language only (an XLIFF file has one source language).
    """
    if version not in VERSIONS:
        raise InvalidInput(f"{version!r} is not one of {', '.join(VERSIONS)}", field="version")
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
        raise InvalidInput(f"the quotes were first said in {', '.join(source_langs)}, and an XLIFF file has one "
                           "source language: choose one", field="source_lang")
    write = _xliff2 if version == "2.0" else _xliff12
    return XliffDocument(write(source_langs[0], lang, units), version, source_langs[0], lang, len(units))


def note_text(note: Note) -> str:
    """A note as a CAT tool shows it: who, as what, when, then the note (XLIFF 2.0 notes
    have no author, so it is in the text, in 1.2 too)."""
    what = f"{note.role}, {note.action}" if note.action else note.role
    return f"{note.author} ({what}, {note.created_at}): {note.text}"


def _xliff2(source_lang: str, lang: str, units: list[tuple[Quote, Rendition | None]]) -> bytes:
    from lxml import etree

    def element(parent, tag: str, text: str | None = None, **attributes: str):
        child = etree.SubElement(parent, f"{{{XLIFF2_NAMESPACE}}}{tag}", attributes)
        child.text = text
        return child

    root = etree.Element(f"{{{XLIFF2_NAMESPACE}}}xliff", {"version": "2.0", "srcLang": source_lang, "trgLang": lang},
                         nsmap={None: XLIFF2_NAMESPACE})
    file = element(root, "file", id="f1")
    for quote, rendition in units:
        unit = element(file, "unit", id=quote.id)
        unit.set(XML_SPACE, "preserve")  # a quote's line breaks and spaces are its own
        if rendition is not None and rendition.notes:
            notes = element(unit, "notes")
            for note in rendition.notes:
                element(notes, "note", note_text(note), category=note.role)
        segment = element(unit, "segment")
        element(segment, "source", quote.text)
        if rendition is not None:
            state = ReviewState(rendition.state)
            segment.attrib.update({"id": rendition.id, "state": STATES[state][0], "subState": f"quotes:{state.value}"})
            element(segment, "target", rendition.text)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _xliff12(source_lang: str, lang: str, units: list[tuple[Quote, Rendition | None]]) -> bytes:
    from lxml import etree
    from translate.storage.xliff import xlifffile

    # The toolkit's own skeleton is 1.1; given a 1.2 document, it writes 1.2.
    store = xlifffile.parsestring(
        f'<xliff version="1.2" xmlns="{XLIFF12_NAMESPACE}"><file original="{FILE_ORIGINAL}" datatype="plaintext" '
        f'source-language="{source_lang}" target-language="{lang}"><body/></file></xliff>'.encode()
    )
    for quote, rendition in units:
        unit = store.addsourceunit(quote.text, filename=FILE_ORIGINAL)
        unit.setid(quote.id)
        if rendition is None:
            continue
        state = STATES[ReviewState(rendition.state)][1]
        unit.settarget(rendition.text)
        unit.get_target_dom().set("state", state)
        unit.markapproved(state == "final")
        unit.createcontextgroup(CONTEXT_GROUP, [(RENDITION_CONTEXT, rendition.id)], purpose="information")
        for note in rendition.notes:
            unit.addnote(note_text(note), origin=note.author)
    # Units start in the toolkit's 1.1 namespace and keep its unused declaration.
    etree.cleanup_namespaces(store.document)
    return bytes(store)


def import_xliff(registry: Registry, path: str | Path, *, translator: str | None = None) -> XliffImport:
    """Record the changed targets of an XLIFF 2.0 or 1.2 file as renditions or revisions
    by ``translator`` (QUOTES_USER, else the login name, when not given), in one
    transaction: any bad unit raises ImportFailed naming the file and the unit, and
    nothing is imported."""
    from quotes.reading import read_file

    label = str(path)
    lang, units = _read(read_file(Path(path), label), label)
    translator = translator or current_user()
    imported = []
    with registry.transaction() as joined:
        for unit in units:
            try:
                result = _import_unit(joined, unit, lang, translator)
            except (InvalidInput, NotFound, AmbiguousId) as error:
                raise ImportFailed(f"{label}: unit {unit.quote_id}: {error}; nothing imported") from None
            if result is not None:
                imported.append(result)
    return XliffImport(len(units), tuple(imported))


def _import_unit(registry: Registry, unit: _Unit, lang: str, translator: str) -> ImportedRendition | None:
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
    if not unit.target or (rendition is not None and unit.target == rendition.text):
        return None
    revised = rendition is not None and ReviewState(rendition.state) not in REPLACED_BY_NEW
    if revised:
        recorded = revise_rendition(registry, rendition.id, text=unit.target, translator=translator)
    else:
        recorded = record_rendition(registry, quote.id, lang=lang, translator=translator, text=unit.target)
    quote = registry.get_quote(quote.id)
    return ImportedRendition(recorded, revised, tuple(run_checks(quote, quote.rendition(recorded.id))))


def _read(data: bytes, label: str) -> tuple[str, list[_Unit]]:
    """The target language and the units of an XLIFF 2.0 or 1.2 file, read by translate-toolkit."""
    from lxml import etree
    from translate.storage.xliff import ID_SEPARATOR, xlifffile
    from translate.storage.xliff2 import SEGMENT_SEPARATOR, Xliff2File

    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        raise ImportFailed(f"{label}: not an XML file ({error}); nothing imported") from None
    # 2.0 and what extends it; 1.2 and the 1.1 that translate-toolkit writes by default.
    version = root.get("version", "")
    if etree.QName(root).localname != "xliff" or not version.startswith(("1.1", "1.2", "2.")):
        raise ImportFailed(f"{label}: not an XLIFF 2.0 or 1.2 file; nothing imported")
    xliff2 = version.startswith("2.")
    try:
        store = (Xliff2File if xliff2 else xlifffile).parsestring(data)
    except ValueError as error:
        raise ImportFailed(f"{label}: {error}; nothing imported") from None
    if not store.gettargetlanguage():
        raise ImportFailed(f"{label}: the file names no target language; nothing imported")
    try:
        lang = parse_language(store.gettargetlanguage(), field="target language")
    except InvalidInput as error:
        raise ImportFailed(f"{label}: {error}; nothing imported") from None
    units: list[_Unit] = []
    seen: set[str] = set()
    for unit in store.units:
        if xliff2:
            quote_id, _, rendition_id = unit.getid().partition(SEGMENT_SEPARATOR)
        else:
            quote_id = unit.getid().rpartition(ID_SEPARATOR)[2]
            contexts = dict(pair for group in unit.getcontextgroups(CONTEXT_GROUP) for pair in group)
            rendition_id = contexts.get(RENDITION_CONTEXT, "")
        target = str(unit.target) if unit.target is not None else None
        if quote_id in seen:
            raise ImportFailed(f"{label}: unit {quote_id}: the quote has another unit or segment "
                               "(one unit of one segment per quote); nothing imported")
        seen.add(quote_id)
        units.append(_Unit(quote_id, rendition_id or None, str(unit.source), target))
    return lang, units
