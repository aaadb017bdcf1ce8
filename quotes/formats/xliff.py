"""XLIFF 2.0 (the default) and 1.2: renditions out to the CAT tools translators use, and
their edits back in.

One unit per quote: its id is the quote's, its source the registered original, its target
the quote's rendition in the file's language, if any, with the rendition's review state
(``STATES``) and its notes (who, as what, when). The rendition's id goes where
translate-toolkit reads it back: the segment's id in 2.0 (the toolkit names the unit
``q-…::r-…``), a context group in 1.2 named after it (names are unique in a 1.2 file).

An import reads the file with translate-toolkit and follows quotes.formats.bilingual's
rules, which PO imports follow too: changed targets become renditions or revisions, all or
nothing, and untranslated text (a 1.2 target marked ``new`` or ``needs-translation`` among
it) is skipped.

1.2 is written by translate-toolkit's own store. 2.0 is written with lxml to the OASIS 2.0
core schema: translate-toolkit 3.20's ``Xliff2File`` puts ``<notes>`` and ``xml:space``
on ``<segment>``, where the schema allows neither; it reads what we write all the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from quotes.errors import ImportFailed, InvalidInput
from quotes.formats.bilingual import BilingualImport, Unit, import_units, note_text, target_language, units_to_export
from quotes.registry.models import Quote, Rendition, ReviewState
from quotes.registry.registry import Registry

VERSIONS = ("2.0", "1.2")

# A rendition's review state as each version says it, in workflow order: (XLIFF 2.0
# segment state, XLIFF 1.2 target state). 2.0 has four states, so work that is the
# translator's again (changes requested, rejected) is ``initial`` like a draft; the
# segment's subState (quotes:changes-requested) keeps the exact state. 1.2 says more: a
# draft is translated, not reviewed; work sent back needs translating again (an import
# skips a target still marked so: a CAT tool marks what it translates ``translated``);
# its final states mark the unit approved.
STATES: dict[ReviewState, tuple[str, str]] = {
    ReviewState.DRAFT: ("initial", "translated"),
    ReviewState.IN_REVIEW: ("translated", "needs-review-translation"),
    ReviewState.CHANGES_REQUESTED: ("initial", "needs-translation"),
    ReviewState.REJECTED: ("initial", "needs-translation"),
    ReviewState.APPROVED: ("final", "final"),
    ReviewState.SUPERSEDED: ("final", "final"),
}

# XLIFF 1.2 target states that say the target is not a translation (yet).
UNTRANSLATED_STATES = frozenset({"new", "needs-translation"})

XLIFF2_NAMESPACE = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF12_NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
FILE_ORIGINAL = "quotes"  # the 1.2 file's name, which the toolkit puts before each unit's id
RENDITION_CONTEXT = "x-rendition"  # the 1.2 context type of the rendition's id


@dataclass(frozen=True)
class XliffDocument:
    """An exported XLIFF file: its bytes, its languages and how many units it holds."""

    content: bytes
    version: str
    source_lang: str
    lang: str
    units: int


def export_xliff(registry: Registry, *, lang: str, states: tuple[str, ...] | list[str] = (), version: str = "2.0",
                 source_lang: str | None = None) -> XliffDocument:
    """Every quote first said in ``source_lang`` with its rendition in ``lang``, as XLIFF
    (which quotes and renditions: quotes.formats.bilingual.units_to_export)."""
    if version not in VERSIONS:
        raise InvalidInput(f"{version!r} is not one of {', '.join(VERSIONS)}", field="version")
    source_lang, lang, units = units_to_export(registry, lang=lang, states=states, source_lang=source_lang,
                                               kind="an XLIFF file")
    write = _xliff2 if version == "2.0" else _xliff12
    return XliffDocument(write(source_lang, lang, units), version, source_lang, lang, len(units))


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
        unit.createcontextgroup(rendition.id, [(RENDITION_CONTEXT, rendition.id)], purpose="information")
        for note in rendition.notes:
            unit.addnote(note_text(note), origin=note.author)
    # Units start in the toolkit's 1.1 namespace and keep its unused declaration.
    etree.cleanup_namespaces(store.document)
    return bytes(store)


def import_xliff(registry: Registry, path: str | Path, *, translator: str | None = None) -> BilingualImport:
    """Record the translated, changed targets of an XLIFF 2.0 or 1.2 file as renditions or
    revisions by ``translator`` (QUOTES_USER, else the login name, when not given), in one
    transaction (quotes.formats.bilingual.import_units): any bad unit raises ImportFailed
    naming the file and the unit, and nothing is imported."""
    from quotes.reading import read_file

    label = str(path)
    lang, units = _read(read_file(Path(path), label), label)
    return import_units(registry, units, lang=lang, label=label, translator=translator)


def _read(data: bytes, label: str) -> tuple[str, list[Unit]]:
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
    lang = target_language(store.gettargetlanguage(), label)
    units: list[Unit] = []
    for unit in store.units:
        mark = None
        if xliff2:
            quote_id, _, rendition_id = unit.getid().partition(SEGMENT_SEPARATOR)
        else:
            quote_id = unit.getid().rpartition(ID_SEPARATOR)[2]
            rendition_id = next((context.text for context in unit.xmlelement.iter(unit.namespaced("context"))
                                 if context.get("context-type") == RENDITION_CONTEXT), "")
            target = unit.get_target_dom()
            if target is not None and target.get("state") in UNTRANSLATED_STATES:
                mark = target.get("state")
        target_text = str(unit.target) if unit.target is not None else None
        units.append(Unit(quote_id, rendition_id or None, str(unit.source), target_text, mark))
    return lang, units
