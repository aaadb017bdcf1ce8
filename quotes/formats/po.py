"""Gettext PO: renditions out to the CAT tools that translate a PO file as it is (OmegaT,
Poedit, Lokalize, Weblate), and their work back in. Written and read by translate-toolkit.

One entry per quote: ``msgid`` the registered original, ``msgstr`` the quote's current
rendition in the file's language or empty, ``msgctxt`` the quote's id and the rendition's
(``q-a17b0e r-5e1a02``; the quote's alone when ``msgstr`` is empty), which every PO tool
keeps, as it is part of an entry's key (two quotes of the same words stay two entries).
Extracted comments (``#.``) say who said it and when, which rendition ``msgstr`` holds and
its review state, and the latest reviewer note; the quote's id is the entry's reference
(``#:``) too. The header names the target language (``Language``) and
the originals' (``X-Source-Language``). Nothing is marked fuzzy on export: the review
state is in the comments.

An import follows quotes.formats.bilingual's rules, which XLIFF imports follow too: changed
targets become renditions or revisions, all or nothing, and untranslated text (a fuzzy
entry's among it) is skipped. Obsolete entries (``#~``) are not units.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from quotes.errors import ImportFailed
from quotes.formats.bilingual import BilingualImport, Unit, import_units, note_text, target_language, units_to_export
from quotes.registry.models import Quote, Rendition
from quotes.registry.registry import Registry

SOURCE_LANGUAGE_HEADER = "X-Source-Language"
CONTEXT_SEPARATOR = " "  # between the quote's id and the rendition's in msgctxt
FUZZY = "fuzzy"


@dataclass(frozen=True)
class PoDocument:
    """An exported PO file: its bytes, its languages and how many entries it holds."""

    content: bytes
    source_lang: str
    lang: str
    units: int


def export_po(registry: Registry, *, lang: str, states: tuple[str, ...] | list[str] = (),
              source_lang: str | None = None) -> PoDocument:
    """Every quote first said in ``source_lang`` with its rendition in ``lang``, as a PO
    file (which quotes and renditions: quotes.formats.bilingual.units_to_export)."""
    from translate.storage.pypo import pofile

    source_lang, lang, units = units_to_export(registry, lang=lang, states=states, source_lang=source_lang,
                                               kind="a PO file")
    store = pofile()
    # The toolkit's header has template placeholders for who translated it and when, which
    # gettext's msgfmt --check warns about: the file is as of now, the translators say who.
    store.updateheader(add=True, Project_Id_Version="quotes", Language=lang,
                       PO_Revision_Date=store.parseheader()["POT-Creation-Date"], Last_Translator="", Language_Team="",
                       **{SOURCE_LANGUAGE_HEADER.replace("-", "_"): source_lang})
    for quote, rendition in units:
        entry = store.addsourceunit(quote.text)
        entry.setcontext(quote.id if rendition is None else f"{quote.id}{CONTEXT_SEPARATOR}{rendition.id}")
        entry.addlocation(quote.id)
        entry.addnote("\n".join(_comments(quote, rendition)), origin="developer")
        if rendition is not None:
            entry.target = rendition.text
    return PoDocument(bytes(store), source_lang, lang, len(units))


def _comments(quote: Quote, rendition: Rendition | None) -> list[str]:
    said = f"{quote.speaker.name}, {quote.said_on}" if quote.said_on else quote.speaker.name
    lines = [f"said by: {said}"]
    if rendition is None:
        return [*lines, "no rendition yet: translate"]
    lines.append(f"rendition: {rendition.id} ({rendition.state})")
    note = rendition.latest_reviewer_note
    return [*lines, f"latest reviewer note: {note_text(note)}"] if note else lines


def import_po(registry: Registry, path: str | Path, *, translator: str | None = None) -> BilingualImport:
    """Record the translated, changed targets of a PO file as renditions or revisions by
    ``translator`` (QUOTES_USER, else the login name, when not given), in one transaction
    (quotes.formats.bilingual.import_units): any bad entry raises ImportFailed naming the
    file and the quote, and nothing is imported."""
    from quotes.reading import read_file

    label = str(path)
    lang, units = _read(read_file(Path(path), label), label)
    return import_units(registry, units, lang=lang, label=label, translator=translator)


def _read(data: bytes, label: str) -> tuple[str, list[Unit]]:
    """The target language and the entries of a PO file, read by translate-toolkit."""
    from translate.storage.pypo import pofile

    try:
        store = pofile.parsestring(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise ImportFailed(f"{label}: not a PO file ({error}); nothing imported") from None
    lang = target_language(store.gettargetlanguage(), label)
    units = []
    for entry in store.units:
        if entry.isheader() or entry.isobsolete():
            continue
        quote_id, _, rendition_id = entry.getcontext().partition(CONTEXT_SEPARATOR)
        if not quote_id:
            raise ImportFailed(f"{label}: the entry “{entry.source[:40]}” has no msgctxt naming its quote "
                               "(not a file `quotes po export` wrote); nothing imported")
        units.append(Unit(quote_id, rendition_id or None, entry.source, entry.target,
                          FUZZY if entry.isfuzzy() else None))
    return lang, units
