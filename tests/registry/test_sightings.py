"""Sightings (quotes.registry.sightings) on SQLite and PostgreSQL: one per URL, passage and
quote; recording writes nothing else; the listing's order and filters."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from quotes.errors import InvalidInput, NotFound, StoreError
from quotes.registry import schema as t
from quotes.registry.registry import Registry
from quotes.registry.sightings import Sighting, list_sightings, record_sightings
from tests.helpers.registries import seeded_anywhere  # noqa: F401 (a fixture)
from tests.helpers.seeds import ALTMAN_POST, ALTMAN_POST_TR_DRIFTED, MUSK_NO_MONEY

TURKISH_LINE = "Istersen ben X’i satın alabilirim"


def sighting(**given) -> Sighting:
    values = dict(quote_id=ALTMAN_POST, rendition_id=ALTMAN_POST_TR_DRIFTED, verdict="unreviewed-translation",
                  severity="warn", passage=TURKISH_LINE, lang="tr", url="https://haber.example/a", outlet="Haber",
                  title="Altman yanıt verdi", published="2025-02-11", checked_at="2025-02-12T08:00:00+00:00",
                  checked_by="desk")
    return Sighting(**{**values, **given})


def counts(registry: Registry) -> dict[str, int]:
    with registry.store.read() as conn:
        return {table.name: conn.execute(select(func.count()).select_from(table)).scalar()
                for table in t.metadata.sorted_tables if table is not t.sightings}


def test_the_same_url_passage_and_quote_is_one_sighting_last_checked_updated(seeded_anywhere):
    before = counts(seeded_anywhere)
    [first] = record_sightings(seeded_anywhere, [sighting()])
    assert (first.id, first.first_checked, first.seen_on) == (1, "2025-02-12T08:00:00+00:00", "2025-02-11")
    again = sighting(checked_at="2025-03-01T09:30:00+00:00", checked_by="night desk", verdict="altered-translation",
                     flags=("words_changed",))
    assert record_sightings(seeded_anywhere, [again]) == []
    [kept] = list_sightings(seeded_anywhere)
    assert kept == Sighting(**{**again.__dict__, "id": 1, "first_checked": "2025-02-12T08:00:00+00:00"})
    assert counts(seeded_anywhere) == before  # nothing else in the registry changed: no event either


def test_another_url_passage_or_quote_is_another_sighting(seeded_anywhere):
    new = record_sightings(seeded_anywhere, [
        sighting(), sighting(url="https://haber.example/b"), sighting(passage="Istersen X’i satın alabilirim"),
        sighting(quote_id=MUSK_NO_MONEY, rendition_id=None), sighting(url=None)])
    assert [s.id for s in new] == [1, 2, 3, 4, 5]


def test_listing_is_newest_first_and_filters(seeded_anywhere):
    record_sightings(seeded_anywhere, [
        sighting(url="https://a.example/1", outlet="Haber", published="2025-02-11"),
        sighting(url="https://b.example/2", outlet="Tech Echo", published=None, verdict="unknown", severity="info",
                 checked_at="2025-02-20T10:00:00+00:00"),
        sighting(url="https://c.example/3", outlet="Haber", published="2025-02-15", quote_id=MUSK_NO_MONEY,
                 rendition_id=None, passage="They don’t actually have the money", lang="en", verdict="verbatim",
                 severity="ok"),
    ])
    assert [s.url for s in list_sightings(seeded_anywhere)] == [
        "https://b.example/2", "https://c.example/3", "https://a.example/1"]
    assert [s.url for s in list_sightings(seeded_anywhere, "a17")] == ["https://b.example/2", "https://a.example/1"]
    assert [s.url for s in list_sightings(seeded_anywhere, outlet="HABER")] == [
        "https://c.example/3", "https://a.example/1"]
    assert [s.url for s in list_sightings(seeded_anywhere, verdict="unknown")] == ["https://b.example/2"]
    assert [s.url for s in list_sightings(seeded_anywhere, since="2025-02-15")] == [
        "https://b.example/2", "https://c.example/3"]
    assert list_sightings(seeded_anywhere, outlet="Nobody") == []


def test_bad_filters_are_refused(seeded_anywhere):
    with pytest.raises(InvalidInput, match="since"):
        list_sightings(seeded_anywhere, since="last week")
    with pytest.raises(NotFound):
        list_sightings(seeded_anywhere, "q-ffffff")


def test_recording_is_all_or_nothing(seeded_anywhere):
    with pytest.raises(StoreError):
        record_sightings(seeded_anywhere, [sighting(), sighting(url="https://x.example", quote_id="q-nonexistent")])
    assert list_sightings(seeded_anywhere) == []


def test_a_version_4_registry_gets_the_drift_maps_tables(db_location):
    registry = Registry(db_location)
    with registry.store.write() as conn:
        for table in ("sightings", "feed_items", "feeds"):
            conn.exec_driver_sql(f"DROP TABLE {table}")
        conn.execute(t.meta.update().where(t.meta.c.key == "schema_version").values(value="4"))
    registry.close()
    reopened = Registry(db_location)
    try:
        assert list_sightings(reopened) == []
    finally:
        reopened.close()
