"""Gettext PO: what we write is read by translate-toolkit (as OmegaT, Poedit and Weblate
read PO), and what a translator writes comes back by the rules XLIFF imports follow."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from translate.storage.pypo import pofile

from quotes.errors import ImportFailed, InvalidInput
from quotes.formats.jsonl import import_jsonl
from quotes.formats.po import export_po, import_po
from quotes.translations.review import review
from tests.helpers.seeds import (
    ALTMAN_POST,
    ALTMAN_POST_TR_DRIFTED,
    ALTMAN_POST_TR_FAITHFUL,
    MUSK_NO_MONEY,
    MUSK_SOFTBANK,
    SEEDS,
    SIMSEK_INFLATION,
    SIMSEK_INFLATION_EN,
)

ALTMAN_TR_REVISED = "hayır teşekkürler ama istersen twitter'ı 9,74 milyar dolara biz satın alırız"


def quote_of(entry) -> str:
    return entry.getcontext().partition(" ")[0]


def entries(content: bytes) -> dict:
    """The entries by the quote they hold."""
    return {quote_of(entry): entry for entry in pofile.parsestring(content).units if not entry.isheader()}


def translate(tmp_path, content: bytes, targets: dict[str, str], *, fuzzy=(), name="tr.po") -> str:
    """Fill msgstr as a translator's tool does, with translate-toolkit; write the file."""
    store = pofile.parsestring(content)
    for entry in store.units:
        if quote_of(entry) in targets:
            entry.target = targets[quote_of(entry)]
            entry.markfuzzy(quote_of(entry) in fuzzy)
    path = tmp_path / name
    path.write_bytes(bytes(store))
    return str(path)


def test_one_entry_per_quote_with_its_context_as_comments(seeded):
    document = export_po(seeded, lang="tr")
    assert (document.source_lang, document.lang, document.units) == ("en", "tr", 3)
    store = pofile.parsestring(document.content)
    assert (store.gettargetlanguage(), store.parseheader()["X-Source-Language"]) == ("tr", "en")
    units = entries(document.content)
    assert list(units) == [MUSK_NO_MONEY, MUSK_SOFTBANK, ALTMAN_POST]
    musk = units[MUSK_NO_MONEY]
    assert (musk.source, musk.target, musk.getlocations()) == ("They don’t actually have the money", "", [MUSK_NO_MONEY])
    assert musk.getnotes("developer") == "said by: Elon Musk, 2025-01-22\nno rendition yet: translate"
    altman = units[ALTMAN_POST]
    assert (altman.getcontext(), altman.target, altman.isfuzzy()) == (
        f"{ALTMAN_POST} {ALTMAN_POST_TR_FAITHFUL}", ALTMAN_TR_REVISED, False)
    assert musk.getcontext() == MUSK_NO_MONEY
    assert altman.getnotes("developer") == (
        f"said by: Sam Altman, 2025-02-10\nrendition: {ALTMAN_POST_TR_FAITHFUL} (approved)\n"
        "latest reviewer note: quotes seed review (reviewer, approve, 2026-11-27T12:00:00+00:00): Faithful: keeps the "
        "amount, the plural \"we\" (biz) and the name twitter as written in the post.")


def test_states_and_source_language_choose_the_entries(seeded):
    units = entries(export_po(seeded, lang="tr", states=["changes-requested"]).content)
    assert [(quote_id, entry.target) for quote_id, entry in units.items()] == [
        (ALTMAN_POST, "Istersen ben X’i satın alabilirim")]
    assert f"rendition: {ALTMAN_POST_TR_DRIFTED} (changes-requested)" in units[ALTMAN_POST].getnotes("developer")
    with pytest.raises(InvalidInput, match="first said in en, tr, and a PO file has one source language"):
        export_po(seeded, lang="de")
    assert list(entries(export_po(seeded, lang="de", source_lang="tr").content)) == [SIMSEK_INFLATION, "q-7d2e42"]


def test_translated_entries_become_renditions_and_revisions(seeded, tmp_path):
    sent_back = export_po(seeded, lang="tr", states=["changes-requested"]).content
    result = import_po(seeded, translate(tmp_path, sent_back, {ALTMAN_POST: ALTMAN_TR_REVISED}), translator="Ayşe K.")
    [imported] = result.imported
    assert (imported.revised, imported.rendition.id, imported.rendition.revisions[-1].created_by) == (
        True, ALTMAN_POST_TR_DRIFTED, "Ayşe K.")

    path = translate(tmp_path, export_po(seeded, lang="tr").content, {MUSK_NO_MONEY: "Aslında “paraları” yok, değil mi’"})
    result = import_po(seeded, path)
    [imported] = result.imported
    assert (imported.revised, imported.rendition.quote_id, imported.rendition.text, imported.rendition.state) == (
        False, MUSK_NO_MONEY, "Aslında “paraları” yok, değil mi’", "draft")
    assert (result.units, result.unchanged, [str(s) for s in result.skipped]) == (3, 1, ["empty"])


def test_an_edited_approved_rendition_becomes_a_new_draft(seeded, tmp_path):
    path = translate(tmp_path, export_po(seeded, lang="en").content,
                     {SIMSEK_INFLATION: "We expect inflation to drop below 30% by the end of the year."}, name="en.po")
    [imported] = import_po(seeded, path).imported
    assert (imported.revised, imported.rendition.state) == (False, "draft")
    assert seeded.get_quote(SIMSEK_INFLATION).approved_rendition("en").id == SIMSEK_INFLATION_EN


def test_fuzzy_and_copied_entries_are_not_imported(seeded, tmp_path):
    path = translate(tmp_path, export_po(seeded, lang="tr").content, {
        MUSK_NO_MONEY: "Aslında paraları yok",
        MUSK_SOFTBANK: "SoftBank has well under $10B secured. I have that on good authority.",
    }, fuzzy={MUSK_NO_MONEY})
    result = import_po(seeded, path)
    assert [(s.quote_id, str(s)) for s in result.skipped] == [
        (MUSK_NO_MONEY, "marked untranslated (fuzzy)"), (MUSK_SOFTBANK, "same as the source")]
    assert result.imported == ()
    assert seeded.get_quote(MUSK_SOFTBANK).renditions == ()


def test_a_changed_msgid_is_refused_and_nothing_imported(any_registry, tmp_path):
    import_jsonl(any_registry, SEEDS)
    store = pofile.parsestring(export_po(any_registry, lang="tr").content)
    for entry in store.units:
        if quote_of(entry) == MUSK_NO_MONEY:
            entry.target = "Aslında paraları yok"
        if quote_of(entry) == ALTMAN_POST:
            entry.source = "no thank you but we will buy Twitter for $9.74 billion if you want"
            entry.target = ALTMAN_TR_REVISED + "!"
    path = tmp_path / "tr.po"
    path.write_bytes(bytes(store))
    with pytest.raises(ImportFailed) as error:
        import_po(any_registry, path)
    assert str(error.value) == f"{path}: unit {ALTMAN_POST}: source differs from the registered original; nothing imported"
    assert any_registry.get_quote(MUSK_NO_MONEY).renditions == ()


def test_a_rendition_in_review_is_not_revised(seeded, tmp_path):
    content = export_po(seeded, lang="tr", states=["changes-requested"]).content
    review(seeded, ALTMAN_POST_TR_DRIFTED, "submit", reviewer="Ayşe K.", note="again")
    with pytest.raises(ImportFailed, match=f"unit {ALTMAN_POST}: {ALTMAN_POST_TR_DRIFTED} is in-review; only a draft"):
        import_po(seeded, translate(tmp_path, content, {ALTMAN_POST: ALTMAN_TR_REVISED}))


def test_line_breaks_survive_the_round_trip(registry, tmp_path):
    quote = registry.add_quote("First line.\n  Second  line.", speaker="A. Speaker", lang="en")
    content = export_po(registry, lang="tr").content
    assert entries(content)[quote.id].source == quote.text
    [imported] = import_po(registry, translate(tmp_path, content, {quote.id: "İlk satır.\n  İkinci  satır."})).imported
    assert imported.rendition.text == "İlk satır.\n  İkinci  satır."


@pytest.mark.parametrize("content, message", [
    (b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "x"\nmsgstr "y"\n',
     "the file names no target language"),
    (b'msgid ""\nmsgstr ""\n"Language: tr\\n"\n\nmsgid "x"\nmsgstr "y"\n',
     "the entry “x” has no msgctxt naming its quote"),
    (b'msgid ""\nmsgstr ""\n"Language: tr\\n"\n\nmsgctxt "q-nope"\nmsgid "x"\nmsgstr "y"\n',
     "unit q-nope: no quote with id q-nope"),
    (b'msgid ""\nmsgstr ""\n"Language: qq\\n"\n', "target language: 'qq' is not a language code"),
])
def test_bad_files_are_refused_whole(seeded, tmp_path, content, message):
    path = tmp_path / "bad.po"
    path.write_bytes(content)
    with pytest.raises(ImportFailed, match=message) as error:
        import_po(seeded, path)
    assert str(error.value).startswith(f"{path}: ") and str(error.value).endswith("; nothing imported")


def test_gnu_gettext_checks_the_export_without_a_word(seeded, tmp_path):
    """msgfmt --check, gettext's own validator (what Poedit and Weblate run too)."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set and gettext's msgfmt is missing: apt-get install gettext")
        pytest.skip("gettext's msgfmt is not installed: apt-get install gettext")
    path = tmp_path / "tr.po"
    path.write_bytes(export_po(seeded, lang="tr").content)
    checked = subprocess.run([msgfmt, "--check", "--statistics", "-o", os.devnull, str(path)],
                             capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"})  # its messages in English
    assert (checked.returncode, checked.stderr) == (0, "1 translated message, 2 untranslated messages.\n")
