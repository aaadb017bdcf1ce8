"""People are compared by one identity key (quotes.text.identity_key): the self-review rule,
note roles, and speakers, on SQLite and PostgreSQL (issue 10)."""

import json
import unicodedata

import pytest

from quotes.formats.jsonl import import_jsonl
from quotes.text import identity_key
from quotes.translations.renditions import record_rendition
from quotes.translations.review import SelfReview, add_note, review
from tests.helpers.registries import seeded_anywhere  # noqa: F401  (a fixture)
from tests.helpers.seeds import MUSK_NO_MONEY


@pytest.mark.parametrize(
    "spellings",
    [
        ["Ayşe K.", " ayşe k. ", "AYŞE K.", "ayse k.", "Ayse  K.", unicodedata.normalize("NFD", "Ayşe K."), "Ａｙşe K."],
        ["İsmail Işık", "ismail ışık", "İSMAİL IŞIK", "Ismail Isik"],  # Turkish İ/i and I/ı, either way
        ["O’Brien", "O'Brien", "o‘brien"],
        ["Straße", "STRASSE"],
    ],
)
def test_one_person_however_the_name_is_typed(spellings):
    assert len({identity_key(name) for name in spellings}) == 1


def test_other_people_stay_other_people():
    keys = [identity_key(name) for name in ["Ayşe K.", "Ayşe", "Ayşe K", "Ayşe Kaya", "Deniz Y.", "Mehmet Şimşek"]]
    assert len(set(keys)) == len(keys)


def _in_review(registry, translator="Ayşe K."):
    rendition = record_rendition(registry, MUSK_NO_MONEY, lang="tr", translator=translator, text="Aslında paraları yok")
    review(registry, rendition.id, "submit", reviewer=translator, note="ready")
    return rendition


@pytest.mark.parametrize("reviewer", [" ayşe k. ", "AYŞE K.", "Ayse K.", unicodedata.normalize("NFD", "Ayşe K.")])
def test_a_translator_may_not_approve_under_another_spelling(seeded_anywhere, reviewer):
    rendition = _in_review(seeded_anywhere)
    with pytest.raises(SelfReview, match="translated this rendition and may not approve it") as caught:
        review(seeded_anywhere, rendition.id, "approve", reviewer=reviewer, note="mine")
    assert caught.value.overridable
    if reviewer == "AYŞE K.":  # named as typed and as recorded
        assert "AYŞE K. (Ayşe K.) translated this rendition" in str(caught.value)
    assert seeded_anywhere.get_quote(MUSK_NO_MONEY).renditions[-1].state == "in-review"


def test_a_machine_draft_is_not_approved_by_who_ran_it_under_another_spelling(seeded_anywhere, tmp_path):
    # A machine draft run by "Ayşe K." (imported: no translation model needed), in review.
    path = tmp_path / "machine.jsonl"
    path.write_text(json.dumps({
        "text": "We will buy it", "lang": "en", "speaker": "Sam Altman",
        "renditions": [{"id": "r-00ma01", "lang": "tr", "text": "Onu satın alacağız", "translator": "Ayşe K.",
                        "method": "machine", "engine": "argos", "model": "translate-en_tr", "model_version": "1.0",
                        "state": "in-review"}]}, ensure_ascii=False) + "\n")
    import_jsonl(seeded_anywhere, path)
    for reviewer in ["AYŞE K.", " ayşe k. "]:
        with pytest.raises(SelfReview, match="ran the machine draft") as caught:
            review(seeded_anywhere, "r-00ma01", "approve", reviewer=reviewer, note="mine", allow_self_review=True)
        assert not caught.value.overridable
    assert review(seeded_anywhere, "r-00ma01", "approve", reviewer="Deniz Y.", note="checked").state == "approved"


def test_an_approved_machine_rendition_is_not_imported_with_only_its_runners_note(registry, tmp_path):
    from quotes.errors import ImportFailed

    path = tmp_path / "machine.jsonl"
    path.write_text(json.dumps({
        "text": "We will buy it", "lang": "en", "speaker": "Sam Altman",
        "renditions": [{"lang": "tr", "text": "Onu satın alacağız", "translator": "Ayşe K.", "method": "machine",
                        "state": "approved", "notes": [{"author": "AYŞE K.", "role": "reviewer", "text": "ok"}]}]},
        ensure_ascii=False) + "\n")
    with pytest.raises(ImportFailed, match=r"machine\.jsonl:1: an approved machine rendition needs a reviewer's note, "
                                           "by someone other than who ran the machine"):
        import_jsonl(registry, path)
    assert registry.list_quotes() == []


def test_a_note_by_the_translator_under_another_spelling_is_the_translators(seeded_anywhere):
    rendition = _in_review(seeded_anywhere)
    assert add_note(seeded_anywhere, rendition.id, author="ayse k.", text="source checked").role == "translator"
    assert add_note(seeded_anywhere, rendition.id, author="Deniz Y.", text="fine").role == "reviewer"


@pytest.mark.parametrize("name", ["elon musk", " Elon  Musk ", "ELON MUSK", unicodedata.normalize("NFD", "Elon Musk")])
def test_a_speaker_named_otherwise_is_the_registered_one(seeded_anywhere, name):
    quote = seeded_anywhere.add_quote("We are going to Mars", speaker=name, lang="en")
    assert quote.speaker.name == "Elon Musk"
    assert [s.name for s in seeded_anywhere.speakers()].count("Elon Musk") == 1
    assert len(seeded_anywhere.speakers()) == 3


def test_a_turkish_speaker_typed_without_diacritics_or_in_nfd_is_the_registered_one(seeded_anywhere):
    for name in ["Mehmet Simsek", "MEHMET ŞİMŞEK", unicodedata.normalize("NFD", "Mehmet Şimşek")]:
        assert seeded_anywhere.add_quote(f"Bir açıklama: {name}", speaker=name, lang="tr").speaker.name == "Mehmet Şimşek"
    assert len(seeded_anywhere.speakers()) == 3
    assert len(seeded_anywhere.list_quotes(speaker="mehmet simsek")) == 5


def test_an_import_resolves_speakers_by_identity(seeded_anywhere, tmp_path):
    path = tmp_path / "more.jsonl"
    path.write_text('{"text": "Mars by 2030", "lang": "en", "speaker": "elon musk", "speaker_aliases": ["EM"]}\n'
                    '{"text": "A new voice", "lang": "en", "speaker": "Jane Roe"}\n'
                    '{"text": "A second word", "lang": "en", "speaker": "JANE ROE"}\n')
    report = import_jsonl(seeded_anywhere, path)
    assert len(report.added) == 3
    speakers = {s.name: s.aliases for s in seeded_anywhere.speakers()}
    assert sorted(speakers) == ["Elon Musk", "Jane Roe", "Mehmet Şimşek", "Sam Altman"]
    assert "EM" in speakers["Elon Musk"]


# --- who acts on the command line: --translator, --reviewer, --author default to one identity


def test_who_acts_defaults_to_quotes_user(seeded_run):
    assert seeded_run("translate", MUSK_NO_MONEY, "--lang", "tr", "--text", "Aslında paraları yok").exit_code == 0
    assert seeded_run("review", "r-000001", "--submit", "--note", "ready").output == "r-000001 is in-review\n"
    assert seeded_run("note", "r-000001", "--text", "source post checked").output == "noted as translator\n"
    [rendition] = json.loads(seeded_run("show", MUSK_NO_MONEY, "--format", "json").output)["renditions"]
    assert rendition["translator"] == "tester"
    assert [(n["author"], n["role"], n["action"]) for n in rendition["notes"]] == [
        ("tester", "translator", "submit"), ("tester", "translator", None)]
    # The reviewer defaults to the same person, so approving one's own work is refused as ever.
    result = seeded_run("review", "r-000001", "--approve", "--note", "mine")
    assert (result.exit_code, result.output) == (
        2, "Error: r-000001: tester translated this rendition and may not approve it; "
           "ask another reviewer or pass --allow-self-review\n")


def test_who_acts_is_the_login_name_without_quotes_user(seeded_run, monkeypatch):
    monkeypatch.delenv("QUOTES_USER")
    monkeypatch.setattr("getpass.getuser", lambda: "ayse")
    seeded_run("translate", MUSK_NO_MONEY, "--lang", "tr", "--text", "Aslında paraları yok")
    assert json.loads(seeded_run("show", MUSK_NO_MONEY, "--format", "json").output)["renditions"][-1]["translator"] == "ayse"


def test_a_given_name_wins_over_quotes_user(seeded_run):
    seeded_run("translate", MUSK_NO_MONEY, "--lang", "tr", "--text", "Aslında paraları yok", "--translator", "Ayşe K.")
    assert json.loads(seeded_run("show", MUSK_NO_MONEY, "--format", "json").output)["renditions"][-1]["translator"] == "Ayşe K."


@pytest.mark.parametrize("command, flag", [("translate", "--translator"), ("revise", "--translator"),
                                           ("review", "--reviewer"), ("note", "--author")])
def test_help_says_who_acts_by_default(run, command, flag):
    help_text = " ".join(run(command, "--help").output.split())
    assert f"{flag} TEXT" in help_text and "[default: (QUOTES_USER, else your login name)]" in help_text
