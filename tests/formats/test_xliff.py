"""XLIFF 2.0 and 1.2: what we write is read by translate-toolkit's own parsers, and what
they write comes back as renditions or revisions, all or nothing."""

from __future__ import annotations

import pytest
from lxml import etree
from translate.storage.xliff import xlifffile
from translate.storage.xliff2 import Xliff2File

from quotes.errors import ImportFailed, InvalidInput
from quotes.formats.jsonl import import_jsonl
from quotes.formats.xliff import STATES, XLIFF2_NAMESPACE, XLIFF12_NAMESPACE, export_xliff, import_xliff
from quotes.registry.models import ReviewState
from quotes.translations.renditions import record_rendition
from quotes.translations.review import review
from tests.helpers.seeds import (
    ALTMAN_POST,
    ALTMAN_POST_TR_DRIFTED,
    ALTMAN_POST_TR_FAITHFUL,
    MUSK_NO_MONEY,
    MUSK_SOFTBANK,
    SEEDS,
    SIMSEK_ENERGY_IMPORTS_EN,
    SIMSEK_INFLATION,
    SIMSEK_INFLATION_EN,
)
from tests.helpers.schemas import schema_errors

ALTMAN_TR_REVISED = "hayır teşekkürler ama istersen twitter'ı 9,74 milyar dolara biz satın alırız"


@pytest.fixture
def seeded_any(any_registry):
    import_jsonl(any_registry, SEEDS)
    return any_registry


def by_quote(store) -> dict:
    return {unit.getid().split("::")[0].rpartition("\x04")[2]: unit for unit in store.units}


def write(tmp_path, store, name="edited.xlf") -> str:
    path = tmp_path / name
    path.write_bytes(bytes(store))
    return str(path)


def test_states_table_covers_every_review_state_in_workflow_order():
    assert list(STATES) == list(ReviewState)
    # Work sent back (changes requested, rejected) is again the translator's turn: initial.
    assert [xliff2 for xliff2, _ in STATES.values()] == ["initial", "translated", "initial", "initial", "final", "final"]
    # A draft is a translation nobody reviewed yet; work sent back needs translating again.
    assert [xliff12 for _, xliff12 in STATES.values()] == [
        "translated", "needs-review-translation", "needs-translation", "needs-translation", "final", "final"]


def test_xliff2_is_read_by_translate_toolkit(seeded):
    document = export_xliff(seeded, lang="tr")
    store = Xliff2File.parsestring(document.content)
    assert (store.getsourcelanguage(), store.gettargetlanguage()) == ("en", "tr")
    assert [unit.getid() for unit in store.units] == [MUSK_NO_MONEY, MUSK_SOFTBANK, f"{ALTMAN_POST}::{ALTMAN_POST_TR_FAITHFUL}"]
    altman = store.units[2]
    assert altman.source == "no thank you but we will buy twitter for $9.74 billion if you want"
    assert altman.target == ALTMAN_TR_REVISED
    assert altman.isapproved() and altman.xmlelement.get("state") == "final"
    assert not store.units[0].target
    assert document.units == 3


def test_xliff2_follows_the_core_schema(seeded):
    """The OASIS 2.0 core schema's structure, element by element (translate-toolkit
    3.20's own writer puts notes and xml:space on <segment>, which it does not allow)."""
    root = etree.fromstring(export_xliff(seeded, lang="tr", states=["changes-requested", "approved"]).content)

    def tag(element):
        assert etree.QName(element).namespace == XLIFF2_NAMESPACE
        return etree.QName(element).localname

    assert (tag(root), root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("xliff", "2.0", "en", "tr")
    [file] = root
    assert tag(file) == "file" and file.get("id")
    units = list(file)
    assert [tag(unit) for unit in units] == ["unit"]
    [unit] = units
    assert [tag(child) for child in unit] == ["notes", "segment"]
    notes, segment = unit
    assert all(tag(note) == "note" and set(note.attrib) <= {"id", "category", "priority", "appliesTo"} for note in notes)
    assert set(segment.attrib) <= {"id", "canResegment", "state", "subState"}
    assert [tag(child) for child in segment] == ["source", "target"]
    assert segment.get("state") in {"initial", "translated", "reviewed", "final"}
    assert segment.get("subState") == "quotes:approved"


def test_xliff2_notes_say_who_as_what(seeded):
    root = etree.fromstring(export_xliff(seeded, lang="tr", states=["changes-requested"]).content)
    [note] = root.iter(f"{{{XLIFF2_NAMESPACE}}}note")
    assert note.get("category") == "reviewer"
    assert note.text.startswith("quotes seed review (reviewer, request-changes, 2026-11-27T12:00:00+00:00): Drifted from the post")


def test_xliff12_is_read_by_translate_toolkit(seeded):
    content = export_xliff(seeded, lang="en", version="1.2").content
    root = etree.fromstring(content)
    assert (root.get("version"), root.nsmap[None]) == ("1.2", "urn:oasis:names:tc:xliff:document:1.2")
    store = xlifffile.parsestring(content)
    assert (store.getsourcelanguage(), store.gettargetlanguage()) == ("tr", "en")
    unit = by_quote(store)[SIMSEK_INFLATION]
    assert unit.target == "We expect inflation to fall below 30% by the end of the year."
    assert unit.isapproved() and unit.get_target_dom().get("state") == "final"
    # One context group per rendition, named after it: names are unique in a 1.2 <file>.
    assert unit.getcontextgroups(SIMSEK_INFLATION_EN) == [[("x-rendition", SIMSEK_INFLATION_EN)]]
    assert unit.getnotes().startswith("quotes seed review (reviewer, approve, 2026-11-27T12:00:00+00:00): Faithful")
    assert unit.getnotes("quotes seed review")


def test_state_filter_and_its_errors(seeded):
    store = Xliff2File.parsestring(export_xliff(seeded, lang="tr", states=["changes-requested"]).content)
    assert [unit.getid() for unit in store.units] == [f"{ALTMAN_POST}::{ALTMAN_POST_TR_DRIFTED}"]
    with pytest.raises(InvalidInput, match="'bogus' is not one of draft, in-review") as error:
        export_xliff(seeded, lang="tr", states=["bogus"])
    assert error.value.field == "state"
    with pytest.raises(InvalidInput, match="^no quote with a rendition that is draft to export for en$"):
        export_xliff(seeded, lang="en", states=["draft"])
    with pytest.raises(InvalidInput, match="^no quote first said in de to export for en$"):
        export_xliff(seeded, lang="en", source_lang="de")


def test_one_source_language_per_file(seeded):
    with pytest.raises(InvalidInput, match="first said in en, tr, and an XLIFF file has one source language") as error:
        export_xliff(seeded, lang="de")
    assert error.value.field == "source_lang"
    assert export_xliff(seeded, lang="de", source_lang="tr").units == 2
    record_rendition(seeded, SIMSEK_INFLATION, lang="de", translator="T", text="Wir erwarten, dass die Inflation sinkt.")
    assert export_xliff(seeded, lang="de", states=["draft"]).source_lang == "tr"  # the only one with a draft


def test_a_target_set_in_a_toolkit_file_is_a_new_rendition(seeded_any, tmp_path):
    store = Xliff2File()
    store.setsourcelanguage("en")
    store.settargetlanguage("tr")
    unit = store.UnitClass("They don’t actually have the money")
    store.addunit(unit)
    unit.setid(MUSK_NO_MONEY)
    unit.target = "Aslında paraları yok"
    result = import_xliff(seeded_any, write(tmp_path, store), translator="Ayşe K.")
    [imported] = result.imported
    assert (result.units, imported.revised) == (1, False)
    rendition = seeded_any.get_quote(MUSK_NO_MONEY).renditions[0]
    assert (rendition.id, rendition.text, rendition.translator, rendition.state, rendition.lang) == (
        imported.rendition.id, "Aslında paraları yok", "Ayşe K.", "draft", "tr")


def test_a_target_set_in_the_toolkits_default_xliff_file_is_a_new_rendition(seeded, tmp_path):
    store = xlifffile(sourcelanguage="en", targetlanguage="tr")  # XLIFF 1.1, as the toolkit writes by default
    unit = store.addsourceunit("They don’t actually have the money")
    unit.setid(MUSK_NO_MONEY)
    unit.settarget("Aslında paraları yok")
    [imported] = import_xliff(seeded, write(tmp_path, store)).imported
    assert (imported.rendition.quote_id, imported.rendition.text, imported.revised) == (
        MUSK_NO_MONEY, "Aslında paraları yok", False)


@pytest.mark.parametrize("version", ["2.0", "1.2"])
def test_line_breaks_and_spaces_of_a_quote_survive_the_round_trip(registry, tmp_path, version):
    quote = registry.add_quote("First line.\n  Second  line.", speaker="A. Speaker", lang="en")
    store_class = Xliff2File if version == "2.0" else xlifffile
    store = store_class.parsestring(export_xliff(registry, lang="tr", version=version).content)
    assert store.units[0].source == quote.text
    store.units[0].target = "İlk satır.\n  İkinci  satır."
    [imported] = import_xliff(registry, write(tmp_path, store)).imported
    assert imported.rendition.text == "İlk satır.\n  İkinci  satır."


def test_edited_export_revises_a_draft_and_replaces_an_approved_one(seeded, tmp_path):
    store = Xliff2File.parsestring(export_xliff(seeded, lang="tr", states=["changes-requested"]).content)
    store.units[0].target = ALTMAN_TR_REVISED
    result = import_xliff(seeded, write(tmp_path, store), translator="Ayşe K.")
    [imported] = result.imported
    assert (imported.revised, imported.rendition.id, imported.rendition.state) == (True, ALTMAN_POST_TR_DRIFTED, "changes-requested")
    assert [r.text for r in imported.rendition.revisions][-1] == ALTMAN_TR_REVISED

    store = Xliff2File.parsestring(export_xliff(seeded, lang="en").content)
    by_quote(store)[SIMSEK_INFLATION].target = "We expect inflation to drop below 30% by the end of the year."
    result = import_xliff(seeded, write(tmp_path, store), translator="Ayşe K.")
    [imported] = result.imported
    assert (result.units, imported.revised, imported.rendition.state) == (2, False, "draft")
    assert imported.rendition.id != SIMSEK_INFLATION_EN
    assert seeded.get_quote(SIMSEK_INFLATION).approved_rendition("en").id == SIMSEK_INFLATION_EN


def test_an_edited_xliff12_target_comes_back_as_a_revision(seeded, tmp_path):
    store = xlifffile.parsestring(export_xliff(seeded, lang="tr", states=["changes-requested"], version="1.2").content)
    store.units[0].settarget(ALTMAN_TR_REVISED)
    [imported] = import_xliff(seeded, write(tmp_path, store)).imported
    assert (imported.revised, imported.rendition.id) == (True, ALTMAN_POST_TR_DRIFTED)
    assert imported.rendition.revisions[-1].created_by == "tester"  # QUOTES_USER


def test_unchanged_file_imports_nothing(seeded, tmp_path):
    path = tmp_path / "same.xlf"
    path.write_bytes(export_xliff(seeded, lang="en").content)
    assert import_xliff(seeded, path).imported == ()


def test_a_changed_source_is_refused_and_nothing_imported(seeded_any, tmp_path):
    store = Xliff2File.parsestring(export_xliff(seeded_any, lang="tr").content)
    units = by_quote(store)
    units[MUSK_NO_MONEY].target = "Aslında paraları yok"  # good, but in the same file as a bad one
    units[ALTMAN_POST].source = "no thank you but we will buy Twitter for $9.74 billion if you want"
    units[ALTMAN_POST].target = ALTMAN_TR_REVISED + "!"
    path = write(tmp_path, store)
    with pytest.raises(ImportFailed) as error:
        import_xliff(seeded_any, path)
    assert str(error.value) == f"{path}: unit {ALTMAN_POST}: source differs from the registered original; nothing imported"
    assert seeded_any.get_quote(MUSK_NO_MONEY).renditions == ()


def test_checks_run_on_imported_renditions(seeded, tmp_path):
    store = Xliff2File.parsestring(export_xliff(seeded, lang="tr").content)
    by_quote(store)[MUSK_SOFTBANK].target = "SoftBank'ın elinde 20 milyar dolardan az var. Bunu güvenilir bir kaynaktan biliyorum."
    [imported] = import_xliff(seeded, write(tmp_path, store)).imported
    assert [str(failure) for failure in imported.failed_checks] == ["number: $10B is not in the rendition (it has 20 milyar)"]


def test_a_rendition_in_review_is_not_revised_by_an_import(seeded, tmp_path):
    content = export_xliff(seeded, lang="tr", states=["changes-requested"]).content
    review(seeded, ALTMAN_POST_TR_DRIFTED, "submit", reviewer="Ayşe K.", note="again")
    store = Xliff2File.parsestring(content)
    store.units[0].target = ALTMAN_TR_REVISED
    with pytest.raises(ImportFailed, match=f"unit {ALTMAN_POST}: {ALTMAN_POST_TR_DRIFTED} is in-review; only a draft"):
        import_xliff(seeded, write(tmp_path, store))


@pytest.mark.parametrize("content, message", [
    (b"not xml", "not an XML file"),
    (b"<html/>", "not an XLIFF 2.0 or 1.2 file"),
    (f'<xliff xmlns="{XLIFF2_NAMESPACE}" version="2.0" srcLang="en"><file id="f"/></xliff>'.encode(),
     "the file names no target language"),
    (f'<xliff xmlns="{XLIFF2_NAMESPACE}" version="2.0" srcLang="en" trgLang="qq"><file id="f"/></xliff>'.encode(),
     "target language: 'qq' is not a language code"),
    (f'<xliff xmlns="{XLIFF2_NAMESPACE}" version="2.0" srcLang="en" trgLang="tr"><file id="f"><unit id="q-nope">'
     '<segment><source>x</source><target>y</target></segment></unit></file></xliff>'.encode(),
     "unit q-nope: no quote with id q-nope"),
    (f'<xliff xmlns="{XLIFF2_NAMESPACE}" version="2.0" srcLang="en" trgLang="tr"><file id="f"><unit id="a17b0e">'
     '<segment><source>x</source><target>y</target></segment></unit></file></xliff>'.encode(),
     "unit a17b0e: no quote with id a17b0e"),
    (f'<xliff xmlns="{XLIFF2_NAMESPACE}" version="2.0" srcLang="en" trgLang="tr"><file id="f"><unit id="{ALTMAN_POST}">'
     '<segment><source>x</source></segment><segment><source>y</source></segment></unit></file></xliff>'.encode(),
     f"unit {ALTMAN_POST}: the quote has another unit or segment"),
])
def test_bad_files_are_refused_whole(seeded, tmp_path, content, message):
    path = tmp_path / "bad.xlf"
    path.write_bytes(content)
    with pytest.raises(ImportFailed, match=message) as error:
        import_xliff(seeded, path)
    assert str(error.value).startswith(f"{path}: ") and str(error.value).endswith("; nothing imported")


@pytest.mark.parametrize("version, schema", [("2.0", "xliff-core-2.0.xsd"), ("1.2", "xliff-core-1.2-strict.xsd")])
@pytest.mark.parametrize("lang, source_lang", [("tr", None), ("en", None), ("de", "tr")])
def test_exports_validate_against_the_oasis_schemas(seeded, version, schema, lang, source_lang):
    """Every state, notes, a file of two renditions (Şimşek's two English ones), one of none."""
    record_rendition(seeded, MUSK_NO_MONEY, lang="tr", translator="Ayşe K.", text="Aslında paraları yok")
    content = export_xliff(seeded, lang=lang, version=version, source_lang=source_lang).content
    assert schema_errors(content, schema) == []


def test_each_rendition_names_its_own_context_group(seeded):
    """The 1.2 strict schema wants context-group names unique per <file>."""
    content = export_xliff(seeded, lang="en", version="1.2").content
    names = [group.get("name") for group in etree.fromstring(content).iter(f"{{{XLIFF12_NAMESPACE}}}context-group")]
    assert names == [SIMSEK_INFLATION_EN, SIMSEK_ENERGY_IMPORTS_EN]


def test_the_issues_smallest_case_a_target_copied_from_the_source_is_not_imported(seeded, tmp_path):
    """Export 1.2, give a quote with no Turkish rendition a <target> equal to its English
    source (what OmegaT writes for a segment nobody translated), import: nothing."""
    store = xlifffile.parsestring(export_xliff(seeded, lang="tr", version="1.2").content)
    by_quote(store)[MUSK_NO_MONEY].settarget("They don’t actually have the money")
    result = import_xliff(seeded, write(tmp_path, store))
    assert (result.imported, [(s.quote_id, str(s)) for s in result.skipped]) == (
        (), [(MUSK_NO_MONEY, "same as the source"), (MUSK_SOFTBANK, "empty")])
    assert seeded.get_quote(MUSK_NO_MONEY).renditions == ()


@pytest.mark.parametrize("state", ["new", "needs-translation"])
def test_a_xliff12_target_marked_untranslated_is_skipped(seeded, tmp_path, state):
    store = xlifffile.parsestring(export_xliff(seeded, lang="tr", version="1.2").content)
    unit = by_quote(store)[MUSK_NO_MONEY]
    unit.settarget("Aslında paraları yok")
    unit.get_target_dom().set("state", state)
    result = import_xliff(seeded, write(tmp_path, store))
    assert [str(skipped) for skipped in result.skipped if skipped.quote_id == MUSK_NO_MONEY] == [
        f"marked untranslated ({state})"]
    assert result.imported == ()


def test_a_rendition_sent_back_is_exported_as_needing_translation_and_its_fix_comes_back(seeded, tmp_path):
    """A CAT tool marks what it translates ``translated``; a target still ``needs-translation`` is skipped."""
    store = xlifffile.parsestring(export_xliff(seeded, lang="tr", states=["changes-requested"], version="1.2").content)
    [unit] = store.units
    assert unit.get_target_dom().get("state") == "needs-translation"
    unit.settarget(ALTMAN_TR_REVISED)
    assert unit.get_target_dom().get("state") == "translated"
    [imported] = import_xliff(seeded, write(tmp_path, store)).imported
    assert (imported.revised, imported.rendition.text) == (True, ALTMAN_TR_REVISED)
