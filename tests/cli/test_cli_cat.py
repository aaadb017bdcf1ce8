"""quotes xliff / po export and import: round trips through a CAT tool's files, and their refusals."""

from __future__ import annotations

from translate.storage.pypo import pofile
from translate.storage.xliff import xlifffile
from translate.storage.xliff2 import Xliff2File

from quotes.registry.registry import Registry
from tests.helpers.seeds import ALTMAN_POST, ALTMAN_POST_TR_DRIFTED, MUSK_NO_MONEY, MUSK_SOFTBANK


def edit(path, store_class, quote_id, *, target=None, source=None):
    """Set a unit's target (and source) as a CAT tool would, with translate-toolkit."""
    store = store_class.parsestring(path.read_bytes())
    [unit] = [u for u in store.units if u.getid().split("::")[0].endswith(quote_id)]
    if source is not None:
        unit.source = source
    unit.target = target
    path.write_bytes(bytes(store))


def test_export_to_a_file_then_import_its_edits(seeded_run, tmp_path):
    path = tmp_path / "tr.xlf"
    result = seeded_run("xliff", "export", "--lang", "tr", "-o", str(path))
    assert (result.exit_code, result.output) == (0, f"wrote 3 units (en → tr, XLIFF 2.0) to {path}\n")
    edit(path, Xliff2File, MUSK_SOFTBANK,
         target="SoftBank'ın elinde 20 milyar dolardan az var. Bunu güvenilir bir kaynaktan biliyorum.")
    result = seeded_run("xliff", "import", str(path), "--translator", "Ayşe K.")
    assert result.exit_code == 0
    assert result.stdout == (
        f"r-000001  {MUSK_SOFTBANK}  [tr]  new rendition (draft)  "
        "“SoftBank'ın elinde 20 milyar dolardan az var. Bunu güvenilir bir kaynaktan biliyorum.”\n"
        "3 units: 1 new rendition(s), 0 revision(s), 1 unchanged, 1 skipped (1 empty)\n")
    assert result.stderr == "warning: r-000001: number: $10B is not in the rendition (it has 20 milyar)\n"


def test_xliff12_revision_of_a_rendition_sent_back(seeded_run, tmp_path):
    path = tmp_path / "tr.xlf"
    assert seeded_run("xliff", "export", "--lang", "tr", "--state", "changes-requested", "--version", "1.2",
                      "-o", str(path)).exit_code == 0
    edit(path, xlifffile, ALTMAN_POST, target="hayır teşekkürler ama istersen twitter'ı 9,74 milyar dolara biz satın alırız")
    result = seeded_run("xliff", "import", str(path))
    assert (result.exit_code, result.output) == (0, (
        f"{ALTMAN_POST_TR_DRIFTED}  {ALTMAN_POST}  [tr]  revision 2 (changes-requested)  "
        "“hayır teşekkürler ama istersen twitter'ı 9,74 milyar dolara biz satın alırız”\n"
        "1 unit: 0 new rendition(s), 1 revision(s), 0 unchanged, 0 skipped\n"))
    registry = Registry(seeded_run.db)
    assert registry.get_quote(ALTMAN_POST).rendition(ALTMAN_POST_TR_DRIFTED).revisions[-1].created_by == "tester"  # QUOTES_USER
    registry.close()


def test_export_to_standard_output(seeded_run):
    result = seeded_run("xliff", "export", "--lang", "en")
    assert result.exit_code == 0
    assert result.output.startswith("<?xml version='1.0' encoding='UTF-8'?>\n"
                                    '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" '
                                    'srcLang="tr" trgLang="en">\n')


def test_a_changed_source_is_refused_with_its_unit(seeded_run, tmp_path):
    path = tmp_path / "tr.xlf"
    seeded_run("xliff", "export", "--lang", "tr", "-o", str(path))
    edit(path, Xliff2File, ALTMAN_POST, source="no thank you but we will buy Twitter for $9.74 billion if you want",
         target="hayır teşekkürler")
    result = seeded_run("xliff", "import", str(path))
    assert (result.exit_code, result.output) == (
        2, f"Error: {path}: unit {ALTMAN_POST}: source differs from the registered original; nothing imported\n")
    assert seeded_run("renditions", "--lang", "tr").output.endswith("2 renditions\n")


def test_export_errors_name_the_option(seeded_run, tmp_path):
    assert seeded_run("xliff", "export", "--lang", "de").output == (
        "Error: --source-lang: the quotes were first said in en, tr, and an XLIFF file has one source language: "
        "choose one\n")
    assert seeded_run("xliff", "export", "--lang", "en", "--state", "bogus").output == (
        "Error: --state: 'bogus' is not one of draft, in-review, changes-requested, rejected, approved, superseded\n")
    result = seeded_run("xliff", "export", "--lang", "en", "-o", str(tmp_path / "no" / "such" / "en.xlf"))
    assert (result.exit_code, result.output) == (
        2, f"Error: {tmp_path / 'no' / 'such' / 'en.xlf'}: cannot write (No such file or directory)\n")


def translate_po(path, targets: dict[str, str]):
    """Fill msgstr as Poedit or OmegaT would, with translate-toolkit."""
    store = pofile.parsestring(path.read_bytes())
    for entry in store.units:
        quote_id = entry.getcontext().partition(" ")[0]
        if quote_id in targets:
            entry.target = targets[quote_id]
    path.write_bytes(bytes(store))


def test_po_export_then_import_lists_what_it_skipped(seeded_run, tmp_path):
    path = tmp_path / "tr.po"
    result = seeded_run("po", "export", "--lang", "tr", "-o", str(path))
    assert (result.exit_code, result.output) == (0, f"wrote 3 units (en → tr, PO) to {path}\n")
    translate_po(path, {MUSK_NO_MONEY: "They don’t actually have the money",
                        MUSK_SOFTBANK: "SoftBank'ın elinde 10 milyar dolardan çok daha az var. Bunu güvenilir bir kaynaktan biliyorum."})
    result = seeded_run("po", "import", str(path), "--translator", "Ayşe K.")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"r-000001  {MUSK_SOFTBANK}  [tr]  new rendition (draft)  "
        "“SoftBank'ın elinde 10 milyar dolardan çok daha az var. Bunu güvenilir bir kaynaktan biliyorum.”\n"
        f"skipped   {MUSK_NO_MONEY}  same as the source  “They don’t actually have the money”\n"
        "3 units: 1 new rendition(s), 0 revision(s), 1 unchanged, 1 skipped (1 same as the source)\n")


def test_xliff_import_lists_english_left_in_a_turkish_file(seeded_run, tmp_path):
    path = tmp_path / "tr.xlf"
    seeded_run("xliff", "export", "--lang", "tr", "--version", "1.2", "-o", str(path))
    edit(path, xlifffile, ALTMAN_POST, target="hayır teşekkürler ama we will buy twitter for $9.74 billion if you want")
    result = seeded_run("xliff", "import", str(path))
    assert (result.exit_code, result.output) == (0, (
        f"skipped   {ALTMAN_POST}  in the original's language (detected en)  "
        "“hayır teşekkürler ama we will buy twitter for $9.74 billion if you want”\n"
        "3 units: 0 new rendition(s), 0 revision(s), 0 unchanged, 3 skipped (2 empty, 1 in the original's language)\n"))


def test_po_errors_are_one_line(seeded_run, tmp_path):
    assert seeded_run("po", "export", "--lang", "de").output == (
        "Error: --source-lang: the quotes were first said in en, tr, and a PO file has one source language: "
        "choose one\n")
    path = tmp_path / "tr.po"
    path.write_bytes(b'msgid ""\nmsgstr ""\n"Language: tr\\n"\n\nmsgid "x"\nmsgstr "y"\n')
    result = seeded_run("po", "import", str(path))
    assert (result.exit_code, result.output) == (
        2, f"Error: {path}: the entry “x” has no msgctxt naming its quote (not a file `quotes po export` wrote); "
           "nothing imported\n")
