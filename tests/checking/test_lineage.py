"""The drift map's library (quotes.checking.lineage): which findings become sightings, the
names and numbers a translation keeps, variants and what each was derived from."""

from __future__ import annotations

import pytest

from quotes.checking.check import Checker
from quotes.checking.coverage import Document
from quotes.checking.lineage import Recorder, anchors, drift_map, outlet_of, render_dot, render_text
from quotes.errors import ReadOnlyRegistry
from quotes.registry.registry import Registry
from quotes.registry.sightings import list_sightings
from quotes.registry.store import Store
from tests.helpers.seeds import ALTMAN_POST, ALTMAN_POST_TR_DRIFTED, SEED_ARTICLE

BACK_TRANSLATION = "Sam Altman hit back at Elon Musk. “If you want, I can buy X,” Altman wrote.\n"


def page(text: str, url: str, *, site: str | None = None, date: str | None = None) -> Document:
    return Document(path=url, text=text, encoding="utf-8", url=url, title="A page", site=site, date=date)


def record(registry, *documents: Document, at: str = "2025-02-12T08:00:00+00:00"):
    checker, recorder = Checker(registry), Recorder(registry, checked_by="desk")
    for document in documents:
        recorder.record(checker.check(document), checked_at=at)


def test_names_and_numbers_are_what_a_translation_keeps():
    assert anchors("If you want, I can buy X", "en") == {"x"}
    assert anchors("Istersen ben X’i satın alabilirim", "tr") == {"x"}
    assert anchors("no thank you but we will buy twitter for $9.74 billion if you want", "en") == {"$9740000000"}
    assert anchors("Fine. Then Ayşe said no", "en") == {"ayse"}  # "Then" starts a sentence, "Fine" the text


def test_the_outlet_is_the_site_name_else_the_host(seeded):
    checker = Checker(seeded)
    assert outlet_of(checker.check(page("Nothing quoted.", "https://www.haber.example/a"))) == "haber.example"
    assert outlet_of(checker.check(page("Nothing quoted.", "https://haber.example/a", site="Haber"))) == "Haber"
    assert outlet_of(checker.check(Document(path="-", text="Nothing quoted.", encoding="utf-8"))) is None


def test_the_seed_story_turkish_line_then_its_back_translation(seeded):
    seed = SEED_ARTICLE.read_text(encoding="utf-8")
    record(seeded, page(seed, "https://haber.example/altman", site="Haber", date="2025-02-11"),
           page(BACK_TRANSLATION, "https://echo.example/altman", site="Tech Echo", date="2025-02-13"))
    turkish, english = sorted(list_sightings(seeded, ALTMAN_POST), key=lambda s: s.lang, reverse=True)
    assert (turkish.verdict, turkish.rendition_id, turkish.reason) == (
        "unreviewed-translation", ALTMAN_POST_TR_DRIFTED, None)
    assert (english.passage, english.verdict, english.reason, english.rendition_id) == (
        "If you want, I can buy X", "unknown", "traced", None)
    drift = drift_map(seeded, "a17")
    tr_variant, en_variant = drift.variants
    assert drift.parents[tr_variant.id] == ALTMAN_POST_TR_DRIFTED
    assert drift.parents[en_variant.id] == tr_variant.id
    assert (en_variant.first_seen.date, en_variant.first_seen.outlet) == ("2025-02-13", "Tech Echo")
    assert en_variant.drifted and tr_variant.drifted


def test_a_back_translation_seen_first_comes_from_the_rendition(seeded):
    """First seen decides: a wording can only come from what was seen before it."""
    seed = SEED_ARTICLE.read_text(encoding="utf-8")
    record(seeded, page(seed, "https://haber.example/altman", date="2025-02-14"),
           page(BACK_TRANSLATION, "https://echo.example/altman", date="2025-02-13"))
    en_variant, tr_variant = drift_map(seeded, ALTMAN_POST).variants
    assert (en_variant.lang, en_variant.derived_from) == ("en", ALTMAN_POST_TR_DRIFTED)
    assert tr_variant.derived_from == ALTMAN_POST_TR_DRIFTED


def test_one_wording_printed_twice_is_one_variant(seeded):
    record(seeded,
           page("Altman wrote: “no thank you but we will buy twitter for $97.4 billion if you want”.",
                "https://a.example/1", site="A", date="2025-02-11"),
           page("Altman wrote: \"No thank you but we will buy Twitter for $97.4 billion if you want\".",
                "https://b.example/2", site="B", date="2025-02-12"),
           page("Altman wrote: “no thank you but we will buy twitter for $9.74 billion if you want”.",
                "https://c.example/3", site="B", date="2025-02-13"))
    drift = drift_map(seeded, ALTMAN_POST)
    altered, verbatim = drift.variants
    assert (altered.verdict, len(altered.sightings), altered.outlets) == ("altered", 2, 2)
    assert (altered.first_seen.url, altered.last_seen.url) == ("https://a.example/1", "https://b.example/2")
    assert altered.derived_from == verbatim.derived_from == ALTMAN_POST
    assert (altered.drifted, verbatim.drifted) == (True, False)


def test_an_unknown_with_nothing_of_a_quote_is_no_sighting(seeded):
    record(seeded, page("Altman wrote: “We are not for sale, and never will be.”", "https://a.example/1"),
           page("Someone said: “If you want, I can buy X.”", "https://a.example/2"))
    assert list_sightings(seeded) == []


def test_text_and_dot_show_every_field_escaped(seeded):
    record(seeded, page("Altman wrote: “no thank you but we will buy twitter for $97.4 billion if you want”.",
                        'https://a.example/"x"\\', site='Site "A"\n', date="2025-02-11"))
    drift = drift_map(seeded, ALTMAN_POST)
    text = render_text(drift)
    assert text.splitlines()[0].startswith(f"{ALTMAN_POST}  Sam Altman  [en]  original  “no thank you")
    assert "     first seen 2025-02-11  Site \"A\"  https://a.example/\"x\"\\" in text.splitlines()
    dot = render_dot(drift)
    assert 'first 2025-02-11  Site \\"A\\"  https://a.example/\\"x\\"\\\\"' in dot


def test_a_wording_sighted_earlier_in_a_run_traces_a_later_one(seeded):
    """One recorder for many pages (`quotes watch run`): what it recorded is looked at again."""
    checker, recorder = Checker(seeded), Recorder(seeded, checked_by="desk")
    results = [recorder.record(checker.check(page(text, url))) for text, url in [
        ("Altman said: “We are not selling anything today, Elon.”", "https://a.example/1"),  # not traced
        ("Altman yazdı: “Istersen Musk, ben X’i satın alabilirim”", "https://a.example/2"),
        ("Altman wrote: “If you want, Musk, I can buy X”", "https://a.example/3"),  # {musk, x}: only page 2 has both
    ]]
    assert [len(r.new) for r in results] == [0, 1, 1]
    assert results[2].new[0].reason == "traced"


def test_a_read_only_registry_is_refused_before_anything_is_checked(seeded):
    read_only = Registry(Store(seeded.store.location, read_only=True))
    try:
        with pytest.raises(ReadOnlyRegistry, match="open read-only"):
            Recorder(read_only, checked_by="desk")
    finally:
        read_only.close()
