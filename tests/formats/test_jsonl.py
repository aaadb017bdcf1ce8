import json
import unicodedata
from contextlib import closing

import pytest

from quotes.errors import ImportFailed, QuotesError
from quotes.formats.jsonl import export_jsonl, import_jsonl
from quotes.registry.registry import Registry
from tests.helpers.seeds import ALTMAN_POST, MUSK_NO_MONEY, SEEDS, SIMSEK_ENERGY_IMPORTS


def export_text(registry) -> str:
    return "\n".join(export_jsonl(registry.list_quotes())) + "\n"


def test_seed_import_then_export_round_trips_without_loss(db_location, tmp_path):
    first = Registry(db_location)
    report = import_jsonl(first, SEEDS)
    assert len(report.added) == 5 and report.skipped == []
    exported = tmp_path / "export.jsonl"
    exported.write_text(export_text(first))
    second = Registry(str(tmp_path / "second.db"))
    import_jsonl(second, exported)
    assert export_text(second) == exported.read_text()
    record = next(json.loads(line) for line in exported.read_text().splitlines() if f'"{ALTMAN_POST}"' in line)
    assert [r["state"] for r in record["renditions"]] == ["changes-requested", "approved"]
    assert record["renditions"][0]["notes"][0]["role"] == "reviewer"
    first.close()
    second.close()


def test_versions_survive_the_round_trip(registry, tmp_path):
    quote = registry.add_quote("We will buy it", speaker="A B", lang="en")
    registry.edit_quote(quote.id, text="We will buy it.", reason="full stop")
    path = tmp_path / "a.jsonl"
    path.write_text(export_text(registry))
    other = Registry(str(tmp_path / "other.db"))
    import_jsonl(other, path)
    assert [(v.version, v.text, v.reason) for v in other.get_quote(quote.id).versions] == [
        (1, "We will buy it", None), (2, "We will buy it.", "full stop")]


def test_second_import_adds_nothing(seeded):
    report = import_jsonl(seeded, SEEDS)
    assert report.added == [] and len(report.skipped) == 5
    assert len(seeded.list_quotes()) == 5


def test_lines_without_ids_are_deduplicated_by_content(registry, tmp_path):
    path = tmp_path / "plain.jsonl"
    path.write_text('{"text": "Biz hazırız.", "lang": "tr", "speaker": "Mehmet Şimşek"}\n')
    assert len(import_jsonl(registry, path).added) == 1
    assert len(import_jsonl(registry, path).skipped) == 1


GOOD = '{"text": "Line %d", "lang": "en", "speaker": "A Person"}'


@pytest.mark.parametrize(
    "bad, message",
    [
        ('{"text": "Line 3", "lang": "en"', "not valid JSON"),
        ('{"text": "Line 3", "lang": "en"}', "'speaker' is missing"),
        ('{"text": "Line 3", "lang": "english", "speaker": "A"}', "lang: 'english' is not a language code"),
        ('{"text": "Line 3", "lang": "en", "speaker": "A", "said_on": "yesterday"}', "said_on: 'yesterday' is not a date"),
        ('["a list"]', "expected a JSON object"),
        ('{"text": "L", "lang": "en", "speaker": "A", "renditions": [{"lang": "tr", "text": "x", "translator": "t", "state": "done"}]}',
         "'state' is 'done', expected one of draft, in-review"),
        ('{"text": "L", "lang": "en", "speaker": "A", "renditions": [{"lang": "tr", "text": "x", "translator": "t", "method": "machine", "state": "approved"}]}',
         "an approved machine rendition needs a reviewer's note"),
    ],
)
def test_a_bad_line_imports_nothing_and_names_its_line(registry, tmp_path, bad, message):
    lines = [GOOD % 1, GOOD % 2, bad, GOOD % 4, GOOD % 5]
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ImportFailed) as caught:
        import_jsonl(registry, path)
    assert str(caught.value).startswith(f"{path}:3: ")
    assert message in str(caught.value)
    assert registry.list_quotes() == []


def test_a_failure_while_writing_rolls_back_everything(registry, tmp_path):
    path = tmp_path / "clash.jsonl"
    clash = '{"id": "q-000001", "text": "Other text", "lang": "en", "speaker": "A"}'
    import_jsonl(registry, _write(tmp_path / "one.jsonl", '{"id": "q-000001", "text": "First", "lang": "en", "speaker": "A"}'))
    _write(path, GOOD % 1 + "\n" + clash)
    with pytest.raises(ImportFailed, match=r"clash\.jsonl:2: q-000001 is already registered with another text"):
        import_jsonl(registry, path)
    assert [q.text for q in registry.list_quotes()] == ["First"]


def _write(path, text):
    path.write_text(text + "\n")
    return path


def test_not_utf8_and_missing_and_empty_files(registry, tmp_path):
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes('{"text": "Şimşek", "lang": "tr", "speaker": "A"}\n'.encode("cp1254"))
    with pytest.raises(ImportFailed, match=r"latin\.jsonl:1: not UTF-8 \(byte 0xde\)"):
        import_jsonl(registry, latin)
    with pytest.raises(QuotesError, match=r"nope\.jsonl: no such file"):
        import_jsonl(registry, tmp_path / "nope.jsonl")
    empty = _write(tmp_path / "empty.jsonl", "")
    with pytest.raises(ImportFailed, match="empty file, nothing to import"):
        import_jsonl(registry, empty)


@pytest.mark.parametrize(
    "line, message",
    [
        ('{"id": "Q-1", "text": "Hello there all", "lang": "en", "speaker": "A"}', "'id' 'Q-1' is not a q- id"),
        ('{"id": "r-abc123", "text": "Hello there all", "lang": "en", "speaker": "A"}', "'id' 'r-abc123' is not a q- id"),
        ('{"id": "q-Has Spaces", "text": "Hello there all", "lang": "en", "speaker": "A"}', "is not a q- id"),
        ('{"text": "…", "lang": "en", "speaker": "A"}', "text: has no words to register"),
        ('{"text": "Hello", "lang": "en", "speaker": "A", "renditions": [{"id": "r-1", "lang": "tr", "text": "Merhaba", '
         '"translator": "t"}, {"id": "r-1", "lang": "de", "text": "Hallo", "translator": "t"}]}', "two renditions share an id"),
    ],
)
def test_ids_and_texts_are_validated(registry, tmp_path, line, message):
    path = _write(tmp_path / "ids.jsonl", line)
    with pytest.raises(ImportFailed, match=message):
        import_jsonl(registry, path)


def test_a_line_adding_renditions_to_a_registered_quote_is_refused_not_dropped(seeded, tmp_path):
    record = json.loads(next(line for line in SEEDS.read_text().splitlines() if MUSK_NO_MONEY in line))
    record["renditions"] = [{"id": "r-999999", "lang": "tr", "text": "Paraları yok", "translator": "T"}]
    path = _write(tmp_path / "more.jsonl", json.dumps(record, ensure_ascii=False))
    with pytest.raises(ImportFailed, match=f"{MUSK_NO_MONEY} is already registered and this line adds versions or renditions"):
        import_jsonl(seeded, path)


def _line(**fields):
    record = {"text": "fine words here", "lang": "en", "speaker": "Bench"}
    record.update(fields)
    return json.dumps(record, ensure_ascii=False)


@pytest.mark.parametrize(
    "line, message",
    [
        (_line(speaker="S\udc80"), "speaker: contains invalid characters (not Unicode text)"),
        (_line(text="nul \x00 inside the text"), "text: contains a NUL character (U+0000)"),
        (_line(speaker="Nul\x00Name"), "speaker: contains a NUL character (U+0000)"),
        (_line(speaker="Esc\x1b[31mName"), "speaker: contains a control character (U+001B)"),
        (_line(speaker="Tab\tName"), "speaker: contains a control character (U+0009)"),
        (_line(speaker_aliases=["ok", "B\x07"]), "speaker_aliases[1]: contains a control character (U+0007)"),
        (_line(source={"url": "https://x.test/\n"}), "source.url: contains a control character (U+000A)"),
        (_line(context="said \x9b there"), "context: contains a control character (U+009B)"),
        (_line(versions=[{"text": "fine words here", "reason": "r\x7f"}]),
         "versions[0].reason: contains a control character (U+007F)"),
        (_line(renditions=[{"lang": "de", "text": "kaputt \udfff", "translator": "A"}]),
         "renditions[0].text: contains invalid characters (not Unicode text)"),
        (_line(renditions=[{"lang": "de", "text": "gut", "translator": "A\x00"}]),
         "renditions[0].translator: contains a NUL character (U+0000)"),
        (_line(renditions=[{"lang": "de", "text": "gut", "translator": "A", "notes": [{"author": "B\x1b", "text": "ok"}]}]),
         "renditions[0].notes[0].author: contains a control character (U+001B)"),
    ],
)
def test_every_field_is_checked_before_writing_and_named_with_file_and_line(db_location, tmp_path, line, message):
    path = tmp_path / "s.jsonl"
    # Written as JSON escapes, as another program would: "\udc80" is valid JSON, not valid text.
    path.write_text(_line(text="a good first line") + "\n" + line.encode("utf-8", "backslashreplace").decode() + "\n")
    with closing(Registry(db_location)) as registry:
        with pytest.raises(ImportFailed) as caught:
            import_jsonl(registry, path)
        assert str(caught.value) == f"{path}:2: {message}"
        assert registry.list_quotes() == []


def test_texts_keep_their_tabs_and_line_breaks(db_location, tmp_path):
    path = _write(tmp_path / "t.jsonl", _line(text="first line\n\tsecond line\r\nthird", context="a\tb\nc"))
    with closing(Registry(db_location)) as registry:
        import_jsonl(registry, path)
        [quote] = registry.list_quotes()
        assert (quote.text, quote.context) == ("first line\n\tsecond line\r\nthird", "a\tb\nc")


def test_the_same_statement_typed_otherwise_is_not_imported_again(seeded, tmp_path):
    musk = "They don’t actually have the money"
    oil = "Türkiye son 23 yılda petrol ve doğal gaz ithalatına tam 1 trilyon dolar ödedi."
    lines = [
        {"text": musk + " ", "lang": "en", "speaker": "Elon Musk"},
        {"text": musk.replace("’", "'"), "lang": "en", "speaker": "elon musk"},
        {"text": unicodedata.normalize("NFD", oil), "lang": "tr", "speaker": unicodedata.normalize("NFD", "Mehmet Şimşek")},
        {"id": "q-0ther1", "text": "“" + musk + "”", "lang": "en", "speaker": "ELON MUSK"},  # another registry's id
        {"text": "A statement new here", "lang": "en", "speaker": "elon musk"},
        {"text": "a statement new here.", "lang": "en", "speaker": "Elon Musk"},  # the line above, typed otherwise
    ]
    path = _write(tmp_path / "again.jsonl", "\n".join(json.dumps(line, ensure_ascii=False) for line in lines))
    report = import_jsonl(seeded, path)
    assert len(report.added) == 1
    assert report.skipped == [MUSK_NO_MONEY, MUSK_NO_MONEY, SIMSEK_ENERGY_IMPORTS, MUSK_NO_MONEY, report.added[0]]
    assert len(seeded.list_quotes()) == 6 and len(seeded.speakers()) == 3


def test_a_registered_statement_under_another_id_with_renditions_is_refused_not_dropped(seeded, tmp_path):
    line = {"id": "q-0ther1", "text": "They don't actually have the money", "lang": "en", "speaker": "Elon Musk",
            "renditions": [{"id": "r-0ther1", "lang": "tr", "text": "Paraları yok", "translator": "T"}]}
    path = _write(tmp_path / "other.jsonl", json.dumps(line))
    with pytest.raises(ImportFailed, match=rf"other\.jsonl:1: {MUSK_NO_MONEY} is already registered and this line adds"):
        import_jsonl(seeded, path)


def test_an_import_tells_its_progress_line_by_line(registry):
    told = []
    import_jsonl(registry, SEEDS, progress=lambda done, total: told.append((done, total)))
    lines = sum(1 for line in SEEDS.read_text(encoding="utf-8").splitlines() if line.strip())
    assert told == [(done, lines) for done in range(1, lines + 1)]
