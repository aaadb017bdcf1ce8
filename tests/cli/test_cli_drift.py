"""`check --record`, `sightings` and `drift` (cli/drift_commands.py): the seed story
checked from local pages — the seed article and a page printing the Turkish line's
back-translation — comes out as original → Turkish line → English back-translation.

The pages are served from a local http.server on 127.0.0.1 (tests/checking/test_pages.py's)."""

from __future__ import annotations

import json

from tests.checking.test_pages import entities, site  # noqa: F401 (site: a fixture)
from tests.helpers.seeds import ALTMAN_POST, ALTMAN_POST_TR_DRIFTED, ALTMAN_POST_TR_FAITHFUL, SEED_ARTICLE

TR_VARIANT = "v-d9bc28"  # the Turkish line's variant id: its language and comparison form, hashed
EN_VARIANT = "v-8adef5"  # the back-translation's


def news_page(title: str, site_name: str, published: str, paragraphs: list[str]) -> bytes:
    body = "\n".join(f"<p>{entities(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{entities(title)}</title>
<meta property="og:site_name" content="{entities(site_name)}">
<meta property="article:published_time" content="{published}T09:00:00Z">
</head><body><article><h1>{entities(title)}</h1>
{body}
</article></body></html>""".encode("utf-8")


def seed_story(seeded_run, site):
    """The seed article (11 February) and the back-translation (13 February), each checked with --record."""
    seed_url = site.page("/news/altman", news_page(
        "Tension Escalates", "Daily Wire Service", "2025-02-11",
        [p for p in SEED_ARTICLE.read_text(encoding="utf-8").split("\n\n") if p.strip()]))
    back_url = site.page("/tech/altman-x", news_page(
        "Altman mocks Musk", "Tech Echo", "2025-02-13",
        ["Sam Altman hit back at Elon Musk on Monday. “If you want, I can buy X,” Altman wrote after the bid.",
         "The remark spread quickly among investors, who debated whether it was a serious offer or a joke."]))
    for url in (seed_url, back_url):
        result = seeded_run("check", url, "--record")
        assert result.exit_code == 0, result.output
        assert result.stderr == "note: recorded 1 new sighting, 0 seen before\n"
    return seed_url, back_url


def test_the_seed_story_comes_out_as_original_turkish_line_back_translation(seeded_run, site):
    seed_url, back_url = seed_story(seeded_run, site)
    result = seeded_run("drift", "a17")
    assert result.exit_code == 0
    assert result.output == (
        f"{ALTMAN_POST}  Sam Altman  [en]  original  “no thank you but we will buy twitter for $9.74 billion if you want”\n"
        f"├─ {ALTMAN_POST_TR_DRIFTED}  [tr]  rendition, changes-requested  “Istersen ben X’i satın alabilirim”\n"
        f"│  └─ {TR_VARIANT}  [tr]  unreviewed-translation  “Istersen ben X’i satın alabilirim”\n"
        f"│       first seen 2025-02-11  Daily Wire Service  {seed_url}\n"
        "│       1 sighting, 1 outlet\n"
        f"│     └─ {EN_VARIANT}  [en]  unknown (traced)  “If you want, I can buy X”\n"
        f"│          first seen 2025-02-13  Tech Echo  {back_url}\n"
        "│          1 sighting, 1 outlet\n"
        f"└─ {ALTMAN_POST_TR_FAITHFUL}  [tr]  rendition, approved  “hayır teşekkürler ama istersen twitter'ı 9,74 milyar "
        "dolara biz satın alırız”\n"
        "2 variants in 2 sightings\n")


def test_checking_again_records_nothing_new(seeded_run, site):
    seed_url, _ = seed_story(seeded_run, site)
    result = seeded_run("check", seed_url, "--record")
    assert result.stderr == "note: recorded 0 new sightings, 1 seen before\n"
    assert len(json.loads(seeded_run("sightings", "--format", "json").stdout)) == 2


def test_drift_json_is_the_tree_with_its_fields(seeded_run, site):
    seed_url, back_url = seed_story(seeded_run, site)
    tree = json.loads(seeded_run("drift", ALTMAN_POST, "--format", "json").stdout)
    assert {k: tree[k] for k in ("kind", "id", "lang", "speaker", "said_on")} == {
        "kind": "original", "id": ALTMAN_POST, "lang": "en", "speaker": "Sam Altman", "said_on": "2025-02-10"}
    drifted, faithful = tree["children"]
    assert (drifted["kind"], drifted["id"], drifted["state"], faithful["id"]) == (
        "rendition", ALTMAN_POST_TR_DRIFTED, "changes-requested", ALTMAN_POST_TR_FAITHFUL)
    [turkish] = drifted["children"]
    [english] = turkish["children"]
    assert english == {
        "kind": "variant", "id": EN_VARIANT, "lang": "en", "text": "If you want, I can buy X", "verdict": "unknown",
        "severity": "info", "flags": [], "reason": "traced", "rendition_id": None,
        "first_seen": {"date": "2025-02-13", "outlet": "Tech Echo", "url": back_url},
        "last_seen": {"date": "2025-02-13", "outlet": "Tech Echo", "url": back_url},
        "sightings": 1, "outlets": 1, "derived_from": TR_VARIANT, "children": []}
    assert (turkish["derived_from"], turkish["verdict"], turkish["rendition_id"]) == (
        ALTMAN_POST_TR_DRIFTED, "unreviewed-translation", ALTMAN_POST_TR_DRIFTED)


def test_drift_dot_and_claimreview(seeded_run, site):
    seed_url, back_url = seed_story(seeded_run, site)
    dot = seeded_run("drift", ALTMAN_POST, "--format", "dot").stdout
    assert dot.startswith(f'digraph "{ALTMAN_POST}" {{\n') and dot.endswith("}\n")
    assert f'  "{ALTMAN_POST_TR_DRIFTED}" -> "{TR_VARIANT}";\n  "{TR_VARIANT}" -> "{EN_VARIANT}";\n' in dot
    graph = json.loads(seeded_run("drift", ALTMAN_POST, "--format", "claimreview", "--organization", "Desk").stdout)
    reviews = graph["@graph"]
    assert [(r["claimReviewed"], r["reviewRating"]["alternateName"]) for r in reviews] == [
        ("Istersen ben X’i satın alabilirim", "Translated, not verbatim"),
        ("If you want, I can buy X", "Misquoted")]
    assert reviews[1]["itemReviewed"]["appearance"] == [{
        "@type": "CreativeWork", "inLanguage": "en", "url": back_url, "headline": "Altman mocks Musk",
        "datePublished": "2025-02-13", "publisher": {"@type": "Organization", "name": "Tech Echo"}}]
    assert reviews[1]["reviewRating"]["ratingExplanation"] == (
        f"derived from {TR_VARIANT}; not the speaker's words: it shares its names and numbers with a wording of them")
    assert reviews[1]["author"] == {"@type": "Organization", "name": "Desk"}


def test_sightings_listing_newest_first_in_every_format(seeded_run, site):
    seed_url, back_url = seed_story(seeded_run, site)
    result = seeded_run("sightings")
    assert result.exit_code == 0
    assert result.output == (
        f"2025-02-13  {ALTMAN_POST}  unknown  [en]  “If you want, I can buy X”  Tech Echo  {back_url}\n"
        f"2025-02-11  {ALTMAN_POST}  unreviewed-translation  [tr]  “Istersen ben X’i satın alabilirim”  "
        f"Daily Wire Service  {seed_url}\n"
        "2 sightings\n")
    [record] = json.loads(seeded_run("sightings", "a17", "--outlet", "tech echo", "--format", "json").stdout)
    assert list(record) == ["id", "quote_id", "rendition_id", "verdict", "severity", "flags", "reason", "passage",
                            "lang", "url", "outlet", "title", "published", "seen_on", "first_checked",
                            "checked_at", "checked_by"]
    assert (record["url"], record["checked_by"], record["published"]) == (back_url, "tester", "2025-02-13")
    csv = seeded_run("sightings", "--verdict", "unreviewed-translation", "--since", "2025-02-01", "--format", "csv")
    assert csv.stdout.splitlines()[0].startswith("id,quote_id,rendition_id,verdict,")
    assert len(csv.stdout.splitlines()) == 2
    assert seeded_run("sightings", "--since", "2025-02-12", "--format", "jsonl").stdout.count("\n") == 1


def test_bad_input_is_one_line_and_exit_2(seeded_run):
    for args, message in [
        (("drift", "q-ffffff"), "Error: no quote with id q-ffffff\n"),
        (("sightings", "--verdict", "wrong"), "Error: --verdict: no such verdict 'wrong'; one of: verbatim, excerpt, "
                                              "altered, translation, altered-translation, unreviewed-translation, "
                                              "unknown\n"),
        (("sightings", "--since", "yesterday"), None),
    ]:
        result = seeded_run(*args)
        assert result.exit_code == 2, args
        assert len(result.output.splitlines()) == 1, result.output
        if message:
            assert result.output == message


def test_sightings_and_drift_need_a_registry(run, tmp_path):
    result = run("sightings", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 2 and "no such registry" in result.output
    assert not (tmp_path / "none.db").exists()
