"""The word index stays consistent with the registry through adds, edits, imports and failures."""

import random

import pytest
from sqlalchemy import select

from quotes.registry import schema as t
from quotes.errors import ImportFailed
from quotes.registry.index import RegistryIndex, decode_ids, index_targets, rebuild
from quotes.formats.jsonl import import_jsonl
from quotes.registry.registry import Registry
from quotes.text import words
from tests.helpers.paths import needs_data
from tests.helpers.seeds import ALTMAN_POST, ALTMAN_POST_TR_DRIFTED, MUSK_NO_MONEY, SEEDS


def index_content(registry) -> set:
    """(term, document frequency, what the target is, its word count) for every posting: comparable across rebuilds."""
    with registry.store.read() as conn:
        targets = {row.id: (row.quote_id, row.version, row.rendition_id, row.revision, row.words)
                   for row in conn.execute(select(t.targets))}
        terms = [(term, decode_ids(postings)) for term, postings in conn.execute(select(t.terms.c.term, t.terms.c.postings))]
    for _, ids in terms:  # the lookup's binary searches rely on ascending, distinct ids
        assert list(ids) == sorted(set(ids))
    return {(term, len(ids), *targets[target]) for term, ids in terms for target in ids}


def rebuilt(registry, jobs=1) -> set:
    """The index as a fresh build from the registered texts makes it."""
    registry.reindex(jobs=jobs)
    return index_content(registry)


def found(registry, text, lang="en"):
    return [(c.quote_id, c.version, c.rendition_id) for c in RegistryIndex(registry.store).candidates(words(text, lang), 5)]


def test_add_edit_import_keep_the_index_whole(any_registry):
    import_jsonl(any_registry, SEEDS)
    quote = any_registry.add_quote("Piyasalar bu hafta sakin kalacak.", speaker="Mehmet Şimşek", lang="tr")
    any_registry.edit_quote(quote.id, text="Piyasalar bu hafta çok sakin kalacak.", reason="kelime eksikti")
    assert found(any_registry, "piyasalar sakin kalacak", "tr")[:2] == [(quote.id, 1, None), (quote.id, 2, None)]
    assert found(any_registry, "Istersen ben X'i satin alabilirim", "tr")[0] == (ALTMAN_POST, None, ALTMAN_POST_TR_DRIFTED)
    incremental = index_content(any_registry)
    assert incremental == rebuilt(any_registry)
    assert found(any_registry, "piyasalar sakin kalacak", "tr")[:2] == [(quote.id, 1, None), (quote.id, 2, None)]


def test_a_failed_import_leaves_the_index_as_it_was(registry, tmp_path):
    import_jsonl(registry, SEEDS)
    before = index_content(registry)
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "Yeni bir cümle burada", "lang": "tr", "speaker": "A"}\n{"text": "x"}\n')
    with pytest.raises(ImportFailed):
        import_jsonl(registry, path)
    assert index_content(registry) == before
    assert found(registry, "Yeni bir cümle burada", "tr") == []


def test_a_rolled_back_write_leaves_the_index_as_it_was(any_registry):
    import_jsonl(any_registry, SEEDS)
    before = index_content(any_registry)
    with pytest.raises(RuntimeError):
        with any_registry.store.write() as conn:
            index_targets(conn, [{"quote_id": ALTMAN_POST, "lang": "en", "text": "something new entirely", "version": 9}])
            raise RuntimeError("interrupted")
    assert index_content(any_registry) == before


def test_rebuild_in_worker_processes_gives_the_same_index(registry):
    from quotes.registry.index import rebuild

    import_jsonl(registry, SEEDS)
    before = index_content(registry)
    with registry.store.write() as conn:
        assert rebuild(conn, jobs=2, chunk_size=2) == 9  # 5 quotes, 4 renditions
    assert index_content(registry) == before


def test_index_survives_reopening(tmp_path):
    path = str(tmp_path / "q.db")
    registry = Registry(path)
    import_jsonl(registry, SEEDS)
    registry.close()
    assert found(Registry(path), "They don't actually have the money")[0] == (MUSK_NO_MONEY, 1, None)


def test_smoke_10k_registry_finds_drifted_quotes(tmp_path):
    """A small run of bench/scale.py's setting: 10k real and recombined sentences."""
    import sys

    from tests.helpers.paths import ROOT

    needs_data("tr_en_parallel.tsv")
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import scale
    finally:
        sys.path.remove(str(ROOT / "bench"))
    from quotes.registry.index import RegistryIndex as Index
    from quotes.checking.matching import Matcher
    from quotes.checking.verdicts import MATCHING_THRESHOLD

    groups = scale.real_sentences(scale.default_data())
    base = [s for g in groups for s in g]
    sentences = scale.recombined(base, 10_000, random.Random(1), set())
    registry, _, _ = scale.build(tmp_path / "smoke.db", sentences)
    matcher = Matcher(Index(registry.store))
    rng = random.Random(2)
    vocabulary = sorted({w for text, _ in base[:2000] for w in text.split() if w.isalpha()})
    hits = 0
    for n, i in enumerate(rng.sample(range(10_000), 50)):
        query = scale.drift(sentences[i][0], sentences[i][1], scale.DRIFTS[n % 4], rng, vocabulary)
        match = matcher.best(query, sentences[i][1])
        hits += match is not None and match.score >= MATCHING_THRESHOLD and match.target.quote_id == f"q-{i:07x}"
    assert hits >= 47
    registry.close()


# The index tables as schema version 2 made them (one row per posting), and a stale row in each.
VERSION_2_INDEX = [
    "CREATE TABLE targets (id INTEGER PRIMARY KEY, quote_id VARCHAR(64) NOT NULL REFERENCES quotes (id), "
    "version INTEGER, rendition_id VARCHAR(64) REFERENCES renditions (id), revision INTEGER, lang VARCHAR(64) NOT NULL)",
    "CREATE TABLE terms (id INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE, df INTEGER NOT NULL)",
    "CREATE TABLE postings (term_id INTEGER NOT NULL, target_id INTEGER NOT NULL, PRIMARY KEY (term_id, target_id))",
    f"INSERT INTO targets VALUES (1, '{MUSK_NO_MONEY}', 1, NULL, NULL, 'en')",
    "INSERT INTO terms VALUES (1, 'stale pair', 1)",
    "INSERT INTO postings VALUES (1, 1)",
]


@pytest.mark.parametrize("version", [1, 2])
def test_an_older_database_gets_the_current_index_on_opening(db_location, version):
    """Version 1 had no index, version 2 one row per posting: opening either builds today's from the texts."""
    registry = Registry(db_location)
    import_jsonl(registry, SEEDS)
    expected = index_content(registry)
    with registry.store.write() as conn:
        for table in ("terms", "targets"):
            conn.exec_driver_sql(f"DROP TABLE {table}")
        for statement in VERSION_2_INDEX if version == 2 else []:
            conn.exec_driver_sql(statement)
        conn.execute(t.meta.update().where(t.meta.c.key == "schema_version").values(value=str(version)))
    registry.close()
    reopened = Registry(db_location)
    assert index_content(reopened) == expected
    assert found(reopened, "They don't actually have the money")[0] == (MUSK_NO_MONEY, 1, None)
    with reopened.store.read() as conn:
        assert "postings" not in conn.dialect.get_table_names(conn)
    reopened.close()


def test_texts_tied_on_the_rarest_pairs_are_told_apart_by_the_commoner_ones(any_registry, monkeypatch):
    monkeypatch.setattr("quotes.registry.index.MAX_TERMS", 1)  # only "kirmizi elma" is added up whole
    any_registry.add_quote("kırmızı elma mavi erik", speaker="A", lang="tr")  # older: first among equals
    source = any_registry.add_quote("kırmızı elma yeşil armut", speaker="A", lang="tr")
    any_registry.add_quote("yeşil armut sarı muz", speaker="A", lang="tr")
    any_registry.add_quote("yeşil armut mor üzüm", speaker="A", lang="tr")
    # "kırmızı elma" ties the first two; "yeşil armut", commoner, is the source's alone.
    assert found(any_registry, "kırmızı elma ve yeşil armut", "tr")[0] == (source.id, 1, None)


def test_of_texts_sharing_the_same_pairs_the_one_of_the_passages_length_comes_first(any_registry):
    longer = any_registry.add_quote("the markets will stay calm this week and next", speaker="A", lang="en")
    exact = any_registry.add_quote("the markets will stay calm", speaker="A", lang="en")
    assert [q for q, _, _ in found(any_registry, "the markets will stay calm")] == [exact.id, longer.id]


def test_a_rebuild_tells_its_progress_chunk_by_chunk(seeded):
    told = []
    with seeded.store.write() as conn:
        count = rebuild(conn, chunk_size=4, progress=lambda done, total: told.append((done, total)))
    assert told == [(done, count) for done in (*range(4, count, 4), count)]
